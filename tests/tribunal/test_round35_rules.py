"""Round 35's rules: a question told after its situation, and long replies that commit to nothing.

A prompt that tells the asker's situation in sentences of its own and then asks one question asks
for as much answer as that question alone (`text.question_in_context`): a sentence or two
answer "Meu filho viu um documentário sobre o oceano ontem à noite e ficou muito curioso. Por que
o mar é salgado?" as they answer "Por que o mar é salgado?". A question that draws on a premise
("Então...", "já que...") or judges the situation itself ("Is that a good idea?") keeps the weight
of the whole.

A reply of more than `EVASION_MAX_WORDS` words most of whose sentences only say that the answer
varies, that it cannot be said, or wish the asker well, and that states nothing, gives no answer
(`text.noncommittal`), a padded refusal of a harmless question too; advice ("Rest is
essential", "Listen to your body") and a refusal that goes on to answer commit. A list item
holding only "*" is a cut; a lone letter at the end is none. Also: the relevance settings' one
home, and an encoder that returns NaN. Figures in docs/benchmarks.md ("Round 35").
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer.tribunal import Tribunal
from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.text import (
    CONTEXT_MAX_WORDS,
    EVASION_MAX_WORDS,
    NONCOMMITTAL,
    _prompt_features,
    noncommittal,
    prompt_features,
    question_in_context,
)
from noesis_trainer.tribunal.verdict import Status

# --- a question after its situation --------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "question"),
    [
        (
            "Meu sobrinho vai fazer prova amanhã e me perguntou isso. Em que ano o homem "
            "pisou na Lua?",
            "Em que ano o homem pisou na Lua?",
        ),
        (
            "I'm repainting my kitchen this weekend. How long should latex paint dry "
            "between coats?",
            "How long should latex paint dry between coats?",
        ),
        (
            "Estou montando meu primeiro aquário. Meu peixe é um betta! Quantas vezes por dia "
            "devo alimentar?",
            "Quantas vezes por dia devo alimentar?",
        ),
        (
            "Dr. House é meu seriado favorito. Quem interpreta o Dr. House?",
            "Quem interpreta o Dr. House?",
        ),
        (  # a verb the situation tells is no request
            "Meu filho perguntou sobre o feriado e eu não soube explicar direito. O que aconteceu "
            "em 7 de setembro de 1822?",
            "O que aconteceu em 7 de setembro de 1822?",
        ),
    ],
)
def test_the_question_after_its_situation_is_read_alone(prompt: str, question: str) -> None:
    assert question_in_context(prompt) == question


@pytest.mark.parametrize(
    "prompt",
    [
        "Em que ano o homem pisou na Lua?",  # one sentence: nothing told before
        "Tenho prova amanhã. Quando caiu o muro? E por que caiu?",  # two questions
        "Tenho prova amanhã. Quando caiu o muro?E por quê?",  # two, run together
        "Tenho prova amanhã de manhã cedo",  # no question
        "Li um artigo ontem. Explique por que o céu é azul?",  # asks for an elaboration
        # its conclusion drawn from what came before: a premise to examine
        "Li que quem dorme pouco vive mais. Então dormir pouco faz bem?",
        "The cashier gave me too much change. Can I keep it, since it was her mistake?",
        # a framing or an imperative asks for the development, whatever the question
        "Compare e contraste diferentes abordagens para: o ciclo da água. Por que chove?",
        "Explique com calma. Por que o céu é azul?",
        # detail asked for anywhere, or by an imperative sentence
        "Tenho prova amanhã. Responda com detalhes. Por que o céu é azul?",
        "I need a thorough answer for my thesis. What caused the fall of Rome?",
        "My teacher wants a full report. Describe e.g. why the sky is blue?",
        "Give me a long answer with examples. What is a monad?",
        # an abbreviation ends no sentence
        "O Sr. Silva tem direito a férias em dobro?",
        # a long situation is one to weigh
        "Trabalho " + "muito " * CONTEXT_MAX_WORDS + "todo dia. Quantas horas devo dormir?",
    ],
)
def test_no_question_after_a_situation(prompt: str) -> None:
    assert question_in_context(prompt) is None


def test_a_question_after_its_situation_is_as_brief_as_the_question_alone() -> None:
    for prompt, question in (
        (
            "Meu filho viu um documentário sobre o oceano ontem à noite e ficou muito curioso. "
            "Por que o mar é salgado?",
            "Por que o mar é salgado?",
        ),
        (
            "My doctor used a word I did not know during my checkup this morning. What does "
            "anemia mean?",
            "What does anemia mean?",
        ),
    ):
        assert prompt_features(question).brief
        assert prompt_features(prompt).brief
        # the whole, read as one question, is not (round 34 read it so)
        assert not _prompt_features(prompt).brief
    # its premise keeps the weight of the whole ("Então...")
    loaded = "Li que chá verde emagrece muito. Então posso trocar as refeições por chá?"
    assert not prompt_features(loaded).brief
    # a yes or a no to the situation itself weighs nothing
    weighed = "I'm thinking about quitting my job to travel for a year. Is that a good idea?"
    assert prompt_features("Is quitting a job to travel a good idea?").brief
    assert not prompt_features(weighed).brief


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_the_question_read_is_a_sentence_of_the_prompt(prompt: str) -> None:
    """Round 35 read a question after its situation only; since round 36 it may come first
    (`test_round36`): the question read is one of the prompt's sentences."""
    asked = question_in_context(prompt)
    if asked is not None:
        assert " ".join(asked.split()) in " ".join(prompt.split())
        assert "?" in asked
        assert len(prompt.split()) <= CONTEXT_MAX_WORDS


