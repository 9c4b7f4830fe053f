"""Round 45's rules, from misses of the written families read before and of two families
written and read this round (`short_ei`, `short_ej`): a "when" answered
by a season or a part of the day ("In autumn, a few weeks before the ground freezes") and a
"where" answered by where a thing sits ("In the pancreas.", "Atrás do estômago") were read as
giving none of what was asked for; a short request to explain ("explain what a tiebreak is in
tennis") asked for a paragraph where its question asks for a line; "Defina 'soneto'." was no
request for a definition; a count after its restated subject ("A V8 has eight cylinders") was no
count.

Every example here was written for these tests; the figures are in docs/benchmarks.md
("Round 45").
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.tribunal.terse_batch import statuses

from noesis_trainer.tribunal import JudgeItem
from noesis_trainer.tribunal.judges.heuristic import GIVES_NOTHING, answered
from noesis_trainer.tribunal.judges.text import (
    _SENTENCE_END,
    _opens_with_location,
    explained_question,
    first_sentence,
    in_kind,
    prompt_features,
    request_text,
)


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        # a season or a part of the day answers "when"
        ("when should i plant tulip bulbs", "In autumn, before the first hard frost."),
        ("when do swallows leave europe", "Late summer, mostly in September."),
        ("quando podar a roseira", "No inverno, quando a planta está dormente."),
        ("quando regar as plantas no verão?", "De manhã cedo ou no fim da tarde."),
        ("when is the best time to see the milky way", "On moonless nights, far from city lights."),
        # where a thing sits answers "where"
        ("where is the thyroid", "In the front of the neck, below the larynx."),
        ("where is the fuse box usually", "On the back wall of the garage or in a hall closet."),
        ("onde fica o apêndice", "No lado direito da barriga, embaixo."),
        ("onde fica o registro de água da casa", "Embaixo da pia ou perto do hidrômetro."),
        ("where do sea turtles lay their eggs", "On the beach where they hatched."),
    ],
)  # fmt: skip
def test_a_time_or_a_place_answers_when_or_where(prompt: str, answer: str) -> None:
    p = prompt_features(prompt)
    assert in_kind(prompt, answer, p)
    assert answered(JudgeItem(prompt, answer))[1].evasion is None


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("where is the thyroid", "In the end, it depends on the person."),  # places nothing
        ("where is the thyroid", "In the thyroid area."),  # the prompt's own thing
        ("onde fica o apêndice", "Na verdade, depende de cada caso."),
        ("onde fica o apêndice", "No apêndice, claro."),
        ("onde fica o monte roraima", "No ar rarefeito há menos arrasto."),  # noun first in pt
        ("where is the fuse box", "No idea, sorry."),  # English "no" is no place
        ("onde fica o apêndice", "In the belly."),  # an English place for "onde"
        # found by the round's review: no article, or a hedge
        ("where is the thyroid gland", "In reality, it depends on the person."),
        ("where is the fuse box in a house", "By default, ask your landlord."),
        ("where is the thyroid gland", "On balance, ask your doctor."),
        ("where do penguins live", "In my experience, they are found in many places."),
        ("onde fica o pâncreas", "No entanto, cada corpo é diferente."),
        ("onde fica o registro de água", "Na maioria das vezes depende da casa."),
        ("onde fica o fígado", "Na dúvida, procure um médico."),
    ],
)  # fmt: skip
def test_no_location_without_a_new_noun_in_the_questions_language(prompt: str, answer: str) -> None:
    assert not _opens_with_location(request_text(prompt), answer)


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("em que ano foi fundada a cidade de Curitiba?", "No outono."),  # a year asked
        ("when did world war 2 end", "In the spring, after years of fighting."),  # a date
        ("when should i prune roses", "At night, probably."),  # a hedge
        ("quando devo regar as plantas", "Tarde demais para dizer, depende."),  # "too late"
    ],
)
def test_no_season_answers_a_year_a_date_or_with_a_hedge(prompt: str, answer: str) -> None:
    assert not in_kind(prompt, answer, prompt_features(prompt))


def test_a_generic_line_under_where_still_gives_nothing() -> None:
    item = JudgeItem("where is the fuse box?", "In the meantime, stay safe and call a pro.")
    assert answered(item)[1].evasion == GIVES_NOTHING


def test_a_batch_approves_the_answers_of_place_and_season() -> None:
    """In a batch, the answer of the kind asked is on topic (the form `unclaimed` vouches for)
    and approved; the season's answer under the "where" question places nothing."""
    place = ("where are the islets of langerhans", "In the pancreas.")
    season = ("when should i plant garlic", "In autumn, a few weeks before the ground freezes.")
    assert statuses([place, season]) == ["APPROVED", "APPROVED"]
    assert statuses([(place[0], season[1]), season])[0] == "REJECTED"


@given(st.text(max_size=200), st.text(max_size=200))
def test_the_location_reading_never_fails(prompt: str, answer: str) -> None:
    assert isinstance(_opens_with_location(request_text(prompt), answer), bool)


