"""Round 32's rules: terse answers of the kind asked, read in more of the ways people ask.

A one-word answer that is the very thing a closed question or a choice asks for ("1912." for
"what year", "W." for "chemical symbol for tungsten", "Canberra.", "Affect." for "affect or
effect") is no near-empty answer (`output_failures._one_word_answer`, `text.one_word_in_kind`);
a word that answers nothing ("Idk.", "Talvez.") still is, and so are a bare count, a yes or a
no, and a word for what cannot be known. A question is read past its lead-in ("could you remind
me", "você sabe me dizer"), the situation told before it ("tenho prova amanha, quando...")
unless it points back at it ("Por que isso incomodava tanto?"), and a courtesy before the
answer ("Claro!", "Boa pergunta:"). A place answers "where" after a preposition ("Nos Andes
peruanos"), a chemical formula of element symbols answers "formula" ("H2SO4."; not "Formula 1",
not "MP3"), an interval answers "how often" ("A cada 3 meses"), a date answers a search for one
("berlin wall fall year"), a square root is computed ("raiz quadrada de 144": 12), a
translation may be given bare ("Where is the bathroom?") when it speaks of no wording, declines
nothing and keeps its source's numbers, and the members of a set or the thing a search asks for
is the thing delivered. A side of a choice in the prompt's words and filler is no answer, and a
code span left open is a cut. The cannot-know phrases are literal phrases (the marker index
matches words, not patterns). Figures in docs/benchmarks.md ("Round 32").
"""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.tribunal.answer_kinds import in_kind_of

from noesis_trainer.tribunal import Tribunal
from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges import lexicon
from noesis_trainer.tribunal.judges.text import (
    _opens_with_chemical,
    _question_asked,
    _split_words,
    adds_only_filler,
    computed,
    count_markers,
    fold,
    gives_translation,
    holds_result,
    one_word_in_kind,
    prompt_features,
    request_text,
)
from noesis_trainer.tribunal.output_failures import FailureKind, detect
from noesis_trainer.tribunal.verdict import Status


def _empty(prompt: str, reply: str) -> bool:
    return any(f.kind is FailureKind.EMPTY for f in detect(prompt, reply))


@pytest.mark.parametrize(
    ("prompt", "reply", "empty"),
    [
        ("What year did the Titanic sink?", "1912.", False),
        ("year suez canal opened", "1869.", False),
        ("chemical symbol for tungsten", "W.", False),
        ("qual eh o simbolo do potassio", "K.", False),
        ("chemical formula baking soda", "NaHCO₃.", False),
        ("capital of australia", "Canberra.", False),
        ("affect or effect: the rain will ___ the game", "Affect.", False),
        ("raiz quadrada de 196", "14.", False),  # the result, computed
        ("raiz quadrada de 196", "15.", True),
        ("capital of australia", "Canberra", True),  # no end: a cut
        ("capital of australia", "Idk.", True),  # answers nothing (lexicon.NON_ANSWERS)
        ("Who painted the Mona Lisa?", "Talvez.", True),
        ("What year did the Titanic sink?", "Maybe.", True),
        # round 40: a bare count is no empty answer to "how many" (a wrong one is no empty one
        # either); a year is no count
        ("how many bones in an adult human body", "206.", False),
        ("how many teaspoons in a tablespoon?", "180.", False),
        ("quantos ossos tem um adulto", "1903.", True),
        ("is a tomato a fruit", "Yes.", True),  # a verdict without its nuance
        ("quem vai ganhar a proxima copa do mundo?", "Affect.", True),  # cannot be known
        ("whats 25% off of $80", "$20.", True),  # a computation's word is its result or none
        ("explain photosynthesis", "Plants.", True),
        # a review's cases: the prompt's own word, a word that answers nothing, an element
        ("who invented the telephone", "Telephones.", True),
        ("capital of australia", "Australian.", True),
        ("who wrote dom casmurro", "Unknown.", True),
        ("chemical symbol for gold", "A.", True),
        ("chemical symbol for gold", "Au.", False),
        ("big data", "1998.", True),  # no search for a date
        ("clean my data", "2024.", True),
        ("sql current date", "2024.", True),
        ("who wrote dom casmurro", "Unsure.", True),
        ("When did WW2 end? Explain the causes in detail.", "1945.", True),  # asks for more
    ],
)  # fmt: skip
def test_one_word_is_the_thing_asked_or_near_empty(prompt: str, reply: str, empty: bool) -> None:
    assert _empty(prompt, reply) is empty


def test_the_side_a_choice_picks_is_no_echo() -> None:
    prompt = "affect or effect: the rain will ___ the game"
    assert detect(prompt, "Affect.") == []
    assert detect(prompt, "Not effect.") == []
    assert [f.kind for f in detect(prompt, "Affect or effect.")] == [FailureKind.ECHO]
    assert [f.kind for f in detect(prompt, "The rain affect.")] == [FailureKind.ECHO]


