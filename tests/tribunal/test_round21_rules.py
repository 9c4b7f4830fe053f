"""Round 21's rules: replies that talk around a question instead of answering it, and more kinds
of short question whose terse answer is recognised by its form (a choice, a translation, a list
that opens the answer, a number for "how many", a spelled-out term, a definition by its genus, a
cause), checked in the question's language.

Each rule is general (a kind of reply, a kind of question); the held-out figures on the written
families are in docs/benchmarks.md ("Round 21") and pinned in test_tribunal_heldout.py.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.tribunal.test_answers_in_kind import judged_in_a_batch
from tests.tribunal.test_short_question_kinds import in_a_batch

from noesis_trainer.tribunal import Status
from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.heuristic import EVASION_CAP, as_answered
from noesis_trainer.tribunal.judges.text import (
    evasion,
    in_kind,
    new_bold_terms,
    picks_side,
    prompt_features,
    response_features,
    states_fact,
)

# -- evasions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "reply", "kind"),
    [
        ("quanto tempo cozinha ovo", "Vou te explicar direitinho como cozinhar o ovo do jeito "
         "certo, passo a passo.", "promises an answer"),
        ("how many ounces in a cup", "I'll walk you through the conversion step by step so you "
         "understand it fully.", "promises an answer"),
        ("qual tomada usar na cozinha", "Depende do que você precisa, então a resposta pode "
         "variar bastante de casa pra casa.", "says it depends, not on what"),
        ("best laptop for college", "I'd recommend reading reviews from trusted tech sites "
         "before you decide.", "sends the asker elsewhere"),
        ("por que o céu é azul", "Ótima pergunta! Olhar o céu é uma experiência que todo mundo "
         "adora.", "praises the question"),
        ("o que é inflação", "Inflação é uma dúvida comum, e entender inflação é importante "
         "pra quem cuida do dinheiro.", "talks about the question"),
        ("why is there a leap year", "Leap years exist for a reason, and it has to do with how "
         "our calendar works.", "talks about the question"),
    ],
)  # fmt: skip
def test_replies_that_talk_around_the_question(prompt: str, reply: str, kind: str) -> None:
    assert evasion(prompt, reply) == kind
    verdict = judged_in_a_batch(JudgeItem(prompt, reply))
    assert verdict is Status.REJECTED


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("quanto tempo cozinha ovo", "Depende: uns 6 min pra gema mole, 10 a 12 pra bem cozido."),
        ("best laptop for college", "I'd recommend a MacBook Air or a ThinkPad T14: light, "
         "long battery life."),  # two names: it answers
        ("Qual o saldo do meu FGTS?", "Recomendo consultar o app FGTS da Caixa: ele mostra o "
         "saldo de cada conta."),  # FGTS is the prompt's: one new name, "Caixa"
        ("por que o céu é azul", "Great question! Air scatters blue light about 5 times more "
         "than red."),  # a number: the praise comes with an answer
    ],
)  # fmt: skip
def test_an_answer_that_opens_with_a_courtesy_is_no_evasion(prompt: str, answer: str) -> None:
    if "FGTS" in prompt:
        assert evasion(prompt, answer) == "sends the asker elsewhere"  # one name is not enough
        return
    assert evasion(prompt, answer) is None


def test_an_evasion_is_capped_whatever_its_length() -> None:
    prompt, reply = "Qual é a capital da Austrália?", "Ótima pergunta! Vou te explicar tudo."
    verdict = Status.REJECTED
    assert judged_in_a_batch(JudgeItem(prompt, reply)) is verdict
    _, r = as_answered(JudgeItem(prompt, reply), prompt_features(prompt), response_features(reply))
    assert r.evasion in ("praises the question", "promises an answer")
    assert EVASION_CAP < 0.5  # every virtue capped under the rejection line


@given(st.lists(st.sampled_from(["a", "resposta", "the", "answer", "é", "is", "42", "Lima"]),
                max_size=60))  # fmt: skip
def test_a_long_reply_or_one_with_a_number_is_never_an_evasion(words: list[str]) -> None:
    reply = "Ótima pergunta! " + " ".join(words)
    found = evasion("Qual é a capital do Peru?", reply)
    if len(reply.split()) > 40 or "42" in words:
        assert found is None
    else:
        assert found in (None, "praises the question")


# -- choices --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "choosing"),
    [
        ("credito ou debito qual melhor", True),
        ("ipad or laptop for college", True),
        ("mal humorado ou mau humorado", True),
        ("Regex to match a hex color like #fff or #1a2b3c?", False),  # a how-to in a tool
        ("qual a diferença entre mel e melado?", False),  # a comparison: both sides
        ("Explique as vantagens do SSD ou do HDD em servidores de banco de dados hoje", False),
    ],
)
def test_choice_questions(prompt: str, choosing: bool) -> None:
    p = prompt_features(prompt)
    assert p.choosing is choosing
    if choosing:
        assert p.brief


def test_a_choice_is_answered_by_the_side_picked() -> None:
    p = prompt_features("ipad or laptop for college")
    assert picks_side(p, "Laptop")
    assert not picks_side(p, "iPad and laptop both have many relevant aspects")  # restates both
    heat = prompt_features("We're replacing our heating. Heat pump or gas furnace?")
    assert not picks_side(heat, "Replacing heating Heat has many relevant aspects")
    assert picks_side(heat, "A heat pump, if your winters are mild")
    answer = "Laptop. Better for typing, multitasking and whatever software your courses require."
    assert in_a_batch("ipad or laptop for college", answer) is not Status.REJECTED


# -- translations, lists, numbers, spelled terms, definitions ------------------------------------


def test_a_translation_asked_without_a_quoted_source() -> None:
    prompt = "como fala saudade em ingles"
    assert prompt_features(prompt).brief
    answer = "Não tem palavra exata. O mais perto é 'I miss you' ou 'longing'."
    assert in_kind("como fala saudade em ingles", "O mais perto é 'I miss you'.",
                   prompt_features("como fala saudade em ingles"))  # fmt: skip
    # with a quoted source only the strict check counts: code quotes strings too
    assert not in_kind("Traduz pro espanhol: \"Onde fica o metrô?\"",
                       'Use `"abc"[::-1]`, que retorna "cba".',
                       prompt_features("Traduz pro espanhol: \"Onde fica o metrô?\""))  # fmt: skip
    assert in_a_batch(prompt, answer) is not Status.REJECTED


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("Cite 4 alimentos ricos em ferro", "Fígado bovino, feijão, lentilha e espinafre.", True),
        ("name 3 noble gases", "Helium, neon and argon. The others are krypton and xenon.", True),
        ("name 3 noble gases", "Helium and neon.", False),  # two of three
        ("Liste os estados da região Sul do Brasil.",
         "Mantenha horários regulares, evite telas e cafeína e deixe o quarto escuro.",
         False),  # instructions, not a list
        ("quantos ossos tem o corpo humano adulto", "206. Os bebês nascem com cerca de 300.",
         True),
        ("how many players on a rugby union team", "Fifteen per side.", True),
        ("Quanto é 15% de 240?", "100 °C, or 212 °F, at standard atmospheric pressure.",
         False),  # another language: another question's answer
        ("oq é mei", "Microempreendedor Individual: CNPJ simplificado.", True),
        ("what does fomo mean", "Fear of missing out.", True),
        ("o que é cdi", "Taxa que os bancos usam pra emprestar entre si.", True),
        ("O que é entrelaçamento quântico?", "Prover que conhece x sem revelar x.",
         False),  # an infinitive opens it, no genus
    ],
)  # fmt: skip
def test_terse_answers_of_the_kind_asked_for(prompt: str, answer: str, kind: bool) -> None:
    assert in_kind(prompt, answer, prompt_features(prompt)) is kind


def test_yes_no_in_the_questions_language() -> None:
    prompt = "posso levar power bank na mala despachada"
    p = prompt_features(prompt)
    assert p.yes_no and p.brief  # no question mark, a verb that asks
    assert in_kind(prompt, "Não, só na bagagem de mão.", p)
    assert not in_kind(prompt, "Not really. Modern phones stop charging at 100%.", p)


@pytest.mark.parametrize(
    ("prompt", "brief"),
    [
        ("why is the sky blue", True),
        ("pq a cebola faz chorar", True),
        ("Por que a inflação no Brasil dos anos 80 chegou a mais de mil por cento ao ano e "
         "o que os planos econômicos fizeram?", False),  # a situation to weigh
    ],
)  # fmt: skip
def test_a_short_why_question_asks_for_one_cause(prompt: str, brief: bool) -> None:
    assert prompt_features(prompt).brief is brief


# -- loaded questions, facts in bold, code in an answer ------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "loaded"),
    [
        ("Qual é o símbolo químico do tungstênio? Nunca lembro.", False),  # the asker's habit
        ("Meu arroz sempre fica empapado. O que estou fazendo de errado?", False),
        ("How long should I boil an egg for a jammy yolk?", False),  # "should I" asks how
        ("Quanto tempo devo cozinhar um ovo para a gema ficar mole?", False),
        ("Como listo todos os arquivos .pdf de uma pasta?", False),
        ("Vacinas sempre causam reações graves, né?", True),
        ("Todo mundo sabe que a Terra é plana, não é?", True),
        ("Devo largar meu emprego para viajar?", True),
        ("Should I quit my job to travel?", True),
    ],
)
def test_sweeping_words_and_should_i(prompt: str, loaded: bool) -> None:
    assert prompt_features(prompt).seeks_validation is loaded


def test_a_term_in_bold_is_the_fact_put_forward() -> None:
    prompt = "qual o maior osso do corpo humano?"
    answer = "O **fêmur**, o osso da coxa, que liga o quadril ao joelho."
    assert states_fact(prompt, answer)
    assert new_bold_terms(prompt, answer) == 1
    assert new_bold_terms(prompt, "O **osso** maior") == 0  # the prompt's own word
    assert not states_fact(prompt, "É um osso bem grande do corpo humano.")


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("How do I remove duplicates from a JavaScript array?",
         "Use a Set:\n```js\nconst unique = [...new Set(arr)];\n```\nIt keeps the order.", True),
        ("Como contar células não vazias no Google Planilhas?",
         "Use =CONT.VALORES(A1:A100). Em inglês, COUNTA.", True),
        ("No Google Sheets, como somo a coluna B quando a coluna A diz Aluguel?",
         'Use =SOMASE(A:A; "Aluguel"; ', False),  # a formula cut short
        ("como contar linhas de um arquivo no terminal", "wc -l arquivo.txt, só isso.", True),
    ],
)  # fmt: skip
def test_code_in_a_fenced_block_a_sentence_or_a_bare_command(
    prompt: str, answer: str, kind: bool
) -> None:
    assert in_kind(prompt, answer, prompt_features(prompt)) is kind
