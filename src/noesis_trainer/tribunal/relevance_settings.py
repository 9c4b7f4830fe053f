"""The names of the Tribunal's relevance settings, in one light module: the CLI, the pipeline's
config and its Modal jobs check them without importing the judges."""

from __future__ import annotations

from typing import Literal, get_args

RelevanceSetting = Literal["vectors", "lexical", "semantic", "retrieval"]
"""How the heuristic judges tell whether an answer addresses its prompt
(`TribunalConfig.relevance`, which adds "custom" for a backend given to the Tribunal)."""

RELEVANCE_SETTINGS: tuple[str, ...] = get_args(RelevanceSetting)
"""Every setting, the default first."""


def relevance_choices() -> str:
    """The settings as a sentence names them: "'vectors', 'lexical', 'semantic' or 'retrieval'"."""
    quoted = [f"'{name}'" for name in RELEVANCE_SETTINGS]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]
