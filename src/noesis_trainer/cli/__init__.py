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
    """Console-script entry point."""
    app()


__all__ = ["COMMAND_ORDER", "app", "console", "fail", "main"]
