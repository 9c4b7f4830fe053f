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
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console

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


def verbosity_level(verbose: int, quiet: int) -> int:
    """``-v`` -> DEBUG, ``-q`` -> WARNING, ``-qq`` -> ERROR, nothing -> INFO."""
    level = logging.INFO - 10 * verbose + 10 * quiet
    return max(logging.DEBUG, min(logging.ERROR, level))


def configure(verbose: int = 0, quiet: int = 0) -> logging.Logger:
    """Send the library's logger to `console` at the chosen level and quieten the stack unless
    ``-v``. Returns the ``noesis_trainer`` logger."""
    from rich.logging import RichHandler

    level = verbosity_level(verbose, quiet)
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(level)
    for handler in list(logger.handlers):
        if getattr(handler, "_noesis", False):
            logger.removeHandler(handler)
    handler = RichHandler(
        console=console,
        show_time=False,
        show_level=False,
        show_path=False,
        markup=False,
        rich_tracebacks=False,
    )
    handler._noesis = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.propagate = False
    if verbose == 0:
        quiet_third_party()
    return logger


def get_logger() -> logging.Logger:
    return logging.getLogger(LOGGER_NAME)


@contextmanager
def stage_progress(name: str) -> Iterator[None]:
    """A spinner with the elapsed time while a stage runs (only on a terminal; transient)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    if not console.is_terminal or get_logger().getEffectiveLevel() > logging.INFO:
        yield
        return
    with Progress(
        SpinnerColumn(),
        TextColumn(f"[{name}]"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        progress.add_task(name, total=None)
        yield