CONCISE = [
    (
        "Meu avô está montando a árvore genealógica da família e ficou curioso. Quem foi o "
        "primeiro imperador do Brasil?",
        "Dom Pedro I, que proclamou a independência em 1822 e governou até abdicar em 1831, "
        "em favor do filho.",
    ),
    (
        "I'm baking bread for the first time and the recipe says to proof the dough. What "
        "does proofing mean?",
        "Proofing is the last rise before baking: the shaped dough rests while the yeast "
        "makes gas, so the loaf turns out light instead of dense.",
    ),
    (
        "Comprei um termômetro de cozinha para fazer caramelo. A que temperatura o açúcar "
        "começa a caramelizar?",
        "Por volta de 160 °C o açúcar começa a caramelizar; passando de uns 180 °C ele "
        "escurece rápido e amarga.",
    ),
    (
        "My son is doing a school project on the ocean and asked me this. Why is the sea salty?",
        "Rain slowly dissolves minerals from rocks, and rivers carry them to the sea; when "
        "seawater evaporates the salt stays behind, so it builds up over millions of years.",
    ),
]
"""Concise good answers (our own) to questions told after a situation."""

OTHER_ANSWERS = [
    ("Quantos ossos tem o corpo humano adulto?", "São 206 ossos no esqueleto de um adulto."),
    ("Qual a capital da Austrália?", "Canberra, planejada entre Sydney e Melbourne."),
    ("What is the boiling point of water at sea level?", "100 °C, or 212 °F, at sea level."),
    ("Who painted the Mona Lisa?", "Leonardo da Vinci, in the early sixteenth century."),
    ("Quanto é 15% de 80?", "Dá 12."),
    ("What gas do plants release in photosynthesis?", "Oxygen, from splitting water."),
    ("Qual o maior planeta do Sistema Solar?", "Júpiter, com mais de 300 vezes a massa da Terra."),
    ("How many players does a soccer team field?", "Eleven, including the goalkeeper."),
]


def test_concise_answers_to_a_question_after_its_situation_are_approved() -> None:
    items = [JudgeItem(p, r) for p, r in CONCISE + OTHER_ANSWERS]
    verdicts = Tribunal().verdicts(items)
    for item, verdict in zip(items[: len(CONCISE)], verdicts, strict=False):
        assert verdict.status is Status.APPROVED, (item.prompt, verdict.total)


