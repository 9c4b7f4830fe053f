"""Round 39: questions for an instance of a kind, situations before a colon, simple answers asked
for, one side picked in its own words, and long replies that only evade.

Every example here was written for these tests; the figures the rules were chosen on are in
docs/benchmarks.md ("Round 39").
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from noesis_trainer.tribunal import JudgeItem, Status, Tribunal
from noesis_trainer.tribunal.judges import lexicon
from noesis_trainer.tribunal.judges.heuristic import answered
from noesis_trainer.tribunal.judges.text import (
    BARE_TERM_WORDS,
    EVASION_MAX_WORDS,
    LONG_EVASION_MAX_WORDS,
    adds_only_filler,
    bare_term,
    evasion,
    prompt_features,
    question_in_context,
)
from noesis_trainer.tribunal.output_failures import FailureKind, cut_against_style

KIND_QUESTIONS = [
    "what gas do bakers' yeasts give off in dough",
    "which company makes the xbox console",
    "qual órgão filtra o sangue e produz a urina",
    "In which city is the Eiffel Tower?",
    "What is the national bird of New Zealand?",
    "qual a língua oficial do Irã",
    # a clause tells the instance asked for, past `CLOSED_MAX_WORDS`
    "What is the name of the chess piece that moves in an L shape?",
    # after the asker's situation
    "I'm baking bread with my kids: what gas makes the dough rise?",
]

NOT_KIND_QUESTIONS = [
    "what makes bread rise",  # a cause
    "what started the first world war",  # a verb, not a noun
    "what pet would you recommend for a small flat",  # a recommendation: weighed advice
    "qual série vc indica pra ver no fim de semana",
    "what benefits does yoga have",  # a relation an explanation answers
    "que atitudes devo tomar antes de uma entrevista",
    "what is the meaning of life",
    "what is the theory of relativity",
    "por que o céu é azul",  # "por que" is "why"
    "Qual a evolução histórica de: Como funciona a criptografia?",  # a framing
    "what numbers will win the lottery this saturday",  # cannot be known
    "What's a birdie in golf?",  # "a": a definition (English "the" only)
    "What is the nature of consciousness?",
    "Qual o sentido da vida?",
    "What drives inflation?",
    "What now?",
    "Que bom que você veio, pode me ajudar?",  # an exclamation
    "Which programming language is best for beginners?",
]


@pytest.mark.parametrize("prompt", KIND_QUESTIONS)
def test_a_question_for_a_kind_is_closed(prompt: str) -> None:
    assert prompt_features(prompt).closed


@pytest.mark.parametrize("prompt", NOT_KIND_QUESTIONS)
def test_other_questions_are_not_questions_for_a_kind(prompt: str) -> None:
    assert not prompt_features(prompt).kind_asked


_ARTICLES = {"the", "o", "a", "os", "as"}
"""...which open the other form, "what is the <noun> of...", "qual a <noun> do..."."""
_NOT_NOUNS = sorted(set(lexicon.KIND_QUESTION_NOT_NOUNS.split("|")) - _ARTICLES)


@given(
    opener=st.sampled_from(["what", "which", "qual", "que"]),
    word=st.sampled_from(_NOT_NOUNS),
    tail=st.lists(st.sampled_from(["plants", "do", "cell", "make", "x"]), max_size=5),
)
def test_no_word_of_the_list_is_read_as_the_kind_asked_for(
    opener: str, word: str, tail: list[str]
) -> None:
    """Whatever follows (but an article: "what is the <noun> of..." is the other form), "what
    is...", "which one...", "qual melhor..." never ask for a kind (a question for a kind names
    it right after its question word)."""
    prompt = " ".join([opener, word, *tail])
    assert not prompt_features(prompt).kind_asked


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("what gas do bakers' yeasts give off in dough", "Carbon dioxide (CO₂)."),
        ("which company makes the xbox console", "Microsoft."),
        ("qual órgão filtra o sangue e produz a urina", "Os rins, um de cada lado da coluna."),
        (
            "What is the name of the chess piece that moves in an L shape?",
            "The knight; it is the only piece that can jump over others.",
        ),
    ],
)
def test_a_noun_phrase_delivers_what_a_question_for_a_kind_asks(prompt: str, answer: str) -> None:
    _, r = answered(JudgeItem(prompt, answer))
    assert r.delivered


@pytest.mark.parametrize(
    "answer",
    [
        "Boa ideia!",  # a courtesy
        "Power it off.",  # a sentence: a pronoun
        "Before mixing, most bakers weigh the flour.",  # an adverbial phrase first
        "Sinto muito, mas não posso ajudar.",  # a refusal
        "It depends.",
    ],
)
def test_a_courtesy_a_sentence_or_a_refusal_is_no_noun_phrase(answer: str) -> None:
    _, r = answered(JudgeItem("what gas do bakers' yeasts give off in dough", answer))
    assert not r.delivered


@pytest.mark.parametrize(
    "answer",
    ["Sorry, no idea.", "Don't know.", "Check Wikipedia.", "Search online.", "Not applicable."],
)
def test_an_apology_or_a_deferral_is_no_answer_to_a_question_for_a_kind(answer: str) -> None:
    """Capitalized, "Sorry," and "Check Wikipedia." read as names; judged with four questions
    for a kind answered well, they are rejected all the same."""
    batch = [
        JudgeItem("which company makes the playstation", "Sony."),
        JudgeItem("What is the national animal of Scotland?", "The unicorn."),
        JudgeItem("qual órgão produz a insulina", "O pâncreas."),
        JudgeItem("Which river flows through Cairo?", "The Nile."),
        JudgeItem("what gas do plants take in", answer),
    ]
    assert Tribunal().verdicts(batch)[-1].status is Status.REJECTED


def test_a_question_for_a_kind_answered_with_what_to_do_gives_something() -> None:
    """ "Que hábitos...?" asks for a kind, and habits are told by what to do: no noun phrase first
    is no sign that the answer gives nothing."""
    item = JudgeItem(
        "Que hábitos ajudam a dormir bem durante a semana?",
        "Deitar no mesmo horário, evitar telas uma hora antes e deixar o quarto escuro e fresco.",
    )
    assert prompt_features(item.prompt).kind_asked
    _, r = answered(item)
    assert r.evasion is None


def test_a_bare_term_is_at_most_four_words() -> None:
    assert BARE_TERM_WORDS == 4
    assert bare_term("The mitochondrion.")
    assert bare_term("Gás carbônico (CO₂).")
    assert not bare_term("In Command Prompt run: netsh wlan show profile")


def test_a_situation_before_a_colon_leaves_the_question() -> None:
    prompt = "Sou padeiro e sempre fico na dúvida: a que temperatura o fermento morre?"
    assert question_in_context(prompt) == "a que temperatura o fermento morre?"
    assert prompt_features(prompt).brief
    # a short lead-in is no situation; a colon before no question word is none either
    assert question_in_context("Quick one: who wrote Dom Casmurro?") is None
    assert question_in_context("Minha dúvida é esta: o fermento morre a 60 °C?") is None


@pytest.mark.parametrize(
    "prompt",
    [
        "Me explica de um jeito simples o que é juro composto?",
        "how does a vaccine train the body, in simple terms?",
        "explain inflation like i'm 5",
    ],
)
def test_a_simple_answer_asked_for_is_a_brief_request(prompt: str) -> None:
    assert prompt_features(prompt).brief


def test_a_framed_simple_explanation_is_not_a_brief_request() -> None:
    """The original pipeline's "Explique de forma simples: <question>" frames a question whose
    topic sets the length of its answer."""
    framed = "Explique de forma simples: Como Aristóteles influenciou a lógica moderna?"
    assert not prompt_features(framed).brief


def test_a_side_picked_with_its_article_adds_no_filler() -> None:
    prompt = "Which is faster over a short sprint: a horse or a greyhound?"
    assert not adds_only_filler(prompt, "The greyhound.")
    assert adds_only_filler(prompt, "The horse has many relevant aspects to consider.")
    p, _ = answered(JudgeItem(prompt, "The greyhound."))
    assert p.brief  # the side picked earns the brief allowance


_LONG_FILLER = (
    "Ótima pergunta! Essa é uma dúvida muito comum, e é um tema muito importante para quem "
    "gosta de plantas. Existem várias formas de cuidar de cada espécie. Cada caso é um caso, "
    "e não dá para cravar uma regra única. Com paciência, você vai longe, e seu jardim vai "
    "ficar lindo. Boa sorte nessa jornada!"
)

_LONG_ANSWER = (
    "Ótima pergunta! Regue a samambaia quando o topo da terra estiver seco ao toque, em geral "
    "duas vezes por semana no verão e uma no inverno. Mantenha-a longe do sol direto, borrife "
    "as folhas em dias secos e use um vaso com furos para a água não empoçar nas raízes, que "
    "apodrecem com o excesso."
)


def test_a_long_reply_that_evades_in_two_ways_is_an_evasion() -> None:
    """Two kinds of evasion, and fewer than `LONG_EVASION_ANSWER_WORDS` words in sentences
    without one."""
    prompt = "de quanto em quanto tempo rego uma samambaia?"
    assert EVASION_MAX_WORDS < len(_LONG_FILLER.split()) <= LONG_EVASION_MAX_WORDS
    assert evasion(prompt, _LONG_FILLER) is not None
    # one courtesy opening a long answer is no evasion, nor are two around an answer
    assert len(_LONG_ANSWER.split()) > EVASION_MAX_WORDS
    assert evasion(prompt, _LONG_ANSWER) is None
    around = "Ótima pergunta! " + _LONG_ANSWER.removeprefix("Ótima pergunta! ") + " Boa sorte!"
    assert evasion(prompt, around) is None


_LONG_REFUSAL = (
    "Desculpe, mas não posso responder a perguntas sobre jardinagem. Cada planta tem suas "
    "necessidades e eu não gostaria de passar uma orientação incompleta. Para esse tipo de "
    "dúvida, o ideal é conversar com um viveiro da sua cidade ou com um agrônomo de confiança, "
    "que vão poder avaliar o seu caso. Posso ajudar com outra coisa?"
)

_ASKS_BACK_FIRST = (
    "Não posso responder isso sem te conhecer melhor. Algumas perguntas: o que você faz quando "
    "ninguém está olhando? O que te deixa irritado quando é malfeito? Em que tipo de tarefa o "
    "tempo passa sem você perceber? As respostas apontam para onde seus interesses estão, e é "
    "por aí que vale começar a procurar."
)


def test_a_long_reply_that_refuses_from_its_first_sentence_is_an_evasion() -> None:
    prompt = "de quanto em quanto tempo rego uma samambaia?"
    assert EVASION_MAX_WORDS < len(_LONG_REFUSAL.split()) <= LONG_EVASION_MAX_WORDS
    assert evasion(prompt, _LONG_REFUSAL) == "refuses a harmless question"
    # a reply that asks the asker back after saying it cannot answer yet is no refusal
    assert len(_ASKS_BACK_FIRST.split()) > EVASION_MAX_WORDS
    assert evasion("Qual carreira devo seguir?", _ASKS_BACK_FIRST) is None


_WRITTEN_TO_A_STOP = [
    ("Quanto tempo dura um ovo cozido na geladeira?", "Até uma semana, com a casca e num pote."),
    (
        "How long should I rest a steak after grilling?",
        "About five minutes, and ten for a thick one.",
    ),
    ("Posso congelar pão de forma?", "Pode sim: congele fatiado e tire só as fatias do dia."),
    ("Why does bread go stale?", "Its starch recrystallises and so the crumb slowly hardens."),
    (
        "Qual a melhor hora pra regar as plantas?",
        "De manhã cedo, antes do sol forte, direto na terra.",
    ),
    ("What is a good first houseplant?", "A pothos: it forgives missed waterings and dim light."),
    (
        "Como tirar mancha de café da camisa?",
        "Enxágue com água fria e esfregue um detergente neutro.",
    ),
    ("How do I keep herbs fresh longer?", "Trim the stems and keep them in water in the fridge."),
    (
        "Dá pra lavar tênis na máquina?",
        "Dá, dentro de uma fronha, com água fria e sem centrifugar.",
    ),
    (
        "Why do onions make you cry?",
        "Cutting them releases a gas that irritates the eyes and makes tears.",
    ),
]


def test_an_answer_cut_where_the_batch_writes_to_a_full_stop_is_truncated() -> None:
    """Ten of the eleven answers of eight words or more end with a full stop (the eleventh
    ends on its result): a line that stops on a word was cut."""
    cut = (
        "Vou abrir uma empresa de doces. Qual o limite de faturamento do MEI?",
        "O MEI fatura até R$ 81 mi",
    )
    command = ("como contar as linhas de um arquivo no linux", "wc -l arquivo.txt")
    result = ("What's 20% off $85?", "20% of $85 is $17, so the discounted price is $68")
    found = cut_against_style([*_WRITTEN_TO_A_STOP, cut, command, result])
    assert list(found) == [len(_WRITTEN_TO_A_STOP)]
    assert found[len(_WRITTEN_TO_A_STOP)].kind is FailureKind.TRUNCATED
    # the same batch through the Tribunal: the cut answer is gated, the command and the result
    # are not
    verdicts = Tribunal().verdicts(
        [JudgeItem(*pair) for pair in [*_WRITTEN_TO_A_STOP, cut, command, result]]
    )
    assert [v.gated for v in verdicts[-3:]] == [True, False, False]
    # judged alone, a terse line without a stop may be how a chat answer ends
    assert cut_against_style([cut]) == {}


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        (
            "write a haiku about monday",
            "Alarm rings again / coffee cannot wake my soul / rest is far",
        ),
        ("where are the python docs", "At https://docs.python.org/3/"),
        ("national animal of scotland", "The unicorn"),  # a bare term
        ("slogan pra uma padaria de bairro", "Pão quentinho, conversa boa e café passado"),
    ],
)
def test_verse_an_address_a_term_or_a_slogan_ends_without_a_stop(prompt: str, answer: str) -> None:
    assert cut_against_style([*_WRITTEN_TO_A_STOP, (prompt, answer)]) == {}


def test_a_batch_that_often_ends_without_a_stop_sets_no_style() -> None:
    casual = [(p, a.rstrip(".")) for p, a in _WRITTEN_TO_A_STOP[:4]] + _WRITTEN_TO_A_STOP[4:]
    cut = ("Qual o limite de faturamento do MEI?", "O MEI fatura até R$ 81 mi")
    assert cut_against_style([*casual, cut]) == {}


_CONTEXT = [
    JudgeItem(
        "how long should I boil an egg", "About 9 minutes for a firm yolk, 6 for a soft one."
    ),
    JudgeItem("qual a capital do Canadá", "Ottawa, em Ontário."),
    JudgeItem(
        "why is the sea salty",
        "Rivers carry dissolved minerals from rocks into it, and evaporation leaves the salt.",
    ),
]
"""Three unrelated questions answered well: the batch a judged item sits in."""


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("Which planet is known as the Red Planet?", "Mars is called the Red Planet."),
        ("What city is the Eiffel Tower in?", "It's in Paris."),
        (
            "Which organ pumps blood through the body?",
            "The heart pumps blood through the body, pushing it through arteries and receiving "
            "it back through veins.",
        ),
        ("which countries are the Baltic states?", "Estonia, Latvia and Lithuania."),
        (
            "How do I prepare for a job interview?",
            "I can't give advice tailored to your specific employer, but here is what works "
            "almost everywhere. Research the company and the role, prepare three short stories "
            "about problems you solved, practise answers out loud, plan your route, and bring "
            "two questions of your own to ask at the end.",
        ),
        (
            "Como faço para dormir melhor?",
            "Ótima pergunta, dormir bem é fundamental para a saúde! Mantenha horários "
            "regulares. Evite telas antes de deitar. Deixe o quarto escuro e silencioso. Corte "
            "o café à tarde. Com paciência e prática, o corpo se acostuma com a nova rotina. "
            "Boa sorte!",
        ),
    ],
)
def test_good_answers_a_round39_rule_could_have_caught_are_approved(
    prompt: str, answer: str
) -> None:
    """A name in a sentence, a sentence that names the kind asked for, a list for a plural
    kind, a refusal that goes on to answer, advice wrapped in courtesies (found by a review)."""
    verdict = Tribunal().verdicts([*_CONTEXT, JudgeItem(prompt, answer)])[-1]
    assert verdict.status is Status.APPROVED, verdict


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("What breed of dog is the largest?", "Dogs vary a lot."),
        ("What breed of dog is the largest?", "Opinions differ."),
        ("What breed of dog is the largest?", "Who knows?"),
        ("What breed of dog is the largest?", "All of them."),
        ("Qual raça de cachorro é a maior?", "Qualquer um."),
        ("What skills does a data scientist need?", "Communication."),  # several asked for
        ("What symptoms does diabetes cause?", "Thirst."),
    ],
)
def test_non_answers_and_one_of_several_are_not_approved(prompt: str, answer: str) -> None:
    verdict = Tribunal().verdicts([*_CONTEXT, JudgeItem(prompt, answer)])[-1]
    assert verdict.status is not Status.APPROVED, verdict


def test_a_run_in_list_ends_without_a_stop() -> None:
    listed = (
        "Which are the five largest countries by area?",
        "Russia, Canada, China, the United States and Brazil",
    )
    assert cut_against_style([*_WRITTEN_TO_A_STOP, listed]) == {}
