"""Requests that a sentence or two answer in full, and questions no model can answer.

The heuristic judges expect an answer of some twenty distinct content words: right for "Explique
o teorema de Gödel", wrong for "Quantos segundos tem um dia?" or "Resuma em uma frase: ...".
A brief request (`PromptFeatures.brief`) lowers that expectation; an answer saying that what was
asked cannot be known (tomorrow's weather, an earlier conversation) takes up a prompt about it
without naming its words. docs/benchmarks.md ("Short answers") has the figures on four written
families of short answers, held out and in sample."""

from __future__ import annotations

import pytest

from noesis_trainer.tribunal import Status, Tribunal
from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.heuristic import (
    BRIEF_MIN_WORDS,
    MIN_WORDS,
    VeritasJudge,
    content,
    length_factor,
)
from noesis_trainer.tribunal.judges.text import prompt_features, response_features, states_fact

TRIBUNAL = Tribunal()


@pytest.mark.parametrize(
    ("prompt", "brief"),
    [
        ("Quantos segundos tem um dia?", True),
        ("Quem pintou o Abaporu?", True),
        ("Em que ano foi proclamada a República no Brasil?", True),
        ("Qual é a capital da Austrália?", True),
        ("What's 12 squared?", True),
        ("How many ounces are in a pound?", True),
        ('Resuma em uma frase: "A reunião foi adiada porque o diretor viajou."', True),
        ("Rewrite this to sound friendlier: 'Send me the file by five.'", True),
        ("Qual é o maior osso do corpo humano?", True),
        ("What is the tallest mountain in Africa?", True),
        ("How do I undo the last commit in git?", True),  # a how-to in a named tool
        ("Em SQL, como pego os valores de uma coluna sem repetição?", True),
        ("What's the best way to learn a language?", False),  # "best": advice, not a fact
        ("Como faço para ser mais feliz?", False),  # a how-to in no tool
        ("Explique o teorema da incompletude de Gödel.", False),
        ("Como Platão influenciou a computação moderna?", False),
        # a closed opening, but a loaded question: its premise needs examining
        ("Who really invented calculus? Leibniz stole it, right?", False),
        # a closed opening in a long prompt asks for more than one fact
        ("Onde eu guardo minhas economias se quero comprar uma casa em cinco anos?", False),
        ('Ele disse: "a reunião foi adiada para segunda" e saiu. Por quê?', False),  # no request
    ],
)
def test_brief_requests_are_recognised(prompt: str, brief: bool) -> None:
    assert prompt_features(prompt).brief is brief


def test_only_a_closed_question_lowers_the_off_topic_threshold() -> None:
    """Every answer about git names git: a how-to keeps the usual threshold."""
    assert prompt_features("Who painted the Mona Lisa?").closed
    howto = prompt_features("How do I undo the last commit in git?")
    assert howto.brief and not howto.closed


def test_a_brief_request_expects_less_content() -> None:
    answer = "24 × 60 × 60 = 86.400 segundos"
    r = response_features(answer)
    brief = prompt_features("Quantos segundos tem um dia?")
    open_ = prompt_features("Explique como se mede o tempo.")
    assert r.n_words < MIN_WORDS and r.n_words >= BRIEF_MIN_WORDS
    assert length_factor(r, brief) == 1.0
    assert length_factor(r, open_) < 0.5
    amount, full = content(brief, r)
    assert amount >= full  # its numbers and symbols are its content
    assert content(open_, r)[0] < 0


def test_short_complete_answers_to_brief_requests_are_approved() -> None:
    items = [
        JudgeItem("Quantos segundos tem um dia?", "São 24 × 60 × 60 = 86.400 segundos."),
        JudgeItem("What's 12 squared?", "12 squared is 12 × 12, which equals 144."),
        JudgeItem("Quanto é 15% de 240?", "15% de 240 é 36, pois 240 × 0,15 = 36."),
    ]
    for verdict in TRIBUNAL.verdicts(items):
        assert verdict.status is Status.APPROVED, verdict


def test_brief_requests_still_reject_what_does_not_answer_them() -> None:
    prompt = "Quantos segundos tem um dia?"
    items = [
        JudgeItem(prompt, "Essa é uma ótima pergunta, e a resposta depende de vários fatores."),
        JudgeItem(prompt, "86.400"),  # a bare number: too short even for a brief request
        JudgeItem(prompt, "Platão via o mundo físico como sombra das Formas perfeitas."),
    ]
    for verdict in TRIBUNAL.verdicts(items):
        assert verdict.status is Status.REJECTED, verdict


@pytest.mark.parametrize(
    ("prompt", "answer", "fact"),
    [
        ("Quantos segundos tem um dia?", "São 86.400 segundos.", True),
        ("Quantos jogadores tem um time de futebol?", "Onze, contando o goleiro.", True),
        ("Who painted the Sistine Chapel ceiling?", "It was painted by Michelangelo.", True),
        ("Quantos segundos tem um dia?", "É um número bem grande de segundos.", False),
        ("What's 12 squared?", "12 squared is a math question.", False),  # its 12 is asked
    ],
)
def test_a_closed_question_is_answered_by_a_fact(prompt: str, answer: str, fact: bool) -> None:
    assert states_fact(prompt, answer) is fact


def test_a_vague_answer_gets_no_allowance() -> None:
    """A closed question asks for a fact: an answer that takes up its words and states none is
    judged as any short answer is (rejected), not as a brief one."""
    prompt = "Quantos segundos tem um dia?"
    vague, stated = TRIBUNAL.verdicts(
        [
            JudgeItem(prompt, "Segundos são unidades de tempo e um dia é um período de tempo."),
            JudgeItem(prompt, "São 24 × 60 × 60 = 86.400 segundos."),
        ]
    )
    assert vague.status is Status.REJECTED
    assert stated.status is Status.APPROVED


CANNOT_KNOW = (
    "Não tenho acesso a previsões do tempo em tempo real, então não consigo dizer. Consulte o "
    "INMET ou o aplicativo de clima do seu celular perto da data."
)


def test_saying_it_cannot_be_known_answers_an_unknowable_question() -> None:
    weather, other = TRIBUNAL.verdicts(
        [
            JudgeItem("Vai chover em Curitiba amanhã?", CANNOT_KNOW),
            JudgeItem("Explique o algoritmo RSA.", CANNOT_KNOW),
        ]
    )
    assert prompt_features("Vai chover em Curitiba amanhã?").unknowable
    assert response_features(CANNOT_KNOW).markers.get("cannot_know") == 2  # no access, can't say
    assert weather.status is not Status.REJECTED
    assert "off topic" not in weather.judges["veritas"].reason
    assert other.status is Status.REJECTED  # a disclaimer answers no other question
    assert "off topic" in other.judges["veritas"].reason


def test_a_code_span_is_a_checkable_specific() -> None:
    plain = response_features("Use o comando que conta linhas no terminal.")
    code = response_features("Use o comando `wc -l` no terminal.")
    assert code.n_specific == plain.n_specific + 1


def test_the_off_topic_reason_says_what_the_answer_shares() -> None:
    prompt = "What is the chemical symbol for gold and where does it come from?"
    judge = VeritasJudge()
    shares_one, shares_none = judge.score_batch(
        [
            JudgeItem(prompt, "Gold is a soft yellow metal that jewellers have prized."),
            JudgeItem(prompt, "Platão via o mundo físico como sombra das Formas perfeitas."),
        ]
    )
    assert shares_one.reason == "off topic: takes up too little of the prompt's topic"
    assert shares_none.reason == "off topic: shares nothing with the prompt"
