"""`Trainer`: stage 5 as one object: the seed's four commands (train all, train one epoch,
evaluate only, merge only) over a `TrainingBackend` that runs the same body locally
(`LocalBackend`) or on a Modal GPU (`ModalBackend`)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from noesis_trainer.core.schema import Example
from noesis_trainer.training.backends.base import TrainingBackend
from noesis_trainer.training.backends.local import LocalBackend
from noesis_trainer.training.checkpoints import CheckpointInfo, list_checkpoints, read_checkpoint
from noesis_trainer.training.config import TrainingConfig
from noesis_trainer.training.result import EvaluationHook, TrainingResult

Merger = Callable[[str, Path, Path], Any]

__all__ = ["Merger", "Trainer", "TrainingBackend"]


class Trainer:
    """Fine-tunes the base model with LoRA as `config` says.

    `evaluation_hook(checkpoint_path, epoch) -> dict` runs on each epoch's checkpoint (the
    Tribunal, or any callable); its result is stored with that epoch's metrics. `callbacks` are
    transformers `TrainerCallback`s added to the run.
    """

    def __init__(
        self,
        config: TrainingConfig | str | os.PathLike[str] | None = None,
        *,
        backend: TrainingBackend | None = None,
        evaluation_hook: EvaluationHook | None = None,
        callbacks: Sequence[Any] = (),
        output_dir: str | os.PathLike[str] | None = None,
        log: Callable[[str], None] = print,
    ) -> None:
        if config is None:
            config = TrainingConfig()
        elif not isinstance(config, TrainingConfig):
            config = TrainingConfig.from_yaml(config)
        if output_dir is not None:
            config = config.model_copy(
                update={
                    "checkpoint": config.checkpoint.model_copy(
                        update={"output_dir": Path(output_dir)}
                    )
                }
            )
        self.config = config
        self.backend: TrainingBackend = backend if backend is not None else LocalBackend()
        self.evaluation_hook = evaluation_hook
        self.callbacks = list(callbacks)
        self.log = log

    @property
    def output_dir(self) -> Path:
        return self.config.checkpoint.output_dir

    def train(
        self,
        *,
        resume: bool = False,
        epoch: int | None = None,
        train_examples: Sequence[Example] | None = None,
        eval_examples: Sequence[Example] | None = None,
    ) -> TrainingResult:
        """Train every epoch, or only `epoch` (0-based) continuing from the previous one's state.

        One learning-rate schedule spans all epochs either way: training epoch by epoch ends
        with the same adapter as training them in one go.
        """
        return self.backend.train(
            self.config,
            train_examples=train_examples,
            eval_examples=eval_examples,
            epoch=epoch,
            resume=resume,
            evaluation_hook=self.evaluation_hook,
            callbacks=self.callbacks,
            log=self.log,
        )

    def train_epoch(self, epoch: int, **kwargs: Any) -> TrainingResult:
        """The seed's ``train_epoch --epoch N``."""
        return self.train(epoch=epoch, **kwargs)

    def evaluate(
        self,
        *,
        checkpoint: str | os.PathLike[str] | None = None,
        eval_examples: Sequence[Example] | None = None,
    ) -> TrainingResult:
        """Eval loss (and the evaluation hook) of a checkpoint; default: final adapter or newest."""
        return self.backend.evaluate(
            self.config,
            eval_examples=eval_examples,
            checkpoint=checkpoint,
            evaluation_hook=self.evaluation_hook,
            log=self.log,
        )

    def merge(
        self,
        out_dir: str | os.PathLike[str],
        *,
        merger: Merger | None = None,
        adapter: str | os.PathLike[str] | None = None,
        streaming: bool = False,
    ) -> Any:
        """Stage 7: the final adapter merged into the 16-bit base, by the backend (locally,
        `noesis_trainer.merging.Merger`; on Modal, the same Merger in the container), or by
        `merger(base_model, adapter_dir, out_dir)` when one is given."""
        adapter_dir = Path(adapter) if adapter is not None else self.output_dir / "adapter"
        if not (adapter_dir / "adapter_config.json").is_file():
            raise FileNotFoundError(f"no adapter at {adapter_dir}: train all epochs first")
        if merger is not None:
            return merger(self.config.model.base_model, adapter_dir, Path(out_dir))
        return self.backend.merge(
            self.config, adapter=adapter_dir, out_dir=Path(out_dir), streaming=streaming
        )

    def checkpoints(self, *, hashes: bool = True) -> list[CheckpointInfo]:
        """Every checkpoint of the run, newest first, each with its problems (if any)."""
        return [read_checkpoint(p, hashes=hashes) for p in list_checkpoints(self.output_dir)]
