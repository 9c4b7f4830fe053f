"""`noesis judge` refuses unwritable report paths before judging: one line, exit 2."""

from __future__ import annotations

from pathlib import Path

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
