"""The `noesis` command. Each module of this package adds its own subcommands to `app`.

The modules are listed here, not discovered, and `noesis --help` shows the commands in the order
of the pipeline's stages (`COMMAND_ORDER`). Command bodies import heavy stacks (torch,
transformers...) only when they run.
"""

from __future__ import annotations

from noesis_trainer.cli import (  # noqa: F401  (each module registers its commands on import)
    dataset,
    doctor,
    evaluate,
    generate,
    merge,
    plan,
    plugins,
    run,
    split,
    train,
    validate,
)
from noesis_trainer.cli.app import app, console, fail

COMMAND_ORDER: tuple[str, ...] = (
    "run",
    "schema",
    "stats",
    "convert",
    "validate",
    "generate",
    "split",
    "tokens",
    "plan",
    "train",
    "evaluate",
    "judge",
    "merge",
    "export-gguf",
    "push-to-hub",
    "doctor",
    "plugins",
)
"""The whole pipeline first, then one command per stage in the order the pipeline runs them;
a command not named here is listed after these."""


def _command_name(info: object) -> str:
    name = getattr(info, "name", None)
    callback = getattr(info, "callback", None)
    if name:
        return str(name)
    return getattr(callback, "__name__", "").replace("_", "-")


def _order_commands() -> None:
    rank = {name: i for i, name in enumerate(COMMAND_ORDER)}
    app.registered_commands.sort(key=lambda c: rank.get(_command_name(c), len(rank)))


_order_commands()


def main() -> None:
    """Console-script entry point: an output refused or an OS error (read-only file system, disk
    full, a closed stdout) ends as one line on stderr, never a traceback."""
    import sys

    from noesis_trainer.cli.app import _Process
    from noesis_trainer.io.paths import OutputPathError

    _Process.standalone = True
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


__all__ = ["COMMAND_ORDER", "app", "console", "fail", "main"]
