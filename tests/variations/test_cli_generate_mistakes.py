"""`noesis generate` flag mistakes are one line and exit 2 before any model is loaded."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from noesis_trainer.cli import app

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "data" / "seeds.jsonl"
runner = CliRunner()


def _error(args: list[str]) -> str:
    result = runner.invoke(app, ["generate", str(SEEDS), *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


def test_model_folder_without_config(tmp_path: Path) -> None:
    out = tmp_path / "g.jsonl"
    msg = _error(["-o", str(out), "-n", "2", "--model", str(tmp_path)])
    assert msg == (
        f"error: --model {tmp_path}: not a model folder (no config.json or adapter_config.json)"
    )
    assert not out.exists()


def test_negative_max_new_tokens(tmp_path: Path) -> None:
    args = ["-o", str(tmp_path / "g.jsonl"), "-n", "2", "--max-new-tokens", "-1"]
    assert _error(args) == "error: --max-new-tokens must be at least 1, got -1"


def test_output_is_a_folder(tmp_path: Path) -> None:
    msg = _error(["-o", str(tmp_path), "-n", "2"])
    assert msg == f"error: --out {tmp_path}: is a folder, expected a file"
