"""Requests that a sentence or two answer in full, and questions no model can answer.

The heuristic judges expect an answer of some twenty distinct content words: right for "Explique
o teorema de Gödel", wrong for "Quantos segundos tem um dia?" or "Resuma em uma frase: ...".
A brief request (`PromptFeatures.brief`) lowers that expectation; an answer saying that what was
asked cannot be known (tomorrow's weather, an earlier conversation) takes up a prompt about it
without naming its words. docs/benchmarks.md ("Short answers") has the figures on four written
families of short answers, held out and in sample."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from noesis_trainer.tribunal import Status, Tribunal
from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.heuristic import (
    BRIEF_MIN_WORDS,
    MIN_WORDS,
    VeritasJudge,
    content,
    length_factor,
)
from noesis_trainer.tribunal.judges.text import (
    added_content,
    carries_passage,
    ends_finished,
    list_items,
    prompt_features,
    response_features,
    sets_apart,
    states_fact,
)

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
        ("O que é fotossíntese? Explique brevemente.", True),  # brevity asked for
        ("Give me a one-line pun about coffee.", True),
        ("Escreva um slogan para uma padaria de bairro", True),  # a short creative piece
        ("Write a two-line poem about autumn.", True),
        ("Cite três biomas brasileiros.", True),  # a counted list
        ("List the first five prime numbers.", True),
        ("Me dá 5 nomes para um gato preto", True),
        ("Qual o plural de 'cidadão'?", True),  # a question about a word
        ("What does ubiquitous mean?", True),
        ("What's the difference between 'affect' and 'effect'?", True),
        ("Como listar arquivos ocultos no terminal do Linux?", True),
        ("What's a regex to match a 5-digit US ZIP code?", True),
        ("Qual é a montanha mais alta do Brasil?", True),  # a measured superlative
        ("What is the chemical symbol for gold?", True),
        # a passage's sweeping "todos" is not the asker's loaded claim
        (
            "Reescreva de forma mais curta: 'Gostaríamos de informar a todos que a reunião foi "
            "cancelada.'",
            True,
        ),
        # how two things differ, in a few words (round 20, `PromptFeatures.comparing`)
        ("Qual a diferença entre vírus e bactéria?", True),
        ("Explique Von Neumann vs Harvard em nível de hardware.", False),  # asks to elaborate
        ("Qual é o mais importante na vida?", False),  # "mais" with no measure: open
        ("Escreva um ensaio sobre a liberdade.", False),  # no short form
        # practical advice (round 19, `PromptFeatures.advice`): a few instructions answer it
        ("What's the best way to learn a language?", True),
        ("Como faço para ser mais feliz?", True),
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
            # a number of its own: not a line that only talks about the topic
            JudgeItem(prompt, "Gold is a soft yellow metal, 19 times as dense as water."),
            JudgeItem(prompt, "Platão via o mundo físico como sombra das Formas perfeitas."),
        ]
    )
    assert shares_one.reason == "off topic: takes up too little of the prompt's topic"
    assert shares_none.reason == "off topic: shares nothing with the prompt"


def test_short_creative_pieces_and_reworked_passages_are_not_vague() -> None:
    """A slogan, a pun or a rewrite asserts no fact of its own: Veritas does not ask for
    numbers or names in it."""
    slogan, rewrite = TRIBUNAL.verdicts(
        [
            JudgeItem(
                "Escreva um slogan para uma padaria de bairro",
                '"Pão quentinho e conversa boa: a padaria que já é da família."',
            ),
            JudgeItem(
                'Shorten this: "Due to the fact that the weather was bad, the event was '
                'postponed until further notice."',
                '"The event was postponed because of bad weather."',
            ),
        ]
    )
    for verdict in (slogan, rewrite):
        assert verdict.status is Status.APPROVED, verdict
        assert "vague" not in verdict.judges["veritas"].reason
    assert prompt_features("Escreva um slogan para uma padaria de bairro").wording
    assert not prompt_features("Quantos segundos tem um dia?").wording
    assert prompt_features("Cite três biomas brasileiros.").listing == 3


@pytest.mark.parametrize(
    ("answer", "items"),
    [
        ("- Amazônia\n- Cerrado\n- Caatinga\n\nOs outros são o Pampa e o Pantanal.", 3),
        ("Aqui vão três ideias:\n1. Nanquim\n2. Breu\n3. Pantera", 3),
        ("Executivo, Legislativo e Judiciário.", 3),
        ("Helium.", 1),
    ],
)
def test_list_items_are_counted(answer: str, items: int) -> None:
    assert list_items(answer) == items


def test_the_items_of_a_counted_list_are_its_specifics() -> None:
    prompt = "Cite três biomas brasileiros."
    listed, vague = TRIBUNAL.verdicts(
        [
            JudgeItem(
                prompt, "- Amazônia\n- Cerrado\n- Caatinga\n\nOutros biomas: o Pampa e o Pantanal."
            ),
            JudgeItem(prompt, "O Brasil tem biomas muito diversos e importantes."),
        ]
    )
    assert listed.status is Status.APPROVED, listed
    assert vague.status is Status.REJECTED, vague


def test_a_cut_answer_gets_no_brief_allowance() -> None:
    """The first words of a terse answer are short too: a brief request's allowance needs an
    answer that ends as written answers end."""
    prompt = "Vai chover amanhã em Curitiba?"
    whole, cut = TRIBUNAL.verdicts(
        [JudgeItem(prompt, CANNOT_KNOW), JudgeItem(prompt, "Não tenho acesso a previsões do")]
    )
    assert whole.status is not Status.REJECTED
    assert cut.status is Status.REJECTED, cut


@pytest.mark.parametrize(
    ("answer", "finished"),
    [
        ("São 86.400 segundos.", True),
        ("Segundo o IBGE, ele tem cerca de 2.995 m", True),
        ("A fórmula é A = π·r²", True),
        ("Use `ls -a`", True),
        ("- Violão\n- Violino\n- Harpa", True),
        ("Não tenho acesso a dados meteor", False),
        ("Inflation is the general rise in pri", False),
        ("", False),
    ],
)
def test_ends_finished(answer: str, finished: bool) -> None:
    assert ends_finished(answer) is finished


@given(
    st.lists(
        st.sampled_from(
            ["São", "cerca", "de", "trezentos", "metros", "por", "segundo", "no", "ar", "seco"]
        ),
        min_size=1,
    ),
    st.text(alphabet="abcdefghij", min_size=1, max_size=6),
)
def test_a_line_cut_after_letters_is_never_finished(words: list[str], tail: str) -> None:
    """Whatever the words before it, one line that stops on letters (a word or part of one) is
    not finished (a unit right after a number, "343 m", is: see test_ends_finished)."""
    text = " ".join(words) + " " + tail
    assert ends_finished(text) is False


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        # a how-to asks for a command or code: the tool's name alone states nothing
        ("How do I rename a local git branch?", "Renaming branches is a common git task; I'll "
         "walk you through it shortly."),
        # a translation or rewrite gives the new wording, or keeps what the passage says
        ('Traduza para o espanhol: "A reunião foi adiada para quinta-feira."',
         "Traduzir para o espanhol é fácil, já que as duas línguas são bem parecidas."),
        # a creative piece is given, not talked about
        ("Cria um slogan pra uma padaria de bairro",
         "Um bom slogan precisa ser criativo, marcante e refletir a identidade da padaria."),
        # restating the prompt with words that say nothing adds nothing
        ("O que significa a palavra 'efêmero'?",
         "Efêmero é uma palavra interessante, com vários aspectos importantes a considerar."),
    ],
)  # fmt: skip
def test_talk_about_the_request_earns_no_brief_allowance(prompt: str, answer: str) -> None:
    assert prompt_features(prompt).brief
    verdict = TRIBUNAL.verdicts([JudgeItem(prompt, answer)])[0]
    assert verdict.status is Status.REJECTED, verdict


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("How do I rename a local git branch?", "Check it out and run `git branch -m "
         "new-name`; from any other branch, `git branch -m old-name new-name` does it."),
        ('Resuma em uma frase: "A reunião de hoje foi adiada porque o diretor está viajando '
         'e só volta na segunda-feira."',
         "A reunião foi remarcada para segunda-feira porque o diretor está viajando."),
        ("Cria um slogan pra uma padaria de bairro",
         "“Pão quentinho, vizinho feliz: sua padaria de sempre.”"),
    ],
)  # fmt: skip
def test_the_thing_asked_for_earns_it(prompt: str, answer: str) -> None:
    verdict = TRIBUNAL.verdicts([JudgeItem(prompt, answer)])[0]
    assert verdict.status is Status.APPROVED, verdict


def test_sets_apart_and_carries_passage() -> None:
    assert sets_apart("Here's one: coffee gets mugged every morning.")
    assert sets_apart("Manhã ainda fria —\no vapor sobe da xícara")
    assert not sets_apart("Um bom slogan precisa ser criativo e marcante.")
    prompt = 'Encurte esta frase: "A reunião de amanhã foi cancelada por causa da chuva forte."'
    assert carries_passage(prompt, "Reunião de amanhã cancelada pela chuva.")
    assert not carries_passage(prompt, "Encurtar textos é uma habilidade útil.")
    assert not carries_passage("Explique a chuva.", "A chuva cai.")  # no passage


def test_added_content_counts_what_the_prompt_lacks() -> None:
    prompt = "O que significa a palavra 'efêmero'?"
    assert added_content(prompt, "Efêmero é um tema importante e interessante.") == 0
    assert added_content(prompt, "Efêmero é o que dura pouco tempo, passageiro.") == 3
    # words of a passage quoted to be reworked are the answer's material, not the request's
    rework = 'Encurte esta frase: "A reunião de amanhã foi cancelada por causa da chuva forte."'
    assert added_content(rework, "Reunião de amanhã cancelada pela chuva.") == 4
