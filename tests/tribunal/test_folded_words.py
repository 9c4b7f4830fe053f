"""Folding and word splitting through byte tables equal their plain definitions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from tests.native_build import assert_built_where_a_compiler_is, printed_with_native_off

from noesis_trainer.core.folding import (
    WORD,
    fold,
    fold_plain,
    folded_words,
    lowered,
    native_fold,
    python_fold,
    python_folded_words,
    words,
)


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF)))
def test_latin_text_folds_and_splits_as_the_definition(text: str) -> None:
    assert fold(text) == fold_plain(text)
    assert words(fold(text)) == WORD.findall(fold_plain(text))


@given(st.text())
def test_any_text_folds_and_splits_as_the_definition(text: str) -> None:
    assert fold(text) == fold_plain(text)
    assert folded_words(text) == WORD.findall(fold_plain(text))


@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=0x2FF), st.characters())))
def test_the_byte_table_path_folds_as_the_compiled_helper(text: str) -> None:
    # `fold` runs `core._fold` where it is built; the Python byte tables stay the definition
    assert python_fold(text) == fold(text) == fold_plain(text)
    assert python_folded_words(text) == folded_words(text)


def test_fold_is_native_where_built() -> None:
    assert_built_where_a_compiler_is(native_fold(), "core._fold")


def test_native_off_folds_in_python() -> None:
    code = "from noesis_trainer.core import folding as F; print(F.native_fold(), F.fold('Ação'))"
    assert printed_with_native_off(code) == "False acao"


def test_accents_and_expansions() -> None:
    got = folded_words("Não, JUSTIÇA é ½ e Æsir ¼!")
    assert got == ["nao", "justica", "e", "12", "e", "sir", "14"]  # Æ has no ASCII letter
    assert fold("Ação ﬁnal") == "acao final"  # outside Latin-1: the NFKD path


def test_every_latin1_character_alone_and_beside_others_folds_as_the_definition() -> None:
    """The byte table lowercases as well: each of the 256 characters, upper- and lowercase,
    alone and glued to letters, gives what lower + NFKD + ASCII give."""
    for code in range(256):
        for text in (chr(code), f"A{chr(code)}b", chr(code) * 3):
            assert fold(text) == fold_plain(text), hex(code)


NEEDLES = ["lorem", "ipsum", "todo", "insert here", "to be ", "k", "i"]


CASE_TRAPS = list("LOREMIPSUMloremipsum KkİıſTtÀà€\u212a\n")


def test_every_code_point_in_runs_folds_as_the_definition() -> None:
    """Runs of sixteen consecutive code points, over all of Unicode, between Latin-1 letters:
    the codec handler that folds characters outside Latin-1 in place must give the definition's
    output wherever a run starts and ends."""
    for start in range(0x100, 0x110000, 16):
        run = "".join(chr(c) for c in range(start, start + 16) if not 0xD800 <= c <= 0xDFFF)
        text = f"Ação{run}É x"
        assert fold(text) == fold_plain(text) == python_fold(text), hex(start)
        assert folded_words(text) == WORD.findall(fold_plain(text)), hex(start)
        assert python_folded_words(text) == folded_words(text), hex(start)


LOWERED_NEEDLES = [*NEEDLES, "psum", "pſum", "user", "assistant"]


@given(st.lists(st.text(alphabet=st.sampled_from([*CASE_TRAPS, "Å", "¿", "\ud800"]), max_size=40)))
def test_lowered_finds_needles_where_lower_finds_them(texts: list[str]) -> None:
    """`lowered` (a string, the last result kept) finds each ASCII needle, and "pſum", exactly
    where ``str.lower`` does, whichever texts came before (equal texts that are other objects
    included)."""
    for text in [*texts, *texts[::-1], *(t[:1] + t[1:] for t in texts)]:
        low = lowered(text)
        for needle in LOWERED_NEEDLES:
            assert (needle in low) == (needle in text.lower()), (text, needle)


@given(st.text(), st.text())
def test_lowered_on_any_text_after_any_other(first: str, text: str) -> None:
    lowered(first)
    low = lowered(text)
    for needle in LOWERED_NEEDLES:
        assert (needle in low) == (needle in text.lower())
    assert lowered(text) is low
