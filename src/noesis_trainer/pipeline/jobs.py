"""The bodies of the remote jobs (train, evaluate, merge), as plain functions of a run folder.

On Modal they run in a container where the run folder is ``/vol/runs/<run>`` on the mounted
volume; locally (the pipeline's ``backend: local`` and the tests) the same functions run on the
local run folder. They call the library's own `Trainer` (its `LocalBackend` inside the
container), Tribunal and Merger, so a Modal run and a local run execute the same code. `commit`
is called after every checkpoint (on Modal: ``volume.commit()``) so a preempted container loses
at most the steps since the last one.

Run folder layout (shared with `noesis_trainer.pipeline`)::

    dataset/{train,eval}.jsonl, manifest.json   the split (uploaded by the Modal backend)
    model/                                      optional local base model (e.g. the tiny one)
    training/                                   checkpoints, adapter/, metrics.jsonl, result.json
    tribunal/<label>.json                       Tribunal reports (epoch-0.json, ...)
    merged/                                     the merged 16-bit model
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from noesis_trainer.core.named_models import check_model_access, local_model_dir
from noesis_trainer.errors import (
    DatasetNotOnVolumeError,
    NoesisError,
)
from noesis_trainer.io.atomic import write_json_atomic
from noesis_trainer.training.config import TrainingConfig
from noesis_trainer.tribunal.relevance_settings import RelevanceSetting

Commit = Callable[[], None]


def _noop() -> None:
    return None


class Job(BaseModel):
    """What a remote function is asked to do; JSON-serializable so it crosses to Modal as is."""

    model_config = ConfigDict(extra="forbid")

    training: dict[str, Any] = Field(default_factory=dict)
    """A `TrainingConfig` as a dict; its data and output paths are set to the run folder's."""
    epoch: int | None = None
    """train: only this epoch (0-based, continuing from the previous one); None: all epochs."""
    resume: bool = True
    """train: continue from the newest valid checkpoint in the run folder."""
    checkpoint: str | None = None
    """evaluate: adapter folder (relative to the run folder); None: the final adapter."""
    label: str = "final"
    eval_prompts: int = Field(default=8, ge=1)
    max_new_tokens: int = Field(default=64, ge=1)
    approve_above: float | None = None
    relevance: RelevanceSetting = "vectors"
    """evaluate: the Tribunal's relevance signal (`TribunalConfig.relevance`)."""
    streaming_merge: bool = False
    base: bool = False
    """evaluate: judge the base model itself (no adapter) and measure its eval loss."""
    decoding: dict[str, Any] | None = None
    """evaluate: a `generation.local.Decoding` as a dict (greedy when absent)."""
    references: bool = True
    """evaluate: judge each answer against its eval row's revised answer too."""


def resolve_model(run_root: str | Path, name: str) -> str:
    """A base model named relative to the run folder (``model``) becomes its path there."""
    candidate = Path(run_root) / name
    if not Path(name).is_absolute() and (candidate / "config.json").is_file():
        return str(candidate)
    return name


def training_config(run_root: str | Path, job: Job) -> TrainingConfig:
    """The job's `TrainingConfig` with data and output paths placed in the run folder."""
    root = Path(run_root)
    train_file = root / "dataset" / "train.jsonl"
    if not train_file.is_file():
        raise DatasetNotOnVolumeError(root.name)
    data = dict(job.training)
    model = dict(data.get("model") or {})
    if "base_model" in model:
        model["base_model"] = resolve_model(root, str(model["base_model"]))
    data["model"] = model
    data_section = dict(data.get("data") or {})
    data_section["train_file"] = str(train_file)
    eval_file = root / "dataset" / "eval.jsonl"
    data_section["eval_file"] = str(eval_file) if eval_file.is_file() else None
    data["data"] = data_section
    checkpoint = dict(data.get("checkpoint") or {})
    checkpoint["output_dir"] = str(root / "training")
    data["checkpoint"] = checkpoint
    evaluation = dict(data.get("eval") or {})
    evaluation["tribunal_each_epoch"] = False  # the pipeline's tribunal stage judges each epoch
    data["eval"] = evaluation
    return TrainingConfig.from_dict(data, source="job.training")


