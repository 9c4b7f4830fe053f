"""Round 26's rules: terse answers of the kind asked for, read from round 25's held-out
families, and the readings that keep other questions' answers out.

- A conversion answered in the unit's name where the prompt gives its symbol ("1 polegada em
  cm": "2,54 centímetros", "160 lbs to kg": "72.6 kilograms").
- A computation ("15% de 240", "whats 17 times 23", "3/4 de 200") answered by its result: the
  result is computed and must be there ("1º de maio" is no answer to "17 times 23").
- "How many" answered by a bound and a number in words ("Em até três períodos", "No máximo um").
- A yes or a no after a short clause of when it holds ("Para a maioria, não"), and a Portuguese
  yes said by repeating the question's verb ("Tem: das 20h às 6h..." for "pix tem limite?").
- A definition whose genus runs a few more words before what sets it apart ("Alta geral e
  contínua dos preços, que..."), or an English gerund or participle ("Capturing a pawn that...",
  "Cooked until tender..."); never a command, an approximation ("Cerca de 3,1 milhas") or a
  function word first.
- "whats my credit score", "qual o meu saldo": the asker's own data, which cannot be known,
  never a definition; "I can't access that", "não sei sua cidade" say so.
- Later in the round: a cause named after how often it is the one, for "why does my..."
  ("Usually a worn flapper"); a time by what it follows for "when" ("After the last frost");
  "oz in a pound" answered by a count ("Sixteen of them"); "whats the self employment tax rate"
  is closed; "não tenho como prever", "can't know that yet", "I can't check that".
- A question of 16 words or fewer of no particular kind is weighed as a brief request when its
  answer is terse; a one-line reply to a brief request that only talks about its topic (no
  number, no specific, no new name, no yes or no, nothing of the kind asked for) talks about
  the topic without answering it (off topic, it keeps its off-topic reason).

Held-out figures are in docs/benchmarks.md ("Round 26").
"""

from __future__ import annotations

import pytest

from noesis_trainer.tribunal import Tribunal
from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.heuristic import answered
from noesis_trainer.tribunal.judges.text import (
    SHORT_QUESTION_WORDS,
    TERSE_ANSWER_WORDS,
    computed,
    in_kind,
    prompt_features,
    request_text,
    response_features,
)


def _kind(prompt: str, answer: str) -> bool:
    return in_kind(prompt, answer, prompt_features(prompt))


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("quanto é 1 polegada em cm", "Exatamente 2,54 centímetros.", True),
        ("160 lbs to kg", "About 72.6 kilograms.", True),
        ("160 lbs to kg", "Yes, if you weigh it.", False),
    ],
)  # fmt: skip
def test_a_conversion_in_the_units_name(prompt: str, answer: str, kind: bool) -> None:
    assert _kind(prompt, answer) is kind


