"""Round 20's short-question rules: which prompts a sentence or two answers in full, what such
an answer must deliver, and the gate's and the relevance's fixes read from terse answers.

Each rule is general (a kind of question, a kind of answer); the held-out figures on the
written families are in docs/benchmarks.md ("Round 20") and pinned in test_tribunal_heldout.py.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.tribunal.test_answers_in_kind import OTHERS, TRIBUNAL, judged_in_a_batch

from noesis_trainer.tribunal import Status
from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.heuristic import as_answered
from noesis_trainer.tribunal.judges.relevance import RAREST_BACKGROUND_WEIGHT, batch_relevance
from noesis_trainer.tribunal.judges.text import (
    enumerates,
    in_kind,
    names_both,
    new_names,
    prompt_features,
    response_features,
    sets_apart,
    states_fact,
)
from noesis_trainer.tribunal.output_failures import FailureKind, detect


def in_a_batch(prompt: str, answer: str) -> Status:
    """Judged among test_answers_in_kind.py's three other answers (`OTHERS`)."""
    return judged_in_a_batch(JudgeItem(prompt, answer))


# -- yes/no questions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "yes_no"),
    [
        ("Pode congelar ovo?", True),
        ("cachorro pode comer uva?", True),  # Portuguese keeps the order of a statement
        ("Is a peanut a nut?", True),
        ("Can you get sunburned on a cloudy day?", True),
        ("Qual é a capital do Peru?", False),  # a closed question, not yes or no
        ("Vou à pé ou vou a pé?", False),  # a choice
        ("Vai chover amanhã em Curitiba?", False),  # cannot be known: saying so answers it
        ("Me dá 3 dicas pra economizar na conta de luz?", False),  # a counted list
        ("Regex for a US ZIP code, with the optional +4 part?", False),  # a how-to in a tool
        ("cachorro pode comer uva", False),  # no question mark, no auxiliary: not told
    ],
)
def test_yes_no_questions(prompt: str, yes_no: bool) -> None:
    p = prompt_features(prompt)
    assert p.yes_no is yes_no
    if yes_no:
        assert p.brief


def test_a_yes_or_a_no_is_the_kind_asked_for() -> None:
    p = prompt_features("Can I put a cast iron pan in the dishwasher?")
    assert in_kind(p_text := "Can I put a cast iron pan in the dishwasher?", "No. The soak strips "
                   "the seasoning and causes rust.", p)  # fmt: skip
    assert not in_kind(p_text, "It depends on many factors.", p)  # undecided
    assert not in_kind(p_text, "No. It strips the seasoning.", p, strong=True)  # not alone


def test_a_verdict_in_absolute_words_earns_no_brief_allowance() -> None:
    """A yes or a no with nothing but absolutes is a verdict, not the nuanced short answer a
    yes/no question asks for (our own examples' one-liners: "Sim, ... ninguém a questiona")."""
    prompt = "Conhecimento é simplesmente crença verdadeira justificada?"
    verdict = "Sim, essa é a definição de conhecimento desde Platão e ninguém a questiona."
    p, _ = as_answered(JudgeItem(prompt, verdict), prompt_features(prompt),
                       response_features(verdict))  # fmt: skip
    assert prompt_features(prompt).brief and not p.brief
    nuanced = "Pode congelar, mas não com casca, porque ela racha: bata os ovos antes."
    asked = "Pode congelar ovo?"
    p, _ = as_answered(
        JudgeItem(asked, nuanced), prompt_features(asked), response_features(nuanced)
    )
    assert p.brief


def test_asking_for_a_yes_is_no_loaded_question() -> None:
    """ "Posso"/"can I" asks whether something may be done, not for agreement: "Sim. Congele no
    mesmo dia..." is an answer, not sycophancy."""
    for prompt in ("Posso congelar pão francês?", "Can I freeze cooked rice?"):
        assert not prompt_features(prompt).seeks_validation
    assert prompt_features("Devo largar meu emprego para viajar?").seeks_validation
    answer = (
        "Sim. Congele no mesmo dia, em saco bem fechado, por até um mês. Para servir, leve "
        "direto ao forno quente por 5 a 8 minutos, sem descongelar."
    )
    assert in_a_batch("Posso congelar pão francês?", answer) is Status.APPROVED


