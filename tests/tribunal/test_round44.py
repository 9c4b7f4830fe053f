"""Round 44: the second look reads both sides of its cosines (`judges.retrieval`).

A lexically off-topic answer whose own prompt is not its nearest is on topic all the same when
it is its prompt's nearest answer (`ANSWER_MARGIN`) and no other prompt draws it clearly
(`ANSWER_RIVAL`). The rules are checked on an encoder of our own whose cosines we choose, the
definition on random cosines, and the figures on the written families with the shipped vectors
(whole-number sums: the same on every CPU).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from tests.tribunal.chosen_encoder import ChosenEncoder
from tests.tribunal.real_rows import rows_of

from noesis_trainer.tribunal import JudgeItem
from noesis_trainer.tribunal.heldout import GOOD, failure_sets
from noesis_trainer.tribunal.judges.relevance import batch_relevance
from noesis_trainer.tribunal.judges.retrieval import (
    ANSWER_MARGIN,
    ANSWER_RIVAL,
    RetrievalRelevance,
)
from noesis_trainer.tribunal.judges.word_vectors import word_vector_relevance

PROMPTS = [
    "Qual o maior deserto quente?",
    "Who founded Rome in legend?",
    "Quantas cordas tem um violino?",
    "What metal is liquid at room temperature?",
    "Onde nasce o rio Nilo?",
    "Which planet has the longest day?",
    "Quem compôs As Quatro Estações?",
    "What gas do divers fear at depth?",
]
ANSWERS = [
    "Saara.",
    "Romulus and Remus.",
    "Quatro.",
    "Mercury.",
    "No lago Vitória.",
    "Venus.",
    "Vivaldi.",
    "Nitrogen.",
]
"""Terse answers that share no word with their prompts: the words call every one off topic."""


def _Chosen(table: np.ndarray) -> ChosenEncoder:
    """An encoder of our own: the cosine of answer i and prompt j is `table[i, j]`."""
    return ChosenEncoder(table, ANSWERS, PROMPTS)


def _table(
    own: float = 0.4, other: float = 0.7, rest: tuple[float, float] = (0.45, 0.3)
) -> np.ndarray:
    """Each answer near its own prompt (0.9) and far from the rest (0.1), except the first:
    `own` to its own prompt, `other` to the second, and the other answers `rest` to the first
    prompt (the second answer `rest[0]`, the others `rest[1]`). The defaults put the second
    prompt a little ahead of the first answer's own (0.15 deviations, less than
    `ANSWER_RIVAL`), and the first answer ahead of every other answer at its prompt. (Round 44
    had every other answer at `own` to the first prompt: a column of equal cosines, whose
    computed spread of about 5.6e-17 made standings of its rounding; round 45's `FLAT_SPREAD`
    stands them level.)"""
    table = np.full((len(ANSWERS), len(PROMPTS)), 0.1)
    np.fill_diagonal(table, 0.9)
    table[1, 0] = rest[0]
    table[2:, 0] = rest[1]
    table[0, 0] = own
    table[0, 1] = other
    return table


DRAWN = {"own": 0.3, "other": 0.5}
"""...and these, the second prompt far ahead of the first answer's own (1.3 deviations)."""


def _items() -> list[JudgeItem]:
    return [JudgeItem(p, a) for p, a in zip(PROMPTS, ANSWERS, strict=True)]


def test_every_answer_here_is_off_topic_by_its_words() -> None:
    assert all(r.off_topic for r in batch_relevance(_items()))


def test_its_prompts_nearest_answer_is_on_topic_though_another_prompt_is_nearer() -> None:
    relevance = RetrievalRelevance(_Chosen(_table()))
    row, answer = relevance.leads(_items(), [0])
    assert -relevance.answer_rival <= row[0] < 0  # another prompt a little nearer
    assert answer[0] > 0  # ...but no other answer is as near its own prompt
    assert not relevance(_items())[0].off_topic
    # the answer's side alone (before round 44) leaves it off topic
    assert RetrievalRelevance(_Chosen(_table()), answer_margin=None)(_items())[0].off_topic


