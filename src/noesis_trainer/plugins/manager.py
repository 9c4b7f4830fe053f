"""The plugin manager: built-in plugins, entry-point plugins, and collection of registrations."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any

import pluggy

from noesis_trainer.plugins import hookspecs

BUILTIN_PLUGINS: tuple[str, ...] = (
    "noesis_trainer.validation.builtin_rules",
    "noesis_trainer.validation.output_rules",
    "noesis_trainer.validation.boilerplate_rule",
    "noesis_trainer.variations.builtin_techniques",
    "noesis_trainer.tribunal.builtin_judges",
)
"""Modules registered like any third-party plugin; a missing one (not yet built) is skipped."""


@functools.lru_cache(maxsize=1)
def get_plugin_manager() -> pluggy.PluginManager:
    """The process-wide manager: hook specs, built-in plugins, then entry-point plugins."""
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    for name in BUILTIN_PLUGINS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name is not None and name.startswith(err.name):
                continue
            raise
        pm.register(module, name=name)
    pm.load_setuptools_entrypoints(hookspecs.ENTRY_POINT_GROUP)
    return pm


def collect(hook_name: str) -> list[Any]:
    """Call the ``register_*`` hook `hook_name` on every plugin; return what they registered."""
    items: list[Any] = []
    register: Callable[[Any], None] = items.append
    getattr(get_plugin_manager().hook, hook_name)(register=register)
    return items
