"""Round 49's rules, from six families written blind this round (`short_fj` to `short_fo`,
measured first with round 48's code): the last item of a markdown list cut short, which the gate
let through because list items are often written without a full stop; titles written without a
stop; small tasks on a quoted passage (a detail picked out of it, a sentence expanded, a
correction), which the judges read as answers that add nothing; counted lists asked for with
"give" or "provide".

A list's last item is a cut when the item before it ends on a full stop and it does not, when
it is one word under items of three words or more, or when it ends on a scrap of a word (one or
two letters rare in the answer's language, three letters far rarer: "a cu", "the w", "pure
sod"); common short words ("it", "up", "já") and units after a number ("250 g") end items.

Every example here was written for these tests; the figures are in docs/benchmarks.md
("Round 49").
"""

from __future__ import annotations

import pytest
from tests.tribunal.terse_batch import statuses

from noesis_trainer.tribunal.judges.text import (
    extracts_from_passage,
    prompt_features,
    reworks_passage,
    titled,
)
from noesis_trainer.tribunal.output_failures import FailureKind, detect

_LIST = "Salt keeps well for years.\n- Store it in a dry jar\n- Keep it away from steam\n"
_LISTA = "O sal dura anos.\n- Guarde num pote seco\n- Longe do vapor do fogão\n"


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (_LIST + "- Keep a few rice grains in the jar fo", "a scrap of two letters"),
        (_LIST + "- Rub a thin layer of", "a binding word"),
        (_LIST + "- Keep the lid on the w", "a letter"),
        (_LIST + "- label", "one lowercase word under longer items"),
        ("Do this:\n- Rinse the beans well.\n- Soak them overnight.\n- Boil for ten", "no stop"),
        ("Salt keeps well for years.\n- ke", "a lone item of two letters"),
    ],
)
def test_a_lists_last_item_cut_short_is_caught(answer: str, why: str) -> None:
    found = detect("how do I store salt?", answer)
    assert [f.kind for f in found] == [FailureKind.TRUNCATED], why


def test_a_portuguese_lists_scrap_is_caught() -> None:
    found = detect("como guardo sal?", _LISTA + "- Evite o contato com fo")
    assert [f.kind for f in found] == [FailureKind.TRUNCATED]


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("how do I store salt?", _LIST + "- Use it within five years"),
        ("how do I store salt?", _LIST + "- A shelf up high is fine too"),
        ("how do I store salt?", _LIST + "- Buy it in bags of 500 g"),  # a unit after a number
        ("which salts are there?", "Options:\n- Sea salt\n- Rock salt\n- Kosher"),  # short items
        ("how do I solve it?", "Steps:\n1. Write the equation\n2. Solve for x"),  # a variable
        ("como guardo sal?", _LISTA + "- Só isso já"),  # a common short word
    ],
)
def test_a_list_written_to_its_end_without_stops_passes(prompt: str, answer: str) -> None:
    assert detect(prompt, answer) == []


def test_a_list_whose_items_end_on_stops_may_end_on_one_too() -> None:
    answer = "Do this:\n- Rinse the beans well.\n- Soak them overnight.\n- Boil for ten minutes."
    assert detect("how do I cook dry beans?", answer) == []


@pytest.mark.parametrize(
    "title",
    [
        "Small Kitchens and Big Flavour",
        "Luz Acesa: como gastar menos no inverno",
        "The Quiet Hours of the Harbour",
    ],
)
def test_a_title_needs_no_stop(title: str) -> None:
    assert titled(title)


@pytest.mark.parametrize(
    "text",
    [
        "Here's one: the kettle sulks, since it gets steam",  # a comma: a piece cut short
        "small kitchens and big flavour",  # no capitals: not title case
        "Luz Acesa: como gastar menos no",  # ends on a function word
        "The Quiet Hours of the",
        "Small Kitchens and Big Flavour.\nA second line",
    ],
)
def test_a_cut_or_a_sentence_is_no_title(text: str) -> None:
    assert not titled(text)


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("Suggest a title for a cookbook about small kitchens.", "Small Kitchens and Big Flavour"),
        (
            "Sugira um título para um post sobre economizar gás no inverno.",
            "Gás na medida: o inverno sem sustos",
        ),
    ],
)
def test_a_title_asked_for_is_approved_without_a_stop(prompt: str, answer: str) -> None:
    assert statuses([(prompt, answer)]) == ["APPROVED"]


