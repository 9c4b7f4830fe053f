"""Round 23's rules: more kinds of terse answer that deliver what their prompt asks for, and
what no model can know.

- A how-to in a named tool answered by a command or formula of that tool, written to its end
  ("`git branch -m novo-nome` (renomeia a branch atual)." for "git renomear branch"): the code
  is the answer, as the year is for "when". A bare keyword ("Use a `WHERE`") is where a cut
  stops, not a command.
- A choice between two words answered by the use of each, both set apart in quotes or bold
  ("“Affect” is usually the verb, “effect” the noun"). Naming both side by side ("“Fewer” and
  “less” are both correct") tells nothing apart.
- A question for a measured quantity ("qual a velocidade da luz", "what's the height of
  Everest") is closed and asks for a number: a number first delivers it, none gives nothing.
- The gate, from a real model's answers: a restated question is answered only by a fact it
  states and an end as written (a cut "...\n\nIn Portugu" is an echo), and an answer that ends
  on a straight quote after a space opened a quotation that never came.
- A question about the asker's private facts ("what was the name of my first dog", "qual o
  saldo do meu fgts", "...esse ano?") cannot be known; saying so answers it, whatever courtesy
  follows (no evasion).

Held-out figures are in docs/benchmarks.md ("Round 23").
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.tribunal.test_short_question_kinds import in_a_batch

from noesis_trainer.tribunal import Status
from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.heuristic import as_answered
from noesis_trainer.tribunal.judges.text import (
    asks_for_number,
    gives_code,
    prompt_features,
    quotes_sides,
    response_features,
)
from noesis_trainer.tribunal.output_failures import FailureKind, detect


def _delivered(prompt: str, answer: str) -> bool:
    item = JudgeItem(prompt, answer)
    _, r = as_answered(item, prompt_features(prompt), response_features(answer))
    return r.delivered


# -- how-tos answered by their tool's code --------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("git renomear branch", "`git branch -m novo-nome` (renomeia a branch atual)."),
        ("como ver a versao do python no terminal", "`python --version` (ou `python3 --version`)."),
        ("undo my last commit in git", "`git reset --soft HEAD~1` keeps the changes."),
        ("somar a coluna A no excel", "`=SOMA(A:A)`."),
    ],
)  # fmt: skip
def test_a_command_of_the_named_tool_delivers_a_how_to(prompt: str, answer: str) -> None:
    assert gives_code(prompt, answer)
    assert _delivered(prompt, answer)
    assert in_a_batch(prompt, answer) is Status.APPROVED


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        # a bare keyword is where a cut of "Use a `WHERE` clause..." stops
        ("How do I filter rows by price in SQL?", "Use a `WHERE`"),
        # code of another tool answers another question
        ("git renomear branch", "`=SOMA(A:A)` resolve."),
        # no code at all: talk about the tool
        ("git renomear branch", "O git tem comandos pra isso, é bem simples."),
        # no tool named: not a how-to in a tool
        ("como renomear uma coisa", "`mv velho novo`."),
    ],
)
def test_a_keyword_other_code_or_no_code_delivers_nothing(prompt: str, answer: str) -> None:
    assert not _delivered(prompt, answer)


def test_a_cut_command_is_not_delivered() -> None:
    # the cut leaves no written end: the gate's business, and no brief allowance
    assert not _delivered("git renomear branch", "`git branch -m novo-nome` (renomeia a bra")


# -- a choice between words, told apart ----------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("affect or effect", "“Affect” is usually the verb, “effect” the noun."),
        ("fewer or less", "“Fewer” for things you can count, “less” for things you can't."),
        ("concerto ou conserto", "**Concerto** é a apresentação; **conserto**, o reparo."),
    ],
)  # fmt: skip
def test_the_use_of_each_word_answers_a_choice_between_words(prompt: str, answer: str) -> None:
    assert quotes_sides(prompt_features(prompt), answer)
    assert _delivered(prompt, answer)
    assert in_a_batch(prompt, answer) is Status.APPROVED


@pytest.mark.parametrize(
    "answer",
    [
        "“Fewer” and “less” are often confused by native speakers too.",  # named side by side
        "“Fewer” is a very common word in English.",  # one side only
        "Both words are common and people mix them up all the time.",  # nothing set apart
    ],
)
def test_naming_the_words_is_not_telling_them_apart(answer: str) -> None:
    assert not quotes_sides(prompt_features("fewer or less"), answer)


def test_a_question_that_is_no_choice_has_no_sides() -> None:
    answer = "“Affect” is usually the verb, “effect” the noun."
    assert not quotes_sides(prompt_features("what does affect mean"), answer)


@given(st.text(max_size=300))
def test_quotes_sides_reads_any_text(answer: str) -> None:
    # hostile or odd text: a bool, never an error
    assert quotes_sides(prompt_features("fewer or less"), answer) in (True, False)


# -- questions for a measured quantity --------------------------------------------------------


@pytest.mark.parametrize(
    "prompt",
    [
        "qual a velocidade da luz",
        "qual é a altura do Everest?",
        "qual o peso médio de um elefante",
        "what's the speed of sound",
        "what is the diameter of the moon",
    ],
)
def test_a_question_for_a_measure_is_closed_and_asks_for_a_number(prompt: str) -> None:
    p = prompt_features(prompt)
    assert p.closed
    assert asks_for_number(prompt, p)


@pytest.mark.parametrize(
    "prompt",
    ["qual a melhor forma de estudar", "qual o sentido da vida", "what is the point of art"],
)
def test_other_qual_questions_are_not_measures(prompt: str) -> None:
    assert not asks_for_number(prompt, prompt_features(prompt))


def test_a_measure_answered_by_its_number_is_delivered() -> None:
    assert _delivered(
        "qual a velocidade da luz", "Cerca de 300 mil km/s no vácuo (299.792.458 m/s)."
    )


def test_a_measure_answered_without_a_number_gives_nothing() -> None:
    item = JudgeItem("qual a velocidade da luz", "A velocidade da luz é muito alta, uma constante.")
    _, r = as_answered(item, prompt_features(item.prompt), response_features(item.response))
    assert r.evasion is not None


# -- what no model can know ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "prompt",
    [
        "meu namorado vai me pedir em casamento esse ano?",
        "what was the name of my first dog",
        "qual o saldo do meu fgts",
        "qual a senha do meu wifi",
    ],
)
def test_questions_about_the_askers_private_facts_are_unknowable(prompt: str) -> None:
    assert prompt_features(prompt).unknowable


def test_saying_it_cannot_be_known_is_no_evasion() -> None:
    prompt = "meu namorado vai me pedir em casamento esse ano?"
    answer = "Não tenho como saber isso; só ele sabe. Se é importante pra você, converse com ele."
    _, r = as_answered(
        JudgeItem(prompt, answer), prompt_features(prompt), response_features(answer)
    )
    assert r.evasion is None
    assert in_a_batch(prompt, answer) is not Status.REJECTED  # short: conditional at worst


# -- cuts a real model's answers showed ---------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        # SmolLM2-135M restating the question, cut after two words of another language: the
        # capitalized word where the cut fell is no fact that answers it
        ("O que e o Mentalismo?", "O que e o Mentalismo? - Açún\n\nIn Portugu"),
        ("O que e virtude?", "O que e virtude? - Açún\n\nThe Spanish"),
    ],
)  # fmt: skip
def test_a_restated_question_cut_short_is_an_echo(prompt: str, answer: str) -> None:
    assert [f.kind for f in detect(prompt, answer)] == [FailureKind.ECHO]


def test_a_restated_question_answered_as_written_is_no_echo() -> None:
    assert detect("Qual é a capital do Peru?", "Qual é a capital do Peru? É **Lima**.") == []


@pytest.mark.parametrize(
    "answer",
    ['O que é temperança? - Açún.\n\nIn Spanish, "', "A resposta curta é: '"],
)
def test_an_answer_ending_on_an_opening_quote_is_cut(answer: str) -> None:
    assert FailureKind.TRUNCATED in [f.kind for f in detect("O que é temperança?", answer)]


@pytest.mark.parametrize("answer", ['Ele disse "oi"', "It's the 'best'", 'Chame de "mãe".'])
def test_a_closing_quote_ends_an_answer(answer: str) -> None:
    assert FailureKind.TRUNCATED not in [f.kind for f in detect("Como ele chamou?", answer)]
