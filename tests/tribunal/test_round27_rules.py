"""Round 27's rules.

A reply that opens with a bare run of items gives the things asked for, so the talk rule
("talks about the topic without answering it") leaves it alone.

"Bandages, gauze, tape, gloves, scissors." for "what goes in a first aid kit" and "Sólido,
líquido e gasoso; ..." for "estados fisicos da materia" name the things; a sentence that puts
its list after a subject and a verb ("Good balcony flowers include petunias, geraniums and
marigolds", a neighbouring question's answer) or opens with a verb ("Depende do clima, do solo
e da época") does not open with a list. A how-to asks for steps: a run of nouns does not
answer it.

A number is of the kind "how many" asks for only when it is no measure of another thing: "Uns 6
minutos" does not count bones, "$12,000" is no time and "86 °F" counts no eggs
(`text.measures_unasked`). Figures in docs/benchmarks.md ("Round 27").
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.heuristic import TALKS_AROUND, answered, opens_with_list
from noesis_trainer.tribunal.judges.text import in_kind, measures_unasked, request_text


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


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("quantos ossos tem o corpo de um adulto?", "Uns 6 minutos a partir da fervura."),
        ("qnto tempo pra cozinhar ovo com a gema dura", "$12,000, before any interest."),
        ("galinha bota quantos ovos por dia", "86 °F. Multiply by 1.8 and add 32."),
        ("quantos dias dura a gestacao de gato", "Uns 120 g, peneirada e nivelada."),
        ("feijao cozido dura quanto tempo na geladeira", "Aproximadamente 1,61 km."),
    ],
)  # fmt: skip
def test_a_measure_of_another_thing_is_no_count(prompt: str, reply: str) -> None:
    assert measures_unasked(request_text(prompt), reply)
    item = JudgeItem(prompt, reply)
    assert not in_kind(prompt, reply, answered(item)[0])


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("quantos ossos tem o corpo de um adulto?", "206 ossos; o bebê nasce com uns 300."),
        ("how many players on a soccer team", "Eleven on the field."),
        ("how many times a week should i run", "3 to 4 days a week, with rest between."),
        ("how much should I tip in a restaurant in the US?", "Around 18–20% of the bill."),
        ("quanto tempo de cozimento pro ovo ficar cozido", "Uns 10 minutos na água fervendo."),
        ("how many hours of sleep does a teenager need", "8 to 10 hours a night."),
        ("quanto ta o dolar agora", "Uns R$ 5,40, mas muda o dia todo."),  # money unread: unchecked
        ("how many cups in a gallon", "16 cups."),
    ],
)  # fmt: skip
def test_the_measure_asked_for_or_a_plain_count_is_kept(prompt: str, reply: str) -> None:
    assert not measures_unasked(request_text(prompt), reply)


@given(st.text(max_size=200), st.text(max_size=200))
def test_measures_unasked_reads_any_text(prompt: str, reply: str) -> None:
    assert isinstance(measures_unasked(request_text(prompt), reply), bool)


def test_measures_unasked_reads_the_opening_only() -> None:
    folded = request_text("quantos ossos tem o corpo")
    assert not measures_unasked(folded, "7" * 100_000)
    assert measures_unasked(folded, "6 minutos " + "9" * 100_000)


@pytest.mark.parametrize(
    ("prompt", "reply", "expected"),
    [
        ("why does my car battery keep dying", "Typically a parasitic drain, or an old one.", True),
        ("pq meu pao fica duro", "Na maioria das vezes falta umidade na massa.", True),
        ("why does my car battery keep dying", "Usually a parasitic drain.", True),
        ("why does my car battery keep dying", "Typically no.", False),  # never a yes or a no
    ],
)  # fmt: skip
def test_a_cause_named_after_how_often_it_is_the_one(
    prompt: str, reply: str, expected: bool
) -> None:
    """The hedge words are `lexicon.USUALLY`'s (and "likely", "often"): one list, not two."""
    assert in_kind(prompt, reply, answered(JudgeItem(prompt, reply))[0]) is expected
