"""Round 27's rule: a reply that opens with a bare run of items gives the things asked for, so
the talk rule ("talks about the topic without answering it") leaves it alone.

"Bandages, gauze, tape, gloves, scissors." for "what goes in a first aid kit" and "Sólido,
líquido e gasoso; ..." for "estados fisicos da materia" name the things; a sentence that puts
its list after a subject and a verb ("Good balcony flowers include petunias, geraniums and
marigolds", a neighbouring question's answer) or opens with a verb ("Depende do clima, do solo
e da época") does not open with a list. A how-to asks for steps: a run of nouns does not
answer it. Figures in docs/benchmarks.md ("Round 27").
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.heuristic import TALKS_AROUND, answered, opens_with_list


@pytest.mark.parametrize(
    "reply",
    [
        "Bandages, gauze, tape, gloves, scissors.",
        "Sólido, líquido e gasoso; alguns livros incluem plasma.",
        "Cherry tomatoes, lettuce, spinach, radishes, and herbs like basil and mint.",
        "Photo ID, pay stubs or an offer letter, bank statements and references.",
        "Arroz, feijão ou macarrão: o que tiver em casa.",
    ],
)  # fmt: skip
def test_a_bare_run_of_items_opens_with_a_list(reply: str) -> None:
    assert opens_with_list(reply)


@pytest.mark.parametrize(
    "reply",
    [
        "Good balcony flowers include petunias, geraniums and marigolds.",  # subject and verb first
        "Most sink clogs are caused by hair, grease and soap scum.",
        "Depende do clima, do solo e da época.",  # a verb first
        "It depends on budget, climate and taste.",
        "Cats, dogs.",  # two items
        "Helium.",
        "",
        "   ,  , and ,",
    ],
)  # fmt: skip
def test_a_sentence_with_a_list_inside_does_not_open_with_one(reply: str) -> None:
    assert not opens_with_list(reply)


@given(st.text(max_size=300))
def test_opens_with_list_reads_any_text(reply: str) -> None:
    assert isinstance(opens_with_list(reply), bool)


def test_a_long_hostile_reply_is_read_at_once() -> None:
    assert opens_with_list("a, " * 50_000 + "b")
    assert not opens_with_list("word " * 50_000)  # one item of many words
    assert not opens_with_list("a, " * 50_000 + "word " * 50)  # its last item runs on


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("what goes in a first aid kit", "Bandages, gauze, tape, gloves, scissors."),
        ("estados fisicos da materia", "Sólido, líquido e gasoso; a matéria muda com o calor."),
    ],
)  # fmt: skip
def test_a_list_of_the_things_asked_for_does_not_talk_around(prompt: str, reply: str) -> None:
    assert answered(JudgeItem(prompt, reply))[1].evasion != TALKS_AROUND


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("what goes in a first aid kit", "A first aid kit holds useful things for emergencies."),
        ("estados fisicos da materia", "A matéria muda de estado com o calor e a pressão."),
        # a how-to asks for steps: synonyms of one of its words are no steps
        ("how to unclog a drain", "Exhausted, weary, fatigued, drained, worn out."),
    ],
)  # fmt: skip
def test_a_line_about_the_topic_still_talks_around(prompt: str, reply: str) -> None:
    assert answered(JudgeItem(prompt, reply))[1].evasion == TALKS_AROUND