def _commit_on_save(commit: Commit) -> Any:
    """A transformers callback that commits the volume after each checkpoint is written."""
    from transformers import TrainerCallback

    class CommitOnSave(TrainerCallback):  # type: ignore[misc]
        def on_save(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            commit()

    return CommitOnSave()


def train_job(run_root: str, job: dict[str, Any], commit: Commit = _noop) -> dict[str, Any]:
    """Train all epochs (or `job.epoch` only), resuming from the newest valid checkpoint."""
    spec = Job.model_validate(job)
    config = training_config(run_root, spec)
    check_model_access(config.model.base_model)
    from noesis_trainer.training.trainer import Trainer

    trainer = Trainer(
        config,
        callbacks=[_commit_on_save(commit)],
        log=lambda line: print(line, flush=True),
    )
    result = trainer.train(epoch=spec.epoch, resume=spec.resume)
    commit()
    payload: dict[str, Any] = result.model_dump(mode="json")
    return payload


def eval_loss_job(run_root: str, job: dict[str, Any], commit: Commit = _noop) -> dict[str, Any]:
    """Eval loss of `job.checkpoint` (relative to the run folder; None: final adapter or newest
    valid checkpoint), by the same `Trainer.evaluate` as a local run."""
    spec = Job.model_validate(job)
    config = training_config(run_root, spec)
    check_model_access(config.model.base_model)
    from noesis_trainer.training.trainer import Trainer

    checkpoint = str(Path(run_root) / spec.checkpoint) if spec.checkpoint else None
    result = Trainer(config, log=lambda line: print(line, flush=True)).evaluate(
        checkpoint=checkpoint
    )
    commit()
    payload: dict[str, Any] = result.model_dump(mode="json")
    return payload


def _base_model(run_root: Path, job: Job) -> str:
    model = (job.training.get("model") or {}).get("base_model")
    if not model:
        raise NoesisError("job.training.model.base_model is not set", "set model: in the config")
    return resolve_model(run_root, str(model))


def evaluate_job(run_root: str, job: dict[str, Any], commit: Commit = _noop) -> dict[str, Any]:
    """Judge an adapter (an epoch's checkpoint, or the final one) with the Tribunal.

    The adapter is merged into the 16-bit base in a scratch folder first (the Tribunal generates
    from a model folder), with the same Merger as the merge stage.
    """
    spec = Job.model_validate(job)
    root = Path(run_root)
    from noesis_trainer.core.dataset import Dataset

    eval_file = root / "dataset" / "eval.jsonl"
    if not eval_file.is_file():
        raise DatasetNotOnVolumeError(root.name)
    examples = Dataset.load(eval_file).examples[: spec.eval_prompts]
    if not examples:
        raise NoesisError(f"{eval_file} holds no examples to judge", "raise split.eval_fraction")
    base_dir = local_model_dir(_base_model(root, spec))
    extra: dict[str, Any] = {}
    if spec.base:
        adapter, scratch = None, None
        model_dir = base_dir
        from noesis_trainer.training.run import base_eval_loss

        config = training_config(root, spec)
        extra["eval_loss"] = base_eval_loss(config, output_dir=root / "tribunal" / ".base-eval")
    else:
        adapter = root / (spec.checkpoint or "training/adapter")
        if not (adapter / "adapter_config.json").is_file():
            raise NoesisError(f"no adapter at {adapter}", "run the train stage first")
        from noesis_trainer.merging.merger import Merger

        scratch = root / "tribunal" / f".model-{spec.label}"
        if scratch.exists():
            shutil.rmtree(scratch)
        Merger(base_dir, adapter).merge(scratch, overwrite=True)
        model_dir = scratch
    try:
        from noesis_trainer.generation.local import Decoding, TransformersGenerator
        from noesis_trainer.tribunal import Tribunal

        decoding = Decoding.model_validate(spec.decoding or {})
        generator = TransformersGenerator(model_dir, decoding=decoding)
        tribunal = Tribunal(approve_above=spec.approve_above, relevance=spec.relevance)
        report = tribunal.evaluate_model(
            generator,
            [e.prompt for e in examples],
            max_new_tokens=spec.max_new_tokens,
            seed=decoding.seed,
            metadata={
                "label": spec.label,
                "adapter": str(adapter) if adapter else None,
                "decoding": decoding.model_dump(mode="json"),
                "references": spec.references,
                **extra,
            },
            references=[e.response_revised for e in examples] if spec.references else None,
        )
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    payload: dict[str, Any] = report.model_dump(mode="json")
    # which answers ended on an end-of-turn token (False: cut at max_new_tokens)
    payload.setdefault("metadata", {})["finished"] = list(generator.finished)
    write_json_atomic(root / "tribunal" / f"{spec.label}.json", payload)
    commit()
    return payload


def merge_job(run_root: str, job: dict[str, Any], commit: Commit = _noop) -> dict[str, Any]:
    """Merge the final adapter (or `job.checkpoint`, the selected epoch's) into the 16-bit base;
    the merged model lands in ``merged/``."""
    spec = Job.model_validate(job)
    root = Path(run_root)
    adapter = root / (spec.checkpoint or "training/adapter")
    if not (adapter / "adapter_config.json").is_file():
        raise NoesisError(f"no adapter at {adapter}", "finish the train stage first")
    from noesis_trainer.merging.merger import Merger

    merger = Merger(local_model_dir(_base_model(root, spec)), adapter)
    result = merger.merge(root / "merged", streaming=spec.streaming_merge, overwrite=True)
    commit()
    return {
        "merged": str(result.out_dir),
        "mode": result.mode,
        "from_4bit": result.from_4bit,
        "shards": list(result.shards),
        "merged_tensors": result.merged_tensors,
        "eos_token_ids": list(result.eos_token_ids),
    }


# -- the GPU smoke run (`noesis doctor CONFIG --modal-smoke`) ---------------------------------
SMOKE_STEPS = 2


class SmokeResult(BaseModel):
    """What a two-step QLoRA of the tiny model measured where it ran."""

    model_config = ConfigDict(extra="forbid")

    gpu: str | None
    """`torch.cuda.get_device_name()`, or None where no GPU was visible."""
    steps: int
    tokens: int
    seconds: float
    tokens_per_second: float
    peak_gpu_memory_mib: float | None
    load_in_4bit: bool
    engine: str
    c_compiler: str | None
    """The compiler Triton would use (``CC`` or cc/gcc on PATH); None: Triton kernels fail."""
    python: str
    torch: str
    cuda: str | None

    def lines(self) -> list[str]:
        where = f"GPU {self.gpu}" if self.gpu else "no GPU (CPU only): not a GPU measurement"
        peak = (
            f"{self.peak_gpu_memory_mib:.0f} MiB" if self.peak_gpu_memory_mib is not None else "-"
        )
        return [
            f"ran on: {where}; python {self.python}, torch {self.torch}, CUDA {self.cuda or '-'}",
            f"C compiler: {self.c_compiler or 'none (Triton kernels will fail)'}",
            f"{self.steps} QLoRA steps ({self.engine}, 4-bit {self.load_in_4bit}):"
            f" {self.tokens} tokens in {self.seconds:.1f} s"
            f" = {self.tokens_per_second:.0f} tokens/s",
            f"peak GPU memory: {peak}",
        ]


def _c_compiler() -> str | None:
    cc = os.environ.get("CC")
    if cc:
        return shutil.which(cc) or cc
    return shutil.which("cc") or shutil.which("gcc")


def smoke_job(scratch: str) -> dict[str, Any]:
    """Build the tiny Llama in `scratch`, train `SMOKE_STEPS` QLoRA steps on synthetic records,
    and measure tokens/s and peak GPU memory. On a GPU the engine is Unsloth (the real run's);
    without one, plain transformers + PEFT, and the result says there was no GPU."""
    import platform

    import torch

    from noesis_trainer.testing import build_tiny_llama, write_synthetic_jsonl
    from noesis_trainer.training.config import TrainingConfig
    from noesis_trainer.training.trainer import Trainer

    root = Path(scratch)
    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    model = build_tiny_llama(root / "model")
    batch = 2
    train = write_synthetic_jsonl(root / "train.jsonl", SMOKE_STEPS * batch, seed=7)
    config = TrainingConfig.from_dict(
        {
            "engine": "unsloth" if gpu else "transformers",
            "model": {
                "base_model": str(model),
                "max_seq_length": 1024,
                "load_in_4bit": True,
                "gradient_checkpointing": False,
            },
            "lora": {"r": 8, "alpha": 16},
            "optim": {
                "num_epochs": 1,
                "per_device_train_batch_size": batch,
                "gradient_accumulation_steps": 1,
            },
            "data": {"train_file": str(train)},
            "checkpoint": {"output_dir": str(root / "training")},
            "eval": {"each_epoch": False, "tribunal_each_epoch": False},
            "logging": {"logging_steps": 1, "progress_bar": False, "report_to": []},
        },
        source="smoke",
    )
    if gpu:
        torch.cuda.reset_peak_memory_stats()
    result = Trainer(config, log=lambda line: print(line, flush=True)).train()
    epoch = result.epochs[-1]
    seconds = float(epoch.seconds or 0.0)
    tokens = int(result.tokens_seen)
    rate = epoch.tokens_per_second or (tokens / seconds if seconds > 0 else 0.0)
    return SmokeResult(
        gpu=gpu,
        steps=result.global_step,
        tokens=tokens,
        seconds=seconds,
        tokens_per_second=float(rate),
        peak_gpu_memory_mib=torch.cuda.max_memory_allocated() / 2**20 if gpu else None,
        load_in_4bit=result.load_in_4bit,
        engine=result.engine,
        c_compiler=_c_compiler(),
        python=platform.python_version(),
        torch=torch.__version__,
        cuda=torch.version.cuda,
    ).model_dump(mode="json")
