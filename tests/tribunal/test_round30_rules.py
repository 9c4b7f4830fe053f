"""Round 30's rules.

"How many feet in a mile" counts feet (`text._conversion_target`), and an answer that counts in
one of a unit the prompt names by no name or symbol ("16 ounces in a pound" for "oz in a cup";
not "12 inches in a foot" for "inches in a ft") answers another conversion. A count of a unit
answered in a neighbouring unit ("Uns 50 minutos" for "quantas horas de voo") stays in kind: a
first version that called it another question's was dropped after a review. A quotient asked as
a percentage is computed in percent ("3/8 as a percentage": 37.5), and the result of a bare
computation is delivered whole even where the question is not closed ("$13" for "20% tip on
$65?"). A request names the form of its answer whatever its grammar: an equation for a formula,
a key combination for a shortcut, a telephone number, a name for a request for names or for one
instance of a kind (`text._given_as_asked`); the unknown's value that solves an equation ("x =
7" for "2x + 6 = 20", not "x = 8": `text._solves`); instructions for a question how to do
something in any grammar ("como tira print no iphone"; not "Como Platão influenciou..."). Notes
joined by dashes ("E-A-D-G") are no Portuguese words. Advice opens with more commands, also
after a short circumstance ("Every 20 minutes, look 20 feet away"). Figures in
docs/benchmarks.md ("Round 30").
"""

from __future__ import annotations

import math
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.tribunal.answer_kinds import in_kind_of

from noesis_trainer.tribunal import Tribunal
from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.text import (
    _solves,
    computed,
    holds_result,
    misstated_result,
    request_text,
)
from noesis_trainer.tribunal.verdict import Status


def _alone(prompt: str, reply: str) -> Status:
    return Tribunal().verdicts([JudgeItem(prompt, reply)])[0].status


@pytest.mark.parametrize(
    ("prompt", "reply", "expected"),
    [
        ("how many oz in a cup", "There are 16 ounces in a pound.", False),
        ("how many oz in a cup", "16 ounces in a pound.", False),
        ("how many oz in a cup", "8 fluid ounces in a US cup.", True),
        ("how many inches in a ft", "There are 12 inches in a foot.", True),
        ("how many tsp in a tbsp", "3 teaspoons in a tablespoon.", True),
        ("how many oz in a lb", "There are 16 ounces in a pound.", True),
        ("feet in a mile", "5,280 feet.", True),
        ("oz in a pound", "16 ounces.", True),
    ],
)
def test_x_in_a_y_counts_x_in_that_y(prompt: str, reply: str, expected: bool) -> None:
    assert in_kind_of(prompt, reply) is expected


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [  # a count of a unit answered in a neighbouring unit (a review's cases): still in kind
        ("quantas horas de voo de sp pro rio", "Uns 50 minutos."),
        ("quantos meses de licença maternidade", "120 dias, ou 180 em empresa cidadã."),
        ("how many minutes of exercise a week", "At least 2.5 hours of moderate activity."),
        ("quantos dias leva pra tatuagem cicatrizar", "Umas 2 a 4 semanas por fora."),
        ("how many cups of water should i drink a day", "About 2 liters, roughly 8 glasses."),
        ("how many miles can a tesla go on a charge", "About 500 km, depending on the model."),
    ],
)
def test_a_count_of_a_unit_may_be_answered_in_a_neighbouring_unit(prompt: str, reply: str) -> None:
    assert in_kind_of(prompt, reply)


@pytest.mark.parametrize(
    ("prompt", "result"),
    [
        ("what is 3/8 as a percentage", 37.5),
        ("7 dividido por 8 em porcentagem", 87.5),
        ("what is 3/8", 0.375),
        ("3/8 em %", 37.5),
        ("what percentage is 3/8", 37.5),
        ("convert 3/8 to a percentage", 37.5),
        ("3/0 as a percentage", None),
    ],
)
def test_a_quotient_asked_as_a_percentage_is_in_percent(prompt: str, result: float | None) -> None:
    assert computed(request_text(prompt)) == result


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("feet in a mile", "5,280 feet."),
        ("what is 3/8 as a percentage", "37.5%."),
        ("20% tip on $65?", "$13, making the total $78."),
    ],
)
def test_the_very_result_or_conversion_is_delivered_whole(prompt: str, reply: str) -> None:
    assert _alone(prompt, reply) is Status.APPROVED


