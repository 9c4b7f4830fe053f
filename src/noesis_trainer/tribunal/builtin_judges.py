"""Built-in plugin: registers the three heuristic virtue judges through `register_judges`.

Listed in `noesis_trainer.plugins.manager.BUILTIN_PLUGINS`, so it is loaded exactly like a
third-party plugin, but kept apart from them: `Tribunal(builtin_judges=False)` runs without them,
`Tribunal(use_plugins=False)` without the third-party judges only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from noesis_trainer.plugins.hookspecs import hookimpl
from noesis_trainer.tribunal.judges.heuristic import builtin_heuristic_judges


@hookimpl
def register_judges(register: Callable[[Any], None]) -> None:
    """Veritas, Sophia and Dikē heuristic judges."""
    for judge in builtin_heuristic_judges():
        register(judge)
