"""Round 33's rules: what a question asks, read where people put it, and a few facts checked.

A symbol asked for an element the question names is that element's (`lexicon.ELEMENT_NAMES`:
"W" for tungsten, not "K"); a bare question translates a question only if it asks for the same
thing (`text.asks_by`: "Where is the bathroom?" for "onde fica o banheiro?", not "Why is the
sky blue?"); an apostrophe between letters does not close a text in single quotes
("translate 'I'm running late'"), and a translation may be quoted in single quotes; a word may
be translated by a word ("Queue" for 'fila'). A question is read after a colon ("fiquei em
dúvida: quem pintou o Abaporu?") and where it stands at the end ("o jalapão fica em q estado");
"em que data" asks a date; a question keeps its answer whatever the situation after its "?"
("...bicarbonato? preciso pra prova amanhã" is no question about tomorrow); the numbers of a
lottery draw cannot be known. "List some..." asks for the members of a set; tips on things of a
kind ("dicas de livros") are answered by their names; a list of advice holds a command among its
first three items; a yes or a no opens no item of an inline list; the meaning of a quoted phrase
is answered by a quoted gloss. Figures in docs/benchmarks.md ("Round 33").
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.tribunal.answer_kinds import in_kind_of

from noesis_trainer.tribunal import Tribunal
from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges import lexicon
from noesis_trainer.tribunal.judges.text import (
    _QUOTED_TERM,
    QUOTED_PASSAGE,
    _instructs,
    _opening_list,
    _question_asked,
    asks_by,
    fold,
    gives_translation,
    measures_other,
    one_word_in_kind,
    prompt_features,
    quoted_material,
    request_text,
)
from noesis_trainer.tribunal.output_failures import FailureKind, detect
from noesis_trainer.tribunal.verdict import Status


def _empty(prompt: str, reply: str) -> bool:
    return any(f.kind is FailureKind.EMPTY for f in detect(prompt, reply))


@pytest.mark.parametrize(
    ("prompt", "reply", "right"),
    [
        ("qual o símbolo químico do tungstênio?", "W.", True),
        ("qual o símbolo químico do tungstênio?", "K.", False),
        ("chemical symbol for gold", "Au.", True),
        ("chemical symbol for gold", "He.", False),
        ("símbolo do potássio", "K.", True),
        ("what's the symbol for iron", "Fe.", True),
        ("what's the symbol for iron", "Ir.", False),
        # no element named (or two): any element's symbol is of the kind
        ("symbol of the element with atomic number 79", "Au.", True),
        # only the element the symbol is asked of
        ("qual o símbolo do elemento que fica abaixo do carbono?", "Si.", True),
    ],
)  # fmt: skip
def test_a_symbol_is_the_named_elements(prompt: str, reply: str, right: bool) -> None:
    assert one_word_in_kind(prompt, reply) is right
    assert _empty(prompt, reply) is not right


def test_the_lexical_margin_is_the_backgrounds() -> None:
    from noesis_trainer.tribunal.judges import background, text

    assert text.LEXICAL_MARGIN == background.LEXICAL_MARGIN
    assert text.WORD_LANGUAGE_MARGIN < text.LEXICAL_MARGIN


def test_every_element_has_its_names() -> None:
    assert set(lexicon.ELEMENT_NAMES) == set(lexicon.ELEMENT_SYMBOLS)
    names = [name for names in lexicon.ELEMENT_NAMES.values() for name in names]
    assert all(name == fold(name) and name.isalpha() for name in names)
    assert len(names) == len(set(names))  # no name for two elements


def test_an_element_named_elsewhere_is_not_the_one_asked() -> None:
    batch = [JudgeItem("symbol for the metal in a lead pencil?", "C."), *_CONTEXT]
    assert Tribunal().verdicts(batch)[0].status is Status.APPROVED


_CONTEXT = [
    JudgeItem("qual a capital da mongolia", "Ulan Bator."),
    JudgeItem("who painted the sistine chapel ceiling", "Michelangelo, 1508 to 1512."),
    JudgeItem("onde fica machu picchu", "Nos Andes peruanos, perto de Cusco."),
    JudgeItem("What year did the Titanic sink?", "1912."),
    JudgeItem("quanto é 15% de 240", "Dá 36."),
    JudgeItem("formula acido sulfurico", "H2SO4."),
    JudgeItem("how many legs does a spider have", "Eight legs."),
    JudgeItem("quem escreveu dom casmurro", "Machado de Assis, em 1899."),
]


def test_a_symbol_answer_with_its_reason() -> None:
    assert in_kind_of("chemical symbol for gold", "Au, from the Latin aurum.")
    assert not in_kind_of("chemical symbol for gold", "Ag, from the Latin argentum.")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Onde fica o banheiro?", "where"),
        ("Where is the bathroom?", "where"),
        ("¿Dónde está la estación?", "where"),
        ("Excuse me, where is the station?", "where"),
        ("Por que o céu é azul?", "why"),
        ("Why is the sky blue?", "why"),
        ("O que é isso?", "what"),
        ("Quanto custa?", "quantity"),
        ("How much is it?", "quantity"),
        ("Quem é você?", "who"),
        ("Você fala inglês?", None),
        ("Do you speak English?", None),
        ("Comment allez-vous?", "how"),
        ("Je ne sais pas comment faire?", None),  # "comment" asks only first
    ],
)  # fmt: skip
def test_what_a_question_asks_by(text: str, kind: str | None) -> None:
    assert asks_by(text) == kind


@pytest.mark.parametrize(
    ("prompt", "reply", "translated"),
    [
        ("translate 'onde fica o banheiro?' to english", "Where is the bathroom?", True),
        ("translate 'onde fica o banheiro?' to english", "Why is the sky blue?", False),
        ("translate 'onde fica o banheiro?' to english", "When does the store open?", False),
        ("translate 'como você se chama?' to english", "What's your name?", True),
        # a bare translation names no language, even one its source names
        ("translate 'você fala inglês?' to english", "Do you speak English?", False),
        # an apostrophe inside a text in single quotes does not close it
        ("translate 'I'm running late' to portuguese", '"Estou atrasado."', True),
        ("traduz 'i'm looking forward to it' pra pt", "Algo como 'Mal posso esperar'.", True),
        ("traduz 'i'm looking forward to it' pra pt", "Something like 'I can't wait'.", False),
        # a word for a word, when it answers something
        ("como se diz 'fila' em inglês?", "Queue (nos EUA, line).", True),
        ("como se diz 'fila' em inglês?", "Obrigado.", False),
        ("como se diz 'fila' em inglês?", "Thank you.", False),
        ("translate 'saudade' to english", "Good morning.", False),
        ("how do you say 'obrigado' in english", "I dunno.", False),
        # a question that asks by a word further on, or a pair translations trade
        ("translate 'onde fica o banheiro?' to english", "Do you know where the bathroom is?",
         True),
        ("translate 'what time is it?' to portuguese", "Que horas são?", True),
        ("translate 'where is the station?' to portuguese", "Cadê a estação?", True),
        ("translate 'quando a loja abre?' to english", "What time does the store open?", True),
        ("translate 'por que você foi embora?' to english", "How come you left?", True),
        # a quote in a reply that declines, a language asked about
        ("translate 'saudade' to english", "Sorry, I don't do 'translations' here.", False),
        ("translate 'não posso ir' to english", '"I can\'t go." (or, more formally, I cannot go.)',
         True),  # a decline after the quote is the translation's gloss
        ("como se diz 'fila' em inglês?", "Honestly — I'm not sure.", False),
        ("how do you say 'cadeira' in english", "Potassium (symbol K).", False),
        ("translate 'goalkeeper' to portuguese", "Goleiro (in Portugal, guarda-redes).", True),
        ("translate 'você fala inglês?' to english", "Do you mean in English?", False),
    ],
)  # fmt: skip
def test_translations(prompt: str, reply: str, translated: bool) -> None:
    assert gives_translation(prompt, reply) is translated


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("translate 'I'm running late' to portuguese", ["'I'm running late'"]),
        ("'don't' or 'doesn't'?", ["'don't'", "'doesn't'"]),
        ("It's John's 'book'", ["'book'"]),
        ("'rock' and 'roll'", ["'rock'", "'roll'"]),
    ],
)
def test_an_apostrophe_between_letters_keeps_a_quote_open(text: str, quoted: list[str]) -> None:
    assert [m.group(0) for m in _QUOTED_TERM.finditer(text)] == quoted


def test_a_passage_in_single_quotes_with_an_apostrophe_is_material() -> None:
    material = quoted_material("make this kinder: 'You didn't finish the report again.'")
    assert material is not None
    assert material.passages == (("you", "didn", "t", "finish", "the", "report", "again"),)
    assert QUOTED_PASSAGE.search("'I'm late' he said") is None  # under 12 characters


@pytest.mark.parametrize(
    ("prompt", "asked"),
    [
        ("estou fazendo um trabalho e fiquei em duvida: quem pintou o abaporu?",
         "quem pintou o abaporu?"),
        ("tenho prova amanha, quando comecou a revolucao francesa?",
         "quando comecou a revolucao francesa?"),
    ],
)  # fmt: skip
def test_the_question_after_a_colon(prompt: str, asked: str) -> None:
    assert _question_asked(request_text(prompt)) == asked


@pytest.mark.parametrize(
    ("prompt", "closed"),
    [
        ("Boa tarde! Estou fazendo um trabalho da escola e fiquei em dúvida: quem pintou o "
         "Guernica?", True),
        ("Olá! Poderia me dizer em que data foi assinada a Lei Áurea?", True),
        ("on what date did the berlin wall fall?", True),
        ("o jalapão fica em q estado", True),
        ("the atacama desert is in which country", True),
        # a choice after a colon stays a choice
        ("to montando um quiz: a capital da australia eh sydney ou camberra?", False),
        # words before the colon that say how to answer keep the whole
        ("Explain in detail, with examples: who was Napoleon?", False),
        ("resuma em uma frase: quem foi Santos Dumont?", False),
        ("what date format does ISO 8601 use?", False),
        ("Be thorough and cite sources: who painted the Mona Lisa?", False),
        ("I have three days in Lisbon. Which day trip would you recommend?", False),
    ],
)  # fmt: skip
def test_closed_questions_where_people_put_them(prompt: str, closed: bool) -> None:
    assert prompt_features(prompt).closed is closed


def test_a_choice_after_a_colon_is_still_picked_by_one_word() -> None:
    prompt = "to montando um quiz: a capital da australia eh sydney ou camberra?"
    assert prompt_features(prompt).choosing
    assert one_word_in_kind(prompt, "Camberra.")


@pytest.mark.parametrize(
    ("prompt", "reply", "expected"),
    [
        ("Olá! Poderia me dizer em que data foi assinada a Lei Áurea?",
         "Em 13 de maio de 1888.", True),
        ("fiquei em dúvida: quem pintou o Guernica?", "Pablo Picasso, em 1937.", True),
        ("o jalapão fica em q estado", "Tocantins.", True),
        ("o jalapão fica em q estado", "Uns 300 km.", False),
        ("what does 'carpe diem' mean", "It's Latin for “seize the day”.", True),
        ("what does 'carpe diem' mean", "Significa “aproveite o dia”.", False),  # language
        ("me dá umas dicas de livros de ficção científica",
         "- **Duna**, de Frank Herbert\n- **Fundação**, de Isaac Asimov", True),
        ("me dá umas dicas de estudos pro enem", "Machado de Assis.", False),
        ("what does 'carpe diem' mean",
         "The word 'photosynthesis' comes from Greek: plants use light.", False),
        ("what does 'carpe diem' mean", "Paris is known for “the Eiffel Tower”.", False),
        ("what does 'carpe diem' mean", "Napoleon's motto: 'Impossible is not French'.", False),
        ("any tips to focus while studying?",
         "- Wake up early\n- Put your phone in another room\n- Take a break every 25 minutes",
         True),
        ("any tips to focus while studying?",
         "- Attention is limited\n- Many people struggle\n- Phones are everywhere", False),
    ],
)  # fmt: skip
def test_the_kind_asked_for(prompt: str, reply: str, expected: bool) -> None:
    assert in_kind_of(prompt, reply) is expected


def test_one_word_for_a_question_at_its_end() -> None:
    assert not _empty("o jalapão fica em q estado", "Tocantins.")
    assert not _empty("qual a fórmula do bicarbonato de sódio? preciso pra prova amanhã", "NaHCO3.")


@pytest.mark.parametrize(
    ("prompt", "unknowable"),
    [
        ("qual a fórmula do bicarbonato de sódio? preciso pra prova amanhã", False),
        ("vai chover amanhã? vou viajar", True),
        ("quem ganhou a copa de 2022? e quem vai ganhar a de 2026?", True),  # every question
        ("what will the powerball numbers be?", True),
        ("quem ganhou a copa de 2022? me diz tbm quem vai ganhar a de 2026", True),
        ("Are lottery numbers truly random?", False),
        ("como são sorteados os números da mega-sena?", False),
        ("que horas são agora? to atrasado", True),
        ("quais vão ser os números da mega-sena de sábado", True),
        ("what will the winning numbers be this week", True),
        ("como funciona a mega-sena?", False),
    ],
)
def test_what_cannot_be_known(prompt: str, unknowable: bool) -> None:
    assert prompt_features(prompt).unknowable is unknowable


def test_a_measure_after_a_courtesy_question_is_still_read() -> None:
    """The question that asks is the one with the prompt's words, not an "ok?" before it."""
    reply = "About 60 days: that is how long a Mount Everest expedition takes."
    assert measures_other("ok? how tall is mount everest?", reply)


