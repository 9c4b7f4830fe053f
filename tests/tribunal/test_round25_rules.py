"""Round 25's rules: more of what a terse answer of the kind asked for looks like, and the
readings that let other answers through by the same kind held back.

- A yes or a no after how often it holds ("Em geral não: ...", "Usually not mid-lease"), and
  "Dá:" for "dá pra...?"; a yes/no question put after its situation as "can he just do that?".
- Translations asked as "como falar X em inglês", "how to say X in German"; a short quoted
  translation whose few words tell no language ('"Boa sorte!"').
- Code typed bare in a how-to's answer: a Python expression ("s[::-1]", "list(set(xs))") or a
  key combination ("Win+Shift+S"); not SQL's "COUNT(*)" in a cut query.
- What cannot be known: "will my visa be approved" asked as "será que meu visto vai...", "did I
  leave the stove on", "what I had for breakfast"; "I can't tell", "nobody can reliably
  predict" say so.
- Definitions: "what does per diem mean (on my job offer)"; "The value of...", "Um jeito de...",
  "Conceito de..." open a genus; a genus that is a word about words ("É uma gíria...", "It's a
  Latin phrase...") or about the answer ("A resposta sobre...") does not; a definition that
  opens with its genus is the fact a brief answer must state, unless it first restates the term.
- "When" answered by a date without its year ("First Sunday of November"), unless the question
  asks for the year.
- A how-to without a tool ("como calcular imc", "regra de três como faz"): instructions.
- The form of a word ("plural de cidadão": "Cidadãos"; "sinônimo de feliz": "Contente.").
- The side of a choice, written to its end, is the whole answer ("Exceção, com xc e ç.").
- An answer in the other language than the question's interrogative ("como regar suculenta"
  answered in English) is not of its kind, even where too few function words tell the
  prompt's language.
- Second step: a "why" answered by its mechanism; a passage to rework after a colon; "quais
  X", "o que levar", "what to pack"; a period ("qual o prazo") or the best of a kind; a yes/no
  question after its condition. Last, a short personal question owes no question back.

Held-out figures are in docs/benchmarks.md ("Round 25").
"""

from __future__ import annotations

import pytest

from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.heuristic import ENGAGE_MIN_WORDS, SophiaJudge, answered
from noesis_trainer.tribunal.judges.text import (
    defines_term,
    in_kind,
    prompt_features,
    response_features,
)


def _kind(prompt: str, answer: str) -> bool:
    return in_kind(prompt, answer, prompt_features(prompt))


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("meu vizinho pode tocar bateria as 23h?", "Em geral não: há lei do silêncio.", True),
        ("can i freeze cooked rice?", "Usually yes, within a day of cooking it.", True),
        ("to sem ovo, da pra fazer bolo sem ovo?", "Dá: troque cada ovo por iogurte.", True),
        ("to sem ovo, da pra fazer bolo sem ovo?", "Da próxima vez compre ovos.", False),
        ("can i freeze cooked rice?", "Em geral não: há lei do silêncio.", False),
    ],
)  # fmt: skip
def test_a_yes_or_no_after_how_often_it_holds(prompt: str, answer: str, kind: bool) -> None:
    assert prompt_features(prompt).yes_no
    assert _kind(prompt, answer) is kind


def test_a_yes_no_question_after_its_situation() -> None:
    p = prompt_features("my neighbour parks in my spot every night, can he just do that?")
    assert p.yes_no and p.brief


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("como falar obrigado em japones", '"Arigatou", ou "arigatou gozaimasu".', True),
        ("how to say good night in italian", 'It\'s "buona notte".', True),
        ("traduz 'good luck' pra portugues", '"Boa sorte!" Serve pra qualquer situação.', True),
        ("como falar obrigado em japones", "O Japão tem quatro ilhas principais.", False),
    ],
)  # fmt: skip
def test_translations_asked_as_people_ask(prompt: str, answer: str, kind: bool) -> None:
    assert prompt_features(prompt).wording
    assert _kind(prompt, answer) is kind


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("python remove duplicates from a list", "Make it a set and back: list(set(xs))", True),
        ("python como pegar o ultimo item da lista", "Índice negativo: lista[-1]", True),
        ("como abrir gerenciador de tarefas no windows", "Ctrl+Shift+Esc abre direto.", True),
        ("sql count rows per group", "SELECT name, COUNT(*) ", False),  # bare SQL: prose-like
        ("python remove duplicates from a list", "Use a set, it keeps one of each.", False),
    ],
)  # fmt: skip
def test_code_typed_bare(prompt: str, answer: str, kind: bool) -> None:
    assert prompt_features(prompt).howto
    assert _kind(prompt, answer) is kind


