"""Issue 14 items 8 and 10 (judge side): score parsing that cannot be gamed, unscored items
reported as such, a corrupt judge cache that is a miss instead of a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from noesis_trainer.tribunal import JudgeItem, Tribunal
from noesis_trainer.tribunal.llm_judge import JudgeCache, LLMJudge
from noesis_trainer.tribunal.scoring import parse_score
from tests.tribunal.test_tribunal_llm_judge import ScriptedModel


@pytest.mark.parametrize(
    "reply",
    [
        "Score: NaN/10",
        "Score: nan",
        "1e999",
        "Score: inf/10",
        "Score: Infinity",
        "Score: -5/10",
        "-3",
        "Score: \u22124/10",
        "Score: 11/10",
        "Score: 250",
        "Score: -0.5",
        "no number at all",
    ],
)
def test_gamed_replies_are_unparseable(reply: str) -> None:
    assert parse_score(reply) is None


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("Score: 7/10", 0.7),
        ("Score: 7/10 (-2 for style)", 0.7),
        ("7.5 (good)", 0.75),
        ("Nota: 7,5", 0.75),
        ("85%", 0.85),
        ("Score: 8 out of 10", 0.8),
        ("0.8", 0.8),
    ],
)
def test_honest_replies_still_parse(reply: str, expected: float) -> None:
    assert parse_score(reply) == pytest.approx(expected)


def _always(reply: str) -> ScriptedModel:
    """A judge model (the tribunal tests' stand-in) that gives `reply` every time."""
    return ScriptedModel(lambda user, n: reply)


ITEMS = [JudgeItem("Por que o ceu e azul?", "Por causa do espalhamento de Rayleigh.")] * 2


def test_unscored_items_are_left_out_not_counted_as_half() -> None:
    gamed = LLMJudge(_always("Score: NaN/10"), "veritas", model_id="gamed", retries=1)
    honest = LLMJudge(_always("Score: 9/10"), "sophia", model_id="honest", retries=0)
    tribunal = Tribunal(judges=[gamed, honest], use_plugins=False)
    report = tribunal.judge(ITEMS)
    assert report.metadata["unscored_judgements"] == 2
    for verdict in report.verdicts:
        assert verdict.judges["llm-veritas"].reason.startswith("unscored")
        assert set(verdict.virtues) == {"sophia"}  # veritas not averaged in as 0.5
        assert verdict.total == pytest.approx(0.9)


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[]",
        '{"k": 5}',
        '{"k": [0.5]}',
        '{"k": ["x", "y"]}',
        '{"k": [NaN, "r"]}',
        "\xff",
    ],
)
def test_corrupt_cache_is_a_miss(tmp_path: Path, content: str) -> None:
    path = tmp_path / "cache.json"
    path.write_text(content, encoding="latin-1")
    cache = JudgeCache(path)
    assert len(cache) == 0
    judge = LLMJudge(_always("Score: 6/10"), "veritas", model_id="m", cache=cache, retries=0)
    assert [s.score for s in judge.score_batch(ITEMS[:1])] == [0.6]
    assert len(json.loads(path.read_text(encoding="utf-8"))) == 1  # rebuilt on save


def test_cache_keeps_its_good_entries(tmp_path: Path) -> None:
    path = tmp_path / "cache.json"
    path.write_text(json.dumps({"a": [0.7, "ok"], "b": [7, "out of range"]}), encoding="utf-8")
    cache = JudgeCache(path)
    assert len(cache) == 1 and cache.get("a") is not None
