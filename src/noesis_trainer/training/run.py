"""The body of a training run: plain functions of (config, examples, output folder).

The local backend calls them in this process; the Modal backend calls the same functions inside
its container, so what is tested here on CPU is what runs on the GPU. Everything heavy is
imported inside the functions.
"""

from __future__ import annotations

import gc
import hashlib
import json
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from noesis_trainer.core.dataset import Dataset
from noesis_trainer.core.formatting import ChatFormat
from noesis_trainer.core.schema import Example
from noesis_trainer.errors import NoesisError, OutOfMemoryError
from noesis_trainer.training.checkpoints import (
    CheckpointInfo,
    find_resumable,
    list_checkpoints,
    write_manifest,
)
from noesis_trainer.training.config import ConfigError, TrainingConfig
from noesis_trainer.training.result import (
    EpochMetrics,
    EvaluationHook,
    OOMEvent,
    SkippedCheckpoint,
    TrainingResult,
)

EPS = 1e-6
ADAPTER_DIR = "adapter"
Log = Callable[[str], None]


class TrainingStateError(NoesisError):
    """The output folder's checkpoints do not allow what was asked (resume, epoch N)."""


def chat_format(config: TrainingConfig) -> ChatFormat:
    return ChatFormat(
        system_prompt=config.data.system_prompt, include_critique=config.data.include_critique
    )


def _load_examples(path: Path | None, given: Sequence[Example] | None, what: str) -> list[Example]:
    if given is not None:
        return list(given)
    if path is None:
        return []
    ds = Dataset.load(path)
    if ds.problems:  # never train on a silently shortened file
        more = f" (and {len(ds.problems) - 1} more)" if len(ds.problems) > 1 else ""
        valid = f"{len(ds)} valid row(s)" if len(ds) else "no valid row"
        raise NoesisError(
            f"{what} file {path} has problems ({valid}): {ds.problems[0]}{more}",
            f"`noesis validate {path} --out clean.jsonl` lists every problem and writes the "
            "valid rows; train on that file",
        )
    return list(ds)


def _run_key(config: TrainingConfig, token_digest: str) -> dict[str, Any]:
    """What must not change between a run and its resumption (batch split may, for OOM)."""
    o = config.optim
    return {
        "base_model": config.model.base_model,
        "max_seq_length": config.model.max_seq_length,
        "lora": config.lora.model_dump(mode="json"),
        "num_epochs": o.num_epochs,
        "effective_batch_size": o.effective_batch_size,
        "learning_rate": o.learning_rate,
        "lr_scheduler_type": o.lr_scheduler_type,
        "warmup_ratio": o.warmup_ratio,
        "seed": o.seed,
        "packing": config.data.packing,
        "train_tokens_sha256": token_digest,
    }


def _token_digest(rows: list[list[int]]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps(row).encode())
    return digest.hexdigest()


def select_checkpoint(
    output_dir: Path, *, epoch: int | None, num_epochs: int
) -> tuple[CheckpointInfo | None, list[CheckpointInfo]]:
    """The checkpoint to resume from: newest valid, or for ``epoch=N`` the newest before its end.

    Raises `TrainingStateError` when epoch N cannot start (N-1 unfinished, N already done).
    """
    if epoch is None:
        return find_resumable(output_dir)
    if not 0 <= epoch < num_epochs:
        raise TrainingStateError(
            f"epoch {epoch} is outside 0..{num_epochs - 1} (epochs are counted from 0)",
            "pick an epoch in range, or raise optim.num_epochs",
        )
    newest, _ = find_resumable(output_dir, hashes=False)
    if newest is not None and (newest.epoch or 0.0) >= epoch + 1 - EPS:
        raise TrainingStateError(
            f"epoch {epoch} is already trained ({newest.path.name} is at epoch {newest.epoch:g})",
            "use a new checkpoint.output_dir to train it again",
        )
    info, skipped = find_resumable(output_dir, accept=lambda i: (i.epoch or 0.0) < epoch + 1 - EPS)
    if epoch > 0 and (info is None or (info.epoch or 0.0) < epoch - EPS):
        where = f"newest valid checkpoint: {info.path.name}" if info else "no valid checkpoint"
        raise TrainingStateError(
            f"epoch {epoch - 1} has not finished in {output_dir} ({where})",
            f"noesis train CONFIG --epoch {epoch - 1}",
        )
    return info, skipped


