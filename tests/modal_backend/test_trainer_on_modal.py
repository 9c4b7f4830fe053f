"""`Trainer(config, backend=ModalBackend(...))`: train, evaluate and merge through the Modal app's
real functions, run with `.local()` on a folder standing for the volume, with the tiny model;
and the smoke body, on this CPU."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from noesis_trainer.pipeline.doctor import smoke_problems
from noesis_trainer.pipeline.jobs import SMOKE_STEPS, SmokeResult
from noesis_trainer.testing import build_tiny_llama, write_synthetic_jsonl
from noesis_trainer.training import Trainer, TrainingConfig
from noesis_trainer.training.backends.base import TrainingBackend
from noesis_trainer.training.backends.local import LocalBackend
from noesis_trainer.training.backends.modal import ModalBackend, ModalOnlyArgumentError

pytest.importorskip("modal")
pytest.importorskip("transformers")


def test_both_backends_are_training_backends() -> None:
    assert isinstance(LocalBackend(), TrainingBackend)
    assert isinstance(ModalBackend(), TrainingBackend)


def _config(tmp_path: Path) -> TrainingConfig:
    model = build_tiny_llama(tmp_path / "base")
    train = write_synthetic_jsonl(tmp_path / "data" / "train.jsonl", 4, seed=1)
    evals = write_synthetic_jsonl(tmp_path / "data" / "eval.jsonl", 2, seed=2)
    return TrainingConfig.from_dict(
        {
            "engine": "transformers",
            "model": {
                "base_model": str(model),
                "max_seq_length": 1024,
                "load_in_4bit": False,
                "gradient_checkpointing": False,
            },
            "lora": {"r": 4, "alpha": 8},
            "optim": {
                "num_epochs": 2,
                "per_device_train_batch_size": 2,
                "gradient_accumulation_steps": 1,
            },
            "data": {"train_file": str(train), "eval_file": str(evals)},
            "checkpoint": {"output_dir": str(tmp_path / "out" / "demo")},
            "logging": {"logging_steps": 1, "progress_bar": False},
        }
    )


@pytest.mark.integration
def test_trainer_trains_evaluates_and_merges_through_modal_functions(tmp_path: Path) -> None:
    config = _config(tmp_path)
    volume = tmp_path / "vol"
    lines: list[str] = []
    trainer = Trainer(config, backend=ModalBackend(volume_folder=volume), log=lines.append)

    first = trainer.train(epoch=0)
    assert [e.epoch for e in first.epochs] == [0] and not first.completed
    remote_run = volume / "runs" / "demo"
    assert (remote_run / "dataset" / "train.jsonl").read_bytes() == (
        config.data.train_file.read_bytes()  # type: ignore[union-attr]
    )
    assert (remote_run / "model" / "config.json").is_file()  # the local base model went along
    assert lines == ["[modal] train on L40S: runs/demo"]

    result = trainer.train(epoch=1)
    assert result.completed and [e.epoch for e in result.epochs] == [0, 1]
    assert all(e.train_loss is not None for e in result.epochs)
    out = config.checkpoint.output_dir
    # results came back beside the config's output folder; checkpoints stayed on the volume
    assert (out / "adapter" / "adapter_config.json").is_file()
    assert (out / "adapter" / "adapter_model.safetensors").read_bytes() == (
        remote_run / "training" / "adapter" / "adapter_model.safetensors"
    ).read_bytes()
    assert list((remote_run / "training").glob("checkpoint-*"))
    assert not list(out.glob("checkpoint-*"))

    evaluated = trainer.evaluate()
    assert evaluated.eval_loss is not None and evaluated.eval_loss > 0
    assert evaluated.eval_loss == pytest.approx(result.epochs[-1].eval_loss, rel=1e-3)

    elsewhere = tmp_path / "other-adapter"
    shutil.copytree(out / "adapter", elsewhere)
    with pytest.raises(ModalOnlyArgumentError, match="merges the run's own final adapter"):
        trainer.merge(tmp_path / "m2", adapter=elsewhere)
    merged = trainer.merge(tmp_path / "merged")
    assert merged.out_dir == tmp_path / "merged" and merged.merged_tensors > 0
    assert json.loads((tmp_path / "merged" / "config.json").read_text())["model_type"] == "llama"
    assert (tmp_path / "merged" / merged.shards[0]).is_file()


def test_python_objects_cannot_cross_to_the_container(tmp_path: Path) -> None:
    config = TrainingConfig()
    backend = ModalBackend(volume_folder=tmp_path)
    with pytest.raises(ModalOnlyArgumentError, match="cannot send evaluation_hook"):
        Trainer(config, backend=backend, evaluation_hook=lambda c, e: {}).train()
    with pytest.raises(ModalOnlyArgumentError, match=r"needs data\.train_file"):
        Trainer(config, backend=backend).train()


@pytest.mark.integration
def test_smoke_body_runs_with_local_and_says_there_is_no_gpu(tmp_path: Path) -> None:
    result = ModalBackend(volume_folder=tmp_path).smoke()
    assert isinstance(result, SmokeResult)
    assert result.gpu is None and result.peak_gpu_memory_mib is None
    assert result.steps == SMOKE_STEPS
    assert result.tokens > 0 and result.tokens_per_second > 0
    assert result.load_in_4bit  # QLoRA: bitsandbytes 4-bit, also on this CPU
    lines = result.lines()
    assert "no GPU" in lines[0]
    assert f"= {result.tokens_per_second:.0f} tokens/s" in lines[2]
    problems = smoke_problems(result)
    assert problems[0] == "no GPU was visible: the run measured the CPU, not the configured GPU"
    assert ("no C compiler" in " ".join(problems)) == (result.c_compiler is None)
