"""One console for the `noesis` command: our lines through `logging`, third-party noise off at
its source.

The training stack talks a lot (torchao's "Failed to load" lines, TRL's packing warning that our
own tests disprove, tokenizer notices, tqdm bars, the Trainer's log dicts). Nothing here patches
those libraries: each is quietened with the switch it offers itself (its logger's level, its
environment variable, a `warnings` filter). ``-v`` leaves them all alone.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

if TYPE_CHECKING:  # pragma: no cover
    from rich.progress import Progress

console = Console(highlight=False, soft_wrap=True)
"""Standard output: our stage lines, results and the final summary."""
err_console = Console(stderr=True, highlight=False)
"""Standard error: one line per error."""

LOGGER_NAME = "noesis_trainer"

QUIET_LOGGERS: tuple[str, ...] = (
    "accelerate",
    "bitsandbytes",
    "datasets",
    "filelock",
    "httpx",
    "huggingface_hub",
    "peft",
    "torch",
    "torch.utils._pytree",  # torch resets "torch" to WARNING when imported; children keep theirs
    "torchao",
    "transformers",
    "trl",
    "unsloth",
    "unsloth_zoo",
    "urllib3",
)
"""Loggers of libraries we call, raised to ERROR unless ``-v``."""

QUIET_ENV: dict[str, str] = {
    "TRANSFORMERS_VERBOSITY": "error",
    "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1",
    "DATASETS_VERBOSITY": "error",
    "HF_DATASETS_DISABLE_PROGRESS_BARS": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "TQDM_DISABLE": "1",
    "BITSANDBYTES_NOWELCOME": "1",
    "UNSLOTH_DISABLE_STATISTICS": "1",
}
"""Set only where the user has not set them (their own choice wins)."""

QUIET_WARNINGS: tuple[tuple[str, str], ...] = (
    # (module regex, message regex): the library that warns, and what
    ("torch", ""),
    ("bitsandbytes", ""),
    ("transformers", ""),
    ("trl", ""),
    ("peft", ""),
    ("accelerate", ""),
    ("torchao", ""),
    ("unsloth", ""),
    ("", r".*cross-contamination.*"),
    ("", r".*TRANSFORMERS_CACHE.*"),
)


def quiet_third_party() -> None:
    """Silence known third-party chatter before those libraries are imported (or after)."""
    for key, value in QUIET_ENV.items():
        os.environ.setdefault(key, value)
    for module, message in QUIET_WARNINGS:
        warnings.filterwarnings("ignore", message=message, module=module + ".*" if module else "")
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


class _ConsoleHandler(logging.Handler):
    """Our log records as plain lines: progress on `console` (stdout), warnings and errors on
    `err_console` (stderr, saying which), so `--json` output on stdout stays clean."""

    _noesis = True

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        target = console
        if record.levelno >= logging.WARNING:
            text = f"{record.levelname.lower()}: {text}"
            target = err_console
        target.print(text, markup=False, highlight=False, soft_wrap=True)


def verbosity_level(verbose: int, quiet: int) -> int:
    """``-v`` -> DEBUG, ``-q`` -> WARNING, ``-qq`` -> ERROR, nothing -> INFO."""
    level = logging.INFO - 10 * verbose + 10 * quiet
    return max(logging.DEBUG, min(logging.ERROR, level))


def configure(verbose: int = 0, quiet: int = 0) -> logging.Logger:
    """Send the library's logger to `console` at the chosen level and quieten the stack unless
    ``-v``. Returns the ``noesis_trainer`` logger."""
    level = verbosity_level(verbose, quiet)
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(level)
    for handler in list(logger.handlers):
        if getattr(handler, "_noesis", False):
            logger.removeHandler(handler)
    handler = _ConsoleHandler()
    logger.addHandler(handler)
    logger.propagate = False
    if verbose == 0:
        quiet_third_party()
    return logger


def get_logger() -> logging.Logger:
    return logging.getLogger(LOGGER_NAME)


def _draws_on(where: Console) -> bool:
    """Whether progress is drawn on `where`: a terminal, with the log at INFO or more detail."""
    return where.is_terminal and get_logger().getEffectiveLevel() <= logging.INFO


@contextmanager
def drawn(progress: Progress) -> Iterator[bool]:
    """`progress` shown while the block runs: True, or False where its refresh thread cannot be
    started (a process limit, ``ulimit -u``): the work then goes on without it, not with a
    traceback from the bar."""
    try:
        progress.start()
    except RuntimeError:  # "can't start new thread"
        progress.stop()  # the live display was set up before the thread: undo it
        yield False
        return
    try:
        yield True
    finally:
        progress.stop()


@contextmanager
def drawn_task(
    progress: Progress, name: str, total: float | None = None
) -> Iterator[Callable[..., None] | None]:
    """One task of `progress`, shown while the block runs (`drawn`): yields what to tell it,
    ``tell(done)`` or ``tell(done, total)``, or None where the bar could not be started."""
    with drawn(progress) as shown:
        if not shown:
            yield None
            return
        task = progress.add_task(name, total=total)

        def tell(done: float, total: float | None = None) -> None:
            progress.update(task, completed=done, total=total)  # total None: unchanged

        yield tell


@contextmanager
def stage_progress(name: str, *, stderr: bool = False) -> Iterator[None]:
    """A spinner with the elapsed time while a stage runs (only on a terminal; transient), on
    standard output, or on standard error with `stderr`."""
    from rich.markup import escape
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    where = err_console if stderr else console
    if not _draws_on(where):
        yield
        return
    progress = Progress(
        SpinnerColumn(),
        TextColumn(escape(f"[{name}]")),
        TimeElapsedColumn(),
        console=where,
        transient=True,
    )
    with drawn(progress):
        progress.add_task(name, total=None)
        yield


@contextmanager
def bytes_progress(name: str) -> Iterator[Callable[[int, int], None] | None]:
    """A transient bar of bytes read, with speed and time left, on standard error (which stays a
    terminal when results are piped); yields what to tell it ``(done, total)``, or None when
    standard error is not a terminal or the log is quieter than INFO (nothing is drawn).

    `sys.stdout` and `sys.stderr` are left as they are (no redirection through the bar): the
    work under the bar forks children, and a child must not find a stream whose lock the bar's
    refresh thread held at the fork."""
    from rich.markup import escape
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    if not _draws_on(err_console):
        yield None
        return
    bar = Progress(
        TextColumn(escape(f"[{name}]")),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    with drawn_task(bar, name) as tell:
        yield tell


def _seconds(value: float) -> str:
    minutes, secs = divmod(round(value), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{value:.1f}s"


def _number(value: object, digits: int = 3) -> str:
    return f"{value:.{digits}f}" if isinstance(value, int | float) else "-"


def run_summary(
    summaries: Mapping[str, tuple[float, Mapping[str, Any]]],
    *,
    skipped: Iterable[str] = (),
    report: Path | None = None,
) -> list[str]:
    """The last lines of `noesis run`: time per stage, eval loss and Tribunal per epoch, the
    selected epoch (when a stage names one) and the report's path.

    `summaries`: stage name -> (seconds, the summary its record holds), in pipeline order.
    """
    skipped_set = set(skipped)
    lines = ["stages:"]
    for name, (seconds, _) in summaries.items():
        state = "up to date" if name in skipped_set else _seconds(seconds)
        lines.append(f"  {name:<22} {state}")
    epochs: dict[int, dict[str, Any]] = {}
    selected: object = None
    for name, (_, summary) in summaries.items():
        epoch = summary.get("epoch")
        if name.startswith("train-epoch-") and isinstance(epoch, int):
            metrics = summary.get("metrics") or {}
            epochs.setdefault(epoch, {})["eval_loss"] = metrics.get("eval_loss")
        elif name.startswith("tribunal-epoch-") and isinstance(epoch, int):
            row = epochs.setdefault(epoch, {})
            row["score"] = summary.get("avg_score")
            row["pass_rate"] = summary.get("pass_rate")
        for key in ("selected_epoch", "selected"):
            if isinstance(summary.get(key), int) and not isinstance(summary.get(key), bool):
                selected = summary[key]
    if epochs:
        lines.append("epochs (eval loss; Tribunal mean score, pass rate):")
        for epoch in sorted(epochs):
            row = epochs[epoch]
            mark = "  <- selected" if epoch == selected else ""
            rate = row.get("pass_rate")
            shown_rate = f"{rate:.0%}" if isinstance(rate, int | float) else "-"
            tribunal = (
                f"Tribunal {_number(row.get('score'), 2)}, {shown_rate} approved"
                if "score" in row
                else "Tribunal not run"
            )
            lines.append(
                f"  epoch {epoch}: eval loss {_number(row.get('eval_loss'))}; {tribunal}{mark}"
            )
    if report is not None:
        lines.append(f"report: {report}")
    return lines
