"""The compiled sentence hashes (`core/_sentences.c`) never change a result: where they answer,
they give ``tuple(map(hash, sentences(text)))``; elsewhere they say "ask Python" (None). And
they do answer for the plain answers that most rows of a clean file hold (the speed of
`noesis validate` on clean files rests on it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer.core import boilerplate as B
from noesis_trainer.testing import synthetic_records
from tests.native_build import assert_built_where_a_compiler_is, printed_with_native_off

native = pytest.mark.skipif(
    not B.native_sentences(), reason="the native sentence hashes are not built (no C compiler)"
)


def _python(text: str) -> tuple[int, ...]:
    return tuple(map(hash, B.sentences(text)))


def _agrees(text: str) -> bool | None:
    """None: the native code asked for Python; else whether it gave Python's answer."""
    assert B._NATIVE_HASHES is not None
    got = B._NATIVE_HASHES(text)
    return None if got is None else got == _python(text)


def test_built_wherever_a_compiler_is() -> None:
    assert_built_where_a_compiler_is(B.native_sentences(), "_sentences")


def test_turned_off_by_the_environment() -> None:
    code = "from noesis_trainer.core import boilerplate as b; print(b.native_sentences())"
    assert printed_with_native_off(code) == "False"


# Every character the fast path tests or must refuse, with its neighbours (as in the Python
# fast path's own test): sentence ends with and without a space, runs of spaces, pipes to
# strip, markup, line breaks, the letters casefold changes, digits that are and are not
# letters to the regex, wider characters.
_PIECES = st.sampled_from(
    [
        *"aZ Á.!?…*_`#>-•+|12\n\t\x1f\xa0\u2003ßµÿÞ×²½ªº¹İ\r\x0b\x0c\x1c\x1d\x1e\x85\x00",
        "  ",
        "   ",
        ". ",
        ".  ",
        "? ",
        "! ",
        "!? ",
        ". |",
        " | ",
        "|",
        "(7)",
        "Ética",
        "ÉTICA",
        "lógica",
        "Razão",
        "123",
    ]
)


@native
@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_native_hashes_equal_pythons_at_the_edges(text: str) -> None:
    assert _agrees(text) in (None, True)
    assert B.sentence_hashes(text) == _python(text)


@native
@settings(max_examples=500, deadline=None)
@given(st.text(max_size=200))
def test_native_hashes_equal_pythons_on_any_text(text: str) -> None:
    assert _agrees(text) in (None, True)


@native
def test_every_single_latin_1_character_and_pairs_of_them() -> None:
    chars = [chr(c) for c in range(256)]
    for a in chars:
        for text in (a, f"x{a}y", f"Ab. {a}c", f"{a}. B"):
            assert _agrees(text) in (None, True), repr(text)
    for a in chars:
        for b in chars:
            assert _agrees(f"{a}{b}") in (None, True), repr(a + b)


@native
def test_long_texts_use_the_heap_buffer() -> None:
    text = "Uma frase simples sobre ética. " * 400 + "Fim."
    assert len(text) > 2048
    assert _agrees(text) is True


@native
def test_two_spaces_after_a_sentence_end_stay_native() -> None:
    """Python cuts ". " first, so one space is left, not a run of spaces: no fallback needed."""
    assert _agrees("Uma frase.  Outra frase?  E mais uma!  Fim.") is True
    assert _agrees("Uma frase com  dois espaços.") is None


@native
def test_wider_text_and_str_subclasses_go_to_python() -> None:
    class Text(str):
        pass

    assert B._NATIVE_HASHES is not None
    assert B._NATIVE_HASHES("Uma frase — com travessão.") is None
    assert B._NATIVE_HASHES(Text("Uma frase simples.")) is None
    assert B.sentence_hashes(Text("Uma frase simples.")) == _python("Uma frase simples.")


@native
def test_bad_tables_are_refused() -> None:
    from noesis_trainer.core import _sentences

    with pytest.raises(ValueError, match="256 bytes"):
        _sentences.setup(b"x", b"x" * 256, b"x" * 256, b"x" * 256)
    B._load_native()  # the module's own tables again


@native
def test_plain_answers_take_the_native_path() -> None:
    """The clean synthetic rows (one paragraph of Latin-1 prose) are hashed natively."""
    answers = [r["response_revised"] for r in synthetic_records(2000, seed=3)]
    answered = [_agrees(a) for a in answers]
    assert all(a in (None, True) for a in answered)
    assert sum(a is True for a in answered) >= 0.95 * len(answers)


@native
def test_real_answers_agree(shared_data: Path) -> None:
    """Every answer of the original pipeline's data: the same hashes where native code answers."""
    seen = native_count = 0
    for path in sorted(shared_data.rglob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                for field in ("response_revised", "response_initial", "critique"):
                    text = record.get(field) if isinstance(record, dict) else None
                    if isinstance(text, str):
                        seen += 1
                        got = _agrees(text)
                        assert got in (None, True), (path.name, field, text[:80])
                        native_count += got is True
    assert seen > 1000
    assert native_count > 0
