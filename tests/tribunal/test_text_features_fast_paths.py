"""The fast paths of `judges.text` say exactly what their plain definitions say.

Throughput work (issue 12: >= 10,000 responses/s) rewrote a few feature computations: word heads
taken from the distinct 5-letter heads, regexes over raw text led by a look-ahead so the engine
skips to candidate characters, character 4-grams built in one comprehension. Each is held here to
the plain form it replaced, on generated text that mixes cases, accents, digits, formula symbols
and punctuation.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer.core.folding import fold, words
from noesis_trainer.tribunal.judges import text as T

ALPHABET = "abcdeoçãéíúAEIPQRZ0123456789 .,;:!?\n-=→²ᵃπ'\"()"
TEXTS = st.text(alphabet=ALPHABET, max_size=300)
WORDS = st.lists(st.text(alphabet="abcxyz019", min_size=1, max_size=9), max_size=40)


def plain_prefixes(ws: list[str]) -> frozenset[str]:
    long = {w for w in ws if len(w) > 2}
    return frozenset({w[:n] for w in long for n in (3, 4, 5)} | (set(ws) - long))


def plain_grams(ws: list[str]) -> tuple[str, ...]:
    grams: set[str] = set()
    for w in ws:
        padded = f" {w} "
        grams.update(padded[i : i + 4] for i in range(len(padded) - 3))
    return tuple(sorted(grams))


@settings(max_examples=300, deadline=None)
@given(WORDS)
def test_word_heads_and_grams_match_their_definitions(ws: list[str]) -> None:
    assert T._prefixes(ws) == plain_prefixes(ws)
    assert T._grams(ws) == plain_grams(ws)


def _without_lookahead(pattern: re.Pattern[str]) -> re.Pattern[str]:
    bare = re.sub(r"^\(\?=\[[^\]]*\]\)", "", pattern.pattern)
    assert bare != pattern.pattern, "the fast path is expected to start with a look-ahead"
    return re.compile(bare)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_lookahead_regexes_find_what_the_bare_ones_find(text: str) -> None:
    for pattern in (T._SPECIFIC, T._ACRONYM):
        assert pattern.findall(text) == _without_lookahead(pattern).findall(text)
    folded = fold(text)
    assert words(folded) == T._WORD.findall(folded)


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_one_scan_counts_sentence_ends_and_specifics_as_two_scans_do(text: str) -> None:
    assert T.sentence_ends_and_specifics(text) == (
        len(T._SENTENCE_END.findall(text)),
        len(T._SPECIFIC.findall(text)),
    )
