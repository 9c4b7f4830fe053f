"""The byte-table word split of the output-failure detectors equals the plain definition."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from noesis_trainer.tribunal.output_failures import _WORD, _fold, _folded_words


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF)))
def test_latin_text_splits_as_fold_then_regex(text: str) -> None:
    assert _folded_words(text) == _WORD.findall(_fold(text))


@given(st.text())
def test_any_text_splits_as_fold_then_regex(text: str) -> None:
    assert _folded_words(text) == _WORD.findall(_fold(text))


def test_accents_and_expansions() -> None:
    got = _folded_words("Não, JUSTIÇA é ½ e Æsir ¼!")
    assert got == ["nao", "justica", "e", "12", "e", "sir", "14"]  # Æ has no ASCII letter
