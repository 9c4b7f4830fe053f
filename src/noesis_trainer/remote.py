"""The bodies of the remote jobs (train, evaluate, merge), as plain functions of a volume folder.

On Modal they run inside a container with the volume mounted at ``/vol``; locally (the
pipeline's ``backend: local`` and the tests) the same functions run on a folder with the same
layout. They call the library's own Trainer, Tribunal and Merger, so a Modal run and a local run
execute the same code. `commit` is called after every checkpoint (Modal: ``volume.commit()``) so
a preempted container loses at most the steps since the last one.

Volume layout::

    datasets/<dataset>/{train,eval}.jsonl, manifest.json   uploaded by the backend
    models/<name>/                                         optional local base models
    runs/<run>/training/                                   checkpoints, adapter, metrics.jsonl
    runs/<run>/tribunal/epoch-<n>.json                     per-epoch Tribunal reports
    runs/<run>/merged/                                     the merged 16-bit model
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from noesis_trainer.errors import ComponentMissingError, DatasetNotOnVolumeError
from noesis_trainer.io.atomic import write_json_atomic

Commit = Callable[[], None]


def _noop() -> None:
    return None


class Job(BaseModel):
    """What a remote function is asked to do; JSON-serializable so it crosses to Modal as is."""

    model_config = ConfigDict(extra="forbid")

    run: str
    dataset: str
    training: dict[str, Any] = Field(default_factory=dict)
    """A `TrainingConfig` as a dict; paths inside are rewritten to the volume's layout."""
    epoch: int | None = None
    """Train only this epoch (0-based, continuing from the previous one); None: all epochs."""
    tribunal: dict[str, Any] = Field(default_factory=dict)
    eval_prompts: int = Field(default=8, ge=1)
    max_new_tokens: int = Field(default=64, ge=1)


def require(module: str, name: str, stage: str) -> Any:
    """Import `module.name`, or say plainly that this stage's component is missing."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as err:
        raise ComponentMissingError(stage, f"{module}.{name} ({err})") from None


def run_paths(volume_root: str | Path, job: Job) -> dict[str, Path]:
    root = Path(volume_root)
    run = root / "runs" / job.run
    return {
        "root": root,
        "dataset": root / "datasets" / job.dataset,
        "run": run,
        "training": run / "training",
        "tribunal": run / "tribunal",
        "merged": run / "merged",
    }


def resolve_model(volume_root: str | Path, name: str) -> str:
    """A base model named relative to the volume (``models/tiny``) becomes its path there."""
    candidate = Path(volume_root) / name
    return str(candidate) if not Path(name).is_absolute() and candidate.is_dir() else name


def training_config(volume_root: str | Path, job: Job) -> Any:
    """The job's `TrainingConfig` with its data and output paths placed on the volume."""
    config_cls = require("noesis_trainer.training.config", "TrainingConfig", "train")
    paths = run_paths(volume_root, job)
    train_file = paths["dataset"] / "train.jsonl"
    if not train_file.is_file():
        raise DatasetNotOnVolumeError(job.dataset)
    data = dict(job.training)
    model = dict(data.get("model") or {})
    if "base_model" in model:
        model["base_model"] = resolve_model(volume_root, str(model["base_model"]))
    data["model"] = model
    data_section = dict(data.get("data") or {})
    data_section["train_file"] = str(train_file)
    eval_file = paths["dataset"] / "eval.jsonl"
    data_section["eval_file"] = str(eval_file) if eval_file.is_file() else None
    data["data"] = data_section
    checkpoint = dict(data.get("checkpoint") or {})
    checkpoint["output_dir"] = str(paths["training"])
    data["checkpoint"] = checkpoint
    return config_cls.from_dict(data, source=f"job {job.run}")


def train_job(volume_root: str, job: dict[str, Any], commit: Commit = _noop) -> dict[str, Any]:
    """Train all epochs (or `job.epoch` only), resuming from the newest valid checkpoint."""
    spec = Job.model_validate(job)
    config = training_config(volume_root, spec)
    trainer_cls = require("noesis_trainer.training", "Trainer", "train")
    trainer = trainer_cls(config)
    result = trainer.train(epoch=spec.epoch, resume=True, on_checkpoint=lambda *_: commit())
    commit()
    payload: dict[str, Any] = result.model_dump(mode="json")
    return payload


def evaluate_job(volume_root: str, job: dict[str, Any], commit: Commit = _noop) -> dict[str, Any]:
    """Judge the newest adapter (or `job.epoch`'s checkpoint) with the Tribunal on eval prompts."""
    spec = Job.model_validate(job)
    paths = run_paths(volume_root, spec)
    from noesis_trainer.dataset import Dataset

    eval_file = paths["dataset"] / "eval.jsonl"
    if not eval_file.is_file():
        raise DatasetNotOnVolumeError(spec.dataset)
    examples = Dataset.load(eval_file).examples[: spec.eval_prompts]
    tribunal_cls = require("noesis_trainer.tribunal", "Tribunal", "tribunal")
    tribunal = tribunal_cls(**spec.tribunal) if spec.tribunal else tribunal_cls()
    model_path = _adapter_for(paths["training"], spec.epoch)
    report = tribunal.evaluate_model(
        str(model_path),
        [e.prompt for e in examples],
        references=[e.response_revised for e in examples],
        max_new_tokens=spec.max_new_tokens,
    )
    payload: dict[str, Any] = report.model_dump(mode="json")
    label = f"epoch-{spec.epoch}" if spec.epoch is not None else "final"
    write_json_atomic(paths["tribunal"] / f"{label}.json", payload)
    commit()
    return payload


def merge_job(volume_root: str, job: dict[str, Any], commit: Commit = _noop) -> dict[str, Any]:
    """Merge the final adapter into the 16-bit base; the merged model lands in runs/<run>/merged."""
    spec = Job.model_validate(job)
    paths = run_paths(volume_root, spec)
    config = training_config(volume_root, spec)
    merger_cls = require("noesis_trainer.merging", "Merger", "merge")
    adapter = _adapter_for(paths["training"], None)
    merger = merger_cls(config.model.base_model, str(adapter))
    out = merger.merge(paths["merged"])
    commit()
    return {"merged": str(out)}


def _adapter_for(training_dir: Path, epoch: int | None) -> Path:
    """The final adapter folder, or the checkpoint written at the end of `epoch`."""
    if epoch is None:
        for name in ("adapter", "final"):
            if (training_dir / name).is_dir():
                return training_dir / name
        raise ComponentMissingError("evaluate", f"a trained adapter in {training_dir}")
    matches = sorted(training_dir.glob(f"**/epoch-{epoch}")) + sorted(
        training_dir.glob(f"**/epoch_{epoch}")
    )
    if not matches:
        raise ComponentMissingError(
            "evaluate", f"the checkpoint of epoch {epoch} in {training_dir}"
        )
    return matches[-1]
