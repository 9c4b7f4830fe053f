"""The cheaper paths of issue 15 say exactly what the plain definitions say."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from noesis_trainer.core.boilerplate import BoilerplateCounter
from noesis_trainer.tribunal.output_failures import (
    ECHO_EXTRA_WORDS,
    ECHO_SHARE,
    MIN_ECHO_WORDS,
    FailureKind,
    OutputFailure,
    _echo,
)
from noesis_trainer.validation.builtin_rules import more_than_one_sentence

_WORDS = st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f", "g"]), max_size=60)


def _echo_definition(prompt_words: list[str], words: list[str]) -> OutputFailure | None:
    """`_echo` as it was written before its length test moved first."""
    if len(prompt_words) < MIN_ECHO_WORDS:
        return None
    vocab = set(prompt_words)
    in_prompt = sum(map(vocab.__contains__, words))
    if in_prompt >= ECHO_SHARE * len(words) and len(words) <= 3 * len(prompt_words) + 10:
        return OutputFailure(
            FailureKind.ECHO,
            f"echoes the prompt: {in_prompt} of its {len(words)} words are the prompt's",
        )
    n = len(prompt_words)
    for start in range(min(3, len(words))):
        if words[start : start + n] == prompt_words:
            extra = len(words) - n
            if extra < ECHO_EXTRA_WORDS:
                return OutputFailure(
                    FailureKind.ECHO, f"echoes the prompt, then only {extra} words of its own"
                )
            break
    return None


@given(_WORDS, _WORDS)
def test_echo_equals_its_definition(prompt_words: list[str], words: list[str]) -> None:
    assert _echo(prompt_words, words) == _echo_definition(prompt_words, words)


@given(st.lists(_WORDS, max_size=3).map(lambda ws: [w for part in ws for w in part]))
def test_echo_of_a_copied_prompt(words: list[str]) -> None:
    """Answers that are (near) copies of their prompt: the branch that fires."""
    prompt = words[:12]
    if len(prompt) >= MIN_ECHO_WORDS:
        assert _echo(prompt, prompt) is not None  # the firing branch is exercised
    for answer in (prompt, prompt + ["x"] * 5, ["y", *prompt]):
        assert _echo(prompt, answer) == _echo_definition(prompt, answer)


_END = re.compile(r"[.!?](\s|$)")
_PIECES = st.sampled_from(["Uma frase", ".", "!", "?", " ", "\n", "x", "3.14", "...", "?!", "\t"])


@given(st.lists(_PIECES, max_size=20).map("".join))
def test_more_than_one_sentence_equals_two_regex_matches(text: str) -> None:
    first = _END.search(text)
    expected = first is not None and _END.search(text, first.end()) is not None
    assert more_than_one_sentence(text) == expected


_SENTENCES = st.sampled_from(
    ["Uma frase comum.", "Outra frase aqui.", "E mais uma!", "1. **Item**: x.", "- item y", "ok"]
)


@given(
    st.lists(
        st.tuples(
            st.lists(_SENTENCES, max_size=5).map(" ".join),
            st.integers(0, 14),
            st.sampled_from(["", "template_1", "persona"]),
        ),
        max_size=60,
    ),
    st.integers(1, 4),
)
def test_counter_with_hashes_from_elsewhere_equals_the_counter(
    rows: list[tuple[str, int, str]], min_seeds: int
) -> None:
    """`add_record_hashed` (hashes computed by another counter, as in the row worker) gives the
    report of `add_record`, shared sentences' texts included."""
    plain = BoilerplateCounter(min_seeds=min_seeds)
    hashed = BoilerplateCounter(min_seeds=min_seeds)
    elsewhere = BoilerplateCounter(min_seeds=min_seeds)
    for answer, group, technique in rows:
        record: dict[str, Any] = {
            "response_revised": answer,
            "source_id": f"seed_{group}",
            "technique": technique,
        }
        plain.add_record(record)
        hashed.add_record_hashed(record, elsewhere.hashes(answer))
    assert hashed.report() == plain.report()


def test_counter_with_hashes_names_the_shared_sentence() -> None:
    plain, hashed = BoilerplateCounter(min_seeds=2), BoilerplateCounter(min_seeds=2)
    for group in range(3):
        record = {"response_revised": "Uma frase comum. Outra.", "source_id": f"s{group}"}
        plain.add_record(record)
        hashed.add_record_hashed(record, plain.hashes("Uma frase comum. Outra."))
    assert [s.text for s in hashed.report().worst] == ["outra.", "uma frase comum."]
    assert hashed.report() == plain.report()
