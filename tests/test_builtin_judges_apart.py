"""Built-in judges are registered apart from third-party plugins: `use_plugins=False` drops only
the installed plugins' judges, never Veritas, Sophia and Dikē."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from noesis_trainer.plugins.manager import collect
from noesis_trainer.tribunal import Tribunal
from noesis_trainer.tribunal.judge import JudgeItem, JudgeScore
from tests.plugin_dist import install_plugin

BUILTIN = ["dike", "sophia", "veritas"]


class OwnJudge:
    name = "own"
    virtue = "sophia"

    def score_batch(self, items: list[JudgeItem]) -> list[JudgeScore]:
        return [JudgeScore(0.5, "own") for _ in items]


@pytest.fixture
def third_party_judge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A real distribution on sys.path whose entry-point plugin registers one judge."""
    yield from install_plugin(
        tmp_path / "site",
        monkeypatch,
        module="noesis_extra_judge",
        distribution="noesis-extra-judge",
        version="1.0",
        entry="extra",
        source="""
            from noesis_trainer.plugins import hookimpl
            from noesis_trainer.tribunal.judge import JudgeScore

            class ExtraJudge:
                name = "extra"
                virtue = "dike"

                def score_batch(self, items):
                    return [JudgeScore(1.0, "extra") for _ in items]

            @hookimpl
            def register_judges(register):
                register(ExtraJudge())
            """,
    )


def _names(tribunal: Tribunal) -> list[str]:
    return sorted(j.name for j in tribunal.judges)


def test_without_plugins_the_builtin_judges_stay(third_party_judge: str) -> None:
    assert _names(Tribunal()) == sorted([*BUILTIN, third_party_judge])
    assert _names(Tribunal(use_plugins=False)) == BUILTIN
    item = JudgeItem(
        "O que é a virtude segundo Aristóteles?",
        "Para Aristóteles, a virtude é uma disposição adquirida pelo hábito, o meio-termo entre "
        "o excesso e a falta, escolhido pela razão prática.",
    )
    verdict = Tribunal(use_plugins=False, gate=False).verdicts([item])[0]
    assert sorted(verdict.judges) == BUILTIN
    assert 0.0 <= verdict.total <= 1.0 and set(verdict.virtues) == set(BUILTIN)
    assert _names(Tribunal([OwnJudge()])) == sorted([*BUILTIN, third_party_judge, "own"])


def test_own_judges_with_plugins_off_judge_alone(third_party_judge: str) -> None:
    assert _names(Tribunal([OwnJudge()], use_plugins=False)) == ["own"]
    assert _names(Tribunal([OwnJudge()], use_plugins=False, builtin_judges=True)) == sorted(
        [*BUILTIN, "own"]
    )
    assert _names(Tribunal([OwnJudge()], builtin_judges=False)) == sorted(
        ["own", third_party_judge]
    )
    with pytest.raises(ValueError, match="at least one judge"):
        Tribunal(use_plugins=False, builtin_judges=False)


def test_collect_keeps_builtin_and_third_party_apart(third_party_judge: str) -> None:
    def names(**kw: bool) -> list[str]:
        return sorted(j.name for j in collect("register_judges", **kw))

    assert names() == sorted([*BUILTIN, third_party_judge])
    assert names(third_party=False) == BUILTIN
    assert names(builtin=False) == [third_party_judge]
    assert names(builtin=False, third_party=False) == []
