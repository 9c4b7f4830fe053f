"""`noesis train` flag mistakes: negative --epoch, missing --checkpoint folder (exit 2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from noesis_trainer.cli import app

runner = CliRunner()


def _config(tmp_path: Path) -> Path:
    cfg = tmp_path / "train.yaml"
    cfg.write_text("{}\n", encoding="utf-8")
    return cfg


def test_negative_epoch(tmp_path: Path) -> None:
    result = runner.invoke(app, ["train", str(_config(tmp_path)), "--epoch", "-1"])
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()) == "error: --epoch must be 0 or more (0-based), got -1"


def test_missing_checkpoint_folder(tmp_path: Path) -> None:
    missing = tmp_path / "checkpoint-9"
    args = ["train", str(_config(tmp_path)), "--eval-only", "--checkpoint", str(missing)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()) == f"error: --checkpoint {missing}: no such folder"


def test_config_not_utf8(tmp_path: Path) -> None:
    cfg = tmp_path / "train.yaml"
    cfg.write_bytes(b"lora:\n  r: 8\n# \xe9t\xe9\n")  # Latin-1 accents
    result = runner.invoke(app, ["train", str(cfg)])
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()) == (
        f"error: {cfg}: not UTF-8 text (byte 0xe9 at offset 15); save it as UTF-8"
    )


def test_lora_config_not_utf8(tmp_path: Path) -> None:
    lora = tmp_path / "lora_config.yaml"
    lora.write_bytes(b"\x9f\x00binary")
    result = runner.invoke(app, ["train", str(_config(tmp_path)), "--lora-config", str(lora)])
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()) == (
        f"error: {lora}: not UTF-8 text (byte 0x9f at offset 0); save it as UTF-8"
    )


def test_missing_local_base_model(tmp_path: Path) -> None:
    cfg = tmp_path / "train.yaml"
    missing = tmp_path / "no-model"
    cfg.write_text(f"model:\n  base_model: {missing}\n", encoding="utf-8")
    result = runner.invoke(app, ["train", str(cfg)])
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()) == (
        f"error: {cfg}: model.base_model {missing}: no such folder (a local path, not a Hub id)"
    )


def test_output_dir_is_a_file(tmp_path: Path) -> None:
    plain = tmp_path / "runs"
    plain.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["train", str(_config(tmp_path)), "--output-dir", str(plain)])
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()) == (
        f"error: --output-dir {plain}: is a file, expected a folder"
    )


def train_on(tmp_path: Path, data: Path) -> Any:
    """`noesis train` with a config whose train file is `data` (the model folder is empty)."""
    model = tmp_path / "model"
    model.mkdir()
    cfg = tmp_path / "train.yaml"
    cfg.write_text(
        f"engine: transformers\nmodel:\n  base_model: {model}\n  load_in_4bit: false\n"
        f"data:\n  train_file: {data}\n",
        encoding="utf-8",
    )
    return runner.invoke(app, ["train", str(cfg), "--output-dir", str(tmp_path / "out")])


def test_train_file_with_no_valid_row_names_the_first_problem(tmp_path: Path) -> None:
    data = tmp_path / "train.jsonl"
    data.write_text("not json\n[1]\n", encoding="utf-8")
    result = train_on(tmp_path, data)
    assert result.exit_code == 2, result.output
    flat = " ".join(result.output.split())
    assert flat.startswith(
        f"error: train file {data} has problems (no valid row): {data}:1: invalid JSON at column 1"
    ), flat
    assert "(and 1 more)" in flat and f"noesis validate {data}" in flat


def test_train_file_with_some_bad_rows_is_refused_not_shortened(tmp_path: Path) -> None:
    import json

    from noesis_trainer.testing import synthetic_records

    good = [json.dumps(r) for r in synthetic_records(3)]
    data = tmp_path / "train.jsonl"
    data.write_text("\n".join([good[0], "{broken", good[1], good[2]]) + "\n", encoding="utf-8")
    result = train_on(tmp_path, data)
    assert result.exit_code == 2, result.output
    flat = " ".join(result.output.split())
    assert f"train file {data} has problems (3 valid row(s)): {data}:2: invalid JSON" in flat
    assert "--out clean.jsonl" in flat