@pytest.mark.parametrize(
    ("prompt", "reply", "right"),
    [
        ("50% of 100", "50% of 100 is 40.", 50),
        ("50% de 100", "50% de 100 dá 40.", 50),
        ("what's 50% of 100", "50 percent of 100 is 40.", 50),
        ("quanto e 20% de 100", "20 por cento de 100 dá 25.", 20),
    ],
)
def test_a_restated_operand_is_no_result(prompt: str, reply: str, right: float) -> None:
    assert misstated_result(prompt, reply) == right
    assert not holds_result(prompt, reply)
    assert _alone(prompt, reply) is not Status.APPROVED
    assert holds_result("1 x 5", "5.")  # the result may be one of the question's figures


@pytest.mark.parametrize(
    ("prompt", "reply", "expected"),
    [
        ("formula bhaskara", "x = (−b ± √Δ) / 2a, sendo Δ = b² − 4ac.", True),
        ("energia cinetica formula", "Ec = m·v²/2.", True),
        # round 32: a chemical formula, of element symbols (a code like "PS5" reads as one too)
        ("qual a formula da agua oxigenada", "H2O2, o peróxido de hidrogênio.", True),
        ("qual a formula da agua oxigenada", "MP3, o formato de áudio.", False),
        ("qual a formula da agua oxigenada", "Nos Andes peruanos.", False),
        ("atalho pra desfazer no word", "Ctrl + Z. No Mac, Command + Z.", True),
        ("mac shortcut screenshot just one window", "Cmd+Shift+4, then press the spacebar.", True),
        ("atalho pra desfazer no word", "Reinicie o computador.", False),
        ("me da um nome pra padaria", "Pão de Cada Dia, ou Forno da Esquina.", True),
        ("me ajuda com um nome pra minha gata preta", "Algumas ideias: Pantera, Nanquim.", True),
        ("give me a name for my sourdough starter", "Clint Yeastwood. Or Bread Pitt.", True),
        ("me da um nome pra padaria", "depende do estilo da padaria.", False),
        ("me indica um filme brasileiro bom", '"O Auto da Compadecida" (2000).', True),
        ("name one houseplant thats really hard to kill", "Pothos; it tolerates low light.", True),
        ("algum jogo parecido com stardew valley?", "Coral Island.", True),
        ("name one houseplant thats really hard to kill", "about 2 liters a day.", False),
        ("2x + 6 = 20 quanto vale x", "x = 7.", True),
        ("resolva 3y - 4 = 11", "y = 5.", True),
        ("resolva 3y - 4 = 11", "x = 5.", False),
        ("qual o numero do samu", "É 192, ligação gratuita.", True),
        ("vc sabe qual o numero do samu", "Ligue pro bombeiro.", False),
        ("como tira print no iphone", "Aperte o botão lateral e o de volume juntos.", True),
        ("how do you address a letter to no one", 'Use "Dear Hiring Manager".', True),
        ("como deixar o celular mais rapido android", "O Android é um sistema do Google.", False),
        (
            "Como Platão influenciou a computação moderna?",
            "Troca de chaves em canal público.",
            False,
        ),
        ("how many strings does a standard bass guitar have", "Four, usually tuned E-A-D-G.", True),
        # a review's cases: words that name no such form
        ("is 7 x 8 = 56", "x = 3.", False),
        ("how do i change my phone number on whatsapp", "206 in an adult.", False),
        ("como mudar o numero do whatsapp", "Uns 30 minutos em fogo baixo.", False),
        ("como mudar o nome de usuario no instagram", "Dom Pedro II, aos 14 anos.", False),
        ("why do some people like spicy food", "Tokyo, with about 37 million people.", False),
        ("o medico recomenda uma pausa de quanto tempo", "Brasília, desde 1960.", False),
        ("quem ganhou a formula 1 em 2023", "CO2, o gás carbônico.", False),
        ("what's the best baby formula", "CO2, mostly from cars.", False),
        ("qual a formula da agua oxigenada", "PS5, by far.", False),
        ("is there a shortcut from downtown to the airport", "Ctrl + Shift + T reopens it.", False),
        ("como os gatos enxergam no escuro", "Beba bastante água.", False),
        ("como você tá?", "Aperte o botão lateral.", False),
        ("como morreu tiradentes", "Aperte o botão lateral.", False),
        ("how do you feel about pineapple on pizza", "Unplug the router.", False),
        ("como dou print no pc", "Aperte a tecla PrtSc ou Windows + Shift + S.", True),
        ("como vou do aeroporto de guarulhos pro centro", "Pegue o ônibus do aeroporto.", True),
        ("what should i do if my phone gets wet", "Clear skies tomorrow, highs of 25 °C.", False),
        ("what should i do if my phone gets wet", "Book value is assets minus debts.", False),
        ("getting my first dog next week any tips", "Book a vet visit early.", True),
        # a second review's cases
        ("2x + 6 = 20 quanto vale x", "x = 8.", False),
        ("what is x if 2x + 6 = 20", "x = 13.", False),
        ("resolva 3y - 4 = 11", "y = 4, pois 3·4 − 4 = 8.", False),
        ("2x − 6 = 20", "x = 13.", True),
        ("resolva 2(x + 1) = 10", "x = 4.", True),
        ("x/2 + 1 = 4", "x = 6.", True),
        ("como funciona o pix", "Aperte o botão lateral e o de volume juntos.", False),
        ("como funciona a fotossintese", "Beba bastante água e evite telas.", False),
        ("how do you pronounce quinoa", "Unplug the router and wait 30 seconds.", False),
        ("como se chama o filho do cavalo", "Desligue o roteador.", False),
        ("any tips for sleeping better?", "Wait times at the DMV average 45 minutes.", False),
        ("any tips for sleeping better?", "Push notifications drain your battery fast.", False),
        ("any tips for sleeping better?", "Talk therapy helps many people.", False),
        ("any tips for sleeping better?", "Be it Paris or Rome, both are lovely.", False),
        ("any tips for sleeping better?", "Look, it depends on the city.", False),
        ("any tips for sleeping better?", "Wait 20 minutes, then get up and read.", True),
        ("alguma dica pra dormir melhor?", "Se for de carro, leva umas 6 horas.", False),
        ("me diz uma coisa: quanto e 15% de 240?", "Brasília, desde 1960.", False),
        ("how to name a git branch", "Tokyo, with about 37 million people.", False),
        ("some people like cold showers, is it healthy?", "Tokyo, with 37 million people.", False),
        ("algum jeito bom de tirar mancha de cafe?", "Paris, a capital da França.", False),
        ("qual o numero do samu", "É 1500, quando o Brasil foi descoberto.", False),
        ("how many cups in a liter", "About 4.2 cups in a litre.", True),
    ],
)
def test_a_request_names_the_form_of_its_answer(prompt: str, reply: str, expected: bool) -> None:
    assert in_kind_of(prompt, reply) is expected


