"""Report pieces: the loss curve after a resume, the length histogram, a report from artifacts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from noesis_trainer.pipeline.report import collect, length_histogram, loss_curve, write_report


def test_loss_curve_keeps_the_last_value_of_a_step_logged_twice(tmp_path: Path) -> None:
    metrics = tmp_path / "metrics.jsonl"
    events = [
        {"event": "train_begin", "global_step": 0},
        {"event": "log", "step": 1, "loss": 3.0},
        {"event": "log", "step": 2, "loss": 2.5},
        {"event": "log", "step": 3, "loss": 2.4},  # killed after this; resumed from step 2
        {"event": "train_begin", "global_step": 2},
        {"event": "log", "step": 3, "loss": 2.2},
        {"event": "log", "step": 3, "eval_loss": 2.9},
        {"event": "log", "step": 4, "loss": 2.0},
    ]
    text = "".join(json.dumps(e) + "\n" for e in events) + '{"event": "log", "st'  # cut line
    metrics.write_text(text)
    assert loss_curve(metrics) == [(1, 3.0), (2, 2.5), (3, 2.2), (4, 2.0)]
    assert loss_curve(tmp_path / "absent.jsonl") == []


def test_length_histogram_counts_every_row() -> None:
    hist = length_histogram([10, 20, 30, 40, 110], bins=5)
    assert hist["edges"] == [10.0, 30.0, 50.0, 70.0, 90.0, 110.0]
    assert hist["counts"] == [2.0, 2.0, 0.0, 0.0, 1.0]
    assert length_histogram([7, 7], bins=3)["counts"] == [2.0, 0.0, 0.0]
    assert length_histogram([]) == {"edges": [], "counts": []}


def test_report_from_artifacts(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    run = tmp_path / "run"
    (run / "data").mkdir(parents=True)
    seeds = Path(__file__).resolve().parents[2] / "examples" / "data" / "seeds.jsonl"
    (run / "data" / "clean.jsonl").write_text(seeds.read_text(encoding="utf-8"))
    (run / "training").mkdir()
    (run / "training" / "metrics.jsonl").write_text(
        "".join(json.dumps({"event": "log", "step": i, "loss": 5 - i / 10}) + "\n" for i in (1, 2))
    )
    epochs = [{"epoch": 0, "train_loss": 4.85, "eval_loss": 4.9, "tokens_per_second": 100.0}]
    (run / "training" / "epoch-0.json").write_text(json.dumps({"epochs": epochs}))
    (run / "tribunal").mkdir()
    (run / "tribunal" / "epoch-0.json").write_text(
        json.dumps({"avg_score": 0.42, "pass_rate": 0.25, "judge_means": {"veritas": 0.5}})
    )
    paths = write_report(run)
    data = collect(run)
    assert data["rows"] == 40 and sum(data["categories"].values()) == 40
    assert data["loss"] == [[1, 4.9], [2, 4.8]]
    assert data["tribunal"] == [
        {"epoch": 0, "avg_score": 0.42, "pass_rate": 0.25, "judge_means": {"veritas": 0.5}}
    ]
    markdown = (run / "report.md").read_text()
    assert "| 0 | 0.4200 | 0.2500 | 0.5000 |" in markdown
    assert "| 0 | 4.8500 | 4.9000 | 100.0 |" in markdown
    assert {p.name for p in paths} >= {"report.md", "report.html", "loss.png", "tribunal.png"}
    assert json.loads((run / "report_data.json").read_text())["loss"] == data["loss"]
