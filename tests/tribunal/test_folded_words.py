"""Folding and word splitting through byte tables equal their plain definitions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from noesis_trainer.core.folding import WORD, fold, fold_plain, folded_words, words


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF)))
def test_latin_text_folds_and_splits_as_the_definition(text: str) -> None:
    assert fold(text) == fold_plain(text)
    assert words(fold(text)) == WORD.findall(fold_plain(text))


@given(st.text())
def test_any_text_folds_and_splits_as_the_definition(text: str) -> None:
    assert fold(text) == fold_plain(text)
    assert folded_words(text) == WORD.findall(fold_plain(text))


def test_accents_and_expansions() -> None:
    got = folded_words("Não, JUSTIÇA é ½ e Æsir ¼!")
    assert got == ["nao", "justica", "e", "12", "e", "sir", "14"]  # Æ has no ASCII letter
    assert fold("Ação ﬁnal") == "acao final"  # outside Latin-1: the NFKD path
