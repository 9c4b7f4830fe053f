"""The two helpers that keep the heuristic judges fast hold to their Python definitions.

- `judges.cues.cue_keys`: the word starts one of which every match of a phrase holds. The
  evasion scan skips an answer with none of a phrase's keys, so the keys must be a necessary
  condition: checked on strings hypothesis draws from each phrase's own regex, and on every
  text we hold (written families, drafts, shared data).
- `text.word_stats`: the compiled word counts (`tribunal._words`) equal `python_word_stats` on
  any folded text.
- `text._compared` looks for a comparison's two sides only in a prompt holding one of the words
  every comparison holds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noesis_trainer.core.folding import fold
from noesis_trainer.tribunal.judges import lexicon
from noesis_trainer.tribunal.judges.cues import cue_keys
from noesis_trainer.tribunal.judges.text import (
    _EVASIONS,
    _SIDE_WORDS,
    _SIDES,
    _TRAIL,
    native_word_stats,
    python_word_stats,
    response_features,
    word_stats,
)

WRITTEN = Path(__file__).parent / "written"
FRAGMENTS = [(kind, f) for kind, fragments in lexicon.EVASIONS.items() for f in fragments]
ASCII = st.characters(min_codepoint=32, max_codepoint=126)


def _prefixes(folded: str) -> frozenset[str]:
    return python_word_stats(folded)[6]


@pytest.mark.parametrize(
    ("fragment", "keys"),
    [
        ("vou (?:te |lhe )?(?:explicar|mostrar)", {"expli", "mostr"}),  # longer than "vou"
        ("(?:e|is) (?:something|algo) people", {"peopl"}),  # one key beats two
        (r"^\W*(?:bem |muito )?depende", {"depen"}),  # after "^" and an optional word
        ("pode(?:m)? ter causas", {"causa"}),  # "pode" continues ("podem"): "causa" is whole
        ("complex[ao]? question", {"compl"}),  # a start of "complexo": 5 letters
        ("i(?:'ll| will) explain", {"expla"}),
        ("otima pergunta|great question", {"otima", "great"}),  # one key per alternative
        (r"\w+ \w+", None),  # no literal word: always scanned
        ("a|b", None),  # read as a character class: no word
    ],
)
def test_cue_keys(fragment: str, keys: set[str] | None) -> None:
    assert cue_keys(fragment) == (None if keys is None else frozenset(keys))


def test_every_evasion_phrase_has_keys() -> None:
    # a phrase without keys is scanned in every short answer: allowed, but none is so now
    assert [f for _, f in FRAGMENTS if cue_keys(f) is None] == []


@pytest.mark.parametrize(("kind", "fragment"), FRAGMENTS, ids=[f[:30] for _, f in FRAGMENTS])
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_phrase_never_matches_without_its_keys(
    kind: str, fragment: str, data: st.DataObject
) -> None:
    keys = cue_keys(fragment)
    assert keys is not None
    phrase = data.draw(st.from_regex(re.compile(fragment), fullmatch=True, alphabet=ASCII))
    before = data.draw(st.sampled_from(["", " ", "ok ", "e entao, ", "\n- "]))
    text = (before + phrase + data.draw(st.sampled_from(["", ".", " sim", "!"]))).lower()
    if re.search(f"(?<![a-z0-9])(?:{fragment})(?![a-z0-9])", text):
        assert not keys.isdisjoint(_prefixes(text)), (kind, text)


def _texts() -> list[str]:
    out = []
    for path in sorted(WRITTEN.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            out += [row[k] for k in ("prompt", "response", "draft", "reference") if k in row]
    return out


def test_keys_hold_on_every_written_text() -> None:
    matched = 0
    for text in _texts():
        folded, prefixes = fold(text), response_features(text).prefixes
        for kind, pattern, keys in _EVASIONS:
            if pattern.search(folded) is not None:
                matched += 1
                assert keys is None or not keys.isdisjoint(prefixes), (kind, text)
    assert matched > 100  # the check saw real matches


@given(st.text(max_size=400))
def test_native_word_stats_equal_python(text: str) -> None:
    folded = fold(text)
    assert word_stats(folded) == python_word_stats(folded)


@given(st.lists(st.sampled_from(["a", "de", "que", "voce", "you", "computador", "42", "x1"])))
def test_native_word_stats_on_repeated_words(words: list[str]) -> None:
    folded = " ".join(words)
    assert word_stats(folded) == python_word_stats(folded)


def test_word_stats_are_native_where_built() -> None:
    # the helper builds wherever a C compiler is (CI has one); NOESIS_NATIVE=0 turns it off
    import os

    if os.environ.get("NOESIS_NATIVE", "1").strip() == "0":
        assert not native_word_stats()
    else:
        assert native_word_stats()


SIDE_TEXT = st.lists(
    st.sampled_from(["a", "e", "and", "vs", "vs.", "versus", "diferenca", "entre", "difference"]),
    max_size=12,
).map(" ".join)


@given(st.one_of(SIDE_TEXT, st.text(max_size=200)))
def test_the_comparison_prefilter_misses_no_comparison(text: str) -> None:
    # `_compared` skips a prompt without any of `_SIDE_WORDS`: every match holds one
    folded = fold(text)
    if _SIDES.search(folded.rstrip(_TRAIL)) is not None:
        assert any(word in folded for word in _SIDE_WORDS)
