"""The local training backend: train, evaluate and merge in this process (CPU or local GPU).

The model loaders it uses (Unsloth or plain PEFT) live in `noesis_trainer.training.model`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from noesis_trainer.training.backends.base import Log
from noesis_trainer.training.config import TrainingConfig
from noesis_trainer.training.result import EvaluationHook, TrainingResult

if TYPE_CHECKING:
    from noesis_trainer.core.schema import Example
    from noesis_trainer.merging.merger import MergeResult


class LocalBackend:
    """Runs training, evaluation and merging in this process (CPU or local GPU)."""

    name = "local"

    def __init__(self, engine: str | None = None) -> None:
        self.engine = engine

    def configure(self, config: TrainingConfig) -> TrainingConfig:
        if self.engine is None or self.engine == config.engine:
            return config
        return config.model_copy(update={"engine": self.engine})

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
        from noesis_trainer.training.run import run_training

        return run_training(
            self.configure(config),
            epoch=epoch,
            resume=resume,
            train_examples=train_examples,
            eval_examples=eval_examples,
            evaluation_hook=evaluation_hook,
            callbacks=callbacks,
            log=log,
        )

    def evaluate(
        self,
        config: TrainingConfig,
        *,
        checkpoint: str | os.PathLike[str] | None = None,
        eval_examples: Sequence[Example] | None = None,
        evaluation_hook: EvaluationHook | None = None,
        log: Log = print,
    ) -> TrainingResult:
        from noesis_trainer.training.run import run_evaluation

        return run_evaluation(
            self.configure(config),
            checkpoint=Path(checkpoint) if checkpoint is not None else None,
            eval_examples=eval_examples,
            evaluation_hook=evaluation_hook,
            log=log,
        )

    def merge(
        self, config: TrainingConfig, *, adapter: Path, out_dir: Path, streaming: bool = False
    ) -> MergeResult:
        from noesis_trainer.core.named_models import local_model_dir
        from noesis_trainer.merging.merger import Merger

        base = local_model_dir(config.model.base_model)
        return Merger(base, adapter).merge(out_dir, streaming=streaming, overwrite=True)
