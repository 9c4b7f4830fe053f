"""Round 45: a row of equal cosines has no spread (`judges.retrieval.FLAT_SPREAD`).

numpy computes the spread of ten cosines of 0.3 as about 5.6e-17, not 0 (the rounding of their
mean; in float32, up to about 1e-5); divided by it, that rounding became standings of about one
deviation. The encoder here is our own, its cosines chosen.
"""

from __future__ import annotations

import numpy as np
import pytest
from tests.tribunal.chosen_encoder import ChosenEncoder

from noesis_trainer.tribunal import JudgeItem
from noesis_trainer.tribunal.judges.retrieval import RetrievalRelevance

PROMPTS = [f"prompt {i}" for i in range(10)]
ANSWERS = [f"answer {i}" for i in range(10)]


def _table(column: float | None = None, row: float | None = None) -> np.ndarray:
    """Each answer near its own prompt (0.9), far from the rest (0.1); the first prompt
    `column` to every answer, or the first answer `row` to every prompt."""
    table = np.full((10, 10), 0.1)
    np.fill_diagonal(table, 0.9)
    if column is not None:
        table[:, 0] = column
    if row is not None:
        table[0, :] = row
    return table


def _leads(table: np.ndarray) -> tuple[list[float], list[float]]:
    """`leads` of every item of the batch, with the cosines of `table`."""
    items = [JudgeItem(p, a) for p, a in zip(PROMPTS, ANSWERS, strict=True)]
    return RetrievalRelevance(ChosenEncoder(table, ANSWERS, PROMPTS)).leads(
        items, list(range(len(items)))
    )


def test_numpy_rounds_the_spread_of_equal_cosines() -> None:
    assert np.full(10, 0.3).std() > 0  # what the rule is for
    assert np.full(10, 0.5).std() == 0


def test_a_prompt_equally_near_every_answer_ranks_them_level() -> None:
    """Each prompt's cosines are standardised over the answers (`own_lead`): a prompt at 0.3
    to every answer stands every answer at 0, as one at 0.5 does (whose spread numpy computes
    exactly 0), so the first answer leads its rivals by the same amount in both."""
    rounded, exact = _leads(_table(column=0.3))[0], _leads(_table(column=0.5))[0]
    assert rounded == pytest.approx(exact, abs=1e-9)
    assert rounded[0] > 0


def test_an_answer_equally_near_every_prompt_stands_level_at_each() -> None:
    """Each answer's cosines are standardised over the prompts (the prompt's side): an answer
    at 0.3 to every prompt stands at 0 at its own, as one at 0.5 does."""
    rounded, exact = _leads(_table(row=0.3))[1][0], _leads(_table(row=0.5))[1][0]
    assert rounded == pytest.approx(exact, abs=1e-9)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_flat_row_is_flat_in_either_precision(dtype: type) -> None:
    """An encoder may give float32 cosines (e5's): the rounding of their mean is larger, and
    still no spread."""
    rounded = _leads(_table(column=0.3).astype(dtype))[0]
    exact = _leads(_table(column=0.5).astype(dtype))[0]
    assert rounded == pytest.approx(exact, abs=1e-5)
