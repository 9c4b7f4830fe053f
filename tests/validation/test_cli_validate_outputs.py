"""`noesis validate` refuses unwritable --out/--rejects/--report paths with one line, exit 2."""

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
