"""A pipeline config that is not UTF-8 (binary, UTF-16) is one clear line and exit 2 in every
command that reads it, not a UnicodeDecodeError traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from noesis_trainer.cli import app

runner = CliRunner()


@pytest.mark.parametrize("command", ["plan", "doctor", "run"])
def test_utf16_config(tmp_path: Path, command: str) -> None:
    cfg = tmp_path / "pipeline.yaml"
    cfg.write_text("name: x\n", encoding="utf-16")  # starts with the BOM bytes ff fe
    result = runner.invoke(app, [command, str(cfg)])
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()) == (
        f"error: {cfg}: not UTF-8 text (byte 0xff at offset 0); save it as UTF-8"
    )
