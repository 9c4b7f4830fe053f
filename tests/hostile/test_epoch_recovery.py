"""Issue 14 item 5: a corrupted epoch-end checkpoint is recovered by the pipeline itself.

Epoch 0 finished, epoch 1 was killed before its first save, and epoch 0's end checkpoint then
had a byte flipped (same size: only the hash sees it). `noesis run` used to exit 1 on every try
with advice to run `noesis train --epoch 0`; now it sets the checkpoint aside, trains epoch 0
again from the newest valid checkpoint, then epoch 1. Trains the tiny model (about a minute).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from noesis_trainer.pipeline.config import PipelineConfig
from noesis_trainer.pipeline.runner import Pipeline
from noesis_trainer.training.checkpoints import MANIFEST_NAME, list_checkpoints, read_checkpoint
from tests.hostile.conftest import SEEDS

pytest.importorskip("transformers")

CONFIG = {
    "name": "recover",
    "seeds": ["seeds.jsonl"],
    "model": "tiny",
    "epochs": 2,
    "variations": {"count": 0},
    "split": {"eval_fraction": 0.25, "seed": 3},
    "training": {
        "engine": "transformers",
        "model": {"max_seq_length": 1024, "load_in_4bit": False, "gradient_checkpointing": False},
        "lora": {"r": 4, "alpha": 8},
        "optim": {"per_device_train_batch_size": 4, "gradient_accumulation_steps": 1},
        "checkpoint": {"save_steps": 1},
        "logging": {"logging_steps": 1, "progress_bar": False},
    },
    "tribunal": {"each_epoch": False},
    "merge": {"enabled": False},
}


def test_corrupted_epoch_end_checkpoint_is_retrained(tmp_path: Path) -> None:
    lines = SEEDS.read_text(encoding="utf-8").splitlines()[:8]
    (tmp_path / "seeds.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cfg = PipelineConfig.from_dict(CONFIG, base_dir=tmp_path)
    Pipeline(cfg, log=lambda line: None).run(until="train")
    training = cfg.run_path / "training"
    infos = [read_checkpoint(p) for p in list_checkpoints(training)]
    end0 = next(i for i in infos if i.epoch_end == 0)
    for info in infos:  # epoch 1 killed before its first save
        if (info.epoch or 0) > (end0.epoch or 0):
            shutil.rmtree(info.path)
    (cfg.run_path / "stages" / "train-epoch-1.json").unlink()
    (training / "epoch-1.json").unlink()
    weights = end0.path / "adapter_model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 0xFF  # same size, different bytes
    weights.write_bytes(bytes(data))
    assert read_checkpoint(end0.path).problems == [
        "adapter_model.safetensors: sha256 differs from the manifest"
    ]

    log: list[str] = []
    Pipeline(cfg, log=log.append).run(until="train")
    assert any("epoch 0 ended on no valid checkpoint: set aside" in line for line in log), log
    assert (training / f"corrupted-{end0.path.name}").is_dir()
    final = json.loads((training / "epoch-1.json").read_text(encoding="utf-8"))
    assert final["completed"] is True
    newest = read_checkpoint(list_checkpoints(training)[0])
    assert newest.valid and newest.epoch_end == 1
    assert (newest.path / MANIFEST_NAME).is_file()
