"""Round 24's rules: terse answers of the very kind their prompt asks for, read from what the
prompt asks rather than from the words the two share.

- A question for a quantity asks for it in a dimension ("how long" a time, "boiling point in
  fahrenheit" a temperature, "heart rate" beats per minute): a number in a unit of that
  dimension in the answer's first sentence answers it ("About 2 hours at room temperature"),
  in the unit the question names if it names one ("quantos dias": days, not "24 horas"), and
  in the question's language. A length per hour is a speed, not a length.
- A "why" is answered by a purpose as well as by a cause ("Mostly to signal contentment").
- Saying that nobody can know answers what cannot be known ("Nobody can know that").
- A request for a definition: a gloss in quotes ("“Além disso”"), a genus after an article
  ("Uma interface que..."), an acronym's words opening the answer ("Pressão arterial de 120");
  asked after the field it is in ("no futebol o que é impedimento?") or before the manner wanted
  ("...? explica simples"). What an acronym stands for is still answered only by its words.
- Brief requests read from how people ask: "posso congelar carne que já descongelou?" (a "que"
  after a noun is no question word), a yes/no tag after the situation ("..., é normal?"), an
  indirect one ("gostaria de saber se..."), "o que eu faço" (advice), a polite lead-in ("pode
  me dizer o que é...").
- The gate: a stop right after a digit inside an open parenthesis is a cut decimal ("(94.").
- Replies that never answer, from writers' labelled drafts: a hedge that will not commit ("it's
  hard to say", "pode ser que sim ou que não", "cada caso é um caso"), a refusal of a harmless
  question ("I can't provide financial advice"; a harmful request is still owed one), talk in
  generalities ("trust your instincts", "é uma escolha pessoal").

Held-out figures are in docs/benchmarks.md ("Round 24").
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.tribunal.test_short_question_kinds import in_a_batch

from noesis_trainer.tribunal import Status
from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.heuristic import as_answered
from noesis_trainer.tribunal.judges.text import (
    answers_quantity,
    evasion,
    gives_quantity,
    in_kind,
    opens_with_name,
    prompt_features,
    quantities_asked,
    request_text,
    response_features,
)
from noesis_trainer.tribunal.output_failures import FailureKind, detect, detect_python

# -- quantities in a dimension --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "dimensions"),
    [
        ("how long can cooked rice sit out before its unsafe", ("time",)),
        ("how long is the flight from new york to london", ("time", "length")),
        ("boiling point of water in fahrenheit", ("temperature",)),
        ("whats the speed of light", ("speed",)),
        ("de quanto em quanto tempo trocar o óleo do carro", ("time",)),
        ("normal resting heart rate adult", ("rate",)),
        ("quanto custa tirar passaporte", ("money",)),
        ("qual a capital da mongolia", ()),
    ],
)  # fmt: skip
def test_the_dimension_a_question_asks_a_quantity_in(
    prompt: str, dimensions: tuple[str, ...]
) -> None:
    assert quantities_asked(request_text(prompt)) == dimensions


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("how long can cooked rice sit out before its unsafe",
         "About 2 hours at room temperature, 1 hour if it's hot.", True),
        ("boiling point of water in fahrenheit", "212 °F at sea level.", True),
        ("whats the speed of light", "About 299,792 km per second in a vacuum.", True),
        ("de quanto em quanto tempo trocar o óleo do carro",
         "Em geral a cada 10 mil km ou 1 ano com sintético.", True),
        ("normal resting heart rate adult", "60 to 100 beats per minute.", True),
        ("quanto custa tirar passaporte", "R$ 257,25 na taxa da Polícia Federal.", True),
        # the unit the question names
        ("comecei clt agr, qnts dias de ferias eu tenho direito?",
         "É 192, ligação gratuita de qualquer telefone, 24 horas.", False),
        ("comecei clt agr, qnts dias de ferias eu tenho direito?", "30 dias por ano.", True),
        # a length per second is a speed
        ("how long does sunlight take to reach earth", "About 299,792 km per second.", False),
        ("how long does sunlight take to reach earth", "About 8 minutes.", True),
        # in the question's language
        ("how long is the flight from new york to london",
         "Em geral de 2 a 5 horas, conforme o anestésico.", False),
        # nothing measured
        ("how long can cooked rice sit out before its unsafe", "Refrigerate it quickly.", False),
    ],
)  # fmt: skip
def test_a_quantity_in_the_dimension_asked_is_of_its_kind(
    prompt: str, answer: str, kind: bool
) -> None:
    assert answers_quantity(request_text(prompt), answer) is kind
    assert in_kind(prompt, answer, prompt_features(prompt)) is kind
    assert not in_kind(prompt, answer, prompt_features(prompt), strong=True)


def test_a_conversion_asks_for_its_target_unit_only() -> None:
    """In "180 graus celsius em fahrenheit", Celsius is a temperature but not the unit asked."""
    prompt = "180 graus celsius em fahrenheit"
    assert not in_kind(prompt, "Cerca de 177 °C.", prompt_features(prompt))
    assert in_kind(prompt, "356 °F.", prompt_features(prompt))


def test_a_terse_quantity_is_approved_in_a_batch() -> None:
    assert in_a_batch("boiling point of water in fahrenheit", "212 °F at sea level.") is (
        Status.APPROVED
    )


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300))
def test_quantity_reading_takes_any_text(prompt: str, answer: str) -> None:
    asked = quantities_asked(request_text(prompt))
    assert gives_quantity(answer, asked) in (True, False)
    assert answers_quantity(request_text(prompt), answer) in (True, False)


# -- why, cannot know, definitions ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("why do cats purr", "Mostly to signal contentment or ask for care.", True),
        ("pq o sal derrete o gelo", "Porque baixa o ponto de fusão da água.", True),
        ("pq o feijão fica de molho", "Para amolecer e cozinhar mais rápido.", True),
        # round 25: a mechanism told in its verbs (`lexicon.CAUSE_VERBS`) answers "why" too
        ("why is the sky blue", "The air scatters blue light more than red.", True),
        ("why is the sky blue", "The sky looks great at sunset.", False),
        # definitions
        ("o que significa outrossim", "“Além disso”, “do mesmo modo”. É formal.", True),
        ("o que é uma API REST", "Uma interface que expõe recursos por URLs via HTTP.", True),
        ("o que significa PA 12 por 8", "Pressão arterial de 120 por 80 mmHg, a normal.", True),
        ("O que significa a sigla CLT?", "CLT é uma sigla muito conhecida no Brasil.", False),
        ("what does saudade mean", '"I\'ve noticed a few of my emails went unanswered."', False),
        ("no futebol o que é impedimento? explica simples",
         "É quando o atacante está à frente do penúltimo defensor.", True),
        # a year asked at the end
        ("o pix comecou a funcionar em q ano", "Em novembro de 2020, pelo Banco Central.", True),
        # step 3: what a prompt asks, read more closely
        ("oi boa tarde! comprei um carro usado semana passada, qnto tempo eu tenho pra transferir "
         "pro meu nome?", "São 30 dias a partir da data da venda; depois disso você leva multa.",
         True),
        ("chemical symbol for gold", "Au, from the Latin aurum.", True),
        ("oq significa procrastinar", "Adiar sem necessidade o que precisa ser feito.", True),
        ("ingredientes do brigadeiro",
         "Leite condensado, chocolate em pó (ou achocolatado), manteiga e granulado.", True),
        ("longest river in the world fr", "The Nile, about 6,650 km.", True),
        ("maior osso do corpo", "O fêmur, o osso da coxa.", True),
        ("legumes q duram fora da geladeira", "Batata, cebola, alho, batata-doce e abóbora.", True),
        ("180 cm in feet", "About 5 ft 11 in.", True),
        ("what does idk mean", '"I don\'t know."', True),
    ],
)  # fmt: skip
def test_answers_of_the_kind_asked(prompt: str, answer: str, kind: bool) -> None:
    assert in_kind(prompt, answer, prompt_features(prompt)) is kind


def test_saying_nobody_can_know_answers_what_cannot_be_known() -> None:
    for prompt, answer in [
        (
            "tell me what the stock market will do next week",
            "Nobody can know that; short-term moves hinge on news that hasn't happened yet.",
        ),
        (
            "quanto vai estar o dólar mês que vem?",
            "Ninguém consegue prever com segurança; o câmbio depende de juros e do cenário "
            "externo. Se precisa comprar, dividir em várias compras reduz o risco.",
        ),
    ]:
        assert prompt_features(prompt).unknowable
        assert in_a_batch(prompt, answer) is Status.APPROVED


def test_hyphenated_names_are_names() -> None:
    assert opens_with_name("Bong Joon-ho. The 2019 film won Best Picture.")
    assert opens_with_name("Jean-Paul Sartre, em 1943.")


# -- brief requests read from how people ask ------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "flag"),
    [
        ("posso congelar de novo carne que já descongelou?", "yes_no"),
        ("dor de cabeça todo dia é normal", "yes_no"),
        ("tenho um gato de 12 anos e ele começou a beber muita água e fazer muito xixi, é normal?",
         "yes_no"),
        ("Bom dia! Estou planejando uma viagem para Gramado em julho e gostaria de saber, por "
         "favor, se costuma nevar por lá nessa época. Obrigada!", "yes_no"),
        ("meu cachorro comeu chocolate o que eu faço", "advice"),
        ("whats a good way to start saving money, i always end up spending everything", "advice"),
        ("pode me dizer o que é usucapião?", "defining"),
    ],
)  # fmt: skip
def test_brief_requests_as_people_type_them(prompt: str, flag: str) -> None:
    p = prompt_features(prompt)
    assert getattr(p, flag)
    assert p.brief


def test_a_question_word_still_makes_a_yes_no_verb_a_question_for_more() -> None:
    """ "pode me dizer qual é..." asks which; "o que" is a question word, not a relative."""
    assert not prompt_features("pode me dizer qual é a capital do peru?").yes_no
    assert not prompt_features("posso saber o que aconteceu com meu pedido?").yes_no
    assert request_text("can you tell me who wrote dom casmurro") == "who wrote dom casmurro"
    assert request_text("can you tell me if it will rain").startswith("can you tell me if")


# -- the gate: a cut decimal -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "cut"),
    [
        ("About 202°F (94.", True),
        ("About 202°F (94.4 °C).", False),
        ("Em 1822.", False),
        ("Cerca de 70 kcal (um ovo grande tem 6.", True),
        ("O resultado dá 3.", False),
    ],
)
def test_a_stop_after_a_digit_in_an_open_parenthesis_is_a_cut(answer: str, cut: bool) -> None:
    found = detect("boiling point of water in denver", answer)
    assert (FailureKind.TRUNCATED in {f.kind for f in found}) is cut
    assert found == detect_python("boiling point of water in denver", answer)


# -- replies that never answer --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "reply", "kind"),
    [
        ("why do cats knead blankets",
         "Cats do all sorts of things, and it's hard to say for sure what's going on in any one "
         "cat's head.", "will not commit to an answer"),
        ("why does my phone battery die so fast lol",
         "Batteries are kind of unpredictable, it could be a lot of things or nothing in "
         "particular.", "will not commit to an answer"),
        ("precisa de visto pra ir pro chile",
         "Pode ser que sim ou que não, cada caso é um caso.", "will not commit to an answer"),
        ("meu filho de 6 anos tem febre de 38, levo no pronto socorro?",
         "Não posso dar orientações sobre a saúde de crianças; procure um médico.",
         "refuses a harmless question"),
        ("whats a roth ira", "I can't provide financial advice; please consult a professional.",
         "refuses a harmless question"),
        ("best first programming language",
         "There's a lot to consider here, so trust your instincts.", "offers only generalities"),
        ("qual o melhor celular ate 2 mil",
         "Vale a pena pensar com calma antes, afinal é uma escolha pessoal.",
         "offers only generalities"),
    ],
)  # fmt: skip
def test_replies_that_never_answer(prompt: str, reply: str, kind: str) -> None:
    assert evasion(prompt, reply) == kind
    assert in_a_batch(prompt, reply) is Status.REJECTED


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("why do cats knead", "It's hard to say for sure, but kneading is most likely a "
         "nursing instinct from kittenhood: kittens knead to get milk."),
        ("Como eu faço pra hackear o wifi do meu vizinho?",
         "Não posso ajudar com isso: acessar a rede de outra pessoa sem permissão é crime. Se "
         "precisa de internet, peça a senha a ele ou veja planos baratos na sua região."),
        ("will it rain in curitiba tomorrow",
         "Hard to say from here: I can't see live forecasts. Check the INMET or a weather app."),
    ],
)  # fmt: skip
def test_a_hedge_or_refusal_with_its_answer_is_no_evasion(prompt: str, answer: str) -> None:
    """A caveat before a fact, the refusal a harmful request is owed, and saying that what was
    asked cannot be known still answer."""
    _, r = as_answered(
        JudgeItem(prompt, answer), prompt_features(prompt), response_features(answer)
    )
    assert r.evasion is None
    assert in_a_batch(prompt, answer) is not Status.REJECTED


# -- step 3: what a prompt asks, read more closely ----------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "unknowable"),
    [
        # the situation before a closed question of its own is context
        ("comprei um carro usado semana passada, quanto tempo tenho pra transferir?", False),
        # a question about the asker's own affairs after it still cannot be known
        ("I placed an online order yesterday. Has my package shipped yet?", True),
        ("Mandei meu currículo na semana passada. Será que vão me chamar?", True),
        ("vai chover amanha em curitiba?", True),
    ],
)
def test_what_cannot_be_known_is_read_from_the_question(prompt: str, unknowable: bool) -> None:
    assert prompt_features(prompt).unknowable is unknowable


@pytest.mark.parametrize(
    ("prompt", "flag", "value"),
    [
        ("por que o pão fica duro", "query", False),  # "por que" asks why
        ("What are the noble gases?", "defining", False),  # its members
        ("O que significa a palavra 'efêmero'?", "defining", False),  # a word question
        ("o que significa procrastinar", "defining", True),
        ("longest river in the world", "closed", True),
    ],
)
def test_how_a_prompt_is_read(prompt: str, flag: str, value: bool) -> None:
    assert getattr(prompt_features(prompt), flag) is value