def _free_memory() -> None:
    import torch

    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()


def run_training(
    config: TrainingConfig,
    *,
    train_examples: Sequence[Example] | None = None,
    eval_examples: Sequence[Example] | None = None,
    output_dir: str | Path | None = None,
    epoch: int | None = None,
    resume: bool = False,
    evaluation_hook: EvaluationHook | None = None,
    callbacks: Sequence[Any] = (),
    log: Log = print,
) -> TrainingResult:
    """Train all epochs (or only ``epoch``, 0-based), recovering from CUDA out-of-memory.

    On ``torch.OutOfMemoryError`` the per-device batch is halved and the accumulation doubled
    (same effective batch, same schedule), and training resumes from the newest valid checkpoint,
    up to ``config.oom.max_retries`` times.
    """
    import torch

    out = Path(output_dir) if output_dir is not None else config.checkpoint.output_dir
    train = _load_examples(config.data.train_file, train_examples, "train")
    evals = _load_examples(config.data.eval_file, eval_examples, "eval")
    events: list[OOMEvent] = []
    current = config
    resume_now = resume or epoch is not None
    attempt = 0
    while True:
        oom: BaseException | None = None
        try:
            result = _train_once(
                current,
                train,
                evals,
                out,
                epoch=epoch,
                resume=resume_now,
                evaluation_hook=evaluation_hook,
                callbacks=callbacks,
                log=log,
            )
            result.oom_events = events
            result.save(out / "result.json")
            return result
        except torch.OutOfMemoryError as err:
            # Drop the traceback: its frames hold the model and trainer, i.e. the GPU memory.
            oom = err.with_traceback(None)
            message = str(err).splitlines()[0][:200] if str(err) else "out of memory"
        _free_memory()
        _check_retries_left(config, current, attempt, message, oom)
        attempt += 1
        smaller = _halve_batch(current)
        event = _oom_event(out, attempt, message, before=current, after=smaller)
        events.append(event)
        _record_oom(config, out, event, message, log)
        current = smaller
        resume_now = True


def _check_retries_left(
    config: TrainingConfig,
    current: TrainingConfig,
    attempt: int,
    message: str,
    oom: BaseException | None,
) -> None:
    """Raise `OutOfMemoryError` when no recovery is left: every retry used, or the per-device
    batch already at 1 (it cannot be halved)."""
    if attempt >= config.oom.max_retries or current.optim.per_device_train_batch_size == 1:
        why = (
            f"after {attempt} recoveries"
            if attempt >= config.oom.max_retries
            else "at per-device batch 1"
        )
        raise OutOfMemoryError(f"{message} ({why})") from oom


