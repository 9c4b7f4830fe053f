"""Round 31 made the Tribunal faster without changing a verdict; these tests hold the faster
pieces to their definitions.

* `background.lexical_language` adds up a table of per-word weights worked out once, instead of
  two frequency lookups and a logarithm per word: the table is the formula (property test).
* `Tribunal.verdicts` builds each distinct judge result of a batch once and shares it between
  verdicts (a frozen model): records are the same as with one result per verdict.

The native prescreen's shape-only answers and the judges' walk to other topics through leading
stems are tested with their modules (test_prescreen.py, test_batch_topics.py).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from noesis_trainer.tribunal import JudgeItem, JudgeScore, Tribunal, Virtue
from noesis_trainer.tribunal.judges import background as B
from noesis_trainer.tribunal.verdict import JudgeResult


def lexical_sum(words: list[str]) -> float:
    """`lexical_language`'s sum as its docstring defines it: each word of two letters or more
    found in either list adds its log ratio of frequencies, clamped."""
    portuguese, english = B.folded_word_frequencies("pt"), B.folded_word_frequencies("en")
    total = 0.0
    for word in words[: B.LEXICAL_MAX_WORDS]:
        if len(word) < 2 or not word.isalpha():
            continue
        pt, en = portuguese.get(word, 0.0), english.get(word, 0.0)
        if pt or en:
            ratio = math.log((pt + B.LEXICAL_FLOOR) / (en + B.LEXICAL_FLOOR))
            total += max(-B.LEXICAL_CLAMP, min(B.LEXICAL_CLAMP, ratio))
    return total


def _verdict_of_sum(total: float, margin: float) -> str | None:
    return "Portuguese" if total >= margin else "English" if total <= -margin else None


LISTED = sorted(B.folded_word_frequencies("pt").keys() | B.folded_word_frequencies("en").keys())
WORDS = st.one_of(st.sampled_from(LISTED), st.text(max_size=8), st.sampled_from(["a", "é", "1x"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(WORDS, max_size=260), st.sampled_from([B.LEXICAL_MARGIN, 8.0, 0.5]))
def test_lexical_language_is_its_formula(words: list[str], margin: float) -> None:
    table = B._language_weights()
    total = 0.0
    for word in words[: B.LEXICAL_MAX_WORDS]:  # added in order, as both add: the same bits
        total += table.get(word, 0.0)
    assert total == lexical_sum(words)
    assert B.lexical_language(words, margin) == _verdict_of_sum(lexical_sum(words), margin)


def test_every_listed_word_weighs_its_clamped_log_ratio() -> None:
    table = B._language_weights()
    assert len(table) == sum(len(w) >= 2 for w in LISTED)
    for word in LISTED[::97]:
        assert table.get(word, 0.0) == lexical_sum([word])


def test_verdicts_share_equal_judge_results() -> None:
    items = [JudgeItem("Qual a capital do Butão?", "A capital do Butão é Thimphu.")] * 3 + [
        JudgeItem("Explique a entropia.", "Entropia mede a incerteza de uma fonte, em bits.")
    ]
    verdicts = Tribunal().verdicts(items)
    first, second = verdicts[0].judges, verdicts[1].judges
    assert all(first[name] is second[name] for name in first)  # built once
    for verdict in verdicts:
        for result in verdict.judges.values():
            rebuilt = JudgeResult(virtue=result.virtue, score=result.score, reason=result.reason)
            assert result == rebuilt
            with pytest.raises(ValidationError):
                result.score = 0.0  # frozen: sharing it is safe
    assert [v.to_record() for v in verdicts[:3]] == [
        {**verdicts[0].to_record(), "index": i} for i in range(3)
    ]


class FixedJudge:
    """A judge of fixed scores: equal numbers written differently (1 and 1.0, 0.0 and -0.0)."""

    name = "fixed"
    virtue = Virtue.VERITAS

    def score_batch(self, items: list[JudgeItem]) -> list[JudgeScore]:
        scores = [1.0, 1, -0.0, 0.0, 1.0]
        return [JudgeScore(scores[i % len(scores)], "same reason") for i in range(len(items))]


def test_equal_scores_written_differently_are_not_shared() -> None:
    items = [
        JudgeItem(f"Pergunta {i} sobre entropia?", "Entropia mede a incerteza.") for i in range(5)
    ]
    tribunal = Tribunal(judges=[FixedJudge()], use_plugins=False, gate=False)
    got = [v.judges["fixed"] for v in tribunal.verdicts(items)]
    assert [repr(r.score) for r in got] == ["1.0", "1", "-0.0", "0.0", "1.0"]
    assert got[0] is got[4] and got[0] is not got[1] and got[2] is not got[3]
