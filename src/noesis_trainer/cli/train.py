"""`noesis train CONFIG.yaml [--epoch N] [--resume] [--eval-only]`: stage 5 from the shell."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import yaml

from noesis_trainer.cli.app import app, check_output, console, fail

if TYPE_CHECKING:
    from noesis_trainer.training.result import TrainingResult
    from noesis_trainer.training.trainer import Trainer


def _is_seed_file(path: Path) -> bool:
    """The original project's training_config.yaml has `training:`/`dataset:` at the top."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return isinstance(data, dict) and ("training" in data or "dataset" in data)


def _load_config(config: Path, lora_config: Path | None, show_mapping: bool) -> Any:
    from noesis_trainer.training.config import TrainingConfig
    from noesis_trainer.training.seed_mapping import map_seed_files

    if lora_config is not None or _is_seed_file(config):
        cfg, report = map_seed_files(config, lora_config)
        if show_mapping:
            console.print(report.to_text(), markup=False)
        for key in report.rejected:
            console.print(f"warning: rejected {key.source}: {key.reason}", markup=False)
        return cfg
    return TrainingConfig.from_yaml(config)


@app.command()
def train(
    config: Annotated[
        Path,
        typer.Argument(
            help="TrainingConfig YAML (or the original process's training_config.yaml)."
        ),
    ],
    epoch: Annotated[
        int | None,
        typer.Option("--epoch", help="Train only this epoch (0-based), from the previous one's."),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue from the newest valid checkpoint.")
    ] = False,
    eval_only: Annotated[
        bool, typer.Option("--eval-only", help="Only evaluate the final adapter or a checkpoint.")
    ] = False,
    checkpoint: Annotated[
        Path | None, typer.Option("--checkpoint", help="With --eval-only: which checkpoint.")
    ] = None,
    lora_config: Annotated[
        Path | None,
        typer.Option(
            "--lora-config", help="The original process's lora_config.yaml, read with CONFIG."
        ),
    ] = None,
    output_dir: Annotated[
        Path | None, typer.Option("--out", "-o", help="Overrides checkpoint.output_dir.")
    ] = None,
    engine: Annotated[
        str | None, typer.Option("--engine", help="unsloth or transformers (overrides config).")
    ] = None,
    show_mapping: Annotated[
        bool,
        typer.Option(
            "--show-mapping",
            help="Print what became of each key of the original process's YAML files.",
        ),
    ] = False,
    merge_only: Annotated[
        Path | None,
        typer.Option(
            "--merge-only",
            help="Only merge the trained adapter into the 16-bit base, writing to this folder.",
        ),
    ] = None,
    output_dir_alias: Annotated[Path | None, typer.Option("--output-dir", hidden=True)] = None,
) -> None:
    """Fine-tune the base model with LoRA (QLoRA by default) on the configured examples."""
    _check_flags(config, engine=engine, epoch=epoch, eval_only=eval_only, checkpoint=checkpoint)
    output_dir = output_dir or output_dir_alias  # --output-dir: the spelling before 0.2
    check_output(output_dir, "--output-dir" if output_dir_alias else "--out", folder=True)
    if merge_only is not None and (eval_only or epoch is not None or resume):
        fail("--merge-only cannot be combined with --eval-only, --epoch or --resume")
    cfg = _config_or_fail(config, lora_config, show_mapping)
    trainer = _trainer(cfg, engine, output_dir)
    with _known_errors_fail():
        if merge_only is not None:
            trainer.merge(merge_only)
            console.print(f"merged model written to {merge_only}", markup=False)
            return
        if eval_only:
            result = trainer.evaluate(checkpoint=checkpoint)
            console.print(f"eval loss: {result.eval_loss}", markup=False)
            return
        result = trainer.train(resume=resume, epoch=epoch)
    _print_training(result)


def _check_flags(
    config: Path, *, engine: str | None, epoch: int | None, eval_only: bool, checkpoint: Path | None
) -> None:
    """Fail (exit 2) on a missing config file or flags that contradict each other."""
    if not config.is_file():
        fail(f"{config}: no such file")
    if engine is not None and engine not in ("unsloth", "transformers"):
        fail(f"--engine: {engine!r} is not one of unsloth, transformers")
    if eval_only and epoch is not None:
        fail("--eval-only and --epoch cannot be combined")
    if epoch is not None and epoch < 0:
        fail(f"--epoch must be 0 or more (0-based), got {epoch}")
    if checkpoint is not None and not checkpoint.is_dir():
        fail(f"--checkpoint {checkpoint}: no such folder")


def _config_or_fail(config: Path, lora_config: Path | None, show_mapping: bool) -> Any:
    """The training config, or one line (exit 2) for a bad one or a local base model that is
    not there (found now, not after minutes of loading)."""
    from noesis_trainer.training.config import ConfigError

    try:
        cfg = _load_config(config, lora_config, show_mapping)
    except ConfigError as err:
        fail(str(err))
    base = cfg.model.base_model
    if base.startswith(("/", ".", "~")) and not Path(base).expanduser().is_dir():
        fail(f"{config}: model.base_model {base}: no such folder (a local path, not a Hub id)")
    return cfg


def _trainer(cfg: Any, engine: str | None, output_dir: Path | None) -> Trainer:
    """A trainer on this machine that logs to the console."""
    from noesis_trainer.training.backends.local import LocalBackend
    from noesis_trainer.training.trainer import Trainer

    return Trainer(
        cfg,
        backend=LocalBackend(engine),
        output_dir=output_dir,
        log=lambda line: console.print(line, markup=False),
    )


@contextmanager
def _known_errors_fail() -> Iterator[None]:
    """Our errors and the stack's failures we recognise end the command with one line (exit 2);
    any other exception is a bug and keeps its traceback."""
    from noesis_trainer.errors import NoesisError, classify

    try:
        yield
    except Exception as err:
        known = classify(err)
        if known is None and not isinstance(err, NoesisError | ValueError | FileNotFoundError):
            raise
        fail(known.line() if known is not None else str(err))


def _print_training(result: TrainingResult) -> None:
    """Each epoch's figures, the checkpoints set aside, and where the adapter and result are."""
    for e in result.epochs:
        console.print(
            f"epoch {e.epoch}: train loss {e.train_loss}, eval loss {e.eval_loss}, "
            f"{e.tokens_seen} tokens, checkpoint {e.checkpoint}",
            markup=False,
        )
    for s in result.skipped_checkpoints:
        console.print(f"skipped {s.path}: {'; '.join(s.problems)}", markup=False)
    done = "all epochs done" if result.completed else f"stopped at step {result.global_step}"
    summary = Path(result.output_dir) / "result.json"
    console.print(f"{done}; adapter: {result.adapter_path}; result: {summary}", markup=False)