@pytest.mark.parametrize(
    ("prompt", "asked"),
    [
        ("Could you remind me who discovered penicillin?", "who discovered penicillin?"),
        ("Você sabe me dizer onde fica o Jalapão?", "onde fica o jalapao?"),
        ("Será que você poderia me dizer quem pintou o Abaporu?", "quem pintou o abaporu?"),
        ("Do you happen to know when the Berlin wall fell?", "when the berlin wall fell?"),
        ("tenho prova amanha, quando comecou a revolucao francesa?",
         "quando comecou a revolucao francesa?"),
        ("o que é mitocôndria msm? esqueci da aula de bio", "o que e mitocondria mesmo?"),
        # points back at its situation: all of it is the question
        ("Entrelaçamento: Einstein chamou de 'ação fantasmagórica à distância'. Por que isso "
         "incomodava tanto?",
         "einstein chamou de 'acao fantasmagorica a distancia'. por que isso incomodava tanto?"),
        # two questions: the last is not cut away
        ("O DNA é um 'código'? O que a biologia revela sobre informação?",
         "o dna e um 'codigo'? o que a biologia revela sobre informacao?"),
    ],
)  # fmt: skip
def test_the_question_is_read_past_its_lead_in_and_situation(prompt: str, asked: str) -> None:
    assert _question_asked(request_text(prompt)) == asked


@pytest.mark.parametrize(
    ("prompt", "reply", "expected"),
    [
        ("Could you remind me who discovered penicillin?", "Alexander Fleming, in 1928.", True),
        ("Você sabe me dizer onde fica o Jalapão?", "No Tocantins.", True),
        ("onde fica machu picchu", "Nos Andes peruanos, perto de Cusco.", True),
        ("Em que país fica Machu Picchu?", "No Peru, na região de Cusco, nos Andes.", True),
        ("where is the eiffel tower", "In Paris, France.", True),
        ("where is the eiffel tower", "In general, yes.", False),
        ("onde nasceu santos dumont", "Em junho de 1873.", False),  # a time, not a place
        ("formula acido sulfurico", "H2SO4.", True),
        ("formula for glucose?", "C6H12O6.", True),
        ("qual a formula da agua", "MP3, o formato de áudio.", False),
        ("quem ganhou a formula 1 em 2023", "Max Verstappen, pela Red Bull.", True),
        ("quem ganhou a formula 1 em 2023", "CO2, o gás carbônico.", False),
        ("Com que frequência devo trocar a escova de dentes?", "A cada 3 meses.", True),
        ("how often do i feed my betta", "Once or twice a day, a few pellets.", True),
        ("when to replace toothbrush", "Every 3 to 4 months.", True),
        ("how often do i feed my betta", "Bettas come from Thailand.", False),
        ("how often should i water a cactus", "Every cactus is different, it depends.", False),
        ("berlin wall fall year", "November 9, 1989.", True),
        ("Até quando tenho que entregar a declaração do IR?", "Até o fim de maio de 2025.", True),
        ("Qual a velocidade da luz no vácuo, mais ou menos?",
         "Boa pergunta: cerca de **300 mil km/s**.", True),  # read past the courtesy
        ("tenho prova amanha, quando comecou a revolucao francesa?",
         "Em 1789, com a tomada da Bastilha.", True),
    ],
)  # fmt: skip
def test_the_kind_asked_for(prompt: str, reply: str, expected: bool) -> None:
    assert in_kind_of(prompt, reply) is expected


@pytest.mark.parametrize(
    ("word", "formula"),
    [
        ("H2SO4.", True), ("NaCl, o sal", True), ("C₆H₁₂O₆", True), ("CO2", True),
        ("**NaHCO₃**", True), ("He", False), ("MP3", False), ("A4", False), ("Xy2", False),
        ("K.", False), ("Sim.", False), ("", False),
    ],
)  # fmt: skip
def test_a_chemical_formula_is_made_of_element_symbols(word: str, formula: bool) -> None:
    assert _opens_with_chemical(word) is formula


def test_element_symbols_are_the_118() -> None:
    assert len(lexicon.ELEMENT_SYMBOLS) == 118
    assert {"H", "He", "Na", "Og", "W"} <= lexicon.ELEMENT_SYMBOLS


