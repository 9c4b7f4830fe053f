"""The phrase lists of `tribunal.judges.lexicon` are split only at their top-level "|".

The lists are written as one regex alternation per constant; an inner group such as
``(?:o |a |um )?`` is part of its phrase, spaces and all. Splitting at every "|" once lost those
spaces, so "o que é ouro" read as a definition of "uro".
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from noesis_trainer.tribunal.judges import lexicon
from noesis_trainer.tribunal.judges.text import prompt_features, request_text

# the module's phrase lists: tuples of strings, every one written through `_phrases`
PHRASE_LISTS = {
    name: value
    for name, value in vars(lexicon).items()
    if name.isupper()
    and isinstance(value, tuple)
    and value
    and all(isinstance(v, str) for v in value)
}


def test_the_phrase_lists_are_found() -> None:
    assert {"DEFINITION_QUESTIONS", "QUESTION_LEAD_INS", "LEADING_CHATTER"} <= set(PHRASE_LISTS)


def test_every_phrase_is_a_whole_regex() -> None:
    for name, phrases in PHRASE_LISTS.items():
        for phrase in phrases:
            re.compile(phrase)  # an unbalanced group raises
            assert phrase == phrase.strip(), (name, phrase)


def test_inner_alternations_keep_their_spaces() -> None:
    assert lexicon._phrases(r"o que (?:e|eh) (?:o |a )?|defina") == (
        r"o que (?:e|eh) (?:o |a )?",
        "defina",
    )
    assert lexicon._phrases(r"a[|]b|c\|d|e") == (r"a[|]b", r"c\|d", "e")
    assert lexicon._phrases(" x | y |\n| z ") == ("x", "y", "z")


_ATOM = st.sampled_from(["o", "que", "what", "is", "a", "pra", "mesmo"])
_GROUP = st.lists(_ATOM.map(lambda w: w + " "), min_size=2, max_size=4).map(
    lambda ws: "(?:" + "|".join(ws) + ")?"
)
_PHRASE = st.lists(_ATOM | _GROUP, min_size=1, max_size=4).map(" ".join)


@given(st.lists(_PHRASE, min_size=1, max_size=6))
def test_written_phrases_come_back_as_written(phrases: list[str]) -> None:
    assert lexicon._phrases("|".join(phrases)) == tuple(phrases)


def test_an_article_is_not_read_into_the_term() -> None:
    # "o que é ouro": the article group must not take the "o" of "ouro"
    assert prompt_features("o que é ouro?").defining
    assert prompt_features("o que é o impedimento?").defining


def test_a_polite_lead_in_with_its_pronoun_is_left_out() -> None:
    asked = request_text("você pode me dizer qual a capital da Mongólia")
    assert asked == "qual a capital da mongolia"
    assert request_text("vc consegue me explicar o que é spread") == "o que e spread"
