"""The `noesis` command. Each module of this package adds its own subcommands to `app`.

Modules are discovered, not listed, so a stage's commands live beside nothing but themselves.
Command bodies import heavy stacks (torch, transformers...) only when they run.
"""

from __future__ import annotations

import importlib
import pkgutil

from noesis_trainer.cli.app import app, console, fail


def _load_commands() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name != "app" and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


_load_commands()


def main() -> None:
    """Console-script entry point: an output refused or an OS error (read-only file system, disk
    full, a closed stdout) ends as one line on stderr, never a traceback."""
    import sys

    from noesis_trainer.io.paths import OutputPathError

    code: int | str | None = 0
    try:
        try:
            app()
        except SystemExit as done:
            code = done.code
        sys.stdout.flush()  # a full or closed stdout fails here, not in the interpreter's exit
    except OutputPathError as err:
        _quiet_stdout()
        sys.stderr.write(f"error: {err}\n")
        sys.exit(2)
    except OSError as err:
        _quiet_stdout()
        where = f"{err.filename}" if err.filename else "writing the output"
        sys.stderr.write(f"error: {where}: {err.strerror or err}\n")
        sys.exit(1)
    sys.exit(code)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail a second time."""
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


__all__ = ["app", "console", "fail", "main"]
