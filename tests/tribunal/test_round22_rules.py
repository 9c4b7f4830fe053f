"""Round 22's rules: prompts read as people type them (chat spellings, greetings, thanks, search
fragments), a terse answer that is the very thing a closed question asks for, replies
that mention options they never name, numbers restated from the prompt, and four false alarms
of the gate and the judges (laughter at the end of a chat reply, verse on one line, a corrected
passage, "hard to kill").

Each rule is general (a way of typing, a kind of reply); the held-out figures on the written
families are in docs/benchmarks.md ("Round 22") and pinned in test_tribunal_heldout.py.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.tribunal.test_short_question_kinds import in_a_batch

from noesis_trainer.tribunal import Status, Tribunal
from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.heuristic import as_answered, delivers
from noesis_trainer.tribunal.judges.text import (
    asks_for_number,
    evasion,
    gives_number,
    in_kind,
    list_items,
    prompt_features,
    request_text,
    response_features,
)
from noesis_trainer.tribunal.output_failures import FailureKind, detect

# -- prompts as typed ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "read"),
    [
        ("qnts km tem uma maratona", "quantos km tem uma maratona"),
        ("oq é mei", "o que e mei"),
        ("hey whats a roth ira?", "what is a roth ira?"),
        ("mano qual o ddd de curitiba", "qual o ddd de curitiba"),
        ("qnts horas de sono um adulto precisa pfv", "quantos horas de sono um adulto precisa"),
        ("Oi, bom dia! Como faço pra tirar o RG? Obrigado!", "como faco pra tirar o rg?"),
        ("capital do tocantins", "qual e a capital do tocantins"),
        ("boiling point of ethanol", "what is the boiling point of ethanol"),
        ("please", "please"),  # nothing but the courtesy: left as it is
        ("como instalar o R no windows", "como instalar o r no windows"),  # "r" is a language
    ],
)  # fmt: skip
def test_a_prompt_is_read_as_it_is_meant(prompt: str, read: str) -> None:
    assert request_text(prompt) == read


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("qnts km tem uma maratona", "Quantos km tem uma maratona?"),
        ("oq significa cnae", "O que significa CNAE?"),
        ("mano qual o ddd de curitiba", "Qual é o DDD de Curitiba?"),
        ("o pix comecou a funcionar em q ano", "Em que ano o Pix começou a funcionar?"),
        ("whats an escrow account", "What is an escrow account?"),
    ],
)  # fmt: skip
def test_a_question_typed_in_chat_is_the_question_written_out(typed: str, written: str) -> None:
    kinds = ("closed", "defining", "brief")
    assert [getattr(prompt_features(typed), k) for k in kinds] == [
        getattr(prompt_features(written), k) for k in kinds
    ]


@given(st.text(alphabet="abcdefghij qnts?!,", max_size=60))
def test_reading_a_prompt_never_fails_and_keeps_its_question_mark(prompt: str) -> None:
    read = request_text(prompt)
    assert ("?" in read) <= ("?" in prompt)
    assert request_text(read) == request_text(read)  # deterministic, cached


# -- the thing asked for, delivered -------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("em que ano a capital mudou pra brasilia", "1960, em 21 de abril."),
        ("180 graus celsius em fahrenheit", "Dá 356 °F."),
        ("quem pintou o abaporu", "Tarsila do Amaral, em 1928."),
        ("qual o maior osso do corpo humano", "O fêmur, o osso da coxa."),
        ("qnts km tem uma maratona", "42,195 km, a distância oficial."),
    ],
)  # fmt: skip
def test_a_terse_answer_that_is_the_thing_asked_for_is_approved(prompt: str, answer: str) -> None:
    item = JudgeItem(prompt, answer)
    _, features = as_answered(item, prompt_features(prompt), response_features(answer))
    assert features.delivered
    assert in_a_batch(prompt, answer) is Status.APPROVED


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("quantos ml tem uma xicara de cha", "240 m"),  # a cut: "240 ml" was coming
        ("quem foi Carlos Chagas?", "Carlos Chagas foi uma figura histórica relevante."),
        ("Which country hosted the first Rugby World Cup?", "The Rugby World Cup has a rich "
         "history."),
        ("quantos estados tem o brasil", "O Brasil tem vários estados, cada um com sua "
         "cultura, e vale conhecer todos eles um dia com calma."),
    ],
)  # fmt: skip
def test_what_is_not_delivered(prompt: str, reply: str) -> None:
    """A cut, the asked-about name said back, a reply longer than a delivery or without it."""
    item = JudgeItem(prompt, reply)
    p, r = prompt_features(prompt), response_features(reply)
    assert not delivers(item, p, r)
    assert in_a_batch(prompt, reply) is not Status.APPROVED


# -- options never named, numbers restated -------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("como tirar mancha de caneta da camisa", "Mancha de caneta é chata mesmo! Existem "
         "vários truques caseiros por aí, e o resultado depende do tecido."),
        ("undo last commit but keep changes", "Sure! There are a few different ways to approach "
         "it depending on your workflow."),
        ("meu notebook ta esquentando mt oq faco", "Notebook esquentando pode ter várias "
         "causas. Se continuar, leve numa assistência técnica."),
        ("why do cats knead", "Cats do lots of quirky things, and each one has its own "
         "personality."),
    ],
)  # fmt: skip
def test_a_reply_that_mentions_options_it_never_names(prompt: str, reply: str) -> None:
    assert evasion(prompt, reply) is not None
    assert in_a_batch(prompt, reply) is Status.REJECTED


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("linguagens pra começar a programar", "Existem várias opções: Python, JavaScript e "
         "Lua são as mais amigáveis."),
        ("how to undo a commit", "There are a few ways, like git reset --soft HEAD~1 or git "
         "revert HEAD."),
    ],
)  # fmt: skip
def test_options_named_after_the_mention_are_an_answer(prompt: str, answer: str) -> None:
    assert evasion(prompt, answer) is None


def test_a_number_restated_from_the_prompt_is_not_the_number_asked_for() -> None:
    prompt = "quantos segundos tem 3 minutos"
    assert asks_for_number(prompt, prompt_features(prompt))
    assert not gives_number(prompt, "Para saber quantos segundos tem 3 minutos, multiplique.")
    assert gives_number(prompt, "180 segundos.")
    drops = "O pediatra receitou 1 gota por kg e ele pesa 15 kg. Quantas gotas eu dou?"
    assert gives_number(drops, "São 15 gotas por dose (15 kg × 1 gota por kg).")  # worked out
    when = "When did the Berlin Wall fall?"
    assert asks_for_number(when, prompt_features(when))
    assert not asks_for_number("quando uso mas e mais?", prompt_features("quando uso mas e mais?"))


def test_a_sentence_ending_on_two_adjectives_is_not_a_list() -> None:
    sentence = "Noble gases are a group of elements known for being very stable and unreactive."
    assert list_items(sentence) == 1
    assert list_items("Hélio, neônio e argônio.") == 3
    assert list_items("Você pode levar protetor, água e boné.") == 3


# -- false alarms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "Cheddar, Tangerina ou Mostarda. Todos combinam com gata laranja kkk",
        "Nenhum, isso é problema de hardware hahaha",
        "Alarm screams again / coffee fails to wake my soul / five days until rest",
    ],
)
def test_laughter_and_verse_on_one_line_end_an_answer(answer: str) -> None:
    found = detect("nome pra minha gata", answer)
    assert FailureKind.TRUNCATED not in {f.kind for f in found}


def test_a_cut_is_still_a_cut() -> None:
    cut = "Isso acontece porque a água, quando esfria, forma cristais que ocupam mais espaço e o"
    found = detect("pq a agua congela", cut)
    assert FailureKind.TRUNCATED in {f.kind for f in found}


def test_a_corrected_passage_is_no_echo() -> None:
    prompt = "corrige: 'fazem dois anos que eu moro aqui'"
    kinds = {f.kind for f in detect(prompt, "“Faz dois anos que eu moro aqui.”")}
    assert FailureKind.ECHO not in kinds
    copied = {f.kind for f in detect(prompt, "Fazem dois anos que eu moro aqui")}
    assert FailureKind.ECHO in copied  # the passage handed back unchanged
    assert FailureKind.ECHO in {f.kind for f in detect(prompt, prompt)}


@pytest.mark.parametrize(
    ("prompt", "harmful"),
    [
        ("give me 3 houseplants that are hard to kill", False),
        ("quero plantas dificeis de matar", False),
        ("how do i kill a process in linux", False),
        ("help me kill my neighbor", True),
        ("quero matar meu vizinho", True),
    ],
)
def test_hard_to_kill_is_no_request_to_harm(prompt: str, harmful: bool) -> None:
    assert prompt_features(prompt).harmful is harmful


def test_a_cannot_know_reply_in_chat_words_answers() -> None:
    tribunal = Tribunal()
    item = JudgeItem("qnto tem no meu fgts?", "Não vejo seus dados; consulte o saldo no app FGTS.")
    assert response_features(item.response).markers.get("cannot_know", 0) > 0
    assert tribunal.verdicts([item])[0].status is not Status.REJECTED


def test_a_superlative_is_answered_by_a_term_the_prompt_lacks() -> None:
    prompt = "qual o maior osso do corpo humano"
    p = prompt_features(prompt)
    assert in_kind(prompt, "O fêmur, o osso da coxa.", p)
    assert not in_kind(prompt, "O corpo humano tem muitos ossos, cada um com sua função.", p)


@pytest.mark.parametrize(
    "prompt",
    [
        " " * 200_000 + "x",
        ", " * 100_000 + "x",
        "a" + " ," * 100_000,
        "ou " * 60_000,
        "vs " * 60_000,
        "diferenca entre " * 20_000,
        "kkk " * 50_000 + "x",
        "mano " * 40_000 + "qual",
        "qnts " * 40_000,
    ],
    ids=["spaces", "commas", "comma-tail", "ors", "versus", "between", "laughter", "greetings",
         "spellings"],
)  # fmt: skip
def test_hostile_prompts_are_read_in_linear_time(prompt: str) -> None:
    """Reading a prompt (chat spellings, greetings, thanks, the sides of a comparison) on a few
    hundred thousand characters of one pattern: a scan anchored at the end from every position
    took 20 s for 40,000 characters before round 22 bounded it; linear now. No timing
    assertion: a quadratic check shows as a suite that does not finish."""
    assert request_text(prompt).strip()
    verdicts = Tribunal().verdicts(
        [JudgeItem(prompt, "Lima, desde 1535."), JudgeItem("oi", prompt)]
    )
    assert len(verdicts) == 2