@pytest.mark.parametrize(
    ("prompt", "unknowable"),
    [
        ("sera que minha entrevista de amanha vai dar certo?", True),
        ("sera que meu pedido vai chegar essa semana", True),
        ("did i lock the front door", True),
        ("can you tell me what i ate last night", True),
        ("sera que posso tomar dipirona com cafe?", False),
    ],
)
def test_what_cannot_be_known(prompt: str, unknowable: bool) -> None:
    assert prompt_features(prompt).unknowable is unknowable


@pytest.mark.parametrize(
    "answer",
    [
        "I can't tell from here; check the app.",
        "Nobody can reliably predict the market a month out.",
        "Não tenho como verificar isso daqui.",
    ],
)
def test_saying_it_cannot_be_known(answer: str) -> None:
    assert response_features(answer).markers.get("cannot_know", 0) == 1


@pytest.mark.parametrize(
    ("prompt", "defining"),
    [
        ("what does carpe diem mean", True),
        ("what does ad hoc mean in my contract", True),
        ("what does it mean", False),  # about something said before
        ("whats a good substitute for eggs in baking", False),
    ],
)
def test_what_a_term_means(prompt: str, defining: bool) -> None:
    assert prompt_features(prompt).defining is defining


@pytest.mark.parametrize(
    ("prompt", "answer", "kind", "fact"),
    [
        ("what is inflation", "The rate at which prices rise over time.", True, True),
        ("o que é saudosismo", "Um jeito de viver preso ao passado, com nostalgia.", True, True),
        ("oq é mais-valia", "Conceito de Marx: o que o trabalhador produz além do salário.", True,
         True),
        ("what is inflation", "The answer of this question is complex.", False, False),
        ("o que é saudosismo", "A resposta sobre saudosismo envolve várias questões.", False,
         False),
        ("o que quer dizer crush", "É uma gíria muito usada pelos jovens.", False, False),
        ("what does ad hoc mean", "It's a Latin phrase that people use in English.", False, False),
        # restating the term first is no definition's opening, whatever follows
        ("o que é MEI", "MEI tem muitos aspectos relevantes a considerar.", True, False),
    ],
)  # fmt: skip
def test_a_definition_opens_with_its_genus(
    prompt: str, answer: str, kind: bool, fact: bool
) -> None:
    p = prompt_features(prompt)
    assert p.defining
    assert _kind(prompt, answer) is kind
    assert defines_term(prompt, answer, p) is fact


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("when does the school year start in japan", "In April, usually in the first week.", True),
        ("quando e o dia dos pais no brasil", "No segundo domingo de agosto.", True),
        ("em que ano caiu o muro de berlim", "Em novembro de 1", False),  # the year is asked
        ("when does the school year start in japan", "It depends on the school.", False),
    ],
)
def test_when_answered_by_a_date(prompt: str, answer: str, kind: bool) -> None:
    assert _kind(prompt, answer) is kind


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("como calcular area do circulo", "Multiplique pi pelo raio ao quadrado.", True),
        ("juros simples como faz", "Multiplique capital, taxa e tempo.", True),
        ("como converter libras pra kg", "Divida por 2,2: 10 lb dão uns 4,5 kg.", True),
        ("como calcular area do circulo", "Multiply pi by the radius squared.", False),
        ("how do i convert cups to grams", "Multiplique por 240.", False),
    ],
)
def test_how_to_do_it_without_a_tool(prompt: str, answer: str, kind: bool) -> None:
    assert _kind(prompt, answer) is kind


def test_a_long_how_question_is_no_request_for_instructions() -> None:
    assert prompt_features("como calcular imc").advice
    assert not prompt_features("Como aplicar na prática: como Platão influenciou a ética?").advice


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("qual o plural de pão", "Pães.", True),
        ("what's the plural of octopus", "Octopuses, or octopi in casual use.", True),
        ("sinonimo de feliz", "Contente, alegre ou satisfeito.", True),
        ("sinonimo de feliz", "O sinônimo é contente.", True),  # named first, then given
        ("past tense of swim", "Swam; the participle is swum.", True),
        ("sinonimo de feliz", "Resposta básica sobre o tema.", False),
        ("qual o plural de pão", "Essa é uma dúvida comum.", False),
    ],
)
def test_the_form_of_a_word(prompt: str, answer: str, kind: bool) -> None:
    p = prompt_features(prompt)
    assert p.closed and p.brief
    assert _kind(prompt, answer) is kind


