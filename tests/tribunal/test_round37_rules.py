"""Round 37: warm answers to situated prompts, a known gap.

A blind set of 60 good answers of 25-80 words in a warm tone (an exclamation at each end, advice
or an explanation between) to prompts that tell the asker's situation, and 30 generic
well-wishing fillers to such prompts (`written/warm_situated*.jsonl`). The round's attempt at the
fillers, a rule for replies of courtesies only, was dropped after two reviews found it rejected
good answers that paraphrase their question (docs/benchmarks.md, "Round 37").
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from noesis_trainer.tribunal import JudgeItem, Status, Tribunal
from noesis_trainer.tribunal.judges.semantic import PACKAGE

WRITTEN = Path(__file__).resolve().parent / "written"


def _sets() -> tuple[list[JudgeItem], list[JudgeItem], list[JudgeItem]]:
    """The good answers, the fillers, and the good answers each given to another prompt of the
    set (seeded)."""
    rows = [json.loads(line) for line in (WRITTEN / "warm_situated.jsonl").open()]
    fillers = [json.loads(line) for line in (WRITTEN / "warm_situated_fillers.jsonl").open()]
    assert (len(rows), len(fillers)) == (60, 30)
    rng = random.Random(0)
    swapped = []
    for i, row in enumerate(rows):
        j = rng.randrange(len(rows) - 1)
        swapped.append(JudgeItem(row["prompt"], rows[j + (j >= i)]["response"]))
    good = [JudgeItem(r["prompt"], r["response"]) for r in rows]
    return good, [JudgeItem(r["prompt"], r["response"]) for r in fillers], swapped


def _counts(tribunal: Tribunal) -> tuple[int, int, int]:
    """Good answers approved, fillers rejected (judged with the good answers), answers to
    another prompt rejected."""
    good, fillers, swapped = _sets()
    approved = sum(v.status is Status.APPROVED for v in tribunal.verdicts(good))
    judged = tribunal.verdicts(fillers + good)[: len(fillers)]
    rejected = sum(v.status is Status.REJECTED for v in judged)
    other = sum(v.status is Status.REJECTED for v in tribunal.verdicts(swapped))
    return approved, rejected, other


def test_warm_answers_to_situated_prompts_are_a_known_gap() -> None:
    """Judged as one batch, 49 of the 60 good answers are approved (32 with round 37's word
    vectors, 43 before round 44 read the prompt's side of the second look); the others are
    called off topic, since a 15-45-word situation holds many rare topic words and an answer
    takes up few of them, and the word vectors find the own prompt of 39 of the 60 nearest (23
    before round 38's distillation; the prompts are alike: children, pets, travel, money).
    Fillers judged with the good answers: 20 of 30 rejected; the good answers given to another
    prompt of the set: 54 of 60 rejected. The lexical judges are pure Python and the vectors'
    sums exact, so the counts are the same on every CPU; one answer of tolerance lets a later
    rule move one without a new pin."""
    approved, fillers, other = _counts(Tribunal())
    assert abs(approved - 49) <= 1
    assert abs(fillers - 20) <= 1
    assert abs(other - 54) <= 1


def test_e5_finds_what_the_word_vectors_miss_there() -> None:
    """With e5 itself for the second look (relevance "retrieval", the `semantic` extra), 55 of
    the 60 good answers are approved and 55 of the 60 answers to another prompt rejected, but
    only 13 of the 30 fillers: e5 reads the situation the static vectors cannot, and puts the
    fillers' talk of it on topic too. e5's floating point differs between CPUs (issue 12): the
    bounds are loose."""
    pytest.importorskip(PACKAGE, reason=f"retrieval relevance needs '{PACKAGE}'")
    approved, fillers, other = _counts(Tribunal(relevance="retrieval"))
    assert approved >= 52
    assert other >= 52
    assert fillers <= 17
