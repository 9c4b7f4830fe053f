"""Built-in judges are registered apart from third-party plugins: `use_plugins=False` drops only
the installed plugins' judges, never Veritas, Sophia and Dikē."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from noesis_trainer.plugins import ENTRY_POINT_GROUP, get_plugin_manager
from noesis_trainer.plugins.manager import collect
from noesis_trainer.tribunal import Tribunal
from noesis_trainer.tribunal.judge import JudgeItem, JudgeScore

BUILTIN = ["dike", "sophia", "veritas"]


class OwnJudge:
    name = "own"
    virtue = "sophia"

    def score_batch(self, items: list[JudgeItem]) -> list[JudgeScore]:
        return [JudgeScore(0.5, "own") for _ in items]


@pytest.fixture
def third_party_judge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A real distribution on sys.path whose entry-point plugin registers one judge."""
    site = tmp_path / "site"
    (site / "noesis_extra_judge").mkdir(parents=True)
    (site / "noesis_extra_judge" / "__init__.py").write_text(
        textwrap.dedent(
            """
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
            """
        ),
        encoding="utf-8",
    )
    dist = site / "noesis_extra_judge-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: noesis-extra-judge\nVersion: 1.0\n", encoding="utf-8"
    )
    (dist / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\nextra = noesis_extra_judge\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(site))
    get_plugin_manager.cache_clear()
    yield "extra"
    get_plugin_manager.cache_clear()
    sys.modules.pop("noesis_extra_judge", None)


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
