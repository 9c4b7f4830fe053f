"""report.html: one styled table per section, stages in pipeline order, sample answers with the
judges' reasons, no raw JSON; rendered in headless Chromium where it is installed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from noesis_trainer.pipeline.report import write_report

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "data" / "seeds.jsonl"
STAGES = [
    "report", "merge", "tribunal-epoch-1", "train-epoch-1", "tribunal-epoch-0", "train-epoch-0",
    "split", "validate", "generate", "validate-seeds", "model", "deploy",
]  # fmt: skip


def _verdict(i: int, status: str) -> dict[str, object]:
    return {
        "index": i,
        "prompt": f"Pergunta {i} sobre a justiça | com barra?",
        "response": f"Resposta {i} " + "longa " * 80,
        "judges": {
            "veritas": {"virtue": "veritas", "score": 0.2, "reason": f"motivo veritas {i}"},
            "dike": {"virtue": "dike", "score": 0.9, "reason": f"motivo dike {i}"},
        },
        "total": 0.55,
        "status": status,
    }


@pytest.fixture
def run(tmp_path: Path) -> Path:
    pytest.importorskip("matplotlib")
    run = tmp_path / "quickstart"
    for folder in ("data", "training", "tribunal", "stages", "dataset"):
        (run / folder).mkdir(parents=True)
    shutil.copy(SEEDS, run / "data" / "clean.jsonl")
    for name in STAGES:
        (run / "stages" / f"{name}.json").write_text("{}")
    for epoch in (0, 1):
        metrics = {"epoch": epoch, "train_loss": 5 - epoch, "eval_loss": 5.5 - epoch}
        (run / "training" / f"epoch-{epoch}.json").write_text(json.dumps({"epochs": [metrics]}))
        verdicts = [_verdict(i, "APPROVED" if i else "REJECTED") for i in range(5)]
        (run / "tribunal" / f"epoch-{epoch}.json").write_text(
            json.dumps(
                {
                    "avg_score": 0.3 + epoch / 10,
                    "pass_rate": 0.5,
                    "judge_means": {"veritas": 0.2, "dike": 0.9},
                    "verdicts": verdicts,
                }
            )
        )
    (run / "deploy.json").write_text(
        json.dumps({"generation": {"new_tokens": 12, "stopped_at_eos": False, "text": "olá"}})
    )
    (run / "dataset" / "manifest.json").write_text(
        json.dumps({"counts": {"train": 34, "eval": 6}, "files": {"train.jsonl": {"rows": 34}}})
    )
    write_report(run)
    return run


def test_html_has_one_table_per_section_and_no_json(run: Path) -> None:
    page = (run / "report.html").read_text(encoding="utf-8")
    markdown = (run / "report.md").read_text(encoding="utf-8")
    sections = markdown.count("\n|---")  # one separator line per Markdown table
    assert page.count("<table>") == sections >= 6
    assert page.count("<thead>") == sections
    assert "<style>" in page and "border-collapse" in page
    assert "<pre>" not in page and '{"' not in page and "```" not in markdown


def test_stages_in_pipeline_order(run: Path) -> None:
    markdown = (run / "report.md").read_text(encoding="utf-8")
    line = next(x for x in markdown.splitlines() if x.startswith("Stages done:"))
    assert line == (
        "Stages done: model, validate-seeds, generate, validate, split, train-epoch-0, "
        "tribunal-epoch-0, train-epoch-1, tribunal-epoch-1, merge, deploy, report."
    )


def test_sample_answers_with_reasons_and_deploy_as_fields(run: Path) -> None:
    markdown = (run / "report.md").read_text(encoding="utf-8")
    assert "## Sample answers" in markdown
    rows = [x for x in markdown.splitlines() if x.startswith("| Pergunta")]
    assert len(rows) == 3  # no base model judged, no selection: the last epoch's answers
    assert (
        "| Pergunta 0 sobre a justiça / com barra? | epoch-1 |" in rows[0]
    )  # a pipe cannot split a cell
    assert (
        "REJECTED 0.55" in rows[0]
        and "veritas 0.20: motivo veritas 0; dike 0.90: motivo dike 0" in rows[0]
    )
    assert all(len(r) < 900 for r in rows)  # long answers are cut
    assert "| generation.new_tokens | 12 |" in markdown
    assert "| counts.train | 34 |" in markdown


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def test_renders_in_headless_chromium(run: Path, tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("Chromium not installed (apt-get install -y chromium; scripts/bootstrap.sh)")
    shot = tmp_path / "report.png"
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1200,2400",
        f"--screenshot={shot}",
        (run / "report.html").as_uri(),
    ]
    subprocess.run(command, capture_output=True, timeout=180, check=False, env=dict(os.environ))
    assert shot.is_file(), "Chromium wrote no screenshot"
    import matplotlib.image

    pixels = matplotlib.image.imread(shot)
    assert pixels.shape[0] == 2400 and pixels.shape[1] == 1200
    rgb = pixels[..., :3].reshape(-1, 3)
    assert (rgb.max(axis=1) < 0.5).mean() > 0.002  # text was drawn (dark pixels)
    header_blue = (abs(rgb - [0x0B / 255, 0x4F / 255, 0x8A / 255]).max(axis=1) < 0.05).mean()
    assert header_blue > 0  # the stylesheet was applied (section headings are blue)
    dom = subprocess.run(
        [*command[:-2], "--dump-dom", command[-1]],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    ).stdout
    assert len(re.findall(r"<table>", dom)) >= 6


def test_stages_listed_in_pipeline_order() -> None:
    from noesis_trainer.pipeline.report import _stage_order

    done = [
        "report", "tribunal-epoch-1", "train-epoch-10", "tribunal-base", "validate-seeds",
        "train-epoch-1", "merge", "train-epoch-2", "tribunal-epoch-0", "train-epoch-0",
    ]  # fmt: skip
    assert sorted(done, key=_stage_order) == [
        "validate-seeds", "tribunal-base", "train-epoch-0", "tribunal-epoch-0", "train-epoch-1",
        "tribunal-epoch-1", "train-epoch-2", "train-epoch-10", "merge", "report",
    ]  # fmt: skip