def _halve_batch(config: TrainingConfig) -> TrainingConfig:
    """`config` with half the per-device batch and twice the accumulation: the same effective
    batch, so the same schedule (an odd batch rounds the accumulation down)."""
    o = config.optim
    new_batch = o.per_device_train_batch_size // 2
    new_accum = o.gradient_accumulation_steps * 2
    if new_batch * new_accum != o.effective_batch_size:  # odd batch sizes round down
        new_accum = max(1, o.effective_batch_size // new_batch)
    return config.model_copy(
        update={
            "optim": o.model_copy(
                update={
                    "per_device_train_batch_size": new_batch,
                    "gradient_accumulation_steps": new_accum,
                }
            )
        }
    )


def _oom_event(
    out: Path, attempt: int, message: str, *, before: TrainingConfig, after: TrainingConfig
) -> OOMEvent:
    """The recovery about to happen: the batch change, and the checkpoint it resumes from."""
    latest, _ = find_resumable(out, hashes=False)
    return OOMEvent(
        attempt=attempt,
        global_step=latest.global_step if latest else None,
        error=message,
        batch_size_before=before.optim.per_device_train_batch_size,
        batch_size_after=after.optim.per_device_train_batch_size,
        accumulation_before=before.optim.gradient_accumulation_steps,
        accumulation_after=after.optim.gradient_accumulation_steps,
        resumed_from=str(latest.path) if latest else None,
    )


def _record_oom(config: TrainingConfig, out: Path, event: OOMEvent, message: str, log: Log) -> None:
    """The recovery in the metrics file and in the log."""
    _metrics(config, out).write("oom", **event.model_dump(mode="json"))
    resumed = Path(event.resumed_from).name if event.resumed_from else "the start"
    log(
        f"out of memory ({message}); retry {event.attempt}/{config.oom.max_retries}: batch "
        f"{event.batch_size_before}->{event.batch_size_after}, accumulation "
        f"{event.accumulation_before}->{event.accumulation_after}, resuming from {resumed}"
    )


def _metrics(config: TrainingConfig, out: Path) -> Any:
    from noesis_trainer.training.callbacks import MetricsLog

    return MetricsLog(out / config.logging.metrics_file)


_REPORT_PACKAGES: dict[str, tuple[str, ...]] = {
    "tensorboard": ("tensorboard", "tensorboardX"),
    "wandb": ("wandb",),
    "mlflow": ("mlflow",),
    "comet_ml": ("comet_ml",),
}


def check_report_targets(config: TrainingConfig) -> None:
    """Fail before loading the model when a `report_to` target's package is missing."""
    import importlib.util

    for target in config.logging.report_to:
        packages = _REPORT_PACKAGES.get(target, ())
        if packages and not any(importlib.util.find_spec(p) for p in packages):
            raise ConfigError(
                f"logging.report_to: {target!r} needs the {packages[0]} package "
                f"(pip install {packages[0]})"
            )


def _sft_args(config: TrainingConfig, out: Path, *, has_eval: bool) -> Any:
    import torch
    from trl import SFTConfig

    o, c = config.optim, config.checkpoint
    cuda = torch.cuda.is_available()
    dtype = str(config.model.dtype)
    bf16 = cuda and (dtype == "bfloat16" or (dtype == "auto" and torch.cuda.is_bf16_supported()))
    fp16 = cuda and not bf16 and dtype in ("float16", "auto")
    report_to: Any = list(config.logging.report_to) or "none"
    return SFTConfig(
        output_dir=str(out),
        num_train_epochs=o.num_epochs,
        per_device_train_batch_size=o.per_device_train_batch_size,
        per_device_eval_batch_size=config.eval.per_device_eval_batch_size,
        gradient_accumulation_steps=o.gradient_accumulation_steps,
        learning_rate=o.learning_rate,
        lr_scheduler_type=o.lr_scheduler_type,
        warmup_steps=o.warmup_ratio,
        weight_decay=o.weight_decay,
        max_grad_norm=o.max_grad_norm,
        optim=o.optim,
        seed=o.seed,
        data_seed=o.seed,
        logging_steps=config.logging.logging_steps,
        save_strategy="steps" if c.save_steps else "no",
        save_steps=c.save_steps or 500,
        save_total_limit=c.save_total_limit,
        eval_strategy="epoch" if has_eval and config.eval.each_epoch else "no",
        report_to=report_to,
        disable_tqdm=not config.logging.progress_bar,
        include_num_input_tokens_seen="non_padding",
        max_length=config.model.max_seq_length,
        packing=config.data.packing,
        packing_strategy="bfd",
        gradient_checkpointing=False,  # enabled on the model by the engine
        bf16=bf16,
        fp16=fp16,
        use_cpu=not cuda,
        dataloader_num_workers=0,
        dataloader_pin_memory=cuda,
    )


def _resume_point(
    config: TrainingConfig, out: Path, *, epoch: int | None, resume: bool, metrics: Any, log: Log
) -> tuple[CheckpointInfo | None, list[CheckpointInfo]]:
    """The checkpoint to resume from (None: step 0) and the broken ones, set aside and logged.
    Without `resume`, a folder that already holds checkpoints is refused, never overwritten."""
    skipped: list[CheckpointInfo] = []
    info: CheckpointInfo | None = None
    if resume:
        info, skipped = select_checkpoint(out, epoch=epoch, num_epochs=config.optim.num_epochs)
    elif list_checkpoints(out):
        raise TrainingStateError(
            f"{out} already holds checkpoints of a run",
            "resume it (--resume / resume=True) or choose a new checkpoint.output_dir",
        )
    for bad in skipped:
        moved = _set_aside(bad.path)
        log(f"skipping {bad.path.name}: {'; '.join(bad.problems)} (moved to {moved.name})")
        metrics.write(
            "skip_checkpoint", path=str(bad.path), moved_to=str(moved), problems=bad.problems
        )
    if resume:
        if info is not None:
            log(f"resuming from {info.path.name} (step {info.global_step}, epoch {info.epoch:g})")
        else:
            log("no valid checkpoint to resume from: starting at step 0")
    return info, skipped


def _train_once(
    config: TrainingConfig,
    train: list[Example],
    evals: list[Example],
    out: Path,
    *,
    epoch: int | None,
    resume: bool,
    evaluation_hook: EvaluationHook | None,
    callbacks: Sequence[Any],
    log: Log,
) -> TrainingResult:
    """One training run from the resume point (or step 0) to the end or to `epoch`'s end;
    `run_training` calls it again after an out-of-memory error."""
    if not train:
        raise TrainingStateError("no training examples", "set data.train_file in the config")
    check_report_targets(config)
    metrics = _metrics(config, out)
    info, skipped = _resume_point(config, out, epoch=epoch, resume=resume, metrics=metrics, log=log)

    from noesis_trainer.training.model import load_model

    loaded = load_model(config)
    train_tok, eval_tok = _tokenize(config, loaded.tokenizer, train, evals)
    run_key = _run_key(config, _token_digest(train_tok.input_ids))
    if info is not None:
        _check_same_run(info, run_key)
    args = _sft_args(config, out, has_eval=eval_tok is not None)
    notes = _notes(config, loaded, args)
    noesis_cb = _noesis_callback(
        config,
        out,
        metrics,
        run_key,
        info,
        epoch=epoch,
        evaluation_hook=evaluation_hook,
        log=log,
    )
    out.mkdir(parents=True, exist_ok=True)
    config.save_yaml(out / "training_config.yaml")
    trainer = _sft_trainer(config, loaded, args, train_tok, eval_tok, [noesis_cb, *callbacks])
    trainer.train(resume_from_checkpoint=str(info.path) if info else None)
    result = _training_result(
        config, out, trainer, loaded, args, noesis_cb, info, skipped, epoch=epoch, notes=notes
    )
    del trainer, loaded
    return result


def _tokenize(
    config: TrainingConfig, tokenizer: Any, train: list[Example], evals: list[Example]
) -> tuple[Any, Any | None]:
    """The train examples and the eval examples (None when there are none) as token rows in
    the chat format of `config`."""
    from noesis_trainer.training.data import tokenize_examples

    fmt = chat_format(config)
    max_len = config.model.max_seq_length
    train_tok = tokenize_examples(train, tokenizer, fmt, max_len, source="train")
    eval_tok = tokenize_examples(evals, tokenizer, fmt, max_len, source="eval") if evals else None
    return train_tok, eval_tok


def _notes(config: TrainingConfig, loaded: Any, args: Any) -> list[str]:
    """What the loader changed of what was asked, and packing the engine turned off."""
    notes = list(loaded.notes)
    if config.data.packing and not args.packing:
        notes.append(f"{config.engine}: packing turned off by the engine on this machine")
    return notes


def _noesis_callback(
    config: TrainingConfig,
    out: Path,
    metrics: Any,
    run_key: dict[str, Any],
    info: CheckpointInfo | None,
    *,
    epoch: int | None,
    evaluation_hook: EvaluationHook | None,
    log: Log,
) -> Any:
    """Our callback: checkpoint manifests, metrics, each epoch's evaluation, the stop after
    `epoch`; resumed with the history saved in `info`."""
    from noesis_trainer.training.callbacks import NoesisCallback

    saved_history = info.manifest.get("history", []) if info else []
    return NoesisCallback(
        output_dir=out,
        metrics=metrics,
        run_info=run_key
        | {
            "engine": config.engine,
            "per_device_train_batch_size": config.optim.per_device_train_batch_size,
            "gradient_accumulation_steps": config.optim.gradient_accumulation_steps,
        },
        history=[EpochMetrics.model_validate(h) for h in saved_history],
        partial=info.manifest.get("partial") if info else None,
        evaluation_hook=evaluation_hook if config.eval.tribunal_each_epoch else None,
        stop_after_epoch=epoch,
        log=log,
    )


def _sft_trainer(
    config: TrainingConfig,
    loaded: Any,
    args: Any,
    train_tok: Any,
    eval_tok: Any | None,
    callbacks: list[Any],
) -> Any:
    """TRL's trainer over the token rows, quiet without progress bars, LoRA kept in float32."""
    from noesis_trainer.training.model import keep_lora_in_float32
    from noesis_trainer.training.sft import NoesisSFTTrainer

    trainer = NoesisSFTTrainer(
        model=loaded.model,
        args=args,
        train_dataset=train_tok.to_hf(),
        eval_dataset=eval_tok.to_hf() if eval_tok is not None else None,
        processing_class=loaded.tokenizer,
        callbacks=callbacks,
    )
    _no_raw_log_dicts(trainer, config)
    keep_lora_in_float32(trainer.model)
    return trainer


def _training_result(
    config: TrainingConfig,
    out: Path,
    trainer: Any,
    loaded: Any,
    args: Any,
    noesis_cb: Any,
    info: CheckpointInfo | None,
    skipped: list[CheckpointInfo],
    *,
    epoch: int | None,
    notes: list[str],
) -> TrainingResult:
    """Where the run got to; a finished run's adapter is saved first (a stopped one has none)."""
    state = trainer.state
    completed = state.global_step >= state.max_steps
    adapter: str | None = None
    if completed:
        adapter = str(_save_adapter(trainer, out / ADAPTER_DIR, {"global_step": state.global_step}))
    return TrainingResult(
        output_dir=str(out),
        engine=config.engine,
        mode="epoch" if epoch is not None else "train",
        epochs=noesis_cb.history,
        global_step=state.global_step,
        max_steps=state.max_steps,
        tokens_seen=int(state.num_input_tokens_seen),
        completed=completed,
        adapter_path=adapter,
        checkpoints=[str(p) for p in reversed(list_checkpoints(out))],
        resumed_from=str(info.path) if info else None,
        skipped_checkpoints=[
            SkippedCheckpoint(path=str(s.path), problems=s.problems) for s in skipped
        ],
        packing=bool(args.packing),
        load_in_4bit=loaded.load_in_4bit,
        notes=notes,
    )


def _set_aside(path: Path) -> Path:
    """Rename an invalid checkpoint so the resumed run never writes into (or over) it.

    The new name must not start with ``checkpoint-``: transformers' rotation globs that prefix.
    """
    target = path.with_name(f"invalid-{path.name}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"invalid{n}-{path.name}")
    path.rename(target)
    return target


def _check_same_run(info: CheckpointInfo, run_key: dict[str, Any]) -> None:
    saved = info.manifest.get("run") or {}
    changed = [k for k, v in run_key.items() if k in saved and saved[k] != v]
    if changed:
        raise TrainingStateError(
            f"{info.path} belongs to a different run: {', '.join(changed)} changed",
            "restore the original config or data, or use a new checkpoint.output_dir",
        )


def _save_adapter(trainer: Any, target: Path, info: dict[str, Any]) -> Path:
    """Save the final adapter into a temporary folder, manifest it, then swap it in."""
    tmp = target.with_name(f".{target.name}.tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    trainer.save_model(str(tmp))
    write_manifest(tmp, info)
    old = target.with_name(f".{target.name}.old")
    if target.exists():
        if old.exists():
            shutil.rmtree(old)
        target.rename(old)
    tmp.rename(target)
    if old.exists():
        shutil.rmtree(old)
    return target


def run_evaluation(
    config: TrainingConfig,
    *,
    eval_examples: Sequence[Example] | None = None,
    output_dir: str | Path | None = None,
    checkpoint: str | Path | None = None,
    evaluation_hook: EvaluationHook | None = None,
    log: Log = print,
) -> TrainingResult:
    """Eval loss (and the evaluation hook) of one checkpoint: the newest valid one by default."""
    out = Path(output_dir) if output_dir is not None else config.checkpoint.output_dir
    evals = _load_examples(config.data.eval_file, eval_examples, "eval")
    skipped: list[CheckpointInfo] = []
    if checkpoint is None:
        adapter = out / ADAPTER_DIR
        info, skipped = find_resumable(out)
        if (adapter / "adapter_model.safetensors").is_file():
            target, epoch = adapter, config.optim.num_epochs - 1
        elif info is not None:
            target, epoch = info.path, int(info.epoch_end if info.epoch_end is not None else -1)
        else:
            raise TrainingStateError(f"no valid checkpoint in {out}", "train first")
    else:
        target, epoch = Path(checkpoint), -1
    for bad in skipped:
        log(f"skipping {bad.path.name}: {'; '.join(bad.problems)}")

    from noesis_trainer.training.model import load_adapter_weights, load_model

    loaded = load_model(config)
    load_adapter_weights(loaded.model, target)
    eval_loss = _eval_loss(config, loaded, evals, out) if evals else None
    tribunal = dict(evaluation_hook(target, epoch)) if evaluation_hook is not None else None
    del loaded
    log(f"evaluated {target}: eval loss {eval_loss}")
    return TrainingResult(
        output_dir=str(out),
        engine=config.engine,
        mode="evaluate",
        eval_loss=eval_loss,
        tribunal=tribunal,
        resumed_from=str(target),
        skipped_checkpoints=[
            SkippedCheckpoint(path=str(s.path), problems=s.problems) for s in skipped
        ],
    )


def _eval_loss(config: TrainingConfig, loaded: Any, evals: Sequence[Example], out: Path) -> float:
    """Mean completion-token loss of `evals` under the loaded model (TRL's evaluate)."""
    from noesis_trainer.training.data import tokenize_examples
    from noesis_trainer.training.sft import NoesisSFTTrainer

    eval_tok = tokenize_examples(
        evals, loaded.tokenizer, chat_format(config), config.model.max_seq_length, source="eval"
    )
    args = _sft_args(config, out / "eval", has_eval=True)
    trainer = NoesisSFTTrainer(
        model=loaded.model,
        args=args,
        train_dataset=eval_tok.to_hf(),  # TRL requires one; never trained on
        eval_dataset=eval_tok.to_hf(),
        processing_class=loaded.tokenizer,
    )
    _no_raw_log_dicts(trainer, config)
    loss = float(trainer.evaluate()["eval_loss"])
    del trainer
    return loss


def _no_raw_log_dicts(trainer: Any, config: TrainingConfig) -> None:
    """Without progress bars, transformers prints each log as a raw dict on stdout; our
    MetricsLog and the console summary carry those figures instead."""
    if not config.logging.progress_bar:
        from transformers.trainer_callback import PrinterCallback

        trainer.remove_callback(PrinterCallback)


def base_eval_loss(
    config: TrainingConfig,
    *,
    eval_examples: Sequence[Example] | None = None,
    output_dir: str | Path | None = None,
    log: Log = print,
) -> float | None:
    """Eval loss of the base model before any training, measured exactly as each epoch's.

    The model is loaded as training loads it (same engine, quantization, LoRA targets); a fresh
    LoRA adapter adds zero (its B matrices start at zero), so this is the base model's loss.
    """
    from noesis_trainer.training.model import load_model

    out = Path(output_dir) if output_dir is not None else config.checkpoint.output_dir
    evals = _load_examples(config.data.eval_file, eval_examples, "eval")
    if not evals:
        return None
    loaded = load_model(config)
    loss = _eval_loss(config, loaded, evals, out)
    del loaded
    _free_memory()
    log(f"base model: eval loss {loss:.4f}")
    return loss