def test_an_answer_another_prompt_draws_clearly_stays_off_topic() -> None:
    relevance = RetrievalRelevance(_Chosen(_table(**DRAWN)))
    row, answer = relevance.leads(_items(), [0])
    assert row[0] < -relevance.answer_rival and answer[0] > 0
    assert relevance(_items())[0].off_topic


def test_the_other_answers_keep_their_rescue() -> None:
    got = RetrievalRelevance(_Chosen(_table()))(_items())
    assert not any(r.off_topic for r in got)


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="answer_margin"):
        RetrievalRelevance(_Chosen(_table()), answer_margin=math.nan)
    with pytest.raises(ValueError, match="answer_rival"):
        RetrievalRelevance(_Chosen(_table()), answer_rival=-0.5)
    assert "answer_rival=0.5" in repr(RetrievalRelevance(_Chosen(_table())))
    assert (ANSWER_MARGIN, ANSWER_RIVAL) == (0.0, 0.5)


def _answer_leads_by_definition(table: np.ndarray, which: list[int]) -> list[float]:
    """Each answer's cosines standardised over the prompts (spread 0: divided by 1); its
    standing at its own prompt less the best other answer's there."""
    mean = table.mean(axis=1, keepdims=True)
    spread = table.std(axis=1, keepdims=True)
    z = (table - mean) / np.where(spread > 0, spread, 1.0)
    out = []
    for i in which:
        others = [z[k, i] for k in range(len(table)) if k != i]
        out.append(float(z[i, i] - max(others)))
    return out


@settings(max_examples=150, deadline=None)
@given(
    arrays(
        np.float64,
        (len(ANSWERS), len(PROMPTS)),
        elements=st.floats(0.05, 1.0, allow_nan=False).map(lambda x: round(x, 3)),
    )
)
def test_the_prompts_side_is_its_definition(table: np.ndarray) -> None:
    """On any cosines every answer and prompt are read in (none all zero), the prompt's side
    of `leads` is the definition above, or NaN where `own_lead` ranks nothing or it ties."""
    items = _items()
    which = list(range(len(items)))
    row, answer = RetrievalRelevance(_Chosen(table)).leads(items, which)
    expected = _answer_leads_by_definition(table, which)
    for got, want, own in zip(answer, expected, row, strict=True):
        if math.isnan(got):
            assert math.isnan(own) or want == pytest.approx(0.0, abs=1e-12)
        else:
            assert got == pytest.approx(want, rel=1e-9, abs=1e-12)


WRITTEN = Path(__file__).parent / "written"
READ = ["short_dl", "short_dm", "short_dn", "short_do", "short_dp", "short_dq"]
"""Six written families read before round 44 (the rival limit was chosen on these and the
others read before it)."""


def _found(relevance: RetrievalRelevance, items: list[JudgeItem], upto: int) -> list[int]:
    """Which of the first `upto` items the words call off topic and `relevance` finds on it."""
    lexical = batch_relevance(items)
    got = relevance(items)
    return [i for i in range(upto) if lexical[i].off_topic and not got[i].off_topic]


def test_on_written_families_it_finds_more_good_answers_and_no_other_questions_answer() -> None:
    """With the shipped vectors: good answers found on topic by either side against the
    answer's side alone, and answers to another question (in a batch with the good ones) found
    by neither. Figures of these six families (whole-number sums: the same on every CPU):
    74 and 82 of the good ones; 1 and 2 of the 384 answers to another question. The gain is
    pinned 3 below its figure and the answers to another question 1 above theirs, so that a
    table rebuilt (`scripts/distil_word_vectors.py`) fails here only where the rule's gain
    is lost or its cost grows."""
    both, alone = word_vector_relevance(), word_vector_relevance()
    alone.answer_margin = None
    good_alone = good_both = off_alone = off_both = 0
    for family in READ:
        sets = failure_sets(rows_of([WRITTEN / f"{family}.jsonl"]))
        good, off = list(sets[GOOD]), list(sets["off_topic"])
        good_alone += len(_found(alone, good, len(good)))
        good_both += len(_found(both, good, len(good)))
        off_alone += len(_found(alone, off + good, len(off)))
        off_both += len(_found(both, off + good, len(off)))
    assert good_both - good_alone >= 5, (good_alone, good_both)
    assert off_both <= off_alone + 1, (off_alone, off_both)
