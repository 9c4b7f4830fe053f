"""The transformers callback that turns a run into checkpoints we can trust and epochs we can read.

It forces a save at each epoch's end (and only there, when an interval save would fall on the same
step), writes the integrity manifest after the trainer has written everything else, calls the
evaluation hook (the Tribunal) on each epoch's checkpoint, and appends metrics as JSON lines.
Imported only inside a run: it needs transformers.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from transformers import TrainerCallback, TrainerControl, TrainerState, TrainingArguments

from noesis_trainer.training.checkpoints import update_manifest, write_manifest
from noesis_trainer.training.result import EpochMetrics, EvaluationHook


class MetricsLog:
    """Append-only JSON lines; a line is written whole, so a kill loses at most the last one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)

    def write(self, event: str, **fields: Any) -> None:
        record = {"event": event, "time": round(time.time(), 3), **fields}
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            fh.flush()


class NoesisCallback(TrainerCallback):  # type: ignore[misc]
    """Epoch bookkeeping, manifests and the per-epoch evaluation hook."""

    def __init__(
        self,
        *,
        output_dir: Path,
        metrics: MetricsLog,
        run_info: dict[str, Any],
        history: list[EpochMetrics],
        partial: dict[str, Any] | None = None,
        evaluation_hook: EvaluationHook | None = None,
        stop_after_epoch: int | None = None,
        log: Callable[[str], None] = print,
    ) -> None:
        self.output_dir = output_dir
        self.metrics = metrics
        self.run_info = run_info
        self.history = list(history)
        self.evaluation_hook = evaluation_hook
        self.stop_after_epoch = stop_after_epoch
        self.log = log
        partial = partial or {}
        # Loss of the current epoch, weighted by the steps each logged value covers.
        self.loss_sum = float(partial.get("loss_sum", 0.0))
        self.loss_steps = int(partial.get("loss_steps", 0))
        self.epoch_tokens_start = int(partial.get("tokens_start", 0))
        self.epoch_seconds_before = float(partial.get("seconds", 0.0))
        self.segment_start = time.perf_counter()
        self.last_logged_step = int(partial.get("last_logged_step", 0))
        self.eval_loss: float | None = partial.get("eval_loss")
        self.pending_epoch_end: int | None = None
        self.saved: list[str] = []

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def steps_per_epoch(state: TrainerState) -> int:
        return max(1, int(state.max_steps) // max(1, int(state.num_train_epochs)))

    def _partial(self, state: TrainerState) -> dict[str, Any]:
        return {
            "loss_sum": self.loss_sum,
            "loss_steps": self.loss_steps,
            "tokens_start": self.epoch_tokens_start,
            "seconds": self.epoch_seconds_before + (time.perf_counter() - self.segment_start),
            "last_logged_step": self.last_logged_step,
            "eval_loss": self.eval_loss,
        }

    # -- events ----------------------------------------------------------------------------
    def on_train_begin(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kw: Any
    ) -> None:
        self.segment_start = time.perf_counter()
        self.metrics.write(
            "train_begin",
            global_step=state.global_step,
            max_steps=state.max_steps,
            batch_size=args.per_device_train_batch_size,
            accumulation=args.gradient_accumulation_steps,
        )

    def on_step_end(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kw: Any
    ) -> None:
        # The epoch-end save covers this step: never write the same folder twice.
        if state.global_step % self.steps_per_epoch(state) == 0:
            control.should_save = False

    def on_log(
        self,
        args: TrainingArguments,
        state: TrainerState,
        control: TrainerControl,
        logs: dict[str, Any] | None = None,
        **kw: Any,
    ) -> None:
        logs = dict(logs or {})
        if "loss" in logs and state.global_step > self.last_logged_step:
            steps = state.global_step - self.last_logged_step
            self.loss_sum += float(logs["loss"]) * steps
            self.loss_steps += steps
            self.last_logged_step = state.global_step
        if "eval_loss" in logs:
            self.eval_loss = float(logs["eval_loss"])
        base = {"step": state.global_step, "epoch": state.epoch}
        self.metrics.write("log", **(base | {"tokens_seen": state.num_input_tokens_seen} | logs))

    def on_epoch_end(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kw: Any
    ) -> None:
        epoch = state.global_step // self.steps_per_epoch(state) - 1
        self.pending_epoch_end = epoch
        control.should_save = True
        control.should_log = True
        if self.stop_after_epoch is not None and epoch >= self.stop_after_epoch:
            control.should_training_stop = True

    def on_save(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kw: Any
    ) -> None:
        ckpt = Path(args.output_dir) / f"checkpoint-{state.global_step}"
        epoch_end = self.pending_epoch_end
        self.pending_epoch_end = None
        record: EpochMetrics | None = None
        if epoch_end is not None:
            seconds = self.epoch_seconds_before + (time.perf_counter() - self.segment_start)
            tokens = int(state.num_input_tokens_seen) - self.epoch_tokens_start
            lr_sched = kw.get("lr_scheduler")
            lr = float(lr_sched.get_last_lr()[0]) if lr_sched is not None else None
            record = EpochMetrics(
                epoch=epoch_end,
                global_step=state.global_step,
                train_loss=self.loss_sum / self.loss_steps if self.loss_steps else None,
                eval_loss=self.eval_loss,
                learning_rate=lr,
                tokens_seen=int(state.num_input_tokens_seen),
                tokens_per_second=tokens / seconds if seconds > 0 else None,
                seconds=round(seconds, 3),
                checkpoint=str(ckpt),
            )
            self.history.append(record)
            self.loss_sum, self.loss_steps, self.eval_loss = 0.0, 0, None
            self.epoch_tokens_start = int(state.num_input_tokens_seen)
            self.epoch_seconds_before = 0.0
            self.segment_start = time.perf_counter()
        write_manifest(
            ckpt,
            {
                "global_step": state.global_step,
                "max_steps": state.max_steps,
                "epoch": state.epoch,
                "epoch_end": epoch_end,
                "run": self.run_info,
                "history": [h.model_dump(mode="json") for h in self.history],
                "partial": self._partial(state),
            },
        )
        self.saved.append(str(ckpt))
        self.metrics.write(
            "checkpoint", step=state.global_step, path=str(ckpt), epoch_end=epoch_end
        )
        if record is None:
            return
        if self.evaluation_hook is not None:
            try:
                record.tribunal = dict(self.evaluation_hook(ckpt, record.epoch))
            except Exception as err:  # a failing judge must not lose the epoch
                record.tribunal_error = f"{type(err).__name__}: {err}"
                self.log(f"evaluation hook failed on epoch {record.epoch}: {record.tribunal_error}")
            update_manifest(ckpt, history=[h.model_dump(mode="json") for h in self.history])
        self.metrics.write("epoch", **record.model_dump(mode="json"))
        self.log(
            f"epoch {record.epoch} done: step {record.global_step}, train loss "
            f"{record.train_loss}, eval loss {record.eval_loss}, "
            f"{record.tokens_per_second or 0:.0f} tokens/s"
        )
