"""Round 43: a century in Roman numerals is the number a question for a century asks for; a
lottery draw still to come cannot be known, however the prompt words it; one of the options a
question lists after a colon, named alone, is its answer (the gate no longer calls it near-empty
or an echo).

Every example here was written for these tests; the figures are in docs/benchmarks.md
("Round 43").
"""

from __future__ import annotations

import pytest

from noesis_trainer.tribunal import JudgeItem
from noesis_trainer.tribunal.judges.heuristic import GIVES_NOTHING, answered
from noesis_trainer.tribunal.judges.text import (
    gives_number,
    picks_listed_option,
    prompt_features,
)
from noesis_trainer.tribunal.output_failures import FailureKind, detect

DANTE = "Em que século viveu Dante Alighieri?"


@pytest.mark.parametrize(
    "answer",
    [
        "No século XIII; morreu no começo do XIV, em Ravena.",
        "Séc. XIII.",
        "Entre os séculos XIII e XIV.",
        "In the 13th century.",
    ],
)
def test_a_century_in_roman_numerals_is_a_number(answer: str) -> None:
    assert gives_number(DANTE, answer)
    assert answered(JudgeItem(DANTE, answer))[1].evasion != GIVES_NOTHING


@pytest.mark.parametrize(
    "answer",
    [
        "Dante foi um poeta florentino muito importante.",  # no century at all
        "No século passado, segundo alguns.",  # a word, not a numeral
        "Viveu na Itália, na época de Luís IX da França.",  # a king's numeral is no century
    ],
)
def test_no_century_no_number(answer: str) -> None:
    assert not gives_number(DANTE, answer)


def test_the_prompts_own_century_is_no_answer() -> None:
    prompt = "O que aconteceu com Florença no século XV?"
    assert not gives_number(prompt, "Florença no século XV viveu muitas mudanças.")
    assert gives_number(prompt, "Os Médici a governaram; no século XVI virou ducado.")


@pytest.mark.parametrize(
    "prompt",
    [
        "quais números vão sair na lotofácil amanhã à noite",
        "que dezenas vão ser sorteadas na quina de hoje",
        "o que vai dar na loteria federal essa semana",
        "what numbers will come up in tonight's powerball",
    ],
)
def test_a_draw_to_come_cannot_be_known(prompt: str) -> None:
    assert prompt_features(prompt).unknowable
    honest = "Ninguém sabe: o sorteio é aleatório. Veja o resultado no site oficial depois."
    assert answered(JudgeItem(prompt, honest))[1].evasion is None


@pytest.mark.parametrize(
    "prompt", ["quais números saíram na mega-sena da virada de 2019", "quantas dezenas tem a quina"]
)
def test_a_past_draw_or_a_rule_can_be_known(prompt: str) -> None:
    assert not prompt_features(prompt).unknowable


PLANETS = "Qual planeta tem o dia mais longo: Mercúrio, Vênus ou Marte?"


@pytest.mark.parametrize("answer", ["Vênus.", "O planeta Vênus.", "Vênus, de longe."])
def test_one_listed_option_is_an_answer_not_an_echo(answer: str) -> None:
    # the option asked for is in the prompt's own words: neither near-empty nor an echo
    assert detect(PLANETS, answer) == []


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        (PLANETS, "Mercúrio, Vênus ou Marte."),  # every option: no pick
        (PLANETS, "Qual planeta."),  # the question's own words
        (PLANETS, "Planeta."),
        ("affect or effect: the rain will ___ the game", "The rain affect."),  # two sides
        ("Como funciona um motor a diesel?", "Vênus."),  # an option of no list
    ],
)
def test_the_gate_still_catches_what_picks_no_option(prompt: str, answer: str) -> None:
    assert [f.kind for f in detect(prompt, answer)] in (
        [FailureKind.ECHO],
        [FailureKind.EMPTY],
    )


def test_picks_listed_option() -> None:
    assert picks_listed_option(PLANETS, "Vênus: seu dia dura 243 dias terrestres.")
    assert not picks_listed_option(PLANETS, "Vênus ou Marte.")
    assert not picks_listed_option("Vênus ou Marte?", "Vênus.")  # two sides: `picks_side`'s


def test_a_century_answers_only_a_question_for_a_century() -> None:
    # "no século XX" is background to a question for a distance or a year, not its number
    assert not gives_number("Quantos km tem uma maratona?", "Padronizada no século XX.")
    assert not gives_number("Em que ano o Brasil aboliu a escravidão?", "No fim do século XIX.")
