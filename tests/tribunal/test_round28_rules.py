"""Round 28's rules.

A number is another question's when its unit says so, not only when its first word does:
"About 6 minutes once the water boils" measures no feet in a mile and "20 a 40 gotas" counts no
days (`text.measures_elsewhere`), "8,849 m" is no answer in centimetres (`text.counts_other`),
"Roughly 64" is no speed without its unit (`text.unit_owed`), and "About 10 to 12 minutes" is
no tip on a $64 dinner. The right unit, a bare count and a word after a bare number ("30
corridos", "8-10 nightly", "10 to 12 once the water boils") are kept; so are the good answers a
review of the first version found it rejected.

A prompt too short for function words still has a language: its content words
(`background.lexical_language`, wordfreq's lists) call "how many screws per sheet of drywall"
English and "qnto um carro 1.0 faz por litro na cidade" Portuguese, and the gate rejects an
answer in the other one (`output_failures`, "by its words"). A translation, a term's meaning,
code and an answer in its prompt's grammar with another language's terms are left alone.

English yes/no questions after a situation ("i got a speeding ticket in another state does it
go on my record") and English questions whose clause opens with no auxiliary are read as such.
Figures in docs/benchmarks.md ("Round 28").
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.tribunal.answer_kinds import in_kind_of

from noesis_trainer.core.folding import folded_words
from noesis_trainer.tribunal import Tribunal
from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.background import lexical_language
from noesis_trainer.tribunal.judges.heuristic import answered
from noesis_trainer.tribunal.judges.text import (
    counts_other,
    measures_elsewhere,
    prompt_features,
    request_text,
    unit_owed,
)
from noesis_trainer.tribunal.output_failures import FailureKind, detect, surely_clean


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("u know how many feet in a mile", "About 6 minutes once the water is already boiling."),
        ("How many ounces in a cup?", "5 hours of driving, not counting stops for gas."),
        ("how many teaspoons in a tablespoon", "3-4 days in a sealed container."),
        ("1 pé quantos cm", "8,849 m (29,032 ft)."),
        ("vc sabe quantos dias tem um ano bissexto", "20 a 40 gotas por vez, até 4 vezes ao dia."),
        ("what is the speed of light", "Roughly 64, which makes her a senior."),
        ("quanto tempo dura uma gestação humana?", "Three, exactly, so one tablespoon is 15 ml."),
        ("whats a 20% tip on a $64 dinner", "About 10 to 12 minutes after the water boils."),
    ],
)  # fmt: skip
def test_a_number_in_another_unit_is_no_answer(prompt: str, reply: str) -> None:
    assert not in_kind_of(prompt, reply)


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("u know how many feet in a mile", "5,280 feet."),
        ("How many tablespoons are in a quarter cup?", "Four tablespoons (US measures)."),
        ("quantos ml tem uma xicara de cha", "240 ml na medida padrão de receita."),
        ("quantas colheres de sopa tem meia xicara", "8 colheres de sopa."),
        ("hard boiled egg how many minutes", "10 to 12 once the water boils, then into ice water."),
        ("quantas horas por semana é a jornada clt", "44 semanais, com no máximo 8 por dia."),
        ("qual a velocidade da luz", "Cerca de 300 mil km/s no vácuo."),
        ("quantos anos vive um cachorro", "Uns 10 a 13 anos, conforme o porte."),
        ("How many players on a basketball team are on the court?", "Five per side."),
        ("how often should an adult get a dental cleaning", "Twice a year, every six months."),
        # found by review: a word after a bare number is no other thing counted, a named unit
        # or scale is the unit owed, spoons have symbols, "doses" are counted
        ("how many minutes to boil an egg", "9-12, depending on size."),
        ("how many hours of sleep does a teenager need", "8-10 nightly."),
        ("quantos dias de ferias clt", "30 corridos."),
        ("quantos anos para tirar cnh", "18 completos."),
        ("how many weeks in a year", "52, plus one day."),
        ("how many tablespoons in a cup", "16 tbsp."),
        ("how many teaspoons in a tablespoon", "3 tsp."),
        ("qual a temperatura do sol em celsius", "Cerca de 5.500 na superfície."),
        ("qual o tamanho do ssd do ps5?", "825 GB."),
    ],
)  # fmt: skip
def test_the_unit_asked_for_or_a_plain_count_is_kept(prompt: str, reply: str) -> None:
    assert in_kind_of(prompt, reply)


def test_three_hundred_thousand_kilometres_a_second_is_a_speed() -> None:
    # "300 mil km/s": "mil" is a thousand, not "mi" (miles) and "l" (litres)
    folded = request_text("qual a velocidade da luz")
    assert not unit_owed(folded, "Cerca de 300 mil km/s.", None)
    assert not measures_elsewhere(folded, "Cerca de 300 mil km/s.", None)


@given(st.text(max_size=300), st.text(max_size=300), st.sampled_from([None, "cm", "kg", "xyz"]))
def test_the_unit_checks_read_any_text(prompt: str, reply: str, target: str | None) -> None:
    folded = request_text(prompt)
    for check in (measures_elsewhere, counts_other, unit_owed):
        assert isinstance(check(folded, reply, target), bool)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("how many screws per sheet of drywall", "English"),
        ("qnto um carro 1.0 faz por litro na cidade", "Portuguese"),
        ("how far is 5 miles in km", "English"),
        ("quantos litros tem um galao de agua mineral", "Portuguese"),
        ("R$ 1.518", None),
        ("", None),
    ],
)  # fmt: skip
def test_content_words_tell_a_short_text_s_language(text: str, language: str | None) -> None:
    assert lexical_language(folded_words(text)) == language


@given(st.lists(st.text(max_size=20), max_size=400))
def test_lexical_language_reads_any_words(words: list[str]) -> None:
    assert lexical_language(words) in (None, "Portuguese", "English")


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("how many screws per sheet of drywall",
         "Entre 7 e 10 mil; estudos mostram boa parte do benefício já perto dos 7 mil."),
        ("qnto um carro 1.0 faz por litro na cidade",
         "1,200 mg a day without a doctor's guidance, usually 200 to 400 mg every 4 to 6 hours."),
        ("formula pra bebe de 2 meses quantos ml",
         "About 4 to 5 ounces every 3 to 4 hours, roughly 24 to 32 ounces a day."),
    ],
)  # fmt: skip
def test_an_answer_in_the_other_language_is_named_by_the_gate(prompt: str, reply: str) -> None:
    found = detect(prompt, reply)
    assert [f.kind for f in found] == [FailureKind.LANGUAGE]
    assert "by its words" in found[0].reason
    assert not surely_clean(prompt, reply)


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("gracias a la vida meaning", "'Thanks to life', Violeta Parra's 1966 song."),
        ("traduz 'boa sorte' pro ingles", "Good luck, or break a leg before a show."),
        ("git desfazer ultimo commit", "`git reset --soft HEAD~1` keeps the changes staged."),
        ("Explique Neuromodulação", "Dopamine = RPE. Noesis implementa para ajustar o rate."),
        ("how many screws per sheet of drywall", "About 32 for a 4x8 sheet on a wall."),
    ],
)  # fmt: skip
def test_words_of_two_languages_asked_for_are_no_failure(prompt: str, reply: str) -> None:
    assert not [f for f in detect(prompt, reply) if f.kind is FailureKind.LANGUAGE]


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("how much notice should I give my employer?", "Two weeks is standard."),
        ("how much sleep should I have?", "7 to 9 hours a night."),
        ("how much vitamin d should I take?", "600 to 800 IU a day."),
        ("how many doses of the hpv vaccine do I need?", "Two doses, six to twelve months apart."),
        ("quantas doses da vacina hpv?", "Duas doses, com 6 meses de intervalo."),
        ("how often should I water succulents", "Every 10 days or so."),
    ],
)  # fmt: skip
def test_amounts_that_are_no_dose_are_approved(prompt: str, reply: str) -> None:
    filler = [JudgeItem(f"capital of country number {i}", f"City {i}.") for i in range(8)]
    verdict = Tribunal().verdicts([JudgeItem(prompt, reply), *filler])[0]
    assert verdict.status.value == "APPROVED", verdict.reasons


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("ferramentas devops populares", "Docker, Kubernetes, Terraform, Jenkins, Ansible."),
        ("livros do stephen king mais famosos", "It, The Shining, Misery, Carrie, The Stand."),
        ("famous brazilian dishes", "Feijoada, moqueca, pão de queijo, coxinha, brigadeiro."),
        ("frases motivacionais em ingles", "Keep going. You are stronger than you think."),
        ("qnto um carro 1.0 faz por litro", "Cerca de R$ 50 por tanque; in the city about 12."),
    ],
)  # fmt: skip
def test_names_titles_and_words_of_a_language_asked_for_are_no_language_failure(
    prompt: str, reply: str
) -> None:
    assert not [f for f in detect(prompt, reply) if f.kind is FailureKind.LANGUAGE]


@pytest.mark.parametrize(
    "prompt",
    [
        "i got a speeding ticket in another state does it go on my record",
        "i'm a small landlord, do I have to return the deposit with interest?",
        "can you use your hands in soccer if you're not the goalie",
    ],
)  # fmt: skip
def test_an_english_yes_no_question_after_its_situation(prompt: str) -> None:
    p = answered(JudgeItem(prompt, "Usually yes; most states share records."))[0]
    assert p.yes_no


@pytest.mark.parametrize(
    "prompt",
    [
        "Recommend a podcast, my commute is the only time I have",
        "Suggest a gift for my dad, he is the outdoorsy type",
    ],
)  # fmt: skip
def test_a_statement_after_a_request_is_no_yes_no_question(prompt: str) -> None:
    assert not prompt_features(prompt).yes_no


def test_a_long_run_of_spaces_is_read_in_linear_time() -> None:
    # `_PARENTHETICAL` once tried every space of a run (quadratic: 100k spaces took 15 s)
    reply = "=" + " " * 200_000 + "x"
    start = time.process_time()
    in_kind_of("how many eggs in a dozen", reply)
    assert time.process_time() - start < 5.0
