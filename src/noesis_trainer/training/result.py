"""`TrainingResult`: what a run did, epoch by epoch, in a form that is saved and compared."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from noesis_trainer.io.atomic import write_text_atomic

EvaluationHook = Callable[[Any, int], Mapping[str, Any]]
"""``hook(checkpoint_path, epoch) -> scores``, called with the epoch's checkpoint folder (a `Path`)
and the 0-based epoch: the Tribunal (`tribunal_epoch_callback`), or any callable."""


class EpochMetrics(BaseModel):
    """One finished epoch (0-based, as the seed's `--epoch 0`)."""

    epoch: int
    global_step: int
    train_loss: float | None = Field(default=None, description="Mean of the losses logged.")
    eval_loss: float | None = None
    learning_rate: float | None = Field(default=None, description="LR at the epoch's end.")
    tokens_seen: int = Field(default=0, description="Real (non-pad) tokens, cumulative.")
    tokens_per_second: float | None = None
    seconds: float | None = None
    checkpoint: str | None = None
    tribunal: dict[str, Any] | None = Field(
        default=None, description="What the evaluation hook returned for this epoch."
    )
    tribunal_error: str | None = None


class OOMEvent(BaseModel):
    """One out-of-memory recovery: what was lowered and where training resumed."""

    attempt: int
    global_step: int | None
    error: str
    batch_size_before: int
    batch_size_after: int
    accumulation_before: int
    accumulation_after: int
    resumed_from: str | None


class SkippedCheckpoint(BaseModel):
    path: str
    problems: list[str]


class TrainingResult(BaseModel):
    """Per-epoch metrics and where everything was written."""

    output_dir: str
    engine: str
    mode: str = "train"
    epochs: list[EpochMetrics] = Field(default_factory=list)
    global_step: int = 0
    max_steps: int = 0
    tokens_seen: int = 0
    completed: bool = Field(default=False, description="All configured epochs are trained.")
    adapter_path: str | None = Field(default=None, description="Final adapter (all epochs).")
    checkpoints: list[str] = Field(default_factory=list)
    resumed_from: str | None = None
    skipped_checkpoints: list[SkippedCheckpoint] = Field(default_factory=list)
    oom_events: list[OOMEvent] = Field(default_factory=list)
    packing: bool = Field(default=False, description="Whether packing was in effect.")
    load_in_4bit: bool = Field(default=False, description="Whether the base really is 4-bit.")
    notes: list[str] = Field(default_factory=list)
    eval_loss: float | None = Field(default=None, description="Evaluate-only mode's eval loss.")
    tribunal: dict[str, Any] | None = None

    @property
    def final_loss(self) -> float | None:
        return self.epochs[-1].train_loss if self.epochs else None

    def save(self, path: str | os.PathLike[str]) -> Path:
        write_text_atomic(path, self.model_dump_json(indent=2) + "\n")
        return Path(path)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> TrainingResult:
        return cls.model_validate(json.loads(Path(path).read_text(encoding="utf-8")))