_DETAIL = (
    'Extract the pickup date: "Your order 5521 ships on 3 May and can be picked up on 7 May at '
    'the Elm Street store."'
)


def test_a_detail_picked_out_of_a_quoted_passage_is_the_answer() -> None:
    assert prompt_features(_DETAIL).closed
    assert extracts_from_passage(_DETAIL, "7 May.")
    assert statuses([(_DETAIL, "7 May.")]) == ["APPROVED"]
    pt = (
        'Extraia o nome da empresa: "Olá, aqui é a Júlia, da Padaria Estrela, confirmando o '
        'pedido de amanhã."'
    )
    assert statuses([(pt, "Padaria Estrela.")]) == ["APPROVED"]


@pytest.mark.parametrize(
    "answer",
    [
        "The store on Elm Street is open late on weekdays.",  # words the passage lacks
        "I can't help with that.",
    ],
)
def test_words_beyond_the_passage_are_no_detail_picked_out(answer: str) -> None:
    assert not extracts_from_passage(_DETAIL, answer)


def test_an_extraction_needs_its_verb() -> None:
    assert not extracts_from_passage('What is this: "7 May at the Elm Street store"?', "7 May.")


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        (
            'Expand into one full sentence: "dog barked, neighbours woke."',
            "The dog barked, and the neighbours woke up.",
        ),
        (
            'Expanda em uma frase: "entrega atrasada, cliente irritado."',
            "A entrega atrasou e o cliente ficou irritado.",
        ),
        ('Corrija: "Fazem três anos que moro aqui."', "Faz três anos que moro aqui."),
    ],
)
def test_a_passage_reworked_is_delivered(prompt: str, answer: str) -> None:
    assert prompt_features(prompt).rework
    assert reworks_passage(prompt, answer)
    assert statuses([(prompt, answer)]) == ["APPROVED"]


def test_the_passage_unchanged_is_no_rework() -> None:
    prompt = 'Corrija: "Fazem três anos que moro aqui."'
    assert not reworks_passage(prompt, "Fazem três anos que moro aqui.")
    assert not reworks_passage(prompt, "O verbo fazer é impessoal quando indica tempo.")


def test_a_quoted_passages_words_make_no_question_about_tomorrow() -> None:
    prompt = (
        'Deixe mais curto: "Será que amanhã você teria um tempo para revisar o contrato comigo?"'
    )
    assert not prompt_features(prompt).unknowable


@pytest.mark.parametrize(
    ("prompt", "count"),
    [("Give three examples of citrus fruits.", 3), ("Provide two synonyms for happy.", 2)],
)
def test_give_and_provide_ask_for_a_counted_list(prompt: str, count: int) -> None:
    assert prompt_features(prompt).listing == count


def test_a_counted_list_given_is_approved() -> None:
    assert statuses([("Give three examples of citrus fruits.", "Lemons, limes and oranges.")]) == [
        "APPROVED"
    ]


_SORT = "Sort these into fruits and vegetables: carrot, apple, leek, plum."


def test_items_sorted_into_their_groups_are_no_echo() -> None:
    assert detect(_SORT, "Fruits: apple, plum. Vegetables: carrot, leek.") == []
    assert statuses([(_SORT, "Fruits: apple, plum. Vegetables: carrot, leek.")]) == ["APPROVED"]


@pytest.mark.parametrize("answer", [_SORT, "carrot, apple, leek, plum."])
def test_the_items_in_their_own_order_are_an_echo(answer: str) -> None:
    assert [f.kind for f in detect(_SORT, answer)] == [FailureKind.ECHO]


def test_a_conversion_to_millilitres_is_answered_in_ml() -> None:
    prompt = "Convert 3 US cups of milk to millilitres."
    assert prompt_features(prompt).closed
    assert statuses([(prompt, "About 710 ml.")]) == ["APPROVED"]


