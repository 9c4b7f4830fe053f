"""`noesis run --until` with an unknown stage is a usage error (exit 2), named before any work."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from noesis_trainer.cli import app
from noesis_trainer.pipeline.runner import STAGES

runner = CliRunner()


def test_unknown_until_stage(tmp_path: Path) -> None:
    cfg = tmp_path / "pipeline.yaml"
    cfg.write_text("name: x\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(cfg), "--until", "nowhere"])
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()) == (
        f"error: --until: unknown stage 'nowhere'; use one of: {', '.join(STAGES)}"
    )
    assert not (tmp_path / "runs").exists()
