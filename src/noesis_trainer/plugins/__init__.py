"""Plugin system (pluggy): hook specs, the manager, and the ``hookimpl`` marker for plugins."""

from noesis_trainer.plugins.hookspecs import ENTRY_POINT_GROUP, hookimpl, hookspec
from noesis_trainer.plugins.manager import collect, get_plugin_manager

__all__ = ["ENTRY_POINT_GROUP", "collect", "get_plugin_manager", "hookimpl", "hookspec"]
