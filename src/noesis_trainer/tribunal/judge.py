"""The `Judge` protocol and the values it exchanges: items in, scores in [0, 1] with reasons out.

A judge scores a whole batch at once so that model-backed judges can batch their calls; heuristic
judges just loop. Every judge sees the prompt: a judge that reads only the response cannot tell an
on-topic answer from a fluent answer to another question.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable


class Virtue(StrEnum):
    """The three virtues of the seed's Tribunal (weights 0.4 / 0.3 / 0.3 by default)."""

    VERITAS = "veritas"
    SOPHIA = "sophia"
    DIKE = "dike"


@dataclass(frozen=True, slots=True)
class JudgeItem:
    """One thing to judge: the prompt, the model's response, optionally a reference answer."""

    prompt: str
    response: str
    reference: str | None = None
    finished: bool | None = None
    """False when generation stopped at `max_new_tokens` before the end of turn (the gate calls
    it truncated); None when unknown (the ending is judged from the text)."""


@dataclass(frozen=True, slots=True)
class JudgeScore:
    """A judge's score for one item, in [0, 1], with a short human-readable reason."""

    score: float
    reason: str = ""
    scored: bool = True
    """False when the judge could not score the item (an unreadable reply): the Tribunal leaves
    it out of every mean and counts it, instead of averaging a made-up middle score."""

    def __post_init__(self) -> None:
        if type(self.score) is float and 0.0 <= self.score <= 1.0:
            return  # the common case, checked in one comparison (every judge makes many)
        if not isinstance(self.score, int | float) or math.isnan(self.score):
            raise ValueError(f"judge score must be a number in [0, 1], got {self.score!r}")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"judge score must be in [0, 1], got {self.score!r}")


@runtime_checkable
class Judge(Protocol):
    """Scores batches of items for one virtue. `name` must be unique within a Tribunal."""

    @property
    def name(self) -> str: ...

    @property
    def virtue(self) -> Virtue | str: ...

    def score_batch(self, items: Sequence[JudgeItem]) -> list[JudgeScore]:
        """Return exactly one `JudgeScore` per item, in order."""
        ...


def clamp01(value: float) -> float:
    """Clip to [0, 1] (judges compose sub-scores that may overshoot)."""
    return 0.0 if value < 0.0 else 1.0 if value > 1.0 else value


def virtue_of(judge: Judge) -> Virtue:
    """The judge's virtue as a `Virtue`, with a clear error for an unknown name."""
    raw = judge.virtue
    try:
        return raw if isinstance(raw, Virtue) else Virtue(str(raw).lower())
    except ValueError:
        allowed = ", ".join(v.value for v in Virtue)
        raise ValueError(
            f"judge {judge.name!r} has unknown virtue {raw!r} (expected one of: {allowed})"
        ) from None
