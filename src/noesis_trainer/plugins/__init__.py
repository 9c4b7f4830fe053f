"""Plugin system (pluggy): hook specs, the manager, and the ``hookimpl`` marker for plugins."""

from noesis_trainer.plugins.hookspecs import ENTRY_POINT_GROUP, hookimpl, hookspec
from noesis_trainer.plugins.manager import (
    ALLOW_LIST_ENV,
    PluginInfo,
    collect,
    get_plugin_manager,
    list_plugins,
)

__all__ = [
    "ALLOW_LIST_ENV",
    "ENTRY_POINT_GROUP",
    "PluginInfo",
    "collect",
    "get_plugin_manager",
    "hookimpl",
    "hookspec",
    "list_plugins",
]