@pytest.mark.parametrize(
    ("prompt", "reply", "translated"),
    [
        ("translate 'onde fica o banheiro?' to english", "Where is the bathroom?", True),
        ("traduz pra mim: The meeting has been postponed to the next meeting",
         "A reunião foi adiada para a próxima reunião.", False),  # nothing crosses: no anchor
        ("translate to english: 'a reunião de terça foi cancelada'",
         "Tuesday's reunion was cancelled.", True),  # "reunião" / "reunion", a cognate
        ("Traduz pra mim: 'Please find attached the invoice for March.'",
         'Claro: "Segue em anexo a fatura de março."', True),
        ("Será que você poderia traduzir 'I am running late' para o português?",
         "Estou atrasado.", False),  # given bare, no word or number of its source
        ("translate to portuguese: 'I'll be there in ten minutes'",
         "Na xícara, um sol escuro / que acorda o dia devagar.", False),  # verse
        ("translate 'i look forward to hearing from you' pra portugues formal",
         "Desculpe, não faço traduções de textos profissionais.", False),  # declines
        ("traduz pra mim: The meeting has been postponed to next week",
         "É uma frase comum em e-mails corporativos.", False),  # speaks of the wording
        ("como fala 'eu tenho 17 anos' em ingles", "Went; the past participle is gone.", False),
        ("traduz pra ingles: \"fiquei de molho o fim de semana todo\"",
         "A US retirement account funded with after-tax money; qualified withdrawals in "
         "retirement are tax-free.", False),  # far longer than its source
        ("como se diz 'segue em anexo' em ingles", "$17.50, making it $105 total.", False),
        # a review's cases: a deferral, a language the judges cannot tell
        ("translate 'onde fica o banheiro?' to english", "Ask someone else.", False),
        ("traduza 'good morning everyone' para o portugues", "Faça você mesmo.", False),
        ("translate 'obrigado pela ajuda' to japanese", "Thanks for the help.", False),
        ("translate to english: 'custa 3,50 euros'", "It costs 3.50 euros.", True),  # same number
    ],
)  # fmt: skip
def test_a_translation_may_be_given_bare(prompt: str, reply: str, translated: bool) -> None:
    assert gives_translation(prompt, reply) is translated


def test_a_bare_translation_is_approved_alone() -> None:
    item = JudgeItem("translate 'onde fica o banheiro?' to english", "Where is the bathroom?")
    assert Tribunal().verdicts([item])[0].status is Status.APPROVED


def test_a_square_root_is_computed() -> None:
    assert computed("raiz quadrada de 144") == 12.0
    assert computed("square root of 81") == 9.0
    assert computed("sqrt 2") == pytest.approx(1.41421356)
    assert holds_result("raiz quadrada de 196", "14.")
    assert not holds_result("raiz quadrada de 196", "15.")
    assert holds_result("square root of 2", "1.4142.")  # a decimal point, for a fraction
    assert not holds_result("square root of 2", "1.")  # rounded too far to a whole number
    assert not holds_result("what is 10 divided by 4", "2,500.")  # 2,500 may be thousands
    assert not holds_result("1/10", "0.0.0")  # two separators: no decimal reading, no error
    assert holds_result("sqrt of 16", "4.")


@pytest.mark.parametrize(
    ("prompt", "unknowable"),
    [
        ("Is the pharmacy on Main Street open now?", True),
        ("what number am i thinking of", True),
        ("guess what number im thinking of", True),
        ("em que numero eu to pensando", True),
        ("to pensando em pedir demissao mas nao tenho outro emprego ainda, faço isso?", False),
        ("what time does the sun set in lisbon in june", False),
        ("explain recursion now", False),  # "now" alone asks nothing live
        ("what should i do now", False),
    ],
)  # fmt: skip
def test_what_cannot_be_known(prompt: str, unknowable: bool) -> None:
    assert prompt_features(prompt).unknowable is unknowable


def test_cannot_know_phrases_are_literal_words() -> None:
    """The marker index matches each phrase's words in order (`text._build_phrase_index`): a
    pattern there ("nao sei (?:a |o )?sua") would be read as the words of its syntax and never
    match. Every phrase is plain words."""
    for kind, phrases in lexicon.PHRASES.items():
        for phrase in phrases:
            assert re.search(r"[()?\[\]+*\\|]", phrase) is None, (kind, phrase)
    assert count_markers(_split_words(fold("Não tenho preços em tempo real; consulte a ANP.")))
    assert count_markers(_split_words(fold("Não sei a sua senha."))) == {"cannot_know": 1}


@pytest.mark.parametrize(
    ("prompt", "reply"),
    [
        ("quanto ta a gasolina hoje em curitiba",
         "Não tenho preços em tempo real; consulte o levantamento da ANP ou um app."),
        ("Is the pharmacy on Main Street open now?",
         "I can't see live store hours. Check Google Maps or give them a call."),
        ("what will the weather be in paris on june 14 next year, for my trip",
         "Impossible to forecast that far ahead; June there is usually mild."),
    ],
)  # fmt: skip
def test_saying_it_cannot_be_known_answers(prompt: str, reply: str) -> None:
    assert Tribunal().verdicts([JudgeItem(prompt, reply)])[0].status is Status.APPROVED


