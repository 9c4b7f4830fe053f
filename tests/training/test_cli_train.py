"""`noesis train`: one clear error line for bad input, the seed files' mapping on request."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from noesis_trainer.cli import app

runner = CliRunner()


def flat(text: str) -> str:
    """The console wraps long lines at 80 columns; compare words, not line breaks."""
    return " ".join(text.split())


def test_missing_config_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["train", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert f"error: {tmp_path / 'nope.yaml'}: no such file" in flat(result.output)


def test_unknown_key_is_one_line(tmp_path: Path) -> None:
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text("optim:\n  learning_rat: 1\n", encoding="utf-8")
    result = runner.invoke(app, ["train", str(cfg)])
    assert result.exit_code == 2
    assert (
        flat(result.output)
        == f"error: {cfg}: optim.learning_rat: Extra inputs are not permitted (got 1)"
    )
    assert "Traceback" not in result.output


def test_incompatible_flags(tmp_path: Path) -> None:
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text("engine: transformers\n", encoding="utf-8")
    result = runner.invoke(app, ["train", str(cfg), "--eval-only", "--epoch", "1"])
    assert result.exit_code == 2 and "cannot be combined" in result.output
    result = runner.invoke(app, ["train", str(cfg), "--engine", "jax"])
    assert result.exit_code == 2 and "'jax' is not one of" in result.output


@pytest.mark.external
def test_seed_files_show_their_mapping(shared_data: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "train",
            str(shared_data / "training_config.yaml"),
            "--lora-config",
            str(shared_data / "lora_config.yaml"),
            "--show-mapping",
            "--output-dir",
            str(tmp_path / "run"),
        ],
    )
    lines = result.output.splitlines()
    assert "ignored  training_config.yaml:37 dataset.padding (replaced by packing" in result.output
    assert any(line.startswith("mapped   lora_config.yaml:16 lora.r -> lora.r") for line in lines)
    # The seed's data paths are relative to its own project, absent here: one clear error.
    assert result.exit_code == 2
    assert lines[-1].startswith("error: data/training/exports/train.jsonl")
    assert "Traceback" not in result.output