def test_saying_a_draw_cannot_be_known_answers() -> None:
    item = JudgeItem(
        "quais vão ser os números da loteria de sábado?",
        "Não tenho como saber: o sorteio é aleatório e ainda não aconteceu.",
    )
    assert Tribunal().verdicts([item])[0].status is Status.APPROVED


@pytest.mark.parametrize(
    ("prompt", "enumerating"),
    [("List some good habits for writing clean code.", True),
     ("liste alguns rios do brasil", True),
     ("some good habits for writing clean code", False)],
)  # fmt: skip
def test_list_some(prompt: str, enumerating: bool) -> None:
    assert prompt_features(prompt).enumerating is enumerating


@pytest.mark.parametrize(
    ("first", "items"),
    [
        ("Helium, neon and argon.", 3),
        ("In most cases, yes, gently and sticking to facts.", 0),
        ("Pode, em pedacinhos e com moderação.", 0),
        ("Sim, não e talvez.", 0),
        ("No Amazonas, no Pará, no Acre e em Roraima.", 4),  # "no": in the
        ("SE, NO and DK.", 3),  # codes
    ],
)
def test_a_yes_or_a_no_opens_no_item(first: str, items: int) -> None:
    assert _opening_list(first) == items


@pytest.mark.parametrize(
    ("reply", "instructs"),
    [
        ("A few habits with good evidence:\n\n- Wake up at the same time\n- Get daylight", True),
        ("- Wake up at the same time\n- Skip caffeine\n- Keep the room dark", True),
        ("- Caffeine is a stimulant\n- Adults need 7 hours\n- Light\n- Get daylight", False),
        ("Most adults need more rest.\n- Get daylight", False),
        ("Habits:\n\n- Wake up early\n\n- Get daylight\n\n- Skip late coffee", True),
        ("- Paris is the capital.\n- The Eiffel Tower is there.\n- Visit the Louvre.", False),
    ],
)
def test_a_list_of_advice_commands_within_three_items(reply: str, instructs: bool) -> None:
    assert _instructs(reply, "en") is instructs