# --- long replies that commit to nothing ------------------------------------------------------

HEDGE_PT = (
    "Isso varia muito de caso para caso. Cada panela é diferente, e o resultado pode variar "
    "conforme o fogão, a altitude e até o humor do dia. Há quem diga uma coisa e há quem diga "
    "outra, então é difícil cravar qualquer recomendação. O melhor é avaliar na prática o que "
    "funciona melhor para você. Não existe uma resposta única que sirva para todo mundo."
)
HEDGE_EN = (
    "It's hard to say for sure. Every situation is different, and what works for one person "
    "may not work for another. It can vary depending on lots of factors. There's no single "
    "answer that fits everyone, so it really comes down to what works best for you in the end."
)
GENERIC_EN = (
    "What a great question! Learning a new skill is an exciting journey, and there are lots "
    "of decisions to make along the way. Every learner is unique, and the best path is the one "
    "that works for you. Take your time and enjoy the process. Good luck, and have fun with it!"
)
REFUSAL_EN = (
    "I'm sorry, but I can't help with questions about gardening or plant care. That is outside "
    "the scope of what I can discuss here, since every garden has its own soil and climate. "
    "Please consult a professional gardener or the staff of a local nursery for advice on "
    "your roses. I hope you understand, and good luck with your garden."
)
NUANCED = [
    (
        "Is it better to rent or buy a house?",
        "It depends mostly on how long you will stay. Buying tends to pay off only if you stay "
        "long enough for the equity to outweigh the purchase costs and the interest. Renting "
        "keeps you flexible and leaves your savings free to invest. Some people value the "
        "stability of owning above the money, and that is a fair reason too. Sometimes the local "
        "market decides it: where rents are high compared with prices, buying wins sooner.",
    ),
    (
        "How do I deal with a coworker who takes credit for my work?",
        "Start by documenting what you do: short emails summarising your contributions create a "
        "record. Then talk to the coworker privately and calmly; sometimes it is carelessness "
        "rather than malice. If it continues, raise it with your manager, focusing on facts "
        "rather than accusations. Some people also make a habit of presenting their own work in "
        "meetings, which makes credit harder to take. Good luck, it is a frustrating situation.",
    ),
    (
        "Devo aprender Python ou JavaScript primeiro?",
        "Depende do que você quer construir. Se o objetivo é fazer sites, comece por JavaScript, "
        "porque ele roda no navegador e você vê o resultado na hora. Se quer análise de dados, "
        "automação ou ciência, Python tem a sintaxe mais simples e bibliotecas prontas. Há quem "
        "aprenda os dois ao mesmo tempo, mas isso costuma atrasar o começo. O importante é "
        "escolher um e praticar com projetos pequenos.",
    ),
    (
        "Qual carreira devo seguir?",
        "Não posso responder isso sem te conhecer melhor. Me conta: o que você faz quando "
        "ninguém está olhando? Que problemas do mundo te incomodam? Em que seus amigos pedem a "
        "sua ajuda? Uma boa carreira cruza o que você gosta, o que faz bem e o que alguém "
        "precisa; com essas respostas dá para pensar em caminhos concretos.",
    ),
]


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("A que temperatura devo fritar batata?", HEDGE_PT),
        ("How often should I water a cactus?", HEDGE_EN),
        ("How do I start learning the guitar?", GENERIC_EN),
    ],
)
def test_a_long_reply_that_commits_to_nothing_gives_no_answer(prompt: str, reply: str) -> None:
    assert len(reply.split()) > EVASION_MAX_WORDS
    assert noncommittal(prompt, reply) == NONCOMMITTAL


def test_a_long_refusal_of_a_harmless_question_gives_no_answer() -> None:
    refused = noncommittal("When should I prune my roses?", REFUSAL_EN)
    assert refused == "refuses a harmless question"


