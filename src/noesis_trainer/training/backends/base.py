"""`TrainingBackend`: where stage 5 runs. `LocalBackend` (this process) and `ModalBackend` (a
Modal GPU container) implement it; `Trainer` and the pipeline call it through these three
methods only, so a run reads the same whichever backend executes it."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from noesis_trainer.core.schema import Example
    from noesis_trainer.merging.merger import MergeResult
    from noesis_trainer.training.config import TrainingConfig
    from noesis_trainer.training.result import EvaluationHook, TrainingResult

Log = Callable[[str], None]


@runtime_checkable
class TrainingBackend(Protocol):
    """Train, evaluate (eval loss of a checkpoint) and merge one run described by a config."""

    def train(
        self,
        config: TrainingConfig,
        *,
        epoch: int | None = None,
        resume: bool = False,
        train_examples: Sequence[Example] | None = None,
        eval_examples: Sequence[Example] | None = None,
        evaluation_hook: EvaluationHook | None = None,
        callbacks: Sequence[Any] = (),
        log: Log = print,
    ) -> TrainingResult:
        """Every epoch, or only `epoch` (0-based) continuing from the previous one."""
        ...

    def evaluate(
        self,
        config: TrainingConfig,
        *,
        checkpoint: str | os.PathLike[str] | None = None,
        eval_examples: Sequence[Example] | None = None,
        evaluation_hook: EvaluationHook | None = None,
        log: Log = print,
    ) -> TrainingResult:
        """Eval loss of a checkpoint (default: the final adapter, else the newest valid one)."""
        ...

    def merge(
        self, config: TrainingConfig, *, adapter: Path, out_dir: Path, streaming: bool = False
    ) -> MergeResult:
        """The adapter merged into the config's 16-bit base model, written to `out_dir`
        (`streaming`: one shard at a time, see `Merger.merge`)."""
        ...