# -- comparisons --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "sides"),
    [
        ("qual a diferença entre bicarbonato e fermento químico?", ("bicar", "ferme quimi")),
        ("What's the difference between a hurricane and a typhoon?", ("hurri", "typho")),
        ("baking soda vs baking powder?", ("bakin soda", "bakin powde")),
        ("Explique Von Neumann vs Harvard em nível de hardware.", None),  # asks to elaborate
        ("Qual a diferença entre o capitalismo e o socialismo na história do século XX e hoje?",
         None),  # longer: an analysis
    ],
)  # fmt: skip
def test_comparison_questions(prompt: str, sides: tuple[str, str] | None) -> None:
    assert prompt_features(prompt).comparing == sides


def test_a_comparison_names_both_sides() -> None:
    p = prompt_features("Qual a diferenca entre lei cientifica e teoria?")
    assert not names_both(p, "Em ciencia: LEI descreve O QUE acontece (F=ma, PV=nRT)")
    assert names_both(p, "A lei descreve o que acontece; a teoria explica por que acontece.")
    soda = prompt_features("baking soda vs baking powder?")
    # the words that tell the sides apart, not the one they share
    assert not names_both(soda, "Baking is fun and baking needs care.")
    assert names_both(soda, "Soda needs an acid; powder already has one.")


def test_a_short_comparison_is_approved_in_a_batch() -> None:
    answer = (
        "Mel é produzido pelas abelhas a partir do néctar das flores. Melado é feito fervendo "
        "o caldo da cana-de-açúcar até engrossar."
    )
    assert in_a_batch("Qual a diferença entre mel e melado?", answer) is Status.APPROVED


# -- names, wisdom of a brief answer, questions back ----------------------------------------------


def test_names_are_facts() -> None:
    prompt = "Quem compôs 'Garota de Ipanema'?"
    assert new_names(prompt, "Tom Jobim, com letra de Vinicius de Moraes, em 1962.") == 3
    assert new_names(prompt, "Garota de Ipanema é uma música famosa.") == 0  # the prompt's
    assert new_names("capital do Peru?", "A capital do Peru é **Lima**.") == 1  # after bold
    assert in_a_batch(prompt, "Tom Jobim, com letra de Vinicius de Moraes, em 1962.") is (
        Status.APPROVED
    )


def test_a_brief_request_needs_no_question_back() -> None:
    """A person asking for a fact about their own recipe is answered by the fact."""
    prompt = "Na receita diz 2 xícaras de leite, mas só tenho copo medidor em ml. Quantos ml são?"
    answer = "No padrão brasileiro, 1 xícara de chá tem 240 ml, então 2 xícaras dão 480 ml."
    assert prompt_features(prompt).personal
    verdict = TRIBUNAL.verdicts([JudgeItem(prompt, answer), *OTHERS])[0]
    assert not any("questions back" in r for r in verdict.reasons)


# -- closed questions told after their context, conversions ---------------------------------------


@pytest.mark.parametrize(
    "prompt",
    [
        "sabe me dizer em que ano foi fundada Brasília?",
        "Do you know who wrote Dune?",
        "Estou fazendo um bolo de uma receita americana que pede forno a 350 °F. Quanto dá em "
        "Celsius?",
        "500 grams in pounds",
        "180 graus celsius em fahrenheit",
        "teaspoons in a tablespoon",
    ],
)
def test_closed_after_a_lead_in_or_context_and_conversions(prompt: str) -> None:
    assert prompt_features(prompt).closed


def test_a_conversion_is_answered_by_a_number_in_the_unit_asked() -> None:
    prompt = "180 graus celsius em fahrenheit"
    p = prompt_features(prompt)
    assert in_kind(prompt, "356 °F. Em receitas americanas, costuma aparecer como 350 °F.", p)
    assert in_kind(
        "500 grams in pounds", "About 1.1 pounds.", prompt_features("500 grams in pounds")
    )
    assert not in_kind(prompt, "Cerca de 177 °C.", p)  # the other unit


# -- how-tos typed as search queries, lists without a count, riddles ------------------------------


@pytest.mark.parametrize(
    ("prompt", "howto"),
    [
        ("python reverse list", True),
        ("git desfazer último commit sem perder as alterações", True),
        ("Name 3 languages besides Java that run on the JVM.", False),  # a counted list
        ("what is python", False),  # a question word: not a query for a command
    ],
)
def test_search_box_howtos(prompt: str, howto: bool) -> None:
    assert prompt_features(prompt).howto is howto


