"""The example judge plugin, registered directly and through a real entry point (no pip install)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

import noesis_judge_example  # noqa: E402

from noesis_trainer.plugins import ENTRY_POINT_GROUP, get_plugin_manager  # noqa: E402
from noesis_trainer.tribunal import JudgeItem, Status, Tribunal, Virtue  # noqa: E402
from noesis_trainer.tribunal.output_failures import FailureKind  # noqa: E402

# The built-in gate already rejects an answer in another language than the question's (issue 12);
# these tests switch that one check off to show what the plugin's judge adds on its own.
NO_LANGUAGE_GATE = [
    k for k in FailureKind if k not in (FailureKind.LANGUAGE, FailureKind.MISPLACED)
]

PROMPT = "O que é a entropia de Shannon e por que ela importa para a compressão?"
ANSWER_PT = (
    "A entropia de Shannon mede a incerteza média de uma fonte, em bits: H = -Σ p log2 p. Uma "
    "moeda justa tem 1 bit, porque os dois resultados são igualmente prováveis. Ela importa para "
    "a compressão porque é o limite: nenhum código sem perdas usa menos bits por símbolo."
)
ANSWER_EN = (
    "Shannon entropy measures the average uncertainty of a source in bits: H = -sum p log2 p. A "
    "fair coin has 1 bit, because both outcomes are equally likely. It matters for compression "
    "because it is the limit: no lossless code can use fewer bits per symbol (entropia)."
)


@pytest.fixture
def registered() -> Iterator[None]:
    pm = get_plugin_manager()
    pm.register(noesis_judge_example, name="judge_example_test")
    try:
        yield
    finally:
        pm.unregister(name="judge_example_test")


def test_judge_unit() -> None:
    judge = noesis_judge_example.LanguageMatchJudge(Virtue.DIKE)
    scores = judge.score_batch([JudgeItem(PROMPT, ANSWER_PT), JudgeItem(PROMPT, ANSWER_EN)])
    assert [s.score for s in scores] == [1.0, 0.0]
    assert scores[1].reason == "question in pt, answer in en"
    assert noesis_judge_example.language("ok") is None


def test_registered_judge_changes_the_verdict(registered: None) -> None:
    tribunal = Tribunal(gate_kinds=NO_LANGUAGE_GATE)
    names = [j.name for j in tribunal.judges]
    assert {"veritas", "sophia", "dike"} <= set(names)
    assert "example-language-match-dike" in names
    pt, en = tribunal.verdicts([(PROMPT, ANSWER_PT), (PROMPT, ANSWER_EN)])
    assert pt.status is Status.APPROVED
    assert en.status is Status.REJECTED  # every virtue halved: built-in ~1.0 averaged with 0.0
    assert en.judges["example-language-match-dike"].reason == "question in pt, answer in en"


def test_without_the_plugin_both_answers_pass() -> None:
    tribunal = Tribunal(gate_kinds=NO_LANGUAGE_GATE)
    assert not any(j.name.startswith("example-") for j in tribunal.judges)
    pt, en = tribunal.verdicts([(PROMPT, ANSWER_PT), (PROMPT, ANSWER_EN)])
    assert pt.status is Status.APPROVED
    assert en.status is Status.APPROVED
    # With the default gate, the English answer is rejected before any judge, with its reason.
    gated = Tribunal().verdicts([(PROMPT, ANSWER_EN)])[0]
    assert gated.status is Status.REJECTED
    assert gated.failures == {"language": "answers in English to a question in Portuguese"}


def test_entry_point_distribution(tmp_path: Path) -> None:
    """A real `importlib.metadata` distribution on sys.path, loaded the way pip installs it."""
    dist = tmp_path / "site" / "noesis_judge_example-0.1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: noesis-judge-example\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (dist / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\njudge_example = noesis_judge_example\n", encoding="utf-8"
    )
    pm = get_plugin_manager()
    sys.path.insert(0, str(tmp_path / "site"))
    try:
        assert pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP, name="judge_example") == 1
        assert pm.get_plugin("judge_example") is noesis_judge_example
        (_, en) = Tribunal().verdicts([(PROMPT, ANSWER_PT), (PROMPT, ANSWER_EN)])
        assert en.judges["example-language-match-veritas"].score == 0.0
    finally:
        sys.path.remove(str(tmp_path / "site"))
        if pm.get_plugin("judge_example") is not None:
            pm.unregister(name="judge_example")
    assert not any(j.name.startswith("example-") for j in Tribunal().judges)