@pytest.mark.parametrize(
    ("prompt", "result"),
    [
        ("15% de 240", 36.0),
        ("whats 18 percent tip on 65 dollars", 11.7),
        ("whats 18% tip on $62.50", 11.25),
        ("quanto é 3/4 de 200?", 150.0),
        ("whats 17 times 23", 391.0),
        ("quanto é 7 x 8", 56.0),
        ("12 ao quadrado", 144.0),
        ("1.250,00 mais 49,90", 1299.9),
        ("10 dividido por 0", None),
        ("capital da mongolia", None),
    ],
)  # fmt: skip
def test_the_result_a_computation_asks_for(prompt: str, result: float | None) -> None:
    got = computed(request_text(prompt))
    assert got == pytest.approx(result) if result is not None else got is None


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("qnto é 15% de 240", "Dá 36 (10% é 24, mais 5% que é 12).", True),
        ("whats 18 percent tip on 65 dollars", "$11.70, so $76.70 in total.", True),
        ("quanto é 3/4 de 200?", "150.", True),
        ("whats 17 times 23", "1º de maio, feriado nacional.", False),
        ("quanto é 3/4 de 200?", "Em 1889, no dia 15 de novembro.", False),
        ("whats 17 times 23", "391", True),
        # nothing to compute ("^" is no operation `computed` reads): a number, led in, in bold too
        ("quanto é 2^10", "**Dá** 1024.", True),
        ("quanto é 2^10", "Paris.", False),
    ],
)  # fmt: skip
def test_a_computation_answered_by_its_result(prompt: str, answer: str, kind: bool) -> None:
    assert _kind(prompt, answer) is kind


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("ferias pode ser dividida em quantas vezes", "Em até três períodos, um de 14 dias.", True),
        ("galinha bota quantos ovos por dia", "No máximo um, porque cada ovo leva 25 horas.", True),
        ("how many hearts does an octopus have?", "Em 1958, na Suécia.", False),
        ("qnts dias de ferias eu tenho direito?", "É 192, ligação gratuita.", False),
    ],
)  # fmt: skip
def test_how_many_answered_by_a_bound(prompt: str, answer: str, kind: bool) -> None:
    assert _kind(prompt, answer) is kind


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("faz mal cafe de estomago vazio", "Para a maioria, não; com gastrite, coma antes.", True),
        ("pix tem limite a noite?", "Tem: das 20h às 6h, o padrão é R$ 1.000.", True),
        ("vale a pena comprar carro eletrico?", "Vale se você roda muito e carrega em casa.", True),
        ("is it bad to crack ur knuckles lol", "Nah. The pop is just gas bubbles.", True),
        ("pix tem limite a noite?", "Vale se você roda muito e carrega em casa.", False),
        ("to sem ovo, da pra fazer bolo sem ovo?", "Da próxima vez compre ovos.", False),
    ],
)  # fmt: skip
def test_a_yes_or_no_after_a_clause_or_as_the_verb(prompt: str, answer: str, kind: bool) -> None:
    assert _kind(prompt, answer) is kind


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("oq é inflacao", "Alta geral e contínua dos preços, que corrói o dinheiro.", True),
        ("what is en passant", "Capturing a pawn that just moved two squares past yours.", True),
        ("what does al dente mean", "Cooked until tender but still firm to the bite.", True),
        ("oq significa procrastinar", "Cerca de 3,1 milhas.", False),
        ("o que é inflação", "Divida o peso em kg pela altura que você mediu.", False),
        ("what is en passant", "During the war, that rule changed.", False),
        ("what does al dente mean", "Cooking pasta well is the key to any Italian dish.", False),
    ],
)  # fmt: skip
def test_a_longer_genus_or_an_action_defines(prompt: str, answer: str, kind: bool) -> None:
    assert _kind(prompt, answer) is kind


@pytest.mark.parametrize(
    "prompt", ["whats my credit score", "whats my credit score rn", "qual o meu saldo?"]
)
def test_the_askers_own_data_cannot_be_known(prompt: str) -> None:
    features = prompt_features(prompt)
    assert features.unknowable
    assert not features.defining


def test_a_question_about_a_term_with_my_in_it_later_is_still_unknowable_only_at_the_end() -> None:
    assert not prompt_features("whats my credit score based on, in general?").unknowable


@pytest.mark.parametrize(
    ("prompt", "short"),
    [
        ("how often do i feed my betta", True),
        ("como trocar pneu furado passo a passo", True),
        ("meu carro ta fazendo um barulho agudo quando eu freio, o que pode ser", True),
        ("explique a teoria da relatividade", False),  # an elaboration
        ("will it rain in chicago tomorrow", False),  # cannot be known: brief only saying so
        ("Como o RSA funciona e por que é considerado elegante?", False),  # two questions
        ("O DNA é um 'código'? O que a biologia revela?", False),
        (
            "i have been reading a lot about stoicism lately and wonder how its view of "
            "emotions compares with modern psychology",
            False,
        ),
    ],
)
def test_a_short_question_of_no_particular_kind(prompt: str, short: bool) -> None:
    assert prompt_features(prompt).short is short
    assert SHORT_QUESTION_WORDS == 16


def test_a_terse_answer_earns_a_short_question_its_brief_allowance() -> None:
    prompt = "what do i feed my betta"  # ("how often" asks a quantity since round 28: closed)
    assert not prompt_features(prompt).brief
    terse = "Once or twice a day, just 2-3 pellets each time. Overfeeding is the usual mistake."
    assert answered(JudgeItem(prompt, terse))[0].brief
    long = " ".join([terse] * 4)  # over TERSE_ANSWER_WORDS: judged in full
    assert len(long.split()) > TERSE_ANSWER_WORDS
    assert not answered(JudgeItem(prompt, long))[0].brief
    verdict = "Sempre duas vezes por dia, sem nenhuma exceção, obviamente."  # a verdict
    assert not answered(JudgeItem(prompt, verdict))[0].brief


def _verdict(prompt: str, answer: str) -> tuple[str, str]:
    v = Tribunal().verdicts([JudgeItem(prompt, answer)])[0]
    return v.status.value, " | ".join(v.reasons)


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("why do cats knead blankets", "Cats have many mysterious behaviors owners love."),
        ("como agendar um pix", "O Pix é prático e rápido, ideal pro dia a dia."),
        ("candle wax on carpet how to get off", "Carpets need regular care to look their best."),
        ("heartburn after dinner, what helps", "Everyone's body is different, so listen to it."),
    ],
)  # fmt: skip
def test_a_line_that_only_talks_about_the_topic_gives_nothing(prompt: str, answer: str) -> None:
    status, reasons = _verdict(prompt, answer)
    assert status == "REJECTED"
    # judged alone, a line whose shared word is common may read as off topic instead
    assert "talks about the topic without answering it" in reasons or "off topic" in reasons


