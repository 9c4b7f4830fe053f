"""The plugin manager: built-in plugins, entry-point plugins, and collection of registrations.

``NOESIS_LOAD_PLUGINS`` (as llm's ``LLM_LOAD_PLUGINS``): when set, only the installed plugins it
names (comma-separated entry-point or distribution names) are loaded; set and empty, none of
them. The built-in plugins always load.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any

import pluggy

from noesis_trainer.plugins import hookspecs

ALLOW_LIST_ENV = "NOESIS_LOAD_PLUGINS"

BUILTIN_PLUGINS: tuple[str, ...] = (
    "noesis_trainer.validation.builtin_rules",
    "noesis_trainer.validation.output_rules",
    "noesis_trainer.validation.boilerplate_rule",
    "noesis_trainer.variations.builtin_techniques",
    "noesis_trainer.tribunal.builtin_judges",
)
"""Modules registered like any third-party plugin; a missing one (not yet built) is skipped."""

REGISTER_HOOKS: tuple[str, ...] = ("register_rules", "register_techniques", "register_judges")


def allowed_plugins() -> set[str] | None:
    """The names ``NOESIS_LOAD_PLUGINS`` allows, or None when it is not set (all load)."""
    raw = os.environ.get(ALLOW_LIST_ENV)
    if raw is None:
        return None
    return {name.strip() for name in raw.split(",") if name.strip()}


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
    allowed = allowed_plugins()
    _DISTRIBUTIONS.clear()
    for ep in entry_points(group=hookspecs.ENTRY_POINT_GROUP):
        dist = ep.dist.name if ep.dist is not None else ""
        if allowed is not None and ep.name not in allowed and dist not in allowed:
            continue
        if pm.get_plugin(ep.name) is not None or pm.is_blocked(ep.name):
            continue
        pm.register(ep.load(), name=ep.name)
        if ep.dist is not None:
            _DISTRIBUTIONS[ep.name] = (ep.dist.name, ep.dist.version)
    return pm


_DISTRIBUTIONS: dict[str, tuple[str, str]] = {}
"""Entry-point plugin name -> (distribution, version) of the plugins loaded."""


def plugin_fingerprint() -> list[str]:
    """``name==version`` of every installed plugin the allow-list lets load, sorted; read from
    package metadata without importing them (stage caches key on it)."""
    allowed = allowed_plugins()
    found: set[str] = set()
    for ep in entry_points(group=hookspecs.ENTRY_POINT_GROUP):
        dist = ep.dist.name if ep.dist is not None else ""
        if allowed is not None and ep.name not in allowed and dist not in allowed:
            continue
        version = ep.dist.version if ep.dist is not None else "?"
        found.add(f"{ep.name}=={version}")
    return sorted(found)


def collect(hook_name: str, *, builtin: bool = True, third_party: bool = True) -> list[Any]:
    """Call the ``register_*`` hook `hook_name` on the plugins asked for (the built-in ones,
    the installed third-party ones, or both) and return what they registered."""
    items: list[Any] = []
    register: Callable[[Any], None] = items.append
    if not (builtin or third_party):
        return items
    pm = get_plugin_manager()
    left_out = [
        plugin
        for name, plugin in pm.list_name_plugin()
        if plugin is not None and not (builtin if name in BUILTIN_PLUGINS else third_party)
    ]
    caller = pm.subset_hook_caller(hook_name, left_out) if left_out else getattr(pm.hook, hook_name)
    caller(register=register)
    return items


@dataclass(frozen=True)
class PluginInfo:
    """One loaded plugin and what it registers, for `noesis plugins`."""

    name: str
    builtin: bool
    package: str | None
    version: str | None
    registers: dict[str, list[str]] = field(default_factory=dict)


def _label(item: Any) -> str:
    for attr in ("name", "id"):
        value = getattr(item, attr, None)
        if isinstance(value, str):
            return value
    return type(item).__name__


def list_plugins() -> list[PluginInfo]:
    """Every loaded plugin (built-ins first) with the names it registers through each hook."""
    pm = get_plugin_manager()
    out: list[PluginInfo] = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:
            continue
        registers: dict[str, list[str]] = {}
        for hook_name in REGISTER_HOOKS:
            impl = getattr(plugin, hook_name, None)
            if impl is None:
                continue
            items: list[Any] = []
            impl(register=items.append)
            registers[hook_name.removeprefix("register_")] = [_label(i) for i in items]
        package, version = _DISTRIBUTIONS.get(name, (None, None))
        out.append(
            PluginInfo(
                name=name,
                builtin=name in BUILTIN_PLUGINS,
                package=package,
                version=version,
                registers=registers,
            )
        )
    out.sort(key=lambda p: (not p.builtin, p.name))
    return out