def test_medium_answers_in_a_batch() -> None:
    """Answers of 30-70 words that share few words with a short prompt, of the kind it asks."""
    batch = [
        JudgeItem(
            "any tips to focus while studying?",
            "A few habits that help:\n\n- Wake up at a regular hour and study in the morning.\n"
            "- Put your phone in another room.\n- Work in 25-minute blocks with short breaks.\n"
            "- Drink water and take a walk between sessions.",
        ),
        JudgeItem(
            "me dá umas dicas de livros de ficção científica",
            "- **Duna**, de Frank Herbert: política e ecologia num planeta deserto.\n"
            "- **Fundação**, de Isaac Asimov: a queda de um império galáctico.\n"
            "- **Neuromancer**, de William Gibson: o nascimento do cyberpunk.",
        ),
        JudgeItem("qual a capital da mongolia", "Ulan Bator."),
        JudgeItem("who painted the sistine chapel ceiling", "Michelangelo, 1508 to 1512."),
        JudgeItem("onde fica machu picchu", "Nos Andes peruanos, perto de Cusco."),
        JudgeItem("What year did the Titanic sink?", "1912."),
        JudgeItem("quanto é 15% de 240", "Dá 36."),
        JudgeItem("formula acido sulfurico", "H2SO4."),
    ]
    verdicts = Tribunal().verdicts(batch)
    assert [v.status for v in verdicts] == [Status.APPROVED] * len(batch)


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_reading_never_fails(text: str) -> None:
    asks_by(text)
    prompt_features(text)
    in_kind_of(text, text)
    gives_translation("translate '" + text + "' to english", text)
    _instructs(text)


@pytest.mark.parametrize(
    "text",
    ["'a" * 50_000, "a'" * 50_000, " 'a'a" * 20_000, "? " * 50_000, ": " * 50_000,
     "em q " * 20_000, "o que " * 16_000, "- wake\n" * 12_000],
)  # fmt: skip
def test_the_new_readings_stay_linear(text: str) -> None:
    start = time.perf_counter()
    _QUOTED_TERM.findall(text)
    QUOTED_PASSAGE.findall(text)
    asks_by(text)
    _question_asked(fold(text[:5000]))
    prompt_features(text[:5000])
    _instructs(text)
    gives_translation("translate '" + text[:3000] + "' to english", text[:3000])
    assert time.perf_counter() - start < 2.0  # a backtracking pattern takes minutes
