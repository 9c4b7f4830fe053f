"""Round 44's rules, each from a miss of the blind families read this round (`short_ea`,
`short_eb`): superlatives beyond the dozen the patterns knew ("the hardest natural mineral");
a language named after its land ("Icelandic."); praise of a question only where it stands
apart ("ask them a good question at the end" is advice); a question after the field it is
asked in ("In basic electronics, how do you...?") weighed as that question; and a run of
items that goes on in a longer phrase of the same clause.

Every example here was written for these tests; the figures are in docs/benchmarks.md
("Round 44").
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from noesis_trainer.tribunal import JudgeItem
from noesis_trainer.tribunal.judges.heuristic import TALKS_AROUND, answered, opens_with_list
from noesis_trainer.tribunal.judges.text import (
    SHORT_QUESTION_WORDS,
    _prompt_features,
    evasion,
    framed_question,
    in_kind,
    one_word_in_kind,
    prompt_features,
)
from noesis_trainer.tribunal.output_failures import FailureKind, detect


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("what's the hardest natural mineral?", "Diamond."),
        ("driest desert on earth", "The Atacama."),
        ("what is the deadliest animal in the world", "The mosquito."),
        ("whats the brightest star in the night sky", "Sirius."),
    ],
)  # fmt: skip
def test_any_superlative_asks_for_the_thing_that_holds_it(prompt: str, answer: str) -> None:
    p = prompt_features(prompt)
    assert p.closed
    assert in_kind(prompt, answer, p)
    assert not [f for f in detect(prompt, answer) if f.kind is FailureKind.EMPTY]


@pytest.mark.parametrize(
    "prompt",
    [
        "what's the best way to learn the guitar?",  # advice, not a superlative of a measure
        "what's the safest way to store cooked rice?",  # a superlative of a way: advice
        "safest way to defrost chicken",
        "cheapest way to get to the airport",
    ],
)
def test_a_superlative_of_a_way_asks_for_advice(prompt: str) -> None:
    assert not prompt_features(prompt).closed


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("what language do they speak in iceland", "Icelandic."),
        ("qual a língua falada na islândia?", "Islandês."),
        ("which language is spoken in finland", "Finnish."),
    ],
)  # fmt: skip
def test_a_language_named_after_its_land_is_no_echo(prompt: str, answer: str) -> None:
    assert one_word_in_kind(prompt, answer)
    assert not detect(prompt, answer)


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("what language do they speak in iceland", "Iceland."),  # the land, not its language
        ("who invented the telephone", "Telephones."),  # still the prompt's own word
        # a longer word on a word of the question's own, not on the land's
        ("what language do they speak in iceland", "Speaking."),
        ("qual o idioma oficial do japão", "Idiomas."),
        ("qual a língua falada na islândia?", "Falado."),
    ],
)  # fmt: skip
def test_the_prompts_own_word_is_still_no_answer(prompt: str, answer: str) -> None:
    assert not one_word_in_kind(prompt, answer)


ADVICE = "tips for a job interview"


def test_asking_a_good_question_is_advice_not_praise() -> None:
    reply = (
        "Research the company, prepare concrete examples, and ask them a good question at the end."
    )
    assert evasion(ADVICE, reply) is None


@pytest.mark.parametrize(
    "reply",
    [
        "Great question! Interviews are something everyone worries about.",
        "Good question, honestly.",
        "Ótima pergunta! Entrevista é sempre um momento especial.",
        "Boa pergunta",
        "Essa é uma ótima pergunta de entrevista! Todo mundo passa por isso um dia.",
        "That's a great question to think about before any interview.",
        "Great question — interviews are something everyone worries about.",  # a dash folded away
        "Sure. Great question 🙂 everyone worries about that.",
    ],
)
def test_praise_that_stands_apart_is_still_praise(reply: str) -> None:
    assert evasion(ADVICE, reply) == "praises the question"


@pytest.mark.parametrize(
    ("prompt", "question"),
    [
        (
            "In basic electronics, how do you find the total resistance of two resistors in "
            "parallel?",
            "how do you find the total resistance of two resistors in parallel?",
        ),
        (
            "Na geografia física, em qual país nasce o rio Paraná?",
            "em qual país nasce o rio Paraná?",
        ),
        ("In Python, how do I reverse a list?", "how do I reverse a list?"),
    ],
)
def test_a_question_after_its_field_is_that_question(prompt: str, question: str) -> None:
    assert framed_question(prompt) == question


@pytest.mark.parametrize(
    "prompt",
    [
        "In my opinion, cats are better than dogs, right?",  # an opinion, not a field
        "Na meteorologia, explique como se forma o orvalho.",  # no question
        "In chemistry, what is an acid? And why does it burn?",  # two questions
        "In the long and winding history of the Roman Republic and its wars, who won?",  # long
        "How do I reverse a list in Python?",  # no field first
    ],
)
def test_no_field_no_framed_question(prompt: str) -> None:
    assert framed_question(prompt) is None


def test_a_framed_short_question_is_short() -> None:
    prompt = (
        "In food safety training, what should you do with cooked leftovers to keep them safe "
        "to eat?"
    )
    assert len(prompt.split()) > SHORT_QUESTION_WORDS  # too long for a short question...
    assert not _prompt_features(prompt).short
    assert prompt_features(prompt).short  # ...but its question is one


@given(st.text(max_size=300))
def test_framed_question_reads_any_text(prompt: str) -> None:
    found = framed_question(prompt)
    assert found is None or prompt.endswith(found)


def test_a_run_of_items_may_go_on_in_a_longer_phrase() -> None:
    reply = "Strings, woodwinds, brass and percussion, sometimes joined by a harp or a piano."
    assert not opens_with_list(reply)
    assert opens_with_list(reply, tail=True)
    prompt = "In music, what are the four main sections of a symphony orchestra?"
    assert answered(JudgeItem(prompt, reply))[1].evasion != TALKS_AROUND


@pytest.mark.parametrize(
    "reply",
    [
        "Depende do clima, do solo e da época.",  # a verb first
        "Good balcony flowers include petunias, geraniums and marigolds.",  # subject and verb
        "Strings, sometimes joined by a harp or a piano, and brass.",  # two items before it
    ],
)
def test_a_run_with_a_tail_still_opens_with_items(reply: str) -> None:
    assert not opens_with_list(reply, tail=True)


def test_a_tail_keeps_every_plain_list() -> None:
    reply = "Salt, pepper and a little bit of olive oil."  # a long last item, no tail
    assert opens_with_list(reply)
    assert opens_with_list(reply, tail=True)


@given(
    st.lists(
        st.lists(st.sampled_from(["salt", "olive", "oil", "a", "bit"]), min_size=1, max_size=9),
        min_size=1,
        max_size=7,
    ),
    st.sampled_from([", ", " and ", " ou "]),
)
def test_a_tail_accepts_whatever_a_plain_reading_does(items: list[list[str]], sep: str) -> None:
    reply = sep.join(" ".join(words) for words in items) + "."
    assert opens_with_list(reply, tail=True) or not opens_with_list(reply)


@given(st.text(max_size=300))
def test_opens_with_list_with_a_tail_reads_any_text(reply: str) -> None:
    assert opens_with_list(reply, tail=True) or not opens_with_list(reply)