def test_the_talk_reason_names_what_is_missing() -> None:
    _, reasons = _verdict(
        "why do cats knead blankets", "Cats have many mysterious behaviors owners love."
    )
    assert "no answer: talks about the topic without answering it" in reasons


def test_an_off_topic_line_keeps_its_off_topic_reason() -> None:
    # a terse answer in other words shares nothing with the prompt: it talks about no topic of
    # the prompt's, so Veritas says it is off topic, not that it talks around it
    batch = [
        # (not "how often...": a quantity asked since round 28, closed, and given nothing)
        JudgeItem("what do i feed my betta", "Rain is likely by the weekend, bring a coat."),
        JudgeItem("capital da mongolia", "Ulan Bator, a maior cidade do país."),
    ]
    verdict = Tribunal().verdicts(batch)[0]
    assert verdict.status.value == "REJECTED"
    assert verdict.judges["veritas"].reason.startswith("off topic")


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("make this polite: send me the report now", "Could you please send me the report soon?"),
        ("diferença entre mas e mais", "Mas indica oposição; mais indica quantidade."),
        ("how to center a div", "On the parent: display: flex; justify-content: center;"),
        ("do i need to tip in japan", "No. Tipping isn't customary; good service is expected."),
        ("whats the capital of australia", "Canberra, not Sydney."),
    ],
)  # fmt: skip
def test_terse_answers_made_of_common_words_are_not_talk(prompt: str, answer: str) -> None:
    _, r = answered(JudgeItem(prompt, answer))
    assert r.evasion is None, (prompt, r.evasion)


@pytest.mark.parametrize(
    "prompt",
    ["1" * 200_000 + " x", "1." * 100_000 + " x 2", "15% de " + "2" * 200_000, "0.5 x 1e999"],
    ids=["digits", "separators", "operand", "no-overflow"],
)
def test_hostile_computations_are_read_in_linear_time(prompt: str) -> None:
    """A computation is looked for in 80 characters at most (`text.ARITHMETIC_MAX_CHARS`): the
    operation's pattern tried from every digit of a 10,000-digit run took 8 s before. No timing
    assertion: a quadratic check shows as a suite that does not finish."""
    assert computed(request_text(prompt)) is None or prompt.startswith("0.5")
    verdicts = Tribunal().verdicts(
        [JudgeItem(prompt, "Dá " + "3" * 100_000), JudgeItem(prompt, "Dá 36.")]
    )
    assert len(verdicts) == 2


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("why does my toilet keep running", "Usually a worn flapper that leaks.", True),
        ("pq meu carro chia quando freio", "Quase sempre pastilha gasta; leve ao mecânico.", True),
        ("pq o pao fica duro", "Quase sempre pastilha gasta; leve ao mecânico.", False),
        ("why does my toilet keep running", "Usually yes, within a day.", False),
        ("when should i plant tomatoes", "After the last frost, once nights stay warm.", True),
        ("quando posso podar a roseira", "Depois da floração, no fim do inverno.", True),
        ("when should i plant tomatoes outside", "Baking soda, then vinegar.", False),
        ("oz in a pound", "Sixteen of them.", True),
        ("tablespoons in a cup", "16 of them in one US cup.", True),
        ("oz in a pound", "Plenty, it depends on the recipe.", False),
    ],
)  # fmt: skip
def test_a_diagnosis_a_time_and_a_count_of_units(prompt: str, answer: str, kind: bool) -> None:
    assert _kind(prompt, answer) is kind


def test_a_rate_asked_after_several_words_is_a_closed_question() -> None:
    features = prompt_features("whats the self employment tax rate")
    assert features.closed
    assert not features.defining


@pytest.mark.parametrize(
    "answer",
    [
        "Não tenho como prever; olha a tabela atual.",
        "Can't know that yet. Check the airline app on the day.",
        "I can't check that. Look in spam, then call them.",
    ],
)
def test_more_ways_to_say_it_cannot_be_known(answer: str) -> None:
    assert response_features(answer).markers.get("cannot_know", 0) > 0


def test_a_guarantee_named_is_no_overclaim() -> None:
    # "garantia" is a noun ("a garantia do FGC"); "garantido" still claims too much
    assert not response_features("Sim, até R$ 250 mil, pela garantia do FGC.").markers.get(
        "overclaim", 0
    )
    assert response_features("É garantido que você vai passar.").markers.get("overclaim", 0)