# The review's cases (a helper's, with answers it wrote against round 48's code and the change)


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("Your favourite fantasy novels?", "My top three:\n1. The Way of Kings\n2. Mistborn"),
        (
            "What are the primary colours of light?",
            "The three:\n- Red, the longest wavelength\n- Green, where the eye is keenest\n- Blue",
        ),
        ("What is 6 times 7?", "Result:\n- 42"),
        ("Which option is correct?", "The correct option is:\n- C"),
        ("How do I solve it?", "Steps:\n1. Write the position equation\n2. Differentiate in t"),
        (
            "How do I solve it?",
            "Steps:\n1. Write the position equation\n2. Differentiate with respect to t",
        ),
        ("O que comprar?", "Lista:\n- Farinha de trigo\n- Açúcar refinado\n- Fermento em pó"),
        (
            "How do I measure?",
            "Tips:\n- Weigh the flour\n- Level each spoon\n- Measure liquids in ml",
        ),
        ("Web tools?", "You will need:\n- A code editor\n- A modern browser\n- Node and npm"),
        ("Which modules?", "Imports:\n- import sys\n- import os"),
        ("Big tech firms?", "Some:\n- Apple Inc.\n- Samsung Electronics Co.\n- Google"),
        (
            "Questions to ask at an interview?",
            "Ask:\n- What does a typical day look like?\n- How is success measured?\n- Growth",
        ),
        ("Como pagar?", "Formas:\n- Cartão de crédito em até 3x\n- Boleto bancário\n- Pix"),
    ],
)
def test_whole_lists_of_the_review_pass(prompt: str, answer: str) -> None:
    assert [f for f in detect(prompt, answer) if f.kind is FailureKind.TRUNCATED] == []


@pytest.mark.parametrize(
    ("answer", "extracted"),
    [
        ("10:15.", True),
        ("The departure time is 10:15.", True),  # the request's own words around it
        ("The train.", False),  # no time
        ("Porto.", False),
    ],
)
def test_a_detail_picked_out_is_of_the_kind_named(answer: str, extracted: bool) -> None:
    prompt = 'Extract the departure time: "The train leaves Porto at 10:15 and arrives at 12:40."'
    assert extracts_from_passage(prompt, answer) is extracted


def test_an_email_picked_out_holds_its_at_sign() -> None:
    prompt = 'Extract the email: "Write to ana.silva@example.com for details."'
    assert extracts_from_passage(prompt, "ana.silva@example.com")
    assert not extracts_from_passage(prompt, "For details.")


def test_identify_asks_for_a_judgement_not_a_span() -> None:
    prompt = 'Identify the tone: "Fine. Do whatever you want, as usual."'
    assert not prompt_features(prompt).closed


@pytest.mark.parametrize(
    "answer",
    [
        "Essay Title Goes Here",
        "Note: Here Is a Title Suggestion for Your Essay",
        "As an AI, I Do Not Write Slogans",
    ],
)
def test_talk_of_a_title_is_no_title(answer: str) -> None:
    assert not titled(answer)


def test_a_title_on_another_topic_gets_no_form_relevance() -> None:
    # a piece of wording shares no word with its request by nature: its form says nothing
    prompt = "Suggest a title for my thesis on coral reef bleaching."
    assert statuses([(prompt, "Machine Learning for Credit Risk Models")]) != ["APPROVED"]


def test_the_passage_behind_a_lead_in_is_no_correction() -> None:
    prompt = 'Correct this sentence: "Houveram muitos problemas na entrega."'
    answer = "Here is the corrected sentence: Houveram muitos problemas na entrega."
    assert not reworks_passage(prompt, answer)


def test_an_expansion_adds_words() -> None:
    prompt = 'Expand this sentence: "The meeting moved to Friday."'
    assert not reworks_passage(prompt, "The meeting moved to Friday. Thanks.")
    assert reworks_passage(prompt, "The team meeting has been moved to Friday afternoon.")


def test_a_sort_that_drops_an_item_is_an_echo() -> None:
    prompt = "Sort these into fruits and vegetables: apple, carrot, banana, pea."
    assert [f.kind for f in detect(prompt, "Fruits: apple, banana. Vegetables: carrot.")] == [
        FailureKind.ECHO
    ]


def test_a_quoted_question_to_answer_keeps_its_unknowable_words() -> None:
    assert prompt_features('Answer this question: "Who will win the 2030 World Cup?"').unknowable


def test_a_price_picked_out_holds_its_currency() -> None:
    prompt = 'Extract the price: "Oak desk, 120 cm wide, good condition, $85, pickup only."'
    assert extracts_from_passage(prompt, "$85.")
    assert not extracts_from_passage(prompt, "120 cm wide.")  # a figure, not a price
