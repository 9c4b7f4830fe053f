"""An encoder whose cosines a test chooses: for the second look's rules (`judges.retrieval`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class ChosenEncoder:
    """The cosine of `answers[i]` and `prompts[j]` is `table[i, j]`."""

    def __init__(self, table: np.ndarray, answers: Sequence[str], prompts: Sequence[str]) -> None:
        self.table = table
        self.answers = list(answers)
        self.prompts = list(prompts)

    def similarities(self, answers: Sequence[str], prompts: Sequence[str]) -> np.ndarray:
        rows = [self.answers.index(a) for a in answers]
        columns = [self.prompts.index(p) for p in prompts]
        return self.table[np.ix_(rows, columns)]
