"""Terse answers that name no word of their question, told apart by their kind.

"Michelangelo, between 1508 and 1512" shares no word with "Who painted the ceiling of the
Sistine Chapel?": word overlap calls it off topic. In a batch, two things vouch for it: it is
the kind of thing asked for (`judges.text.in_kind`: a name first for "who", a year for "when",
the acronym's expansion, the counted items one per line, the translation in the language asked
for), and no other prompt of the batch claims it (`Relevance.unclaimed`). Judged alone, only the
kinds that answers to other questions hardly ever are (`STRONG_KINDS`: an acronym expanded, a
translation, the counted items, code of the tool named, verse) vouch for it; a name or a year
does not.
docs/benchmarks.md ("Short answers") has the figures."""

from __future__ import annotations

import pytest

from noesis_trainer.tribunal import Status, Tribunal
from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.heuristic import builtin_heuristic_judges
from noesis_trainer.tribunal.judges.relevance import batch_relevance
from noesis_trainer.tribunal.judges.text import (
    STRONG_KINDS,
    code_family,
    in_kind,
    prompt_features,
)

TRIBUNAL = Tribunal()

OTHERS = [
    JudgeItem(
        "Explique a diferença entre juros simples e compostos.",
        "Nos juros simples, a taxa incide só sobre o capital inicial; nos compostos, incide "
        "sobre o capital mais os juros já acumulados, por isso o montante cresce mais rápido.",
    ),
    JudgeItem(
        "Como funciona a fotossíntese nas plantas?",
        "As plantas captam luz com a clorofila e usam essa energia para transformar gás "
        "carbônico e água em glicose, liberando oxigênio no processo.",
    ),
    JudgeItem(
        "What is the difference between weather and climate?",
        "Weather is the state of the atmosphere over hours or days; climate is the average "
        "pattern of weather in a region over decades.",
    ),
]


def judged_in_a_batch(item: JudgeItem) -> Status:
    return TRIBUNAL.verdicts([item, *OTHERS])[0].status


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("Who painted the ceiling of the Sistine Chapel?",
         "Michelangelo, between 1508 and 1512, on a commission from Pope Julius II."),
        ("When did the Titanic sink?",
         "In the early hours of April 15, 1912, after it struck an iceberg on its maiden voyage."),
        ("What does CAPTCHA stand for?",
         "Completely Automated Public Turing test to tell Computers and Humans Apart."),
        ("Cite 4 instrumentos de corda.", "- Violão\n- Violino\n- Cavaquinho\n- Harpa"),
        ("Traduza para o inglês: 'Estou com muita fome, vamos almoçar?'",
         '"I\'m really hungry, shall we go have lunch?" More casually: "I\'m starving, wanna '
         'grab lunch?"'),
    ],
)  # fmt: skip
def test_an_answer_of_the_kind_asked_for_is_approved_in_a_batch(prompt: str, answer: str) -> None:
    item = JudgeItem(prompt, answer)
    features = prompt_features(prompt)
    assert in_kind(prompt, answer, features)
    assert judged_in_a_batch(item) is Status.APPROVED
    # alone, only a kind that another question's answer hardly ever is vouches for it
    alone = TRIBUNAL.verdicts([item])[0].status
    if in_kind(prompt, answer, features, strong=True):
        assert alone is Status.APPROVED
    else:  # a name, a year: nothing tells it from another "who" or "when" question's answer
        assert alone is Status.REJECTED


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        # a "when" question asks for a date: a name is another question's answer
        ("When did the Titanic sink?", "Michelangelo, on a commission from Pope Julius II."),
        # three items for four
        ("Cite 4 instrumentos de corda.", "- Violão\n- Violino\n- Cavaquinho"),
        # the translation is in the wrong language
        ("Traduza para o inglês: 'Estou com muita fome, vamos almoçar?'",
         '"Tengo mucha hambre, ¿vamos a almorzar?"'),
        # talk about the acronym does not expand it
        ("What does CAPTCHA stand for?",
         "CAPTCHA is an acronym you see all over the internet when logging in."),
    ],
)  # fmt: skip
def test_an_answer_of_another_kind_stays_off_topic(prompt: str, answer: str) -> None:
    assert not in_kind(prompt, answer, prompt_features(prompt))
    assert judged_in_a_batch(JudgeItem(prompt, answer)) is Status.REJECTED