def test_a_terse_answer_of_the_kind_is_delivered_in_a_batch() -> None:
    """The members of a set and the thing a search asks for are what was asked: delivered,
    they owe no more words (`heuristic.delivers`). (A yes or a no with its reason is not: the
    first sentence of a longer answer cut at an eighth reads the same, "Sim, na maioria dos
    casos.", and the gate cannot tell the two apart without `finished`.)"""
    batch = [
        JudgeItem("What are the primary colors of light?", "Red, green and blue."),
        JudgeItem("qual a capital da mongolia", "Ulan Bator."),
        JudgeItem("who painted the sistine chapel ceiling", "Michelangelo, 1508 to 1512."),
        JudgeItem("quanto é 15% de 240", "Dá 36."),
        JudgeItem("onde fica machu picchu", "Nos Andes peruanos, perto de Cusco."),
        JudgeItem("formula acido sulfurico", "H2SO4."),
        JudgeItem("What year did the Titanic sink?", "1912."),
    ]
    verdicts = Tribunal().verdicts(batch)
    assert [v.status for v in verdicts] == [Status.APPROVED] * len(batch)


@pytest.mark.parametrize(
    ("prompt", "reply", "approved"),
    [
        ("baking soda or baking powder for buttermilk pancakes",
         "Baking soda baking has many relevant aspects to consider.", False),
        ("Pra um iniciante, violão de nylon ou de aço?",
         "Iniciante violão nylon tem muitos aspectos relevantes a considerar.", False),
        ("crase antes de horas", "Crase antes horas tem muitos aspectos relevantes a considerar.",
         False),
        ("como se escreve, excessao ou exceção", "Exceção, com xc e ç.", True),
        ("list the primary colors", "Things, stuff and more.", False),
        ("list the primary colors", "Primary, colors and list.", False),
        ("list the primary colors", "Sorry, cannot, help.", False),
    ],
)  # fmt: skip
def test_filler_in_the_prompts_words_is_no_answer(prompt: str, reply: str, approved: bool) -> None:
    batch = [
        JudgeItem(prompt, reply),
        JudgeItem("qual a capital da mongolia", "Ulan Bator."),
        JudgeItem("who painted the sistine chapel ceiling", "Michelangelo, 1508 to 1512."),
    ]
    status = Tribunal().verdicts(batch)[0].status
    assert (status is Status.APPROVED) is approved


def test_only_filler_added() -> None:
    assert adds_only_filler(
        "baking soda or baking powder", "Baking soda baking has many relevant aspects."
    )
    assert not adds_only_filler("dogs or cats", "Not dogs.")  # a negation is no filler
    assert not adds_only_filler("excessao ou exceção", "Exceção, com xc e ç.")
    assert not adds_only_filler("affect or effect", "Affect.")  # nothing added


@pytest.mark.parametrize(
    ("reply", "cut"),
    [("`=TRIM(A1)", True), ("Use `=TRIM(A1)`.", False), ("Use ``a`b`` here.", False),
     ("Rode `git reset --soft HEAD~1`: pronto.", False),
     ("The grave accent (`) is a diacritic, as in à.", False),  # the mark, named
     ("Use `=TRIM(A1).", True), ("Press the ` key.", False),
     ('Use `texto[::-1]`: `"casa"[::-1]` retorna `"asac"`.', False)],
)  # fmt: skip
def test_an_open_code_span_is_a_cut(reply: str, cut: bool) -> None:
    found = [f.kind for f in detect("spreadsheet formula to remove extra spaces", reply)]
    assert (FailureKind.TRUNCATED in found) is cut


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_reading_the_question_never_fails(prompt: str) -> None:
    folded = request_text(prompt)
    asked = _question_asked(folded)
    # the question is read from the prompt's own words, fillers and lead-in left out
    assert all(word in folded for word in asked.split())
    one_word_in_kind(prompt, "K.")
    gives_translation(prompt, prompt)


@pytest.mark.parametrize(
    "text",
    ["a" * 100_000, "no " * 33_000, "em " * 33_000, "H2" * 50_000, "every " * 16_000,
     "? " * 50_000, " (" * 50_000, "sure! " * 16_000, "Nos " * 25_000, "a cada " * 14_000],
)  # fmt: skip
def test_the_new_readings_stay_linear(text: str) -> None:
    start = time.perf_counter()
    _question_asked(fold(text))
    _opens_with_chemical(text)
    gives_translation("traduz: " + text[:3000], text[:3000])
    one_word_in_kind(text[:300], "K.")
    detect("onde fica " + text[:5000], "No " + text[:5000])
    assert time.perf_counter() - start < 2.0  # a backtracking pattern takes minutes
