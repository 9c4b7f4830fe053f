"""`sentences`' fast path (Latin-1 folding by byte table, split on line feeds) against the plain
line-by-line reading, on texts built from the characters each shortcut depends on."""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer.core.boilerplate import (
    _LINE_MARKS,
    _LOWER_LATIN_1,
    _SLOW_PATH_CHARS,
    _folded,
    _may_start_with_mark,
    _sentences_by_line,
    sentences,
)

# Every character a shortcut tests for, with its neighbours: cased Latin-1 letters, the two whose
# casefold differs from lower, whitespace that `str.split` knows (Latin-1 and wider), sentence
# ends, markup, digits that are and are not decimal, and characters beyond Latin-1.
_PIECES = st.sampled_from(
    [
        *"aZ Á.!?…*_`#>-•+|12\n\t\x1f\xa0\u2003\u3000ßµÿÞ×²½İıſΣ",
        *_SLOW_PATH_CHARS,
        "  ",
        "**",
        "1. ",
        "- ",
        "# ",
        "> ",
        "| ",
        ". ",
        "? ",
        "! ",
        "… ",
        ".\t",
        ".\xa0",
        " \n",
        "\n ",
        "Ética",
        "ÉTICA",
        "lógica",
    ]
)


@settings(max_examples=400)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_sentences_equal_the_line_by_line_reading(text: str) -> None:
    assert sentences(text) == _sentences_by_line(text)


@given(st.text(max_size=80))
def test_sentences_equal_the_line_by_line_reading_on_any_text(text: str) -> None:
    assert sentences(text) == _sentences_by_line(text)


@given(st.text(max_size=80))
def test_folded_is_casefold(text: str) -> None:
    folded, latin_1 = _folded(text)
    assert folded == text.casefold()
    if latin_1:  # the claim `sentences` builds on: nothing wider than Latin-1
        assert max(map(ord, text), default=0) <= 0xFF


def test_latin_1_table_is_lower_and_lower_is_casefold_but_for_two() -> None:
    table = _LOWER_LATIN_1.decode("latin-1")
    assert len(table) == 256
    assert [chr(c) for c in range(256) if chr(c).casefold() != table[c]] == ["µ", "ß"]
    assert _folded("ÀÉÎÕÜ straße")[0] == "àéîõü strasse"


def test_slow_path_chars_are_every_line_break_but_line_feed() -> None:
    """`sentences` cuts on line feeds only; any other break `splitlines` knows must send the
    text down the line-by-line path."""
    breaks = {chr(c) for c in range(sys.maxunicode + 1) if len(f"a{chr(c)}b".splitlines()) == 2}
    assert set(_SLOW_PATH_CHARS) == (breaks - {"\n"}) | {"\x00"}
    for c in _SLOW_PATH_CHARS:
        text = f"Uma frase. Outra{c}linha! E  mais."
        assert sentences(text) == _sentences_by_line(text)


def test_hand_checked_cuts() -> None:
    text = "1. **Ética** vem primeiro.  Depois  a lógica?\tSim!\xa0Não… (0)\n- | Fim |"
    assert sentences(text) == [
        "ética vem primeiro.",
        "depois a lógica?",
        "sim!",
        "não…",
        "fim",
    ]


def test_mark_pretest_is_never_false_where_a_line_mark_matches() -> None:
    """Every code point as a text's first character, followed by what lets a mark match."""
    for c in range(sys.maxunicode + 1):
        for rest in (" x", ". x", "# x"):
            text = chr(c) + rest
            if _LINE_MARKS.match(text) is not None:
                assert _may_start_with_mark(text), repr(text)