def test_an_answer_its_own_prompt_claims_stays_off_topic() -> None:
    """The misplaced answer names its own question's words: that prompt, in the batch, claims
    it, although it is a name, as "who" asks."""
    answer = "Machado de Assis wrote Dom Casmurro, published in 1899."
    items = [
        JudgeItem("Who painted the ceiling of the Sistine Chapel?", answer),
        JudgeItem("Who wrote Dom Casmurro?", "Machado de Assis, in 1899."),
        *OTHERS,
    ]
    misplaced = batch_relevance(items)[0]
    assert misplaced.off_topic and not misplaced.unclaimed
    assert TRIBUNAL.verdicts(items)[0].status is Status.REJECTED


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("Michelangelo, between 1508 and 1512.", True),
        ("Foi Tarsila do Amaral, em 1928.", True),
        ("French chemist Henri Moissan, in 1886.", True),
        ("It was co-hosted by New Zealand and Australia in 1987.", True),
        ("No, I don't have memory of past conversations.", False),
        ("APROVADO (Score: 0.95). Exemplifica busca filosófica.", False),  # a shout, no name
        ("É o **Amazonas**, com cerca de 1,56 milhão de km².", True),
        ("Aqui vão três ideias:\n1. Focinho Feliz\n2. Patas & Cia", False),
        ("Use a função MAIÚSCULA na coluna B.", False),
    ],
)
def test_a_who_question_wants_a_name_first(answer: str, kind: bool) -> None:
    # asked in the answer's language: an answer in the other one answers another question
    # (round 21, `text._same_language`)
    english = answer.startswith(("Michelangelo", "French", "It ", "No,", "APROVADO", "Use"))
    prompt = (
        "Who designed the Sydney Opera House?" if english else "Quem projetou a Ópera de Sydney?"
    )
    assert in_kind(prompt, answer, prompt_features(prompt)) is kind


@pytest.mark.parametrize(
    "prompt",
    [
        "Um produto custava R$ 80 e agora custa R$ 92. Qual foi o aumento em porcentagem?",
        "What's an 18% tip on a $64 bill?",
        "I drove 420 km and used 35 liters of fuel. What's my fuel consumption?",
        "Converte 72 km/h para m/s",
    ],
)
def test_word_problems_are_closed_questions(prompt: str) -> None:
    """A number answers them: the brief allowance, and a fact required for it."""
    assert prompt_features(prompt).closed


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("Como faço pra inverter uma string em Python?", "Use fatiamento: `texto[::-1]`.", True),
        ("Em SQL, como pego os valores de uma coluna sem repetição?",
         "Use `SELECT DISTINCT cidade FROM clientes;`.", True),
        ("How do I remove duplicates from an array in JavaScript?",
         "Use a `Set`: `const unique = [...new Set(arr)];`", True),
        # another tool's code answers another question
        ("Em SQL, como pego os valores de uma coluna sem repetição?",
         "Use `wc -l arquivo.txt` no terminal.", False),
        ("How do I remove duplicates from an array in JavaScript?",
         "Run `git branch -m new-name`.", False),
        # verse for a poem; a quoted line proves nothing (answers to other questions quote)
        ("Escreve um poeminha de 4 versos sobre café.",
         "Na xícara, um sol escuro\naquece a manhã cansada;\ncada gole, um chão seguro\npra "
         "começar a jornada.", True),
        ("Cria um slogan curto pra uma padaria de bairro.",
         '"Pão quentinho, gente conhecida: a padaria da sua rua."', False),
        ("Escreve um poeminha de 4 versos sobre café.",
         "Café é uma bebida muito apreciada no Brasil.", False),
    ],
)  # fmt: skip
def test_code_of_the_tool_named_and_the_piece_asked_for(
    prompt: str, answer: str, kind: bool
) -> None:
    assert in_kind(prompt, answer, prompt_features(prompt)) is kind


@pytest.mark.parametrize(
    ("code", "family"),
    [
        ("wc -l arquivo.txt", "shell"),
        ("git branch -m novo", "git"),
        ("texto[::-1]", "python"),
        ("const unique = [...new Set(arr)];", "javascript"),
        ("SELECT DISTINCT cidade FROM clientes;", "sql"),
        ('=SOMASE(A:A;"Pago";B:B)', "spreadsheet"),
        (r"^\d{5}-\d{3}$", "regex"),
        ("display: flex;", "css"),
    ],
)
def test_code_family(code: str, family: str) -> None:
    assert family in code_family(code)


@pytest.mark.parametrize(
    "prompt",
    [
        "qual é mesmo o ano em que Brasília foi inaugurada?",  # a filler word inside
        "Contra quem o Brasil jogou a final da Copa de 2002?",
        "100 km/h dá quantos metros por segundo?",  # "quantos" not first
        "What's the most abundant gas in Earth's atmosphere?",
        "Quick one: who wrote The Remains of the Day?",  # a lead-in before the question
        "Qual país sediou a Copa do Mundo de 1970?",
    ],
)
def test_casual_closed_questions(prompt: str) -> None:
    assert prompt_features(prompt).closed


