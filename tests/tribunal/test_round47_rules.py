"""Round 47's rules, from the misses of six families written blind this round (`short_es` to
`short_ex`, measured first with round 46's code): answers that open the way textbooks and models
do, by restating what was asked ("Compound interest is interest earned on...", "Leaves change
colour because...", "A basketball team has five players..."); one-sentence explanations of how
a thing works; English questions typed as a bare noun phrase ("boiling point of ethanol?"),
which are no yes/no questions; saying that the asker's own facts cannot be known; comparisons
whose sides share a stem ("cal" and "calcário"); a tool named by an everyday word ("rust"); and
a chat reply typed in lowercase with no final stop.

Every example here was written for these tests; the figures are in docs/benchmarks.md
("Round 47").
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.tribunal.terse_batch import statuses

from noesis_trainer.tribunal import JudgeItem
from noesis_trainer.tribunal.judges.text import (
    asks_explanation,
    asks_private,
    chat_reply,
    defines_term,
    explains,
    in_kind,
    prompt_features,
)
from noesis_trainer.tribunal.output_failures import FailureKind, detect


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("o que é um tombamento?", "Tombamento é um ato que protege um bem de valor histórico."),
        ("what is a mortgage?", "A mortgage is a loan secured by the home it pays for."),
        ("what are tannins?", "Tannins are plant compounds that make wine taste dry."),
    ],
)
def test_a_definition_that_restates_its_term_defines_it(prompt: str, answer: str) -> None:
    assert defines_term(prompt, answer, prompt_features(prompt))
    assert statuses([(prompt, answer)]) == ["APPROVED"]


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("o que é um tombamento?", "Tombamento é um tema importante do patrimônio."),
        ("what is a mortgage?", "A mortgage is an interesting topic with many aspects."),
        ("what is a mortgage?", "A mortgage has many relevant aspects to consider."),
    ],
)
def test_restating_the_term_then_talking_about_it_defines_nothing(prompt: str, answer: str) -> None:
    assert statuses([(prompt, answer)]) == ["REJECTED"]


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        (
            "por que o pão de queijo murcha?",
            "O pão de queijo murcha porque o vapor sai e a massa cede.",
        ),
        ("why does bread go stale?", "Bread goes stale because its starch recrystallizes."),
        ("pq o leite ferve e derrama?", "Porque a nata forma uma película que prende o vapor."),
    ],
)
def test_a_cause_after_the_restated_question_answers_why(prompt: str, answer: str) -> None:
    assert in_kind(prompt, answer, prompt_features(prompt))
    assert statuses([(prompt, answer)]) == ["APPROVED"]


@pytest.mark.parametrize(
    "prompt",
    [
        "boiling point of ethanol?",
        "main causes of inflation?",
        "best free app to learn german?",
        "top speed of a cheetah?",
        "speed of sound in water roughly?",
    ],
)
def test_a_bare_noun_phrase_is_no_yes_no_question(prompt: str) -> None:
    p = prompt_features(prompt)
    assert not p.yes_no
    assert p.query or p.closed  # "boiling point of ethanol?" asks for a measure: closed


@pytest.mark.parametrize(
    "prompt",
    [
        "coffee grounds good for tomatoes?",
        "is it safe to eat raw oats?",
        "normal to feel sore after yoga?",
        "cachorro pode comer manga?",
        "a receita leva ovo?",  # Portuguese: "a" is an article, the question a yes/no
        "the sun a star?",  # verb-less, its subject first
        "the great wall visible from space?",
    ],
)
def test_yes_no_questions_stay_yes_no(prompt: str) -> None:
    assert prompt_features(prompt).yes_no


PRIVATE = [
    ("how much is my bike worth", "Can't know without its model and condition; check listings."),
    ("qual vai ser a minha nota na prova?", "Não tenho como saber; depende do que você fez."),
    ("will i get the job", "No way to know from here; it depends on them."),
]


@pytest.mark.parametrize(("prompt", "answer"), PRIVATE)
def test_saying_the_askers_own_facts_cannot_be_known_answers_them(prompt: str, answer: str) -> None:
    assert asks_private(prompt)
    assert statuses([(prompt, answer)]) == ["APPROVED"]


@pytest.mark.parametrize(
    "prompt",
    [
        "posso tomar dipirona com meu antibiótico?",  # a permission: knowable
        "how do i reset my router",  # a how-to
        "what are signs my dog is sick",  # signs: knowable
        "make this nicer: 'you never answer my calls'",  # the asker's words, quoted
    ],
)
def test_knowable_questions_about_the_asker_are_not_private(prompt: str) -> None:
    assert not asks_private(prompt)


def test_cannot_know_under_a_knowable_question_is_still_rejected() -> None:
    prompt = "posso tomar dipirona com meu antibiótico?"
    assert statuses([(prompt, "Não tenho como saber isso.")]) == ["REJECTED"]


def test_a_count_after_a_long_restated_subject_is_the_count() -> None:
    prompt = "how many players does a basketball team have on court?"
    answer = "A basketball team has five players on the court at a time."
    assert in_kind(prompt, answer, prompt_features(prompt))


def test_what_a_restated_subject_is_made_of_is_the_thing_asked() -> None:
    prompt = "What is the main ingredient of hummus?"
    answer = "Hummus is made mainly from chickpeas, with tahini and lemon."
    assert in_kind(prompt, answer, prompt_features(prompt))
    wrong = "Hummus is a popular dip at parties."
    assert not in_kind(prompt, wrong, prompt_features(prompt))


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("qual a diferença entre cal e calcário", "Cal é a rocha queimada; calcário, a natural."),
        ("How is a tangerine different from an orange?",
         "A tangerine is smaller than an orange and easier to peel."),
        ("qual a diferença entre chá verde e preto?", "O verde é só seco, e o preto, fermentado."),
    ],
)  # fmt: skip
def test_comparisons_set_apart_as_people_write_them(prompt: str, answer: str) -> None:
    assert prompt_features(prompt).comparing is not None
    assert statuses([(prompt, answer)]) == ["APPROVED"]


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("explain how a thermostat works",
         "It switches the heating on and off to hold a set temperature."),
        ("como funciona um disjuntor?",
         "Ele corta a corrente quando passa do limite, protegendo os fios."),
        ("what does a router do", "It passes data between your devices and the internet."),
    ],
)  # fmt: skip
def test_a_sentence_of_how_it_works_explains(prompt: str, answer: str) -> None:
    assert asks_explanation(prompt)
    assert explains(prompt, answer)
    assert statuses([(prompt, answer)]) == ["APPROVED"]


@pytest.mark.parametrize(
    "answer",
    [
        "The first thermostat was patented in 1883.",  # the topic's past
        "Warren Johnson, in Wisconsin.",  # who, not how
        "It's a fascinating device with many uses.",  # talk of the topic
        "Depends on the model, hard to say.",  # a dodge
    ],
)
def test_background_names_and_talk_explain_nothing(answer: str) -> None:
    assert not explains("explain how a thermostat works", answer)


@pytest.mark.parametrize(
    ("prompt", "howto"),
    [
        ("how do i get rust off my bike chain", False),
        ("how do i go to sleep earlier", False),
        ("how to parse json in rust", True),
        ("go: how to reverse a string", True),
        ("how do i take a screenshot on windows", True),
    ],
)
def test_a_tool_named_by_an_everyday_word_needs_a_word_of_code(prompt: str, howto: bool) -> None:
    assert prompt_features(prompt).howto is howto


def test_a_lowercase_chat_reply_is_written_to_its_end() -> None:
    prompt, answer = "who discovered penicillin", "alexander fleming, at st marys"
    assert chat_reply(prompt, answer)
    assert detect(prompt, answer) == []  # "marys" is no word cut short
    prompt, answer = "how many legs does a spider have", "eight, like every arachnid"
    assert statuses([(prompt, answer)]) == ["APPROVED"]


def test_a_cut_keeps_its_capitals_and_is_still_a_cut() -> None:
    kinds = [f.kind for f in detect("who discovered penicillin", "Alexander Fleming, at the hospi")]
    assert FailureKind.TRUNCATED in kinds
    assert not chat_reply("Who discovered penicillin?", "alexander fleming, at st marys")


@given(st.text(alphabet="abcdefghij ,", min_size=1, max_size=60))
def test_a_chat_reply_is_all_lowercase(text: str) -> None:
    if chat_reply("who discovered penicillin", text):
        assert text.lower() == text and "\n" not in text


def test_judging_alone_keeps_shared_nothing_off_topic() -> None:
    # alone, no other prompt vouches for a terse answer's topic: the new kinds are batch evidence
    item = JudgeItem("explain how a thermostat works", "Warren Johnson, in Wisconsin.")
    from noesis_trainer.tribunal import Tribunal

    assert Tribunal().verdicts([item])[0].status.value == "REJECTED"


# The review's cases (a helper's, with answers it wrote against round 46's code and the change)


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("why is the sky blue?", "The sky is blue because it is blue."),
        ("why is the sky blue?", "The sky is blue because of physics."),
        ("why do leaves change colour?", "Leaves change colour because of many complex factors."),
        ("por que o gelo boia?", "Porque é gelo."),
        ("por que o gelo boia?", "O gelo boia porque sim."),
        ("why do cats purr?", "Cats purr since ancient times."),
    ],
)
def test_a_cause_that_says_nothing_is_no_answer(prompt: str, answer: str) -> None:
    assert statuses([(prompt, answer)]) == ["REJECTED"]


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("o que é mel?", "Mel e melado costumam ser confundidos nos mercados."),
        ("what is compound interest?", "Compound interest is something you should ask about."),
        ("what does entropy mean?", "Entropy means a lot of different things in different fields."),
    ],
)
def test_a_restated_term_then_nothing_defines_nothing(prompt: str, answer: str) -> None:
    assert not defines_term(prompt, answer, prompt_features(prompt))


@pytest.mark.parametrize(
    "prompt",
    [
        "how many legs does my spider have?",
        "what year did my country, brazil, become independent?",
        "why is my bike chain rusty",
        "qual a capital do meu país, o brasil?",
    ],
)
def test_a_knowable_fact_named_with_my_is_not_private(prompt: str) -> None:
    assert not asks_private(prompt)
    assert statuses([(prompt, "Impossible to know.")]) == ["REJECTED"]


@pytest.mark.parametrize(
    "prompt",
    [
        "will the feather fall as fast as the hammer on the moon?",
        "quanto vai ficar 15% de 200?",
        "if i heat a gas in a sealed box, will the pressure rise?",
    ],
)
def test_a_future_tense_is_not_what_cannot_be_known(prompt: str) -> None:
    assert not prompt_features(prompt).unknowable


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("tea vs coffee", "Tea is other than coffee."),
        ("How is a tangerine different from an orange?", "A tangerine is rather than an orange."),
        ("How is a tangerine different from an orange?",
         "A tangerine is more popular than an orange."),
        ("qual a diferença entre mel e melado?", "Mel é mais gostoso que melado."),
    ],
)  # fmt: skip
def test_taste_and_filler_set_no_sides_apart(prompt: str, answer: str) -> None:
    assert statuses([(prompt, answer)]) == ["REJECTED"]


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("how many legs does a spider have", "spiders have eight legs and two main body segm"),
        ("why is the sky blue", "because air scatters blue light more than red lig"),
    ],
)
def test_a_lowercase_cut_is_still_a_cut(prompt: str, answer: str) -> None:
    assert FailureKind.TRUNCATED in [f.kind for f in detect(prompt, answer)]


@pytest.mark.parametrize(
    "prompt", ["how to see hidden files in shell", "how to check disk usage in shell"]
)
def test_a_shell_question_with_a_word_of_files_is_a_how_to(prompt: str) -> None:
    assert prompt_features(prompt).howto


def test_people_and_humans_are_plain_facts_for_a_verdict() -> None:
    assert statuses([("are humans mammals?", "Yes, placental mammals.")]) == ["APPROVED"]
