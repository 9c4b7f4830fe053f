"""The two helpers that keep the heuristic judges fast hold to their Python definitions.

- `judges.cues.cue_keys`: the word starts one of which every match of a phrase holds. The
  evasion scan skips an answer with none of a phrase's keys, so the keys must be a necessary
  condition: checked on strings hypothesis draws from each phrase's own regex, and on every
  text we hold (written families, drafts, shared data). The same for `cue_condition`, every
  word start a match must hold, each choice's alternatives apart.
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

from noesis_trainer.core.folding import fold, folded_words
from noesis_trainer.tribunal.judges import lexicon
from noesis_trainer.tribunal.judges.cues import (
    AllOf,
    AnyOf,
    cue_condition,
    cue_keys,
    cue_words,
    first_chars,
    first_chars_ahead,
    holds,
)
from noesis_trainer.tribunal.judges.text import (
    _EVASION_CUES,
    _EVASION_KEYS,
    _EVASIONS,
    _SIDE_WORDS,
    _SIDES,
    _TRAIL,
    _marks,
    count_markers,
    count_pieces,
    gram_coverage,
    native_word_stats,
    prompt_features,
    python_count_markers,
    python_count_pieces,
    python_ends_and_specifics,
    python_grams_found,
    python_marks,
    python_word_stats,
    response_features,
    sentence_ends_and_specifics,
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


@pytest.mark.parametrize(
    ("fragment", "cue"),
    [
        (
            "(?:hard|difficult) to (?:say|tell)",  # each word of the phrase, not one of them
            AllOf((frozenset({"hard", "diffi"}), frozenset({"to"}), frozenset({"say", "tell"}))),
        ),
        (
            "otima pergunta|great question",  # the alternatives' words kept apart
            AnyOf(
                (
                    AllOf((frozenset({"otima"}), frozenset({"pergu"}))),
                    AllOf((frozenset({"great"}), frozenset({"quest"}))),
                )
            ),
        ),
        (
            "vou (?:te |lhe )?(?:explicar|mostrar)",
            AllOf((frozenset({"vou"}), frozenset({"expli", "mostr"}))),
        ),
        ("depende", frozenset({"depen"})),
        # "e" and "is" end a choice: whether a longer word goes on is not read (not needed)
        (
            "(?:e|is) (?:something|algo) people",
            AllOf((frozenset({"somet", "algo"}), frozenset({"peopl"}))),
        ),
        (r"\w+ \w+", None),
    ],
)
def test_cue_condition(fragment: str, cue: object) -> None:
    got = cue_condition(fragment)
    assert got == cue
    keys = cue_keys(fragment)
    if got is not None and keys is not None:  # the index's keys are among the condition's
        assert keys <= cue_words(got)


def test_holds() -> None:
    cue = AnyOf((frozenset({"x"}), AllOf((frozenset({"a", "b"}), frozenset({"c"})))))
    assert holds(cue, {"x"})
    assert holds(cue, {"b", "c"})
    assert not holds(cue, {"a", "b"})
    assert not holds(cue, set())


def test_every_condition_word_is_a_key_of_the_evasion_scan() -> None:
    # an answer's keys (`_EVASION_KEYS` of its word starts) must hold every word a condition
    # reads, else a condition would fail on an answer that holds its words
    for cue in _EVASION_CUES:
        assert cue is not None
        assert cue_words(cue) <= _EVASION_KEYS


@pytest.mark.parametrize(
    ("fragment", "chars"),
    [
        ("(?:hard|difficult) to", "dh"),
        ("a?b", "ab"),
        ("(?:e|sao) (?:um|uma)", "es"),
        ("[x-z]y", "xyz"),
        ("(?<![a-z])nao", "n"),  # a look-behind is zero width: the next item starts the match
        ("x*", None),  # may match the empty string
        ("a|", None),
        ("(?i)abc", None),  # a flag: not read
        ("[^a]b", None),  # a negated class: any character
        (r"\w+", None),
        (r"^\W*depende", None),
    ],
)
def test_first_chars(fragment: str, chars: str | None) -> None:
    assert first_chars(fragment) == chars


def _plain_and_led(fragment: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    body = f"(?<![a-z0-9])(?:{fragment})(?![a-z0-9])"
    return re.compile(body), re.compile(first_chars_ahead(fragment) + body)


def test_first_chars_leave_every_phrase_match_where_it_was() -> None:
    # the look-ahead only skips places where no match can start: the same spans everywhere
    texts = [fold(t) for t in _texts()]
    fragments = [f for _, f in FRAGMENTS] + list(lexicon.NONCOMMITTAL)
    for fragment in fragments:
        plain, led = _plain_and_led(fragment)
        for text in texts:
            assert [m.span() for m in plain.finditer(text)] == [
                m.span() for m in led.finditer(text)
            ], (fragment, text)


@given(data=st.data())
def test_first_chars_leave_matches_where_they_were_on_any_text(data: st.DataObject) -> None:
    fragment = data.draw(st.sampled_from([f for _, f in FRAGMENTS]))
    plain, led = _plain_and_led(fragment)
    words = [w for w in re.findall(r"[a-z']+", fragment) if w] or ["x"]
    text = data.draw(
        st.lists(st.one_of(st.sampled_from(words), st.text(max_size=3)), max_size=20).map(" ".join)
    )
    assert [m.span() for m in plain.finditer(text)] == [m.span() for m in led.finditer(text)]


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
        prefixes = _prefixes(text)
        assert not keys.isdisjoint(prefixes), (kind, text)
        cue = cue_condition(fragment)
        assert cue is not None and holds(cue, prefixes), (kind, text, cue)


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
        for (kind, pattern, keys), cue in zip(_EVASIONS, _EVASION_CUES, strict=True):
            if pattern.search(folded) is not None:
                matched += 1
                assert keys is None or not keys.isdisjoint(prefixes), (kind, text)
                assert cue is None or holds(cue, prefixes), (kind, text)
    assert matched > 100  # the check saw real matches


@given(st.text(max_size=400))
def test_native_word_stats_equal_python(text: str) -> None:
    folded = fold(text)
    assert word_stats(folded) == python_word_stats(folded)


@given(st.lists(st.sampled_from(["a", "de", "que", "voce", "you", "computador", "42", "x1"])))
def test_native_word_stats_on_repeated_words(words: list[str]) -> None:
    folded = " ".join(words)
    assert word_stats(folded) == python_word_stats(folded)


MARK_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list('aZ09 .!?;:\n\r\t*_"“(-–—•=²ψ%°$€£`ÉéΩß𝓐ǅ\x1c\u2028')),
        st.characters(),
    ),
    max_size=120,
)
"""Text thick with what the scans look at: sentence ends and their runs, capitals and digits,
formula symbols, emphasis before a name, Unicode capitals, title case and odd whitespace."""


@given(st.one_of(MARK_TEXT, st.text(max_size=300)))
def test_native_ends_and_specifics_equal_python(text: str) -> None:
    assert sentence_ends_and_specifics(text) == python_ends_and_specifics(text)


@given(st.one_of(MARK_TEXT, st.text(max_size=300)))
def test_native_marks_equal_python(text: str) -> None:
    assert _marks.__wrapped__(text) == python_marks(text)


PHRASES = sorted({tuple(folded_words(p)) for ps in lexicon.PHRASES.values() for p in ps} - {()})
PIECES = st.one_of(
    st.sampled_from(PHRASES),  # whole phrases, overlapping where pieces meet
    st.sampled_from(PHRASES).map(lambda p: p[: max(1, len(p) - 1)]),  # a phrase cut short
    st.sampled_from([("x",), ("de",), ("que",), ("a",), ("42",)]),
)


@given(st.lists(PIECES, max_size=12))
def test_native_markers_equal_python(pieces: list[tuple[str, ...]]) -> None:
    words = [w for piece in pieces for w in piece]
    assert count_markers(words) == python_count_markers(words)


GRAM_TEXT = st.text(alphabet=st.sampled_from(list(" abcde01")), max_size=60)


@given(
    GRAM_TEXT, st.lists(st.text(alphabet=st.sampled_from(list(" abcde01")), min_size=4, max_size=4))
)
def test_native_grams_found_equal_python(joined: str, grams: list[str]) -> None:
    _words = pytest.importorskip("noesis_trainer.tribunal._words")
    found = _words.grams_found(joined, tuple(grams))
    assert found is None or found == python_grams_found(joined, tuple(grams))
    if joined.isascii():
        assert found is not None
    assert _words.grams_found("é" + joined, tuple(grams)) is None  # not ASCII: Python counts
    assert _words.grams_found(joined, (*grams, "abc")) is None  # not a 4-gram: Python counts


@given(st.one_of(MARK_TEXT, st.text(max_size=200)), st.integers(min_value=-1, max_value=50))
def test_native_count_pieces_equal_python(text: str, limit: int) -> None:
    assert count_pieces(text, limit) == python_count_pieces(text, limit)  # -1: no limit


def test_native_grams_leave_a_long_text_to_python() -> None:
    # past 16,384 characters one substring search a gram (which may stop early) is the cheaper
    _words = pytest.importorskip("noesis_trainer.tribunal._words")
    long_text = " word" * 4000
    assert _words.grams_found(long_text, (" wor",)) is None
    p = prompt_features("word count")
    assert gram_coverage(p, long_text, 0.0) == python_grams_found(long_text, p.grams) / len(p.grams)


class _Rehashing(str):
    """A str whose hashing could run code: the native walk leaves such words to Python."""

    def __hash__(self) -> int:
        return str.__hash__(self)


def test_native_markers_leave_words_that_are_not_plain_strings_to_python() -> None:
    words = ["nao", "sei", _Rehashing("dizer")]
    assert count_markers(words) == python_count_markers(words)
    _words = pytest.importorskip("noesis_trainer.tribunal._words")
    assert _words.markers(words, {}) is None


def test_native_scans_agree_on_every_written_text() -> None:
    texts = _texts()
    for text, next_text in zip(texts, [*texts[1:], texts[0]], strict=True):
        assert sentence_ends_and_specifics(text) == python_ends_and_specifics(text), text
        assert _marks.__wrapped__(text) == python_marks(text), text
        words = folded_words(text)
        assert count_markers(words) == python_count_markers(words), text
        for limit in (0, 3, 40):
            assert count_pieces(text, limit) == python_count_pieces(text, limit), text
        # a prompt's 4-grams in the next text (a prompt beside its answer, or another row's)
        p, joined = prompt_features(text), response_features(next_text).joined
        if p.grams:
            want = python_grams_found(joined, p.grams) / len(p.grams)
            assert gram_coverage(p, joined, 0.0) == want, (text, next_text)


def test_native_word_stats_on_many_distinct_words() -> None:
    # the compiled helper's table of words seen grows past its first 64 slots
    import random

    rng = random.Random(7)
    for n in (100, 300, 5000):
        folded = " ".join(
            "".join(rng.choice("abcdefghij0") for _ in range(rng.randint(1, 12))) for _ in range(n)
        )
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