@pytest.mark.parametrize(
    ("prompt", "reply", "expected"),
    [
        (
            "I've had a mild headache after staring at my laptop. Any tips?",
            "Every 20 minutes, look 20 feet away for 20 seconds. Also drink water.",
            True,
        ),
        (
            "to mt nervoso pra entrevista de emprego amanha, alguma dica?",
            "Pesquise a empresa, treine respostas em voz alta e separe a roupa hoje.",
            True,
        ),
        ("how do i ask for a raise", "Book a meeting and bring concrete results.", True),
        (
            "any tips for sleeping better?",
            "Every night of the week, without exception, the sky is dark.",
            False,
        ),
        ("any tips for sleeping better?", "When I was young, nobody slept much.", False),
    ],
)
def test_advice_opens_with_a_command_after_a_short_circumstance(
    prompt: str, reply: str, expected: bool
) -> None:
    assert in_kind_of(prompt, reply) is expected


@pytest.mark.parametrize(
    ("prompt", "reply", "solves"),
    [
        ("2x + 6 = 20 quanto vale x", "x = 8.", False),
        ("2x + 6 = 20 quanto vale x", "x = 8, pois 20 − 6 = 16 e 16 ÷ 2 = 8.", False),
        ("resolva 2(x + 1) = 10", "x = 5.", False),
        ("2x + 6 = 20 quanto vale x", "x = 7.", True),
        ("2x + 6 = 20 quanto vale x", "Tirando 6: 2x = 14, logo x = 7.", True),
        ("x + 6 = 20 quanto vale x", "x = 20 - 6 = 14. Conferindo: 14 + 6 = 20.", True),
        ("Resolva 3x = 10", "x = 3,33 (aproximadamente).", True),
        ("Resolva 0,05x = 50", "x = 1.000, pois 0,05 × 1000 = 50.", True),
        ("2x + 6 = 20, quanto vale x?", "x = 7.", True),
        ("50000x = 1 quanto vale x", "x = 0,00002.", True),
        # a third review's cases: no equation this reads, so no verdict of its own
        ("Resolva a equação x² - 5x + 6 = 0", "Usando Bhaskara, x = 3 ou x = 2.", None),
        ("Solve x^2 - 7x + 12 = 0", "(x - 3)(x - 4) = 0, so x = 3 or x = 4.", None),
        ("Solve 2^x = 32 for x", "Since 32 = 2^5, we get x = 5.", None),
        ("Resolva log(x) = 2", "x = 10² = 100.", None),
        ("Qual o valor de x se 20% de x = 50", "x = 250, pois 20% de 250 é 50.", None),
        ("Se f(x) = 3x - 2\nquanto vale f(4)?", "f(4) = 10. Basta substituir x = 4.", None),
        ("O que esse código imprime?\nx = 10\nx = x + 5\nprint(x)", "15: no fim x = 15.", None),
        ("Quantos subconjuntos tem um conjunto com n = 4 elementos?", "2^n = 2^4 = 16.", None),
        ("resolva x + y = 10", "x = 3 e y = 7.", None),
        ("x*x = 9", "x = 4.", None),
        ("2x + 6 = 20 quanto vale x", "Subtraia 6 dos dois lados e divida por 2.", None),
        # a fourth review's cases: the sign, exact values, fractions, data given as "x = 0"
        ("Resolva 2x + 7 = 1", "x = 3", False),
        ("Resolva 2x + 7 = 1", "x = −3", True),
        ("Resolva 5x = 2", "x = 0", False),
        ("2x + 6 = 18 quanto vale x", "x = 18 - 6 = 12", False),
        ("Resolva 2x = 15", "x = 7", False),
        ("Resolva 2x = 15", "x = 7,5", True),
        ("Resolva 2x = 2000", "x = 995", False),
        ("Resolva 2x = 7", "x = 7/2", True),
        ("Resolva 7x = 10", "x = 10/7 ≈ 1,43", True),
        ("Resolva 3x + 1 = 0", "x = -1/3", True),
        ("Resolva 2x + 6 = 20", "x = 14:2 = 7", True),
        ("2x + 6 = 20 quanto vale x", "**x = 7**", True),
        ("Resolva x - 1000 = 500", "x = 1 500", None),
        ("Resolva 2·x + 6 = 20", "x = 7", None),
        ("Um carro parte da posição x = 0 a 20 m/s. Qual a posição após 5 s?", "x = 100 m.", None),
        ("A sample of n = 100 has sd 10. What's the standard error?", "s/√n = 10/10 = 1.", None),
    ],
)
def test_the_value_of_an_unknown_is_put_back_into_its_equation(
    prompt: str, reply: str, solves: bool | None
) -> None:
    """An equation is read only when a request asks to solve it and it is linear, alone, and in
    digits and + - * / ( ); each step of the answer's chain is worked out and weighed exactly,
    or to the decimals it shows ("x = 20 - 6 = 14", "x = 7/2", "x = 3,33"). A value that does not
    solve it is no answer in kind, and no verdict of its own either (a first version named it a
    wrong result; a review found right answers it called wrong)."""
    assert _solves(prompt, reply) is solves
    assert misstated_result(prompt, reply) is None


