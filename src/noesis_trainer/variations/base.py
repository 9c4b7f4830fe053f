"""The `Technique` protocol: how a variation is made from one example.

A technique returns a *draft* example (new prompt, answers, critique...); the
`VariationGenerator` gives it its id and provenance (``source_id``, ``parent_id``, ``technique``)
and decides whether to keep it, so plugins never have to get those right themselves.

Techniques that call a language model should also implement `BatchTechnique.vary_batch`, so that
one model call serves many examples; the generator prefers it when present.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from noesis_trainer.core.schema import Example
from noesis_trainer.generation.base import TextGenerator

VariationRequest = tuple[Example, random.Random]


@dataclass(frozen=True)
class Declined:
    """What a technique returns instead of a draft to say why it made none (a model's output
    failed a check): the generator counts refusals by `reason` and retries the slot."""

    reason: str
    detail: str = ""


"""One unit of work: the parent example and the RNG reserved for this variation attempt."""


@runtime_checkable
class Technique(Protocol):
    """Makes one variation of an example, or declines (returns None)."""

    name: str

    def vary(
        self, example: Example, rng: random.Random, generator: TextGenerator | None = None
    ) -> Example | Declined | None:
        """A draft variation of `example`; all randomness must come from `rng`."""
        ...


@runtime_checkable
class BatchTechnique(Technique, Protocol):
    """A technique that can vary many examples at once (one model call per batch)."""

    def vary_batch(
        self, requests: Sequence[VariationRequest], generator: TextGenerator | None = None
    ) -> list[Example | Declined | None]:
        """One draft (or None, or `Declined`) per request, in order, as `vary` would give."""
        ...
