"""A length-only baseline judge: the yardstick the real judges must beat on calibration data.

Longer answers are often better answers, so any judge that merely rewards length looks good on
(good, bad) pairs where the bad answer is a one-liner; reporting this baseline next to the real
judges on the same rows shows how much of a figure is length.
"""

from __future__ import annotations

from collections.abc import Sequence

from noesis_trainer.tribunal.judge import JudgeItem, JudgeScore, Virtue


class LengthBaselineJudge:
    """Score = min(1, words / `full_words`); ignores the prompt entirely (by design)."""

    def __init__(self, virtue: Virtue = Virtue.VERITAS, *, full_words: int = 60) -> None:
        self.name = f"length-baseline-{virtue.value}"
        self.virtue = virtue
        self.full_words = full_words

    def score_batch(self, items: Sequence[JudgeItem]) -> list[JudgeScore]:
        out = []
        for item in items:
            words = len(item.response.split())
            out.append(JudgeScore(min(1.0, words / self.full_words), f"{words} words"))
        return out


def length_baseline_judges(full_words: int = 60) -> list[LengthBaselineJudge]:
    """One length judge per virtue: the baseline Tribunal keeps the real one's weights."""
    return [LengthBaselineJudge(v, full_words=full_words) for v in Virtue]
