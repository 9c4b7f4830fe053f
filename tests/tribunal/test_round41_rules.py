"""Round 41: long quiz questions that ask one fact, choices that end a question, kinds asked
past an aside, a letter or a number that names one of a kind, measure words that are the
topic's, tips as a run of phrases, comparisons set out side by side.

Every example here was written for these tests; the figures the rules were chosen on are in
docs/benchmarks.md ("Round 41").
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from noesis_trainer.tribunal import JudgeItem, Status, Tribunal
from noesis_trainer.tribunal.judges.heuristic import TALKS_AROUND, answered, gives_tips
from noesis_trainer.tribunal.judges.text import (
    ASIDE_MAX_WORDS,
    CLOSED_MAX_WORDS,
    in_kind,
    measures_other,
    picks_option,
    prompt_features,
    quantities_asked,
    request_text,
    sets_sides_apart,
)


def _verdict(prompt: str, response: str) -> Status:
    return Tribunal().verdicts([JudgeItem(prompt, response)])[0].status


LONG_CLOSED = [
    ("Em que ano a Bienal de São Paulo foi realizada pela primeira vez no Parque Ibirapuera?",
     "Em 1957, no pavilhão projetado por Niemeyer."),
    ("Who designed the cast-iron lighthouse that still stands on the northern tip of the island?",
     "Gustave Eiffel's workshop."),
    ("How many moons of Jupiter were first seen by Galileo with his small refracting telescope?",
     "Four."),
    ("Quantas teclas brancas tem o teclado de um piano acústico moderno de tamanho completo?",
     "Cinquenta e duas."),
]  # fmt: skip
NOT_LONG_CLOSED = [
    # a second question in the same sentence
    "When did the Ottoman siege of Vienna begin and what made the relief army arrive so late?",
    # advice in a closed question's words
    "Quando devo trocar as pastilhas de freio do carro se rodo pouco e só dentro da cidade?",
    "Who should I call first if the neighbour's tree falls on my fence during a storm tonight?",
    "When is the best season to see the northern lights in Norway without too many tourists?",
]


@pytest.mark.parametrize(("prompt", "response"), LONG_CLOSED)
def test_a_long_question_that_asks_one_fact_is_closed(prompt: str, response: str) -> None:
    assert CLOSED_MAX_WORDS < len(prompt.split()) <= ASIDE_MAX_WORDS
    p = prompt_features(prompt)
    assert p.closed and p.brief
    assert answered(JudgeItem(prompt, response))[0].brief


@pytest.mark.parametrize("prompt", NOT_LONG_CLOSED)
def test_a_long_question_that_asks_more_or_for_advice_is_not_closed(prompt: str) -> None:
    assert CLOSED_MAX_WORDS < len(prompt.split()) <= ASIDE_MAX_WORDS
    assert not prompt_features(prompt).closed


def test_a_long_question_for_a_kind_stays_a_question_for_a_kind() -> None:
    p = prompt_features(
        "What is the name of the enzyme in saliva that starts to break down starch?"
    )
    assert p.kind_asked and p.closed


CHOICES = [
    ("Do ponto de vista da botânica, a batata-inglesa é uma raiz ou um caule?",
     "Um caule: é um tubérculo, com gemas nos olhos."),
    ("In economics, does a price ceiling set below equilibrium cause a surplus or a shortage?",
     "A shortage: buyers want more than sellers offer at that price."),
    ("Which of these metals is liquid at room temperature: iron, mercury or copper?",
     "Mercury; iron and copper are solid, not liquid."),
    ("Qual destes rios é o mais longo da Europa: Danúbio, Volga ou Reno?",
     "O Volga, com cerca de 3.500 km."),
]  # fmt: skip


@pytest.mark.parametrize(("prompt", "response"), CHOICES)
def test_a_long_question_ending_with_its_options_is_answered_by_one(
    prompt: str, response: str
) -> None:
    p = prompt_features(prompt)
    assert p.choosing or p.closed
    assert in_kind(prompt, response, p)


NOT_CHOICES = [
    "Why do dogs tilt their heads when they hear a new sound or a squeaky toy?",
    "What happens to bread dough if you leave it to rise overnight in the fridge or outside?",
    "Is it safe to give my cat tuna every day if she eats dry food or wet food too?",
    "Quais documentos preciso para tirar a carteira de motorista pela primeira vez ou renovar?",
    "Do these headaches every afternoon mean I drink too little water or something else?",
    "Can I swim in the sea right after eating a large lunch with meat or fish?",
]


NOT_CHOICES += [
    "Do cats really always land on their feet when they fall from a tree or is that a myth?",
    "É verdade que beber café atrapalha o crescimento das crianças pequenas ou é mito?",
    "Is it normal for a newborn baby to sleep 14 or 16 hours a day?",
]


@pytest.mark.parametrize("prompt", NOT_CHOICES)
def test_an_or_that_offers_no_options_makes_no_choice(prompt: str) -> None:
    assert not prompt_features(prompt).choosing


@pytest.mark.parametrize(
    ("prompt", "response"),
    [
        # every option named, nothing set apart
        ("A baleia azul é um peixe ou um mamífero, segundo a zoologia moderna?",
         "Peixe, mamífero, tanto faz, vive no mar."),
        ("Which of these metals is liquid at room temperature: iron, mercury or copper?",
         "Iron, mercury or copper, all of them are metals."),
        ("Qual destes rios é o mais longo da Europa: Danúbio, Volga ou Reno?",
         "Danúbio (Viena), Volga (Rússia) ou Reno (Alemanha)."),
        ("Which interval is larger in semitones: a major sixth or a minor seventh?",
         "A major sixth, or a minor seventh, they are close."),
        # one picked, and the other too
        ("A baleia azul é um peixe ou um mamífero, segundo a zoologia moderna?",
         "Mamífero, mas também peixe."),
        ("Which interval is larger in semitones: a major sixth or a minor seventh?",
         "A minor seventh, but a major sixth also."),
    ],
)  # fmt: skip
def test_naming_every_option_picks_none(prompt: str, response: str) -> None:
    assert not in_kind(prompt, response, prompt_features(prompt))
    assert not picks_option(prompt, response)


def test_a_kind_asked_past_an_aside() -> None:
    prompt = "Qual órgão, situado logo abaixo do diafragma, produz a bile que digere gorduras?"
    p = prompt_features(prompt)
    assert p.kind_asked and p.closed
    assert in_kind(prompt, "O fígado.", p)
    # a short aside is no aside: "if any" leaves an open question
    assert not prompt_features("What lessons, if any, can we draw from the 1929 crash?").closed


@pytest.mark.parametrize(
    ("prompt", "response", "named"),
    [
        ("qual vitamina o leite fortificado costuma ter a mais", "Vitamina D.", True),
        ("which highway runs along the coast from Santos to Rio", "Route 101.", True),
        ("qual vitamina o leite fortificado costuma ter a mais", "Vitamina.", False),
        ("qual vitamina o leite fortificado costuma ter a mais", "Uma vitamina.", False),
    ],
)
def test_a_letter_or_number_names_one_of_the_kind(prompt: str, response: str, named: bool) -> None:
    assert in_kind(prompt, response, prompt_features(prompt)) is named


@pytest.mark.parametrize(
    ("prompt", "response"),
    [
        ("qual gás faz a massa da pizza crescer no forno", "Gás carbônico, do fermento."),
        ("Que técnica se usa para decorar verbos a longo prazo?", "Repetição espaçada."),
        ("Como se chama a linha que une pontos de mesma altitude?", "Curva de nível."),
    ],
)
def test_measure_words_of_the_topic_owe_no_measure(prompt: str, response: str) -> None:
    assert not measures_other(prompt, response)


def test_a_kind_that_is_a_measure_still_owes_one() -> None:
    assert measures_other("Which dose of aspirin is safe for adults per day?", "About 3 hours.")


@pytest.mark.parametrize(
    ("prompt", "response", "other"),
    [
        ("How much sugar should I add to the water when boiling fruit for jam?",
         "About 700 grams per kilo of fruit.", False),
        ("How much sugar should I add to the water when boiling fruit for jam?",
         "About 2 hours.", True),
        ("quanta farinha vai num pão caseiro", "Uns 500 gramas.", False),
    ],
)  # fmt: skip
def test_an_amount_of_stuff_is_weighed_or_measured(prompt: str, response: str, other: bool) -> None:
    assert measures_other(prompt, response) is other


@pytest.mark.parametrize(
    ("prompt", "response"),
    [
        ("Quanto de sono um adolescente precisa?", "Entre 8 e 10 horas por noite."),
        ("How much data does a video call use per hour?", "About 1 GB per hour in HD."),
        ("How much rain does Lisbon get per year?", "About 700 mm a year."),
        ("How much salt is in seawater?", "About 3.5% by weight."),
    ],
)
def test_an_amount_of_what_is_not_weighed_keeps_its_own_measure(prompt: str, response: str) -> None:
    assert not measures_other(prompt, response)


@pytest.mark.parametrize(
    "asked",
    [
        "how much did i spend",
        "how much money do i need",
        "quantos graus faz",
        "how much does it cost",
    ],
)
def test_how_much_of_no_stuff_asks_no_weight(asked: str) -> None:
    folded = request_text(asked)
    assert "mass" not in quantities_asked(folded) or "graus" in folded


@pytest.mark.parametrize(
    ("response", "tips"),
    [
        ("Sessões curtas, celular longe e nada de redes sociais antes.", True),
        ("Aisle seat, no coffee, drink water every hour.", True),
        ("Menos sal, mais água e caminhadas curtas.", True),
        ("Planes, airports, seats.", False),  # bare things
        ("Hard exams, long nights, stressful weeks.", False),  # the trouble, judged
        ("Contas altas, salário baixo e vida difícil.", False),
        ("Conta alta, verão quente e ar-condicionado ligado.", False),  # nothing advised
    ],
)
def test_tips_as_a_run_of_phrases(response: str, tips: bool) -> None:
    assert gives_tips(response) is tips


def test_tips_are_no_talk_around_their_topic() -> None:
    batch = [
        JudgeItem("dicas pra estudar melhor", "Sessões curtas, celular longe e nada de redes."),
        JudgeItem("tips for a long flight", "Hard flights, long nights, tired mornings."),
    ]
    assert answered(batch[0])[1].evasion != TALKS_AROUND
    assert answered(batch[1])[1].evasion == TALKS_AROUND


@pytest.mark.parametrize(
    "prompt",
    [
        "How did the war start and how did the two sides differ?",
        "How do I tell if cashews and almonds differ in calories?",
    ],
)
def test_two_questions_or_a_how_to_are_no_comparison(prompt: str) -> None:
    assert prompt_features(prompt).comparing is None


@pytest.mark.parametrize(
    ("prompt", "response", "apart"),
    [
        ("tea vs coffee", "Tea is steeped leaves; coffee is brewed from roasted beans.", True),
        ("diferença entre rio e riacho", "Rio é largo e perene; riacho é estreito e raso.", True),
        ("How do alligators and crocodiles differ in snout shape?",
         "Alligators have a wide U-shaped snout; crocodiles a narrow V-shaped one.", True),
        ("tea vs coffee", "Tea is nice; coffee is nice too.", False),
        ("diferença entre rio e riacho", "Rio é água; riacho também é água.", False),
        ("tea vs coffee", "Tea and coffee are drinks.", False),
        ("tea vs coffee", "Tea is nice, but coffee is nicer.", False),  # liking
        ("tea vs coffee", "Tea is one thing; coffee is another thing entirely.", False),
        ("tea vs coffee", "I drink tea at night, but coffee in the morning.", False),  # taste
    ],
)  # fmt: skip
def test_a_comparison_set_out_side_by_side(prompt: str, response: str, apart: bool) -> None:
    p = prompt_features(prompt)
    assert p.comparing is not None
    assert sets_sides_apart(p, prompt, response) is apart
    assert (_verdict(prompt, response) is Status.APPROVED) is apart


@given(st.text(max_size=200), st.text(max_size=200))
def test_the_new_readings_never_raise(prompt: str, response: str) -> None:
    p = prompt_features(prompt)
    picks_option(prompt, response)
    sets_sides_apart(p, prompt, response)
    measures_other(prompt, response)
    gives_tips(response)