_MATH = st.text(alphabet="0123456789xyn+-−*/×÷()., =²", max_size=60)


@settings(max_examples=300, deadline=None)
@given(equation=_MATH, value=st.text(alphabet="0123456789xyn.,/- =", max_size=20))
def test_any_equation_and_value_are_read_without_error(equation: str, value: str) -> None:
    """Whatever the equation and the value given, the reading returns a verdict or none: never
    an exception (a division by zero, an overflow, an unclosed parenthesis)."""
    prompt = f"resolva {equation}"
    reply = f"x = {value}."
    misstated_result(prompt, reply)
    in_kind_of(prompt, reply)


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("x/0 = 1", "x = 2."),
        ("x * " + "9" * 200 + " = 1", "x = " + "9" * 70 + "."),
        ("(" * 30 + "x" + ")" * 30 + " = 4", "x = 5."),
        ("((x + 1 = 4", "x = 3."),
    ],
)
def test_hostile_equations_get_no_verdict_or_a_sound_one(prompt: str, reply: str) -> None:
    right = misstated_result(prompt, reply)
    assert right is None or math.isfinite(right)


def test_a_percentage_in_words_is_looked_for_in_linear_time() -> None:
    start = time.perf_counter()
    Tribunal().verdicts([JudgeItem("quanto é 15% de 240", "36" + " " * 80_000 + "fim.")])
    assert time.perf_counter() - start < 5  # a hang guard (over 300 s quadratic), not a figure


def test_an_unknown_is_read_in_linear_time_on_a_run_of_digits() -> None:
    start = time.perf_counter()
    Tribunal().verdicts([JudgeItem("when was " + "1" * 30_000 + " founded", "In 1990.")])
    assert time.perf_counter() - start < 5  # a hang guard (11.7 s quadratic), not a speed figure


def test_a_long_circumstance_is_read_in_bounded_time() -> None:
    reply = "Every " + "day " * 50_000 + ", look away."
    start = time.perf_counter()
    in_kind_of("any tips for tired eyes?", reply)
    assert time.perf_counter() - start < 5  # a hang guard, not a speed figure
