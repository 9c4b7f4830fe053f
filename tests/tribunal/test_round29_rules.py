"""Round 29's rules.

A computation asked in a few words has one right result: an answer whose numbers miss it is
wrong, and says so ("15% de 240 dá 32": `text.misstated_result`, the evasion
`heuristic.WRONG_RESULT`). An answer to a question for a measure, a count or a year that opens
with a number of another kind, or states none in the unit the measure owes, answers another
question whatever words it shares with this one (`text.measures_other`, the evasion
`heuristic.OTHER_MEASURE`): "2.995 metros" for "em que ano foi abolida a escravidão".

Any question whose words ask a quantity is answered in kind by that quantity, closed or not
("how fast can a cheetah run": "Up to about 110 km/h"), unless it opens with a measure of another
kind or a number of times. Areas, ages, pressures and "medidas" are quantities; telegraphic
superlatives and capitals ("fastest land animal", "australia capital") ask a name; a name may
be set off by a parenthesis or a dash ("Kyiv (also spelled Kiev)"). A bare command is written to
its end without a stop ("wc -l arquivo.txt"). Brief requests are owed five content words
(`BRIEF_FULL_CONTENT`), a translation set apart is delivered whole, and a one-word answer
written to its end that is the thing a closed question asks for passes the gate ("12." for
"what's 15% of 80"). Figures in
docs/benchmarks.md ("Round 29").
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.tribunal.answer_kinds import in_kind_of

from noesis_trainer.tribunal import Tribunal
from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.heuristic import OTHER_MEASURE, WRONG_RESULT
from noesis_trainer.tribunal.judges.text import (
    measures_other,
    misstated_result,
    opens_with_name,
)
from noesis_trainer.tribunal.output_failures import FailureKind, detect, detect_python
from noesis_trainer.tribunal.verdict import Status


def _rejected_for(prompt: str, reply: str, reason: str) -> None:
    """Judged alone, the reply is rejected and a judge gives `reason` for it."""
    verdict = Tribunal().verdicts([JudgeItem(prompt, reply)])[0]
    assert verdict.status is Status.REJECTED
    assert any(reason in score.reason for score in verdict.judges.values())


@pytest.mark.parametrize(
    ("prompt", "reply", "right"),
    [
        ("quanto é 15% de 240", "15% de 240 dá 32.", 36),
        ("15% de 240", "Dá 32.", 36),
        ("qnto é 15% de 240", "15% de 200 é 30.", 36),
        ("whats 12 times 13", "12 times 13 is 146.", 156),
        ("20% tip on 87.50", "That's $15.75, so $103.25 total.", 17.5),
        ("quanto é 12 x 15", "Dá 170.", 180),
        ("qnto é 15% de 80", "Depende de como vc arredonda, mas fica entre 10 e 15.", 12),
    ],
)  # fmt: skip
def test_a_wrong_result_is_named_with_the_right_one(prompt: str, reply: str, right: float) -> None:
    assert misstated_result(prompt, reply) == pytest.approx(right)
    _rejected_for(prompt, reply, WRONG_RESULT)


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("quanto é 15% de 240", "Dá 36 (10% é 24, mais 5% é 12)."),
        ("whats 18 percent of 65", "$11.70, so $76.70 in total."),
        ("whats 100 divided by 8", "About 12."),
        ("1/3 de 100", "Uns 33,3."),
        ("What is 15% of 240?", "To get it, take 10% (24) and add half of that (12), so 36."),
        ("quanto é 15% de 240", "Use a regra de três."),  # no figure: no result to weigh
        ("quanto é 15% de 240", "Dá trinta e seis."),
        ("sqrt of 144 plus 3 cubed", "√144 = 12 and 3³ = 27, so the total is **39**."),
        ("tbsp in 1/4 cup", "4 tablespoons, since a cup is 16."),
        ("quanto e 3/4 de xicara em ml", "Uns 180 ml, considerando a xícara de 240 ml."),
        ("Qual regex valida um CEP no formato 12345-678?", "`^\\d{5}-\\d{3}$`: cinco dígitos."),
        # a review's cases: dates, ratios, sizes, a percentage added or taken off, a scale
        ("what happened on 9/11", "On September 11, 2001, al-Qaeda hijacked four planes."),
        ("what is the 80/20 rule", "The Pareto principle, named in 1896."),
        ("what does 24/7 mean", "All the time: 24 hours a day, 7 days a week."),
        ("what is 2x4 lumber actual size", "A 2x4 actually measures 1.5 by 3.5 inches."),
        ("quantos dias faltam para 25/12 de 2025?", "Faltam 24 dias."),
        ("quanto é 200 + 10%", "Dá 220, já com os 10%."),
        ("$50 + 20% tip", "$60 in total, with a $10 tip."),
        ("30% desconto de 200 reais", "Fica R$ 140."),
        ("whats 25% off of $80", "$60."),
        ("15% de 1 milhão", "150 mil."),
        ("40 percent of 2 hours", "48 minutes."),
        # a second review's: signs, three decimals, scale words, precision, sizes
        ("quanto é 3 - 10", "Dá -7: (3 - 10 = -7)."),
        ("quanto é -5 + 3", "-5 + 3 = -2."),
        ("what's 15% of 12.5", "15% of 12.5 is 1.875."),
        ("22 dividido por 7", "Dá 3,142857..."),
        ("quanto é 1000 x 1000", "Isso dá 1 milhão."),
        ("what's 2 divided by 3", "About 0.7."),
        ("what's a 2x4?", "A 2x4 is 1.5 by 3.5 inches."),
        ("What is 1920 x 1080?", "Full HD, about 2.07 million pixels."),
    ],
)  # fmt: skip
def test_right_results_and_other_requests_are_not_wrong(prompt: str, reply: str) -> None:
    assert misstated_result(prompt, reply) is None


@given(
    a=st.integers(min_value=2, max_value=999),
    b=st.integers(min_value=2, max_value=999),
    op=st.sampled_from(["x", "times", "vezes", "+", "mais", "plus"]),
    lead=st.sampled_from(["quanto é ", "whats ", "", "qnto e "]),
    english=st.booleans(),
)
def test_the_right_result_is_never_wrong_and_another_is(
    a: int, b: int, op: str, lead: str, english: bool
) -> None:
    right = a * b if op in ("x", "times", "vezes") else a + b
    prompt = f"{lead}{a} {op} {b}"
    shown = f"{right:,}" if english else f"{right:,}".replace(",", ".")
    assert misstated_result(prompt, f"Dá {shown}.") is None
    assert misstated_result(prompt, f"It's {right}.") is None
    wrong = right + max(2, right // 10)
    assert misstated_result(prompt, f"É {wrong}.") == pytest.approx(right)


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("em que ano foi abolida a escravidao no brasil", "2.995 metros, o ponto mais alto."),
        ("Em que ano a escravidão foi abolida no Brasil?", "Uma hora: Manaus está no UTC−4."),
        ("quantos gramas por mes o bebe deve ganhar", "30 dias corridos após cada 12 meses."),
        ("5 miles in km", "Pelo menos 150 minutos de atividade moderada por semana."),
        ("how tall is mount everest", "Mount Everest sits on the border of Nepal and Tibet."),
    ],
)  # fmt: skip
def test_a_number_of_another_kind_answers_another_question(prompt: str, reply: str) -> None:
    assert measures_other(prompt, reply)
    _rejected_for(prompt, reply, OTHER_MEASURE)


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("em que ano foi abolida a escravidao no brasil", "Em 1888, com a Lei Áurea."),
        ("how much water should a dog drink per day", "Roughly 1 ounce per pound of weight."),
        ("grams in a cup of flour", "About 120 to 125 grams, spooned and leveled."),
        ("how often should an adult get a dental cleaning", "Every 6 months, twice a year."),
        ("de quanto em quanto tempo trocar o óleo do carro", "A cada 10 mil km ou 1 ano."),
        ("my son is 5 and weighs 40 lbs, how much childrens tylenol can he have",
         "7.5 mL (240 mg) of the 160 mg/5 mL liquid every 4 hours."),
        ("how long to cook rice", "White rice: 15–18 minutes covered on low, then rest 5."),
        ("se algo custava 80 e agora custa 100, aumentou quantos por cento?", "Aumentou 25%."),
        ("whats 18 percent tip on 65 dollars", "$11.70, so $76.70 in total."),
        ("how many cups of coffee a day is ok", "Up to about 4, around 400 mg of caffeine."),
        ("qual o maior rio do brasil em volume de água",
         "O **Amazonas**, com uns 200 mil m³ de água por segundo."),
        ("arroz quanto de agua", "Duas partes de água pra uma de arroz branco."),
        # a review's cases: a condition first, a restated quantity, a date by how long ago
        ("how long does it take to charge a tesla", "On a 240 V home charger, 8 to 12 hours."),
        ("how long does it take to walk 5 km", "At 5 km/h, about an hour."),
        ("how long should i boil an egg", "For a large 60 g egg, about 9 minutes."),
        ("quanto tempo demora pra carregar um iphone?", "Com carregador de 20 W, uns 90 minutos."),
        ("how many calories in 100g of chicken breast", "100 g of chicken breast has 165 kcal."),
        ("how many carbs in a banana", "A medium banana (118 g) has about 27 g of carbs."),
        ("how much does 1 gb of data cost", "1 GB costs around $1 to $10."),
        ("qual o valor nutricional do ovo?", "Um ovo grande (50 g) tem 70 kcal."),
        ("what year did the dinosaurs die", "About 66 million years ago."),
        ("em que ano surgiu o homo sapiens?", "Há cerca de 300 mil anos, na África."),
        ("how long to bake chicken breast", "At 400 °F, 20 to 25 minutes."),
        ("what's the boiling point of water in denver", "At 1,600 m altitude, about 95 °C."),
        ("Converte 72 km/h para m/s", "72 km/h equivalem a **20 m/s**."),
        # a second review's: a bare number beside a condition, words for time, ordinals, m³
        ("What temperature do you bake cookies at?", "At 350 for about 10 to 12 minutes."),
        ("Qual a idade mínima para trabalhar no Brasil?", "16, ou 14 como aprendiz, até 6 horas."),
        ("how long to roast a whole chicken", "Hora e meia no forno a 200 °C."),
        ("how long does cooked rice last in the fridge", "A few days, kept below 40 °F."),
        ("Quanto tempo dura o 1º trimestre da gravidez?", "Vai do 1º dia à 13ª semana."),
        ("Qual o volume de uma piscina olímpica?", "Cerca de 2.500 m³ (50 x 25 x 2 m)."),
        ("How far is Boston from New York?", "About 4 hours by car, 215 miles."),
        ("How tall is the Eiffel Tower?", "About as tall as an 81-story building."),
        ("I'm 8 weeks pregnant, how much weight should I gain in total?",
         "25 to 35 pounds (11–16 kg) for a normal BMI."),
    ],
)  # fmt: skip
def test_the_kind_asked_or_an_interval_is_no_other_measure(prompt: str, reply: str) -> None:
    assert not measures_other(prompt, reply)


@pytest.mark.parametrize(
    ("prompt", "reply", "kind"),
    [
        ("how fast can a cheetah run", "Up to about 110 km/h, but only in short bursts.", True),
        ("a que temperatura a agua ferve", "100 °C ao nível do mar.", True),
        ("qual a porcentagem de agua no corpo humano", "Cerca de 60% num adulto.", True),
        ("hey whats the area of a circle with radius 3 cm", "A = πr² = π × 9 ≈ 28.27 cm².", True),
        ("tire pressure 2018 honda civic", "32 psi front and rear.", True),
        ("hamster lifespan", "About 2 to 3 years, a few reach 4.", True),
        ("medidas de uma quadra de tenis", "23,77 m por 8,23 m nas simples.", True),
        ("idade minima pra tirar cnh", "18 anos, sabendo ler e escrever.", True),
        ("ibuprofen max dose per day adult", "OTC limit is 1,200 mg a day.", True),
        ("quanto tempo demora pra descongelar frango na geladeira?",
         "500 a 1.000 mg a cada 6 horas, sem passar de 4 g em 24 horas.", False),
        ("Hi! how long does it take a spacecraft to travel to Mars?",
         "De 8 a 12 vezes em 24 horas, em livre demanda.", False),
        ("qnts questoes tem o enem", "De 8 a 12 vezes em 24 horas.", False),
        ("quantos anos tem que ter pra votar no brasil", "105 x 68 metros é o padrão.", False),
        ("my daughter weighs about 44 lbs, how much is that in kg?",
         "Three, exactly, so one tablespoon equals about 15 ml.", False),
    ],
)  # fmt: skip
def test_a_quantity_asked_in_any_words_is_answered_in_its_kind(
    prompt: str, reply: str, kind: bool
) -> None:
    assert in_kind_of(prompt, reply) is kind


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("capital of ukraine", "Kyiv (also spelled Kiev)."),
        ("australia capital", "Canberra — not Sydney, which is just the biggest city."),
        ("fastest land animal", "The cheetah, reaching about 110 km/h in sprints."),
        ("planeta mais quente do sistema solar", "Vênus, uns 465 °C."),
        ("what language do they speak in brazil", "Portuguese. It's the official language."),
    ],
)  # fmt: skip
def test_a_name_asked_without_a_question_is_answered_by_a_name(prompt: str, reply: str) -> None:
    assert in_kind_of(prompt, reply)


def test_a_name_is_set_off_by_a_parenthesis_or_a_dash_but_not_code() -> None:
    assert opens_with_name("Kyiv (also spelled Kiev).")
    assert opens_with_name("Canberra — not Sydney.")
    assert not opens_with_name("Sim (na maioria dos casos).")
    assert not in_kind_of(
        "what is the closest star to earth", "`const unique = [...new Set(arr)];` A Set."
    )


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("como contar as linhas de um arquivo no linux", "wc -l arquivo.txt"),
        ("what's 15% of 80", "12."),
        ("how do you say thank you in japanese", '"Arigatou"; politely, "arigatou gozaimasu".'),
        ("can you recycle pizza boxes", "Yes, if mostly clean; trash the greasy parts."),
    ],
)  # fmt: skip
def test_terse_answers_owe_less(prompt: str, reply: str) -> None:
    batch = [
        JudgeItem(prompt, reply),
        JudgeItem("qual a capital da mongolia", "Ulan Bator."),
        JudgeItem("who painted the sistine chapel ceiling", "Michelangelo, 1508 to 1512."),
    ]
    assert Tribunal().verdicts(batch)[0].status is Status.APPROVED


@pytest.mark.parametrize(
    ("prompt", "reply", "passes"),
    [
        ("what's 15% of 80", "12.", True),
        # round 32: the name asked for, written to its end, is no empty answer ("Idk." and
        # "Maybe." still are: lexicon.NON_ANSWERS)
        ("capital of australia", "Canberra.", True),
        ("Who painted the Mona Lisa?", "Idk.", False),
        ("Quem escreveu Dom Casmurro?", "Desculpe.", False),
        # round 40: the count itself answers "how many" (another count question's answer too:
        # the judges weigh that, not the gate)
        ("how many bones in adult human body", "206.", True),
        ("what's 15% of 80", "12", False),  # no end: a cut
        ("what's 15% of 80", "14.", False),  # not the result
        ("quanto é 200 + 10%", "210.", False),  # no bare computation: 200 + 10% is 220
        ("whats 25% off of $80", "$20.", False),
        ("morcego é mamifero?", "Sim.", False),  # no closed question
        ("explain photosynthesis", "Plants.", False),
    ],
)  # fmt: skip
def test_a_one_word_answer_passes_the_gate_only_as_the_thing_asked(
    prompt: str, reply: str, passes: bool
) -> None:
    empty = [f for f in detect(prompt, reply) if f.kind is FailureKind.EMPTY]
    assert (empty == []) is passes


@pytest.mark.parametrize(
    ("prompt", "reply", "other"),
    [
        ("how long is a US passport valid for?", "Uns 10 a 12 minutos depois que ferver.", True),
        ("how long is a US passport valid for?", "10 years for adults, 5 for kids.", False),
        ("quanto tempo vale o passaporte?", "10 anos para adultos.", False),
        ("el pero ética TODO.", "el pero ética TODO. .", False),  # Spanish: words weigh pt/en only
        ("¿cuánto dura el pasaporte?", "Diez años, cinco para menores.", False),
    ],
)  # fmt: skip
def test_a_short_answer_is_weighed_by_its_words(prompt: str, reply: str, other: bool) -> None:
    found = [f for f in detect(prompt, reply) if f.kind is FailureKind.LANGUAGE]
    assert bool(found) is other
    assert detect(prompt, reply) == detect_python(prompt, reply)


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("qual o primeiro filme do harry potter?", "Harry Potter and the Philosopher's Stone."),
        ("qual o nome do primeiro filme de star wars?", "Star Wars: Episode IV – A New Hope."),
        ("qual o comando do git para desfazer o último commit?", "git reset --soft HEAD~1"),
    ],
)  # fmt: skip
def test_a_title_or_a_tool_in_a_short_answer_is_no_other_language(prompt: str, reply: str) -> None:
    assert [f for f in detect(prompt, reply) if f.kind is FailureKind.LANGUAGE] == []


def test_a_wrong_result_names_a_small_right_one() -> None:
    verdict = Tribunal().verdicts([JudgeItem("quanto é 0,5% de 2", "Dá 1.")])[0]
    assert any("(0.01 is right)" in score.reason for score in verdict.judges.values())


def test_a_long_run_of_commas_is_read_in_linear_time() -> None:
    # the clause split once tried every comma of a run (quadratic: 40k commas took 6.8 s)
    prompt = "how tall is mount everest " + "," * 100_000
    start = time.process_time()
    measures_other(prompt, "About 8,849 m.")
    assert time.process_time() - start < 5.0
