"""`noesis merge` and `noesis export-gguf` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from noesis_trainer.cli import app

runner = CliRunner()


def test_merge_with_a_broken_adapter_is_one_clear_line(tmp_path: Path) -> None:
    base, adapter = tmp_path / "base", tmp_path / "adapter"
    base.mkdir()
    adapter.mkdir()
    (adapter / "adapter_config.json").write_text('{"r": 8, "lora_alpha": 16, "use_dora": true}')
    (adapter / "adapter_model.safetensors").write_bytes(b"")
    args = ["merge", "--base", str(base), "--adapter", str(adapter), "--out", str(tmp_path / "o")]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    # rich wraps long lines at the terminal width; the message itself is one line
    assert result.stderr.replace("\n", "") == (
        f"error: {adapter / 'adapter_config.json'}: use_dora=true is not supported by the merge"
    )
    assert not (tmp_path / "o").exists()


def test_export_gguf_rejects_unknown_type(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export-gguf", str(tmp_path), "--out", "x.gguf", "--quant", "q9"])
    assert result.exit_code == 2
    assert "unknown GGUF type 'q9'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.integration
def test_merge_command_streaming(tiny_base: Path, tiny_adapter: Path, tmp_path: Path) -> None:
    out = tmp_path / "merged"
    args = ["merge", "--base", str(tiny_base), "--adapter", str(tiny_adapter), "--out", str(out)]
    result = runner.invoke(app, [*args, "--streaming", "--max-shard-size", "1MB"])
    assert result.exit_code == 0, result.output
    assert "merged 14 tensors (streaming)" in result.stdout
    index = json.loads((out / "model.safetensors.index.json").read_text())
    assert len(set(index["weight_map"].values())) > 1
    again = runner.invoke(app, [*args, "--streaming"])
    assert again.exit_code == 2 and "already exists" in again.stderr