@pytest.mark.parametrize(
    ("prompt", "enumerating"),
    [
        ("Quais são os planetas rochosos do Sistema Solar?", True),
        ("Liste os estados da região Sul do Brasil.", True),
        ("Name the noble gases.", True),
        ("Cite três biomas brasileiros.", False),  # counted: `listing`
        ("Quais são as vantagens e desvantagens de morar sozinho no exterior hoje em dia?", False),
    ],
)
def test_requests_for_the_members_of_a_set(prompt: str, enumerating: bool) -> None:
    assert prompt_features(prompt).enumerating is enumerating


def test_a_list_of_members_is_the_kind_asked_for() -> None:
    assert enumerates("- Paraná\n- Santa Catarina\n- Rio Grande do Sul")
    assert enumerates("Mercúrio, Vênus, Terra e Marte.")
    assert not enumerates("Etapas trocar pneu é um tema importante e interessante.")
    answer = "São quatro, os mais próximos do Sol:\n- Mercúrio\n- Vênus\n- Terra\n- Marte"
    assert in_a_batch("Quais são os planetas rochosos do Sistema Solar?", answer) is (
        Status.APPROVED
    )


def test_a_joke_is_a_riddle_and_its_punchline() -> None:
    assert sets_apart("What do you call cheese that isn't yours? Nacho cheese.")
    assert not sets_apart("I really like cheese puns, they are great")
    prompt = "me conta uma piada de tiozão"
    p = prompt_features(prompt)
    assert in_kind(prompt, "Por que o livro de matemática vivia triste? Porque tinha problemas.", p)
    assert not in_kind(prompt, "Piadas de tiozão são um clássico das festas de família.", p)


# -- what cannot be known ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "prompt",
    [
        "qual a senha do meu wifi?",
        "meu chefe gosta de mim?",
        "quem vai ganhar o próximo brasileirão",
        "What numbers will win the Powerball this Saturday?",
    ],
)
def test_more_questions_nobody_can_answer(prompt: str) -> None:
    assert prompt_features(prompt).unknowable


# -- the gate: a restated question answered, loops of symbol groups -------------------------------


def test_restating_a_short_question_and_answering_it_is_no_echo() -> None:
    assert detect("capital do Peru?", "A capital do Peru é **Lima**, a maior cidade do país.") == []
    assert detect("quantos jogadores de vôlei ficam em quadra por time",
                  "Seis jogadores por time em quadra.") == []  # fmt: skip
    echoed = detect("capital do Peru?", "Pergunta: capital do Peru?")
    assert [f.kind for f in echoed] == [FailureKind.ECHO]


@given(st.lists(st.sampled_from(["capital", "do", "peru", "de", "a"]), min_size=3, max_size=8))
def test_an_echo_of_the_prompts_own_words_states_no_fact(words: list[str]) -> None:
    prompt = " ".join(words) + "?"
    assert not states_fact(prompt, prompt)
    assert not states_fact(prompt, "Pergunta: " + prompt)


def test_a_loop_of_a_longer_symbol_group_is_a_loop() -> None:
    answer = "Use `=COUNTA(A1:A100)`. " + '(""); ' * 20
    assert [f.kind for f in detect("Excel count non-empty cells?", answer)] == [FailureKind.LOOP]


# -- the rarest word ----------------------------------------------------------------------------


def test_naming_the_prompts_rarest_word_is_on_topic() -> None:
    """ "birra" names what "Meu filho de 3 anos faz birra..." asks; a common word ("deixa",
    "favor") the prompt happens to share with another answer does not (`judges.background`)."""
    assert RAREST_BACKGROUND_WEIGHT > 3.0
    items = [
        JudgeItem(
            "Meu filho de 3 anos faz birra toda vez que saímos do parquinho. O que faço?",
            "Avise antes de sair e mantenha a decisão com calma: a birra passa mais rápido "
            "quando a regra não muda.",
        ),
        *OTHERS,
        JudgeItem("Qual a velocidade da luz no vácuo?", "299.792.458 metros por segundo."),
        JudgeItem("Quem pintou a Monalisa?", "Leonardo da Vinci, no início do século XVI."),
        JudgeItem("Como se diz obrigado em japonês?", "Arigatō (ありがとう)."),
        JudgeItem("What is the boiling point of water?", "100 °C at sea level."),
        JudgeItem("Quantos ossos tem o corpo humano?", "Um adulto tem 206 ossos."),
    ]
    assert not batch_relevance(items)[0].off_topic