@pytest.mark.parametrize(
    "answer",
    [
        "`" + "a" * 200_000 + "`.",
        "`" + "a-" * 100_000 + "`.",
        "=SUM(" + "A1 " * 60_000 + ").",
        "- x\n" * 40_000,
        ", e " * 60_000 + ".",
        "“" + "a b " * 60_000 + "”",
        "Aa " * 60_000 + ".",
    ],
    ids=["code", "dashes", "formula", "items", "commas", "quote", "capitals"],
)
def test_hostile_answers_are_judged_in_linear_time(answer: str) -> None:
    """Every kind check and the brief rules on a few hundred thousand characters of one
    pattern: a regex that backtracks would take minutes here (the CSS pattern once did, on a
    code span of letters), a linear one a fraction of a second. No timing assertion: a
    quadratic check shows as a suite that does not finish."""
    prompts = [
        "Cite 4 instrumentos de corda.",
        "Como faço pra inverter uma string em Python?",
        "Who painted the Sistine Chapel?",
        "Escreve um poeminha de 4 versos sobre café.",
        'Traduza para o inglês: "Estou com fome agora mesmo."',
        "What does CAPTCHA stand for?",
        'É "a nível de" ou "em nível de"?',
    ]
    items = [JudgeItem(p, answer) for p in prompts]
    for prompt in prompts:
        in_kind(prompt, answer, prompt_features(prompt))
    for judge in builtin_heuristic_judges():  # the judges score what the gate rejects, too
        assert len(judge.score_batch(items)) == len(items)
    assert all(v.status is not Status.APPROVED for v in TRIBUNAL.verdicts(items))


def test_strong_kinds_alone() -> None:
    """The kinds that vouch for an answer judged alone, and two that do not."""
    cases = [
        (
            "What does CAPTCHA stand for?",
            "Completely Automated Public Turing test to tell Computers and Humans Apart.",
            True,
        ),
        ("Cite 4 instrumentos de corda.", "- Violão\n- Violino\n- Cavaquinho\n- Harpa", True),
        ("Who painted the Sistine Chapel?", "Michelangelo, in 1512.", False),
        ("When did the Titanic sink?", "In April 1912.", False),
    ]
    for prompt, answer, strong in cases:
        assert in_kind(prompt, answer, prompt_features(prompt), strong=True) is strong, prompt
    assert "translation" in STRONG_KINDS


@pytest.mark.parametrize(
    ("answer", "translates"),
    [
        ('"I\'m really hungry, shall we go have lunch?"', True),
        ('"Tengo mucha hambre, ¿vamos a almorzar?"', False),  # Spanish, not English
        ('"Smartphones have become ubiquitous."', False),  # no question, and twice as long
        ('"Hungry."', False),  # far shorter than its source
    ],
)
def test_a_translation_is_in_the_language_and_about_the_length_asked(
    answer: str, translates: bool
) -> None:
    prompt = "Traduza para o inglês: 'Estou com muita fome, vamos almoçar?'"
    assert in_kind(prompt, answer, prompt_features(prompt), strong=True) is translates


def test_one_shared_word_of_a_short_prompt_is_no_claim() -> None:
    """ "Cite três biomas brasileiros" shares "brasileiro" with the answer to "Quem escreveu Dom
    Casmurro?": one word of a short prompt is chance, two are a claim (`CLAIM_HITS`)."""
    answer = "Machado de Assis, em 1899. É um grande romance do realismo brasileiro."
    items = [
        JudgeItem("Quem escreveu Dom Casmurro?", answer),
        JudgeItem("Cite três biomas brasileiros.", "- Amazônia\n- Cerrado\n- Caatinga"),
        *OTHERS,
    ]
    assert batch_relevance(items)[0].unclaimed
    assert TRIBUNAL.verdicts(items)[0].status is Status.APPROVED


@pytest.mark.parametrize(
    ("prompt", "defining"),
    [
        ("O que é usucapião?", True),
        ("oq é sommelier?", True),
        ("what's a roth ira", True),
        ("Rapidinho: o que é spread bancário?", True),
        ("What is the capital of France?", False),  # a closed question: a name answers it
        ("O que é melhor, café ou chá?", False),  # a choice, not a term
        ("What are the side effects of ibuprofen for kids under five years old?", False),
    ],
)
def test_a_request_for_a_definition(prompt: str, defining: bool) -> None:
    p = prompt_features(prompt)
    assert p.defining is defining
    assert p.brief or not defining


