"""The built-in rules' shortcuts (pre-tests, memos, set arithmetic) against plain definitions of
what each rule finds: same hits, on texts built from the characters each shortcut relies on."""

from __future__ import annotations

import re
import sys
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer.core.schema import REQUIRED_FIELDS
from noesis_trainer.validation.builtin_rules import (
    _MARKER_RE,
    MEMO_TEXTS,
    PlaceholderMarkerRule,
    RequiredFieldRule,
    _marker_hits,
    _may_hold_marker,
)
from noesis_trainer.validation.rules import Hit

# Every letter of the markers in both cases, the characters a case-blind "i" and "s" also match
# (İ ı ſ), Latin-1 and wider neighbours, and a lone surrogate (JSON may carry one).
_MARKER_TEXT = st.lists(
    st.sampled_from(
        [
            *"loremipsuTODFXMEPSUMRI ",
            "İ",
            "ı",
            "ſ",
            "é",
            "…",
            "\ud800",
            "lorem ipsum",
            "LOREM IPſUM",
            "Lorem İpsum",
            "TODO",
            "FIXME",
            "todo",
        ]
    ),
    max_size=30,
).map("".join)


def _reference_marker(value: Any) -> tuple[Hit, ...]:
    """The rule as first written: one regex search over the answer."""
    if type(value) is not str:
        return ()
    m = _MARKER_RE.search(value)
    if m is None:
        return ()
    return (Hit(f"contains {m.group(0)!r} at character {m.start()}", "response_revised"),)


@settings(max_examples=500)
@given(_MARKER_TEXT)
def test_marker_pretest_is_never_false_where_the_regex_matches(text: str) -> None:
    if _MARKER_RE.search(text) is not None:
        assert _may_hold_marker(text)
    assert tuple(PlaceholderMarkerRule().check({"response_revised": text})) == (
        _reference_marker(text)
    )


@given(st.text(max_size=60))
def test_marker_rule_equals_the_regex_on_any_text(text: str) -> None:
    assert tuple(PlaceholderMarkerRule().check({"response_revised": text})) == (
        _reference_marker(text)
    )


def test_case_blind_regex_matches_only_these_letters() -> None:
    """The pre-test's premise, checked over every code point: case-blind, "p", "u" and "m"
    match only their two cases, and "s" also "ſ"."""
    extra = {
        letter: [
            chr(c)
            for c in range(sys.maxunicode + 1)
            if re.fullmatch(letter, chr(c), re.IGNORECASE) and chr(c).lower() != letter
        ]
        for letter in "psum"
    }
    assert extra == {"p": [], "s": ["ſ"], "u": [], "m": []}


def test_marker_memo_answers_repeats_and_distinct_texts_alike() -> None:
    texts = [f"Resposta {i} com lorem IPſUM no fim." for i in range(MEMO_TEXTS + 50)]
    for text in texts + texts[:100]:  # beyond the memo's size, then repeats of evicted texts
        assert _marker_hits(text) == _reference_marker(text)
    assert _marker_hits("Nada aqui, só texto.") == ()


_FIELD_NAMES = st.sampled_from([*REQUIRED_FIELDS, "source_id", "technique", "extra"])


@given(st.sets(_FIELD_NAMES))
def test_required_field_hits_name_missing_fields_in_schema_order(present: set[str]) -> None:
    record = dict.fromkeys(present, "x")
    expected = tuple(
        Hit("required field is missing", f) for f in REQUIRED_FIELDS if f not in record
    )
    assert tuple(RequiredFieldRule().check(record)) == expected
