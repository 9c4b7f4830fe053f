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
    """Console-script entry point."""
    app()


__all__ = ["app", "console", "fail", "main"]