@pytest.mark.parametrize(
    ("prompt", "answer", "kind"),
    [
        ("oq é sommelier?", "É o profissional especializado em vinhos: monta a carta.", True),
        ("what is a race condition", "A bug where the result depends on thread timing.", True),
        # round 25: any "The X of" opens a genus ("The value of the best alternative...")
        ("what's petrichor", "The smell of rain on dry earth.", True),
        ("what's petrichor", "The answer of this question is complex.", False),
        ("what's defenestration", "The act of throwing someone out of a window.", True),
        ("O que é CNPJ?", "Cadastro Nacional da Pessoa Jurídica, o registro de empresas.", True),
        # "what is" an acronym: its genus answers it too; what it stands for, only the expansion
        ("O que é CNPJ?", "É um número de 14 dígitos que identifica empresas.", True),
        (
            "O que significa a sigla CNPJ?",
            "É um número de 14 dígitos que identifica empresas.",
            False,
        ),
        ("o que é uma API REST", "Uma interface que expõe recursos por URLs via HTTP.", True),
        ("o que significa PA 12 por 8", "Pressão arterial de 120 por 80 mmHg, a normal.", True),
        ("o que significa outrossim", "“Além disso”, “do mesmo modo”. É formal.", True),
        ("what does saudade mean", '"I\'ve noticed a few of my emails went unanswered."', False),
        (
            "no futebol o que é impedimento? explica simples",
            "É quando o atacante está à frente.",
            True,
        ),
        ("oq é sommelier?", "Michelangelo, between 1508 and 1512.", False),
        ("what is a race condition", "Yes, but only on weekends.", False),
    ],
)
def test_a_definition_opens_with_its_genus(prompt: str, answer: str, kind: bool) -> None:
    """The genus first, the term itself left out ("É o profissional...", "A bug where..."), or
    an acronym's expansion; never a strong kind (answers to other questions open so too)."""
    p = prompt_features(prompt)
    assert in_kind(prompt, answer, p) is kind
    # an acronym's expansion is the one strong kind here
    acronym = any(w.isupper() and len(w) > 1 for w in prompt.replace("?", "").split())
    assert not in_kind(prompt, answer, p, strong=True) or acronym


def test_a_terse_definition_is_approved_in_a_batch() -> None:
    item = JudgeItem(
        "oq é sommelier?",
        "É o profissional especializado em vinhos: monta a carta, cuida do armazenamento, "
        "sugere harmonizações com os pratos e serve a bebida em restaurantes.",
    )
    assert batch_relevance([item, *OTHERS])[0].off_topic  # no word of the prompt in it
    assert judged_in_a_batch(item) is Status.APPROVED


@pytest.mark.parametrize(
    ("prompt", "advice"),
    [
        ("como faço pra tirar mancha de caneta de camisa?", True),
        ("vc tem alguma dica pra eu dormir mais rapido?", True),
        ("My cat keeps shredding the couch. How do I get her to stop?", True),
        ("Dê 3 dicas para economizar na conta de luz.", False),  # a counted list: its items
        ("Como faço para contar as linhas de um arquivo no terminal?", False),  # a named tool
        ("Quem escreveu Dom Casmurro?", False),
    ],
)
def test_a_request_for_practical_advice(prompt: str, advice: bool) -> None:
    p = prompt_features(prompt)
    assert p.advice is advice
    assert p.brief or not advice


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("Coloque um pano por baixo e aplique álcool, sem esfregar.", True),
        ("- Coloque a roupa de molho\n- Passe álcool por cima da mancha", True),
        # round 25: an English answer to a question that opens in Portuguese is not its kind
        ("- Move the router to a central, elevated spot\n- Keep it away from walls", False),
        ("**Aja rápido:** absorva com papel e use água fria.", False),  # "aja" is not listed
        ("Para isso:\nDeixe de molho em água fria.", True),
        ("Manchas de caneta são difíceis, mas há várias formas de resolver.", False),
        ("Michelangelo, between 1508 and 1512.", False),
    ],
)
def test_advice_opens_with_an_instruction(answer: str, kind: bool) -> None:
    """A command first (`lexicon.IMPERATIVES`), on the first line, the first item, or the line
    after a lead-in that ends on a colon; never a strong kind (advice fits other advice)."""
    prompt = "como faço pra tirar mancha de caneta de camisa?"
    p = prompt_features(prompt)
    assert in_kind(prompt, answer, p) is kind
    assert not in_kind(prompt, answer, p, strong=True)
