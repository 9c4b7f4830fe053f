"""Base model first, best-or-last epoch, early stop on the Tribunal total, report comparison."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from noesis_trainer.pipeline.config import PipelineConfig
from noesis_trainer.pipeline.report import _comparison_markdown, comparison, mean_stderr
from noesis_trainer.pipeline.runner import Pipeline
from noesis_trainer.pipeline.stages import _out_of_patience, select_epoch

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "data" / "seeds.jsonl"


@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=8))
def test_best_is_the_highest_total_and_last_is_the_last_epoch(totals: list[float]) -> None:
    by_epoch: dict[int, float | None] = dict(enumerate(totals))
    losses: dict[int, float | None] = {e: 1.0 for e in by_epoch}
    best = select_epoch(by_epoch, losses, "best")
    assert totals[best] == max(totals)
    assert best == totals.index(max(totals))  # ties: the earlier epoch (equal eval loss)
    assert select_epoch(by_epoch, losses, "last") == len(totals) - 1


def test_ties_go_to_the_lower_eval_loss_and_unjudged_epochs_are_not_best() -> None:
    assert select_epoch({0: 0.5, 1: 0.5}, {0: 2.0, 1: 1.5}, "best") == 1
    assert select_epoch({0: 0.4, 1: None}, {0: 2.0, 1: 1.0}, "best") == 0
    assert select_epoch({0: None, 1: None}, {0: 2.0, 1: 1.0}, "best") == 1


def _pipeline(tmp_path: Path, patience: int | None) -> Pipeline:
    config = PipelineConfig.from_dict(
        {
            "name": "sel",
            "seeds": [str(SEEDS)],
            "epochs": 5,
            "run_dir": str(tmp_path / "run"),
            "tribunal": {"patience": patience} if patience else {},
        }
    )
    return Pipeline(config, log=lambda line: None)


def _judged(p: Pipeline, label: str, totals: list[float]) -> None:
    verdicts = [{"total": t, "prompt": f"p{i}", "response": "r"} for i, t in enumerate(totals)]
    report = {"avg_score": sum(totals) / len(totals), "pass_rate": 0.5, "verdicts": verdicts}
    path = p.root / "tribunal" / f"{label}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report))


def test_patience_stops_after_epochs_without_a_better_total(tmp_path: Path) -> None:
    p = _pipeline(tmp_path, patience=2)
    _judged(p, "base", [0.5])
    _judged(p, "epoch-0", [0.6])
    assert not _out_of_patience(p, 1)
    _judged(p, "epoch-1", [0.55])  # one epoch without improvement: go on
    assert not _out_of_patience(p, 2)
    _judged(p, "epoch-2", [0.6])  # equal is not better: two in a row
    assert _out_of_patience(p, 3)
    assert not _out_of_patience(_pipeline(tmp_path, patience=None), 3)


def test_an_epoch_worse_than_base_counts_against_patience(tmp_path: Path) -> None:
    p = _pipeline(tmp_path, patience=1)
    _judged(p, "base", [0.8])
    _judged(p, "epoch-0", [0.3])
    assert _out_of_patience(p, 1)


def test_mean_stderr() -> None:
    assert mean_stderr([]) == (0.0, 0.0)
    assert mean_stderr([0.4]) == (0.4, 0.0)
    mean, stderr = mean_stderr([0.0, 1.0, 0.0, 1.0])
    assert mean == 0.5
    assert abs(stderr - (1 / 3) ** 0.5 / 2) < 1e-12  # sd 0.577 over sqrt(4)


def test_report_compares_base_and_epochs_and_names_the_deployed_one(tmp_path: Path) -> None:
    run = tmp_path / "run"
    (run / "training").mkdir(parents=True)
    (run / "tribunal").mkdir()
    base = {
        "avg_score": 0.3,
        "pass_rate": 0.0,
        "metadata": {"eval_loss": 3.0, "decoding": {"mode": "greedy", "seed": 0}},
        "verdicts": [
            {
                "prompt": "Q1",
                "response": "ans base",
                "total": 0.2,
                "status": "rejected",
                "judges": {"veritas": {"score": 0.2, "reason": "no hedges"}},
            },
            {"prompt": "Q2", "response": "b2", "total": 0.4, "status": "rejected", "judges": {}},
        ],
    }
    epoch = {
        "avg_score": 0.7,
        "pass_rate": 0.5,
        "verdicts": [
            {
                "prompt": "Q1",
                "response": "ans tuned",
                "total": 0.6,
                "status": "approved",
                "judges": {"veritas": {"score": 0.6, "reason": "weighs two views"}},
            },
            {"prompt": "Q2", "response": "t2", "total": 0.8, "status": "approved", "judges": {}},
        ],
    }
    (run / "tribunal" / "base.json").write_text(json.dumps(base))
    (run / "tribunal" / "epoch-0.json").write_text(json.dumps(epoch))
    (run / "training" / "epoch-0.json").write_text(
        json.dumps({"epochs": [{"epoch": 0, "eval_loss": 2.4}]})
    )
    (run / "tribunal" / "selection.json").write_text(
        json.dumps({"select": "best", "label": "epoch-0", "epoch": 0, "beats_base": True})
    )
    data = comparison(run)
    rows = {r["label"]: r for r in data["comparison"]}
    assert rows["base"]["total"] == 0.3 and rows["epoch-0"]["total"] == 0.7
    assert rows["epoch-0"]["delta_total"] == 0.4
    assert rows["epoch-0"]["eval_loss_change"] == -0.2
    assert rows["epoch-0"]["stderr"] == round(mean_stderr([0.6, 0.8])[1], 4)
    assert [a["label"] for a in data["samples"][0]["answers"]] == ["base", "epoch-0"]
    text = "\n".join(_comparison_markdown(data))
    assert "| epoch-0 | 2.4000 | -0.6000 (-20.0%) | 0.7000 ± 0.1000 | +0.4000 |" in text
    assert "| yes |" in text and "Deployed: epoch-0 (tribunal.select: best)" in text
    assert "ans base" in text and "ans tuned" in text and "weighs two views" in text
    assert "Evaluation decoding: mode=greedy, seed=0." in text
