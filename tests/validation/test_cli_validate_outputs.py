"""`noesis validate` user mistakes: unwritable --out/--rejects/--report paths (one line, exit 2)
and a mistyped --disable rule id (a warning; the run goes on)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from noesis_trainer.cli import app
from tests.validation.helpers import record, write_jsonl

runner = CliRunner()


def test_rejects_is_a_folder(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "ok.jsonl", [record(1)])
    result = runner.invoke(app, ["validate", str(path), "--rejects", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()) == (
        f"error: --rejects {tmp_path}: is a folder, expected a file"
    )


def test_report_under_a_file(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "ok.jsonl", [record(1)])
    target = path / "r.md"
    result = runner.invoke(app, ["validate", str(path), "--report", str(target)])
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()) == (
        f"error: --report {target}: {path} is a file, not a folder"
    )


def test_unknown_disable_id_warns_and_still_runs(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "ok.jsonl", [record(1)])
    args = ["validate", str(path), "--disable", "prompt-too-shrt", "--disable", "prompt-too-short"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "warning: --disable 'prompt-too-shrt' matches no rule; known: " in flat
    assert "prompt-too-short, " in flat  # listed among the known ids
    assert "--disable 'prompt-too-short' matches" not in flat
    assert "1/1 rows without errors" in flat