@pytest.mark.parametrize(("prompt", "reply"), NUANCED)
def test_a_nuanced_answer_commits(prompt: str, reply: str) -> None:
    # it names what the answer depends on, weighs sides or asks back: an answer
    assert noncommittal(prompt, reply) is None


def test_a_short_reply_is_left_to_evasion() -> None:
    assert noncommittal("How often should I water a cactus?", "It depends. Hard to say.") is None


@given(st.integers(min_value=2, max_value=99999))
def test_a_number_of_its_own_makes_a_hedge_an_answer(number: int) -> None:
    reply = HEDGE_EN + f" Most growers settle on {number} ml."
    assert noncommittal("How often should I water a cactus?", reply) is None


def test_the_tribunal_rejects_long_replies_that_commit_to_nothing() -> None:
    items = [
        JudgeItem("A que temperatura devo fritar batata?", HEDGE_PT),
        JudgeItem("How often should I water a cactus?", HEDGE_EN),
        JudgeItem("How do I start learning the guitar?", GENERIC_EN),
        JudgeItem("When should I prune my roses?", REFUSAL_EN),
    ]
    for verdict in Tribunal().verdicts(items + [JudgeItem(p, r) for p, r in OTHER_ANSWERS])[:4]:
        assert verdict.status is Status.REJECTED
        assert any("no answer" in score.reason for score in verdict.judges.values())


# --- one home for the relevance settings; encoders that return NaN ---------------------------


def test_every_config_takes_the_relevance_settings_from_one_place() -> None:
    from typing import get_args

    from noesis_trainer.pipeline.config import TribunalStageConfig
    from noesis_trainer.pipeline.jobs import Job
    from noesis_trainer.tribunal.relevance_settings import RELEVANCE_SETTINGS, relevance_choices
    from noesis_trainer.tribunal.verdict import TribunalConfig

    def names(annotation: object) -> set[str]:
        found: set[str] = set()
        for arg in get_args(annotation) or (annotation,):
            found |= set(get_args(arg)) if get_args(arg) else {arg}  # type: ignore[arg-type]
        return found

    assert RELEVANCE_SETTINGS[0] == TribunalConfig().relevance == "vectors"
    assert names(TribunalConfig.model_fields["relevance"].annotation) == {
        *RELEVANCE_SETTINGS,
        "custom",
    }
    for model in (TribunalStageConfig, Job):
        assert names(model.model_fields["relevance"].annotation) == set(RELEVANCE_SETTINGS)
    assert relevance_choices() == "'vectors', 'lexical', 'semantic' or 'retrieval'"
    # one error that names every value, as before the names moved
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="'retrieval' or 'custom'") as caught:
        TribunalConfig(relevance="bad")  # type: ignore[arg-type]
    assert caught.value.error_count() == 1


class _SilentOnSome:
    """An encoder of our own that cannot read some texts and says NaN for them."""

    def similarities(self, answers: list[str], prompts: list[str]) -> object:
        import numpy as np

        out = np.array(
            [[float(len(set(a.split()) & set(p.split()))) for p in prompts] for a in answers]
        )
        out[0, 0] = np.nan
        return out


def test_an_encoder_that_returns_nan_is_a_clear_error() -> None:
    from noesis_trainer.tribunal.judges.retrieval import RetrievalRelevance

    items = [JudgeItem(p, r) for p, r in OTHER_ANSWERS] + [
        JudgeItem("Who wrote Dom Casmurro?", "Machado de Assis."),
        JudgeItem("Qual o menor país do mundo?", "O Vaticano."),
    ]
    relevance = RetrievalRelevance(_SilentOnSome())
    with pytest.raises(ValueError, match="non-finite similarities"):
        relevance.own_lead(items, list(range(len(items))))