@pytest.mark.parametrize(
    ("answer", "delivered"),
    [
        ("Débito, se quer controlar os gastos.", True),
        ('"Débito." It', False),  # cut inside its second sentence
        ("Depende do contexto.", False),
    ],
)
def test_the_side_of_a_choice_delivered(answer: str, delivered: bool) -> None:
    _, r = answered(JudgeItem("credito ou debito, qual e melhor?", answer))
    assert r.delivered is delivered


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("como regar suculenta", "Water it only when the soil is completely dry."),
        ("what does al dente mean", "A cada 5 mil km com óleo mineral, no máximo."),
    ],
)
def test_an_answer_in_the_other_language(prompt: str, answer: str) -> None:
    assert not _kind(prompt, answer)


# -- the round's second step -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("pq o pao fica duro", "O amido perde água e se recristaliza com o tempo.", True),
        (
            "why do onions make you cry",
            "Cutting them releases a gas that irritates the eyes.",
            True,
        ),
        ("why do cats knead", "A kitten nursing instinct they keep as adults.", True),
        ("pq o pao fica duro", "Em 1822, com Dom Pedro.", False),
    ],
)
def test_a_why_answered_by_its_mechanism(prompt: str, answer: str, kind: bool) -> None:
    assert _kind(prompt, answer) is kind


@pytest.mark.parametrize(
    ("prompt", "rework", "unknowable"),
    [
        ("make this more polite: send me the report now", True, False),
        ("reescreve mais formal: oi, vou faltar amanha pq to doente", True, False),
        ("make this sound nicer: 'you never answer my emails'", True, False),
        ("nota: vou faltar amanha", False, True),  # no rewrite asked: "amanhã" is the asker's
    ],
)
def test_a_passage_to_rework_after_a_colon(prompt: str, rework: bool, unknowable: bool) -> None:
    p = prompt_features(prompt)
    assert p.rework is rework
    assert p.unknowable is unknowable


@pytest.mark.parametrize(
    ("prompt", "enumerating"),
    [
        ("quais documentos pra alugar ap", True),
        ("o que levar pra praia", True),
        ("what to pack for a ski trip", True),
        ("quais", False),
    ],
)
def test_requests_for_the_members_of_a_set(prompt: str, enumerating: bool) -> None:
    assert prompt_features(prompt).enumerating is enumerating


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("qual a melhor epoca pra plantar tomate?", "De agosto a outubro, no sul.", True),
        (
            "qual o prazo pra pagar o ipva",
            "Em geral entre janeiro e março, conforme a placa.",
            True,
        ),
        ("whats the best beatles album to start with", "Abbey Road, for the songs.", True),
        ("whats the best beatles album to start with", "It depends on your taste.", False),
        ("qual a melhor epoca pra plantar tomate?", "Use adubo orgânico.", False),
    ],
)
def test_a_period_or_the_best_of_a_kind(prompt: str, answer: str, kind: bool) -> None:
    assert prompt_features(prompt).brief
    assert _kind(prompt, answer) is kind


@pytest.mark.parametrize(
    ("prompt", "yes_no"),
    [
        ("se eu pedir demissao posso sacar o fgts", True),
        ("if i cancel now do i get a refund", True),
        ("se chover amanha o que faço", False),
    ],
)
def test_a_yes_no_question_after_its_condition(prompt: str, yes_no: bool) -> None:
    assert prompt_features(prompt).yes_no is yes_no


def test_a_short_personal_question_is_answered_by_its_answer() -> None:
    """A question about the asker's life in `ENGAGE_MIN_WORDS` words or fewer owes no question
    back; a longer one, a situation to weigh, still asks for one."""
    answer = "Put a sturdy scratching post next to the sofa and reward her when she uses it."
    short = "my cat keeps scratching the sofa, what can i do"
    long = (
        "my cat is three years old and since we moved to a smaller flat last month she keeps "
        "scratching the sofa every night, what can i do about it"
    )
    assert len(short.split()) <= ENGAGE_MIN_WORDS < len(long.split())
    short_score, long_score = SophiaJudge().score_batch(
        [JudgeItem(short, answer), JudgeItem(long, answer)]
    )
    assert "does not engage" not in short_score.reason
    assert "does not engage" in long_score.reason


@pytest.mark.parametrize(
    ("answer", "delivered"),
    [
        ("The rate at which prices rise over time.", True),
        ("Inflation has many aspects worth considering.", False),  # restates the term
        ("It's a word people use a lot.", False),  # talk about the word
    ],
)
def test_a_definition_delivered(answer: str, delivered: bool) -> None:
    """A definition that opens with its genus, in `DELIVERED_MAX_WORDS` words or fewer and
    written to its end, is the whole of what "what is X" asks for (round 25, last step)."""
    _, r = answered(JudgeItem("what is inflation", answer))
    assert r.delivered is delivered
