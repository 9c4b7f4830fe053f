"""`Trainer`: stage 5 as one object: the seed's four commands (train all, train one epoch,
evaluate only, merge only) over a backend that runs the same body locally or remotely."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from noesis_trainer.errors import ComponentMissingError
from noesis_trainer.schema import Example
from noesis_trainer.training.checkpoints import CheckpointInfo, list_checkpoints, read_checkpoint
from noesis_trainer.training.config import TrainingConfig
from noesis_trainer.training.result import EvaluationHook, TrainingResult

Merger = Callable[[str, Path, Path], Any]


class TrainingBackend(Protocol):
    """Where a run executes; `LocalBackend` is this process."""

    def train(self, config: TrainingConfig, **kwargs: Any) -> TrainingResult: ...

    def evaluate(self, config: TrainingConfig, **kwargs: Any) -> TrainingResult: ...


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
        if backend is None:
            from noesis_trainer.training.backends.local import LocalBackend

            backend = LocalBackend()
        self.backend = backend
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
    ) -> Any:
        """Stage 7 hook: hand the final adapter to `merger(base_model, adapter_dir, out_dir)`.

        Without `merger`, `noesis_trainer.merging.Merger` (its own component) does the work.
        """
        adapter_dir = Path(adapter) if adapter is not None else self.output_dir / "adapter"
        if not (adapter_dir / "adapter_config.json").is_file():
            raise FileNotFoundError(f"no adapter at {adapter_dir}: train all epochs first")
        base = self.config.model.base_model
        if merger is not None:
            return merger(base, adapter_dir, Path(out_dir))
        try:
            merger_cls = importlib.import_module("noesis_trainer.merging").Merger
        except (ImportError, AttributeError) as err:
            raise ComponentMissingError("merge", "noesis_trainer.merging.Merger") from err
        return merger_cls(base, adapter_dir).merge(Path(out_dir), overwrite=True)

    def checkpoints(self, *, hashes: bool = True) -> list[CheckpointInfo]:
        """Every checkpoint of the run, newest first, each with its problems (if any)."""
        return [read_checkpoint(p, hashes=hashes) for p in list_checkpoints(self.output_dir)]
