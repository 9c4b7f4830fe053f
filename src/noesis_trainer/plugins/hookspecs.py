"""Every hook a noesis-trainer plugin can implement, in one place.

A plugin is a module or object with functions decorated by ``noesis_trainer.hookimpl``. Each
``register_*`` hook receives a ``register`` callable and calls it once per thing it contributes:

.. code-block:: python

    from noesis_trainer import hookimpl

    @hookimpl
    def register_rules(register):
        register(MyRule())

Installed packages are found through the ``noesis_trainer`` entry-point group::

    [project.entry-points.noesis_trainer]
    my_plugin = "my_package.plugin"
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pluggy

PROJECT_NAME = "noesis_trainer"
ENTRY_POINT_GROUP = "noesis_trainer"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def register_rules(register: Callable[[Any], None]) -> None:
    """Contribute validation rules: call ``register(rule)`` with objects that follow the
    ``noesis_trainer.validation.Rule`` protocol (``id``, ``severity``, ``check``...)."""


@hookspec
def register_techniques(register: Callable[[Any], None]) -> None:
    """Contribute variation techniques: call ``register(technique)`` with objects that follow the
    ``noesis_trainer.variations.Technique`` protocol (``name``, ``vary``)."""


@hookspec
def register_judges(register: Callable[[Any], None]) -> None:
    """Contribute Tribunal judges: call ``register(judge)`` with objects that follow the
    ``noesis_trainer.tribunal.Judge`` protocol (``name``, ``virtue``, ``score_batch``)."""
