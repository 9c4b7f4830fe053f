"""A batch of terse good answers of many kinds, for tests that judge a few pairs among them."""

from __future__ import annotations

from noesis_trainer.tribunal import JudgeItem, Tribunal

FILLER = [
    ("who wrote dom casmurro", "Machado de Assis, in 1899."),
    ("how many strings does a cello have", "Four, tuned C-G-D-A."),
    ("capital of mongolia", "Ulaanbaatar."),
    ("what gas do plants take in", "Carbon dioxide, through their stomata."),
    ("boiling point of ethanol", "About 78 °C at sea level."),
    ("what does a barometer measure", "Air pressure."),
    ("who painted guernica", "Pablo Picasso, in 1937."),
    ("largest moon of saturn", "Titan."),
]
"""Terse good answers of other kinds, to make a batch of the pairs a test judges."""


def statuses(pairs: list[tuple[str, str]]) -> list[str]:
    """The verdicts of `pairs` and `FILLER`, judged in one batch, in the order of `pairs`."""
    items = [JudgeItem(p, a) for p, a in [*pairs, *FILLER]]
    return [v.status.value for v in Tribunal().verdicts(items)[: len(pairs)]]
