"""Round 48's rules, from the misses of six families written blind this round (`short_fb` to
`short_fg`, measured first with round 47's code): chat replies that open with the figure asked
for and end without a stop ("88 teclas", "7 a 9 horas por noite"), one-word lowercase replies to
a lowercase question, and lowercase replies that end on a singular or a verb's present whose
plural or infinitive is the commoner word ("não, é mamífero", "no, it's a legume"), which the
gate took for a word cut short. A chat reply is read as if typed with its capital and stop (its
lowercase says nothing of its form), but not for a "who" or "where", whose name its capitals
tell; a chat reply may pick the side of a choice; a run-in list may end on a relative clause
("Red, green and blue, which together make white light"); a picked side may be measured in the
other ("Petabyte, it's a thousand terabytes.").

A cut of such a reply keeps its figure, so a reply that opens with a number is written to its
end only where its last word is whole: four letters or more, no function word, not the start of
a longer word, nor a plural's singular after a count ("20 minuto" is "20 minutos" cut).

Every example here was written for these tests; the figures are in docs/benchmarks.md
("Round 48").
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.tribunal.terse_batch import statuses

from noesis_trainer.tribunal.judges.background import cut_word, inflected_word
from noesis_trainer.tribunal.judges.text import chat_reply, in_kind, prompt_features
from noesis_trainer.tribunal.output_failures import FailureKind, detect


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("quantas cordas tem um cavaquinho", "4 cordas"),
        ("how many moons does mars have", "2 small moons"),
        ("quantos dias de licença paternidade", "5 dias corridos"),
        ("how long should i steep green tea", "2 to 3 minutes"),
    ],
)
def test_a_lowercase_reply_may_open_with_its_figure(prompt: str, answer: str) -> None:
    assert chat_reply(prompt, answer)
    assert detect(prompt, answer) == []


@pytest.mark.parametrize(
    "answer",
    [
        "4 cor",  # the start of a word
        "5 dias corridos a",  # a function word
        "1500, em 2",  # a figure cut
        "30 minuto",  # a plural's singular after a count
        "12 on",  # too short to tell
        "seis jogador",  # the same, after a count in words
    ],
)
def test_a_cut_reply_that_opens_with_a_figure_is_no_chat_reply(answer: str) -> None:
    assert not chat_reply("quanto tempo demora", answer)


def test_figures_first_chat_replies_are_approved_in_a_batch() -> None:
    pairs = [
        ("quantas cordas tem um cavaquinho", "4 cordas"),
        ("how many moons does mars have", "2 small moons"),
    ]
    assert statuses(pairs) == ["APPROVED", "APPROVED"]


def test_a_capitalised_reply_without_a_stop_is_not_a_chat_reply() -> None:
    # a model's answer, and a cut of one, keeps its capitals
    assert not chat_reply("quantas cordas tem um cavaquinho", "4 Cordas")
    assert not chat_reply("How many moons does Mars have?", "2 small moons")


@pytest.mark.parametrize("word", ["legume", "mamífero", "endurece"])
def test_a_singular_or_a_present_is_a_whole_word(word: str) -> None:
    assert inflected_word(word)


@pytest.mark.parametrize("word", ["confe", "fasci", "exemp", "necessár"])
def test_a_word_start_stays_a_cut(word: str) -> None:
    assert cut_word(word)
    assert not inflected_word(word)


def test_a_lowercase_reply_on_a_rare_singular_is_not_cut() -> None:
    assert detect("baleia é peixe?", "não, é mamífero") == []
    assert detect("is a tomato a vegetable", "no, it's a fruit botanically, a berry") == []


def test_a_capitalised_answer_cut_in_a_word_is_still_cut() -> None:
    kinds = [f.kind for f in detect("Baleia é peixe?", "Não. A baleia é um mamífero que respi")]
    assert FailureKind.TRUNCATED in kinds


@given(st.text(alphabet="0123456789 abcdefg,", min_size=1, max_size=40))
def test_a_chat_reply_that_opens_with_a_figure_ends_on_a_word(text: str) -> None:
    if chat_reply("quantos dias tem um ano", text) and text[:1].isdigit():
        last = text.split()[-1]
        assert last.isalpha() and len(last) >= 4


@pytest.mark.parametrize(
    "answer",
    ["brasília e o", "mei é u", "ver", "gel o"],  # a function word, a letter, a short word alone
)
def test_a_lowercase_reply_cut_at_a_word_is_no_chat_reply(answer: str) -> None:
    assert not chat_reply("qual a capital do brasil", answer)


def test_a_one_word_lowercase_reply_of_four_letters_is_a_chat_reply() -> None:
    assert chat_reply("quantas cordas tem um violão", "seis")


def test_a_chat_reply_is_read_as_if_capitalised() -> None:
    prompt, answer = "o que é inflação", "alta generalizada dos preços ao longo do tempo"
    assert in_kind(prompt, answer, prompt_features(prompt))


def test_a_chat_reply_under_who_or_where_is_not_made_a_name() -> None:
    # a capital would make any reply's first word a name: "Vênus" the country asked for
    pairs = [
        ("which country is the atacama desert in", "vênus, uns 243 dias terrestres"),
        ("quem compôs aquarela do brasil", "vermeer, johannes vermeer"),
    ]
    assert "APPROVED" not in statuses(pairs)


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("chá verde ou preto pra dormir melhor", "verde, tem menos cafeína"),  # a chat choice
        ("what are the primary colors of paint", "Red, yellow and blue, which mix into the rest."),
        ("which is longer, a mile or a kilometre?", "A mile, about 1.6 times a kilometre."),
        ("how long should i steep green tea", "2 to 3 minutes"),
    ],
)
def test_round48_forms_are_approved_in_a_batch(prompt: str, answer: str) -> None:
    assert statuses([(prompt, answer)]) == ["APPROVED"]


def test_a_choice_measured_in_both_sides_without_a_pick_is_no_pick() -> None:
    # "or" in the tail names both: no side picked
    assert statuses([("which is bigger, a megabyte or a gigabyte?", "Megabyte or gigabyte.")]) != [
        "APPROVED"
    ]


# The review's cases (a helper's, with answers it wrote against round 47's code and the change)


@pytest.mark.parametrize("word", ["conside", "howeve", "qualque", "perhap", "anothe", "celsiu"])
def test_the_start_of_a_function_word_or_an_english_word_is_no_inflection(word: str) -> None:
    assert not inflected_word(word)


@pytest.mark.parametrize("answer", ["about 10 million", "two dozen", "uns 3 mil"])
def test_a_number_word_after_a_count_is_no_singular_cut(answer: str) -> None:
    assert chat_reply("how many people live there", answer)


def test_a_long_reply_that_opens_with_a_figure_is_no_chat_reply() -> None:
    # a model's answer that opens with its figure goes on: its cuts are longer
    assert not chat_reply("how many bones are in the body", "206 in adults, though newborns have")
    assert not chat_reply("how many bones are in the body", "206 in adults, though newborns around")


@pytest.mark.parametrize(
    "answer", ["a warm-bl", "a warm-blooded animal with hair that", "a general rise in pri"]
)
def test_a_cut_lowercase_reply_is_not_read_as_written(answer: str) -> None:
    assert not chat_reply("what is a mammal", answer, whole=True)


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("what color is the sky", "hmmm"),  # a word alone is no name
        ("name the primary colors of light", "Stuff, things and more, which is all I know."),
        ("quais são as cores primárias?", "Coisas, troços e tal, que eu não lembro."),
        ("which is bigger, a petabyte or a terabyte?", "Terabyte, petabyte, a thousand."),
    ],
)
def test_the_review_fillers_are_not_approved(prompt: str, answer: str) -> None:
    assert statuses([(prompt, answer)]) != ["APPROVED"]


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [("what's the ph of seawater", "8, slightly basic."), ("qual é o ph do vinagre", "3, ácido.")],
)
def test_a_ph_is_a_measure_its_number_answers(prompt: str, answer: str) -> None:
    # a number answers it, as it answers "what's the height of..." (round 47's code: rejected)
    assert statuses([(prompt, answer)]) == ["APPROVED"]