@pytest.mark.parametrize(
    ("prompt", "question"),
    [
        ("explain what a hurricane eye is", "what is a hurricane eye?"),
        ("Explain what a GFCI outlet does.", "what does a gfci outlet do?"),
        ("explain what 'net 30' means on an invoice", "what does 'net 30' mean on an invoice?"),
        ("explain how vaccines work", "how do vaccines work?"),
        ("explain how a dishwasher works, quickly", "how does a dishwasher work, quickly?"),
        ("explica o que é Pix", "o que e pix?"),
        ("Me explica rapidinho como funciona o FGTS", "como funciona o fgts?"),
        ("can you explain what a hash table is, briefly?", "what is a hash table, briefly?"),
        ("explain what does a router do", "what does a router do?"),  # in a question's order
        ("explain what the French Revolution was", "what was the french revolution?"),
        ("could you please explain what a hedge fund is", "what is a hedge fund?"),
        ("você pode me explicar o que é CDI", "o que e cdi?"),
    ],
)  # fmt: skip
def test_a_short_request_to_explain_embeds_its_question(prompt: str, question: str) -> None:
    assert explained_question(prompt) == question


@pytest.mark.parametrize(
    "prompt",
    [
        "Explain in detail how a bill becomes a law.",  # detail asked for
        "explica passo a passo como funciona o imposto de renda",
        "Explain what inflation is. Use an example.",  # two sentences
        "explain why the sky is blue",  # a why: no question of what or how
        "explain what the difference between a roth ira and a traditional ira is for a young saver",
        "what is a hurricane eye?",  # a question already
        "explain what a mortgage is and how it works",  # two questions
        "explain what is a PE ratio and how it is used",
        "explain what you mean by that",  # about what was said
    ],
)  # fmt: skip
def test_other_prompts_embed_no_question(prompt: str) -> None:
    assert explained_question(prompt) is None


def test_a_request_to_explain_is_as_brief_as_its_question() -> None:
    p = prompt_features("explain what a tiebreak is in tennis")
    assert p.brief and p.defining
    long = prompt_features("Explain in detail how a bill becomes a law.")
    assert not long.brief


def test_a_one_sentence_explanation_is_approved_and_a_generic_line_is_not() -> None:
    rainbow = (
        "explain how a rainbow forms",
        "Sunlight refracts in raindrops and splits into colours.",
    )
    pix = ("explica o que é o Pix", "O pagamento instantâneo do Banco Central, feito por chave.")
    assert statuses([rainbow, pix]) == ["APPROVED", "APPROVED"]
    generic = (rainbow[0], "Great question! There is a lot to say about this topic.")
    assert statuses([generic, pix])[0] == "REJECTED"


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("Defina 'soneto'.", "Poema de catorze versos: dois quartetos e dois tercetos."),
        ("Define 'enjambment'.", "A line of poetry running on into the next without a pause."),
    ],
)
def test_a_definition_asked_for_a_quoted_term(prompt: str, answer: str) -> None:
    p = prompt_features(prompt)
    assert p.defining
    assert in_kind(prompt, answer, p)


@pytest.mark.parametrize(
    "prompt",
    [
        'what\'s "nice to meet you" in portuguese',  # a translation
        "oq é 'sextou'",  # a word's use: `answers_word_question`
        "O que significa a palavra 'efêmero'?",
        "What is a 'hedge fund'?",  # a quoted word after "what is": as before
        "What's the 'best' phone to buy?",
    ],
)
def test_other_quoted_terms_are_no_request_to_define(prompt: str) -> None:
    assert not prompt_features(prompt).defining


@pytest.mark.parametrize(
    ("prompt", "answer", "expected"),
    [
        ("how many cylinders does a V8 engine have?", "A V8 has eight cylinders.", True),
        ("Quantos dentes tem um adulto?", "São 32, contando os sisos.", True),
        ("how many bones are in the adult human body", "There are 206 bones.", True),
        ("how many bones in the adult human body", "An adult has **206** bones.", True),
        ("how many cylinders does a V8 engine have?", "A cello has four strings.", False),
        ("how many bones are in the adult human body", "It is a great question.", False),
        ("how many moons does mars have", "There are 3 ways to find out: search online.", False),
        ("quantos estados tem o brasil", "São 3 regiões principais, mais ou menos.", False),
        ("qnts dias de ferias eu tenho direito?", "É 192, ligação gratuita.", False),
        ("how many weeks in a year", "Weeks are seven days long.", False),
    ],
)  # fmt: skip
def test_a_count_after_its_restated_subject_is_the_count(
    prompt: str, answer: str, expected: bool
) -> None:
    assert in_kind(prompt, answer, prompt_features(prompt)) is expected


@given(st.text(max_size=120))
def test_the_embedded_question_is_none_or_a_question(prompt: str) -> None:
    question = explained_question(prompt)
    assert question is None or question.endswith("?")


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("Explique o que é impedimento no futebol.", "É uma regra complicada, depende muito."),
        ("o que é inflação?", "Ninguém pode saber com certeza: depende do cenário."),
        ("what does escrow mean", "Nobody can know that, it depends on the market."),
    ],
)
def test_a_definition_that_hedges_is_no_definition(prompt: str, answer: str) -> None:
    """A genus first does not make a hedge a definition (found while reading round 45's
    requests to explain: the plain question had the same gap)."""
    assert not in_kind(prompt, answer, prompt_features(prompt))


@given(st.text(alphabet="ab .!?;:\n\t1Z", max_size=40))
def test_the_first_sentence_ends_where_the_sentence_end_is(text: str) -> None:
    """`first_sentence` looks for a sentence end only where a run of marks begins: the same
    split as `_SENTENCE_END` anywhere."""
    assert first_sentence(text) == _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def test_a_long_run_of_marks_is_read_once() -> None:
    """Round 45's review: 100,000 "!" and a letter took over 20 s in `in_kind` (every mark of
    the run was a start of the search for a sentence end)."""
    answer = "!" * 100_000 + "x"
    assert first_sentence(answer) == answer
    assert not in_kind("what is a tiebreak", answer, prompt_features("what is a tiebreak"))
