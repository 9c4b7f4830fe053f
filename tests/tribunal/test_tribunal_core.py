"""Tribunal mechanics: plugin judges, weights, thresholds, verdicts and reports."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from pydantic import ValidationError
from rich.console import Console

from noesis_trainer.plugins.manager import get_plugin_manager
from noesis_trainer.tribunal import (
    JudgeItem,
    JudgeScore,
    Status,
    Tribunal,
    TribunalConfig,
    TribunalReport,
    Virtue,
)


class FixedJudge:
    """A real judge that gives every item the same score (to test the arithmetic exactly)."""

    def __init__(self, name: str, virtue: str, score: float) -> None:
        self.name = name
        self.virtue = virtue
        self.value = score

    def score_batch(self, items: Sequence[JudgeItem]) -> list[JudgeScore]:
        return [JudgeScore(self.value, f"fixed {self.value}") for _ in items]


def fixed(v: float, s: float, d: float) -> list[FixedJudge]:
    return [FixedJudge("v", "veritas", v), FixedJudge("s", "sophia", s), FixedJudge("d", "dike", d)]


def test_builtin_judges_come_from_the_plugin_hook() -> None:
    tribunal = Tribunal()
    assert [j.name for j in tribunal.judges] == ["veritas", "sophia", "dike"]
    assert get_plugin_manager().has_plugin("noesis_trainer.tribunal.builtin_judges")


def test_weighted_total_with_the_seed_defaults() -> None:
    tribunal = Tribunal(fixed(1.0, 0.5, 0.0), use_plugins=False, gate=False)
    (verdict,) = tribunal.verdicts([("a prompt", "a response")])
    assert verdict.total == pytest.approx(0.4 * 1.0 + 0.3 * 0.5 + 0.3 * 0.0)
    assert verdict.status is Status.CONDITIONAL
    assert verdict.virtues == {Virtue.VERITAS: 1.0, Virtue.SOPHIA: 0.5, Virtue.DIKE: 0.0}


@pytest.mark.parametrize(
    ("score", "status"),
    [
        (0.71, Status.APPROVED),
        (0.7, Status.CONDITIONAL),
        (0.5, Status.CONDITIONAL),
        (0.49, Status.REJECTED),
    ],
)
def test_threshold_boundaries(score: float, status: Status) -> None:
    tribunal = Tribunal(fixed(score, score, score), use_plugins=False, gate=False)
    assert tribunal.verdicts([("p", "r")])[0].status is status


def test_weights_and_thresholds_are_configurable() -> None:
    tribunal = Tribunal(
        fixed(1.0, 0.0, 0.0),
        use_plugins=False,
        gate=False,
        weights={"veritas": 1.0, "sophia": 0.0, "dike": 0.0},
        approve_above=0.9,
        reject_below=0.2,
    )
    assert tribunal.verdicts([("p", "r")])[0].total == 1.0
    assert tribunal.config.approve_above == 0.9
    with pytest.raises(ValidationError, match="reject_below"):
        TribunalConfig(approve_above=0.4, reject_below=0.6)
    with pytest.raises(ValidationError, match=">= 0"):
        TribunalConfig(weights={Virtue.VERITAS: -1.0})


def test_several_judges_of_one_virtue_are_averaged_and_weights_renormalised() -> None:
    judges = [FixedJudge("v1", "veritas", 1.0), FixedJudge("v2", "veritas", 0.5)]
    tribunal = Tribunal(judges, use_plugins=False, gate=False)
    (verdict,) = tribunal.verdicts([("p", "r")])
    assert verdict.virtues == {Virtue.VERITAS: 0.75}
    assert verdict.total == 0.75  # only Veritas present: its weight renormalises to 1


def test_user_judges_join_the_builtin_ones() -> None:
    tribunal = Tribunal([FixedJudge("strict", "dike", 0.0)])
    assert [j.name for j in tribunal.judges] == ["veritas", "sophia", "dike", "strict"]
    (verdict,) = tribunal.verdicts([("What is 2 + 2?", "4")])
    assert verdict.judges["strict"].score == 0.0


def test_bad_judges_give_clear_errors() -> None:
    with pytest.raises(ValueError, match="unique"):
        Tribunal(
            [FixedJudge("x", "dike", 1.0), FixedJudge("x", "sophia", 1.0)],
            use_plugins=False,
            gate=False,
        )
    with pytest.raises(ValueError, match="unknown virtue 'courage'"):
        Tribunal([FixedJudge("x", "courage", 1.0)], use_plugins=False, gate=False)
    with pytest.raises(TypeError, match="not a Judge"):
        Tribunal([object()], use_plugins=False, gate=False)  # type: ignore[list-item]
    with pytest.raises(ValueError, match="at least one judge"):
        Tribunal(use_plugins=False, builtin_judges=False, gate=False)

    class Short(FixedJudge):
        def score_batch(self, items: Sequence[JudgeItem]) -> list[JudgeScore]:
            return []

    with pytest.raises(ValueError, match="returned 0 scores for 1 items"):
        Tribunal([Short("short", "dike", 1.0)], use_plugins=False, gate=False).verdicts(
            [("p", "r")]
        )


def test_items_accept_tuples_and_records() -> None:
    tribunal = Tribunal(fixed(1, 1, 1), use_plugins=False, gate=False)
    verdicts = tribunal.verdicts(
        [("p", "r"), {"prompt": "p2", "response_revised": "r2"}, JudgeItem("p3", "r3")]
    )
    assert [v.prompt for v in verdicts] == ["p", "p2", "p3"]
    with pytest.raises(ValueError, match="item 0: needs text fields"):
        tribunal.verdicts([{"prompt": "p"}])


def report_of_three() -> TribunalReport:
    judges = [FixedJudge("v", "veritas", 0.9)]
    tribunal = Tribunal(judges, use_plugins=False, gate=False)
    verdicts = tribunal.verdicts([("p1", "r1"), ("p2", "r2"), ("p3", "r3")])
    low = verdicts[1].model_copy(update={"total": 0.2, "status": Status.REJECTED})
    return TribunalReport.from_verdicts(
        [verdicts[0], low, verdicts[2]], tribunal.config, {"epoch": 1}
    )


def test_report_summary_json_markdown_html_console(tmp_path: Path) -> None:
    report = report_of_three()
    assert report.avg_score == pytest.approx((0.9 + 0.2 + 0.9) / 3, abs=1e-4)
    assert report.pass_rate == pytest.approx(2 / 3, abs=1e-4)
    assert report.distribution == {Status.APPROVED: 2, Status.CONDITIONAL: 0, Status.REJECTED: 1}
    assert report.worst(1)[0].prompt == "p2"

    text = report.to_json(tmp_path / "r.json")
    loaded = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert loaded == json.loads(text)
    assert loaded["summary"]["pass_rate"] == report.pass_rate
    assert loaded["summary"]["distribution"] == {"APPROVED": 2, "CONDITIONAL": 0, "REJECTED": 1}
    assert loaded["metadata"] == {"epoch": 1}
    assert len(loaded["verdicts"]) == 3

    md = report.to_markdown()
    assert "- pass_rate: 66.7%" in md
    assert "#1 **REJECTED** 0.200 - p2" in md

    html = report._repr_html_()
    assert "<table>" in html and "REJECTED" in html

    console = Console(record=True, width=120)
    report.print(console)
    out = console.export_text()
    assert "avg_score" in out and "0.667" in out


def test_report_escapes_html() -> None:
    tribunal = Tribunal(fixed(0.1, 0.1, 0.1), use_plugins=False, gate=False)
    report = tribunal.judge([("<script>alert(1)</script>", "r")])
    assert "<script>" not in report._repr_html_()


def test_a_judge_max_batch_bounds_each_score_batch_call() -> None:
    class Counting:
        name = "counting"
        virtue = "veritas"
        max_batch = 3

        def __init__(self) -> None:
            self.sizes: list[int] = []

        def score_batch(self, items: list[JudgeItem]) -> list[JudgeScore]:
            self.sizes.append(len(items))
            return [JudgeScore(1.0, "ok") for _ in items]

    judge = Counting()
    Tribunal([judge], use_plugins=False, gate=False).verdicts(
        [("p", f"answer {i}") for i in range(7)]
    )
    assert judge.sizes == [3, 3, 1]