ADVICE = [
    (
        "Is it safe to exercise with a cold?",
        "It depends on where your symptoms are. If they are above the neck, such as a runny nose "
        "or a mild sore throat, light exercise like walking is usually fine. If you have a fever, "
        "body aches or chest congestion, rest is essential, because exercise can make the illness "
        "worse. Listen to your body and take your time getting back to your usual routine. It's "
        "important to drink plenty of fluids. If your symptoms get worse, consult a doctor.",
    ),
    (
        "Qual o melhor jeito de aprender inglês sozinho?",
        "Tudo depende de quanto tempo você tem por dia, mas alguns princípios valem para todos. A "
        "exposição diária é essencial: séries, podcasts e vídeos no idioma, primeiro com legenda "
        "em inglês e depois sem. Falar é fundamental, então grave áudios lendo em voz alta e "
        "compare com a pronúncia original. Com paciência e constância, o ouvido se acostuma. Cada "
        "pessoa tem seu ritmo, então não se compare com os outros.",
    ),
    (
        "Estou com dor de cabeça todo fim de tarde. O que pode ser?",
        "Não posso dar diagnóstico à distância, mas as causas mais comuns desse padrão são "
        "tensão muscular no pescoço, cansaço visual de tela, pouca água ao longo do dia e longos "
        "intervalos sem comer. Faça pausas para alongar e olhar para longe, beba água e não pule "
        "o almoço. Se a dor for forte, vier com febre ou alteração da visão, procure um médico "
        "logo.",
    ),
    (
        "Como começar a meditar?",
        "Sente-se num lugar tranquilo, com a coluna ereta, e feche os olhos. Respire devagar e "
        "preste atenção no ar entrando e saindo. Quando perceber que está pensando em alguma "
        "coisa, apenas note e volte para a respiração. Se sentir alguma coisa estranha, como "
        "tontura, abra os olhos e pare. Cada pessoa tem seu ritmo, então comece com cinco "
        "minutos por dia. Divirta-se descobrindo a prática!",
    ),
    (
        "Por que a umidade relativa do ar baixa faz mal à saúde?",
        "Com o ar seco, as mucosas do nariz e da garganta ressecam e filtram pior o que "
        "respiramos, e a pele e os olhos perdem água mais rápido. O muco fica espesso e os "
        "cílios das vias aéreas trabalham mal, o que facilita irritações e infecções. Beber "
        "água, usar soro no nariz e manter um pano úmido no quarto ajudam nos dias mais secos.",
    ),
]
"""Long answers of advice: phrases an evasion is made of when it says nothing else."""


@pytest.mark.parametrize(("prompt", "reply"), ADVICE)
def test_advice_and_a_refusal_that_answers_commit(prompt: str, reply: str) -> None:
    assert noncommittal(prompt, reply) is None


def test_a_phrase_past_a_sentences_first_characters_is_not_read() -> None:
    # each sentence is read up to NONCOMMITTAL_CHARS: a sentence of 100,000 characters costs
    # no more than one of 300
    from noesis_trainer.tribunal.judges.text import NONCOMMITTAL_CHARS, _commits_to_nothing

    padding = "palavra " * (NONCOMMITTAL_CHARS // 8 + 1)
    assert _commits_to_nothing("cada caso e um caso " + padding) is not None
    assert _commits_to_nothing(padding + "cada caso e um caso") is None


@pytest.mark.parametrize(
    "answer",
    [
        "A correta é a alternativa c",
        "Para dirigir carro você precisa da CNH categoria b",
        "Selecione o texto e aperte ctrl c",
        "Quais vacinas tomar:\n\n- Tétano\n- Hepatite b",
    ],
)
def test_a_lone_letter_at_the_end_is_no_cut(answer: str) -> None:
    from noesis_trainer.tribunal.output_failures import FailureKind, detect

    assert not any(f.kind is FailureKind.TRUNCATED for f in detect("Qual a resposta?", answer))


def test_an_item_holding_only_an_emphasis_mark_is_a_cut() -> None:
    from noesis_trainer.tribunal.output_failures import FailureKind, detect

    answer = "Botanically a tomato is a fruit, though cooks treat it as a vegetable.\n\n- *"
    assert any(f.kind is FailureKind.TRUNCATED for f in detect("Is a tomato a fruit?", answer))
