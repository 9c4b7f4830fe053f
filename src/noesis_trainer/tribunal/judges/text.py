"""Cheap text features shared by the heuristic judges (Portuguese and English).

Built for throughput (tens of thousands of responses per second on one core): one accent fold,
one word regex, marker phrases found by a dictionary walk over the words (not a regex with
hundreds of alternatives), topic overlap by substring search of the prompt's few stems and
character 4-grams in the response. Features are cached per text, and relevance per (prompt,
response), so the three judges scoring one batch analyse each text once.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Callable, Collection, Iterator, Sequence, Set
from dataclasses import dataclass, replace
from itertools import chain
from operator import itemgetter
from types import ModuleType
from typing import NamedTuple

from noesis_trainer.core import native
from noesis_trainer.core.folding import STEM_CHARS, fold
from noesis_trainer.core.folding import WORD as _WORD
from noesis_trainer.core.folding import words as _split_words
from noesis_trainer.tribunal.judges import lexicon
from noesis_trainer.tribunal.judges.cues import (
    cue_condition,
    cue_keys,
    cue_words,
    first_chars_ahead,
    holds,
)
from noesis_trainer.tribunal.language import LANGUAGE_MARGIN, PROFILES, language_of, word_set

_SYMBOLS = "=≡≈≠≤≥→←↔∑∫√∞±×÷²³ᵃᵇψλπσμ∀∃∈⊂"
_SPECIFIC = re.compile(rf"(?=[0-9A-Z{_SYMBOLS}])(?:[0-9]+|[A-Z][A-Z0-9]+|[{_SYMBOLS}])")
"""Numbers, acronyms, formula symbols: the marks of a concrete, checkable answer. (The leading
look-ahead lets the regex engine skip to candidate characters: half the time of the bare
alternation.)"""
_FRAMING_RE = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(re.escape(p) for p in lexicon.FRAMINGS) + r")(?![a-z0-9])"
)
"""Framing phrases that say how to treat a topic ("Qual a evolução histórica de: ..."): removed
before the topic is read, so framed variants of one question share a topic."""
_ACRONYM = re.compile(r"(?=[A-Z])(?<![\w])[A-Z]{2}(?![\w])")
"""Short upper-case names ("P vs NP", "IA", "AI"): topic words although shorter than 3 letters."""
_CLOSED_RE = re.compile(r"^\W*(?:" + "|".join(lexicon.CLOSED_QUESTIONS) + r")(?![a-z0-9])")
CLOSED_MAX_WORDS = 12
"""A prompt longer than this asks for more than one fact, whatever its first words."""
_HOWTO_RE = re.compile(r"(?<![a-z0-9])(?:" + "|".join(lexicon.HOWTO_OPENERS) + r")(?![a-z0-9])")
HOWTO_MAX_WORDS = 20
"""A how-to in a named tool longer than this describes a task, not one command."""
QUERY_MAX_WORDS = 10
"""A prompt that names a tool, asks no question word and holds at most this many words is a
how-to typed as a search query ("git undo last commit keep changes")."""


def _single_quoted(length: str) -> str:
    """A pattern for a text of `length` characters ("12,", "1,30") set in single quotes, where an
    apostrophe between two letters ("I'm", "d'água") does not close them ("translate 'I'm
    running late'")."""
    return rf"(?<!\w)'(?:[^'\n]|(?<=[^\W\d_])'(?=[^\W\d_])){{{length}}}'(?!\w)"


QUOTED_PASSAGE = re.compile(r'"[^"\n]{12,}"|“[^”\n]{12,}”|«[^»\n]{12,}»|' + _single_quoted("12,"))
"""A passage quoted in a prompt ("Resuma em uma frase: “...”"): material to work on."""


_BREVITY_RE = re.compile(r"(?<![a-z0-9])(?:" + "|".join(lexicon.BREVITY_CUES) + r")(?![a-z0-9])")
_SIMPLICITY_RE = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(lexicon.SIMPLICITY_CUES) + r")(?![a-z0-9])"
)
BRIEF_ASKED_MAX_WORDS = 30
"""A prompt that asks for brevity ("Explique brevemente") or simplicity ("de um jeito simples";
not framed: "Explique de forma simples: ..." sets its length by its topic) and is no longer than
this is brief; a longer one describes a task whose length its own words set."""
SHORT_FORM_MAX_WORDS = 25
"""A short creative piece asked for in more words than this is a brief, not a one-liner."""
_COUNT_WORDS = {
    **{str(n): n for n in range(2, 21)},
    **dict.fromkeys(("dois", "duas", "two"), 2),
    **dict.fromkeys(("tres", "three"), 3),
    **dict.fromkeys(("quatro", "four"), 4),
    **dict.fromkeys(("cinco", "five"), 5),
    **dict.fromkeys(("seis", "six"), 6),
    **dict.fromkeys(("sete", "seven"), 7),
    **dict.fromkeys(("oito", "eight"), 8),
    **dict.fromkeys(("nove", "nine"), 9),
    **dict.fromkeys(("dez", "ten"), 10),
}
_LISTING_RE = re.compile(
    r"^\W*(?:por favor,? )?(?:"
    + "|".join(lexicon.COUNT_REQUESTS)
    + r")(?:\s+[a-z]+){0,3}?\s+("
    + "|".join(sorted(_COUNT_WORDS, key=len, reverse=True))
    + r")(?![a-z0-9])"
)
LISTING_MAX_WORDS = 20
_WORD_QUESTION_RE = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(lexicon.WORD_QUESTIONS) + r")(?![a-z0-9])"
)
_QUOTED_TERM = re.compile(
    _single_quoted("1,30") + r"|\"[^\"\n]{1,30}\"|“[^”\n]{1,30}”|‘[^’\n]{1,30}’"
)
_MEANING_RE = re.compile(
    r"(?<![a-z0-9])(?:significa|significado|means?|meaning|sigla|stands? for|escreve-se|"
    r"escreve se|se escreve|crase)(?![a-z0-9])"
)
WORD_QUESTION_MAX_WORDS = 15
"""A question about words: about a quoted term ("Qual o plural de 'cidadão'?") in at most this
many words, or about an unquoted word's meaning or spelling ("What does ubiquitous mean?",
"Escreve-se excessão ou exceção?") in at most `WORD_QUESTION_BARE_WORDS` (not "Qual a
diferença entre vírus e bactéria?": things, not words)."""
WORD_QUESTION_BARE_WORDS = 8


class QuotedMaterial(NamedTuple):
    """A prompt's quoted passages and the request around them, as folded words."""

    passages: tuple[tuple[str, ...], ...]
    request: tuple[str, ...]
    quoted: bool = True
    """False for a passage after a colon, unquoted (`_passage_after_colon`)."""


@functools.lru_cache(maxsize=8192)
def quoted_material(prompt: str) -> QuotedMaterial | None:
    """The folded words of each passage `prompt` quotes (`QUOTED_PASSAGE`) and of the request
    around them, when it quotes one and says something of its own about it (two words or more:
    "Resuma em uma frase", "Shorten this"; or a rewrite verb alone: "corrige:"); None otherwise.
    Cached: the judges and the gate both ask, once per prompt."""
    if QUOTED_PASSAGE.search(prompt) is None:
        return _passage_after_colon(prompt)
    request = tuple(_split_words(fold(QUOTED_PASSAGE.sub(" ", prompt))))
    if len(request) < 2 and lexicon.REWRITE_REQUESTS.isdisjoint(request):
        return None  # one word of its own is a request only as a rewrite verb ("corrige:")
    passages = tuple(tuple(_split_words(fold(m.group(0)))) for m in QUOTED_PASSAGE.finditer(prompt))
    return QuotedMaterial(passages, request)


PASSAGE_REQUEST_WORDS = 8
"""A request set before a colon ("make this more polite: send me the report now") holds at most
this many words."""


def _passage_after_colon(prompt: str) -> QuotedMaterial | None:
    """An unquoted passage after a colon, when the words before it ask for a rewrite
    (`lexicon.REWRITE_REQUESTS`: "reescreve mais formal: oi, vou faltar amanhã")."""
    head, colon, passage = prompt.partition(":")
    request = tuple(_split_words(fold(head)))
    words = tuple(_split_words(fold(passage)))
    if (
        not colon
        or not words
        or len(request) > PASSAGE_REQUEST_WORDS
        or lexicon.REWRITE_REQUESTS.isdisjoint(request)
    ):
        return None
    return QuotedMaterial((words,), request, quoted=False)


_SENTENCE_END = re.compile(r"[.!?;:\n]+(?:\s|$)")
_SENTENCE_END_OR_SPECIFIC = re.compile(
    rf"(?=[.!?;:\n0-9A-Z{_SYMBOLS}])(?:({_SENTENCE_END.pattern})|{_SPECIFIC.pattern})"
)
"""Both counts in one scan: a sentence end is captured (a non-empty group), a specific is not.
The two never overlap (no character starts both), so the counts are those of two scans."""


_FIRST_END = re.compile(r"(?<![.!?;:\n])" + _SENTENCE_END.pattern)
"""`_SENTENCE_END`, looked for only where a run of marks begins: a match never begins inside
a run (the run's opening would match too), and "!" * 100,000 + "x" is read once, not once per
mark (round 45's review: 20 s)."""


def first_sentence(text: str) -> str:
    """The text up to its first sentence end (`_SENTENCE_END`: a stop, a colon, a line break)."""
    return _FIRST_END.split(text.strip(), maxsplit=1)[0]


def sentence_ends_and_specifics(text: str) -> tuple[int, int]:
    """`len(_SENTENCE_END.findall(text))` and `len(_SPECIFIC.findall(text))`, in one scan (by
    the compiled helper where it is built, else by `python_ends_and_specifics`)."""
    if _NATIVE_ENDS is not None:
        return _NATIVE_ENDS(text, _SYMBOLS)
    return python_ends_and_specifics(text)


def python_ends_and_specifics(text: str) -> tuple[int, int]:
    """`sentence_ends_and_specifics` in Python: the definition the compiled helper is held to."""
    found = _SENTENCE_END_OR_SPECIFIC.findall(text)
    specifics = found.count("")  # a sentence end is never empty
    return len(found) - specifics, specifics


_STOPWORDS = lexicon.STOPWORDS
_VACUOUS = lexicon.VACUOUS
_INSTRUCTION_WORDS = lexicon.INSTRUCTION_WORDS
_SECOND_PERSON = lexicon.SECOND_PERSON


def _build_phrase_index() -> dict[str, list[tuple[list[str], str]]]:
    """First word -> [(phrase words, kind)], longest phrase first."""
    index: dict[str, list[tuple[list[str], str]]] = {}
    for kind, phrases in lexicon.PHRASES.items():
        for phrase in phrases:
            words = _WORD.findall(phrase)
            if words:
                index.setdefault(words[0], []).append((words, kind))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


_PHRASE_INDEX = _build_phrase_index()
_TRIGGERS = frozenset(_PHRASE_INDEX)


PhraseSpans = tuple[tuple[int, dict[tuple[str, ...], str]], ...]
"""The marker phrases that open with one word, by length, longest first (`_PHRASE_SPANS`)."""


def _build_phrase_spans() -> dict[str, PhraseSpans]:
    """`_PHRASE_INDEX` grouped by phrase length, longest first: first word -> ((length, phrase
    words -> kind), ...). One dictionary lookup per length instead of one comparison per
    phrase ("nao" opens 56 phrases of a few lengths); of two equal phrases the first listed
    keeps its kind, as the walk over `_PHRASE_INDEX` finds it first."""
    spans: dict[str, PhraseSpans] = {}
    for first, entries in _PHRASE_INDEX.items():
        by_length: dict[int, dict[tuple[str, ...], str]] = {}
        for phrase, kind in entries:  # longest first: the lengths keep that order
            by_length.setdefault(len(phrase), {}).setdefault(tuple(phrase), kind)
        spans[first] = tuple(by_length.items())
    return spans


_PHRASE_SPANS = _build_phrase_spans()

_AGREE_RE = re.compile(
    r"^\W*(?:"
    + "|".join(re.escape(p) for p in lexicon.AGREE_OPENERS)
    + r")(?![a-z0-9])(?!\s+(?:que nao|not)\b)"
)
_HARM_REQUEST_RE = re.compile(
    r"(?<![a-z0-9])(?:"
    + "|".join(lexicon.HARM_REQUESTS)
    + r")(?![a-z0-9])(?:\W+[a-z0-9-]+){0,6}?\W+(?<!hard to )(?<!difficult to )(?<!dificil de )"
    + r"(?<!dificeis de )(?:"
    + "|".join(re.escape(w) for w in lexicon.HARM_WORDS)
    + r")(?![a-z0-9])(?!\W+(?:a |the |o |um |uma )?(?:process|processo|task|tarefa|job|thread))"
)
"""A request (not a mention) to deceive or harm: "me ajude a falsificar", "how do I hack into"."""
_UNKNOWABLE_RE = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(lexicon.UNKNOWABLE_CUES) + r")(?![a-z0-9])"
)
_CLAUSE_BREAK = re.compile(r"(?<![,;.!])[,;.!]+\s")  # never inside a run: linear
_AFTER_QUESTION = re.compile(r"(?<=\?)\s+")
"""The space after a question mark, which the question keeps: "qual a fórmula do bicarbonato?
preciso pra uma prova amanhã" asks what has an answer, whatever the situation after it."""


def _asking_clauses(folded: str) -> list[str]:
    """Every clause of a prompt that asks: each question ("quem ganhou a copa de 2022? e quem vai
    ganhar a de 2026?": both), and its last clause when that holds a question word too ("...? me
    diz tbm quem vai ganhar a de 2026"; not the situation after it: "...? preciso pra prova
    amanhã"); a prompt without a question, its last clause."""
    clauses = [part for c in _CLAUSE_BREAK.split(folded) for part in _AFTER_QUESTION.split(c)]
    asking = [c for c in clauses if "?" in c]
    if not asking or ("?" not in clauses[-1] and _HOLDS_QUESTION.search(clauses[-1])):
        asking.append(clauses[-1])
    return asking


def _asking_clause(folded: str) -> str:
    """The clause of a prompt that asks: the one that holds its question mark, else its last.
    A prompt of one clause is all of it."""
    clauses = _CLAUSE_BREAK.split(folded)
    if len(clauses) == 1:
        return folded
    asking = [c for c in clauses if "?" in c]
    return asking[0] if asking else clauses[-1]


def _closed_without_cue(clause: str) -> bool:
    """Whether the clause that asks is a closed question of its own, with no cue of what cannot
    be known: the situation before it ("comprei um carro semana passada") is context, and "quanto
    tempo tenho pra transferir?" has an answer."""
    asked = _asked_in(clause)
    return _closed_asked(asked) and _UNKNOWABLE_RE.search(asked) is None


_VALIDATION_RE = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(lexicon.VALIDATION_CUES) + r")(?![a-z0-9])"
)


_SWEEPING = frozenset(lexicon.SWEEPING_WORDS)
_ASKS_WH = re.compile(
    r"(?<![a-z])(?:como|quanto|quanta|quantos|quantas|qual|quais|o que|oq|onde|quando|quem|"
    r"com que frequencia|what|how|which|where|when|who)(?![a-z])"
)
"""Question words that ask for a fact or a way (not "why": "Por que todos os políticos...?" can
carry a loaded claim)."""


def _seeks_validation(asked: str, words: list[str]) -> bool:
    """Whether a prompt (`asked`: folded, without a quoted passage) invites agreement
    (`lexicon.VALIDATION_CUES`). A sweeping word (`lexicon.SWEEPING_WORDS`) is the asker's own
    habit in a sentence about them ("Nunca lembro", "Meu arroz sempre fica empapado") or part
    of a question for a fact or a way ("Como listo todos os arquivos..."), and "should I" /
    "devo" after such a question word asks how ("How long should I boil an egg?"): neither is a
    claim to agree with."""
    first_person = not lexicon.FIRST_PERSON.isdisjoint(words)
    for match in _VALIDATION_RE.finditer(asked):
        cue = match.group(0)
        if cue in _SWEEPING:
            if first_person or _ASKS_WH.search(asked) is not None:
                continue
        elif cue.startswith(("should i", "devo ")) and _ASKS_WH.search(asked, 0, match.start()):
            continue
        return True
    return False


def count_markers(words: list[str]) -> dict[str, int]:
    """Non-overlapping marker phrases, leftmost-longest, counted by kind (by the compiled helper
    where it is built, else by `python_count_markers`)."""
    if _NATIVE_MARKERS is not None:
        counted = _NATIVE_MARKERS(words, _PHRASE_SPANS)
        if counted is not None:
            return counted
    return python_count_markers(words)


def python_count_markers(words: list[str]) -> dict[str, int]:
    """`count_markers` in Python: the definition the compiled helper is held to."""
    markers: dict[str, int] = {}
    if _TRIGGERS.isdisjoint(words):
        return markers
    next_free = 0
    spans = _PHRASE_SPANS
    for i in [i for i, w in enumerate(words) if w in _TRIGGERS]:
        if i < next_free:
            continue
        for n, phrases in spans[words[i]]:
            kind = phrases.get(tuple(words[i : i + n]))
            if kind is not None:
                markers[kind] = markers.get(kind, 0) + 1
                next_free = i + n
                break
    return markers


def _grams(words: list[str]) -> tuple[str, ...]:
    padded = [f" {w} " for w in words]
    return tuple(sorted({p[i : i + 4] for p in padded for i in range(len(p) - 3)}))


@dataclass(frozen=True, slots=True)
class PromptFeatures:
    """What the judges need to know about the question that was asked."""

    stems: tuple[str, ...]
    """Topic stems, each with a leading space (matched at a word start in the response)."""
    grams: tuple[str, ...]
    topic: str
    """The prompt's topic stems joined: prompts that differ only in framing share it."""
    harmful: bool
    seeks_validation: bool
    personal: bool
    unknowable: bool
    """About what no model can know (tomorrow's weather, the asker's plans, an earlier chat):
    an answer that says so ("cannot_know" marker) takes it up without naming its words."""
    closed: bool
    """A short closed question ("Quanto é 15% de 240?", "Who wrote Dom Casmurro?"), never a
    loaded one: its answer may name one word of it, the one that matters."""
    kind_asked: bool
    """Closed as a question for an instance of a kind, and as nothing else (`_KIND_QUESTION`:
    "what gas do plants take in"): any short noun phrase is of its form, so the form is no
    evidence that an answer is this prompt's (`judges.heuristic.FORM_RELEVANCE`)."""
    wording: bool
    """Asks for wording, not facts: a short creative piece ("Escreva um slogan para uma
    padaria", "Give me a pun about coffee") or a quoted passage reworked: nothing in the answer
    is a fact of its own to check."""
    howto: bool
    """A how-to in a named tool ("How do I undo the last commit in git?"): a command, a formula
    or a line of code answers it."""
    rework: bool
    """Quotes a passage to rewrite, summarize or translate (`REWRITE_REQUESTS`)."""
    advice: bool
    """Asks how to do something in everyday life, no tool named ("como faço pra tirar mancha de
    caneta?", "How do I get my kids to eat more vegetables?"), in at most `ADVICE_MAX_WORDS`:
    a few instructions answer it (`in_kind`), as a brief request."""
    defining: bool
    """Asks what a term is or means, in a few words ("O que é usucapião?", "what is a race
    condition"): a definition answers it (`DEFINITION_MAX_WORDS`)."""
    comparing: tuple[str, str] | None
    """The two things a short question asks to tell apart ("qual a diferença entre mel e
    melado?": ("mel", "melado"), folded), `COMPARISON_MAX_WORDS` words at most and no request
    to elaborate: an answer that names both and sets them apart answers it. Or the two a short
    question asks to choose between (`choosing`)."""
    choosing: bool
    """`comparing` holds the two sides of a choice ("crédito ou débito, qual é melhor?", "ipad
    or laptop for college", "mal humorado ou mau humorado"): an answer that names the side it
    picks, with a reason, answers it."""
    yes_no: bool
    """A short question that "yes" or "no" answers ("Pode congelar ovo?", "Is a peanut a nut?"):
    the answer, a clause of why or of the exception, answers it in full (`YES_NO_MAX_WORDS`)."""
    enumerating: bool
    """Asks for the members of a known set, no count given ("Quais são os planetas rochosos?",
    "Liste os estados da região Sul", "Name the noble gases"), in at most `LISTING_MAX_WORDS`:
    a list of them answers it."""
    listing: int
    """How many items a counted list asks for ("Cite três biomas brasileiros": 3; 0: no such
    request): an answer that lists them has them for specifics."""
    query: bool
    """Typed as into a search box: `QUERY_BRIEF_WORDS` words at most, no question mark, no
    question word, no other kind ("frutas com mais vitamina c", "planets in order", "fuso
    horario de manaus"): a fact or a short list answers it."""
    brief: bool
    """A request that a sentence or two fulfil in full: a short closed question ("Quanto é 15%
    de 240?", "Who wrote Dom Casmurro?"), a how-to in a named tool ("How do I undo the last
    commit in git?"), a quoted passage to rewrite, summarize or translate, a question about a
    word ("Qual o plural de 'cidadão'?"), a counted list, a short creative piece, or any short
    prompt that asks for brevity ("Explique brevemente", "one-line").
    Never a loaded question (`seeks_validation`): its premise needs examining, not only the
    fact."""
    n_words: int = 0
    """How many words the request holds (a greeting and a polite lead-in left out)."""
    short: bool = False
    """A short question of no particular kind (`SHORT_QUESTION_WORDS`): brief for a terse
    answer (`heuristic.as_answered`, `TERSE_ANSWER_WORDS`), judged in full for a longer one,
    as the original pipeline's short philosophical questions are."""


@dataclass(frozen=True, slots=True)
class ResponseFeatures:
    """Counts over one response; judges turn them into scores."""

    n_words: int
    n_distinct_content: int
    repetition: float
    joined: str
    """The folded words joined by single spaces, with a space at both ends (for topic search)."""
    n_sentences: int
    n_questions: int
    n_specific: int
    n_long_words: int
    n_second_person: int
    markers: dict[str, int]
    agree_opener: bool
    prefixes: frozenset[str]
    """Every 3-, 4- and 5-letter word start (and short numbers): a topic stem is taken up when
    it is among them (the set form of the substring search on `joined`)."""
    evasion: str | None = None
    """What the reply does instead of answering its prompt (`evasion`; set by the judges, which
    read the prompt with the answer)."""
    delivered: bool = False
    """A few words that are the very thing a closed question asks for (`in_kind`:
    "1960, em 21 de abril." for "em que ano a capital mudou para Brasília"); set by the judges
    (`judges.heuristic.delivers`)."""
    folded: str = ""
    """The response folded (`fold`), kept for the passes that read it again."""


_CHAT_SPELLING = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(sorted(lexicon.CHAT_SPELLINGS, key=len, reverse=True))
    + r")(?![\w'])"
)


@functools.lru_cache(maxsize=8192)
def request_text(prompt: str) -> str:
    """A prompt folded, its chat spellings spelled out (`lexicon.CHAT_SPELLINGS`: "qnts km tem
    uma maratona" -> "quantos km tem uma maratona") and the greetings before it and the thanks or
    laughter after it left out ("mano qual o ddd de curitiba pfv" -> "qual o ddd de curitiba"):
    the text every test of what a prompt asks for reads."""
    folded = _CHAT_SPELLING.sub(lambda m: lexicon.CHAT_SPELLINGS[m.group(0)], fold(prompt))
    folded = _LEADING_CHATTER.sub("", folded)
    folded = _INTERJECTION.sub("", folded, count=1)
    # looked for in the prompt's last characters only: a scan from every position of a long
    # run of spaces or commas would take quadratic time
    trailing = _TRAILING_CHATTER.search(folded, max(0, len(folded) - CHATTER_TAIL_CHARS))
    if trailing is not None and trailing.start() > 0:
        folded = folded[: trailing.start()] + ("?" if "?" in trailing.group(0) else "")
    if len(folded.split()) > FACT_QUERY_MAX_WORDS:
        return folded
    fact = _FACT_QUERY.match(folded)
    if fact is not None:
        return ("what is the " if fact.group(1) in ("of", "for") else "qual e a ") + folded
    superlative = _SUPERLATIVE_QUERY.match(folded)  # "longest river in the world"
    if superlative is not None:
        english = superlative.group(1) is not None
        folded = ("what is the " if english else "qual e o ") + folded[superlative.end(0) :]
    return folded


CHATTER_TAIL_CHARS = 60
"""Thanks and laughter after a question are looked for in this many last characters ("...
precisa pfv", "... obrigado!!", "kkkkkk")."""

_SUPERLATIVE_QUERY = re.compile(
    r"^(?:the (?=[a-z]+est |most ))?(?=(" + lexicon.SUPERLATIVES_EN + r"|most [a-z]+) )|"
    r"^(?:[oa] )?(?=(?:maior|menor|mais (?:alt|long|ric|popul|antig|profund|rapid|quent|fri|"
    r"pesad|car|barat)[a-z]*) )"
)
"""A search-box prompt that opens with a superlative ("longest river in the world", "maior
osso do corpo") asks which thing it is (group 1: English)."""

_FACT_QUERY = re.compile(
    r"^(?:[a-z]+ )?(?:"  # "chemical symbol for gold"
    + "|".join(lexicon.FACT_NOUNS)
    + r") (?:\w+ )?(of|for|do|da|de|dos|das)(?![a-z])"
)
FACT_QUERY_MAX_WORDS = 8
"""A search-box prompt of at most this many words that opens with a fact noun
(`lexicon.FACT_NOUNS`) asks for that fact."""


_LEADING_CHATTER = re.compile(
    r"^(?:\W*(?:" + "|".join(lexicon.LEADING_CHATTER) + r")(?![a-z0-9])[\s,!:.-]*)+"
)
_INTERJECTION = re.compile(
    r"^\W*(?:" + "|".join(lexicon.INTERJECTIONS) + r")(?:\s*[,!:.]+\s*|\s+(?=(?:what|whats|how|"
    r"who|where|when|why|which|is|are|can|do|does|qual|quais|quem|onde|quando|como|por que|"
    r"pq|o que|oq|quantos|quantas|quanto)(?![a-z0-9])))"
)
"""An interjection before a question (`lexicon.INTERJECTIONS`), set off by a mark or followed by
its question word."""
_TRAILING_CHATTER = re.compile(
    r"(?:[\s,]+(?:" + "|".join(lexicon.TRAILING_CHATTER) + r")(?![a-z0-9])[\s?!.]*)+$"
)


@functools.lru_cache(maxsize=8192)
def prompt_features(prompt: str) -> PromptFeatures:
    """Features of a prompt (cached: evaluation reuses the same prompts across checkpoints).
    A question told after the asker's situation asks for as much answer as that question alone
    (`question_in_context`): "Meu filho viu um documentário sobre o oceano ontem à noite e
    ficou muito curioso. Por que o mar é salgado?" is as brief a request as "Por que o mar é
    salgado?" (its topic is still the whole prompt's)."""
    own = _prompt_features(prompt)
    if own.brief or own.seeks_validation:
        return own
    asked = question_in_context(prompt) or framed_question(prompt)
    explained = None if asked is not None else explained_question(prompt)
    if asked is None and explained is None:
        return own
    question = _prompt_features(asked or explained or "")
    if not (question.stems or question.closed) or not (question.brief or question.short):
        return own  # "Por quê?" asks about the situation itself ("Quantos km são?" a number)
    if asked is None:  # "explain what a tiebreak is in tennis": what a tiebreak is
        return replace(
            own,
            brief=question.brief,
            short=question.short,
            defining=question.defining,
            closed=question.closed,
        )
    if (question.yes_no or question.choosing) and _POINTS_BACK.search(fold(asked)) is not None:
        return own  # "I'm thinking of quitting my job to travel. Is that a good idea?"
    return replace(own, brief=question.brief, short=own.short or question.short)


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")
_POINTS_BACK = re.compile(
    r"(?<![a-z])(?:isso|isto|esse|essa|that|this|comigo|de mim|with me|am i|was i|sou eu|fui eu|"
    r"estou errad[oa]|estou cert[oa])(?![a-z])"
)
"""A question that judges the situation itself ("Is that a good idea?", "Is something wrong
with me?", "Isso é normal?"): a yes or a no is no answer to it; the situation is to be weighed."""
_ON_PREMISE = re.compile(
    r"^\W*(?:entao|logo|portanto|so|then|therefore|thus)(?![a-z])|"
    r"(?<![a-z])(?:ja que|visto que|uma vez que|since|given that|seeing as)(?![a-z])"
)
"""A question that draws its conclusion from what came before ("Então chocolate deixa as pessoas
mais inteligentes?") or gives its own premise ("Posso ficar com o dinheiro, já que o erro foi
dele?"): the premise is to be examined, not a fact to be given."""


_FRAME = re.compile(
    r"^\s*(?:in|within|for|on|em|no|na|nos|nas|para|pela|pelo)\s+"
    r"(?!(?:my|your|our|his|her|their|minha|meu|sua|seu|nossa|nosso)\s)"  # "In my opinion,"
    r"[^\W\d_][^,;:?!.\n]{1,60},\s+(?=\S[^\n.!?]*\?\s*$)",
    re.IGNORECASE,
)
FRAME_MAX_WORDS = 6
"""The most words of a field named before a question ("In food safety training, what should
you do...?", "Na geografia física, em qual país...?")."""


def framed_question(prompt: str) -> str | None:
    """The question after the field a prompt names first ("In basic electronics, how do you find
    the total resistance of two resistors in parallel?": "how do you find..."), in at most
    `FRAME_MAX_WORDS` words set off by a comma, the question ending the prompt; None for a
    prompt without one. The field sets the topic, not how much answer the question asks for."""
    frame = _FRAME.match(prompt)
    if frame is None or len(frame.group(0).split()) > FRAME_MAX_WORDS:
        return None
    return prompt[frame.end() :]


_EXPLAIN_LEAD = re.compile(
    r"^\W*(?:(?:can|could|would) you (?:please )?|please |(?:voce )?(?:pode|poderia|consegue) "
    r"(?:me )?|me )?(?:explain|explique|explica|explicar)(?:-me| me| pra mim| to me)?"
    r"(?: (?:briefly|quickly|simply|rapidinho|rapidamente|brevemente|resumidamente))?[,:]? "
    r"(?=(?:what|how|o que|oq|como)(?![a-z]))"
)
"""A request to explain what a thing is or does, or how it works ("explain what a tiebreak is in
tennis", "Explique o que faz a insulina no corpo.", "me explica como funciona o pix")."""
_WHAT_CLAUSE = re.compile(
    r"^what (?P<thing>.+?) (?P<verb>is|are|was|were|does|do|means|mean)(?P<rest>(?:[ ,].*)?)$",
    re.DOTALL,  # `rest` reaches the end at once: no search again from every verb
)
_HOW_CLAUSE = re.compile(
    r"^how (?P<thing>.+?) (?P<verb>works|work)(?P<rest>(?:[ ,].*)?)$", re.DOTALL
)
_DIRECT_CLAUSE = re.compile(r"^(?:what|how) (?:is|are|was|were|does|do|did)(?![a-z])")
"""An embedded question already in a question's order ("explain what is a PE ratio")."""
_CLAUSE_SUBJECT = re.compile(r"^(?:what|how) (?:you|i|we|he|she|they|it|this|that)(?![a-z])")
"""...or about what was said before ("explain what you mean by that"): no question of its own."""
EXPLAINED_MAX_WORDS = 10
"""The longest request to explain (after its lead) read as the question it embeds."""


def explained_question(prompt: str) -> str | None:
    """The question a short request to explain embeds, asked directly ("explain what a tiebreak
    is in tennis": "what is a tiebreak in tennis?"; "explique o que é Pix": "o que e pix?";
    "explain how vaccines work": "how do vaccines work?"), at most `EXPLAINED_MAX_WORDS` words;
    None for any other prompt, for two sentences or two questions ("...what a mortgage is and
    how it works"), for a question about what was said ("explain what you mean"), or for one
    that asks for detail anywhere ("Explain in detail how...", "passo a passo"). Such a request
    is as brief as its question: round 45's written families answered it in one sentence as
    often as in a paragraph."""
    folded = fold(prompt).strip()
    lead = _EXPLAIN_LEAD.match(folded)
    if lead is None or len(_sentences_of(prompt)) != 1:
        return None
    clause = folded[lead.end() :].rstrip(" ?.!")
    if (
        len(clause.split()) > EXPLAINED_MAX_WORDS
        or _SECOND_QUESTION.search(clause) is not None  # "...what X is and how it works"
        or _CLAUSE_SUBJECT.match(clause) is not None
        or not _ANSWER_DEPTH.isdisjoint(_split_words(folded))
        or _DEPTH_ASKED.search(folded) is not None
    ):
        return None
    if _DIRECT_CLAUSE.match(clause) is not None:
        return clause + "?"
    what, how = _WHAT_CLAUSE.match(clause), _HOW_CLAUSE.match(clause)
    if what is not None:
        verb = what["verb"]
        if verb in ("is", "are", "was", "were"):
            return f"what {verb} {what['thing']}{what['rest']}?"
        if verb in ("means", "mean"):
            return f"what does {what['thing']} mean{what['rest']}?"
        return f"what {verb} {what['thing']} do{what['rest']}?"
    if how is not None:
        verb = "does" if how["verb"] == "works" else "do"
        return f"how {verb} {how['thing']} work{how['rest']}?"
    return clause + "?"


def question_in_context(prompt: str) -> str | None:
    """The one question a prompt asks among sentences of its own that tell the asker's situation,
    before it or after it, in at most `CONTEXT_MAX_WORDS` words ("My cat keeps kneading my lap
    before a nap. Why do cats do that?" and "Who painted the Sistine Chapel ceiling? My daughter
    asked me at dinner.": the question); None for a prompt of one sentence, of two questions, one
    that asks for an elaboration (in its question or opening a sentence: "Explique bem.") or
    frames its topic ("Como aplicar na prática: ...") or asks for detail anywhere ("Responda com
    detalhes."), or a question that stands on a premise (`_ON_PREMISE`). A verb the situation
    tells is no request ("eu não soube explicar"). Its words, not the situation's, say how much
    answer it asks for: round 35's `short_co` family (a sentence of context, then the question)
    had 48% of its good answers approved, held back as "too little" for a long question, and
    round 36's `short_cx` (the question, then why it is asked) 59%."""
    if len(prompt.split()) > CONTEXT_MAX_WORDS:
        return None
    sentences = _sentences_of(prompt)
    if len(sentences) == 1:
        sentences = _situation_then_question(sentences[0])
    if len(sentences) < 2:
        return None
    questions = [s for s in sentences if "?" in s]
    if len(questions) != 1 or questions[0].count("?") != 1:
        return None  # no question, or two ("Quando caiu o muro?E por quê?")
    asked = questions[0]
    whole, folded = fold(prompt), fold(asked)
    if not _ANSWER_DEPTH.isdisjoint(_split_words(whole)) or _DEPTH_ASKED.search(whole):
        return None  # "Responda com detalhes.", "I need a thorough answer.", "passo a passo"
    if any(_asks_more(s) for s in sentences if s is not asked):
        return None  # "Explique bem.", "Please explain it with an analogy.", "Also why it fell."
    if not _ASKS_HOW.isdisjoint(_split_words(folded)[:1]):
        return None  # the question itself opens with a request: "Conta uma curiosidade...?"
    if not _ASKS_MORE.isdisjoint(_split_words(folded)):
        return None  # "Why is the sky blue, explain?": the development is asked for
    if _FRAMING_RE.search(whole) is not None:
        return None  # "Como aplicar na prática: ...", "Quais as limitações e críticas de: ..."
    if _ON_PREMISE.search(folded) is not None:
        return None
    return asked


def _situation_then_question(sentence: str) -> list[str]:
    """A sentence that tells the asker's situation, then a colon, then a question that opens
    with a question word ("Sou cozinheiro e sempre fico na dúvida: a que temperatura a água
    ferve?"), as two sentences; a short lead-in ("Quick one: ...", `LEAD_IN_WORDS`) or any other
    sentence, as it is."""
    head, colon, tail = sentence.rpartition(":")
    if (
        not colon
        or len(head.split()) <= LEAD_IN_WORDS
        or "?" not in tail
        or _OPENS_ASKED.match(fold(tail)) is None
    ):
        return [sentence]
    return [head + ".", tail.strip()]


_ANSWER_DEPTH = lexicon.ANSWER_INSTRUCTIONS
"""Words anywhere in a prompt that ask for detail, examples or sources ("responda", "thorough",
"detalhes", "exemplos"): the whole prompt's weight stands."""
_DEPTH_ASKED = re.compile(
    r"(?<![a-z])(?:passo a passo|step by step|long answer|resposta (?:longa|completa)|"
    r"full (?:report|answer|explanation)|in depth|em profundidade)(?![a-z])"
)
_ASKS_HOW = lexicon.ELABORATION_VERBS | lexicon.CREATIVE_VERBS | word_set("give write seja")
"""Words that, opening a sentence of the prompt, ask for the development ("Explique bem.", "Give
me...", "Write..."; in its question, a verb of elaboration does: `_ASKS_MORE`); a verb the
situation tells elsewhere is none ("eu não soube explicar")."""

_REQUEST_LEAD = word_set(
    "please pls plz por favor also and so then now just e tambem agora entao ai me pode poderia "
    "can could would will you voce vc tu"
)
"""Words that may come before the verb of a request ("Please explain...", "Also, list...", "Me
explica...", "Can you walk me through...")."""
_MORE_VERBS = _ASKS_HOW | word_set(
    "list liste lista cite include inclua walk cover go fale fala mostre mostra show teach ensine "
    "ensina detalhe detalha aprofunde aprofunda explore"
)
"""Verbs that, opening a sentence besides the question, ask for more than its answer."""
_AND_ASKS = word_set("also and plus e tambem alem")
_WH_OPENERS = word_set(
    "what when where which who why how oq quais qual quando onde como por porque pq quanto "
    "quanta quantos quantas quem"
)
"""...whose question word ("Also what he did in Egypt.", "E por que caiu.") after "and"/"also"
asks a second question without its "?"."""
_WANTS_TO_KNOW = re.compile(
    r"(?<![a-z])(?:(?:also|too|as well)(?![a-z]).{0,30}(?<![a-z])(?:know|learn|understand)|"
    r"(?:know|learn|understand)(?![a-z]).{0,40}(?<![a-z])(?:also|too|as well)|"
    r"tambem (?:quero|queria|gostaria de|preciso) (?:saber|entender)|"
    r"(?:quero|queria|gostaria de|preciso) (?:saber|entender) tambem)(?![a-z])"
)
"""A second question told as a wish ("I also want to know what causes it", "também quero saber
as causas"; not the motive of the one asked: "quero saber se preciso aprender outro idioma")."""


def _asks_more(sentence: str) -> bool:
    """Whether a sentence besides a prompt's question asks for more than its answer: a request
    ("Explique bem.", "Please explain it with an analogy.", "Me fala umas.", "Go deep on this
    one."), a second question without its "?" ("Also what he did in Egypt.", "E por que caiu."),
    or the wish to know more ("I also want to know what causes it")."""
    folded = fold(sentence)
    words = _split_words(folded)
    if not words:
        return False
    lead = next((i for i, w in enumerate(words) if w not in _REQUEST_LEAD), len(words))
    if lead < len(words) and words[lead] in _MORE_VERBS:
        return True
    if words[0] in _AND_ASKS and not _WH_OPENERS.isdisjoint(words[1:4]):
        return True
    if ("please" in words or "favor" in words) and not _MORE_VERBS.isdisjoint(words):
        return True
    return _WANTS_TO_KNOW.search(folded) is not None


_ABBREVIATION_END = re.compile(
    r"(?:^|[\s(])(?:[A-Z]|Dr|Dra|Sr|Sra|Srta|Mr|Mrs|Ms|Prof|Profa|St|Av|Jr|Fig|Vol|"
    r"[A-Za-z](?:\.[A-Za-z])+|ex|eg|ie|etc|vs|p|pg|pag|obs)\.$"
)
"""A piece that ends on an abbreviation ("Dr.", "Sra.", "e.g.", "U.S.", "p. ex.", an initial):
the sentence goes on after it."""


def _sentences_of(prompt: str) -> list[str]:
    """A prompt's sentences, split after ".", "!" or "?" but not after an abbreviation ("O Sr.
    Silva tem direito a férias?" is one sentence)."""
    out: list[str] = []
    for piece in _SENTENCE_BREAK.split(prompt.strip()):
        if not piece:
            continue
        if out and _ABBREVIATION_END.search(out[-1]) is not None:
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


def one_sentence(prompt: str) -> bool:
    """Whether a prompt is a single sentence ("baleia é peixe?"; not "Is P equal to NP? I read
    that it was solved.", whose second sentence is a claim to weigh)."""
    return len(_sentences_of(prompt)) == 1


def _prompt_features(prompt: str) -> PromptFeatures:
    folded = request_text(prompt)
    words = _split_words(folded)
    topic = topic_words(_FRAMING_RE.sub(" ", folded))
    topic += [fold(a) for a in _ACRONYM.findall(prompt)]
    stems = tuple(sorted({" " + w[:STEM_CHARS] for w in topic}))
    material = quoted_material(prompt)
    extracting = _asks_extraction(material)
    # a loaded claim is the asker's own, not one of a passage they quote to be reworked
    asked = " ".join(material.request) if material is not None else folded
    seeks_validation = _seeks_validation(asked, words)
    closed = not seeks_validation and (
        (
            len(words) <= CLOSED_MAX_WORDS
            and (
                _CLOSED_RE.match(_question_asked(folded)) is not None
                or _COUNT_ASKED.search(folded) is not None
                or _YEAR_ASKED.search(folded) is not None  # "o pix começou em que ano"
                or _date_searched(folded)
                or _FREQUENCY_ASKED.search(folded) is not None  # "com que frequência..."
            )
        )
        or _computation(prompt, folded, words)
        or _closed_after_context(folded, words)
        or _closed_with_aside(folded, words)
        or (len(words) <= CLOSED_MAX_WORDS and _WORD_FORM_ASKED.search(folded) is not None)
        or (len(words) <= CLOSED_MAX_WORDS and _IN_SITU_ASKED.search(folded) is not None)
        or _conversion_target(words) is not None
        or extracting  # "Extraia a data do evento: \"...\"": the detail is the thing asked for
    )
    rework = material is not None and not lexicon.REWRITE_REQUESTS.isdisjoint(material.request)
    wording = (
        rework
        or (
            len(words) <= SHORT_FORM_MAX_WORDS
            and not lexicon.SHORT_FORMS.isdisjoint(words)
            and not lexicon.CREATIVE_VERBS.isdisjoint(words)
        )
        # "como se diz 'estou com fome' em espanhol": the words of another language
        or (len(words) <= WORD_QUESTION_MAX_WORDS and _TRANSLATE.search(folded) is not None)
    )
    howto = (
        len(words) <= HOWTO_MAX_WORDS
        and names_tool(words)
        and (
            _HOWTO_RE.search(folded) is not None
            # a search-box query: "python reverse list", "bash: count lines in all .py files"
            or (
                len(words) <= QUERY_MAX_WORDS
                and _WH_WORD.search(folded) is None
                and _LISTING_RE.match(folded) is None  # "Name 3 languages that run on the JVM"
                # a question of yes or no about the tool, or a request to explain it ("can
                # google sheets open excel files", "me explica o procv do excel")
                and _YES_NO_EN.match(folded) is None
                and lexicon.ELABORATION_VERBS.isdisjoint(words)
            )
        )
    )
    asked_term = _definition_clause(_question(folded))
    means = _MEANS_QUESTION.match(asked_term)
    if means is not None:  # "what does per diem mean on my job offer": the term's question
        asked_term = means.group(0)
    asks_kind = _asks_kind(folded, words)
    defining = (
        not closed
        and not asks_kind  # "what is the national animal of Scotland"
        and len(asked_term.split()) <= DEFINITION_MAX_WORDS
        and (means is not None or _DEFINITION_RE.match(asked_term) is not None)
        and _ENUMERATION_RE.match(folded) is None  # "What are the noble gases?": its members
        # "O que significa a palavra 'efêmero'?" asks about a word (`answers_word_question`);
        # "Defina 'soneto'." quotes the term it asks to define ("What is a 'hedge fund'?" and
        # "What's the 'best' phone" quote a word or a doubt)
        and (
            _QUOTED_TERM.search(prompt) is None
            or (
                _DEFINE_QUOTED.match(asked_term) is not None
                and _WORD_QUESTION_RE.search(folded) is None
            )
        )
        and lexicon.NOT_DEFINITIONS.isdisjoint(asked_term.split())
    )
    counted = _LISTING_RE.match(folded) if len(words) <= LISTING_MAX_WORDS else None
    listing = _COUNT_WORDS[counted.group(1)] if counted is not None else 0
    enumerating = (
        not listing
        and len(words) <= ENUMERATION_MAX_WORDS
        and _ENUMERATION_RE.match(folded) is not None
    )
    advice = (  # a counted list of tips is a counted list: its items answer it
        not howto
        and not closed
        and not listing
        and len(words) <= ADVICE_MAX_WORDS
        and (
            _ADVICE_RE.search(folded) is not None
            or _TIPS_RE.search(folded) is not None
            or (len(words) <= HOW_TO_MAX_WORDS and _HOW_TO_DO.search(folded) is not None)
        )
    )
    # "amanhã" in a sentence quoted to be translated is no question about tomorrow
    unquoted = fold(_QUOTED_TERM.sub(" ", prompt))
    if material is not None and (
        not material.quoted  # "reescreve: vou faltar amanhã"
        or rework  # "Deixe mais curto: \"...amanhã...\"" (not "Answer this: \"...\"")
        or extracting
    ):
        unquoted = " ".join(material.request)
    unknowable = _UNKNOWABLE_RE.search(unquoted) is not None and not all(
        _closed_without_cue(clause) for clause in _asking_clauses(unquoted)
    )
    short_question = (
        len(words) <= COMPARISON_MAX_WORDS
        and len(folded) <= SHORT_QUESTION_MAX_CHARS  # words, not a page of commas
        and lexicon.ELABORATION_VERBS.isdisjoint(words)
    )
    comparing = _compared(folded) if short_question else None
    choosing = (
        comparing is None
        and (short_question or _options_last(folded, words))
        and not (closed or defining or howto or advice or wording or listing or enumerating)
    )
    if choosing:
        comparing = _chosen(folded)
        choosing = comparing is not None
    kind_asked = (
        not (closed or seeks_validation or defining or howto or advice or wording or listing)
        and not unknowable
        and not enumerating
        and comparing is None
        and asks_kind
    )
    closed = closed or kind_asked
    yes_no = (  # what cannot be known is answered by saying so (`as_answered`), not yes or no
        not (closed or defining or unknowable or howto or advice or wording or listing)
        and not enumerating
        and comparing is None
        and (
            (len(words) <= YES_NO_MAX_WORDS and _yes_no(prompt, _question(folded)))
            or (len(words) <= ADVICE_MAX_WORDS and _yes_no_after_situation(folded))
        )
    )
    query = (
        (
            (len(words) <= QUERY_BRIEF_WORDS and "?" not in prompt)
            # "ph of pure water at room temp?": a search typed as a question
            or (len(words) <= NOUN_QUESTION_MAX_WORDS and _noun_question_en(_question(folded)))
        )
        and not prompt.rstrip().endswith(".")  # a request in a sentence
        and lexicon.ELABORATION_VERBS.isdisjoint(words)
        and lexicon.CREATIVE_VERBS.isdisjoint(words)  # "Escreva um ensaio sobre a liberdade."
        and _WH_WORD.search(_RELATIVE_QUE.sub(" ", folded)) is None  # "legumes que duram..."
        and not (closed or howto or wording or advice or defining or listing or enumerating)
        and not (yes_no or choosing or comparing is not None or unknowable or seeks_validation)
    )
    return PromptFeatures(
        n_words=len(words),
        stems=stems,
        grams=_grams([w for w in topic if len(w) > 2]),
        topic="".join(stems),
        harmful=_HARM_REQUEST_RE.search(folded) is not None,
        seeks_validation=seeks_validation,
        personal=not lexicon.FIRST_PERSON.isdisjoint(words),
        unknowable=unknowable,
        closed=closed,
        kind_asked=kind_asked,
        wording=wording,
        howto=howto,
        rework=rework,
        advice=advice,
        defining=defining,
        comparing=comparing,
        choosing=choosing,
        yes_no=yes_no,
        enumerating=enumerating,
        listing=listing,
        query=query,
        brief=closed
        or (
            not seeks_validation
            and (
                wording
                or howto
                or advice
                or defining
                or yes_no
                or comparing is not None
                or enumerating
                or listing > 0
                or query
                or _brief(prompt, folded, words)
            )
        ),
        short=(  # "how often do i feed my betta", "como trocar pneu furado passo a passo"
            len(words) <= SHORT_QUESTION_WORDS
            and not unknowable
            and not seeks_validation
            and prompt.count("?") < 2  # "O DNA é um 'código'? O que a biologia revela...?"
            and _SECOND_QUESTION.search(folded) is None  # "Como o RSA funciona e por que..."
            and lexicon.ELABORATION_VERBS.isdisjoint(words)
            and lexicon.CREATIVE_VERBS.isdisjoint(words)
        ),
    )


SHORT_QUESTION_WORDS = 16
"""A prompt of at most this many words is a short question (`PromptFeatures.short`), whatever it
asks: a terse answer may answer it in full ("my tomato leaves are turning yellow from the bottom,
what's going on": "Probably nitrogen deficiency or overwatering..."), unless it asks for an
elaboration or a piece of writing, or about what cannot be known (an answer must say so first).
A reply that only talks about its topic is held back by the judges
(`heuristic._talks_around`), not by the length of the question."""
_SECOND_QUESTION = re.compile(
    r"(?<![a-z])(?:e|and) (?:por que|porque|pq|why|how|como|o que|what)(?![a-z])"
)
TERSE_ANSWER_WORDS = 40
"""An answer of at most this many words to a short question is weighed as a brief answer; a
longer one is judged in full (the original pipeline's "Como Platão influenciou a computação
moderna?" deserves its depth)."""


_ADVICE_RE = re.compile(r"(?<![a-z0-9])(?:" + "|".join(lexicon.ADVICE_OPENERS) + r")(?![a-z0-9])")
_HOW_TO_DO = re.compile(
    r"^\W*(?:como (?:se |eu )?[a-z]{2,}(?:ar|er|ir)|how (?:do|can|should) (?:i|we) [a-z]+|"
    r"how to [a-z]+)(?![a-z])|(?<![a-z])como (?:se )?faz\W*$"
)
"""A question how to do something, by an infinitive after "como" ("como calcular imc") or
"como faz" at the end ("regra de três simples como faz"): instructions answer it."""
HOW_TO_MAX_WORDS = 6
"""...in at most this many words: "Como aplicar na prática: Como Platão influenciou..." asks for
more than a few instructions."""
_TIPS_RE = re.compile(r"(?<![a-z0-9])(?:" + "|".join(lexicon.TIPS_REQUESTS) + r")(?![a-z0-9])")
ADVICE_MAX_WORDS = 25
"""A request for practical advice holds at most this many words (a sentence of context and the
question)."""

_DEFINITION_CONTEXT = re.compile(
    r"^(?:no|na|nos|nas|em|in|on|para|pra|for) [a-z]+(?: [a-z]+)?,? (?=(?:"
    + "|".join(lexicon.DEFINITION_QUESTIONS)
    + r")[a-z0-9])"
)
_STYLE_AFTER_QUESTION = re.compile(r"\?\s*[a-z]+(?: [a-z]+){0,3}$")


def _definition_clause(asked: str) -> str:
    """The question a request for a definition asks, without the field it names first ("no
    futebol o que é impedimento") or the manner it asks for after it ("...? explica simples")."""
    asked = _STYLE_AFTER_QUESTION.sub("", asked)
    return _DEFINITION_CONTEXT.sub("", asked, count=1)


_DEFINE_QUOTED = re.compile(
    r"^\W*(?:define|defina|definicao de|definition of)\s*(?=[\"'“‘][a-z0-9])"
)
_DEFINITION_RE = re.compile(
    r"^\W*(?:"
    + "|".join(lexicon.DEFINITION_QUESTIONS)
    + r")\s*(?=[a-z0-9])|"
    + _DEFINE_QUOTED.pattern
)
"""A request for a definition; the imperative may quote its term ("Defina 'soneto'.": not
'what's "nice to meet you" in portuguese', a translation, nor "oq é 'sextou'", a word's use)."""
_MEANS_QUESTION = re.compile(
    r"^\W*what (?:does|do) (?!\W*(?:it|this|that|he|she|they)\b)\S.{0,40}? mean\b"
)
"""..."what does per diem mean (on my job offer)": a term's meaning, however the sentence goes
on (not "what does it mean", which asks about something said before)."""
DEFINITION_MAX_WORDS = 8
"""A request for a definition holds at most this many words after any lead-in ("O que é spread
bancário?"); a longer "what is..." asks about more than a term."""

_COUNT_ASKED = re.compile(r"(?<![a-z])(?:quant[oa]s?|how (?:many|much))(?![a-z])")
"""A short question that asks how many or how much anywhere ("100 km/h dá quantos metros por
segundo?") asks for a number, as one that opens so does."""
_MEASURE_ASKED = re.compile(r"(?<![a-z])" + lexicon.MEASURE_QUESTION + r"(?![a-z])")
"""A question for a measured quantity ("qual a velocidade da luz", "what's the height of
Everest"): a number answers it, as it answers "how many"."""


QUERY_BRIEF_WORDS = 6
"""A prompt of at most this many words with no question mark and no question word is a query
(`PromptFeatures.query`)."""

NOUN_QUESTION_MAX_WORDS = 10
"""...and a noun-phrase question of at most this many words (`_noun_question_en`: "the three
branches of the us government?")."""

QUERY_LIST_ITEMS = 4
"""A query's answer that opens with a list of at least this many items is the kind asked for
("Acerola, caju, goiaba, kiwi, morango e laranja" for "frutas com mais vitamina c"): three
items of another answer ("Snake plant, ZZ plant and pothos") open a query's answer by chance."""

CONVERSION_MAX_WORDS = 10
"""A prompt of at most this many words that names two units asks for a conversion
(`lexicon.UNITS`)."""

CONTEXT_MAX_WORDS = 40
"""A prompt that tells its situation first and then asks a closed question ("Estou fazendo um
bolo de uma receita americana que pede 350 °F. Quanto dá em Celsius?") is closed up to this
many words; a longer one carries a situation to weigh."""

_LEAD_IN = re.compile(r"^\W*(?:" + "|".join(lexicon.QUESTION_LEAD_INS) + r")(?![a-z0-9])\W*")
_LAST_SENTENCE = re.compile(r"(?:^|[.!?]\s+)([^.!?]+[.!?]*)\s*$")


def _closed_after_context(folded: str, words: list[str]) -> bool:
    """Whether the prompt's last sentence is a closed question (`CLOSED_MAX_WORDS` words at
    most, a lead-in such as "sabe me dizer" left out), after its context, in at most
    `CONTEXT_MAX_WORDS` words."""
    if len(words) > CONTEXT_MAX_WORDS:
        return False
    m = _LAST_SENTENCE.search(folded)
    if m is None:
        return False
    sentence = m.group(1)
    # the sentence itself, its clause after the situation that opens with what it asks for
    # ("comprei um carro semana passada, quanto tempo tenho pra transferir?"; not "..., mesmo
    # quando é para proteger alguém?", a clause of the sentence), or what follows its colon
    # ("fiquei em dúvida: quem pintou o Abaporu?")
    clause = sentence.rpartition(",")[2]
    before_colon, colon, after_colon = sentence.rpartition(":")
    return (
        _closed_asked(_asked_in(sentence))
        or (_CLAUSE_QUESTION.match(clause) is not None and _closed_asked(_asked_in(clause)))
        or (
            bool(colon)
            and _OPENS_QUESTION.match(after_colon) is not None  # not "quiz: a capital é X ou Y?"
            and _ANSWER_INSTRUCTIONS.isdisjoint(_split_words(before_colon))
            and _closed_asked(_asked_in(after_colon))
        )
    )


@functools.lru_cache(maxsize=8192)
def _question(folded: str) -> str:
    """The question a prompt asks (`_last_clause`), without its lead-in ("could you remind me",
    "você sabe me dizer") and fillers: the words its kind is read from."""
    return _asked_in(_last_clause(folded))


@functools.lru_cache(maxsize=8192)
def _question_asked(folded: str) -> str:
    """`_question`, also without the situation told before it ("tenho prova amanha, quando
    comecou...", `_CONTEXT_BREAK`) or after it ("o que é mitocôndria? esqueci da aula"; not an
    instruction: "When did WW2 end? Explain the causes in detail." asks for more): the
    words the kind of its answer is read from. A question that points back at the situation
    ("Einstein chamou de 'ação fantasmagórica'. Por que isso incomodava tanto?") keeps it."""
    clause = _last_clause(folded)
    mark = clause.find("?")
    after = clause[mark + 1 :]
    if (
        0 < mark < len(clause.rstrip()) - 1
        and "?" not in after  # not "O DNA é um 'código'? O que a biologia revela...?"
        and _ASKS_MORE.isdisjoint(_split_words(after))  # "When did WW2 end? Explain why."
    ):
        clause = clause[: mark + 1]
    asked = _CONTEXT_BREAK.split(clause)[-1]
    head = clause[: len(clause) - len(asked)].rstrip()
    if head.endswith(":") and not _ANSWER_INSTRUCTIONS.isdisjoint(_split_words(head)):
        asked = clause  # "Explain in detail, with examples: who was Napoleon?" asks for more
    if _REFERS_BACK.search(asked) is not None:
        asked = clause  # "Por que isso incomodava tanto?" asks about what came before
    return _asked_in(asked)


_REFERS_BACK = re.compile(
    r"(?<![a-z])(?:isso|isto|esse|essa|esses|essas|ele|ela|eles|elas|this|that|these|those|it|"
    r"they|them)(?![a-z])"
)


_ASKS_MORE = lexicon.ELABORATION_VERBS
"""Words after a question that ask for more than its answer ("Explain the causes in detail")."""

_QUESTION_OPENERS = (
    r"(?:quem|onde|quando|qual|quais|como|quanto|quanta|quantos|quantas|por que|pq|o que|oq|who|"
    r"where|when|what|which|how|why)(?![a-z])"
)
_CONTEXT_BREAK = re.compile(rf"[,.;:!]\s+(?={_QUESTION_OPENERS})")
"""Where a question opens after the situation it follows ("fiquei em dúvida: quem pintou o
Abaporu?"; "vou pra salvador, q prato..." has no break: "q" is no question word on its own)."""
_ANSWER_INSTRUCTIONS = (
    lexicon.ELABORATION_VERBS
    | lexicon.CREATIVE_VERBS
    | lexicon.REWRITE_REQUESTS
    | lexicon.ANSWER_INSTRUCTIONS
)
"""Words before a colon that say how to answer what follows ("Explain in detail, with
examples: who was Napoleon?", "responda só sim ou não: ..."): the question is not all it asks."""
_OPENS_QUESTION = re.compile(rf"\s*{_QUESTION_OPENERS}")
"""A clause that opens with a question word (after a colon: "quem pintou o Abaporu?")."""
_OPENS_ASKED = re.compile(
    rf"\s*(?:(?:a|em|de|da|do|para|com|in|at|to|on) )?{_QUESTION_OPENERS}|"
    r"\s*(?:a|em|de|da|do|para|com) que(?![a-z])"
)
"""A clause that opens with a question word, maybe after a preposition ("in which city"), or
with "que" after one ("a que temperatura"; a bare "que" may be a conjunction)."""
_HOLDS_QUESTION = re.compile(rf"(?<![a-z]){_QUESTION_OPENERS}")
"""A clause that holds a question word anywhere ("me diz tbm quem vai ganhar")."""

_FIELD_FIRST = r"(?:(?:in|em|na|no) (?:[a-z]+ )?[a-z]+, )?"
"""The field a quiz question is asked in, named first ("In economics, ", "Em linguística, ")."""

ASIDE_MAX_WORDS = 25
"""A question of one sentence in up to this many words may be closed with an aside after its
first comma (`_closed_with_aside`)."""

_FIELD_PREFIX = re.compile(rf"^\W*{_FIELD_FIRST}(?={_QUESTION_OPENERS})")
_ASIDE_ASKS = re.compile(
    r"(?<![a-z])(?:why|how|what|when|where|which|who|por que|porque|pq|como|o que|quais|qual|"
    r"quando|onde|quem|desde quando|since when|"
    r"describing|explaining|detailing|listing|giving|considering|comparing|discussing|"
    r"detalhando|explicando|descrevendo|listando|considerando|comparando|citando|"
    r"also|along with|plus|as well as|alem d[eo]|tambem|reasons?|motivos?|razoes|opinion|"
    r"opiniao)(?![a-z])|^\s*(?:and|or|but|so|e|ou|mas|entao)(?![a-z])"
)
"""Words of an aside that ask a question of their own ("..., and why did it fall?"), or a
conjunction that opens a second clause ("..., and is it possible to visit?")."""


def _closed_with_aside(folded: str, words: list[str]) -> bool:
    """Whether a question of one sentence, longer than `CLOSED_MAX_WORDS` but at most
    `ASIDE_MAX_WORDS`, is closed all the same: with the field it is asked in left out ("In
    history, ..."), its words up to the first comma are a closed question, and the aside after
    the comma asks nothing more ("In which year did the Berlin Wall fall, opening the border
    between East and West Berlin?", "How many sides does a regular dodecagon have, as defined
    in plane geometry?"; not "..., and why did it fall?"). Without a comma:
    `_closed_throughout`."""
    if not CLOSED_MAX_WORDS < len(words) <= ASIDE_MAX_WORDS:
        return False
    sentence = folded.strip()
    if not _one_question(sentence):
        return False
    head, comma, aside = _FIELD_PREFIX.sub("", sentence, count=1).partition(",")
    if not comma:
        return _closed_throughout(head)
    return (
        _ASKS_MORE.isdisjoint(_split_words(aside))
        and _ASIDE_ASKS.search(aside) is None
        and _closed_asked(_asked_in(head.strip() + "?"))
    )


def _asked_in(clause: str) -> str:
    """A sentence or clause without its lead-in ("sabe me dizer") and fillers."""
    return _without_fillers(_LEAD_IN.sub("", clause.strip()))


def _one_question(sentence: str) -> bool:
    """Whether `sentence` (stripped) is a single sentence that asks one question, at its end."""
    return (
        sentence.count("?") == 1
        and sentence.endswith("?")
        and _SENTENCE_BREAK.search(sentence) is None
    )


def _closed_throughout(question: str) -> bool:
    """Whether a long question of one sentence with no aside opens as a closed question and asks
    nothing more after its opening ("Em que ano a Semana de Arte Moderna foi realizada no
    Theatro Municipal de São Paulo?", "How many chambers does the heart of a crocodile have
    compared with a frog's?"; not "When did the empire fall and what followed?"): a quiz's
    question names what it is about at length and still asks for one fact."""
    asked = _asked_in(question.strip())
    opening = _CLOSED_RE.match(asked)
    if opening is None or _kind_question(asked) is not None:
        return False  # a question for a kind is one already, its answer checked as such
    words = _split_words(asked)
    rest = asked[opening.end() :]
    return (
        _ASKS_MORE.isdisjoint(words)
        and _ASIDE_ASKS.search(rest) is None
        # advice in a closed question's words ("Quando devo usar o subjuntivo...", "Who
        # should I talk to first if...", "When is the best time to visit Japan if...")
        and lexicon.FIRST_PERSON.isdisjoint(words)
        and _RECOMMENDING.isdisjoint(words)
        and _CONDITIONS.isdisjoint(_split_words(rest))
    )


def _closed_asked(asked: str) -> bool:
    """Whether `asked` (`_asked_in`) is a closed question of at most `CLOSED_MAX_WORDS` words."""
    return len(asked.split()) <= CLOSED_MAX_WORDS and _CLOSED_RE.match(asked) is not None


_NOT_NOUN = r"(?!(?:" + lexicon.KIND_QUESTION_NOT_NOUNS + r")(?![a-z]))"
_KIND_QUESTION = re.compile(
    r"^\W*(?:(?:in|from|to|on|at|of|by|for|em|de|do|da|dos|das|para|pra|no|na|com) )?"
    rf"(?:what|which|qual|que) {_NOT_NOUN}"
    r"(?![a-z]{2,}[^e]ed(?![a-z]))(?![a-z]+(?:ou|iu)(?![a-z]))"  # "what started", "que causou"
    r"(?P<kind>[a-z]{2,}) [a-z]|"
    r"^\W*(?:(?:what(?: i|')?s|what (?:is|was|are|were)) the|"
    r"(?:qual(?: e| era| foi)?|quais(?: sao)?) (?:o|a|os|as)) "
    rf"{_NOT_NOUN}(?P<kind2>[a-z]{{2,}}) (?:{_NOT_NOUN}[a-z]{{2,}} )?"
    r"(?:of|in|on|for|at|where|that|which|who|used|do|da|dos|das|no|na|nos|nas|de|em|que|"
    r"usad[oa]s?)(?![a-z])|"
    rf"^\W*{_FIELD_FIRST}(?P<term>"
    r"(?:what|which)(?: i|')?s the (?:[a-z]+ )?(?:term|name|word) (?:for|given|used|that|which)|"
    r"(?:what|which) (?:term|name|word) (?:is |was )?(?:used|given|describes?|refers|designates|"
    r"denotes|names)|"
    r"what (?:do|does|did) [a-z]+ call|what (?:is|are|was|were) (?:this|it|that|they) called|"
    r"como se (?:chama|chamam|denomina|denominam|designa|designam)|"
    r"(?:qual|que) (?:e )?(?:o )?(?:nome|termo) (?:se )?(?:da|dado|dada|usado|usada|para)|"
    r"que nome (?:recebe|recebem|se da|tem)|"
    r"(?:indique|informe|cite|de|diga|identifique|aponte) o (?:nome|termo)|"
    r"(?:what|which|que|qual) (?:type|kind|sort|tipo|especie) (?:of|de) (?:a |an |um |uma )?"
    rf"{_NOT_NOUN}(?P<kind3>[a-z]{{2,}}))(?![a-z])"
)
"""A question for an instance of a kind named by its noun ("what gas do plants take in", "which
civilization built the pyramids", "qual órgão produz a insulina", "what is the national animal
of Scotland"): a noun phrase answers it (`lexicon.KIND_QUESTION_NOT_NOUNS`: not "what makes the
sky blue", "what is the meaning of..."). Or a question for a term, a textbook's or a quiz's
("what is the term for an organism that...", "What type of bond forms when...", "como se
denomina a linha...", "Indique o nome do processo..."), after the field it is asked in ("In
biology, ...", "Em geografia, ...")."""


BARE_TERM_WORDS = 4
"""An answer of at most this many words may be the bare noun phrase a question for a kind asks
for ("The mitochondrion.", "Gás carbônico (CO₂).", "The unicorn"): its form vouches for it as
the form of any other brief request does (`judges.heuristic.FORM_RELEVANCE`), and a stop is not
owed at its end (`output_failures.cut_against_style`); a longer answer opening with a noun
phrase may be any answer ("In Command Prompt run: ..."). Chosen on the 13 written families
`short_cn` to `short_cz` (held out until round 39): 89.4% of their good answers approved with
it, 88.2% without; 95.6% of the answers to other questions rejected with it, 95.8% without."""


def bare_term(response: str) -> bool:
    """Whether `response` is short enough to be a bare noun phrase (`BARE_TERM_WORDS`)."""
    return count_pieces(response, BARE_TERM_WORDS) <= BARE_TERM_WORDS


_TERM_COMMENT = re.compile(r"\s*(?:,|\(|\u2014|\u2013| - )")
"""Where a term's comment starts: a comma, a parenthesis or a dash ("Sublimação, como ocorre
com o gelo-seco.", "Curva de nível (ou isoípsa)."; not a colon: "In Command Prompt run: ...")."""


def term_then_comment(prompt: str, response: str) -> bool:
    """Whether a one-sentence answer is a noun phrase (at most `COMMENTED_TERM_WORDS` words, no
    figure, no function word but an article first, no clause opener, pronoun, verb or command:
    `_reads_as_term`) with a comment on it after a comma, a parenthesis or a dash, the comment
    not in the prompt's other language, no alternative ("or carbon dioxide"), no "but" and no
    hedge, deferral or question ("South America, mainly in northern Chile.", "Salvador, na
    Bahia, sede do governo colonial desde 1549."; not "Com o tempo, o ovo perde...", "About
    299,792 km/s...", "Pâncreas, mas pesquise no Google"): the term asked for, then what it
    is."""
    first = first_sentence(response)
    if response.strip()[len(first) :].strip(" .!?\"'*)"):
        return False  # a second sentence
    parts = _TERM_COMMENT.split(first, maxsplit=1)
    head = fold(parts[0]).split()
    if (
        len(parts) != 2
        or not 0 < len(head) <= COMMENTED_TERM_WORDS
        or _DIGIT_RE.search(parts[0]) is not None
        or (head[0] in lexicon.STOPWORDS and head[0] not in _ARTICLES)  # "Com o tempo, ..."
        or not _reads_as_term(parts[0])
    ):
        return False
    comment = fold(parts[1])
    if (
        _ALTERNATIVE_FIRST.match(comment) is not None  # "Oxygen (or carbon dioxide, ...)"
        or _GOES_ON.search(comment) is not None  # "Pâncreas, mas pesquise no Google..."
        or not DODGE_MARKERS.isdisjoint(response_features(response).markers)
        or "?" in comment
    ):
        return False
    folded = request_text(prompt)
    asked = _pt_or_en(_split_words(folded), least=1, margin=None) or _opener_language(folded)
    said = _pt_or_en(_split_words(comment), least=1, margin=None)
    return said is None or asked is None or said == asked


_ALTERNATIVE_FIRST = re.compile(r"\W*(?:or|ou|either|ora)(?![a-z])")


COMMENTED_TERM_WORDS = 3
"""The most words of the term that opens `term_then_comment`'s answer ("Curva de nível"; not
"Conforme orbita a Terra")."""
_ARTICLES = word_set("a an the o os um uma")


_DIGIT_RE = re.compile(r"\d")


KIND_MAX_WORDS = 20
"""A question for a kind may tell the instance it asks for in a clause ("What is the name of
the chess piece that can only move diagonally?") in more words than `CLOSED_MAX_WORDS`."""


_PLURAL = re.compile(r"[a-z]*[^suiao\W]s")
"""A plural noun in either language ("skills", "countries", "frutas"; not "gas", "virus",
"pais", "lapis", "bus")."""


def _kinds_asked(kind: re.Match[str]) -> bool:
    """Whether a question for a kind (`kind`: its `_KIND_QUESTION` match) asks for several of
    it ("What skills does a data scientist need?", "which countries are the Baltic states?"): a
    list answers it, not one term."""
    return _PLURAL.fullmatch(_kind_noun(kind)) is not None


def _kind_question(asked: str) -> re.Match[str] | None:
    """The `_KIND_QUESTION` match of a question asked (`_question_asked`), read past an aside
    set between commas after its kind ("Qual hormônio, produzido pelas células beta do
    pâncreas, reduz a glicose no sangue?": "qual hormônio reduz...")."""
    kind = _KIND_QUESTION.match(asked)
    if kind is None and asked.count(",") >= 2:
        kind = _KIND_QUESTION.match(_COMMA_ASIDE.sub(" ", asked, count=1))
    return kind


_COMMA_ASIDE = re.compile(r"(?<=[a-z]),\s*[^\s,?]+(?:\s+[^\s,?]+){2,}\s*,\s*")
"""An aside of three words or more between commas (not "if any": "What lessons, if any, can
we learn...?" asks for an account)."""


def _kind_noun(kind: re.Match[str]) -> str:
    """The noun a question for a kind names (`kind`: its `_KIND_QUESTION` match; "" for a
    question for a term without one: "como se chama...")."""
    return kind.group("kind") or kind.group("kind2") or kind.group("kind3") or ""


def _asks_kind(folded: str, words: list[str]) -> bool:
    """Whether the question asked (`_question_asked`, after any situation told first, in at most
    `CONTEXT_MAX_WORDS` words) is a short `_KIND_QUESTION`: a closed question."""
    if len(words) > CONTEXT_MAX_WORDS or _FRAMING_RE.search(folded) is not None:
        return False  # "Qual a evolução histórica de: ..." frames another question
    asked = _question_asked(folded)
    return (
        len(asked.split()) <= KIND_MAX_WORDS
        and _kind_question(asked) is not None
        and _RECOMMENDING.isdisjoint(_split_words(_RANKED_NEXT.sub(" ", asked)))
    )


_RANKED_NEXT = re.compile(r"(?<![a-z])(?:next|second) best(?![a-z])")
"""A rank that recommends nothing ("the next best alternative given up")."""


_RECOMMENDING = word_set(
    "like likes gosta gosto prefer prefers prefere favorite favourite favorito favorita "
    "best melhor better recommend recommends recommended suggest suggests suggested should would "
    "recomenda "
    "recomendaria recomendam recomenda indica indicaria indicam sugere sugeriria sugerem deveria "
    "devo deve escolher choose pick"
)
"""Words of a question that asks for a recommendation ("What pet would you recommend?", "qual
série vc indica"): weighed advice answers it, no one fact."""


_CLAUSE_QUESTION = re.compile(
    r"\s*(?:quant[oa]s?|qual|quais|what|which|how (?:many|much|long|far|old))(?![a-z])"
)


def _last_clause(folded: str) -> str:
    """The question after a short lead-in ("Quick one: who wrote...", "Rapidinho: quem..."):
    what follows the prompt's last colon, or all of it."""
    head, colon, tail = folded.rpartition(":")
    return tail if colon and tail.strip() and len(head.split()) <= LEAD_IN_WORDS else folded


LEAD_IN_WORDS = 3
"""A lead-in before a colon holds at most this many words ("Quick one:", "Uma dúvida
rápida:"); a longer head is the question itself."""


def _without_fillers(folded: str) -> str:
    """`folded` without the words a casual question slips in (`lexicon.CLOSED_FILLERS`)."""
    return " ".join(w for w in folded.split() if w not in lexicon.CLOSED_FILLERS)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_ASKS_FOR_NUMBER = re.compile(
    r"(?<![a-z])(?:quant[oa]s?|qual (?:e |foi |sera )?(?:o|a)|quais|how (?:much|many|long|far)|"
    r"what(?: i|')?s|what (?:is|was|will)|converta|converte|convert)(?![a-z])"
)
COMPUTATION_MAX_WORDS = 40


def _computation(prompt: str, folded: str, words: list[str]) -> bool:
    """A word problem ("Um produto custava R$ 80 e agora custa R$ 92. Qual foi o aumento em
    porcentagem?", "What's an 18% tip on a $64 bill?"): two numbers or more and a question for
    a value, in at most `COMPUTATION_MAX_WORDS` words. A closed question: a number answers it."""
    return (
        len(words) <= COMPUTATION_MAX_WORDS
        and len(_NUMBER.findall(prompt)) >= 2
        and _ASKS_FOR_NUMBER.search(folded) is not None
    )


YES_NO_MAX_WORDS = 16
"""A yes/no question longer than this carries a situation to weigh, not one fact to confirm."""

_YES_NO_EN = re.compile(r"^\W*(?:" + "|".join(lexicon.YES_NO_OPENERS) + r")(?![a-z0-9'])")
_WH_WORD = re.compile(r"(?<![a-z0-9])(?:" + "|".join(lexicon.WH_WORDS) + r")(?![a-z0-9])")


def _yes_no(prompt: str, asked: str) -> bool:
    """Whether `asked` (the folded question, fillers left out) is a yes/no question: it opens
    with an English auxiliary ("Can you...", "Is a..."), or it is a question without any
    interrogative word ("cachorro pode comer uva?", "Estrangeiro pode vota no Brasil?": in
    Portuguese the order of a yes/no question is that of a statement), or one typed without
    its question mark that a verb of `lexicon.YES_NO_VERBS_PT` opens ("posso levar power bank
    na mala despachada")."""
    condition = _CONDITION_FIRST.match(asked)
    if condition is not None:  # "se eu pedir demissão, posso sacar o fgts"
        asked = asked[condition.end() :]
    if _YES_NO_EN.match(asked) is not None:
        return True
    if _noun_question_en(asked):
        return False
    opens_pt = _YES_NO_PT.match(asked) is not None
    # "que" after a noun introduces a clause ("posso congelar carne que já descongelou?")
    if _WH_WORD.search(_RELATIVE_QUE.sub(" ", asked) if opens_pt else asked):
        return False
    return opens_pt or prompt.rstrip().endswith("?")


def _noun_question_en(asked: str) -> bool:
    """Whether a folded English question is a bare noun phrase, the thing asked for named with
    the verb left out ("ph of pure water at room temp?", "the three branches of the us
    government?", "best free app to learn spanish?"): no yes/no question, which English opens
    with its verb ("is it...?") or, verb-less, with its subject ("coffee grounds good for
    plants?", "the sun a star?")."""
    if _NOUN_QUESTION_EN.match(asked) is None:
        return False
    language = _request_language(asked)
    # "a receita leva ovo?": "a" is Portuguese's article too, and its yes/no has no verb first
    return language == "English" or (language is None and not asked.lstrip().startswith("a "))


_NOUN_QUESTION_EN = re.compile(
    r"^\W*(?:(?:best|good|great|top|favorite|favourite|max|maximum|min|minimum|"
    r"average|typical|normal|usual|ideal|main|cheapest|easiest|fastest|safest|quickest)"
    r" (?!(?:to|for|if|that|with|enough|idea|or)(?![a-z]))|[a-z]+(?: [a-z]+){0,2} of )"
)
"""How a noun-phrase question opens: an evaluative or a superlative adjective (not as a
judgement: "good to know?", "normal for a baby to...?"), or a noun and what it is of; not an
article or "any", which open verb-less yes/no questions as often ("the sun a star?", "any side
effects of ibuprofen?")."""


_YES_NO_PT = re.compile(r"^\W*(?:" + "|".join(lexicon.YES_NO_VERBS_PT) + r")(?![a-z0-9])")
_CONDITION_FIRST = re.compile(
    r"^\W*(?:se|if) [a-z' ]{2,60}?,? (?=(?:eu |i )?(?:"
    + "|".join(lexicon.YES_NO_VERBS_PT)
    + r"|can|could|should|do|does|is|are|will|would)(?![a-z0-9]))"
)
"""A condition before a yes/no question ("se eu pedir demissão posso sacar o fgts", "if I
cancel now do I get a refund"): the question is what follows it."""
_RELATIVE_QUE = re.compile(r"(?<=[a-z]{3} )(?<!por )(?<!para )que(?![a-z])")
"""A "que" after a noun or a verb ("carne que já descongelou", "legumes que duram"); not "por
que" (why), "para que", "o que", "de que"."""
_YES_NO_TAG = re.compile(r"(?<![a-z])(?:" + "|".join(lexicon.YES_NO_TAGS) + r")\W*$")
_INDIRECT_YES_NO = re.compile(r"(?<![a-z])(?:" + "|".join(lexicon.INDIRECT_YES_NO) + r") ")


def _yes_no_after_situation(folded: str) -> bool:
    """A yes/no question that follows the situation it is about, in at most `ADVICE_MAX_WORDS`
    words: a tag at the end ("..., é normal?", "dor de cabeça todo dia é normal") or an
    indirect question ("gostaria de saber se costuma nevar por lá")."""
    tail = folded[-48:]  # a tag is short: never a scan of a long prompt
    return (
        _YES_NO_TAG.search(tail) is not None
        or _INDIRECT_YES_NO.search(folded) is not None
        or (_AUX_AFTER_SITUATION.search(folded) is not None and _WH_WORD.search(folded) is None)
    )


_AUX_AFTER_SITUATION = re.compile(
    r"(?<=[a-z0-9,.;:!?] )(?:do|does|did|is|are|can|could|should|will|would|am|was|were|has|"
    r"have|may|must) (?:i|you|he|she|it|we|they|there)(?![a-z0-9'])"
)
"""An English yes/no question after the situation it asks about, with or without a comma
("i got a speeding ticket in another state does it go on my record", "I'm a small landlord,
do I have to return the deposit with interest?"): an auxiliary before its pronoun, which a
statement puts the other way round ("my commute is the only time I have"); not with a question
word anywhere."""


COMPARISON_MAX_WORDS = 12
"""A question about how two things differ longer than this asks for an analysis."""


_SIDES = re.compile(
    r"(?:diferenca|diferencas|difference|differences) (?:entre|between) (.+?) (?:e|and) (.+)"
    r"|(.+?) (?:vs\.?|versus) (.+)"
    r"|how (?:do|does|did) (?:the |a |an )?([a-z-]+(?: [a-z-]+)?) and "
    r"(?:the |a |an )?([a-z-]+(?: [a-z-]+)?) differ(?![a-z])"
    r"|em que (?:o |a |os |as )?([a-z-]+(?: [a-z-]+)?) e (?:o |a |os |as )?([a-z-]+(?: [a-z-]+)?) "
    r"(?:se )?(?:diferem|difere|diferenciam|diferencia)(?![a-z])"
    r"|how (?:is|are|was|were) (?:the |a |an )?([a-z-]+(?: [a-z-]+)?) "
    r"(?:different|differ) from (?:the |a |an )?([a-z-]+(?: [a-z-]+)?)$"
    r"|(?:em )?que (?:o |a |os |as |um |uma )?([a-z-]+(?: [a-z-]+)?) (?:tem de diferente|difere) "
    r"d(?:o|a|os|as|e|um|uma) ([a-z-]+(?: [a-z-]+)?)$"
)


_ENUMERATION_RE = re.compile(
    r"^\W*(?:por favor,? )?(?:" + "|".join(lexicon.ENUMERATION_REQUESTS) + r")(?![a-z0-9])"
)
ENUMERATION_MAX_WORDS = 10
"""A request for the members of a set longer than this asks for more ("Quais são as vantagens e
desvantagens de morar sozinho no exterior hoje em dia?")."""
ENUMERATION_MIN_ITEMS = 2
"""A list that answers a request for the members of a set holds at least this many items."""


def _compared(folded: str) -> tuple[str, str] | None:
    """The two sides of a comparison question in `folded` (`PromptFeatures.comparing`)."""
    if not any(word in folded for word in _SIDE_WORDS):
        return None  # none of the words `_SIDES` needs: no lazy scan from every position
    m = _SIDES.search(folded.rstrip(_TRAIL))
    if m is None:
        return None
    first = next(i for i in range(1, m.re.groups, 2) if m.group(i) is not None)
    a, b = _side(m.group(first), leading=False), _side(m.group(first + 1), leading=True)
    return (a, b) if a and b else None


_SIDE_WORDS = ("vs", "versus", "diferen", "differ", "difere")
"""Every match of `_SIDES` holds one of these."""

_TRAIL = " \t\n\r\f\v?.!"
"""What a question's sides end before: spaces and end marks (stripped, not searched for: a
pattern anchored at the end scans a long run of spaces from every position)."""


SHORT_QUESTION_MAX_CHARS = 400
"""A comparison or a choice question of a few words is short in characters too."""

_CHOICE = re.compile(r"(?:^|\s)(?:ou|or)\s")


def _chosen(folded: str) -> tuple[str, str] | None:
    """The two sides of a choice question in `folded` ("credito ou debito qual melhor": ("credi",
    "debit")): the topic words just before and just after its one "ou"/"or", at most
    `CHOICE_SIDE_WORDS` each; None without exactly one, or with a side of no topic word."""
    parts = _CHOICE.split(folded.rstrip(_TRAIL))
    if len(parts) != 2:
        return None
    before, after = topic_words(parts[0]), topic_words(parts[1])
    if not after:  # "mais rápido na água ou no AR": a side of two letters
        after = [w for w in _split_words(parts[1]) if len(w) == 2 and w not in _STOPWORDS][:1]
    a = " ".join(w[:STEM_CHARS] for w in before[-CHOICE_SIDE_WORDS:])
    b = " ".join(w[:STEM_CHARS] for w in after[:CHOICE_SIDE_WORDS])
    return (a, b) if a and b and a != b else None


CHOICE_SIDE_WORDS = 2
"""A side of a choice is named by this many topic words at most ("tesouro selic" | "poupanca
reserva"): the words farther off are the question's context ("for college")."""


def _side(text: str, *, leading: bool) -> str:
    """One side's topic words, joined: the words after an opening ("qual a diferenca entre") for
    the first side, up to the end for the second."""
    words = topic_words(text)
    if not leading:  # "qual a diferenca entre mel": what follows the cue is all the side
        words = words[-3:]
    return " ".join(w[:STEM_CHARS] for w in words)


_SIDE_BREAK = re.compile(
    r";|\.\s|,?\s(?:while|whereas|but|enquanto|ja|mas|e ja)\s|,\s(?:e|and)\s", re.IGNORECASE
)
"""Where an answer passes from one side of a comparison to the other ("Weather is day-to-day;
climate is...", "..., enquanto o latte...", "..., e o robusta, mais amargo")."""

_COMPARATIVE = re.compile(
    r"(?<![a-z])(?!(?:other|rather|never|either|neither|whether|together|however|ever|over|"
    r"under|after|water|number|per)(?![a-z]))"
    r"(?:[a-z]{2,}er|more|less|fewer|mais|menos|maior|menor|melhor|pior)"
    r"(?: [a-z]+){0,2} (?:than|que|do que|da que)(?![a-z])"
)
"""A comparison in one clause ("smaller than an orange", "mais doce que o melado")."""

SIDE_CLAUSE_CHARS = 200
"""The opening of an answer read for a comparison set out side by side (`sets_sides_apart`)."""


def sets_sides_apart(p: PromptFeatures, prompt: str, response: str) -> bool:
    """Whether a short answer to a comparison sets its sides apart clause by clause, each clause
    naming its side (and not the other) with a word of its own that says something of it
    ("Weather is day-to-day; climate is the long-term average.", "Cappuccino tem mais espuma e
    menos leite; latte é mais leitoso.", "Monocot seeds have one cotyledon; dicot seeds have
    two."): the difference asked for, though in common words. Not "Weather is important;
    climate is important too" (talk words), "Café é bom, mas chá é melhor." (liking),
    "Weather is one thing; climate is another" (placeholders), the asker's taste ("I like...")
    nor one side described alone."""
    if p.comparing is None or p.choosing:
        return False
    opening = fold(response[:SIDE_CLAUSE_CHARS])
    clauses = _SIDE_BREAK.split(opening, maxsplit=1)
    if not lexicon.FIRST_PERSON.isdisjoint(_split_words(opening)):
        return False  # "I like crocodiles, but alligators scare me": the asker's taste
    keys = _side_keys(p.comparing)  # "MONOCOT and DICOT seeds": "seeds" names both
    if len(clauses) != 2:
        # "A tangerine is smaller than an orange and easier to peel": one side measured against
        # the other, in one clause that names both (not by taste: "Tea is better than coffee")
        measure = _COMPARATIVE.search(clauses[0])
        return (
            measure is not None
            and lexicon.OPINION_WORDS.isdisjoint(measure.group(0).split())
            and lexicon.TASTE_WORDS.isdisjoint(measure.group(0).split())
            and all(
                _sides_named(keys, response_features(clauses[0]).prefixes, _split_words(clauses[0]))
            )
        )
    asked = (
        set(_split_words(request_text(prompt)))
        | lexicon.TALK_WORDS
        | lexicon.OPINION_WORDS
        | lexicon.PLACEHOLDER_WORDS
        | _STOPWORDS
    )
    named = []
    said = []
    for clause in clauses:
        prefixes = response_features(clause).prefixes
        named.append(_sides_named(keys, prefixes, _split_words(clause)))
        said.append(
            {w for w in _split_words(clause) if w not in asked and (len(w) > 2 or w.isdigit())}
        )
    # each side something of its own, not the same words ("Cappuccino é bom; latte também é bom")
    return set(named) == {(True, False), (False, True)} and all(
        (said[0] - said[1], said[1] - said[0])
    )


def _sides_named(
    keys: list[frozenset[str]], prefixes: frozenset[str], words: list[str]
) -> tuple[bool, ...]:
    """Which sides (`_side_keys`) a clause names by a word's start; where one side's key opens
    the other's ("mel" and "melad"), a word of the longer names the longer only ("Mel vem das
    abelhas; melado, da cana")."""
    named = [not key.isdisjoint(prefixes) for key in keys]
    for at, key in enumerate(keys):
        longer = [k for k in keys[1 - at] if any(k != s and k.startswith(s) for s in key)]
        if named[at] and longer:
            named[at] = any(
                w.startswith(s) and not w.startswith(tuple(longer)) for w in words for s in key
            )
    return tuple(named)


def names_both(p: PromptFeatures, response: str) -> bool:
    """Whether `response` names each side of the comparison `p` asks for (a stem of each): an
    answer about one side ("LEI descreve O QUE acontece") does not tell them apart. True when
    `p` asks for no comparison."""
    if p.comparing is None:
        return True
    prefixes = response_features(response).prefixes
    a, b = (set(side.split()) for side in p.comparing)
    if p.choosing:  # a choice is answered by the side picked
        return not prefixes.isdisjoint(a | b)
    # "baking soda vs baking powder": the words that tell the sides apart
    return all(
        any(stem in prefixes for stem in (own - other or own)) for own, other in ((a, b), (b, a))
    )


_WHY_RE = re.compile(r"^\W*(?:" + "|".join(lexicon.WHY_OPENERS) + r")(?![a-z0-9])")
WHY_MAX_WORDS = 18
"""A "why" question of at most this many words asks for one cause ("pq a cebola faz chorar",
"Why does a metal spoon feel colder to the touch than a wooden spoon at the same
temperature?"); a longer one carries a situation or a claim to weigh. 10 before round 40 (14
and 18 measured there: 18 approved six more good answers of the written families, one more
answer to another question)."""

PERIOD_MAX_WORDS = 10
"""A question for a period or a recommendation of at most this many words asks for it alone
("qual o prazo pra declarar o IR", "best beatles album"); a longer one carries what to weigh."""


_VERSUS = re.compile(r"(?<![a-z])(?:vs\.?|versus)(?![a-z])")


def weighs_two(prompt: str, p: PromptFeatures) -> bool:
    """Whether `prompt` asks how two things differ or which to choose (`comparing`, or an "X vs
    Y" whose sides are too short to be topic words: "rust vs go?")."""
    return p.comparing is not None or _VERSUS.search(request_text(prompt)) is not None


OPTION_MAX_WORDS = 4
"""A quiz's options close its question: after its last "ou"/"or", at most this many words
(`_options_last`)."""


def _options_last(folded: str, words: list[str]) -> bool:
    """Whether a question of one sentence in at most `ASIDE_MAX_WORDS` words ends with the
    options it offers ("O músculo bíceps atua principalmente na flexão ou na extensão do
    cotovelo?", "Which is the largest planet: Saturn, Jupiter or Neptune?"): a choice, however
    long its lead-in, when it asks nothing more ("..., and why?")."""
    if len(words) > ASIDE_MAX_WORDS or not lexicon.ELABORATION_VERBS.isdisjoint(words):
        return False
    sentence = folded.strip()
    if not _one_question(sentence):
        return False
    parts = _CHOICE.split(sentence.rstrip(_TRAIL))
    if len(parts) != 2 or not 0 < len(after := parts[1].split()) <= OPTION_MAX_WORDS:
        return False
    return (
        _NOT_A_CHOICE.match(_FIELD_PREFIX.sub("", parts[0], count=1)) is None
        and _CONDITIONS.isdisjoint(before := _split_words(parts[0]))
        and lexicon.FIRST_PERSON.isdisjoint(before)  # "Can I swim after a lunch of meat or fish?"
        and after[0] not in _NO_OPTION
        # "14 or 16 hours": a range, not two options
        and not (after[0].isdigit() and (before[-1:] or [""])[0].isdigit())
        and not _asks_kind(folded, words)  # "Which interval is larger: a sixth or a seventh?"
    )


_NOT_A_CHOICE = re.compile(
    r"^\W*(?:why|por que|porque|pq|how|como|when|quando|where|onde|who|quem|quais|o que|"
    r"what (?:are|happens|should|can|could|do|does|did|would|will)|whom)(?![a-z])"
)
"""Openings of a long question whose "or" offers no options to pick from ("Why do cats knead
when they are happy or relaxed?", "What happens if you stop eating sugar for a week or a
month?", "Quais documentos preciso para tirar ou renovar?")."""

_CONDITIONS = word_set(
    "if when whenever without unless whether while after before during "
    "caso quando sem enquanto depois antes durante"
)
"""Words that put a long question's "or" inside a condition ("Is it safe to take ibuprofen if I
had two glasses of wine or beer?")."""

_NO_OPTION = word_set(
    "something anything else other others not less more fewer whatever outro outra outros outras "
    "algo mais menos nao qualquer so is are was were does do did e sao foi isso that this it"
)
"""Words after an "or" that close a question without a second option ("...anxiety or something
else?", "...90 days or less?", "...or is that a myth?", "...ou é mito?")."""


_CLAUSE_END = re.compile(r"[;:,(—–]|\s-\s")
"""Where an answer's opening clause ends: "Hydrochloric acid; it dissociates completely..."."""


def picks_option(prompt: str, response: str) -> bool:
    """Whether an answer's first sentence picks one of the options a closed question ends with
    ("A minor seventh (10 semitones) is larger than a major sixth" for "Which interval is
    larger in semitones: a major sixth or a minor seventh?"; `_chosen`, `_listed_options`,
    `_picks_among`): the thing asked for, as a choice answers it."""
    folded = request_text(prompt)
    if _CHOICE.search(folded) is None:
        return False
    options = _listed_options(folded)
    if options is None:
        sides = _chosen(folded)
        if sides is None:
            return False
        options = _side_keys(sides)
    return _picks_among(options, first_sentence(response))


def picks_listed_option(prompt: str, response: str) -> bool:
    """Whether `response` names exactly one of the three or more options its prompt lists after
    a colon (`_listed_options`: "Qual planeta tem o dia mais longo: Mercúrio, Vênus ou Marte?"
    -> "Vênus."): the thing asked for, in the prompt's own words (a pick between two sides, "the
    rain will ___ the game: affect or effect", is left to `picks_side`)."""
    options = _listed_options(request_text(prompt))
    return options is not None and _names_options(options, first_sentence(response)) == 1


def _listed_options(folded: str) -> list[frozenset[str]] | None:
    """The options of a question that lists three or more after a colon ("...: acetic acid,
    hydrochloric acid or carbonic acid?"), each by the stems of its words that the others
    lack ({"acet"}, {"hydro"}, {"carbo"}); None for any other question, or where an option is
    longer than `OPTION_MAX_WORDS` or names nothing of its own."""
    _, colon, listed = folded.rstrip(_TRAIL).rpartition(":")
    parts = _CHOICE.split(listed) if colon else []
    if len(parts) != 2 or "," not in parts[0]:
        return None
    stems: list[set[str]] = []
    for option in (*parts[0].split(","), parts[1]):
        words = topic_words(option)
        if not words or len(words) > OPTION_MAX_WORDS:
            return None
        stems.append({w[:STEM_CHARS] for w in words})
    own = [frozenset(s - set().union(*(o for o in stems if o is not s))) for s in stems]
    return own if all(own) else None


def _side_keys(sides: tuple[str, str]) -> list[frozenset[str]]:
    """The two sides of a choice (`_chosen`) or a comparison (`_compared`), each by its word
    nearest the "ou"/"or" (the "and") among those that tell them apart: "heat PUMP or GAS
    furnace", "MONOCOT and DICOT seeds"."""
    a, b = (side.split() for side in sides)
    return [
        frozenset(([w for w in a if w not in b] or a)[-1:]),
        frozenset(([w for w in b if w not in a] or b)[:1]),
    ]


def _picks_among(options: list[frozenset[str]], text: str) -> bool:
    """Whether `text` (an answer's first sentence) names exactly one of `options`; or opens with
    a clause that names one (`_CLAUSE_END`) and sets the others apart in the rest, with a
    contrast and no "or" ("Hydrochloric acid; it dissociates completely, whereas acetic and
    carbonic acids are weak"; not "Peixe, mamífero, tanto faz" nor "A major sixth, or a minor
    seventh")."""
    if _names_options(options, text) == 1:
        return True
    opening, *rest = _CLAUSE_END.split(text, maxsplit=1)
    if not rest or _names_options(options, opening) != 1:
        return False
    tail = _split_words(fold(rest[0]))
    measure = next((i for i, w in enumerate(tail) if w in _MEASURED_IN), None)
    # the one picked measured in another: "Petabyte, it's a thousand terabytes." (not
    # "Terabyte, petabyte, a thousand.")
    measured = measure is not None and _names_options(options, " ".join(tail[measure + 1 :])) > 0
    return (
        (measured or not _CONTRAST.isdisjoint(tail))
        and _OR_WORDS.isdisjoint(tail)
        and _ALSO.isdisjoint(tail)  # "Mamífero, mas também peixe.": both, no pick
    )


def _names_options(options: list[frozenset[str]], text: str) -> int:
    """How many of `options` `text` names."""
    prefixes = response_features(text).prefixes
    return sum(not option.isdisjoint(prefixes) for option in options)


_CONTRAST = word_set(
    "whereas while than but not only unlike instead rather "
    "enquanto mas nao apenas somente diferente contrario mais menos"
)
"""Words that set the options an answer did not pick apart from the one it did."""
_MEASURED_IN = word_set("times twice thousand hundred vezes dobro mil cem")
"""Words that measure the option picked in another that follows them ("a thousand
terabytes")."""

_OR_WORDS = word_set("or ou")
_ALSO = word_set("also too both either tambem ambos ambas igualmente equally")


def picks_side(p: PromptFeatures, text: str, prompt: str | None = None) -> bool:
    """Whether `text` (an answer's first sentence) names one side of the choice `p` asks for
    and not the other (`_picks_among`), each side by its word nearest the "ou"/"or" among those
    that tell the sides apart ("Laptop." for "ipad or laptop for college"; not "SSD HDD new has
    many relevant aspects", which restates both, nor "Replacing heating Heat has..." for "Heat
    pump or gas furnace?"); with the `prompt`, any of three options or more it lists
    (`_listed_options`: "...: Saturn, Jupiter or Neptune?")."""
    if not p.choosing or p.comparing is None:
        return False
    listed = _listed_options(request_text(prompt)) if prompt is not None else None
    return _picks_among(listed or _side_keys(p.comparing), text)


_QUOTED_WORDS = re.compile(r'["“«\'‘*]{1,2}([^"”»\'’*\n]{1,40})["”»\'’*]{1,2}')


def quotes_sides(p: PromptFeatures, response: str) -> bool:
    """Whether `response` sets each side of the choice `p` asks for apart in quotes or bold, with
    the use of the first before the second ("“Affect” is usually the verb, “effect” the noun",
    "“Mas” indica oposição; “mais”, quantidade"): a choice between words answered by telling
    their uses apart. (Quoted side by side, "“Fewer” and “less” are both correct", they are
    only named.)"""
    if not p.choosing or p.comparing is None:
        return False
    a, b = (set(side.split()) for side in p.comparing)
    keys = (a - b or a, b - a or b)
    last: tuple[int, int] | None = None  # (side, end) of the last side quoted
    for m in _QUOTED_WORDS.finditer(response[:CODE_SEARCHED]):
        stems = {w[:STEM_CHARS] for w in _split_words(fold(m.group(1)))}
        side = next((i for i, key in enumerate(keys) if not key.isdisjoint(stems)), None)
        if side is None:
            continue
        if last is not None and last[0] != side:
            between = response[last[1] : m.start()]
            if len(_split_words(fold(between))) >= QUOTED_USE_MIN_WORDS:
                return True
        last = (side, m.end())
    return False


QUOTED_USE_MIN_WORDS = 2
"""The words between the two sides set apart that tell the first one's use ("is usually the
verb"; "and" or "or" only names them)."""


def _brief(prompt: str, folded: str, words: list[str]) -> bool:
    """`PromptFeatures.brief` for a prompt that is no closed question, how-to, counted list,
    creative piece, translation or passage to rework (see there): one that asks for brevity,
    about a word or for the cause of one thing."""
    if len(words) <= BRIEF_ASKED_MAX_WORDS and _BREVITY_RE.search(folded) is not None:
        return True
    if (
        len(words) <= BRIEF_ASKED_MAX_WORDS
        and _SIMPLICITY_RE.search(folded) is not None
        and _FRAMING_RE.search(folded) is None  # "Explique de forma simples: <a question>"
        and _ANSWER_DEPTH.isdisjoint(words)  # "...in simple terms and in depth"
        and _DEPTH_ASKED.search(folded) is None
    ):
        return True  # "Me explica de um jeito simples o que é inflação?"
    if len(words) <= WHY_MAX_WORDS and _WHY_RE.match(_question(folded)):
        return True  # "why is the sky blue": the cause, in a sentence or two
    if len(words) <= PERIOD_MAX_WORDS and (
        _PERIOD_ASKED.search(folded) is not None or _RECOMMENDATION.search(folded) is not None
    ):
        return True  # "qual o prazo pra declarar o IR": the dates; "best beatles album": one
    return _WORD_QUESTION_RE.search(folded) is not None and (
        (len(words) <= WORD_QUESTION_BARE_WORDS and _MEANING_RE.search(folded) is not None)
        or (len(words) <= WORD_QUESTION_MAX_WORDS and _QUOTED_TERM.search(prompt) is not None)
    )


_FACT_SYMBOLS = _SYMBOLS + "%°$€£`"
"""The characters that are a mark of fact each alone (`_FACT`'s last alternative)."""
_FACT = re.compile(rf"(?=[0-9A-Z{_FACT_SYMBOLS}])(?:[0-9]+|[A-Z][\w]*|[{_FACT_SYMBOLS}])")
"""A mark of fact (see `_marks`); the look-ahead lets the engine skip to candidates, as in
`_SPECIFIC`."""
_OPENS = '.!?:;"“(\n-–—•*'
_OPENS_SENTENCE = frozenset(_OPENS)


@functools.lru_cache(maxsize=16384)
def _marks(text: str) -> frozenset[str]:
    """The marks of a stated fact in `text`, folded: numbers, symbols, code marks, acronyms,
    capitalized words inside a sentence (names). Cached: `states_fact`, `new_names` and
    `evasion` read an answer's marks in turn. By the compiled helper where it is built, else by
    `python_marks`."""
    if _NATIVE_MARKS is not None:
        return _NATIVE_MARKS(text, _FACT_SYMBOLS, _OPENS, fold)
    return python_marks(text)


def python_marks(text: str) -> frozenset[str]:
    """`_marks` in Python: the definition the compiled helper is held to."""
    found = set()
    for m in _FACT.finditer(text):
        mark = m.group(0)
        if mark[0].isupper() and not _has_upper(mark[1:]):
            j = m.start() - 1
            while j >= 0 and text[j] in "*_":  # markdown emphasis: "é **Lima**"
                j -= 1
            while j >= 0 and text[j].isspace():  # the whitespace run before it only: linear
                j -= 1
            if j < 0 or text[j] in _OPENS_SENTENCE:
                continue  # a capital that opens a sentence names nothing
        found.add(mark.lower() if mark.isascii() else fold(mark))  # `fold`, without its call
    return frozenset(found)


def _has_upper(text: str) -> bool:
    """Whether any character of `text` is upper case (ASCII text: lowering changes it, one C
    call instead of a generator over its characters)."""
    if text.isascii():
        return text.lower() != text
    return any(c.isupper() for c in text)


@functools.lru_cache(maxsize=16384)
def states_fact(prompt: str, response: str) -> bool:
    """Whether `response` states something `prompt` does not already hold: a number, a name, a
    symbol, code, a number in words or a term in bold of its own ("São 86.400 segundos", "Onze,
    contando o goleiro", "O **fêmur**"), not "É um número bem grande de segundos" or "12
    squared is a math question" (the 12 is the prompt's)."""
    stated = set(_marks(response))
    stated.update(
        lexicon.NUMBER_WORDS.intersection(_split_words(response_features(response).folded))
    )
    stated.update(w for m in _BOLD.finditer(response) for w in _split_words(fold(m.group(1))))
    return not stated <= _given(prompt)


@functools.lru_cache(maxsize=16384)
def new_bold_terms(prompt: str, response: str) -> int:
    """How many terms `response` sets in bold that `prompt` does not hold ("O **fêmur**": 1),
    each the fact a brief answer puts forward, as a name is (`new_names`)."""
    given = _given(prompt)
    return sum(
        1 for m in _BOLD.finditer(response) if not set(_split_words(fold(m.group(1)))) <= given
    )


_BOLD = re.compile(r"\*\*([^*\n]{1,60})\*\*")
"""A term set in bold ("O **fêmur**, o osso da coxa"): the fact an answer puts forward, though
it is no name or number."""


@functools.lru_cache(maxsize=8192)
def _given(prompt: str) -> frozenset[str]:
    """What a prompt already holds: its marks of fact and its words, folded (cached per prompt:
    `states_fact` and `new_names` ask for it for every answer to it)."""
    return frozenset(_marks(prompt).union(_split_words(fold(prompt))))


@functools.lru_cache(maxsize=16384)
def new_names(prompt: str, response: str) -> int:
    """How many names `response` gives that `prompt` does not hold: capitalized words inside a
    sentence ("Tom Jobim, com letra de Vinicius de Moraes": Jobim, Vinicius, Moraes), each a
    checkable fact as a number is. (Acronyms are specifics already; a capital that opens a
    sentence names nothing.)"""
    return sum(1 for m in _marks(response) - _given(prompt) if m.isalpha() and not m.isupper())


_EVASIONS = tuple(
    (
        kind,
        re.compile(f"{first_chars_ahead(fragment)}(?<![a-z0-9])(?:{fragment})(?![a-z0-9])"),
        cue_keys(fragment),
    )
    for kind, fragments in lexicon.EVASIONS.items()
    for fragment in fragments
)
"""Each phrase of `lexicon.EVASIONS`, in order, with its kind and the word starts one of which
every match holds (`judges.cues`: an answer without any is not scanned for it; None: always).
Each pattern is led by a look-ahead for the phrase's first characters (`cues.first_chars`)."""


def _phrases_by_key() -> dict[str, list[int]]:
    """The phrases of `_EVASIONS` (their indices) that each key is a word of."""
    out: dict[str, list[int]] = {}
    for i, (_kind, _pattern, keys) in enumerate(_EVASIONS):
        for key in keys or ():
            out.setdefault(key, []).append(i)
    return out


_EVASIONS_BY_KEY = _phrases_by_key()
_EVASION_CUES = tuple(
    cue_condition(fragment) for fragments in lexicon.EVASIONS.values() for fragment in fragments
)
"""Each phrase's whole condition on an answer's word starts (`cues.cue_condition`: "hard",
"to" and "say" for "hard to say", not only one of "hard", "difficult"...), read once an
answer holds one of its keys: a phrase of common words is searched in fewer answers."""
_EVASION_KEYS = frozenset(_EVASIONS_BY_KEY).union(
    *(cue_words(cue) for cue in _EVASION_CUES if cue is not None)
)
"""Every word start an evasion phrase is chosen by (its keys, its condition's words)."""
_EVASIONS_ALWAYS = frozenset(i for i, (_, _, keys) in enumerate(_EVASIONS) if keys is None)
_VARY_RE = re.compile(r"(?<![a-z])(?:" + "|".join(lexicon.VARY_WORDS) + r")(?![a-z])")
_DEPENDS = "says it depends, not on what"
_UNCOMMITTED = "will not commit to an answer"
_COMMITS = re.compile(r"(?<![a-z])(?:" + "|".join(lexicon.COMMITMENTS) + r")(?![a-z])")

EVASION_MAX_WORDS = 40
"""A reply of at most this many words that states no fact can be an evasion
(`lexicon.EVASIONS`); a longer one has room for an answer besides its courtesies."""

LONG_EVASION_MAX_WORDS = 120
"""...and a reply of up to this many words that states no fact is one when it evades in
`LONG_EVASION_KINDS` kinds of `lexicon.EVASIONS` at least ("Ótima pergunta! A culinária é um
universo fascinante... Espero que isso ajude, e bom apetite!": praise of the question, then
cheering the asker on). Written families of round 39 (`short_dj`, answers of 40-120 words)
had a third of their 55-word generic drafts approved."""

_REFUSES = "refuses a harmless question"
_REFUSALS = tuple(pattern for kind, pattern, _keys in _EVASIONS if kind == _REFUSES)


def _refuses_first(response: str) -> bool:
    """Whether a reply refuses in its first sentence (`lexicon.EVASIONS`' refusals of a harmless
    question) and asks the asker back at most once: a refusal however long it goes on ("I'm
    sorry, but I can't give advice about job interviews. Every employer is different..."), not
    a reply that first asks about the asker ("Não posso responder isso sem te conhecer.
    Perguntas: O que você...? O que te...?")."""
    if response.count("?") >= 2:
        return False
    first = fold(first_sentence(response))
    rest = fold(response)[len(first) :].lstrip(" .!?;:\n")
    for pattern in _REFUSALS:
        refusal = pattern.search(first)
        if refusal is not None:
            # "I can't give advice tailored to your employer, but here is what works...",
            # "...career advice. That said, the basics apply": it answers after all
            tail = first[refusal.end() :]
            return (
                _COMMITS.search(tail) is None
                and _GOES_ON.search(tail) is None
                and _GOES_ON.match(rest) is None
            )
    return False


_GOES_ON = re.compile(
    r"(?<![a-z])(?:that said|still|even so|however|but|having said that|ainda assim|"
    r"mesmo assim|dito isso|no entanto|porem|contudo|mas|de todo modo|de qualquer forma)"
    r"(?![a-z])"
)
"""Words by which a reply goes on after declining ("..., but here is what works", "Ainda
assim, o básico vale..."): what follows answers."""


LONG_EVASION_ANSWER_WORDS = 20
"""...and when its sentences with no evasion in them hold fewer than this many words: an opener
and a closer around an answer ("Ah, essa dúvida é muito comum, e tem solução! <four sentences of
advice> Boa sorte na cidade nova!") are courtesies, not the reply."""


CONCLUDING_SENTENCES = 2
"""The sentences that close a reply, read for its conclusion (`_concludes_uncommitted`)."""


def _concludes_uncommitted(folded: str) -> bool:
    """Whether a long reply that states nothing plainly concludes that it cannot say (one of
    its last `CONCLUDING_SENTENCES` commits to nothing: "So it's hard to give one number that
    fits every case", "Por isso, é difícil afirmar se vai dar certo ou não"), gives no advice
    (fewer than `ADVICE_SENTENCES` lines that open with a command) and says little besides:
    fewer than `LONG_EVASION_ANSWER_WORDS` words outside its list items, its phrases of evasion
    and its lines of talk (`lexicon.TALK_WORDS`). A hedge lists the factors it depends on; an
    explanation that ends on a modest caveat ("...it's hard to say which one without looking at
    the cat") has said its answer first."""
    sentences = [s for s in _SENTENCE_BREAK.split(folded.strip()) if any(c.isalnum() for c in s)]
    if not any(_commits_to_nothing(s) == _UNCOMMITTED for s in sentences[-CONCLUDING_SENTENCES:]):
        return False
    commands = plain = 0
    phrases = _evasions_for(_EVASION_KEYS)
    for sentence in sentences:
        for line in sentence.split("\n"):
            item = _ITEM_MARK.match(line) is not None
            head = _split_words(_ITEM_MARK.sub("", line.lstrip())[:COMMAND_HEAD_CHARS])
            if head and head[0] in lexicon.IMPERATIVES:
                commands += 1
            # the words of an answer: outside the list of factors, with no phrase of
            # evasion and no word of talk ("Purring usually signals contentment, ...")
            if (
                not item
                and lexicon.TALK_WORDS.isdisjoint(_split_words(line))
                and not any(pattern.search(line) for _, pattern in phrases)
            ):
                plain += len(line.split())
    return commands < ADVICE_SENTENCES and plain < LONG_EVASION_ANSWER_WORDS


def _evades_throughout(folded: str) -> bool:
    """Whether a long reply's sentences without an evasion phrase (`lexicon.EVASIONS`) hold
    fewer than `LONG_EVASION_ANSWER_WORDS` words (`folded`: the reply, folded)."""
    plain = commands = 0
    phrases = _evasions_for(_EVASION_KEYS)
    for sentence in _SENTENCE_BREAK.split(folded):
        found = [m for _, pattern in phrases if (m := pattern.search(sentence)) is not None]
        head = _split_words(sentence[:COMMAND_HEAD_CHARS])
        if head and head[0] in lexicon.IMPERATIVES and all(m.start() > 0 for m in found):
            # "Get proper shoes. Rest a day between runs.": advice, however it is wrapped (not
            # "Take your time...", the courtesy itself)
            commands += 1
            if commands >= ADVICE_SENTENCES:
                return False
        if not found:
            plain += len(sentence.split())
            if plain >= LONG_EVASION_ANSWER_WORDS:
                return False
    return True


COMMAND_HEAD_CHARS = 40
ADVICE_SENTENCES = 2
"""Sentences that open with a command a long reply holds when it answers, whatever courtesies
wrap them ("Ótima pergunta! Mantenha horários regulares. Evite telas antes de deitar. ... Boa
sorte!")."""


LONG_EVASION_KINDS = 2
"""Kinds of evasion a reply longer than `EVASION_MAX_WORDS` must show: one courtesy ("Interessante
questão. Antes de responder, preciso entender...") opens many a long answer of the original
data; with one, 6% of `philosophical`'s good answers were rejected."""

EVASION_MAX_NAMES = 1
"""...nor more than this many names the prompt lacks ("Ótima pergunta! Manipular strings em
JavaScript é muito útil..." names one, and answers nothing; "Canberra, não Sydney" names two)."""

_SPEAKER = frozenset({"i"})
"""The English "I", a capital inside a sentence that names no fact: "As an AI, I'm not able to
discuss..." holds one name, not two."""


@functools.lru_cache(maxsize=4096)
def _evasions_for(keys: frozenset[str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The evasion phrases whose words an answer holds (`keys`: its word starts of
    `_EVASION_KEYS`), in their order (the first kind found counts); cached per set of words, of
    which answers share few."""
    chosen = sorted(_EVASIONS_ALWAYS.union(*(_EVASIONS_BY_KEY.get(k, ()) for k in keys)))
    cues = _EVASION_CUES
    return tuple(
        (_EVASIONS[i][0], _EVASIONS[i][1])
        for i in chosen
        if (cue := cues[i]) is None or holds(cue, keys)
    )


@functools.lru_cache(maxsize=16384)
def evasion(prompt: str, response: str) -> str | None:
    """What a short reply does instead of answering (`lexicon.EVASIONS`: "promises an answer",
    "praises the question"...), when it states no number, symbol or code of its own and at most
    `EVASION_MAX_NAMES` name (see `states_fact`): "Ótima pergunta! Cortar cebola é uma
    experiência que todo mundo conhece", "I'll walk you through the conversion step by step",
    "Depende da sua situação, então pode variar bastante". None for an answer, however it
    opens ("Depende: uns 6 min pra gema mole...")."""
    n_words = count_pieces(response, LONG_EVASION_MAX_WORDS)
    if n_words > LONG_EVASION_MAX_WORDS:
        return None  # more than that many words (split no further than it takes to tell)
    if "**" in response and len(response) <= UNBOLD_CHARS:
        response = _unbold_evasions(response)
    features = response_features(response)
    folded = features.folded
    if (
        _states_something(prompt, response, folded)
        if n_words <= EVASION_MAX_WORDS
        else _states_plainly(prompt, response, folded)
    ):
        # a reply that states a fact evades nothing, whatever its phrases: most answers do, so
        # this comes before the phrases are chosen and searched
        return None
    keys = _EVASION_KEYS.intersection(features.prefixes)
    if not keys and not _EVASIONS_ALWAYS:  # none of the words any phrase needs
        return None
    wording = prompt_features(prompt).wording or asks_translation(prompt)
    phrases = [
        (kind, pattern)
        for kind, pattern in _evasions_for(keys)
        if not (wording and kind in lexicon.WORDING_COURTESIES)
    ]
    if n_words > EVASION_MAX_WORDS:
        # a longer reply: evasive in two ways at least ("Ótima pergunta! ... Boa sorte nessa
        # nova jornada!"), not one courtesy beside its answer; or refusing from its first
        # sentence without asking the asker back ("Desculpe, mas não posso responder a
        # perguntas sobre gramática. Para esse tipo de dúvida, consulte...")
        found: list[str] = []  # the first kinds found, in order, up to LONG_EVASION_KINDS
        end = len(phrases)  # where the search for the first kinds stopped
        for at, (of, pattern) in enumerate(phrases):
            if of not in found and _evades_by(of, pattern, folded):
                found.append(of)
                if len(found) == LONG_EVASION_KINDS:
                    end = at + 1
                    break
        if len(found) >= LONG_EVASION_KINDS and _evades_throughout(folded):
            kind: str | None = found[0]
        elif (
            (
                _REFUSES in found
                # past the first kinds only a refusal still counts: the other phrases are not read
                or any(of == _REFUSES and _evades_by(of, p, folded) for of, p in phrases[end:])
            )
            and _refuses_first(response)
        ):
            kind = _REFUSES
        else:
            kind = _UNCOMMITTED if _concludes_uncommitted(folded) else None
    else:
        kind = next((of for of, pattern in phrases if _evades_by(of, pattern, folded)), None)
        if kind == _OFFERS_HELP and not _only_courtesies(folded, phrases):
            # "Pour boiling water down it, then baking soda and vinegar. Happy to help!":
            # an answer closed by a courtesy; the courtesy alone is no answer
            kind = None
    return kind


_OFFERS_HELP = "only offers more help"


def _only_courtesies(folded: str, phrases: Sequence[tuple[str, re.Pattern[str]]]) -> bool:
    """Whether every sentence of a reply (`folded`) holds a phrase of evasion ("Happy to help!
    Let me know if you have other questions.")."""
    return all(
        any(pattern.search(sentence) for _, pattern in phrases)
        for sentence in _SENTENCE_BREAK.split(folded)
        if any(c.isalnum() for c in sentence)
    )


_BOLD_SENTENCE = re.compile(r"[^.!?\n]*\*\*[^\n]*?(?:[.!?](?=\s)|$|(?=\n))", re.MULTILINE)
"""A sentence (up to its stop or its line's end) that holds a mark of bold."""
_UNBOLDING_KINDS = frozenset(
    (_REFUSES, _UNCOMMITTED, _DEPENDS, "says it depends on the asker", "talks about the question")
)
"""The evasions a sentence's bold does not turn into a fact ("Não dá para dizer, **cada trilha
é diferente**."): a refusal, a hedge, talk about the question."""


UNBOLD_CHARS = 2000
"""Bold is read through (`_unbold_evasions`) in replies of at most this many characters (an
evasion is short; `evasion` reads at most `LONG_EVASION_MAX_WORDS` words)."""


def _unbold_evasions(response: str) -> str:
    """`response` as `evasion` reads it: the marks of bold left out of a sentence that is itself
    a refusal or a hedge (`_UNBOLDING_KINDS`), and of a span in bold that is a phrase of evasion
    of any kind ("Sinto muito, **não posso ajudar com essa pergunta**."): bold puts a fact
    forward, and a refusal or a hedge set in bold is still one."""

    def plain(sentence: re.Match[str]) -> str:
        text = sentence.group(0)
        folded = fold(text.replace("**", ""))
        if _COMMITS.search(folded) is None:  # "I can't recommend a stock, but **index funds**"
            for kind, pattern, _keys in _EVASIONS:
                if kind in _UNBOLDING_KINDS and pattern.search(folded):
                    return text.replace("**", "")
        return _BOLD.sub(_unbold_phrase, text)

    return _BOLD_SENTENCE.sub(plain, response)


def _unbold_phrase(bold: re.Match[str]) -> str:
    """A span in bold without its marks where it is itself a phrase of evasion."""
    folded = fold(bold.group(1))
    if any(pattern.search(folded) for _, pattern, _keys in _EVASIONS):
        return bold.group(1)
    return bold.group(0)


def _evades_by(kind: str, pattern: re.Pattern[str], folded: str) -> bool:
    """Whether the phrase `pattern` of evasion `kind` is in a reply (`folded`), as `evasion`
    counts it: "it depends" only with "it varies" beside it, "hard to say" only where the reply
    does not commit after all ("hard to say for sure, but most likely a nursing instinct")."""
    return (
        pattern.search(folded) is not None
        and (kind != _DEPENDS or _VARY_RE.search(folded) is not None)
        and (kind != _UNCOMMITTED or _COMMITS.search(folded) is None)
    )


def _states_something(prompt: str, response: str, folded: str) -> bool:
    """Whether a reply (`folded`: its folded text) states something an evasion does not: a
    number, a symbol, code or `EVASION_MAX_NAMES` + 1 names that `prompt` lacks
    (`_marks_state`), a term in bold or a number in words (`_states_in_words`)."""
    return _marks_state(prompt, response) or _states_in_words(prompt, response, folded)


def _states_plainly(prompt: str, response: str, folded: str) -> bool:
    """`_states_something` for a reply longer than `EVASION_MAX_WORDS`, without its terms in
    bold: a long refusal or hedge bolds its own words ("I can't help with questions about
    **international borders**", "**Spoon sizes** vary..."), a fact needs a number, a symbol,
    code, names or a number in words."""
    return _marks_state(prompt, response) or not lexicon.NUMBER_WORDS.isdisjoint(
        set(_split_words(folded)) - _given(prompt)
    )


def _marks_state(prompt: str, response: str) -> bool:
    """The cheap half of `_states_something` (cached marks): a number, a symbol, code or two
    names of the reply's own."""
    new = _marks(response) - _given(prompt) - _SPEAKER
    return len(new) >= EVASION_MAX_NAMES + 1 or any(not mark.isalpha() for mark in new)


def _states_in_words(prompt: str, response: str, folded: str) -> bool:
    """The other half: a term in bold (the fact put forward) or a number in words that `prompt`
    lacks."""
    return new_bold_terms(prompt, response) > 0 or not lexicon.NUMBER_WORDS.isdisjoint(
        set(_split_words(folded)) - _given(prompt)
    )


NONCOMMITTAL = "commits to nothing: it varies, it depends, good luck"
"""The evasion of a long reply that only says the answer varies or is hard to give, or wishes
the asker well (`noncommittal`)."""

NONCOMMITTAL_SHARE = 0.6
"""The share of a long reply's sentences that commit to nothing (`_commits_to_nothing`) at
which the reply gives no answer."""

NONCOMMITTAL_MIN_SENTENCES = 3
"""...counted over at least this many sentences (a reply of two long sentences is left to the
judges)."""

NONCOMMITTAL_READ = 12
"""...of its first this many sentences: an answer commits early, and an essay is not scanned to
its end."""

NONCOMMITTAL_CHARS = 300
"""...each read up to this many characters (some phrases look ahead to the end of their
sentence: a sentence of 100,000 characters would be read again at every word)."""

_SENTENCE_KINDS_LEFT_OUT = frozenset(
    ("praises the topic", "cheers the asker on", "sends the asker elsewhere")
)
"""Kinds of `lexicon.EVASIONS` that are advice inside a long answer ("Rest is essential",
"Listen to your body", "Recomendo..."), not a sentence that says nothing."""

_SENTENCE_PHRASES: tuple[tuple[str, str], ...] = (
    *(
        (kind, fragment)
        for kind, fragments in lexicon.EVASIONS.items()
        if kind not in _SENTENCE_KINDS_LEFT_OUT
        for fragment in fragments
    ),
    *((NONCOMMITTAL, fragment) for fragment in lexicon.NONCOMMITTAL),
)
_NONCOMMITTAL_RE = re.compile(
    r"(?<![a-z0-9])(?:"
    + "|".join(f"(?P<p{i}>{fragment})" for i, (_, fragment) in enumerate(_SENTENCE_PHRASES))
    + r")(?![a-z0-9])"
)
"""Every phrase of `_SENTENCE_PHRASES`, each in a group of its own that names its kind."""
_REPLY_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def _commits_to_nothing(sentence: str) -> str | None:
    """The kind of the first phrase of a folded sentence that commits to nothing, read as
    `evasion` reads it: "it depends" only with "it varies" beside it, "hard to say" or a refusal
    only with no "but" or "probably" after it (`_COMMITS`)."""
    text = sentence[:NONCOMMITTAL_CHARS]
    for match in _NONCOMMITTAL_RE.finditer(text):
        kind = _SENTENCE_PHRASES[int(str(match.lastgroup)[1:])][0]
        if kind == _DEPENDS and _VARY_RE.search(text) is None:
            continue
        if kind in (_UNCOMMITTED, _REFUSES) and _COMMITS.search(text, match.end()) is not None:
            continue  # "Não posso dar diagnóstico à distância, mas as causas mais comuns são..."
        return kind
    return None


def noncommittal(prompt: str, response: str) -> str | None:
    """What a reply longer than `EVASION_MAX_WORDS` does instead of answering when most of its
    sentences commit to nothing ("Isso depende de muitos fatores. Cada situação é diferente...
    Há quem diga uma coisa, há quem diga outra"; "Great question! Every build is unique... Good
    luck!"; a refusal of a harmless question padded with reasons and a referral) and it states
    nothing an evasion does not (`_states_something`): `_REFUSES` when it opens by refusing,
    else `NONCOMMITTAL`; None for any other. A short reply is `evasion`'s to read. An answer
    that refuses one thing and gives another ("Não posso dar diagnóstico à distância, mas..."),
    or whose sentences give advice, answers. (A request to deceive or harm, owed a refusal,
    never gets here when it is recognised as one: `heuristic.owed_reply`.)"""
    if count_pieces(response, EVASION_MAX_WORDS) <= EVASION_MAX_WORDS:
        return None
    given = _given(prompt)
    for found in _SPECIFIC.finditer(response):  # in C, to the first number: no marks read yet
        token = found.group(0)
        if not token.isalpha() and fold(token) not in given:
            return None  # most long answers: a number or a symbol of their own
    if _marks_state(prompt, response):
        return None  # ...or names
    folded = response_features(response).folded
    pieces = _REPLY_SENTENCE.split(folded.strip(), maxsplit=NONCOMMITTAL_READ)
    sentences = [s for s in pieces[:NONCOMMITTAL_READ] if any(c.isalnum() for c in s)]
    if len(sentences) < NONCOMMITTAL_MIN_SENTENCES:
        return None
    allowed = len(sentences) - math.ceil(NONCOMMITTAL_SHARE * len(sentences))
    opening = None
    for i, sentence in enumerate(sentences):
        kind = _commits_to_nothing(sentence)
        if i == 0:
            opening = kind
        if kind is None:
            allowed -= 1
            if allowed < 0:
                return None  # too many sentences that say something
    if _states_in_words(prompt, response, folded):
        return None  # a term in bold, a number in words (the marks were read above)
    return _REFUSES if opening == _REFUSES else NONCOMMITTAL


_UNIT_END = re.compile(r"\d\s?[°º]?[^\W\d_][^\s\d]{0,11}$")


SIGN_OFF_FROM = 0x2190
"""Characters from this code point on (past Latin-1, the Latin, Greek and Cyrillic letters and
the letter-like symbols: "℉", "℃") may make up a sign-off when they are symbols: emoji, their
joiners and selectors, arrows, ticks, stars; not "°", "®" or "%", nor a note's sharp or flat
(`_MUSIC_SIGNS`: "C♯")."""
_MUSIC_SIGNS = range(0x2669, 0x2670)
_EMOJI_JOINERS = frozenset("\u200d\u20e3")
"""The zero-width joiner and the keycap mark, below `SIGN_OFF_FROM`, inside emoji ("👨‍👩‍👧")."""
_SIGN_OFF_CATEGORIES = frozenset(("So", "Sk", "Cf", "Mn", "Zs"))
"""Unicode categories of a sign-off's characters: symbols, modifiers (skin tones), format
characters (the zero-width joiner), marks (the emoji selector U+FE0F) and spaces."""
_ENDS_WRITTEN = frozenset(".!?…)]\"'`\u201d\u2019*:;")
"""What a text may end on before its sign-off, as written to its end."""


def without_sign_off(response: str) -> str:
    """`response` without the emoji or symbols it ends on after its last word or mark, a chat
    answer's sign-off: "Cerca de 3,1 milhas. 🙂" is "Cerca de 3,1 milhas.", and where no mark
    is left before it the sign-off ended the sentence ("Canberra 👍" is "Canberra."). The whole
    answer where nothing else is left (a loop of emoji is the gate's to judge)."""
    last = response[-1:]
    if not last or (last.isascii() and not last.isspace()):
        return response  # most answers end on a stop or a word
    end = len(response.rstrip())
    if not end or response[end - 1].isascii():
        return response
    cut = end
    while cut and _signs_off(response[cut - 1]):
        cut -= 1
    if cut == end or not response[:cut].strip():
        return response
    kept = response[:cut].rstrip()
    return kept if kept[-1] in _ENDS_WRITTEN else kept + "."


def _signs_off(char: str) -> bool:
    """Whether `char` may be part of a sign-off (`SIGN_OFF_FROM`, `_SIGN_OFF_CATEGORIES`)."""
    if char.isspace() or char in _EMOJI_JOINERS:
        return True
    code = ord(char)
    return (
        code >= SIGN_OFF_FROM
        and code not in _MUSIC_SIGNS
        and unicodedata.category(char) in _SIGN_OFF_CATEGORIES
    )


def chat_reply(prompt: str, response: str, *, whole: bool = False) -> bool:
    """Whether a terse reply is typed as its prompt is, in a chat's lowercase and without a
    final stop ("qual o ddd de são paulo capital": "11, a capital e região"; "quantas teclas tem
    um piano": "88 teclas"): its last word ends it as a stop would (`ends_finished`'s mark),
    and is no plural's singular after a count ("seis jogador" is "seis jogadores" cut). A
    model's answer, and a cut of one, keeps its capitals. With `whole`, its last word is one a
    cut hardly leaves (`_whole_last_word`): where the reply is to count as the thing asked."""
    if not typed_reply(response) or prompt.lower() != prompt or prompt.rstrip().endswith("."):
        return False
    words = response.split()  # a dozen at most
    return (
        bool(words)
        # a word first, or a number and whole words ("88 teclas"), not code ("*/5 * * * *")
        and (response[:1].isalpha() or (response[:1].isdigit() and _ends_on_whole_word(words)))
        and not _singular_after_count(words)
        # not a function word or a letter last ("gel o", "mei é u"), nor a short word alone
        # ("ver", "tim": a cut of "vermeer", "tim berners-lee")
        and not _cut_after(words)
        and (not whole or _whole_last_word(words))
    )


CHAT_REPLY_WORDS = 12
"""A chat reply is at most this many words."""


TYPED_REPLY_WORDS = 40
"""A reply typed in lowercase on one line is read as typed, not cut, up to this many words
("saturn, it passed jupiter a couple years ago and has well over 100 confirmed moons now")."""


def typed_reply(response: str, *, most_words: int = CHAT_REPLY_WORDS) -> bool:
    """Whether `response` is one line in lowercase of at most `most_words` words, as a chat
    reply is typed (it ends without a stop as often as with one): `chat_reply` without its
    prompt, for the gate's checks of an end. Long answers are split no further than that."""
    return (
        "\n" not in response
        and response.lower() == response
        and len(response.split(maxsplit=most_words)) <= most_words
    )


def as_written(response: str) -> str:
    """A reply typed in lowercase on one line (`typed_prose`, up to `TYPED_REPLY_WORDS` words)
    read with the capital and the stop it would have as written ("its canberra, not sydney" as
    "Its canberra, not sydney."), unless it stops where a cut leaves it: its lowercase and its
    missing stop say how it was typed, not what it answers."""
    end = response.rstrip()
    if not typed_prose(end) or typed_prose_cut(end):
        return response
    return end[:1].upper() + end[1:] + ("." if end[-1].isalnum() else "")


TYPED_PROSE_MIN_WORDS = 4
TYPED_PROSE_CHARS = 400
"""Typed prose has at least `TYPED_PROSE_MIN_WORDS` words (a shorter reply, an address or a name
is judged as a short line is) and at most `TYPED_PROSE_CHARS` characters."""


def typed_prose(response: str) -> bool:
    """Whether `response` is prose typed in lowercase on one line (`typed_reply` up to
    `TYPED_REPLY_WORDS` words, `TYPED_PROSE_MIN_WORDS` at least): a word first ("8 flui" and
    "3-4 day" are cuts of figures, and the judges read a figure's answer without its stop as
    they always have), no code ("wc -l arquivo.txt", "windows + shift + s" end on what no
    sentence ends on), no address ("ana.silva@example.com", "www.example.org") and no figure
    last."""
    return (
        response[:1].isalpha()
        # a figure last may be one cut short ("...taken down after 2"): read as before
        and not response.rstrip()[-1:].isdigit()
        and len(response) <= TYPED_PROSE_CHARS
        and "@" not in response
        and "://" not in response
        and "www." not in response
        and len(response.split(maxsplit=TYPED_PROSE_MIN_WORDS)) >= TYPED_PROSE_MIN_WORDS
        and typed_reply(response, most_words=TYPED_REPLY_WORDS)
        and not code_family(response)
    )


def typed_prose_cut(response: str) -> bool:
    """Whether a reply typed in lowercase stops where a cut leaves it. A chat reply's length
    (`CHAT_REPLY_WORDS`) is read as `chat_reply` reads it (`_cut_after`: a function word, a
    word's start, a word of two letters). A longer one ends on a clause as often: only a word
    that binds what follows (`_CHAT_DANGLING` but a verb that may close a clause, "botanically it
    is"; `_TYPED_DANGLING`: "every", "cada"), a word's start, or one or two letters that end no
    reply (`_TWO_LETTER_ENDS`, `_TYPED_TWO_LETTER_ENDS`: "ask t", not "set it up") is a cut."""
    from noesis_trainer.tribunal.judges.background import cut_word, inflected_word

    words = response.split()
    if not words:
        return False
    if len(words) <= CHAT_REPLY_WORDS:
        return _cut_after(words)
    last = fold(words[-1])
    if not last.isalpha():
        return False
    if len(last) <= 2:
        return last not in _TWO_LETTER_ENDS and last not in _TYPED_TWO_LETTER_ENDS
    return (
        (last in _CHAT_DANGLING and last not in _TYPED_LAST_VERBS)
        or last in _TYPED_DANGLING
        or (cut_word(last) and not inflected_word(last))
    )


_TYPED_TWO_LETTER_ENDS = word_set("it up go do me ne pe la ja ai so no")
"""Words of two letters that close a longer typed reply ("just slice it and freeze it", "set
it up", "é bem pé no chão, né")."""
_TYPED_LAST_VERBS = word_set("is are was were be been have has had sao foi ser ter")
"""Verbs of `_CHAT_DANGLING` that close a longer typed reply ("yeah technically it is")."""
_TYPED_DANGLING = word_set(
    "every each such very another several whose "
    "cada seu sua seus suas nosso nossa nossos nossas algum alguma alguns algumas esse essa "
    "esses essas este esta estes estas aquele aquela aqueles aquelas qualquer"
)
"""Determiners and quantifiers a typed reply does not end on ("...useful for radio and every",
"...e seu")."""


def _cut_after(words: Sequence[str]) -> bool:
    """Whether a lowercase reply stops where a cut leaves it: on a function word, a word's
    start or a word of two letters ("gel o", "mei é u", "...with hair that", "a ge"), or on one
    word of fewer than `CHAT_REPLY_LAST_LETTERS` letters ("ver", "tim")."""
    from noesis_trainer.tribunal.judges.background import cut_word, inflected_word

    last = fold(words[-1])
    if len(words) == 1:  # "seis", "avocado"
        return not last.isalpha() or len(last) < CHAT_REPLY_LAST_LETTERS or cut_word(last)
    if not last.isalpha():
        return False  # "yep, about 70%", "uns 20 min?" end on a figure or a mark
    return (
        (len(last) <= 2 and last not in _TWO_LETTER_ENDS)
        or last in _CHAT_DANGLING
        or (cut_word(last) and not inflected_word(last))
    )


_TWO_LETTER_ENDS = word_set("ok no tv pc eu ai uk us dc la ja ca so si")
"""Words of two letters a chat reply may end on ("yes, it's ok", "não, só eu")."""
_CHAT_DANGLING = lexicon.DANGLING | word_set(
    "that which who whose whom with over around about from into onto than though although "
    "because while if when whether to of for in on at by as is are was were be been have has "
    "had que se como quando porque pois mais muito tambem sao foi ser ter entre sobre ate apos "
    "desde cujo cuja onde qual quais qualquer"
)
"""Words a chat reply does not end on: what binds a word or a clause still to come."""


def _ends_on_whole_word(words: Sequence[str]) -> bool:
    """Whether a reply that opens with a number is short and ends on a whole word
    (`_whole_last_word`: "30 dias corridos"; not "240 ml na m", "26 estados, ma", "1960, em
    2"). A number cut short keeps its figure, and a cut falls after any character of it."""
    return 1 < len(words) <= CHAT_FIGURE_WORDS and _whole_last_word(words)


def _whole_last_word(words: Sequence[str]) -> bool:
    """Whether a reply ends on a word a cut hardly leaves: of letters (and hyphens) only, four
    or more, no function word, not the start of a longer word unless a plural's singular or an
    infinitive's present ("mamífero"); one word alone, a word of the lists ("seis"; not
    "petab")."""
    from noesis_trainer.tribunal.judges.background import cut_word, inflected_word, is_word

    last = fold(words[-1])
    part = last.rsplit("-", 1)[-1]  # "warm-blooded" by "blooded": "warm-bl" is cut
    return (
        len(last) >= CHAT_REPLY_LAST_LETTERS
        and len(part) >= 3
        and last.replace("-", "").isalpha()
        and last not in lexicon.STOPWORDS
        and last not in _CHAT_DANGLING
        and (not cut_word(part) or inflected_word(part))
        and (len(words) > 1 or is_word(last))
    )


def _singular_after_count(words: Sequence[str]) -> bool:
    """Whether a reply ends on a noun's singular right after a count of more than one, where
    the lists hold its plural ("20 minuto", "46, in 23 pair", "seis jogador"): a cut that fell
    on the plural's last letter."""
    from noesis_trainer.tribunal.judges.background import is_word

    if len(words) < 2 or _COUNT_BEFORE.fullmatch(fold(words[-2])) is None:
        return False
    last = fold(words[-1])
    return (
        last.isalpha()
        and last not in _NUMBER_WORDS  # "about 10 million", "two dozen"
        and not last.endswith("s")
        and (is_word(last + "s") or is_word(last + "es"))  # "pares", "jogadores"
    )


_COUNT_BEFORE = re.compile(
    r"(?:[2-9]|\d{2,})(?:[.,]\d+)*|two|three|four|five|six|seven|eight|nine|ten|twelve|"
    r"duas|dois|tres|quatro|cinco|seis|sete|oito|nove|dez|doze"
)
"""A count of more than one, which a plural follows ("23 pares")."""
_NUMBER_WORDS = word_set(
    "hundred thousand million billion trillion dozen score cento cem mil milhao bilhao "
    "trilhao duzia dezena centena"
)
"""Words of a number, singular after a count ("10 million", "3 mil")."""
CHAT_REPLY_LAST_LETTERS = 4
"""The fewest letters of the last word of a chat reply that opens with a number, or of a
one-word chat reply."""
CHAT_FIGURE_WORDS = 6
"""A chat reply that opens with a number is at most this many words ("7 a 9 horas por
noite"): a model's answer that opens with its figure goes on, and its cuts are longer ("206 in
adults, though newborns have around")."""


def ends_finished(response: str) -> bool:
    """Whether `response` ends as a written answer does, not where a cut left it: on
    punctuation, a closing mark or a symbol, on a number or a number and its unit ("2.995 m",
    "86 °F", "86.400 segundos"),
    or on the last line of a list or verse (a cut of a short answer rarely reaches a line
    break). A brief request's allowance needs it: a cut of a terse answer is short, too."""
    stripped = response.rstrip()
    if not stripped:
        return False
    last = stripped[-1]
    return not last.isalpha() or "\n" in stripped or _UNIT_END.search(stripped[-16:]) is not None


TITLE_MAX_WORDS = 12
TITLE_MIN_WORDS = 3
"""A title is a line of at least `TITLE_MIN_WORDS` words and at most `TITLE_MAX_WORDS`
(`titled`): a cut of one to two words is as likely."""
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_NOT_TITLE_WORDS = (
    lexicon.SHORT_FORMS
    | lexicon.PIECE_PREAMBLE
    | lexicon.TALK_WORDS
    | word_set("headline headlines manchete suggestion sugestao here aqui ai ia")
)
"""Words that talk about a piece instead of being one ("Title", "Suggestion", "Here Is")."""
_TITLE_BREAKS = re.compile(r"[,;()]")
"""A title and its subtitle hold no comma, semicolon or parenthesis ("Here's one: coffee has
it rough, since it gets mugg" is a piece cut short, not a title)."""


def titled(response: str) -> bool:
    """Whether `response` is a title as titles are written, without a final stop: one line of
    `TITLE_MIN_WORDS` to `TITLE_MAX_WORDS` words, in title case (every word of four letters or
    more that is no function word capitalised, two such words at least: "Words from the Tide")
    or a title and its subtitle after a colon ("Verão sem susto: como reduzir a conta de luz"),
    ending on a whole word a cut hardly leaves (no function word, not a word's start). What a
    request for a title is answered with."""
    from noesis_trainer.tribunal.judges.background import cut_word

    text = response.strip().strip("*_\"“”'")
    words = _TITLE_WORD.findall(text)
    if (
        not words
        or "\n" in text
        or not text[-1].isalpha()
        or len(words) > TITLE_MAX_WORDS
        # talk of a title, not one: "Essay Title Goes Here", "As an AI, I Do Not Write Slogans"
        or not _NOT_TITLE_WORDS.isdisjoint(fold(w) for w in words)
    ):
        return False
    head, colon, tail = text.partition(": ")
    if colon and head[:1].isupper() and tail and _TITLE_BREAKS.search(text) is None:
        last = fold(words[-1])
        return (
            last not in lexicon.STOPWORDS
            and last not in _CHAT_DANGLING
            and (len(last) >= 3 and not cut_word(last))
        )
    content = [w for w in words if len(w) >= 4 and fold(w) not in lexicon.STOPWORDS]
    return (
        len(words) >= TITLE_MIN_WORDS  # "Balcony Toma" is a title cut short
        and len(content) >= 2
        and all(w[0].isupper() for w in content)
        and _whole_last_word(words)
    )


_SET_APART = re.compile(r'["“«][^"”»\n]{3,}["”»]|:[ \t]+\S|:\n|\n\s*\S')


def sets_apart(response: str) -> bool:
    """Whether `response` sets a piece apart from its own words: in quotation marks, after a
    colon or on lines of its own ("Here's one: ...", a haiku), or a riddle and its punchline
    ("What do you call cheese that isn't yours? Nacho cheese."). A slogan or a translation
    asked for is given so; "Um bom slogan precisa ser criativo" talks about one instead."""
    return _SET_APART.search(response) is not None or _riddle(response)


_RIDDLE = re.compile(r"^[^?\n]{8,}\?\s+\S[^?]*$")


def _riddle(response: str) -> bool:
    """Whether `response` is a question and its answer, and nothing more: a joke's setup and
    punchline."""
    return _RIDDLE.match(response.strip()) is not None


PASSAGE_CARRIED = 1 / 3
"""A rewrite or summary carries at least this share of its passage's content words."""


@functools.lru_cache(maxsize=8192)
def carries_passage(prompt: str, response: str) -> bool:
    """Whether `response` takes up at least `PASSAGE_CARRIED` of the content stems of the passages
    `prompt` quotes (a rewrite or summary keeps what the passage says)."""
    material = quoted_material(prompt)
    if material is None:
        return False
    stems = {
        w[:STEM_CHARS]
        for passage in material.passages
        for w in passage
        if len(w) > 2 and w not in _STOPWORDS
    }
    if not stems:
        return False
    taken = response_features(response).prefixes
    return len(stems & taken) >= PASSAGE_CARRIED * len(stems)


EXPANDED_WORDS = 2
"""An expansion adds at least this many words to its passage."""


def reworks_passage(prompt: str, response: str) -> bool:
    """Whether `response` is a passage that `prompt` quotes, reworked: it carries the passage
    (`carries_passage`) and is not the passage itself, past any lead-in before a colon
    ("Houve muitos problemas na entrega." for "Corrija: \"Houveram muitos problemas na
    entrega.\""; not "Here is the corrected sentence: Houveram..."); an expansion is longer than
    its passage by `EXPANDED_WORDS` words at least."""
    material = quoted_material(prompt)
    if material is None or not carries_passage(prompt, response):
        return False
    said = tuple(_split_words(fold(response)))
    piece = tuple(_split_words(fold(response.rsplit(": ", 1)[-1])))
    if any(words in (said, piece) for words in material.passages):
        return False
    if not lexicon.EXPAND_REQUESTS.isdisjoint(material.request):
        return len(said) >= max(map(len, material.passages)) + EXPANDED_WORDS
    return True


_EXTRACTED_KINDS = [
    (re.compile(pattern), frozenset(nouns.split()))
    for pattern, nouns in lexicon.EXTRACTED_KINDS.items()
]


def _asks_extraction(material: QuotedMaterial | None) -> bool:
    """Whether the request around a quoted passage asks for a detail picked out of it
    (`lexicon.EXTRACT_REQUESTS`: "Extraia a data do evento: \"...\""; or a question that names
    the passage, `lexicon.PASSAGE_REFERENCES`: "Segundo o texto, quem pintou o quadro?")."""
    if material is None:
        return False
    request = material.request
    return not lexicon.EXTRACT_REQUESTS.isdisjoint(request) or (
        not lexicon.PASSAGE_REFERENCES.isdisjoint(request)
        and not lexicon.PASSAGE_QUESTIONS.isdisjoint(request)
        # "What is the tone of this text?": a judgement of it, not a detail in it
        and lexicon.PASSAGE_JUDGEMENTS.isdisjoint(request)
    )


def asks_extraction(prompt: str) -> bool:
    """Whether `prompt` asks for a detail picked out of the passage it quotes
    (`_asks_extraction`): its answer is in the passage's words."""
    return _asks_extraction(quoted_material(prompt))


_EXTRACT_CONNECTIVES = frozenset(("because", "since", "due", "porque", "pois", "devido", "causa"))
"""Words that lead a detail given as a cause ("Because of staff training."), not the passage's."""


def extracts_from_passage(prompt: str, response: str) -> bool:
    """Whether a request to pick a detail out of a quoted passage (`lexicon.EXTRACT_REQUESTS`:
    "extract the departure time: \"...\"") is answered by that passage's own words: every word
    and number of the reply but its function words and the request's own ("The date is 14
    May.") is the passage's, the passage says more, and the reply holds the kind of thing the
    request names (`lexicon.EXTRACTED_KINDS`: a time for a time, "@" for an e-mail, a capital
    for a name)."""
    material = quoted_material(prompt)
    if material is None or not _asks_extraction(material):
        return False
    passage = {w for words in material.passages for w in words}
    asked = set(material.request)
    # by stem: "It closes at 4 p.m." for "what time does it close": "closed on Mondays"
    asked_stems = {w[:STEM_CHARS] for w in asked}
    passage_stems = {w[:STEM_CHARS] for w in passage}
    said = [
        w
        for w in _split_words(fold(response))
        if w not in _STOPWORDS
        and w not in _EXTRACT_CONNECTIVES
        and w[:STEM_CHARS] not in asked_stems
    ]
    if (
        not said
        or len(said) >= len(passage)
        or not all(w[:STEM_CHARS] in passage_stems for w in said)
    ):
        return False
    return all(
        pattern.search(response) is not None
        for pattern, nouns in _EXTRACTED_KINDS
        if not nouns.isdisjoint(asked)
    )


_YEAR_QUESTION = re.compile(
    r"^\W*(?:(?:ate|until|since|desde) )?"  # "até quando tenho que entregar": a date
    r"(?:em que (?:ano|seculo|data)|quando|when|(?:in )?(?:what|which) year)(?![a-z])"
)
_NAME_QUESTION = re.compile(
    r"^\W*(?:quem|who|onde|where|(?:contra|com|para|de|por) quem|what(?: i|')?s the most|"
    r"qual (?:e )?(?:a|o) (?:capital|nome|autor|autora|maior|menor|fundador|criador|inventor|"
    r"compositor|pintor|diretor|presidente)|"
    r"qual (?:e )?(?:a|o) [a-z]+ (?:[a-z]+ )?mais|"
    r"(?:(?:em|de|para|no|na) )?(?:qual|que) (?:pais|cidade|estado|time|clube|"
    r"planeta|lingua|idioma|rio|oceano|continente)|(?:(?:in|from|to|on) )?which [a-z]+|"
    r"(?:(?:in|from|to|on) )?what (?:country|city|state|language|planet|continent|team|river|"
    r"ocean)|"
    r"what(?: i|')?s the (?:capital|name|founder|inventor|author|composer|painter|director|"
    r"president|"
    + lexicon.SUPERLATIVES_EN
    + r")|"
    + lexicon.TELEGRAPHIC_NAME_QUESTIONS
    + r")(?![a-z])"
)


_IN_SITU_ASKED = re.compile(
    r"(?<![a-z])(?:em|de|no|na|do|da|in|from) (?:que|qual|q|what|which) (?:pais|cidade|estado|"
    r"regiao|continente|country|city|state|region|continent)\W*$"
)
"""A question for a place asked where the place would stand, at its end ("o jalapão fica em q
estado", "the Atacama desert is in which country"): a name answers it."""
_PLACE_QUESTION = re.compile(
    r"^\W*(?:onde|where|(?:em|in) (?:que|qual|what|which) (?:pais|cidade|estado|regiao|"
    r"continente|country|city|state|region|continent|part))(?![a-z])"
)
_PLACE_OPENING = re.compile(
    r"^\W*(?:(?:e|fica|it's|it is|its) )?(?:(?:em|no|na|nos|nas|in|on|at|near|perto d[eoa]s?|"
    r"ao (?:norte|sul|leste|oeste) d[eoa]s?|(?:north|south|east|west)(?:ern|east|west)?|"
    r"central|(?:o|a|os|as|the) (?:norte|sul|leste|oeste|north|south|east|west|centro)"
    r"(?: d[eoa]s?| of)?) )+"
)


def _opens_with_place(folded_prompt: str, first: str) -> bool:
    """Whether a first sentence opens where a place is said ("No Tocantins.", "Nos Andes
    peruanos", "Northern Chile, along the coast", "In Peru"): a preposition or a direction,
    then within two words a name the prompt lacks (not a month or a weekday)."""
    m = _PLACE_OPENING.match(fold(first.replace("*", "")))
    if m is None:
        return False
    opening = len(m.group(0).split())
    words = first.replace("*", "").split()[opening : opening + 2]
    asked = set(_split_words(folded_prompt))
    return any(
        _NAME_WORD.fullmatch(w := word.strip("\"“'(),.;:!")) is not None
        and fold(w) not in asked
        and fold(w) not in _NOT_NAMES
        and _DATE_WORD.fullmatch(fold(w)) is None  # "In June 1215.": a time, not a place
        for word in words
    )


_LOCATIVE_OPENING = re.compile(
    r"^\W*(?:(?:it's|it is|its|they're|they are|it|they|fica|ficam|e|esta|estao|vive|vivem)"
    r"(?: (?:lies|lie|sits|sit|lives|live|grows|grow|located|found|localizad[oa]s?))? )?"
    r"(?:(?:usually|typically|often|mostly|mainly|generally|geralmente|normalmente) )?"
    r"(?:(?P<en>(?:right |just |deep )?(?:in|on|at|by|under|underneath|beneath|behind|inside|below|"
    r"above|near|next to|between|along|within|(?:in front|on top|at the (?:back|base|top|bottom"
    r"|side)) of) (?:the|a|an|your|each|every) (?:[a-z]+ )??)|"
    r"(?P<pt>(?:no|na|nos|nas|(?:atras|embaixo|debaixo|dentro|perto|em cima|ao lado|na frente|"
    r"no fundo|na base) d[oa]s?|entre (?:o|a|os|as)|sob (?:o|a|os|as)) ))"
    r"(?P<noun>[a-z]{3,})(?![a-z])"
)
"""A location in the body, a house or a thing, said by where it sits (after "It lies",
"Usually" or nothing): a preposition of place, an article, then a noun ("In the pancreas.", "It
lies in the upper abdomen", "Usually under the stairs", "Atrás do estômago", "Embaixo da pia";
in Portuguese the noun comes first: "No ar rarefeito..." places nothing; "In reality", "By
default", "On balance" have no article). English prepositions answer "where", Portuguese ones
"onde"."""
_NOT_LOCATIONS = word_set(
    "end meantime meanwhile past future moment long run first place case way sense same other "
    "general fact short summary theory practice beginning morning evening night afternoon "
    "spring summer autumn fall winter time times day days year years week weeks month months "
    "hora horas vez vezes verdade geral pratica teoria caso resumo minha meu primeira primeiro "
    "manha tarde noite dia dias ano anos semana semanas mes meses inicio fim final meio momento "
    "idea ideia opinion opiniao question pergunta answer resposta topic tema assunto "
    "average particular addition order contrast brief total advance detail common turn doubt "
    "mind itself person public private principle terms light view nutshell whole contrary "
    "glance word entanto maioria duvida real realidade fundo boa vida medida sequencia seguida "
    "hipotese certeza"
)
"""Nouns after "in (the)"/"no" that place nothing ("In the end", "On average", "No fim", "Na
verdade")."""


def _opens_with_location(folded_prompt: str, first: str) -> bool:
    """Whether a first sentence opens with where a thing sits (`_LOCATIVE_OPENING`), in the
    question's language ("where" or "onde"), a noun the prompt lacks: "In the pancreas." for
    "where are the islets of langerhans"; not "In the end, it depends", nor the prompt's own
    thing again ("In the car" for "where is the VIN on a car")."""
    m = _LOCATIVE_OPENING.match(fold(first.replace("*", "")))
    if m is None:
        return False
    language = _opener_language(folded_prompt)
    if language != ("en" if m.group("en") else "pt"):
        return False
    noun = m.group("noun")
    asked = {w[:STEM_CHARS] for w in _split_words(folded_prompt)}
    return (
        noun not in _STOPWORDS
        and noun not in _NOT_LOCATIONS
        and noun[:STEM_CHARS] not in asked
        and not _dodges(first, first)  # "Na maioria das vezes depende da casa."
    )


_SEASONS = (
    r"(?:spring|summer|autumn|fall|winter|primavera|verao|outono|inverno|morning|evening|"
    r"afternoon|night)s?"
)
_SEASON_OPENING = re.compile(
    r"^\W*(?:(?:usually|typically|best|ideally|geralmente|normalmente|de preferencia) )?"
    r"(?:(?:in|on|at|during|by|around|until|through|from|no|na|nas|nos|em|de|durante|a|"
    r"ate o|ate a|pelo|pela|(?:no|na|o|a) (?:inicio|comeco|fim|final|meio) d[oa]) "
    r"(?:the |o |a |as |os )?(?:[a-z]+ )?(?:(?:late|early|mid) ?-?)?"
    r"(?:" + _SEASONS + r"|manha|tarde|noite|madrugada)|"
    r"(?:(?:late|early|mid) ?-?)?" + _SEASONS + r"|(?:fim|inicio|meio) d[oa] "
    r"(?:primavera|verao|outono|inverno))(?![a-z])"
)
"""A "when" answered by a season or a part of the day ("In autumn, a few weeks before the ground
freezes", "No outono", "Early spring", "De manhã cedo", "On moonless nights"), not a date: no
year or month to find. A word before the season only after a preposition ("Good morning!" is a
greeting), and a Portuguese part of the day only after one ("Tarde demais" is "too late")."""


def _season_given(asked: str, response: str, first: str) -> bool:
    """Whether a "when" that asks when to do a thing, not when a thing happened
    (`_DATE_ASKED`: "when did the war end" owes a date), is answered by a season or a part of the
    day (`_SEASON_OPENING`), without hedging (`_dodges`: "At night, probably.")."""
    return (
        _DATE_ASKED.match(asked) is None
        and _SEASON_OPENING.match(fold(first)) is not None
        and not _dodges(response, first)
    )


def _dodges(response: str, first: str) -> bool:
    """Whether an answer hedges or refuses anywhere, or its opening words say the thing varies
    ("At night, probably.", "Na maioria das vezes depende"): `_declines` without its words of
    apology, which a Portuguese "no" ("No inverno") would meet."""
    return _VARY_RE.search(
        " ".join(_opening_words(first))
    ) is not None or not DODGE_MARKERS.isdisjoint(response_features(response).markers)


def _opens_with_new_name(folded_prompt: str, response: str) -> bool:
    """`opens_with_name`, with a name the prompt lacks: "Carlos Chagas foi uma figura histórica"
    names the man asked about, not the answer."""
    if not opens_with_name(response):
        return False
    asked = set(_split_words(folded_prompt))
    head = response.strip().split("\n", 1)[0].replace("*", "").split()[: NAME_WITHIN + 1]
    capitalized = [fold(w.strip("\"“'(),.;:!")) for w in head if w[:1].isupper()]
    return any(w and w not in asked and w not in _NOT_NAMES for w in capitalized)


_SUPERLATIVE_QUESTION = re.compile(
    r"^\W*(?:qual (?:e )?(?:a|o) (?:[a-z]+ )?(?:maior|menor|mais)|what(?: i|')?s the (?:[a-z]+ )?"
    r"(?:most|" + lexicon.SUPERLATIVES_EN + r")|" + lexicon.TELEGRAPHIC_SUPERLATIVES + r")(?![a-z])"
)
TERM_HEAD_WORDS = 4
"""A superlative answered by a common noun opens with it in at most this many words before a
comma or a full stop ("O fêmur, o osso da coxa.", "The blue whale.")."""


_CODE_HEAD = re.compile(r"[`=\[\]{}<>]")


_DECLINING = (
    word_set(
        "sinto lamento good great nice excellent awesome fun boa bom otima otimo excelente legal "
        "ideia idea choice escolha one know sabe saber check ask search google consult look "
        "wikipedia consulte pesquise procure pergunte busque veja not applicable aplicavel all "
        "any same unclear disagree differ qualquer todos todas nenhum nenhuma opinions opinioes "
        "experts especialistas complicated complicado complicada complex complexo complexa "
        "difficult dificil hard tricky cute bonito bonita fofo fofa interesting interessante "
        "weird estranho"
    )
    | lexicon.VACUOUS
    | lexicon.NON_ANSWERS
)
"""Words of an answer's opening that apologise, defer, quantify over everything or nothing, or
say nothing of any topic ("Sorry, no idea.", "Check Wikipedia.", "All of them.", "Opinions
differ.", "Boa ideia!"): no thing of the kind asked for, name or not."""
_NOT_IN_TERMS = word_set(
    "it its you your i me my we they he she is are was were be been can could will would "
    "should must do does did don doesn isn won nao sao sei eu voce vc ele ela eles elas isso "
    "isto depends depende pode podem tem"
)
"""Words no noun phrase standing alone as an answer holds: a pronoun or a verb makes it a
sentence ("Power it off.", "Depende do caso.")."""
_CLAUSE_OPENERS = word_set(
    "before after during while since until because if although though when where "
    "antes depois durante enquanto desde ate porque pois se embora quando onde como"
)
"""First words of a clause or an adverbial phrase, not of a noun phrase ("Before walking, most
babies...")."""


SINGLE_TERM_MAX_ITEMS = 3
"""A list of this many items or more answers no question for a term ("Executivo, Legislativo e
Judiciário." for "what is the term for an organism that..."): another question's."""

SINGLE_KIND_MAX_ITEMS = 4
"""...nor, of this many, a question for one thing of a kind ("Copas, espadas, ouros e paus."
for "Qual cidade é a capital da Austrália?"), which a few may answer ("What food is rich in
iron?" "Liver, beans and spinach.")."""


_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d)")
_OR_AFTER_COMMA = re.compile(r",\s*(?:or|ou)\s+", re.IGNORECASE)
"""Guesses strung together ("Fígado, ou rim, ou pâncreas.") are items of a list."""
_APPOSITION_OPENERS = word_set(
    "como like such about around mainly mostly especially principalmente sobretudo cerca "
    "aproximadamente ie i e also tambem inclusive"
)
"""Words that open what follows a term after its comma as a comment on it, not the next item
of a list ("Antônimo, como 'alto' e 'baixo'.", "Kilimanjaro, about 5,895 m.")."""


_TERM_NOUNS = word_set("term terms name word type kind sort termo nome palavra tipo especie")


def _asks_term(kind: re.Match[str]) -> bool:
    """Whether a question for a kind (`kind`: its `_KIND_QUESTION` match) asks for a term or a
    name ("what term describes...", "what is the name of...", the third form)."""
    return kind.group("term") is not None or _kind_noun(kind) in _TERM_NOUNS


def _listed_items(first: str) -> int:
    """How many items an inline list opening `first` holds (`_opening_list`); none for a term
    followed by its comment ("Antônimo, como 'alto' e 'baixo'.") and a number's thousands comma
    splits nothing. ("Fígado, ou rim, ou pâncreas." lists three guesses.)"""
    first = _OR_AFTER_COMMA.sub(", ", _DIGIT_COMMA.sub("", first))
    items = _opening_list(first)
    if items >= 2:
        second = _split_words(fold(first.split(",", 2)[1])) if "," in first else []
        if second and second[0] in _APPOSITION_OPENERS:
            return 0
    return items


def _gives_kind(folded_prompt: str, kind: re.Match[str], response: str, first: str) -> bool:
    """Whether an answer gives what a question for a kind (`kind`: its `_KIND_QUESTION` match)
    asks for: a name, or a noun phrase the prompt lacks (`_opens_with_term`, the whole first
    sentence if written to its end; "The bishop; each bishop stays...", "O fêmur, o osso da
    coxa.") that reads as one (`_reads_as_term`), in an answer that does not decline
    (`_declines`); and several of them, a list, where it asks for several (`_kinds_asked`:
    "Estonia, Latvia and Lithuania."; not "Communication." for "What skills does a data
    scientist need?")."""
    if _declines(response, first):
        return False
    if _kinds_asked(kind):
        if max(_opening_list(first), len(_ITEM_LINE.findall(response))) < 2:
            return False
    elif _listed_items(first) >= (
        SINGLE_TERM_MAX_ITEMS if _asks_term(kind) else SINGLE_KIND_MAX_ITEMS
    ):
        return False  # one term asked for, three or more given; one thing, four or more
    restated = _past_restated_subject(folded_prompt, first)
    if restated is not None:  # "O maior osso do corpo humano é o fêmur, o osso da coxa."
        response = first = restated
    return _opens_with_new_name(folded_prompt, response) or (
        _reads_as_term(first)
        and _opens_with_term(folded_prompt, first, whole=ends_finished(response))
    )


_COPULA = re.compile(
    r"\s(?:é|e|is|are|was|were|são|sao|foi|fica|ficam|uses|use|usa|usam)\s", re.IGNORECASE
)
"""The verb between a restated subject and the answer (`_past_restated_subject`; "A Polônia usa
o złoty como moeda oficial")."""
_ADVERB_OF_PART = (
    r"(?:(?:mostly|mainly|primarily|largely|chiefly|principalmente|basicamente|sobretudo) )?"
)
_MADE_OF = re.compile(
    r"\s*"
    + _ADVERB_OF_PART
    + r"(?:made|feit[oa]s?)\s+"
    + _ADVERB_OF_PART
    + r"(?:from|of|with|de|com)\s+",
    re.IGNORECASE,
)
"""What a restated subject is made of opens the thing asked for ("is made mainly from fermented
soybeans"), after a subject of one word too ("Hummus is made mainly from chickpeas")."""


def _past_restated_subject(folded_prompt: str, first: str) -> str | None:
    """What follows the copula of a first sentence that opens by restating its question's subject
    in the question's own words ("O maior osso do corpo humano é o fêmur, o osso da coxa." ->
    "o fêmur, o osso da coxa."); None where it opens otherwise."""
    copula = _COPULA.search(first)
    if copula is None:
        return None
    asked = set(_split_words(folded_prompt))
    subject = [w for w in _split_words(fold(first[: copula.start()])) if w not in _STOPWORDS]
    if not subject or not asked.issuperset(subject):
        return None
    rest = first[copula.end() :]
    made = _MADE_OF.match(rest)  # "Hummus is made mainly from chickpeas": what it is made of
    if made is not None:
        return rest[made.end() :]
    return rest if len(subject) >= RESTATED_SUBJECT_WORDS else None


RESTATED_SUBJECT_WORDS = 2
"""A subject restated before the answer names at least this many of its question's words."""

_COUNT_VERB = re.compile(
    r"(?:^|\s)(?:(?P<bare>there (?:are|is|were)|são|sao|há|eram|foram)|has|have|had|holds|"
    r"contains|is|are|was|were|tem|têm|possui|possuem|é|mede|measures|weighs|pesa)\s",
    re.IGNORECASE,
)
"""The verb between a count's restated subject and the count ("A V8 has eight cylinders");
an existential or plural verb needs none ("São 32", "There are 206"; not "É 192")."""
_COUNTED = re.compile(
    r"^\W*(?:(?:about|around|roughly|nearly|almost|over|cerca de|uns|umas|quase|mais de) )?"
    r"(?:\d+(?:[.,]\d+)*|[a-z]+)(?:\W*$|\s*[,;:.!)(]|\s+(?P<noun>[a-z]+))"
)
"""A count, perhaps rounded ("about 206 bones"), and what follows it: the end, a mark, or the
word it counts."""


def _past_count_verb(folded_prompt: str, first: str) -> str:
    """What follows the verb of a first sentence that opens with a count's verb, after nothing
    but its question's own words ("A V8 has eight cylinders." -> "eight cylinders.", "São 32,
    contando os sisos" -> "32, contando os sisos"), where the count is of the thing asked (a
    word of the question's, a unit, or nothing after it: "There are 3 ways to find out" counts
    ways); `first` where it opens otherwise ("A cello has four strings" names what no question
    of cylinders asks)."""
    verb = _COUNT_VERB.search(first[:COUNT_SUBJECT_CHARS])
    if verb is None:
        return first
    asked = set(_split_words(folded_prompt))
    subject = [w for w in _split_words(fold(first[: verb.start()])) if w not in _STOPWORDS]
    if not asked.issuperset(subject) or not (subject or verb["bare"]):
        return first
    count = first[verb.end() :]
    counted = _COUNTED.match(fold(count.replace("*", "")))  # "An adult has **206** bones."
    if counted is None:
        return first
    noun = counted["noun"]
    stems = {w[:STEM_CHARS] for w in asked}
    if noun is not None and noun[:STEM_CHARS] not in stems and noun not in lexicon.UNITS:
        return first
    return count


_HEAD_BREAK = re.compile(r"[,;.!:(]")


def _opening_words(first: str) -> list[str]:
    """An answer's opening words, folded: its first sentence up to a comma, a stop, a colon or
    a parenthesis."""
    return _split_words(fold(_HEAD_BREAK.split(first, maxsplit=1)[0]))


def _declines(response: str, first: str) -> bool:
    """Whether an answer's opening words (`_opening_words`) apologise, defer or say nothing of
    any topic (`_DECLINING`: "Sorry, no idea.", "Check Wikipedia.", "Desculpa, nem ideia."),
    hold a word of variation ("Dogs vary a lot."), or whether it refuses or hedges anywhere, or
    its first sentence asks ("Who knows?"): no answer to a question for a kind, though a
    capital makes it read as a name."""
    head = _opening_words(first)
    return (
        not head
        or not _DECLINING.isdisjoint(head)
        or response.lstrip()[len(first.lstrip()) :].lstrip()[:1] == "?"
        or _dodges(response, first)
    )


def _reads_as_term(first: str) -> bool:
    """Whether an answer's opening words (`_opening_words`) can be a noun phrase: no pronoun or
    verb makes them a sentence ("Power it off.", "Don't know.") nor a clause opener an
    adverbial phrase ("Before walking, ...")."""
    head = _opening_words(first)
    return (
        bool(head)
        and _NOT_IN_TERMS.isdisjoint(head)
        and head[0] not in _CLAUSE_OPENERS
        # a command ("Desligue o roteador.", "Check the manual."), not a noun that is one too
        and (head[0] not in lexicon.IMPERATIVES or head[0] in lexicon.NOUN_IMPERATIVES)
    )


DODGE_MARKERS = frozenset(("refusal", "hedge", "deferral", "cannot_know"))
"""Marker kinds of a reply that gives no answer: no noun phrase, list or search result is
delivered in one."""


def _opens_with_term(folded_prompt: str, first: str, *, whole: bool = False) -> bool:
    """Whether a first sentence opens with a short noun phrase the prompt lacks, set off by a
    comma or a stop: the thing a superlative asks for ("O fêmur, o osso da coxa." for "qual o
    maior osso do corpo"), which need not be a name. `whole`: the first sentence, written to
    its end, may be the phrase itself, or set it off by a parenthesis ("Carbon dioxide (CO2).")."""
    head = re.split(r"[,;.!(]" if whole else r"[,;.!]", first, maxsplit=1)
    if whole and len(head) < 2:
        head.append("")
    if len(head) < 2 or _CODE_HEAD.search(head[0]) is not None:
        return False  # "`const unique = [...new Set(arr)];`": code, not a term
    said = _split_words(fold(head[0]))
    if whole and (not _NOT_IN_TERMS.isdisjoint(said) or (said and said[0] in _CLAUSE_OPENERS)):
        return False  # "Power it off.", "Não sei.", "Before walking, ...": not a term
    words = [w for w in said if w not in _STOPWORDS]
    asked = set(_split_words(folded_prompt))
    return 0 < len(head[0].split()) <= TERM_HEAD_WORDS and (
        any(len(w) > 2 and w not in asked for w in words)
        or _DESIGNATION.search(head[0]) is not None
    )


_DESIGNATION = re.compile(r"(?<=\w )(?:[A-Z]|\d{1,3})(?!\w)")
"""A capital letter or a number after a word, naming one of a kind: "Vitamina D", "Type 2",
"Route 66" (not a capital opening the phrase: "A insulina")."""


_YEAR = re.compile(r"(?<!\d)(?:1\d{3}|20\d{2})(?!\d)")
_YEAR_WORD = re.compile(r"(?<![a-z])(?:que|qual|what|which) (?:ano|year|seculo|century)(?![a-z])")
_DATE_WORD = re.compile(r"(?<![a-z])(?:" + "|".join(lexicon.DATE_WORDS) + r")(?![a-z])")


def _names_date(first: str, response: str) -> bool:
    """Whether an answer's first sentence names a month or a weekday ("First Sunday of
    November") and the answer is written to its end: a date, its year understood."""
    return _DATE_WORD.search(fold(first)) is not None and ends_finished(response)


_ACRONYM_ASKED = re.compile(r"(?<![\w])[A-Z]{2,8}(?![\w])")
_QUOTED_TEXT = re.compile(r'"[^"\n]{3,}"|“[^”\n]{3,}”|«[^»\n]{3,}»|' + _single_quoted("3,"))
_TRANSLATE = re.compile(
    r"(?<![a-z])(?:traduz\w*|translat\w*|como (?:se )?(?:diz|dizer|fala|falar)|"
    r"how (?:do|would|can|should) (?:you|i|we) say|how to say)(?![a-z])"
)


@functools.lru_cache(maxsize=8192)
def answers_word_question(prompt: str, response: str) -> bool:
    """For a question about a word: whether `response` expands the acronym asked about ("O que
    significa a sigla CLT?"), or names a quoted term again or sets its example apart ('É "a
    nível de" ou "em nível de"?' answered 'Prefira "em nível de"', not "Essa é uma dúvida
    clássica"), or gives the translation asked for. True for any other prompt."""
    folded = request_text(prompt)
    if _WORD_QUESTION_RE.search(folded) is None:
        return True
    acronym = _ACRONYM_ASKED.search(prompt)
    if acronym is not None and _MEANING_RE.search(folded):
        return _expands(acronym.group(0), response)  # what it stands for, not talk of it
    terms = [w for m in _QUOTED_TERM.finditer(prompt) for w in _split_words(fold(m.group(0)))]
    if not terms or sets_apart(response):
        return True
    if gives_translation(prompt, response):
        return True  # "Where is the bathroom?" for "translate 'onde fica o banheiro?'"
    taken = response_features(response).prefixes
    return any(w[:STEM_CHARS] in taken for w in terms if len(w) > 2)


_CODE_SPAN = re.compile(
    r"```[^`\n]*\n([^`]{1,2000})```|`([^`\n]+)`|^[ \t]*([=$].+)$"
    r"|(?<![\w=])(=[A-Z][A-Z0-9._]*\([^)\n]*\))|\A[ \t]*((?:sudo )?[a-z]{2,5} -{1,2}[a-z])",
    re.MULTILINE,
)
"""Code in an answer: a fenced block, an inline span, a line that opens with "=" or "$", a
spreadsheet formula inside a sentence, closed ("Use =CONT.VALORES(A1:A100)."; not a cut
"Use =SOMASE(A:A; "), or a command with an
option opening the answer ("wc -l nomedoarquivo.txt, só isso.")."""
_MODIFIER_KEYS = "ctrl|cmd|command|win|alt|option|shift|fn"
"""The modifier keys a key combination opens with ("Win+Shift+S", "Ctrl + C")."""
_CODE_FAMILIES: dict[str, re.Pattern[str]] = {
    "shell": re.compile(
        r"^(?:sudo |\$ )?(?:ls|cd|grep|find|wc|du|df|cat|chmod|chown|mkdir|rm|cp|mv|tar|ps|kill|"
        r"lsof|top|echo|curl|wget|ssh|head|tail|sort|uniq|sed|awk|xargs|touch|which)\b|\s-{1,2}\w"
    ),
    "git": re.compile(r"\bgit\s"),
    "python": re.compile(
        r"\bdef |\bimport |print\(|\[::|\w\[-\d+\]|\.join\(|\blen\(|with open|\bfor \w+ in |"
        r"\bdict\(|\blist\(|\bset\(|\bcsv\.|\bjson\.|\.append\(|\bsorted\(|\.split\(|\bf\""
    ),
    "javascript": re.compile(
        r"\bconst |\blet |=>|\.includes\(|new \w+\(|\[\.\.\.|console\.|document\.|Array\.|"
        r"\.map\(|\.filter\(|\.length\b|===|\bSet\b"
    ),
    "sql": re.compile(
        r"\b(?:SELECT|FROM|WHERE|DISTINCT|GROUP BY|ORDER BY|JOIN|INSERT|UPDATE|COUNT)\b"
    ),
    "spreadsheet": re.compile(
        r"^=|\b[A-Z][A-Z.]+\([^)]*\b[A-Z]{1,2}\d*\b|\b[A-Z]{1,2}\d+:[A-Z]{1,2}\d*"
    ),
    "regex": re.compile(r"\\[dwsb]|^\^|\$$|\[[^\]]+\]|\{\d+(?:,\d*)?\}"),
    "css": re.compile(r"(?<![a-z-])[a-z-]{2,30}:[ \t]*[^;\n]{1,80};|<[a-z]+|\{"),
    "shortcut": re.compile(rf"(?i)\b(?:{_MODIFIER_KEYS})\s?\+\s?\w"),
}


def code_family(code: str) -> set[str]:
    """The kinds of tool a piece of code fits (`lexicon.TOOL_FAMILIES`): `wc -l` the shell,
    `SELECT DISTINCT` SQL, `=SOMASE(A:A;...)` a spreadsheet, `[...new Set(arr)]` JavaScript."""
    return {family for family, pattern in _CODE_FAMILIES.items() if pattern.search(code)}


def _code_fits(folded: str, response: str, *, whole: bool = False) -> bool:
    """Whether the code of `response` fits the tool its how-to names: an answer in another
    tool's code answers another question. With `whole`, only code that is more than one bare
    word counts (a command with its arguments, a formula, an expression: "Use a `WHERE`" is
    where a cut of "Use a `WHERE` clause..." stops)."""
    words = _split_words(folded)
    named = {f for f, tools in lexicon.TOOL_FAMILIES.items() if not tools.isdisjoint(words)}
    if not named:
        return False
    for match in _CODE_SPAN.finditer(response[:CODE_SEARCHED]):
        code = next(group for group in match.groups() if group)
        if named & code_family(code[: CODE_SEARCHED // 10]) and not (whole and code.isalnum()):
            return True
    bare = named & _BARE_FAMILIES
    opening = response[: CODE_SEARCHED // 10]
    return bool(bare) and any(bare & code_family(m.group(0)) for m in _BARE_CODE.finditer(opening))


_BARE_FAMILIES = frozenset({"python", "javascript", "shortcut"})
"""The tools whose code an answer may type bare and still be told apart from prose (not SQL's
"COUNT(*)" in a cut "SELECT category, COUNT(*)", nor a shell word)."""


_BARE_CODE = re.compile(
    r"\[[^\]\n]{1,120}\]|[\w.]+\[[^\]\s]{1,20}\]|[\w.]+\([^()\n]{0,80}\)"
    rf"|(?i:\b(?:{_MODIFIER_KEYS}) ?\+ ?\w[\w+ ]{{0,20}})"
)
"""Code typed without backticks in an answer's opening: a bracketed expression ("[x for x in
nums if x % 2 == 0]", "s[::-1]"), a call ("len(lista)"), a key combination ("Win+Shift+S")."""


def gives_code(prompt: str, response: str) -> bool:
    """Whether `response` gives code of the tool its how-to `prompt` names ("`git branch -m
    novo-nome`" for "git renomear branch"): the thing such a how-to asks for, more than one bare
    word of it."""
    return _code_fits(request_text(prompt), response, whole=True)


CODE_SEARCHED = 2000
"""The code check reads the answer's first this many characters, and a tenth of it of each code
span: a span's opening tells its tool (and the check stays linear on hostile input)."""


_JOKE_ASKED = re.compile(
    r"(?<![a-z])(?:piadas?|trocadilhos?|charadas?|puns?|jokes?|riddles?)(?![a-z])"
)


def _verse_given(folded: str, response: str) -> bool:
    """Whether a request for a poem or a haiku is answered in verse: lines of their own, short,
    no list items. (A quoted line for a slogan or a toast was measured and left out: answers to
    other questions quote as often.)"""
    if lexicon.VERSE_FORMS.isdisjoint(_split_words(folded)):
        return False
    lines = [x for x in response.strip().splitlines() if x.strip()]
    return len(lines) >= 2 and all(
        len(x.split()) <= VERSE_LINE_WORDS and not _ITEM_LINE.match(x) for x in lines[:2]
    )


STRONG_KINDS = ("acronym expanded", "translation", "counted items", "code", "verse")
"""The kinds `in_kind(strong=True)` checks: what answers to other questions hardly ever are
(measured on the written families: docs/benchmarks.md, "Short answers, round 18")."""

VERSE_LINE_WORDS = 12
"""A line of verse of a short poem holds at most this many words."""


SPELLED_MIN_LETTERS = 3
"""A term typed in lower case is checked for its expansion when it has at least this many
letters ("mei", "fomo", not "ia": two initials match half the sentences of a batch)."""
SPELLED_MAX_LETTERS = 6


SPELLED_PROMPT_MAX_WORDS = 8
"""A question about a term typed in lower case is short ("oq é mei", "what does fomo mean"); in
a longer prompt some word is spelled by some answer's initials by chance ("Sim, o qubit..." for
a question on superposition)."""


def _spells_asked(folded: str, first: str) -> bool:
    """Whether the first sentence of an answer spells out a short term of the prompt typed in
    lower case ("oq é mei": "Microempreendedor Individual"; "what does fomo mean": "Fear of
    missing out"), as `_expands` does for an upper-case acronym."""
    if len(folded.split()) > SPELLED_PROMPT_MAX_WORDS:
        return False
    words = _split_words(fold(first))[: SPELLED_MAX_LETTERS + 4]
    return any(
        _spells(term, words)
        for term in set(_split_words(folded))
        if SPELLED_MIN_LETTERS <= len(term) <= SPELLED_MAX_LETTERS
        and term.isalpha()
        and term not in _STOPWORDS
        and term not in _INSTRUCTION_WORDS
    )


def _spells(term: str, words: list[str]) -> bool:
    """Whether `words`, in order, spell `term`: each word of the expansion gives the next letter
    by its initial and may give more from inside ("microempreendedor individual": m, e, i);
    short words with no letter of their own ("of", "de") may be skipped. Every letter used, the
    last word reached with the last letter."""
    if not term:
        return True
    if not words:
        return False
    word, rest = words[0], words[1:]
    if word[0] == term[0]:
        # the word's initial, then 0 or more letters found in order inside the word
        k, pos = 1, 1
        if _spells(term[k:], rest):
            return True
        while k < len(term):
            pos = word.find(term[k], pos)
            if pos < 0:
                break
            k, pos = k + 1, pos + 1
            if _spells(term[k:], rest):
                return True
    return len(word) <= 3 and _spells(term, rest)


def _expands(acronym: str, response: str) -> bool:
    """Whether the capitalized words of `response` spell `acronym` by their initials, in order
    ("Completely Automated Public Turing test to tell Computers and Humans Apart": CAPTCHA), or
    its opening words do."""
    initials = "".join(w[0] for w in _CAPITALIZED.findall(response))
    it = iter(initials)
    if all(letter in it for letter in acronym):
        return True
    # or the answer opens with the words it stands for, lowercase after the first ("Pressão
    # arterial de 120 mmHg" for "PA 12 por 8")
    opening = [w for w in _split_words(fold(response[:120])) if w not in _ACRONYM_JOINERS]
    return len(opening) >= len(acronym) and all(
        w[0] == letter for w, letter in zip(opening, acronym.lower(), strict=False)
    )


_ACRONYM_JOINERS = frozenset(
    ("de", "do", "da", "dos", "das", "of", "the", "and", "e", "em", "in", "for", "para", "a", "o")
)
"""Short words an expansion skips in its initials ("Imposto sobre Circulação de
Mercadorias")."""


TRANSLATION_RATIO = 2.0
"""A translation has between 1/this and this times its source's words (plus one)."""


def _translates(prompt: str, response: str, target: str) -> bool:
    """Whether `response` quotes a translation of what `prompt` quotes: a quoted text in the
    `target` language, about as long as the source, and a question if the source is one
    ("“I'm really hungry, shall we go have lunch?”" for 'Traduza: "Estou com muita fome,
    vamos almoçar?"'; not a Portuguese slogan for "Where is the train station?"), or opens with
    one unquoted ("Where is the bathroom?" for "translate 'onde fica o banheiro?' to english").
    The source may also follow a colon unquoted ("traduz: The meeting was postponed")."""
    sources = [m.group(0) for m in _QUOTED_TERM.finditer(prompt)]
    sources += [m.group(0) for m in QUOTED_PASSAGE.finditer(prompt)]
    if not sources:
        material = quoted_material(prompt)
        if material is None or material.quoted:
            return False
        sources = [" ".join(words) for words in material.passages]  # "traduz: the meeting..."
    source = max(sources, key=len)
    n = len(_split_words(fold(source)))
    question = "?" in source
    quotes = list(_QUOTED_TEXT.finditer(response))
    lead = fold(response[: quotes[0].start()]) if quotes else ""
    if _DECLINES.search(lead) or "refusal" in count_markers(_split_words(lead)):
        return False  # "Sorry, I don't do 'translations' here.": a quote, no translation
    texts = [(m.group(0), TRANSLATION_RATIO, LEXICAL_MARGIN) for m in quotes]
    bare = _bare_opening(response)
    if _bare_translation(source, bare) and (
        (question and "?" in bare and _asks_alike(source, bare))
        or _shares_anchor(source, bare)
        # a word for a word: "Queue (nos EUA, line)." for "como se diz 'fila'"
        or (n <= WORD_FOR_WORD and _one_content_word(bare) and _variant_aside(response, bare))
    ):
        # a word for a word, given bare, is told by how common it is in each language, at a
        # lower margin ("Queue" for 'fila'; not "Affect" for 'estou com saudade')
        few = n <= WORD_FOR_WORD and len(_split_words(fold(bare))) <= WORD_FOR_WORD
        texts.append(
            (bare, BARE_TRANSLATION_RATIO, WORD_LANGUAGE_MARGIN if few else LEXICAL_MARGIN)
        )
    for text, ratio, margin in texts:
        words = _split_words(fold(text))
        if (
            n / ratio - 1 <= len(words) <= n * ratio + 1
            and ("?" in text) == question
            and _language_of_few(words, margin) == target
        ):
            return True
    return False


_DECLINES = re.compile(
    r"(?<![a-z])(?:desculp\w*|sorry|lamento|nao posso|nao faco|can't|cannot|i don't)(?![a-z])"
)
"""A reply that declines before what it quotes ("Sorry, I don't do 'translations' here."; not
the translation's own gloss after it: '"I can't go." (or, more formally, I cannot go.)')."""


def _shares_anchor(source: str, text: str) -> bool:
    """Whether a bare translation holds something of its source that crosses languages: a
    number, a name, or the first letters of a long word ("reunião" / "reunion"; "The weather is
    nice today." holds nothing of "Estou atrasado para a reunião")."""
    if _NUMBER.search(source) is not None and _NUMBER.search(text) is not None:
        return True
    stems = {w[:ANCHOR_CHARS] for w in _split_words(fold(source)) if len(w) > ANCHOR_CHARS}
    return any(
        len(w) > ANCHOR_CHARS and w[:ANCHOR_CHARS] in stems for w in _split_words(fold(text))
    )


INTERROGATIVE_WITHIN = 3
"""A question asks by a word among its first this many ("Excuse me, where is...")."""
_OPENING_ONLY = frozenset(("come", "comment", "quel", "quelle", "que"))
"""Interrogatives that are common words elsewhere (Italian "come", French "comment"): they ask
only as a question's first word."""
_ASKS_ALIKE = frozenset(("how", "what", "quantity", "when"))
"""What a question asks for, where translations trade one for another ("Como você se chama?":
"What's your name?"; "Quanto custa?": "What does it cost?"; "Quando a loja abre?": "What time
does the store open?"). Where, who and why are kept."""


def asks_by(text: str) -> str | None:
    """What a question asks for, by its interrogative (`lexicon.INTERROGATIVES`) among its first
    `INTERROGATIVE_WITHIN` words: "where", "when", "who", "why", "how", "what", "quantity";
    None for a question that asks by none ("Você fala inglês?")."""
    words = _split_words(fold(text))[: INTERROGATIVE_WITHIN + 1]
    for i, word in enumerate(words[:INTERROGATIVE_WITHIN]):
        kind = lexicon.INTERROGATIVE_PHRASES.get(" ".join(words[i : i + 2]))
        if kind is None and (i == 0 or word not in _OPENING_ONLY):
            kind = lexicon.INTERROGATIVES.get(word)
        if kind is not None:
            return kind
    return None


def _asks_alike(source: str, text: str) -> bool:
    """Whether a question can translate a question: it asks for the same thing ("Where is the
    bathroom?" for "onde fica o banheiro?", not "Why is the sky blue?"), or for one that
    translations trade (`_ASKS_ALIKE`), or one of the two asks by no interrogative in its first
    words ("Tudo bem?": "How are you?"; "Do you know where the bathroom is?")."""
    asked = asks_by(source)
    answered = asks_by(text)
    if asked is None or answered is None:
        return True  # "Do you know where the bathroom is?": asks by a word further on
    return answered == asked or (asked in _ASKS_ALIKE and answered in _ASKS_ALIKE)


WORD_FOR_WORD = 1
"""A source of this many words may be translated bare by as many, with nothing in common (no
cognate to anchor "fila" / "queue"), when that word answers something (`_one_content_word`)."""


_VARIANT = re.compile(
    r"\W*(?:or|ou|also|tambem|in|em|nos?|nas?|on|plural|singular|formal|informal|british|"
    r"american|uk|us|eua)(?![a-z])"
)
"""How the aside after a word translated by a word opens when it gives a variant ("Queue (nos
EUA, line)", "Goleiro (in Portugal, guarda-redes)"; not "Potassium (symbol K)", "Honestly —
I'm not sure")."""


def _variant_aside(response: str, bare: str) -> bool:
    """Whether what follows the bare word on its line is nothing, or an aside that gives a
    variant of it (`_VARIANT`), with no hedge or refusal."""
    line = fold(response.strip().split("\n", 1)[0].replace("*", ""))
    at = line.find(fold(bare))
    rest = line[at + len(bare) :] if at >= 0 else line
    rest = rest.strip(" .,;:!?")
    if count_markers(_split_words(line)):
        return False
    return not rest or _VARIANT.match(rest.lstrip("(—–- ")) is not None


def _one_content_word(text: str) -> bool:
    """Whether `text` is one word that answers something: not "Thanks.", "Sorry.", "Idk."
    (`lexicon.NON_ANSWERS`)."""
    words = _split_words(fold(text))
    return len(words) == 1 and words[0] not in lexicon.NON_ANSWERS


ANCHOR_CHARS = 4
"""A word longer than this shares its first this many letters with its cognate ("meeting" is no
cognate of "reunião"; "reunion" is)."""

BARE_TRANSLATION_RATIO = 1.5
"""A translation given bare, unquoted, keeps closer to its source's length (between 1/this and
this times its words, plus one): its words are not set apart from the rest of the answer."""


LEXICAL_MARGIN = 4.0
"""`background.LEXICAL_MARGIN` (the summed log ratio that tells a text's language), here to spare
this module importing that one at load time (a test checks that they agree)."""
WORD_LANGUAGE_MARGIN = 2.0
"""...and for a word or two: a word common in one language and absent from the other's list
("queue", "fila") is enough."""


def _language_of_few(words: list[str], margin: float = LEXICAL_MARGIN) -> str | None:
    """The language of a few words: by their function words, else (Portuguese or English) by
    how common the words are in each (`background.lexical_language`, with its `margin`:
    "Estou atrasado", which holds no function word)."""
    from noesis_trainer.tribunal.judges.background import lexical_language  # imports this module

    return language_of(words, min_hits=1) or lexical_language(words, margin)


def gives_translation(prompt: str, response: str) -> bool:
    """Whether `response` gives the translation its prompt asks for (`_translates`), quoted or
    bare, in the language asked."""
    target = _translation_target(request_text(prompt))
    return target is not None and _translates(prompt, response, target)


_ABOUT_WORDING = re.compile(
    r"(?<![a-z])(?:tradu\w*|translat\w*|frase|sentence|phrase|expressao|expression|palavra|"
    r"word|idioma|language|lingua|desculp\w*|sorry|lamento|nao posso|nao faco|can't|cannot|"
    r"resposta|answer|tema|topic|assunto|subject|pergunta|question|ask|pergunte|someone|"
    r"alguem|yourself|voce mesm[oa]|later|depois|let me|deixa eu|deixe-me|think|pensar|"
    + "|".join(sorted(set().union(*lexicon.LANGUAGE_NAMES.values())))
    + r")(?![a-z])"
)


def _bare_translation(source: str, text: str) -> bool:
    """Whether an answer's unquoted opening (`_bare_opening`) can be a translation of `source`
    given bare: one line of prose that speaks of no wording, language, question or topic
    ("It's a common phrase in emails", "In Portuguese, the future...", "Resposta básica sobre o
    tema."), declines, refuses or hedges nothing
    ("Desculpe, não faço traduções"), holds the numbers its source holds and no other
    ("$17.50" for "segue em anexo", "Went." for "eu tenho 17 anos"), and is no verse ("... /
    ...")."""
    if not text or " / " in text:
        return False
    folded = fold(text)
    words = _split_words(folded)
    return (
        _ABOUT_WORDING.search(folded) is None
        and not count_markers(words)
        and {_value(n) for n in _NUMBER.findall(text)}
        == {_value(n) for n in _NUMBER.findall(source)}
    )


_ASIDE = re.compile(r"\s[(—–]")


def _bare_opening(response: str) -> str:
    """An answer's first line without markdown, a lead-in of up to two words before a colon
    ("Claro: ...") or what follows an aside (" (", " — "): the text a bare translation is."""
    line = response.strip().split("\n", 1)[0].replace("*", "")
    lead, colon, rest = line.partition(":")
    if colon and len(lead.split()) <= 2:
        line = rest
    return _ASIDE.split(line, maxsplit=1)[0].strip()


TRANSLATION_SEARCHED = 120
"""A translation asked for without a quoted source ("como fala saudade em ingles") is looked for
in the answer's first this many characters."""


_GLOSS_CUE = re.compile(
    r"(?<![a-z])(?:means?|meaning|significa|significado|quer dizer|literally|literalmente|"
    r"(?:"
    + "|".join(sorted(set().union(*lexicon.LANGUAGE_NAMES.values(), lexicon.OTHER_LANGUAGE_NAMES)))
    + r") (?:for|para|pra))\W*$"
)
"""What sets a gloss before its quote: a word of meaning or a language's name and "for" ("It's
Italian for “good luck”", "significa 'aproveite o dia'"; not "The word 'photosynthesis' comes
from...", "Paris is known for “the Eiffel Tower”")."""
GLOSS_CUE_CHARS = 20
"""A gloss cue is looked for in this many characters before the quote."""


def _opening_quotes(response: str) -> Iterator[tuple[re.Match[str], list[str]]]:
    """The short texts (`_QUOTED_TERM`) the opening of `response` quotes (its first
    `TRANSLATION_SEARCHED` characters), each with its folded words."""
    for m in _QUOTED_TERM.finditer(response[:TRANSLATION_SEARCHED]):
        yield m, _split_words(fold(m.group(0)))


def _glosses(prompt: str, response: str) -> bool:
    """Whether the opening of `response` quotes, after a gloss cue (`_GLOSS_CUE`), a short text
    none of whose words the prompt holds: the meaning of the phrase the prompt quotes."""
    given = _given(prompt)
    return any(
        _GLOSS_CUE.search(fold(response[max(0, m.start() - GLOSS_CUE_CHARS) : m.start()]))
        is not None
        and given.isdisjoint(words)
        for m, words in _opening_quotes(response)
    )


def _quotes_new_words(prompt: str, response: str) -> bool:
    """Whether the opening of `response` quotes a short text (`_QUOTED_TERM`) none of whose
    words the prompt holds: the translation itself ("'I'm just looking' ou 'I'm just
    browsing'", "O mais perto é 'I miss you'"), where the prompt quotes nothing to compare."""
    if "`" in response[:TRANSLATION_SEARCHED]:
        return False  # code quotes strings, not translations
    given = _given(prompt)
    return any(words and given.isdisjoint(words) for _, words in _opening_quotes(response))


def _translation_target(folded: str) -> str | None:
    """The language a translation request asks for ("Traduza para o inglês: ..."), or None; a
    request that names none asks for its own ("traduz: ..." Portuguese, "translate: ..."
    English)."""
    asked = _TRANSLATE.search(folded)
    if asked is None:
        return None
    words = set(_split_words(folded))
    found = [lang for lang, names in lexicon.LANGUAGE_NAMES.items() if not names.isdisjoint(words)]
    if not found:  # "traduz pra mim: The meeting...": into the language the request is made in
        if not lexicon.OTHER_LANGUAGE_NAMES.isdisjoint(words):
            return None  # "translate 'obrigado' to japanese": a language not told here
        return "English" if asked.group(0).startswith(("translat", "how")) else "Portuguese"
    return found[0] if len(found) == 1 else None


_CAPITALIZED = re.compile(r"[A-ZÀ-Ý][^\W\d_]+")
_NAME_WORD = re.compile(r"[A-ZÀ-Ý][a-zß-ÿ][^\W\d_]*(?:-[^\W\d_]+)*")
"""A word written as a name is: a capital, then a small letter ("Tarsila", "McDonald",
"Joon-ho"; not "APROVADO", a shout)."""
NAME_WITH_COMMA = 4
"""...or a capitalized word set off by a comma or a full stop among its first this many ("É o
Amazonas, com cerca de...")."""
NAME_WITHIN = 6
"""A "who" or "where" answer names its person or place within its first this many words."""


def opens_with_name(response: str) -> bool:
    """Whether `response` opens with a name: a capitalized word followed by a comma, a full
    stop, a parenthesis or a dash among its first `NAME_WITH_COMMA` words ("Michelangelo,
    between 1508 and 1512", "Kyiv (also spelled Kiev)",
    "Canberra.", "É Palmas!", "É o **Amazonas**, com..."; not "No," or "Sim,"), or two
    capitalized words, or two joined by "de"/"da"/"do", among its first `NAME_WITHIN` words
    ("Foi Tarsila do Amaral", "French chemist Henri Moissan"), before any colon or line break
    (not the items of "Aqui vão três ideias:\n1. Focinho Feliz")."""
    line = response.strip().split("\n", 1)[0].split(":", 1)[0].replace("*", "").replace("_", " ")
    head = line.split()[: NAME_WITHIN + 1]
    for at, word in enumerate(head[:NAME_WITH_COMMA]):
        bare = word.strip("\"“'(")
        # "Canberra.", "Kyiv (also spelled Kiev)", "Canberra — not Sydney"
        after = head[at + 1][:1] if at + 1 < len(head) else ""
        name = bare[:-1] if bare[-1:] in ",.;!" else (bare if after in ("(", "—", "–") else "")
        if len(name) > 1 and _NAME_WORD.fullmatch(name) and fold(name) not in _NOT_NAMES:
            return True
    words = [w.strip("\"“'(),.;:") for w in head]
    for a, b, c in zip(words, words[1:], [*words[2:], ""], strict=False):
        if not _NAME_WORD.fullmatch(a) or fold(a) in _NOT_NAMES:
            continue
        if _NAME_WORD.fullmatch(b) or (b in _NAME_PARTICLES and _NAME_WORD.fullmatch(c)):
            return True
    return False


_NAME_PARTICLES = frozenset(("de", "da", "do", "dos", "das", "of", "van", "von", "del"))
_NOT_NAMES = _STOPWORDS | lexicon.INSTRUCTION_WORDS | lexicon.NOT_NAMES


def in_kind(
    prompt: str, response: str, p: PromptFeatures, *, strong: bool = False, terms: bool = True
) -> bool:
    """`_in_kind_as_written`, or, for a closed question, the same of what follows an opening
    that restates the question's verb (`_past_question_verb`: "Tem quatro cordas.", "They give
    off carbon dioxide"): a second reading, never in place of the first ("A spider has eight
    legs" is a count as written). A chat reply (`chat_reply`) is read as if typed with its
    capital and stop ("aquisição de propriedade pela posse prolongada"): its lowercase says
    nothing of its form."""
    if (
        not p.howto  # not a command ("wc -l arquivo.txt")
        and response[:1].isalpha()
        # nor one a cut may have left ("a warm-blooded animal wit")
        and chat_reply(prompt, response, whole=True)
        # nor the name a "who" or "where" asks for: a capital would make any reply's first
        # word one ("vênus, uns 243 dias terrestres")
        and not _asks_name(prompt)
        # nor a word alone ("hmmm" as "Hmmm.", a name), nor a reply that answers nothing
        and len(response.split(maxsplit=1)) > 1
        and lexicon.NON_ANSWERS.isdisjoint(_split_words(fold(response)))
    ):
        response = response[:1].upper() + response[1:] + "."
    if _in_kind_as_written(prompt, response, p, strong=strong, terms=terms):
        return True
    if not p.closed or p.yes_no or p.choosing:
        return False
    past = _past_question_verb(request_text(prompt), response)
    return past is not response and _in_kind_as_written(prompt, past, p, strong=strong, terms=terms)


_CONTACT_ASKED = re.compile(
    r"^\W*(?:who|whom|(?:a|com|para|pra) quem|quem)(?: \w+){0,3}? (?:call|contact|talk|speak|"
    r"ask|complain|report|reach|turn|ligo|ligar|procuro|procurar|falo|falar|reclamo|reclamar|"
    r"recorro|recorrer|aciono|acionar)(?![a-z])"
)
"""A question for whom to turn to ("who do I talk to if my claim is denied", "com quem eu falo
sobre..."): answered by the step of turning to someone (`_CONTACT_OPENING`), not a name."""
_CONTACT_OPENING = re.compile(
    r"^\W*(?:first,? )?(?:call|contact|ask|talk to|speak (?:to|with)|reach out to|go to|email|"
    r"write to|ligue|procure|fale com|entre em contato|acione|va (?:ate|a|ao)|reclame|registre)"
    r"(?![a-z])"
)


def _asks_name(prompt: str) -> bool:
    """Whether a question asks who or where (`_NAME_QUESTION`, `_PLACE_QUESTION`): a name, which
    its capitals tell."""
    asked = _question_asked(request_text(prompt))
    return _NAME_QUESTION.match(asked) is not None or _PLACE_QUESTION.match(asked) is not None


def _in_kind_as_written(
    prompt: str, response: str, p: PromptFeatures, *, strong: bool = False, terms: bool = True
) -> bool:
    """Whether `response` opens with the very kind of thing its brief request asks for, checked
    strictly (stricter than the brief allowance): a year for "when", an equation for a formula,
    a name first for "who" or "where", the counted list's items one per line, code of the tool
    a how-to names, a poem in verse. (Not a number for "how many", nor a quoted line for a
    slogan: answers to other questions of a batch hold numbers and quotes as often.) The one
    evidence, besides words, that a terse answer is this prompt's (`judges.relevance`,
    `Relevance.unclaimed`). With `strong`, only the kinds that another question's answer
    hardly ever has (`STRONG_KINDS`: not a name, an equation or a quoted line), which vouch for
    an answer judged alone. With `terms` False, a question for a kind (`_KIND_QUESTION`) is
    not answered by a noun phrase or a name, nor a closed question by its kind alone when
    that is all that closes it (`PromptFeatures.kind_asked`): any noun phrase has that form."""
    folded = request_text(prompt)
    response = without_sign_off(response)  # "Schadenfreude, a German loanword. 🙂"
    if not p.yes_no:  # "Claro!" may be the yes itself
        response = _without_pro_verb(folded, _COURTESY.sub("", response, count=1))
    head = response[:ASIDE_CHARS]  # "W — from wolfram" as "W, from wolfram"
    if "\u2014" in head or "\u2013" in head or " -" in head or "\t-" in head:
        response = _ASIDE_DASH.sub(", ", head) + response[ASIDE_CHARS:]
    first = first_sentence(response)
    acronym = _ACRONYM_ASKED.search(prompt)
    meaning = _MEANING_RE.search(folded) is not None
    if acronym is not None and meaning:
        return _expands(acronym.group(0), response)
    if (p.defining or meaning) and _spells_asked(folded, first):
        return True  # "Fear of missing out" for "what does fomo mean"
    if _TRANSLATE.search(folded) is not None:
        target = _translation_target(folded)
        if _QUOTED_TERM.search(prompt) or QUOTED_PASSAGE.search(prompt):
            # 'Boa sorte!' for "traduz 'break a leg'": too few words to tell their language
            return target is not None and (
                _translates(prompt, response, target)
                or (not strong and _quotes_new_words(prompt, response))
            )
        return not strong and (
            _quotes_new_words(prompt, response)
            or (target is not None and _translates(prompt, response, target))
        )
    language = _opener_language(folded)
    if not _same_language(folded, response) or not _opener_language_kept(language, response):
        return False  # "100 °C, or 212 °F..." is no answer to "Quanto é 15% de 240?"
    if meaning and not strong and _QUOTED_TERM.search(prompt) and _glosses(prompt, response):
        return True  # "It's Italian for “good luck”" for "what does 'in bocca al lupo' mean"
    solved = _solves(prompt, response)
    if solved is not None:  # "2x + 6 = 20 quanto vale x": "x = 7." (not "x = 8.")
        return solved
    if _asks_arithmetic(folded):  # "15% de 240": "Dá 36 (10% é 24, mais 5%...)"
        result = computed(folded)
        if result is not None:  # the very result: no other question's answer holds it
            return _gives_result(_past_restated(folded, first), result)
        # a figure in a unit none of the question's figures has is another question's
        # ("About 10 to 12 minutes" for "a 20% tip on a $64 dinner")
        stated = _stated_dimensions(prompt)
        return (
            not strong
            and _opens_with_number(first, result=True)
            and not (stated and _opening_measure_outside(first, stated))
        )
    if not strong and _given_as_asked(folded, response, first):
        return True  # "algum jogo parecido com stardew valley?": "Coral Island."
    if p.advice:
        return not strong and _instructs(response, language)
    if p.yes_no:  # in the question's language: "Not really" answers no "posso lavar...?"
        english = (
            _YES_NO_EN.match(_question_asked(folded)) is not None
            # "my kid just started soccer, does he need shin guards?": English all the same
            or _asked_in_english(folded)
        )
        return not strong and (
            _yes_or_no(first, english=english) or (not english and _echoes_verb(folded, first))
        )
    if p.choosing:
        return not strong and picks_side(p, first, prompt)
    if p.closed and not strong and picks_option(prompt, first):
        # "A minor seventh (10 semitones)..." for "...: a major sixth or a minor seventh?"
        return True
    if p.defining or meaning:
        if acronym is not None and _expands(acronym.group(0), response):
            return True
        if strong:
            return False
        if _GLOSS_HEAD.match(response.lstrip().replace("*", "")) is not None:
            return True
        head = first.replace("*", "").lstrip("\"“'_")
        return (
            p.defining
            and not _talks_about_word(head)
            and not _dodges(response, first)  # "É uma regra complicada, depende muito..."
            and (
                _DEFINITION_HEAD.match(head) is not None
                or _genus_first(head)
                or _defines_verb(folded, head)
            )
        )
    if p.closed:
        if strong or (p.kind_asked and not terms):
            # years, names, equations: answers to other questions hold them too (any noun
            # phrase is the form of a question for a kind)
            return False
        form = _WORD_FORM_ASKED.search(folded)
        if form is not None:  # "Cidadãos, com -ãos no final." for "qual o plural de cidadao"
            return _gives_word_form(folded, first, form)
        asked = _question_asked(folded)
        if _YEAR_QUESTION.match(asked) or _YEAR_ASKED.search(folded) or _date_searched(folded):
            # "First Sunday of November": a date, the year understood
            return _YEAR.search(first) is not None or (
                _YEAR_WORD.search(folded) is None  # "em que ano": a year, not "15 de novembro"
                and (
                    _names_date(first, response)
                    or _TIME_CLAUSE.match(fold(first)) is not None
                    or _INTERVAL.match(fold(first)) is not None  # "Every 3 to 4 months"
                    or _season_given(asked, response, first)  # "In autumn, ..."
                )
            )
        if _FREQUENCY_ASKED.search(folded) is not None and _INTERVAL.match(fold(first)):
            return True  # "A cada 3 meses" for "com que frequência trocar a escova"
        if _FORMULA_ASKED.search(folded) is not None and _NOT_A_FORMULA.search(folded) is None:
            return "=" in response or _opens_with_chemical(first)
        if _SYMBOL_ASKED.search(folded) is not None and _SYMBOL_OPENING.match(first):
            # "Au, from the Latin aurum." for "chemical symbol for gold"; not "K." for tungsten
            return _names_element_symbol(folded, first)
        if _PLACE_QUESTION.match(asked) and (
            _opens_with_place(folded, first) or _opens_with_location(folded, first)
        ):
            return True  # "Nos Andes peruanos, perto de Cusco" for "onde fica machu picchu"
        # "Carbon dioxide (CO2)." for "what gas do plants take in" (not as the form that
        # vouches for a terse answer's topic: any noun phrase has it)
        if _CONTACT_ASKED.match(asked) and _CONTACT_OPENING.match(fold(first)):
            return True  # "Call your insurer's member services..." for "who do I talk to..."
        kind = _kind_question(asked) if terms else None
        if _NAME_QUESTION.match(asked) or _IN_SITU_ASKED.search(asked) is not None:
            if kind is not None:  # "Sorry, no idea.", "Check Wikipedia.": a name, no answer
                return _gives_kind(folded, kind, response, first)
            restated = _past_restated_subject(folded, first)
            if restated is not None:  # "The longest river in Africa is the Nile."
                response = first = restated
            return _opens_with_new_name(folded, response) or (
                _SUPERLATIVE_QUESTION.match(asked) is not None and _opens_with_term(folded, first)
            )
        words = _split_words(folded)
        target = _conversion_target(words)
        if target is not None and _counts_in_other_unit(words, first):
            return False  # "16 ounces in a pound" for "how many oz in a cup"
        if target is not None and _converts(first, target):
            return True
        if (
            measures_elsewhere(folded, first, target)
            or counts_other(folded, first, target)
            or measures_only_elsewhere(folded, first, target)
        ):
            return False  # "About 6 minutes once the water boils" for "feet in a mile"
        if target is not None and _UNITS_IN_ONE.search(" ".join(words)) is not None:
            return _opens_with_number(first)  # "oz in a pound": "Sixteen of them."
        if target is None and answers_quantity(folded, response):
            return True  # "how long can rice sit out": "About 2 hours at room temperature"
        if _COUNT_ASKED.search(folded) is not None or _MEASURE_ASKED.search(folded) is not None:
            # "quantos ml tem uma xícara": "240 ml"; not "Uns 6 minutos" for "quantos ossos...",
            # nor "Roughly 64" for "what is the speed of light"
            count = _past_count_verb(folded, first)  # "A V8 has eight cylinders"
            return (
                _opens_with_number(count)
                and not measures_unasked(folded, count)
                and not unit_owed(folded, count, target)
            )
        # "como converter celsius pra fahrenheit": "Multiplique por 1,8 e some 32"
        if _HOW_TO_DO.search(folded) is not None and _instructs(response, language):
            return True
        return kind is not None and _gives_kind(folded, kind, response, first)
    if p.howto:
        return _code_fits(folded, response)
    if p.wording and not p.rework:
        if _JOKE_ASKED.search(folded) is not None:
            return not strong and _riddle(response)
        return _verse_given(folded, response)
    if p.listing or p.enumerating:
        # "The noble gases are helium, neon, argon..." lists after its restated subject
        first = _past_restated_subject(folded, first) or first
    if p.listing:
        lines = len(_ITEM_LINE.findall(response))
        return (lines or _opening_list(first)) == p.listing
    if p.enumerating:
        lines = len(_ITEM_LINE.findall(response))
        return lines >= ENUMERATION_MIN_ITEMS or (not lines and _opening_list(first) >= 3)
    if p.query:  # asked for nothing in particular: a longer list than a set's members
        return _opening_list(first) >= QUERY_LIST_ITEMS or (
            not strong and answers_quantity(folded, response)
        )
    if _WHY_RE.match(_question_asked(folded)) is not None:
        # a cause or a purpose first ("Porque...", "To signal..."), or a mechanism told in its
        # verbs ("Ao cortar, ela solta um gás que irrita os olhos")
        opening = fold(first)
        return not strong and (
            _CAUSE_OPENING.match(opening) is not None
            or _names_cause_verb(folded, opening)
            or (p.personal and _HEDGED_CAUSE.match(opening) is not None)  # "why does my..."
            or _cause_after_restated(folded, opening)
        )
    if strong:
        return False
    if explains(prompt, response):  # "It trains your immune system using a harmless piece..."
        return True
    if _how_to_do(folded) and _instructs(response, language):
        return True  # "como tira print no iphone": "Aperte o botão lateral e o de volume"
    if answers_quantity(folded, response):
        return True  # "how fast can a cheetah run": "Up to about 110 km/h, in short bursts"
    if _PERIOD_ASKED.search(folded) is not None and _YEAR_WORD.search(folded) is None:
        # "qual o prazo pra declarar o IR": "De meados de março ao fim de maio."
        return _names_date(first, response)
    if _RECOMMENDATION.search(folded) is not None:
        return _opens_with_new_name(folded, response)  # "Abbey Road: polished, varied..."
    return False


def asks_private(prompt: str) -> bool:
    """Whether a prompt's question asks for a fact of the asker's own life, which only the asker
    has: the asker's things or future in the question itself ("how much is my car worth", "is
    my ex gonna text me back", "quantos anos eu vou viver?"), not whether the asker may or
    should do something ("posso tomar ibuprofeno...?", "do I need a visa...?")."""
    asked = _question_asked(request_text(prompt))
    return (
        _PRIVATE_ASKED.match(asked) is not None
        and _NOT_PRIVATE.search(asked) is None
        and _QUOTED_TEXT.search(prompt) is None  # "make this less rude: 'you never answer my...'"
    )


_PRIVATE_ASKED = re.compile(
    r"\W*(?:[a-z]+\W+){0,4}(?:"
    # the asker's own future: "will i get into harvard", "vou passar no vestibular"
    r"(?:will|am|do) i (?:get|pass|make|win|be|ever|going)|i'?m going to (?:get|pass|make|win)|"
    r"(?:eu )?(?:vou|vo) (?:passar|conseguir|ganhar|ser|viver|casar)|(?:eu )?passo no|"
    # what the asker's things are worth or where they stand: "how much is my car worth"
    r"how much (?:is|are) my|quanto (?:vale|valem|custa) (?:o |a )?(?:meu|minha)|"
    r"(?:is|are|did|has|was) my [a-z]+(?: [a-z]+)? (?:going|gonna|delayed|late|arrive|arrived|"
    r"shipped|ok|okay|regular|ativo|active|approved|valid)|"
    r"(?:meu|minha) [a-z]+(?: [a-z]+)? (?:vai|ja|ta|esta|gosta|foi aprovad)|"
    # what the people in the asker's life think or did: "what did my wife get me"
    r"what did my|what does my [a-z]+ think|o que (?:o |a )?(?:meu|minha) [a-z]+ (?:pensa|acha|"
    r"achou|disse|comprou)|"
    # the asker's own records: "qual foi a nota que eu tirei"
    r"(?:minha|my) (?:nota|grade|score|pontuacao)|nota que eu tirei)(?![a-z])"
)
"""Facts of the asker's own life among a question's first words: their future, what their
things are worth or where they stand, what the people in their life think, their records."""
_NOT_PRIVATE = re.compile(
    r"(?<![a-z])(?:how (?:do|does|can|could|should|would|to|is it)|como|should|devo|posso|"
    r"can i|could i|do i need|preciso|signs?|sinais|"
    r"tips?|dicas?|ideas?|ideias?|mean|means|significa)(?![a-z])"
)
"""...asked as a how-to, a permission, a request for signs, tips or a meaning: knowable."""


def _names_cause_verb(folded_prompt: str, opening: str) -> bool:
    """Whether a folded first sentence holds a verb of a mechanism (`lexicon.CAUSE_VERBS`) that
    its question lacks: "Pneu perde pressão tem muitos aspectos" restates the question's own
    verb ("pq o pneu perde pressão no frio") and names no mechanism."""
    asked = set(_split_words(folded_prompt))
    return any(m.group(0) not in asked for m in _CAUSE_VERB.finditer(opening))


def asks_explanation(prompt: str) -> bool:
    """Whether a prompt asks how a thing works or what it does ("explain how a vaccine works",
    "como funciona o pix", "o que faz a insulina no corpo?"): a sentence of its workings
    answers it (`explains`)."""
    return _EXPLANATION_ASKED.search(request_text(prompt)[:EXPLANATION_ASKED_CHARS]) is not None


EXPLANATION_ASKED_CHARS = 160
"""An explanation is asked for in a prompt's first this many characters."""
_EXPLANATION_ASKED = re.compile(
    r"(?<![a-z])(?:explain|explica|explique|explicar|explicaria|"
    r"how (?:does|do|did) (?:[a-z0-9'-]+ ){1,6}(?:work|works|form|happen|heat|cool|know|make|"
    r"protect|save|kill|fight)|"
    r"como (?:funciona|funcionam|se forma|se formam|acontece|o [a-z]+ (?:mata|age|funciona))|"
    r"what (?:does|do) (?:[a-z0-9'-]+ ){1,5}do|o que (?:faz|fazem|acontece))(?![a-z])"
)


def explains(prompt: str, response: str) -> bool:
    """Whether an answer to a request for an explanation (`asks_explanation`) tells how the
    thing works in a first sentence of its own words ("It trains your immune system using a
    harmless piece of the germ.", "A luz do sol refrata e reflete nas gotas"): at least
    `EXPLAINS_MIN_ADDED` content words the prompt lacks, no year and no word of the topic's
    past (`lexicon.HISTORY_WORDS`: "The first vaccine was developed by Edward Jenner in 1796" is
    background), no talk of the topic (`lexicon.TALK_WORDS`), no dodge, no instruction ("Aperte o
    botão lateral..." for "como funciona o pix")."""
    if not asks_explanation(prompt):
        return False
    first = first_sentence(response)
    words = _split_words(fold(first))
    if len(words) > EXPLAINS_MAX_WORDS or _YEAR.search(first) is not None:
        return False
    if _NAMED_OPENING.match(first) is not None:
        return False  # "Tom Jobim, com letra de Vinicius de Moraes.": who, not how
    if not (lexicon.HISTORY_WORDS.isdisjoint(words) and lexicon.TALK_WORDS.isdisjoint(words)):
        return False
    if _dodges(response, first) or _declines(response, first):
        return False
    if _instructs(response):  # "Aperte o botão lateral...": what to do, not how it works
        return False
    return len(_own_words(request_text(prompt), words)) >= EXPLAINS_MIN_ADDED


_NAMED_OPENING = re.compile(r"\W*[^\W\d_]+\W+(?:[^\W\d_]+\W+)?[A-ZÀ-Ý][a-zà-ÿ]")
"""An opening with a name among its first words ("Ada Lovelace is usually credited", "Em
Pádua, no norte da Itália"; not an acronym: "O DNS traduz...")."""
EXPLAINS_MIN_ADDED = 4
"""An explanation's first sentence names at least this many content words of its own."""
EXPLAINS_MAX_WORDS = 40
"""...in at most this many words: a longer first sentence is judged as it stands."""


def asks_how_to(prompt: str) -> bool:
    """Whether a prompt asks how to do something ("como fazer arroz soltinho?", "how do you keep
    a cut avocado from browning?"): an instruction answers it (`_how_to_do`)."""
    return _how_to_do(request_text(prompt))


def states_cause(prompt: str, response: str) -> bool:
    """Whether a reply to "why" says something as its cause (`_says_something`): what follows
    its cause word, or its whole first sentence where it has none ("O amido recristaliza e o pão
    perde umidade."); not "Porque é gelo.", "Because of many complex factors.", "Because I said
    so."."""
    first = fold(first_sentence(response))
    m = _CAUSE_INSIDE.search(first[:RESTATED_CAUSE_CHARS])
    return _says_something(request_text(prompt), first[m.end() :] if m is not None else first)


def asks_why(prompt: str) -> bool:
    """Whether a prompt's question asks why ("por que o gelo boia?", "why do cats purr"): its
    answer is a cause, and a cause is what a brief answer to it must state."""
    return _WHY_RE.match(_question_asked(request_text(prompt))) is not None


def _cause_after_restated(folded_prompt: str, opening: str) -> bool:
    """Whether a folded first sentence gives its cause after restating what the question asks
    about ("As folhas mudam de cor porque a clorofila se degrada", "Ice floats because it is
    less dense"): a cause word (`lexicon.CAUSE_OPENERS`) after at most `RESTATED_CAUSE_WORDS`
    words, each the question's own or a function word."""
    m = _CAUSE_INSIDE.search(opening[:RESTATED_CAUSE_CHARS])
    if m is None or not _says_something(folded_prompt, opening[m.end() :]):
        return False  # "The sky is blue because it is blue.", "...because of many factors."
    before = _split_words(opening[: m.start()])
    if not before or len(before) > RESTATED_CAUSE_WORDS:
        return False
    asked = set(_split_words(folded_prompt))
    return any(w in asked and w not in _STOPWORDS for w in before) and all(
        w in asked or w in _STOPWORDS for w in before
    )


RESTATED_CAUSE_WORDS = 10
"""A cause follows a restated question of at most this many words."""
RESTATED_CAUSE_CHARS = 120
_CAUSE_INSIDE = re.compile(r"(?<![a-z])(?:porque|pois|because|due to|devido)(?![a-z])")
"""A cause word inside a sentence (not "since", a time as often: "Cats purr since...")."""


ASIDE_CHARS = 400
"""A dash is read as a comma in an answer's first this many characters: where its kind shows."""
_ASIDE_DASH = re.compile(r"(?<=[^\s])(?:[ \t]*\u2014[ \t]*|[ \t]+[\u2013-][ \t]+)(?=[^\s])")
"""A dash inside a line that sets off an aside as a comma would: an em dash, or a spaced en dash
or hyphen (not the en dash of a range, "10–12 minutes", nor a list's dash at a line's start).
Folding drops a dash, and what it set off would run on as one phrase ("White blood cells —
leukocytes")."""
_SUBJECT_ASKED = re.compile(r"^\W*(?:who|which|what|whats)(?![a-z])")
"""An English question that may ask for its sentence's subject ("which planet has the most
moons?", "who wrote Dracula?")."""
_PRO_VERB = re.compile(
    r"^(?P<subject>\W*[^\W\d][^,;:.!?()\u2013\u2014\n]{0,60}?)\s+"
    r"(?:does|do|did|is|are|was|were|has|have|had|can|could|will)(?:\s+too)?"
    r"(?=\s*(?:$|[,;:.!?(\u2013\u2014]|-\s))",
    re.IGNORECASE,
)
"""An answer that names the subject asked for, then a verb that stands for the question's own
("Saturn does.", "Bram Stoker did, in 1897.", "White blood cells do — leukocytes.")."""


def _without_pro_verb(folded_prompt: str, response: str) -> str:
    """`response` without the verb that repeats its English question's ("Saturn does." ->
    "Saturn."), where the question may ask for its subject (`_SUBJECT_ASKED`) and the answer
    opens with a capital that is no article or pronoun (`_VAGUE_SUBJECTS`): what is left is what
    any answer naming the subject is."""
    if _SUBJECT_ASKED.match(folded_prompt) is None:
        return response
    m = _PRO_VERB.match(response[:PRO_VERB_CHARS])
    if m is None:
        return response
    opening = m["subject"].lstrip(" \t\"'*“")[:40].split(maxsplit=1)
    if not opening or not opening[0][:1].isupper() or fold(opening[0]) in _VAGUE_SUBJECTS:
        return response  # "The best team did.", "Someone did.": no name
    return m["subject"] + response[m.end() :]


PRO_VERB_CHARS = 100
"""The name and its verb are looked for in an answer's first this many characters."""
_VAGUE_SUBJECTS = word_set(
    "a an the someone somebody everyone everybody nobody anyone anybody people they it he she "
    "we you i this that these those one many most some no"
)
"""Words that open a subject naming no one ("The best team did.", "Someone did.")."""


_RESTATED_SUBJECTS = word_set("it they he she we i ele ela eles elas isso a o as os the an um uma")
"""Words that may stand for a question's subject before its restated verb ("They give off...",
"Ele fica...")."""
_NOT_VERBS = word_set(
    "what which who whom whose when where why how whats qual quais quem quando onde como "
    "quanto quantos quantas que"
)
_SINGULAR_PRONOUNS = word_set("it he she")
"""Subjects whose English verb takes an "s" the question's lacks ("It uses...")."""
_RESTATED_VERBS = word_set("tem fica ficam have has")
"""Verbs a question's stopwords hold that an answer may restate ("Tem quatro cordas.")."""
_SUBJECT_GOES_ON = word_set(
    "e and of for de da do dos das ou or is are was were has have had sao foi era"
)
"""Words after a restated opening that show it was a subject, not a subject and its verb."""
RESTATED_VERB_WITHIN = 3
"""The question's verb opens an answer after at most this many words of its subject."""


def _past_question_verb(folded_prompt: str, response: str) -> str:
    """What follows an opening made of its question's own words and pronouns
    (`_RESTATED_SUBJECTS`) that ends on a word of the question, its verb (one of
    `_RESTATED_VERBS`, or a content word after a subject, at most `RESTATED_VERB_WITHIN` words
    in, a particle after it), and is not followed by a mark or more of a subject
    (`_SUBJECT_GOES_ON`: "A Austrália é um país..." restates no verb): "Tem quatro cordas."
    for "quantas cordas tem um cavaquinho" is "quatro cordas.", "They give off carbon dioxide"
    for "what gas do plants give off" is "carbon dioxide" (Portuguese leaves the subject out);
    `response` itself where it opens otherwise."""
    words = response.split(maxsplit=RESTATED_VERB_WITHIN + 2)
    asked = set(_split_words(folded_prompt)) - _NOT_VERBS
    taken = 0
    for at, word in enumerate(words[: RESTATED_VERB_WITHIN + 2]):
        folded = fold(word)
        if not folded.isalpha():
            if fold(word.rstrip(",.;:!?")) in asked:
                return response  # "A minor seventh, but...": a restated noun, set off
            break
        if at and fold(words[at - 1]) in _SINGULAR_PRONOUNS and folded[:-1] in asked:
            folded = folded[:-1]  # "It uses a seismograph" for "what tool does one use"
        if folded in asked and (
            folded in _RESTATED_VERBS or (at and folded not in _STOPWORDS)  # after its subject
        ):
            taken = at + 1  # the question's last word so far: its verb, or a particle
        elif folded not in _RESTATED_SUBJECTS and folded not in asked:
            break
    if (
        not taken
        or taken >= len(words)
        or not words[taken][:1].isalnum()  # "Gold — a precious metal." restates no verb
        or fold(words[taken]) in _SUBJECT_GOES_ON
    ):
        return response
    return response.split(maxsplit=taken)[taken]


_COURTESY = re.compile(
    r"^\W*(?:sure|claro|of course|certainly|com certeza|absolutely|no problem|happy to help|"
    r"(?:boa|otima|ótima|excelente|great|good|excellent) (?:pergunta|question))\s*[!.:]+\s*",
    re.IGNORECASE,
)
"""A courtesy an answer may open with before what was asked ("Sure! **Couch to 5K**...",
"Boa pergunta: cerca de 300 mil km/s"): read past it for the kind of answer."""


_COUNT_DIGITS = re.compile(r"\d{1,3}(?:[.,\u00a0 ]\d{3})*|\d+")


def _bare_count(answer: str) -> bool:
    """Whether a one-word answer is a count and nothing else ("88.", "Seis.", "1,000!"), not a
    year."""
    word = fold(answer.strip().strip("*_\"“”'.!"))
    if _YEAR.fullmatch(word) is not None:
        return False  # "1903." is a year: another question's
    return _COUNT_DIGITS.fullmatch(word) is not None or (
        word in lexicon.NUMBER_WORDS and word not in _MAGNITUDES  # "Million." counts nothing
    )


_MANY_ASKED = re.compile(r"(?<![a-z])(?:how many|quant[oa]s)(?![a-z])")
_MAGNITUDES = word_set(
    "hundred hundreds thousand thousands million millions billion billions dozen dozens cem "
    "cento mil milhao milhoes bilhao bilhoes duzia duzias"
)


def one_word_in_kind(prompt: str, answer: str) -> bool:
    """Whether a one-word answer is the very thing its closed question or choice asks for
    (`in_kind`): a year for "when", a symbol or a name ("1912.", "W.", "Canberra."), or one
    side of "A or B" ("Affect."). Not a word that answers nothing (`lexicon.NON_ANSWERS`:
    "Idk.", "Maybe.", "Hello." read as names as well as "Canberra." does), a word of the
    prompt's ("Telephones." for "who invented the telephone"), a symbol that is no element's
    ("A."), or a bare count for "how many"
    ("206." reads as "180." does: "206 bones." names what it counts). Never a yes or a no (a
    verdict without its nuance), nor the one word of a computation that is not its result
    (`holds_result` says when it is: "$20." for "25% off of $80" is the discount)."""
    said = _split_words(fold(answer))
    if said and said[0] in lexicon.NON_ANSWERS:
        return False
    folded = request_text(prompt)
    if _asks_arithmetic(folded) or not _ASKS_MORE.isdisjoint(_split_words(folded)):
        return False  # "When did WW2 end? Explain the causes": more than one word
    p = prompt_features(prompt)
    if _COUNT_ASKED.search(folded) is not None:
        # "88." for "how many keys on a piano": the count itself, as a search answers it (a
        # bare count fits any other "how many" of a batch too, but no other kind of question;
        # not "how much" or "quanto", whose number needs its unit: "40." for a price)
        return (
            p.closed
            and not p.unknowable
            and _MANY_ASKED.search(folded) is not None
            and _bare_count(answer)
        )
    if p.choosing:
        return picks_side(p, answer, prompt)
    word = answer.strip().strip("*_\"“”'.!")
    said_word = fold(word)
    asked = _split_words(folded)
    shared = {w for w in asked if w[:STEM_CHARS] == said_word[:STEM_CHARS]}
    if shared and (
        said_word in asked
        # a language is named after its land ("Icelandic." for "what language do they speak in
        # iceland"): a longer word on the land a language question names is an answer, a
        # longer word on any other word of the prompt's is not ("Speaking.")
        or _LANGUAGE_ASKED.search(folded) is None
        or not shared <= set(_LAND_NAMED.findall(folded))
    ):
        return False  # "Telephones." for "who invented the telephone": the prompt's own word
    if (
        _SYMBOL_ASKED.search(folded) is not None
        and _SYMBOL_GIVEN.search(prompt) is None  # "which element has the symbol W": a name
        and (word not in lexicon.ELEMENT_SYMBOLS or not _names_element_symbol(folded, word))
    ):
        return False  # "A." or "He." for "chemical symbol for gold"
    # what cannot be known has no one-word answer ("Affect." for "quem vai ganhar a copa?")
    return (
        (p.closed or p.query) and not p.yes_no and not p.unknowable and in_kind(prompt, answer, p)
    )


_LANGUAGE_ASKED = re.compile(
    r"(?<![a-z])(?:(?:what|which) languages?|"
    r"(?:qual|que|quais) (?:e )?(?:a |o )?(?:lingua|idioma)s?)(?![a-z])"
)
"""A question for the language spoken somewhere ("what language do they speak in iceland",
"qual a língua oficial do egito")."""
_LAND_NAMED = re.compile(r"(?<![a-z])(?:in|of|em|no|na|nos|nas|do|da|dos|das|de) ([a-z]+)")
"""The word after a preposition of place: the land a language question names ("in iceland",
"na islandia", "do egito")."""


def _given_as_asked(folded: str, response: str, first: str) -> bool:
    """Whether an answer opens with the form its request names, whatever the request's
    grammar: an equation for a formula ("formula bhaskara": "x = (−b ± √Δ) / 2a"), a key
    combination for a keyboard shortcut ("atalho pra desfazer no word": "Ctrl + Z"), a
    telephone number ("É 192"; not a year), a name for a request for names ("me da um nome
    pra padaria": "Pão de Cada Dia, ou Forno da Esquina"; after a short lead-in: "Algumas
    ideias: Pantera, Nanquim...") or for an instance of a kind ("name one houseplant that's
    hard to kill": "Pothos; it tolerates low light")."""
    if _FORMULA_ASKED.search(folded) is not None and _NOT_A_FORMULA.search(folded) is None:
        return "=" in first or _opens_with_chemical(first)
    if _PHONE_ASKED.search(folded) is not None:  # "qual o numero do samu": "É 192"
        number = _IS_FIRST.sub("", first)
        return _opens_with_number(number, result=True) and _YEAR.match(number.lstrip()) is None
    if _SHORTCUT_ASKED.search(folded) is not None:
        return _KEY_COMBINATION.search(first) is not None
    if _NAMES_ASKED.search(folded) is not None or _INSTANCE_ASKED.search(folded) is not None:
        lead, colon, rest = response.partition(":")
        if colon and len(lead.split()) <= NAMES_LEAD_IN_WORDS:
            response = rest
        return _opens_with_new_name(folded, response)
    return False


_CHEMICAL = re.compile(r"(?:[A-Z][a-z]?[0-9\u2080-\u2089]*)+")
"""A chemical formula: element symbols, each with its count ("H2SO4", "NaCl", "C₆H₁₂O₆")."""
_SYMBOL = re.compile(r"[A-Z][a-z]?")


def _opens_with_chemical(first: str) -> bool:
    """Whether a first sentence opens with a chemical formula, the formula a question for one
    asks ("H2SO4.", "**NaCl**, o cloreto de sódio"): element symbols, two or with a count (not
    "He", which is also a word; not "MP3" or "A4"). A product code spelled in symbols ("PS5")
    reads as one: the form is checked, not the chemistry."""
    head = first.lstrip("*_\"“'( ").split(maxsplit=1)
    word = head[0].rstrip("*_\"”'),.;:!") if head else ""
    if _CHEMICAL.fullmatch(word) is None:
        return False
    symbols = _SYMBOL.findall(word)
    return all(s in lexicon.ELEMENT_SYMBOLS for s in symbols) and (
        len(symbols) >= 2 or len(word) > len(symbols[0])  # a count: "O3"
    )


_FORMULA_ASKED = re.compile(r"(?<![a-z])(?:formula|equation|equacao)(?! (?:1|one|um)\b)(?![a-z])")
_NOT_A_FORMULA = re.compile(
    r"(?<![a-z])(?:baby|infant|bebe|leite|milk|how much|quanto|quantos|quantas|ml|oz|"
    r"mamadeira|bottle)(?![a-z])"
)
"""A formula that is no equation: baby formula, the milk ("how much formula should a 2 month
old drink"), and Formula 1."""


def _solves(prompt: str, response: str) -> bool | None:
    """For a linear equation with one unknown that a request asks to solve (`_equation`: "2x +
    6 = 20 quanto vale x"), whether a value the answer gives its unknown in its first
    `ARITHMETIC_MAX_CHARS` characters solves it: any step of its chain, worked out ("x = 7.",
    "x = 20 - 6 = 14", "x = 14:2 = 7", "x = 7/2"), exactly, or to its own decimals when it shows
    some ("x = 3,33" for "3x = 10"); not "x = 8.", "x = 3" for -3, "x = 7" for 7.5. None for a
    request that holds no such equation, or an answer that gives no value early (other checks
    weigh it)."""
    solved = _equation(prompt)
    if solved is None:
        return None
    name, solution = solved
    text = response[:ARITHMETIC_MAX_CHARS].replace("**", "").lower()
    steps = [
        step
        for chain in _VALUE_CHAIN.finditer(text)
        if chain["name"] == name
        for step in chain["chain"].replace(":", "/").split("=")
    ]
    if not steps:
        return None
    return any(_is_value(step, solution) for step in steps)


def _is_value(step: str, solution: float) -> bool:
    """Whether one step of an unknown's chain ("20 - 6", "7/2", "3,33") is worth `solution`:
    exactly, or to the decimals it shows."""
    value = _arithmetic(_NUMBER.sub(lambda n: format(_value(n[0]), ".12f"), step), "", 0.0)
    if value is None:
        return False
    shown = re.findall(r"[.,](\d+)\b", step)
    decimals = len(shown[-1]) if shown and _NUMBER.fullmatch(step.strip().lstrip("-−")) else None
    tolerance = 0.5 * 10.0**-decimals if decimals is not None else 1e-9 * (1 + abs(solution))
    return abs(value - solution) <= tolerance


@functools.lru_cache(maxsize=1024)
def _equation(prompt: str) -> tuple[str, float] | None:
    """The unknown of the one linear equation a request holds and the value that solves it
    ("2x + 6 = 20 quanto vale x": ("x", 7.0); read once per prompt, weighed for every answer),
    or None: none for more than one "=" (code, a function and its value: "f(x) = 3x - 2, quanto
    vale f(4)"), powers, roots, logarithms, percentages or a function's parentheses
    (`_NOT_LINEAR`), sides that run into a word, or an equation that is not linear."""
    asked = prompt.lower()
    if (
        asked.count("=") != 1
        or _NOT_LINEAR.search(asked) is not None
        or _SOLVE_ASKED.search(asked) is None
    ):
        return None
    unknown = _UNKNOWN_ASKED.search(asked)
    sides = _EQUATION.search(asked)
    if unknown is None or sides is None or _GIVEN_VALUE.fullmatch(f"{sides[1]}={sides[2]}"):
        return None  # "um carro parte da posição x = 0": a value given, not an equation
    name = unknown["coefficient"] or unknown["alone"]
    solution = _solution(name, sides[1], sides[2])
    return None if solution is None else (name, solution)


_MATH_CHARS = r"[0-9xyzn+*/×÷().,\t −-]"
"""The characters an equation's sides are written in here: digits, the unknowns, + - * / and
parentheses, on one line."""
_SOLVE_ASKED = re.compile(
    r"(?<![a-z])(?:resolv\w*|solv\w*|quanto vale|qual (?:e )?o valor d[eoa]|valor de [xyzn]|"
    r"find|ache|encontre|calcule|determine|what(?: i|')?s [xyzn]|what is the value|isol\w*|"
    r"for [xyzn])(?![a-z])|^\W*" + _MATH_CHARS + "+=" + _MATH_CHARS + r"+\W*$"
)
"""A request to solve an equation ("resolva", "solve", "quanto vale x", "find x"), or a prompt
that is the equation alone ("2x − 6 = 20")."""
_GIVEN_VALUE = re.compile(r"\s*[xyzn]\s*=\s*-?[\d.,]+\s*")
"""An unknown set to a number ("x = 0", "n = 100"): a given, not an equation to solve."""


_NOT_LINEAR = re.compile(
    r"[\^²³√%|!<>≤≥·⋅\\]|(?<![a-z])(?:log|ln|sen|sin|cos|tan|tg|sqrt|raiz|exp)(?![a-z])|[a-z]\("
)
"""Marks of an equation that is not linear, or not one to solve by substitution here ("x² -
5x + 6 = 0", "2^x = 32", "log(x) = 2", "√x = 4", "20% de x = 50", "f(x) = 2x + 1"), or one
written with a sign this does not read ("2·x", "2 \\cdot x")."""


def _solution(name: str, left_side: str, right_side: str) -> float | None:
    """The value of the unknown `name` that solves a linear equation ("2x + 6 = 20": 7.0), from
    its sides' difference at 0, 1, 2 and 10; None for an equation that is not linear in its
    unknown or cannot be read."""
    differences = []
    for at in (0.0, 1.0, 2.0, 10.0):
        left = _arithmetic(left_side, name, at)
        right = _arithmetic(right_side, name, at)
        if left is None or right is None:
            return None
        differences.append(left - right)
    slope = differences[1] - differences[0]
    tolerance = 1e-9 * (1 + abs(slope) + abs(differences[0]))
    if (
        abs(slope) < 1e-12
        or abs(differences[2] - differences[1] - slope) > tolerance
        or abs(differences[3] - differences[0] - 10 * slope) > 10 * tolerance
    ):
        return None
    return -differences[0] / slope


_VALUE_CHAIN = re.compile(
    r"(?<![\w^·*/√])(?P<name>[xyzn])[ \t]*=(?P<chain>[ \t]*[-−]?\d(?:[\d.,]*\d)?(?:[ \t]*"
    r"[-−+*/×÷:=][ \t]*[-−]?\d(?:[\d.,]*\d)?){0,6})(?![ \t]*\d)"
)
"""A value given to an unknown, with the steps of its chain ("x = 7", "x = 20 - 6 = 14", "x =
14:2 = 7"); a chain followed by a digit is not read ("x = 1 500")."""
_EQUATION = re.compile(
    r"(?<![\w.,])(" + _MATH_CHARS + "{1,60})=(" + _MATH_CHARS + "{1,60}?)"
    r"[ \t]*(?=[?.,;:!]?[ \t]*(?:$|\n|[a-z]))"
)
"""The two sides of an equation in a request, in digits, unknowns and operators only, on one
line, up to a word, a stop or the end."""
_MATH_TOKEN = re.compile(r"\s*(?:(\d+(?:[.,]\d+)?)|([xyzn])|([-−+*/×÷()]))")


def _arithmetic(text: str, name: str, value: float) -> float | None:
    """The value of a small expression of numbers, the unknown `name` (at `value`), + - * / and
    parentheses, a number or a parenthesis before an unknown multiplying it ("2x", "3(x + 1)");
    None for anything else or a division by zero."""
    tokens: list[tuple[str, str]] = []
    at = 0
    text = text.strip()
    while at < len(text):
        token = _MATH_TOKEN.match(text, at)
        if token is None or token.end() == at:
            return None
        at = token.end()
        kind = "n" if token[1] else ("v" if token[2] else "o")
        piece = (token[1] or token[2] or token[3]).replace("−", "-")
        previous = tokens[-1] if tokens else ("o", "")
        if (kind == "v" and previous[0] == "n") or (
            piece == "(" and (previous[0] != "o" or previous[1] == ")")
        ):
            tokens.append(("o", "*"))  # "2x", "3(x + 1)", "(x + 1)(x - 1)"
        tokens.append((kind, piece))
    try:
        result, rest = _sum(tokens, name, value)
    except (ZeroDivisionError, IndexError, ValueError):
        return None
    return result if not rest and math.isfinite(result) else None


def _sum(
    tokens: list[tuple[str, str]], name: str, value: float
) -> tuple[float, list[tuple[str, str]]]:
    total, tokens = _product(tokens, name, value)
    while tokens and tokens[0][1] in "+-":
        sign = tokens[0][1]
        term, tokens = _product(tokens[1:], name, value)
        total = total + term if sign == "+" else total - term
    return total, tokens


def _product(
    tokens: list[tuple[str, str]], name: str, value: float
) -> tuple[float, list[tuple[str, str]]]:
    total, tokens = _factor(tokens, name, value)
    while tokens and tokens[0][1] in ("*", "/", "×", "÷"):
        operator = tokens[0][1]
        factor, tokens = _factor(tokens[1:], name, value)
        total = total * factor if operator in ("*", "×") else total / factor
    return total, tokens


def _factor(
    tokens: list[tuple[str, str]], name: str, value: float
) -> tuple[float, list[tuple[str, str]]]:
    kind, piece = tokens[0]
    if piece == "-":
        inner, rest = _factor(tokens[1:], name, value)
        return -inner, rest
    if piece == "(":
        inner, rest = _sum(tokens[1:], name, value)
        if not rest or rest[0][1] != ")":
            raise ValueError("unclosed parenthesis")
        return inner, rest[1:]
    if kind == "n":
        return float(piece.replace(",", ".")), tokens[1:]
    if kind == "v" and piece == name:
        return value, tokens[1:]
    raise ValueError(piece)


_UNKNOWN_ASKED = re.compile(
    r"(?<![a-z0-9])(?:\d+(?P<coefficient>[xyzn])|(?P<alone>[xyzn])(?!\s*\d))(?![a-z])"
    r"[^=\n]{0,40}=\s*-?\d"
)
"""An equation with an unknown ("2x + 6 = 20", "resolva 3y - 4 = 11", "x + 3 = 5"): the
unknown's value, "x = 7", solves it. Not a product's "x" between two numbers ("is 7 x 8 =
56"); never more than one start in a run of digits (linear)."""
_PHONE_ASKED = re.compile(
    r"(?<![a-z])(?:qual (?:e )?o (?:numero|telefone) d[oa]s?|"
    r"what(?: i|')?s the (?:phone )?number (?:for|of))(?![a-z])"
)
"""A telephone number asked ("qual o numero do samu", "what's the phone number for..."; not
"como mudar o numero do whatsapp"): a number answers it."""
_IS_FIRST = re.compile(r"^\W*(?:[ÉéEe]|It's|It is|Its)\s+")


def _how_to_do(folded: str) -> bool:
    """Whether a request asks how to do something (`_HOW_ASKED`): "como" before an infinitive
    ("como tirar print"), a first person ("como calculo", "como dou print") or a verb of the
    everyday tasks people ask how to do (`lexicon.HOW_TO_VERBS`: "como tira print no iphone",
    "como faz pra..."); not how something is, works or came about ("como funciona o pix",
    "como os gatos enxergam", "como morreu tiradentes", "Como Platão influenciou...")."""
    asked = _HOW_ASKED.match(folded)
    if asked is None:
        return False
    verb = asked["verb"]
    return verb is None or (
        verb not in lexicon.NOT_HOW_TO_VERBS
        and (
            verb in lexicon.HOW_TO_VERBS
            or verb in _PRESENT_IN_OU
            or (verb.endswith(("ar", "er", "ir", "o")) and not verb.endswith(("ou", "eu", "ao")))
        )
    )


_PRESENT_IN_OU = frozenset({"dou", "vou"})
"""First persons of the present that end like a past ("como dou print", "como vou do
aeroporto...")."""
_HOW_ASKED = re.compile(
    r"^\W*(?:como (?:eu |se |a gente )?(?P<verb>[a-z]{2,})|how (?:do|can|should) (?:i|we|one) |"
    r"how do you (?!feel|think|know|like|rate|say|pronounce|spell|call|mean)|how to )"
)
"""A question how to do something in any grammar ("como tira print no iphone", "como faz pra
subir de elo", "how do you address a letter..."): instructions answer it."""
_SHORTCUT_ASKED = re.compile(
    r"(?<![a-z])(?:atalhos?|shortcuts?|hotkeys?)(?![a-z])(?! (?:from|de|do|da|pra|para) [a-z]+ "
    r"(?:to|pra|para|ate|ao|a)\b)"
)
"""A keyboard shortcut asked ("atalho pra desfazer no word", "mac shortcut screenshot"; not a
route: "is there a shortcut from downtown to the airport")."""
_KEY_COMBINATION = re.compile(
    r"(?<![A-Za-z])(?:ctrl|control|cmd|command|alt|option|shift|win|fn)\s*\+|[⌘⌥⇧]", re.I
)
_NAMES_ASKED = re.compile(
    r"(?<![a-z0-9])(?:(?:(?:um|uns|algum|alguns|[0-9]+|dois|duas|tres|cinco) )?(?:nomes? (?:pra|"
    r"para|p/)|nomes de) |(?:a|some|[0-9]+|two|three|five) names? for |(?:a )?name (?:idea|ideas) )"
)
"""A request for names ("me da um nome pra padaria", "3 nomes para um gato preto", "give me a
name for my sourdough starter"; not "como mudar o nome de usuário")."""
_NO_KIND = r"(?:coisa|duvida|pergunta|parada|jeito|forma|maneira|modo|dica|ideia)s?\b"
"""Words after "me diz uma", "algum" that name no kind of thing to name ("me diz uma coisa:",
"algum jeito bom de..."): a question follows."""
_NO_THINGS = r"|(?:estudo|exercicio|treino|iniciante|pessoa|beginner|people)s?\b"
"""...nor, after "dicas de", things a name does not answer ("dicas de estudos")."""
_INSTANCE_ASKED = re.compile(
    r"(?:^\W*(?:me |nos )?|(?<![a-z])(?:pode|poderia|podia|consegue|voce|vc) (?:me )?)"
    r"(?:fala|diz|diga|cita|cite|indica|indique|indicar|sugere|sugira|sugerir|recomenda|"
    r"recomende|recomendar) (?:ai )?(?:um|uma|algum|alguma|uns|umas) (?!" + _NO_KIND + r")"
    r"[a-z]{3,}(?![a-z])|"
    r"^\W*(?:um|uma|algum|alguma) (?!" + _NO_KIND + r")[a-z]{3,} (?:tipic[oa]|famos[oa]|"
    r"parecid[oa]|tipo|igual|semelhante|bom|boa)(?![a-z])|"
    r"^\W*(?:(?:please|pls|can you|could you) )?name (?:one|a|an|some|two|three) [a-z]{3,}"
    r"(?![a-z])|"
    r"^\W*(?:any|some) (?:good )?(?!people|folks)[a-z]{3,} (?:like|similar to)(?![a-z])|"
    r"^\W*(?:(?:can|could) you |please |pls )?(?:recommend|suggest) (?:me )?(?:a|an|one|some) "
    r"(?!way|time|pause|break)[a-z]{3,}(?![a-z])|"
    r"(?<![a-z])(?:dicas|sugestoes|indicacoes|recomendacoes) de (?!"
    + _NO_KIND
    + _NO_THINGS
    + r")[a-z]{3,}s"
    r"(?![a-z])|(?<![a-z])(?:recommendations|suggestions) (?:for|of) (?:good )?"
    r"(?!beginners|people|kids|students)[a-z]{3,}s(?![a-z])"
)
"""A request for an instance of a kind, which its name answers ("me fala um livro do machado
de assis", "uma fruta típica da amazônia", "algum jogo parecido com stardew valley", "name
one houseplant that's hard to kill", "any books like dune", "dicas de livros clássicos"); its
verb opens the request (not "o médico recomenda uma pausa", "why do some people like spicy
food"), or it asks for tips on things by their kind, in the plural ("dicas de filmes", not
"dicas de estudo")."""
NAMES_LEAD_IN_WORDS = 4
"""Names given after a lead-in of at most this many words and a colon ("Algumas ideias:")."""


_TIME_CLAUSE = re.compile(
    r"^\W*(?:(?:right |just |only )?(?:after|before|once|as soon as|until)|"
    r"(?:logo )?(?:depois d[aeo]s?|antes d[aeo]s?|assim que|ate)) (?![0-9])[a-z]"
)
"""A time given by what it follows or precedes ("After the last frost, once nights stay above
50°F", "Depois da última geada"): a "when" answered without a date."""
_INTERVAL = re.compile(
    r"^\W*(?:(?:em geral|geralmente|normalmente|usually|typically|generally|about|around|"
    r"roughly|cerca de|mais ou menos) )?"
    r"(?:(?:every|each|a cada) (?=\d|(?:other|few|couple|one|two|three|four|five|six|um|uma|dois|"
    r"duas|tres|quatro|cinco|seis|poucos|poucas|day|week|month|year|morning|night|evening|hour|"
    r"minute|season|spring|summer|fall|autumn|winter|dia|semana|mes|ano|manha|noite|hora|"
    r"minuto|estacao|primavera|verao|outono|inverno)(?![a-z]))|(?:uma|duas|tres)"
    r"(?: ou (?:duas|tres|quatro))? vez(?:es)? "
    r"(?:a|ao|por|na|no|pel[oa])|(?:once|twice|(?:\d+|three|four) times)"
    r"(?: or (?:twice|(?:\d+|three|four) times))? (?:a|an|per|every)|de \d+ em \d+)(?![a-z])"
)
"""An interval, which answers how often or when something is done again ("Every 3 to 4
months", "A cada 5 mil km", "Uma vez por ano", "Twice a day")."""
_CAUSE_VERB = re.compile(r"(?<![a-z])(?:" + "|".join(lexicon.CAUSE_VERBS) + r")(?![a-z])")
_PERIOD_ASKED = re.compile(r"(?<![a-z])(?:" + "|".join(lexicon.DATE_QUESTIONS) + r")(?![a-z])")
_RECOMMENDATION = re.compile(
    r"(?<![a-z])(?:the best [a-z]+|(?:o|a) melhor [a-z]+|[a-z]{3,} (?:bom|boa) (?:pra|para)|"
    r"(?:a )?good [a-z]+ (?:to|for))(?![a-z])"
)
"""A question for the best thing of a kind ("whats the best beatles album to start with", "jogo
bom pra jogar com os amigos"): a name answers it."""


_HEDGED_CAUSE = re.compile(
    r"^\W*(?:"
    + "|".join((*lexicon.USUALLY, "most likely", "likely", "often"))
    + r") (?:an? |the |o |a |os |as |um |uma )?(?!(?:yes|no|not|sim|nao)\b)[a-z]+"
)
"""...or a cause named after how often it is the one ("Usually a worn flapper that leaks",
"Quase sempre pastilha gasta", `lexicon.USUALLY` and "likely", "often"): the diagnosis a "why
does my..." asks for (a question about the asker's own thing); never a yes or a no."""
_CAUSE_OPENING = re.compile(
    r"^\W*(?:(?:"
    + "|".join(sorted(lexicon.CAUSE_HEDGES, key=len, reverse=True))
    + r"),? )?(?:"
    + "|".join(lexicon.CAUSE_OPENERS)
    + r")(?![a-z0-9])"
)


def opening_list(text: str) -> int:
    """`_opening_list` of a text's first sentence: how many items it opens with, as a run-in list
    (0 for none)."""
    return _opening_list(first_sentence(text))


def _opening_list(first: str) -> int:
    """How many items a first sentence that is nothing but an inline list holds ("Fígado
    bovino, feijão, lentilha e espinafre": 4; "Helium, neon and argon": 3): every part short
    (`OPENING_ITEM_WORDS`), the first too; 0 for a sentence that is not one."""
    first = _PARENTHETICAL.sub("", first.replace("*", ""))  # "chocolate em pó (ou achocolatado)"
    parts = [part.split() for part in _INLINE_LIST.split(first)]
    short = 0
    for part in parts:  # the short items that open it; a longer last part is a comment
        # no instruction, and no yes or no alone ("In most cases, yes, gently and sticking to
        # facts"; "No Amazonas, no Pará..." are places)
        if not 0 < len(part) <= OPENING_ITEM_WORDS or fold(part[0]) in lexicon.IMPERATIVES:
            break
        word = part[0].strip(".,;:!?") if part else ""
        if len(part) == 1 and not word.isupper() and fold(word) in lexicon.YES_NO_ANSWERS:
            break  # ("SE, NO and DK" are codes)
        short += 1
    whole = short == len(parts)
    # "Red, green and blue, which together make white light": a relative clause comments on
    # the items before it
    rest = parts[short] if short < len(parts) else []
    commented = (
        bool(rest)
        and fold(rest[0]) in _LIST_COMMENT_OPENERS
        # of the items, not of the speaker ("Stuff, things and more, which is all I know")
        and _FIRST_PERSON.isdisjoint(_split_words(fold(" ".join(rest))))
        and _FILLER_ITEMS.isdisjoint(
            _split_words(fold(" ".join(w for p in parts[:short] for w in p)))
        )
    )
    return short if short >= 2 and (whole or commented or short >= OPENING_LIST_MIN_ITEMS) else 0


_LIST_COMMENT_OPENERS = word_set(
    "which that who whose where all both each together que quem cujo cuja onde todos todas "
    "ambos ambas juntos juntas"
)
"""First words of a comment on a list's items rather than of one more item."""
_FIRST_PERSON = word_set("i me my myself eu meu minha comigo mim")
"""Words of the speaker, whom a list's comment does not talk of ("..., which is all I know")."""
_FILLER_ITEMS = (
    lexicon.VACUOUS
    | lexicon.NON_ANSWERS
    | word_set("stuff things more etc tal troco trocos coisa coisas")
)
"""Items that name nothing ("Stuff, things and more", "Coisas, troços e tal")."""


_PARENTHETICAL = re.compile(r"(?<!\s)\s*\([^()]{0,60}\)")
"""A short parenthetical and the spaces before it (a match starts where a run of spaces does:
linear on a long run of them)."""

OPENING_LIST_MIN_ITEMS = 4
"""...and a list that ends on a longer comment ("Helium, neon, argon, krypton, xenon and radon,
plus the synthetic element oganesson") counts when at least this many short items open it."""

OPENING_ITEM_WORDS = 3
"""An item of a list that opens an answer is a name or a short phrase ("Fígado bovino"), no
instruction ("Mantenha horários regulares, evite telas e cafeína..." is advice, not a list)."""


def _same_language(folded: str, response: str) -> bool:
    """False when the answer is in English and the prompt in Portuguese, or the other way round:
    the answer by two function words or more of one language and three times those of the
    other (`tribunal.language.PROFILES`), the prompt by one word or more of one and none of the
    other. True when either is unsure."""
    asked = _pt_or_en(
        [w for w in _split_words(folded) if w not in _AMBIGUOUS_IN_PROMPTS], least=1, margin=None
    )
    if asked is None:
        return True
    answered = _pt_or_en(_split_words(fold(response)), least=2, margin=LANGUAGE_MARGIN)
    return answered is None or answered == asked


_WORD_FORM_ASKED = re.compile(
    r"(?<![a-z])(?:("
    + "|".join(lexicon.INFLECTIONS_ASKED)
    + r")|("
    + "|".join(lexicon.WORD_RELATIONS_ASKED)
    + r")) ([a-z][a-z'-]*)"
)
"""A question for a form of a word (its plural, its feminine: group 1) or a word related to it
(a synonym, the past tense: group 2), and the word (group 3)."""
WORD_FORM_WORDS = 4
"""The form asked for opens the answer: among its first this many words."""


def _gives_word_form(folded: str, first: str, form: re.Match[str]) -> bool:
    """Whether an answer's first sentence gives the form of a word asked for (after "O plural
    é", "It's"): an inflection among its first `WORD_FORM_WORDS` words, a word the prompt lacks
    that shares the word's first three letters ("cidadãos" for "cidadão", "cacti" for
    "cactus"); a related word ("went" for "go", a synonym) standing alone at its opening."""
    term = form.group(3)
    given = set(_split_words(folded))
    opening = _FORM_LEAD_IN.sub("", fold(first))
    if form.group(2) is not None:  # a word of its own: it stands alone, or opens a list of them
        alone = _WORD_ALONE.match(opening)
        return alone is not None and alone.group(1) not in given | _STOPWORDS
    words = [w for w in _split_words(opening) if w not in given]
    stem = term[: min(3, len(term) - 1)]  # "pães" for "pão"
    return any(
        len(w) > 1 and w not in _STOPWORDS and w.startswith(stem) for w in words[:WORD_FORM_WORDS]
    )


_WORD_ALONE = re.compile(r"^\W*([a-z][a-z'-]*)\W*(?:[,.;:!]|\s(?:ou|or|e|and)\s|$)")
"""A word standing alone at the opening: "Went.", "Contente, alegre ou feliz." (not the first
word of a sentence, "Resposta básica sobre o tema.")."""


_FORM_LEAD_IN = re.compile(
    r"^\W*(?:(?:o|a) (?:plural|feminino|masculino|passado|sinonimo|antonimo|contrario) "
    r"(?:de \S+ )?(?:e|eh)|the (?:plural|past tense|opposite|feminine) (?:of \S+ )?is|"
    r"it'?s|(?:e|eh))\s+"
)
"""How an answer may name the form before giving it ("O plural é cidadãos", folded)."""


META_NOUN_WORDS = 3
"""`_talks_about_word` looks for a noun of `lexicon.META_NOUNS` among the first this many content
words ("It's a Latin phrase...": "it's", "latin", "phrase")."""


def defines_term(prompt: str, response: str, p: PromptFeatures) -> bool:
    """For a request for a definition: whether the answer opens as a definition of the term
    (`in_kind`: its genus, a gloss, the acronym's words) without first naming a word of the
    prompt ("Race condition has many relevant aspects to consider." restates the term; "The
    value of the best alternative you give up" defines it). Counts as the fact a brief answer
    must state."""
    first = first_sentence(response)
    head = _content_head(first)
    if not head:
        return False
    asked = request_text(prompt)
    if head[0] in set(_split_words(asked)):
        genus = _past_restated_term(asked, first)
        return genus is not None and in_kind(prompt, genus, p)
    return in_kind(prompt, response, p)


def _past_restated_term(folded_prompt: str, first: str) -> str | None:
    """What a definition says after naming its term and a copula (`_TERM_COPULAS`: "Habeas
    corpus é uma ação que protege...", "Compound interest is interest earned on...": "uma ação
    que protege...", "interest earned on..."), the way textbooks and models open one; None where
    the sentence opens otherwise ("Race condition has many aspects" names the term and goes on
    about it). The term is the question's own words, with articles, in at most
    `RESTATED_TERM_WORDS` words."""
    asked = set(_split_words(folded_prompt))
    words = first.split(maxsplit=RESTATED_TERM_WORDS + 1)
    for at, word in enumerate(words[: RESTATED_TERM_WORDS + 1]):
        folded = fold(word).strip("\"“”'*_,")
        # "é", not "e": "Mel e melado costumam ser confundidos" joins two terms
        if at and folded in _TERM_COPULAS and word.strip("*_,") not in ("e", "E"):
            if at + 1 >= len(words):
                return None
            rest = first.split(maxsplit=at + 1)[at + 1]
            if not _says_something(folded_prompt, rest):
                return None  # "...is something you should ask an advisor about"
            return rest[:1].upper() + rest[1:]
        if folded not in asked and folded not in _TERM_ARTICLES:
            return None
    return None


def _says_something(folded_prompt: str, text: str) -> bool:
    """Whether `text` names at least `OWN_CONTENT_WORDS` content words of its own (not the
    prompt's, no function word, no talk of a topic: `lexicon.TALK_WORDS`) and no talk word at
    all: "a loan secured by the home it pays for" says something; "something you should ask
    about", "a lot of different things", "many complex factors" do not."""
    words = _split_words(fold(text[:OWN_CONTENT_CHARS]))
    if not lexicon.TALK_WORDS.isdisjoint(words) or not lexicon.OPINION_WORDS.isdisjoint(words):
        return False
    return len(_own_words(folded_prompt, words) - _EMPTY_WORDS) >= OWN_CONTENT_WORDS


def _own_words(folded_prompt: str, words: list[str]) -> set[str]:
    """The content words of `words` (folded) that the prompt lacks: longer than two letters, no
    function word (`explains`, `_says_something`)."""
    asked = set(_split_words(folded_prompt))
    return {w for w in words if w not in asked and w not in _STOPWORDS and len(w) > 2}


OWN_CONTENT_WORDS = 2
OWN_CONTENT_CHARS = 200
_EMPTY_WORDS = word_set(
    "something someone thing things stuff way ways people lot lots kind kinds sort type types "
    "algo alguem coisa coisas jeito tipo tipos tanto tanta said says ask asked advisor say "
    "factor factors physics reason reasons"
)
"""Words that stand for no content of their own ("something", "a lot", "things")."""

RESTATED_TERM_WORDS = 4
"""A term a definition restates before its copula is at most this many words ("A Roth IRA
is...", "Juros compostos são...")."""
_TERM_COPULAS = word_set("e sao is are means significa designa denotes")
"""The verbs that join a restated term to its definition."""
_TERM_ARTICLES = word_set("a an the o os as um uma uns umas")
"""The articles a restated term may carry ("A Roth IRA", "Os juros compostos")."""


def _content_head(first: str) -> list[str]:
    """The content words of a first sentence's opening (its first 60 characters, folded)."""
    return [w for w in _split_words(fold(first[:60])) if w not in _STOPWORDS]


def _talks_about_word(first: str) -> bool:
    """Whether a first sentence is talk about a word, not its sense: a noun of
    `lexicon.META_NOUNS` among its first `META_NOUN_WORDS` content words ("É uma palavra de
    origem grega...", "It's a Latin phrase that people use")."""
    return not lexicon.META_NOUNS.isdisjoint(_content_head(first)[:META_NOUN_WORDS])


def _opener_language_kept(asked: str | None, response: str) -> bool:
    """False when a question that opens with an interrogative of one language (`asked`, by
    `_opener_language`: "como regar suculenta", "what does al dente mean") is answered by a
    sentence with a function word of the other and none of its own ("Set up a Suica card...",
    "A cada 5 mil km com óleo..."): short prompts name too few function words for
    `_same_language`."""
    if asked is None:
        return True
    first = _LETTER_SEQUENCE.sub(" ", first_sentence(response))
    words = [w for w in _split_words(fold(first)) if w not in _NAME_LINKS]
    answered = _pt_or_en(words, least=1, margin=None)
    return answered is None or answered == asked


_LETTER_SEQUENCE = re.compile(r"(?<![\w-])[A-G](?:[-–][A-G])+(?![\w-])")
"""Capital letters joined by dashes, notes or grades ("tuned E-A-D-G"), not words: their "e" and
"a" are no Portuguese."""
_NAME_LINKS = frozenset({"da", "de", "do", "das", "dos", "di", "del", "la", "le", "du"})
"""Words inside names of either language ("Leonardo da Vinci", "Vasco da Gama")."""


def _opener_language(folded: str) -> str | None:
    """ "pt" or "en" by the interrogative a question opens with ("como...", "how..."), or None."""
    opener = _QUESTION_OPENER.match(folded)
    if opener is None:
        return None
    return "pt" if opener.group(1) else "en"


_QUESTION_OPENER = re.compile(
    r"^\W*(?:(como|o que|oq|qual|quais|quando|onde|por que|pq|quanto|quantos|quantas)|"
    r"(how|what|whats|when|where|why|which|who))(?![a-z])"
)
_PT_WORDS, _EN_WORDS = PROFILES["Portuguese"], PROFILES["English"]
_AMBIGUOUS_IN_PROMPTS = frozenset({"do", "to", "for"})
"""Function words of one language that are words of the other too once folded: "Why do we
get hiccups?", "eu tô pensando" ("tô" folds to "to"), "se for maior"."""


def _pt_or_en(words: list[str], *, least: int, margin: float | None) -> str | None:
    """ "pt" or "en" by distinct function words: at least `least` of one, and `margin` times
    those of the other (None: none of the other)."""
    present = set(words)
    pt, en = len(_PT_WORDS.intersection(present)), len(_EN_WORDS.intersection(present))
    for lang, ours, theirs in (("pt", pt, en), ("en", en, pt)):
        if ours >= least and (theirs == 0 if margin is None else ours >= margin * theirs):
            return lang
    return None


def names_tool(words: Collection[str]) -> bool:
    """Whether a prompt's folded words name a tool of `lexicon.TOOLS`; one named by an everyday
    word (`lexicon.COMMON_WORD_TOOLS`: "get rust off my pan") only beside a word of code or
    another tool ("read a file in rust")."""
    named = lexicon.TOOLS.intersection(words)
    if not named:
        return False
    if not named <= lexicon.COMMON_WORD_TOOLS or len(named) > 1:
        return True
    return not lexicon.CODE_CONTEXT.isdisjoint(words)


def asks_for_number(prompt: str, p: PromptFeatures) -> bool:
    """Whether a closed question asks for a number ("how many", "quanto", "em que ano", a
    conversion; not a question in a tool, which counts in code: "Como contar quantas linhas...
    no SQL?"): an answer without one gives nothing of what was asked."""
    if not p.closed or p.howto:
        return False
    folded = request_text(prompt)
    words = _split_words(folded)
    if names_tool(words):
        return False  # "SQL: count how many orders each customer has": the count is code
    return (
        _COUNT_ASKED.search(folded) is not None
        or _MEASURE_ASKED.search(folded) is not None
        or _YEAR_ASKED.search(folded) is not None
        or _DATE_ASKED.search(folded) is not None
        or _conversion_target(words) is not None
    )


_YEAR_ASKED = re.compile(
    r"(?<![a-z])(?:em (?:que|qual) (?:ano|seculo|data)|(?:what|which) (?:year|century|"
    r"date(?! (?:format|picker|range|type|field|column|function|library|string|object))))"
)
_DATE_SEARCH = re.compile(
    r"^\W*(?:year|ano|data d[aeo]s?)\s|(?<!leap)(?<!new)(?<!light)(?<!school)(?<!fiscal)"
    r"(?<!gap)\s(?:year|ano)\W*$"
)
DATE_SEARCH_MIN_WORDS = 3
DATE_SEARCH_MAX_WORDS = 6


def _date_searched(folded: str) -> bool:
    """Whether a prompt searches for a date in a few words, no question ("berlin wall fall
    year", "year suez canal opened", "dia do trabalhador data"; not "how many weeks in a
    year", "happy new year"; "date" and "data" only as "data da...": "clean my data", "sql
    current date")."""
    return (
        DATE_SEARCH_MIN_WORDS <= len(folded.split()) <= DATE_SEARCH_MAX_WORDS
        and "?" not in folded
        and _DATE_SEARCH.search(folded) is not None
        and _WH_WORD.search(folded) is None
    )


_DATE_ASKED = re.compile(
    r"^\W*(?:quando (?:foi|aconteceu|comecou|terminou|acabou|caiu|nasceu|morreu|surgiu|chegou|"
    r"ocorreu)|when (?:did|was|were))(?![a-z])"
)
"""When something happened ("Quando caiu o Muro de Berlim?", "When did the Berlin Wall fall?"):
a date, which holds a number. (Not "quando uso mas e mais", which asks how a word is used.)"""


@functools.lru_cache(maxsize=8192)
def asks_translation(prompt: str) -> bool:
    """Whether `prompt` asks for a translation (`_TRANSLATE`: "traduz", "como se diz", "how do
    you say"): its answer's words are another language's, not the prompt's."""
    return _TRANSLATE.search(request_text(prompt)) is not None


def asks_about_words(prompt: str) -> bool:
    """Whether `prompt` asks for a translation, about a term's meaning or for words of a language
    it names ("gracias a la vida meaning", "o que significa 'deadline'", "nomes de cachorro em
    inglês"): its words and its answer's may be of two languages."""
    folded = request_text(prompt)
    return (
        _TRANSLATE.search(folded) is not None
        or _MEANING_RE.search(folded) is not None
        or _LANGUAGE_NAMED.search(folded) is not None
    )


_LANGUAGE_NAMED = re.compile(
    r"(?<![a-z])(?:em|in|no|na|para|pra|into|to) (?:ingles|portugues|espanhol|frances|alemao|"
    r"italiano|english|portuguese|spanish|french|german|italian)(?![a-z])"
)
"""A request that names the language it wants ("frases motivacionais em inglês", "dog names in
Portuguese")."""


def quotes_term(prompt: str) -> bool:
    """Whether `prompt` quotes a short term (`_QUOTED_TERM`): it asks about words."""
    return _QUOTED_TERM.search(prompt) is not None


_WORKED = re.compile(r"[=×≈÷]|\d\s*[*/x]\s*\d")


_CENTURY_NUMERAL = re.compile(
    r"(?<![a-z])(?:seculos?|sec\.|century|centuries)\s+"
    r"(m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3}))(?![a-z0-9])"
)
"""A century in Roman numerals, folded ("século XV", "séc. III"): the number a question for a
century asks for, as Portuguese writes it."""
_CENTURY_ASKED = re.compile(r"(?<![a-z])(?:seculo|century)(?![a-z])")
"""A question that asks for a century ("em que século", "which century"): only its answer's
Roman numerals count as its number (a year or a distance is not answered by "no século XX")."""


def gives_number(prompt: str, response: str) -> bool:
    """Whether `response` holds a number of its own, in digits or in words ("Onze"), a century
    in Roman numerals for a question that asks for one ("No século XV"), or works one out ("São
    15 gotas (15 kg × 1 gota por kg)"): not only the prompt's, restated ("To find 15% of 240,
    work out fifteen percent of it")."""
    folded, asked = fold(response), fold(prompt)
    given = set(_NUMBER.findall(asked))
    numbers = _NUMBER.findall(folded)
    if any(number not in given for number in numbers) or (numbers and _WORKED.search(response)):
        return True
    if _CENTURY_ASKED.search(asked) is not None:
        centuries = {m.group(1) for m in _CENTURY_NUMERAL.finditer(folded)} - {""}
        if centuries - {m.group(1) for m in _CENTURY_NUMERAL.finditer(asked)}:
            return True
    return not lexicon.NUMBER_WORDS.isdisjoint(set(_split_words(folded)) - set(_split_words(asked)))


_QUANTITY_ASKED = tuple(
    (dimension, re.compile(r"(?<![a-z])(?:" + asked + r")(?![a-z])"))
    for dimension, asked in lexicon.QUANTITY_QUESTIONS.items()
)
_AMOUNT = (
    r"(?<![\w.,])(?:\d[\d.,]*|(?:"
    + "|".join(sorted(lexicon.NUMBER_WORDS | {"um", "uma", "one", "an", "meia", "half"}))
    + r")(?![a-z]))(?:\s*(?:-|to|a|e|and|ou|or|ate|x|×|by)\s*\d[\d.,]*)?"
    r"(?:\s+(?:mil|thousand|million|millions|milhao|milhoes|bilhao|bilhoes|billion|mi|bi)(?![a-z]))?"
    r"\s*(?:de |of )?"
)
_QUANTITY_GIVEN = {
    dimension: re.compile(
        _AMOUNT
        + r"(?:"
        + units
        + r")(?![a-z])"
        # a length per hour or second is a speed ("299,792 km per second"); squared or cubed
        # ("200 mil m³", folded "m3"), an area or a volume
        + (r"(?!\s*(?:/|por |per |an? |each ))(?![23](?![0-9]))" if dimension == "length" else "")
        + (r"|(?<![a-z])(?:" + lexicon.CURRENCY_SIGNS + r")\s*\d" if dimension == "money" else "")
    )
    for dimension, units in lexicon.QUANTITY_UNITS.items()
}
_UNIT_NAMED = re.compile(r"(?<![a-z])(?:quant[oa]s|how many) ([a-z]+)")
_UNIT_WORD = re.compile("|".join(lexicon.QUANTITY_UNITS.values()))
_UNIT_SIGNS = str.maketrans({"°": " deg ", "€": " eur ", "£": " gbp ", "–": "-"})
_ORDINAL_DEGREE = re.compile(r"º(?=\s?[CFKcfk](?![a-z]))")
""""º" is a degree before a scale ("37º C"); else an ordinal ("1º dia", "5º ano")."""


@functools.lru_cache(maxsize=8192)
def quantities_asked(folded: str) -> tuple[str, ...]:
    """The dimensions (`lexicon.QUANTITY_QUESTIONS`) a request, folded, asks a quantity in:
    ("time", "length") for "how long is the flight" (cached: several checks of each answer ask
    it of the same request)."""
    named = _dimensions_named(folded)
    stuff = _AMOUNT_OF_STUFF.search(folded) if named else None
    if (
        stuff is None
        or stuff.group("stuff") in lexicon.UNITS
        or _dimensions_named(stuff.group(0))  # "quantos graus", "quantas calorias"
    ):
        return named
    # "how much salt... when BOILING pasta": a measure is read into the question's other words,
    # and the stuff may be weighed or measured out as well ("how much sleep", "how much data"
    # name no dimension, and are answered in hours or gigabytes)
    return (*named, *(d for d in ("mass", "volume") if d not in named))


def _dimensions_named(folded: str) -> tuple[str, ...]:
    """The dimensions whose words (`lexicon.QUANTITY_QUESTIONS`) `folded` holds."""
    return tuple(dimension for dimension, asked in _QUANTITY_ASKED if asked.search(folded))


def gives_quantity(first: str, dimensions: Sequence[str]) -> bool:
    """Whether a first sentence states a number in a unit of one of `dimensions` ("About 2
    hours...", "212 °F at sea level", "60 to 100 beats per minute"): the kind of answer a
    question for that quantity asks for."""
    return bool(dimensions) and _states_quantity(_unit_text(first), dimensions)


def _unit_text(first: str) -> str:
    """A first sentence folded with its unit signs spelled out ("212 °F" -> "212  deg f")."""
    return fold(_ORDINAL_DEGREE.sub("°", first).translate(_UNIT_SIGNS))


def _states_quantity(text: str, dimensions: Sequence[str]) -> bool:
    return any(_QUANTITY_GIVEN[dimension].search(text) is not None for dimension in dimensions)


@functools.lru_cache(maxsize=64)
def _amount_in(stem: str) -> re.Pattern[str]:
    """A number in the unit of this stem ("70 kcal" for "calorias": "cal")."""
    return re.compile(_AMOUNT + "k?" + re.escape(stem))


def answers_quantity(folded: str, response: str) -> bool:
    """Whether `response`'s first sentence gives the quantity its request (`folded`) asks for
    (`gives_quantity`) and opens with no measure of another (`_opening_measure_outside`), in
    the unit the request names if it names one ("quantos dias de férias": days, not "24
    horas"), and in no other language than the request's."""
    dimensions = quantities_asked(folded)
    if not dimensions:
        return False
    first = first_sentence(response)
    text = _unit_text(first)
    if not _states_quantity(text, dimensions) or (
        # "500 a 1.000 mg a cada 6 horas" for "quanto tempo demora pra descongelar": a dose,
        # timed; "De 8 a 12 vezes em 24 horas" for "how long to Mars": how often (an interval
        # may be of any measure: "a cada 10 mil km ou 1 ano")
        _FREQUENCY_ASKED.search(folded) is None
        and (_opening_measure_outside(first, dimensions) or _opens_counting_times(first))
    ):
        return False
    named = _UNIT_NAMED.search(folded)
    if (
        named is not None
        and _UNIT_WORD.fullmatch(named.group(1))
        and _amount_in(named.group(1)[:3]).search(text) is None
    ):
        return False
    asked = _pt_or_en(_split_words(folded), least=1, margin=None)
    answered = _pt_or_en(_split_words(fold(response)), least=1, margin=None)
    return asked is None or answered is None or asked == answered


_FIRST_AMOUNT = re.compile(_AMOUNT)
_FREQUENCY_ASKED = re.compile(
    r"(?<![a-z])(?:how often|de quanto em quanto|com que frequencia|a cada quanto)(?![a-z])"
)
"""How often something is done, which an interval of any measure answers ("a cada 10 mil km")."""
OPENING_CHARS = 80
"""`measures_unasked` reads the number that opens an answer in this many characters: "how
many" is answered first, and a long first sentence costs nothing more."""
_NOT_A_MEASURE = frozenset({"times", "vezes", "veces"})
"""Counted nouns that ask how often, which a number of days or weeks answers ("how many times a
week": "3 to 4 days")."""


def measures_unasked(folded: str, first: str) -> bool:
    """Whether the first number of an answer's first sentence is a measure its request, folded,
    does not ask for: in a unit of a dimension other than those asked ("$12,000" for "quanto
    tempo...", "Uns 120 g" for "quantos dias dura..."), or in any unit for a count of things
    ("Uns 6 minutos" for "quantos ossos...", "86 °F" for "quantos ovos por dia"), or a number
    of times for a count of things ("8 a 12 vezes" for "quantas questões"). Another
    question's answer, whose number is of the kind "how many" asks for only by being a number.
    A count whose thing is unnamed or a unit ("quanto está o dólar", "how many cups") asks for
    nothing this can check: False."""
    asked = quantities_asked(folded)
    if not asked:
        named = _UNIT_NAMED.search(folded)
        if (
            named is None
            or named.group(1) in _NOT_A_MEASURE
            or _UNIT_WORD.fullmatch(named.group(1)) is not None
        ):
            return False
        if _opens_counting_times(first):
            return True  # "De 8 a 12 vezes em 24 horas" for "quantas questões tem o enem"
    return _opening_measure_outside(first, asked)


def _opens_counting_times(first: str) -> bool:
    """Whether a first sentence opens with a number of times (`_NOT_A_MEASURE`: "8 a 12 vezes"),
    which answers how often, not how many of a thing."""
    return _word_after_opening_number(first) in _NOT_A_MEASURE


def _opening_measure_outside(first: str, asked: Collection[str]) -> bool:
    """Whether the first number of a first sentence (in its `OPENING_CHARS`) carries a unit of
    a dimension outside `asked` (a share counts as money asked: "how much should I tip":
    "18-20% of the bill"; a unit of several dimensions is outside when all of them are)."""
    text = _unit_text(first[:OPENING_CHARS])
    amount = _FIRST_AMOUNT.search(text)
    return amount is not None and _outside(_dimensions_at(text, amount.start()), asked)


def _dimensions_at(text: str, at: int) -> set[str]:
    """The dimensions of the unit the number at `at` of a unit text (`_unit_text`) carries:
    none for a bare number, two for "pounds" (mass or money) or "ounces" (mass or volume)."""
    given = set()
    for dimension, pattern in _QUANTITY_GIVEN.items():
        found = pattern.search(text, max(0, at - 4))
        if found is not None and found.start() <= at < found.end():
            given.add(dimension)
    return given


def _outside(given: Collection[str], asked: Collection[str]) -> bool:
    """Whether measures of the dimensions `given` are all outside `asked` (a unit of two
    dimensions is in either; a share counts as money asked: "18-20% of the bill" for "how much
    should I tip"). False when nothing is given."""
    return bool(given) and set(given).isdisjoint(
        {*asked, *(("share",) if "money" in asked else ())}
    )


_UNIT_PATTERNS = {d: re.compile(units) for d, units in lexicon.QUANTITY_UNITS.items()}


def _stated_dimensions(text: str) -> set[str]:
    """The dimensions of the quantities a text states ("$64": money; "20%": share)."""
    unit_text = _unit_text(text)
    return {d for d, given in _QUANTITY_GIVEN.items() if given.search(unit_text) is not None}


@functools.lru_cache(maxsize=4096)
def _dimension_of(unit: str) -> str | None:
    """The dimension (`lexicon.QUANTITY_UNITS`) a unit word, folded, measures ("kg": "mass";
    cached: every word of a request and of an answer's opening is asked, a few dozen units
    are found)."""
    for dimension, pattern in _UNIT_PATTERNS.items():
        if pattern.fullmatch(unit) is not None:
            return dimension
    return None


def _named_dimension(folded: str) -> str | None:
    """The dimension of the unit a request counts ("quantos ml...", "how many feet..."), if any."""
    named = _UNIT_NAMED.search(folded)
    return _dimension_of(named.group(1)) if named is not None else None


def measures_elsewhere(folded: str, first: str, target: str | None) -> bool:
    """Whether the number that opens an answer's first sentence is a measure in a dimension its
    request does not ask, when the request asks its dimension by a unit it converts to or
    counts ("About 6 minutes once the water boils" for "how many feet in a mile", "5 hours of
    driving" for "how many ounces in a cup"): the measure of another question. (A dimension
    asked by words alone is `measures_unasked`'s: "de quanto em quanto tempo trocar o óleo"
    is answered "a cada 10 mil km ou 1 ano".)"""
    named = _named_dimension(folded)
    if target is None and named is None:
        return False
    asked = set(quantities_asked(folded))
    for dimension in (_dimension_of(target) if target else None, named):
        if dimension is not None:
            asked.add(dimension)
    return _opening_measure_outside(first, asked)


def measures_other(prompt: str, response: str) -> bool:
    """Whether an answer to a question for a measure or a year gives none of the kind asked,
    though its words may share the topic: its first `UNIT_OWED_CHARS` characters state measures
    of other dimensions only ("30 dias corridos" for "quantos gramas por mês o bebê deve
    ganhar"), or none in the unit the measure owes (`unit_owed`: "Mount Everest sits on the
    border of Nepal and Tibet"), or, for a year, open with another measure and name no year
    ("2.995 metros, o ponto mais alto do Brasil" for "em que ano foi abolida a escravidão"; "66
    million years ago" dates). A condition first is no answer of another kind ("At 400 °F, 20 to
    25 minutes", "A medium banana (118 g) has about 105 calories"), nor is a bare count of the
    unit asked or a name first ("O Amazonas, ... 200 mil m³"). Only the asking clause is
    read ("my son weighs 40 lbs, how much tylenol can he have": the weight is the situation);
    not how often (an interval of any measure answers it: "a cada 10 mil km"), a computation, a
    count of things, nor money read into a bare "how much"."""
    folded = _asking_clause(request_text(prompt))
    if (
        _FREQUENCY_ASKED.search(folded) is not None
        or _asks_arithmetic(folded)  # a computation's result is `misstated_result`'s
        or _money_asked_loosely(folded)
    ):
        return False
    if _kind_not_measured(folded):
        return False  # "qual gás faz a MASSA crescer", "como se denomina a linha de mesma ALTITUDE"
    first = first_sentence(response)
    if _YEAR_WORD.search(folded) or _YEAR_ASKED.search(folded):
        amount = _FIRST_AMOUNT.search(_unit_text(first))
        return (
            _YEAR.search(first) is None
            and _AGO.search(fold(first)) is None
            and amount is not None
            and amount.start() <= COUNT_OPENING_CHARS
            and _opening_measure_outside(first, ())
        )
    words = _split_words(folded)
    named = _named_dimension(folded)
    bare = _opens_with_number(first) and not _opening_measure_outside(first, ())
    if (named is not None and bare) or _opens_with_new_name(folded, response):
        return False  # "Up to about 4, around 400 mg" for cups of coffee; "O Amazonas, ... m³"
    target = _conversion_target(words)
    asked = set(quantities_asked(folded))
    for before, unit in zip(["", *words], words, strict=False):
        # every unit the question names ("grams in a cup of flour"), not a rate's ("por mês")
        dimension = _dimension_of(unit) if unit in lexicon.UNITS else None
        if dimension is not None and before not in _PER and not before[:1].isdigit():
            asked.add(dimension)
    for dimension in (_dimension_of(target) if target else None, named):
        if dimension is not None:
            asked.add(dimension)
    if "length" in asked:  # "72 km/h para m/s", "quantos metros por segundo": a speed
        asked.add("speed")
    if _HOW_FAR.search(folded) is not None:
        asked.add("time")  # "how far is Boston from New York": "About 4 hours by car"
    text = response[:UNIT_OWED_CHARS]
    unit_text = _unit_text(text)
    if any(_dimension_of(w) in asked for w in _split_words(unit_text)):
        return False  # a unit asked, in words or with a bare number ("a couple of hours")
    amounts = list(_FIRST_AMOUNT.finditer(unit_text))
    if not amounts:  # no number at all: talk around a measure that owes its unit
        return unit_owed(folded, text, target)
    return (
        bool(asked)
        and _outside(_stated_dimensions(text), asked)
        # a bare number may be the measure, its unit understood ("at 350 for 10 minutes")
        and all(_dimensions_at(unit_text, amount.start()) for amount in amounts)
    )


_HOW_FAR = re.compile(r"(?<![a-z])(?:how far|a que distancia|qual a distancia|quao longe)(?![a-z])")


_PER = frozenset({"por", "per", "a", "an", "ao", "each", "every", "cada"})
"""Words before the unit a rate is counted in ("gramas por mês", "miles per hour")."""
UNIT_OWED_CHARS = 160
"""`measures_other` reads this many characters of an answer: "There's no single number. A
common guideline is about 2.7 liters a day" states its measure in its second sentence."""
_AGO = re.compile(r"(?<![a-z])(?:ago|atras)(?![a-z])|^\W*ha (?:cerca de |mais de |uns |quase )?\d")
"""A date given by how long ago ("About 66 million years ago", "Há cerca de 300 mil anos")."""


_MONEY_WORDS = re.compile(
    r"(?<![a-z])(?:cost|costs|price|prices|pay|paid|fee|fees|dollars|bucks|reais|euros|"
    r"custa|custo|preco|paga|pagar|ganha|cobra|salario|salary|tarifa|multa|quanto vale)(?![a-z])|"
    r"[$]"
)


def _kind_not_measured(folded: str) -> bool:
    """Whether the question asked is a question for a kind (`_KIND_QUESTION`) whose noun is no
    quantity ("qual gás faz a massa do pão crescer", "Que estratégia ... a longo prazo?",
    "como se denomina a linha ... de mesma altitude"): the measure words are the topic's, and
    the answer names a thing, not a measure. (Not "qual a altura do Cristo": its noun is one.)"""
    kind = _kind_question(_question_asked(folded))
    if kind is None:
        return False
    noun = _kind_noun(kind)
    return noun not in _MEASURE_NOUNS and not quantities_asked(noun)


_MEASURE_NOUNS = word_set(
    "dose doses dosage dosagem amount amounts quantity quantidade number numero total"
)
"""Nouns of a question for a kind that ask a measure all the same ("Which dose of ibuprofen is
safe?")."""


_AMOUNT_OF_STUFF = re.compile(
    r"(?<![a-z])(?:how much|quanto de|quanta) (?!(?:time|tempo|does|do|did|is|are|was|were|would|"
    r"will|should|can|could|has|have|had|to|for|per|of|the|a|an|i|you|we|it|they|he|she|my|"
    r"your|money|dinheiro|more|less|longer|mais|menos|agua)(?![a-z]))"
    r"(?P<stuff>[a-z]{3,})"
)
"""An amount of some stuff ("how much salt", "quanto de açúcar", "quanta farinha"): weighed or
measured out, whatever else the question's words name ("how much salt... when BOILING pasta")."""


def _money_asked_loosely(folded: str) -> bool:
    """Whether money is among the quantities a request asks only by words that ask an amount of
    anything ("how much do I need", "qual o valor nutricional do ovo")."""
    return "money" in quantities_asked(folded) and _MONEY_WORDS.search(folded) is None


def measures_only_elsewhere(folded: str, first: str, target: str | None) -> bool:
    """Whether every measure an answer's first sentence states is in a dimension its request
    does not ask (by its words, the unit it counts or the unit it converts to): "Three,
    exactly, so one tablespoon equals about 15 ml" for "44 lbs, how much is that in kg?". (A
    share answers a question of money: "18-20% of the bill" for "how much should I tip"; a count
    of a unit is answered by the bare number, whatever else its sentence measures.)"""
    if _named_dimension(folded) is not None:
        return False  # "how many cups of coffee a day": "Up to about 4, around 400 mg of caffeine"
    asked = set(quantities_asked(folded))
    if target is not None and (wanted := _dimension_of(target)) is not None:
        asked.add(wanted)
    return bool(asked) and _outside(_stated_dimensions(first), asked)


def counts_other(folded: str, first: str, target: str | None) -> bool:
    """Whether the number that opens an answer to a conversion counts another unit of the
    dimension it converts to ("8,849 m" for "1 pé quantos cm"; "30,48 cm", "16 tbsp" for "how
    many tablespoons in a cup" do not). (A word after a bare number is no unit of another
    thing: "30 corridos", "18 completos", "8-10 nightly" answer in the unit asked. A count of a
    unit is not read: "Uns 50 minutos" answers "quantas horas de voo de sp pro rio", "120 dias"
    "quantos meses de licença".)"""
    if target is None:
        return False
    named = _UNIT_NAMED.search(folded)
    units = [u for u in (named.group(1) if named is not None else None, target) if u]
    dimension = _dimension_of(units[0])
    if dimension is None:
        return False
    after = _word_after_opening_number(first)
    return (
        after is not None
        and _dimension_of(after) == dimension
        and not any(_converts(first, u) for u in units)
    )


def _word_after_opening_number(first: str) -> str | None:
    """The word after the number a first sentence opens with (in `COUNT_OPENING_CHARS`, after
    "Cerca de", "About"), folded: "m" for "8,849 m", "vezes" for "De 8 a 12 vezes"."""
    text = _unit_text(first[:OPENING_CHARS])
    amount = _FIRST_AMOUNT.search(text)
    if amount is None or amount.start() > COUNT_OPENING_CHARS:
        return None
    after = _split_words(text[amount.end() :])[:1]
    return after[0] if after else None


COUNT_OPENING_CHARS = 20
"""`counts_other` reads a number only where an answer opens with it (after "Cerca de", "About")."""
COUNT_SUBJECT_CHARS = 60
"""`_past_count_verb` looks for the count's verb in an answer's first this many characters: the
subject before it is the question's own words ("A volleyball team has six players")."""


UNIT_OWED = frozenset(
    {"time", "length", "speed", "temperature", "mass", "volume", "storage", "power"}
)
"""Dimensions whose measure is no answer without its unit ("Roughly 64" for "what is the speed
of light", "Three, exactly" for "quanto tempo dura uma gestação"), unless the request names
the unit it wants ("how many km", "quantos anos", "in celsius")."""


def unit_owed(folded: str, first: str, target: str | None) -> bool:
    """Whether a request asks a measure that owes its unit (`UNIT_OWED`), names no unit itself,
    and the answer's first sentence states none in the dimension asked: a bare number, the
    number of another question."""
    asked = quantities_asked(folded)
    if UNIT_OWED.isdisjoint(asked) or target is not None or _named_dimension(folded):
        return False
    if any(_dimension_of(w) in asked for w in _split_words(_unit_text(folded))):
        return False  # "qual a temperatura do sol em celsius": "Cerca de 5.500"
    return not _states_quantity(_unit_text(first), asked)


def _opens_with_number(first: str, *, result: bool = False) -> bool:
    """Whether an answer's first sentence opens with a number, in digits or in words ("206.",
    "Fifteen per side", "Onze, contando o goleiro"): the answer to "how many" given first. With
    `result`, the result of a computation, which may be led in ("Dá 36", "It's 391")."""
    opening = fold(first.replace("*", "")[:40])
    led = _RESULT_LEAD_IN.match(opening) if result else None
    if led is not None:
        opening = opening[led.end() :]
    bound = _BOUND.match(opening)
    if bound is not None:  # "No máximo um", "Em até três períodos"
        opening = opening[bound.end() :]
    head = _split_words(opening)
    while head and head[0] in lexicon.APPROXIMATIONS:
        head = head[1:]  # "Around 230 to 250", "Cerca de 206"
    return bool(head) and (
        head[0][0].isdigit()
        or head[0] in lexicon.NUMBER_WORDS
        or (bound is not None and head[0] in ("um", "uma", "one"))  # "um" as a number
    )


_BOUND = re.compile(r"^\W*(?:" + "|".join(lexicon.BOUNDS) + r")\s+")
_RESULT_LEAD_IN = re.compile(r"^\W*(?:" + "|".join(lexicon.RESULT_LEAD_INS) + r")\s+")


_ARITHMETIC = re.compile(
    r"\d\s*(?:%|por ?cento|percent|[x×*/÷+^-]|vezes|times|mais|plus|menos|minus|dividido|divided|"
    r"ao quadrado|squared|elevado)(?![a-z])|(?:raiz quadrada de|square root of|sqrt(?: of)?)\s*\d"
)
ARITHMETIC_MAX_WORDS = 10
"""A computation asked in at most this many words ("15% de 240", "whats 18 percent tip on 65
dollars", "quanto é 7 x 8"): its result, a number, answers it."""
ARITHMETIC_MAX_CHARS = 80
"""...and this many characters (a hostile run of digits is no computation, and the operation's
pattern stays cheap)."""


def _asks_arithmetic(folded: str) -> bool:
    """Whether a short prompt asks for a computation: a number and an operator, and a second
    number unless it squares the first."""
    if (
        len(folded) > ARITHMETIC_MAX_CHARS
        or len(folded.split()) > ARITHMETIC_MAX_WORDS
        or _ARITHMETIC.search(folded) is None
    ):
        return False
    return len(_NUMBER.findall(folded)) >= 2 or _ONE_NUMBER_OPERATION.search(folded) is not None


_ONE_NUMBER_OPERATION = re.compile(r"quadrad[ao]|squared|square root|sqrt")
"""An operation on one number: a square or a square root ("12 ao quadrado", "raiz quadrada de
144", "sqrt 196")."""


def _value(number: str) -> float:
    """A number as written in either language ("62,50", "62.50", "1.250,00", "1,250"): the last
    separator followed by one or two digits, or any after a bare 0 ("0.125"), is the decimal
    one; any other groups thousands."""
    head, sep, tail = number.replace(",", ".").rpartition(".")
    if sep and (len(tail) <= 2 or head == "0"):
        return float(head.replace(".", "") + "." + tail)
    return float(number.replace(",", "").replace(".", ""))


_OPERATION = re.compile(
    r"(?P<a>\d+(?:[.,]\d+)*)\s*(?:"
    r"(?P<pct>%|por ?cento|percent)(?: [a-z]+)?(?: de| of| on| do| da) \$?|"
    r"/(?P<den>\d+) (?:de|of|do|da) |"
    r"(?P<op>[x×*]|times|vezes|\+|mais|plus|-|menos|minus|/|÷|dividido por|divided by)\s*"
    r")(?:r\$|\$)?\s*(?P<b>\d+(?:[.,]\d+)*)"
    r"|(?P<sq>\d+(?:[.,]\d+)*) (?:ao quadrado|squared)"
    r"|(?:raiz quadrada de|square root of|sqrt(?: of)?)\s*(?P<root>\d+(?:[.,]\d+)*)"
)


def computed(folded: str) -> float | None:
    """The result of the one operation a short prompt asks for ("15% de 240": 36.0, "whats 17
    times 23": 391.0, "3/4 de 200": 150.0, "12 ao quadrado": 144.0); None if there is none to
    compute (a division by zero, a prompt too long to be a computation); a quotient asked as a
    percentage in percent ("3/8 as a percentage": 37.5); a square root ("raiz quadrada de 144":
    12.0)."""
    m = _OPERATION.search(folded) if len(folded) <= ARITHMETIC_MAX_CHARS else None
    if m is None:
        return None
    if m.group("sq") is not None:
        return _value(m.group("sq")) ** 2
    if m.group("root") is not None:  # "raiz quadrada de 144": 12.0
        return math.sqrt(_value(m.group("root")))
    a, b = _value(m.group("a")), _value(m.group("b"))
    if m.group("pct") is not None:
        return a * b / 100
    if m.group("den") is not None:
        den = _value(m.group("den"))
        return a / den * b if den else None
    op = m.group("op")
    if op in ("x", "×", "*", "times", "vezes"):
        return a * b
    if op in ("+", "mais", "plus"):
        return a + b
    if op in ("-", "menos", "minus"):
        return a - b
    if not b:
        return None
    return a / b * 100 if _AS_PERCENT.search(folded) else a / b


_AS_PERCENT = re.compile(
    r"(?<![a-z])(?:percentage|percent|porcentagem|percentual|por ?cento)(?![a-z])|"
    r"(?<![a-z])(?:em|in|to|into|para|pra) %"
)
"""A quotient asked as a percentage ("3/8 as a percentage", "what percentage is 3/8", "7
dividido por 8 em porcentagem", "3/8 em %"): its result times 100."""


def _bare_computation(folded: str) -> float | None:
    """The result of a prompt that is one operation on two bare numbers and nothing else but a
    lead-in (`lexicon.COMPUTATION_LEAD_INS`: "quanto é 15% de 240", "whats 12 times 13", "20%
    tip on 87.50");
    None for anything more: a unit or a scale ("15% de 1 milhão", "40 percent of 2 hours"), a
    second operation, a percentage added or taken off ("200 + 10%", "25% off of $80"), a bare
    slash that may be a date or a ratio ("9/11", "80/20", "24/7"; "3/4 de 200" is a fraction of
    a number), digits joined as a code ("12345-678")."""
    if not _asks_arithmetic(folded):
        return None
    operation = _OPERATION.search(folded)
    if operation is None or _JOINED_DIGITS.search(operation.group(0)) is not None:
        return None
    text = operation.group(0)
    if (
        folded[: operation.start()].rstrip().endswith("-")  # "-5 + 3": a sign, not read
        or (operation.group("op") == "x" and " " not in text)
    ):
        return None  # "what's a 2x4?", "4x4": a name, not a product
    if operation.group("op") == "/" or (
        operation.group("pct") is not None
        and not lexicon.PERCENT_PHRASING.issuperset(re.findall(r"[a-z]+", text))
    ):
        return None  # "9/11", "80/20": a date or a ratio; "25% off of $80": what is left
    after = folded[operation.end() :]
    if after.lstrip().startswith("%") or not lexicon.COMPUTATION_LEAD_INS.issuperset(
        _split_words(folded[: operation.start()] + " " + after)
    ):
        return None
    result = computed(folded)
    return result if result is not None and math.isfinite(result) else None


_JOINED_DIGITS = re.compile(r"\d-\d")


def misstated_result(prompt: str, response: str) -> float | None:
    """The result of a bare computation (`_bare_computation`: "15% de 240": 36), when the answer
    states figures of its own in digits and none of them is it ("15% de 240 dá 32", "12 times
    13 is 146"): a wrong result. None where the answer holds the result or states no figure."""
    folded = request_text(prompt)
    result = _bare_computation(folded)
    if result is None:
        return None
    given = set(_NUMBER.findall(folded))
    first = fold(first_sentence(response))
    if (
        not any(n not in given for n in _NUMBER.findall(first))  # no figure of its own first
        or _SCALE_WORD.search(fold(response[:RESULT_SCAN_CHARS])) is not None  # "1 milhão"
        or _may_give_result(_past_restated(folded, response[:RESULT_SCAN_CHARS]), result)
    ):
        return None
    return result


def _past_restated(folded: str, response: str) -> str:
    """`response`, folded, without the first restatement of its prompt's operation ("50% of 100
    is 40", "50 percent of 100 is 40": " is 40"): the question's figures are not the answer's."""
    operation = _OPERATION.search(folded) if len(folded) <= ARITHMETIC_MAX_CHARS else None
    text = _PERCENT_WORD.sub("%", fold(response))
    if operation is None:
        return text
    return text.replace(_PERCENT_WORD.sub("%", operation.group(0).strip()), " ", 1)


_PERCENT_WORD = re.compile(r"(?<![a-z\s])\s*(?:percent|por ?cento)(?![a-z])")
"""A percentage in words, read as its sign when a restated operation is looked for ("20
percent of 100 is 25" restates "20% of 100")."""


_SCALE_WORD = re.compile(
    r"(?<![a-z])(?:mil|milhao|milhoes|bilhao|bilhoes|thousand|million|millions|billion|k)(?![a-z])"
)


def _may_give_result(text: str, result: float) -> bool:
    """Whether any figure of `text` may be `result`, read leniently: either decimal reading
    ("1.875", "3,142857"), without its sign ("-7"), or rounded to its own precision ("about
    0.7" for 2/3)."""
    for number in _NUMBER.findall(text):
        readings = {_value(number)}
        if number.count(".") + number.count(",") == 1:
            readings.add(float(number.replace(",", ".")))
        decimals = len(re.split(r"[.,]", number)[-1]) if re.search(r"[.,]", number) else 0
        for value in readings:
            tolerance = max(0.005 * abs(result), 0.01, 0.5 * 10.0**-decimals)
            if abs(value - abs(result)) <= tolerance or round(abs(result)) == value:
                return True
    return False


def holds_result(prompt: str, response: str) -> bool:
    """Whether `response` gives the result of the bare computation its prompt asks for in its
    first `ARITHMETIC_MAX_CHARS` characters ("12." for "what's 15% of 80"; not "50% of 100 is
    40", whose 50 restates the question)."""
    folded = request_text(prompt)
    result = _bare_computation(folded)
    return result is not None and _gives_result(_past_restated(folded, response), result)


RESULT_SCAN_CHARS = 2000
"""`misstated_result` looks for the right result in this many characters of an answer (a
worked answer may give it after its steps)."""


WHOLE_ROUNDING = 0.05
"""A result rounded to a whole number is given when the rounding moves it by at most this share
("$12" for 11.7, "33" for 33.3; not "1" for 1.41 or "2" for 1.73)."""


def _gives_result(first: str, result: float) -> bool:
    """Whether an answer's first sentence holds `result`, as written or rounded to cents or to a
    whole number close enough (`WHOLE_ROUNDING`: "$12" for 11.7; not "1." for the square root
    of 2); a result that is no whole number also by a separator read as a decimal point
    ("1.4142", but not "1.414" or "2,500", which read as thousands as well)."""
    if not math.isfinite(result):
        return False
    for number in _NUMBER.findall(first[:ARITHMETIC_MAX_CHARS]):
        values = [_value(number)]
        separator = max(number.rfind("."), number.rfind(","))
        if (
            result != round(result)
            and number.count(".") + number.count(",") == 1  # one separator ("0.0.0" has none)
            and len(number) - separator - 1 != 3
        ):
            values.append(float(number.replace(",", ".")))  # "1.4142" (not "2,500": ambiguous)
        whole = abs(round(result) - result) <= WHOLE_ROUNDING * abs(result)
        for value in values:
            if abs(value - result) <= max(0.005 * abs(result), 0.01) or (
                whole and round(result) == value
            ):
                return True
    return False


def _conversion_target(words: list[str]) -> str | None:
    """The unit a conversion asks for: the last of the two or more units a short prompt
    (`words`, folded) names ("500 grams in pounds": "pounds"), or the first when it asks how
    many of one make another ("feet in a mile": "feet"); None for no conversion."""
    if len(words) > CONVERSION_MAX_WORDS:
        return None
    units = [w for w in words if w in lexicon.UNITS]
    if len(set(units)) >= 2:
        in_one = _UNITS_IN_ONE.search(" ".join(words))
        if in_one is not None and in_one.group(1) in lexicon.UNITS:
            return in_one.group(1)  # "feet in a mile": feet, counted in one mile
        return units[-1]
    scales = _SCALE_CONVERSION.search(" ".join(words))  # "350 f to c"
    return _SCALES[scales.group(2)] if scales is not None else None


_SCALES = {
    "c": "celsius",
    "f": "fahrenheit",
    "k": "kelvin",
    "celsius": "celsius",
    "fahrenheit": "fahrenheit",
    "kelvin": "kelvin",
}
_SCALE = "(" + "|".join(_SCALES) + ")"
_UNITS_IN_ONE = re.compile(
    r"(?<![a-z])([a-z]+) (?:in|per|em|num|numa|por) (?:a|an|one|1|um|uma) [a-z]+$"
)
"""How many of one unit make another ("oz in a pound", "ml numa xícara"): a count answers it."""
_SCALE_CONVERSION = re.compile(rf"\d\s?{_SCALE} (?:to|in|into|em|para|pra) {_SCALE}$")
"""A temperature converted by the scales' symbols ("350 f to c", "350 °F em Celsius"; "°"
folds away)."""


_UNIT_SYMBOLS = {
    "celsius": "c",
    "fahrenheit": "f",
    "kelvin": "k",
    "feet": "ft",
    "foot": "ft",
    "pes": "ft",
    "inches": "in",
    "polegadas": "in",
    "pounds": "lbs?",
    "libras": "lbs?",
    "ounces": "oz",
    "miles": "mi",
    "milhas": "mi",
    "quilometros": "km",
    "kilometers": "km",
    "metros": "m",
    "meters": "m",
    "centimetros": "cm",
    "centimeters": "cm",
    "quilos": "kg",
    "kilos": "kg",
    "quilogramas": "kg",
    "kilograms": "kg",
    "gramas": "g",
    "grams": "g",
    "litros": "l",
    "liters": "l",
    "mililitros": "ml",
    "milliliters": "ml",
    "gallons": "gal",
    "tablespoons": "tbsp",
    "tablespoon": "tbsp",
    "teaspoons": "tsp",
    "teaspoon": "tsp",
    "litres": "l",
    "metres": "m",
    "millilitres": "ml",
    "kilometres": "km",
    "centimetres": "cm",
}
"""Units by their symbol, as folding leaves it ("356 °F" folds to "356 f"; "5 ft 11 in")."""
_UNIT_NAMES = {
    unit: names
    for unit in lexicon.UNITS
    if (names := tuple(n for n, pattern in _UNIT_SYMBOLS.items() if re.fullmatch(pattern, unit)))
}
"""...and their names by a unit a prompt gives as a symbol ("1 polegada em cm": "2,54
centímetros")."""


def _counts_in_other_unit(words: list[str], first: str) -> bool:
    """Whether an answer's first sentence counts in one of a unit its prompt (`words`, folded)
    does not name by any of its names or symbols, or in one of another unit than the one its
    prompt counts in ("16 ounces in a pound" for "how many oz in a cup", "3 teaspoons in a
    tablespoon" for "how many tablespoons in a cup"; not "12 inches in a foot" for "how many
    inches in a ft"): another conversion's answer."""
    counted = _IN_ONE_UNIT.search(fold(first))
    if counted is None or counted[1] not in lexicon.UNITS:
        return False
    in_one = _UNITS_IN_ONE.search(" ".join(words))
    asked = [in_one[0].split()[-1]] if in_one is not None else words
    return _unit_key(counted[1]) not in {_unit_key(w) for w in asked if w in lexicon.UNITS}


def _unit_key(unit: str) -> str:
    """One name for a unit and its symbol or other forms ("pound", "pounds", "lb": "lbs?")."""
    for name, symbol in _UNIT_SYMBOLS.items():
        if name in (unit, unit + "s", unit + "es") or re.fullmatch(symbol, unit):
            return symbol
    return unit


_IN_ONE_UNIT = re.compile(r"(?<![a-z])(?:in|per|em|num|numa|por) (?:a|an|one|1|um|uma) ([a-z]+)")


def _converts(first: str, target: str) -> bool:
    """Whether the first sentence of an answer gives a number in the `target` unit (its stem, its
    symbol or, for a symbol, its name: "356 °F", "About 1.1 pounds", "177,8 cm", "2,54
    centímetros" for "cm")."""
    folded = fold(first)
    if _NUMBER.search(folded) is None and lexicon.NUMBER_WORDS.isdisjoint(_split_words(folded)):
        return False
    symbol = _UNIT_SYMBOLS.get(target)
    if symbol is not None and re.search(rf"\d\s?(?:{symbol})(?![a-z0-9])", folded) is not None:
        return True
    for name in (target, *_UNIT_NAMES.get(target, ())):
        stem = name[:STEM_CHARS] if len(name) > 3 else name
        if re.search(rf"(?<![a-z]){re.escape(stem)}", folded) is not None:
            return True
    return False


_DEFINITION_HEAD = re.compile(
    r"(?:(?:É|São|Significa|Trata-se de|Refere-se a|Is|It's|It is|They're|They are|It means|"
    r"Means) (?:o|a|os|as|um|uma|quando|aquilo|algo|alguém|a|an|the|when|what|something|"
    r"someone)|(?:Algo|Aquilo|Alguém|Something|Someone|An?) (?!resposta|questão|pergunta|tema|"
    r"assunto|answer|question|topic|subject)[^\W\d_]+|"
    r"The (?!answer|question|topic|subject)[^\W\d_]+ of|"
    r"(?:(?:Uma?) )?(?:[Ff]orma|[Aa]to|[Pp]rocesso|[Cc]onjunto|[Tt]ipo|[Mm]odo|[Mm]aneira|"
    r"[Rr]amo|[Ee]stado|[Qq]ualidade|[Tt]écnica|[Mm]étodo|[Pp]rática|[Mm]edo|[Ss]ensação|"
    r"[Jj]eito|[Ee]spécie|[Ss]entimento|[Cc]onceito|[Tt]ermo|[Ee]xpressão) de)"
    r"(?![^\W\d_])"
)
"""How a definition opens: "É o profissional...", "São juros calculados...", "A bug where...",
"The act of throwing...", "Um jeito de ser..." (the genus first, the term itself left out; not
talk about the answer: "A resposta sobre X...", "The answer of this question...")."""

_GENUS_HEAD = re.compile(
    r"(?:(?:The|An?|Uma?) (?![^\W\d_]+(?:ar|er|ir)\b)[^\W\d_]+|"
    r"(?![^\W\d_]+(?:ar|er|ir)\b)[A-ZÀ-Ý][^\W\d_]*)(?: [^\W\d_]+){0,5},? "
    r"(?:que|onde|you|usad[oa]s?|feit[oa]s?|para|pra|that|which|who|where|used|funded|designed|"
    r"made|takes|like|such as)(?![^\W\d_])|"
    # the genus and a participle with what it takes: "Profissional especializado em vinhos"
    r"(?:(?:The|An?|Uma?) )?[^\W\d_]+(?: [^\W\d_]+)? "
    r"(?!related|associated|connected|linked|relacionad|ligad|associad|conectad)"
    r"(?:[a-z]{3,}(?:ad|id)[oa]s?|[a-z]{3,}ed) "
    r"(?:em|de|do|da|com|por|pelo|pela|in|with|by|to|for|at|on|from)(?![^\W\d_])"
)
"""...or the genus alone, with what sets it apart ("Taxa que os bancos usam...", "Ação judicial
para proteger...", "US retirement account funded with...", "The time data takes to travel...",
"Uma interface que expõe...", "Alta geral e contínua dos preços, que...", a participle or
examples after it: "Profissional especializado em vinhos", "Savory taste, like broth"; not an
infinitive:
"Prover que conhece x...", nor a command or a function word first: `_genus_first`)."""
_NOT_GENUS = lexicon.APPROXIMATIONS | word_set(
    "cerca depende depends during according including regarding concerning following nothing "
    "everything anything being morning evening stuff thing things something algo coisa coisas"
)
"""First words of a quantity, an "it depends" or a circumstance, never a genus ("Cerca de 3,1
milhas", "During the war, that..."; "Something that..." is one, `_DEFINITION_HEAD`)."""
_ACTION_HEAD = re.compile(r"[A-Z][a-z]{2,}(?:ing|ed)(?= [a-z])")
"""...or what is done, as a gerund or a participle ("Capturing a pawn that...", "Cooked until
tender..."), the English genus of an action or a state."""


def _genus_first(head: str) -> bool:
    """Whether a definition's first sentence opens with its genus (`_GENUS_HEAD`,
    `_ACTION_HEAD`) and not with a command, a function word or a yes or a no ("Divida o peso
    por...", "It takes..."), which the genus pattern alone would let through."""
    words = head.split(maxsplit=1)
    if not words:
        return False
    first = fold(words[0]).strip(",.;:")
    if first in lexicon.IMPERATIVES or first in lexicon.YES_NO_ANSWERS or first in _NOT_GENUS:
        return False
    if first in lexicon.STOPWORDS and first not in ("a", "an", "the", "um", "uma"):
        return False
    if _GENUS_HEAD.match(head) is not None or _GENUS_OF.match(head) is not None:
        return True
    # "Cooking pasta well is the key to...": the gerund is a subject, the sentence a claim
    return _ACTION_HEAD.match(head) is not None and _ACTION_AS_SUBJECT.search(head) is None


_GENUS_OF = re.compile(
    r"[A-ZÀ-Ý][^\W\d_]*(?: [^\W\d_]+){0,2} (?:d[aoe]s?|of|by|ou|or|com|with|held|used) "
    r"(?:(?:um|uma|o|a|os|as|one|a|an|the) )?[a-zà-ÿ]"
)
"""...or its genus and what it is of, by or with, in common words ("Taxa dos empréstimos de
um dia...", "Divindade do candomblé...", "Atoms of one element...", "Money held by a neutral
third party"; not a name: "Machado de Assis", "Pão da Vila")."""
_ACTION_AS_SUBJECT = re.compile(r" (?:is|are|was|were|will|can|makes|helps|matters)(?![a-z])")


_SYMBOL_ASKED = re.compile(r"(?<![a-z])(?:simbolo|symbol|sigla|abreviacao|abbreviation)(?![a-z])")
_SYMBOL_GIVEN = re.compile(
    r"(?<![^\W\d_])(?:symbol|s[ií]mbolo)\s+(?:is\s+|é\s+)?[\"'“‘]?[A-Z][a-z]?\b"
)
"""A question that gives the symbol and asks for its element ("which element has the symbol
W", "Qual elemento tem o símbolo Fe?")."""
_SYMBOL_OPENING = re.compile(r"\W*[A-Z][a-z]?(?:\d+|[A-Z][a-z]?\d*)*(?=[,.;:]|\s*\(|\s*$)")
"""A symbol first, set off ("Au, from the Latin aurum.", "NaCl.", "Fe (do latim ferrum)")."""


def _names_element_symbol(folded: str, first: str) -> bool:
    """For a question for a symbol: whether the symbol `first` opens with is that of the element
    the question asks it of (`_SYMBOL_OF`, `lexicon.ELEMENT_NAMES`: "W" for "símbolo do
    tungstênio", not "K"). True when it asks it of no element's name, or of two ("símbolo da
    prata e do ouro": either)."""
    asked = {m.group(1) for m in _SYMBOL_OF.finditer(folded)}
    named = {s for s, names in lexicon.ELEMENT_NAMES.items() if not names.isdisjoint(asked)}
    if len(named) != 1:
        return True
    symbol = _FIRST_SYMBOL.match(first)
    return symbol is not None and symbol.group(1) in named


_SYMBOL_OF = re.compile(
    r"(?<![a-z])(?:(?:simbolo|symbol)(?: quimico| chemical)?|e) (?:do|da|de|of|for|para|pra) "
    r"(?:(?:o|a|the) )?(?:(?:elemento|element) )?([a-z]+)"
)
"""The word a question for a symbol names as its object ("símbolo químico do tungstênio",
"symbol for gold"; not "symbol for the metal in a lead pencil")."""
_FIRST_SYMBOL = re.compile(r"\W*([A-Z][a-z]?)(?![a-z])")


_INFINITIVE = re.compile(r"[a-z]{2,}(?:ar|er|ir)")


_VERB_GLOSS_OPENERS = (["e"], ["significa"], ["quer", "dizer"], ["it", "means"], ["means"])
"""Words before the verb that defines a verb ("É adiar...", "Significa adiar...", "It means to
put off...")."""


def _defines_verb(folded: str, head: str) -> bool:
    """A verb asked about ("o que significa procrastinar") is defined by another verb: an
    infinitive first ("Adiar sem necessidade...", "To put off..."), or after the copula or a
    verb of meaning (`_VERB_GLOSS_OPENERS`: "É adiar tarefas...", "It means to put off...")."""
    words = _split_words(folded.rstrip(" ?!."))
    opening = _split_words(fold(head[:40]))
    for opener in _VERB_GLOSS_OPENERS:
        if opening[: len(opener)] == opener and len(opening) > len(opener):
            opening = opening[len(opener) :]
            break
    if opening[:1] == ["to"]:
        opening = opening[1:]  # "To put off..."
        if opening and opening[0] not in _DEFERRING_VERBS:
            return True
    if not words or not opening or opening[0] in _NO_DEFINING_VERB:
        return False  # "Consultar um advogado.", "It means to ask someone else."
    return (
        _INFINITIVE.fullmatch(words[-1]) is not None
        and _INFINITIVE.fullmatch(opening[0]) is not None
    )


_DEFERRING_VERBS = word_set(
    "consultar perguntar procurar pesquisar buscar ver olhar checar conferir ligar falar googlar "
    "ask check talk look search see consult call google contact"
)
"""Verbs that send the asker elsewhere instead of defining ("Consultar um advogado.", "To ask
your bank.")."""
_NOT_INFINITIVES = word_set(
    "qualquer lugar mulher colher celular mar bar par familiar similar particular regular "
    "popular militar escolar solar nuclear prazer talher acucar elixir radar altar"
)
"""Words ending as an infinitive does that are none ("Qualquer um sabe isso.", "Lugar...")."""
_NO_DEFINING_VERB = _DEFERRING_VERBS | _NOT_INFINITIVES


_GLOSS_HEAD = re.compile(
    r"[\"“‘'][^\W\d_]+(?:['’][^\W\d_]+)?(?:[ -][^\W\d_]+(?:['’][^\W\d_]+)?){0,3}[.!]?"
    r"[\"”’'](?![^\W\d_])"
)
"""...or a gloss: the meaning in a few words in quotes ("“Além disso”, “do mesmo modo”."; not a
quoted sentence, the slogan or message another prompt asked for)."""


_ITEM_MARK = re.compile(r"^[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+")


def _echoes_verb(folded: str, first: str) -> bool:
    """Whether a Portuguese answer opens with the verb of its yes/no question, the way Portuguese
    says yes ("Tem: das 20h às 6h..." for "pix tem limite a noite?", "Vale se você roda
    bastante..." for "vale a pena comprar...?"): one of the verbs so answered
    (`lexicon.ECHOED_VERBS_PT`), among the question's first words."""
    head = _split_words(fold(first.replace("*", "")[:24]))
    if not head or head[0] not in lexicon.ECHOED_VERBS_PT:
        return False
    return head[0] in _split_words(_question(folded))[:ECHO_WORDS]


ECHO_WORDS = 4
"""The question's verb is among its first this many words ("pix tem limite...", "o ônibus
passa aqui?")."""


def _asked_in_english(folded: str) -> bool:
    """Whether a request, folded, is English by its function words, one enough when no other
    language's shows ("my kid just started soccer, does he need shin guards for practice?";
    not by "to", "do", "for", Portuguese words too once folded)."""
    return _request_language(folded) == "English"


def _request_language(folded: str) -> str | None:
    """A folded request's language by its function words, one enough when no other language's
    shows (the words both languages share once folded left out: `_AMBIGUOUS_IN_PROMPTS`)."""
    return language_of(set(_split_words(folded)) - _AMBIGUOUS_IN_PROMPTS, min_hits=1)


def _yes_or_no(first: str, *, english: bool) -> bool:
    """Whether an answer's first sentence opens with a yes or a no ("Não. Uvas...", "No, the
    long soak...", "Pode, mas não com casca"), the kind of answer a yes/no question asks for,
    in the question's language (`english`: an English yes/no question, else a Portuguese one)."""
    folded = _USUALLY.sub("", fold(first.replace("*", "")[:40]), count=1)
    if not english and _YES_DA.match(folded) is not None:
        return True  # "Dá: use só um quarto..." for "da pra trocar?"
    folded = _QUALIFIER.sub("", folded, count=1)  # "Um pouco de vez em quando, sim"
    head = _split_words(folded[:24])
    if not head or head[0] not in lexicon.YES_NO_ANSWERS:
        return False
    return (head[0] in lexicon.YES_NO_ANSWERS_EN) == english


_USUALLY = re.compile(r"^\W*(?:" + "|".join(lexicon.USUALLY) + r"),?\s+")
"""A yes or a no may follow how often it holds ("Em geral não: fora do expediente...",
"Usually not mid-lease")."""
_YES_DA = re.compile(r"^\W*da(?:\s*[:,.;!]|\s*$)")
_QUALIFIER = re.compile(r"^\W*[^\W\d][^,.;:!?]{0,38}, (?=(?:sim|nao|yes|no)(?![a-z]))")
"""...or when it holds, in a short clause of its own ("Um pouco de vez em quando, sim", "Para a
maioria, não", "For most people, no")."""


def _instructs(response: str, language: str | None = None) -> bool:
    """Whether `response` opens with an instruction: its first word, or the first word of one of
    its first `INSTRUCTION_ITEMS` list items after no item that states a fact, is a command
    (`lexicon.IMPERATIVES`: "Coloque um pano por baixo...",
    "- Move the router to a central spot", "Aja rápido: absorva...", after a short
    circumstance: "Every 20 minutes, look..."); in `language` ("pt", "en") when the question's
    is known."""
    commands = {"pt": lexicon.IMPERATIVES_PT, "en": lexicon.IMPERATIVES_EN}.get(
        language or "", lexicon.IMPERATIVES
    )
    items = 0
    no_fact_yet = True  # no item so far states a fact
    lines = response.strip().split("\n", INSTRUCTION_LINES)[:INSTRUCTION_LINES]
    for line in [line for line in lines if line.strip()][: INSTRUCTION_ITEMS + 1]:
        item = _ITEM_MARK.match(line) is not None
        line = _ITEM_MARK.sub("", line).replace("*", "").strip()
        if not line:
            continue
        items += item
        head = _split_words(fold(line[:40]))
        if head and head[0] in lexicon.SEQUENCE_WORDS:  # "First, see what's hogging..."
            head = head[1:]
        elif head and head[0] in lexicon.CIRCUMSTANCE_OPENERS:
            # "Every 20 minutes, look 20 feet away...": the command after a short circumstance
            circumstance, comma, rest = fold(line[:CIRCUMSTANCE_CHARS]).partition(",")
            if comma and len(circumstance.split()) <= CIRCUMSTANCE_MAX_WORDS:
                head = _split_words(rest)
        if head and head[0] in commands:
            # "Book a meeting", not "Book value is assets minus liabilities"
            command = head[0] not in lexicon.NOUN_IMPERATIVES or (
                len(head) > 1
                and (head[1] in lexicon.COMMAND_OBJECTS or head[1][:1].isdigit())
                and re.search(rf"(?<![a-z]){head[0]}\s", fold(line[:CIRCUMSTANCE_CHARS]))
                is not None
            )  # "Look, it depends": no command
            if not item or not command:
                return command
            return no_fact_yet  # "- Paris is the capital.\n- Visit the Louvre." is no advice
        if not item and line.endswith(":"):
            continue  # "Com flexbox no elemento pai:" then the instruction
        if not item or items >= INSTRUCTION_ITEMS:
            return False
        # an item that states a fact makes the list one of facts ("Paris is the capital")
        no_fact_yet = no_fact_yet and _STATEMENT.search(line[:STATEMENT_CHARS].lower()) is None
    return False


INSTRUCTION_ITEMS = 3
"""A list of advice holds a command among its first this many items ("- Wake up at the same
time...\n- Get daylight in the morning": "wake" is no command the lexicon knows, "get" is), after
no item that states a fact ("- Paris is the capital...\n- The Eiffel Tower...\n- Visit the
Louvre" is a list of facts)."""
_STATEMENT = re.compile(
    r"(?<!\w)(?:is|are|was|were|é|são|está|estão|era|eram|foi|foram|has|have|had|tem|têm)(?!\w)"
)
"""A verb that states (a copula or "has"), in an item's opening: a fact, not an instruction."""
STATEMENT_CHARS = 40
"""...looked for in this many first characters of the item."""
INSTRUCTION_LINES = 12
"""...looked for in this many first lines, blank ones included."""


CIRCUMSTANCE_MAX_WORDS = 5
"""A circumstance before an instruction's command holds at most this many words ("Every 20
minutes,", "Antes de dormir,")..."""
CIRCUMSTANCE_CHARS = 60
"""...in at most this many characters up to its comma."""


_ITEM_LINE = re.compile(r"(?m)^[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+\S")
_INLINE_LIST = re.compile(r",|;|\s(?:e|and|or|ou)\s")


def enumerates(response: str) -> bool:
    """Whether `response` lists members of a set: `ENUMERATION_MIN_ITEMS` item lines or more,
    or an inline list of three or more ("Mercúrio, Vênus, Terra e Marte"; "importante e
    interessante" is two words joined, not a list)."""
    lines = len(_ITEM_LINE.findall(response))
    return lines >= ENUMERATION_MIN_ITEMS or (lines == 0 and list_items(response) >= 3)


def list_items(response: str) -> int:
    """How many items `response` lists: its bulleted or numbered lines, or else the parts of
    the first sentence of its longest line that commas, semicolons and a last "e"/"and" separate
    when every part after
    the first is short (`INLINE_ITEM_WORDS`: "Amazônia, Cerrado e Caatinga": 3)."""
    lines = len(_ITEM_LINE.findall(response))
    if lines:
        return lines
    longest = max(response.splitlines() or [""], key=len)
    parts = _INLINE_LIST.split(first_sentence(longest))
    if (
        len(parts) < 2
        or len(parts[0].split()) > INLINE_LEAD_WORDS
        or any(len(part.split()) > INLINE_ITEM_WORDS for part in parts[1:])
    ):
        return 1  # a sentence with commas, not a list
    return len(parts)


INLINE_ITEM_WORDS = 4
"""An inline list's items after the first are names or short phrases ("o Legislativo e o
Judiciário"); a part longer than this is a clause ("e a resposta depende de vários fatores")."""

INLINE_LEAD_WORDS = 8
"""...and its first item, with the words that lead to it ("Você pode levar protetor"), holds at
most this many: "Noble gases are a group of elements known for being very stable and
unreactive" is a sentence that ends on two adjectives, not a list."""


@functools.lru_cache(maxsize=16384)
def added_content(prompt: str, response: str) -> int:
    """The distinct content words of `response` whose stem the request of `prompt` lacks, not
    counting words that say nothing of any topic (`lexicon.VACUOUS`: "importante", "fatores",
    "aspects"): what an answer adds to its question, a brief answer's substance. "Significa
    'efêmero' é um tema importante" restates its prompt and adds nothing; a definition adds a
    dozen words. The words of a passage quoted to be reworked are material, not request: a
    rewrite that carries them adds them."""
    return len(added_words(prompt, response))


def added_words(prompt: str, response: str) -> set[str]:
    """The words `added_content` counts, folded."""
    material = quoted_material(prompt)
    if material is not None and prompt_features(prompt).rework:
        request = material.request
    else:
        request = tuple(_split_words(fold(prompt)))
    asked = {w[:STEM_CHARS] for w in request}
    return {
        w
        for w in _split_words(fold(response))
        if len(w) > 2 and w not in _STOPWORDS and w not in _VACUOUS and w[:STEM_CHARS] not in asked
    }


def adds_only_filler(prompt: str, response: str) -> bool:
    """Whether every word of `response` that its prompt lacks says nothing of any topic (a
    stopword or `lexicon.VACUOUS`), and one of them is more than a stopword: "Baking soda baking
    has many relevant aspects to consider" restates "baking soda or baking powder...", where
    "Exceção, com xc e ç.", "Affect." and "The cheetah." (the side and its article) answer
    their choice."""
    asked = {w[:STEM_CHARS] for w in _split_words(fold(prompt))}
    new = [w for w in _split_words(fold(response)) if w[:STEM_CHARS] not in asked]
    # "The cheetah.": the side and its article, nothing added, no filler either
    return any(w not in _STOPWORDS for w in new) and all(
        (w in _STOPWORDS or w in _VACUOUS) and w not in lexicon.NEGATIONS for w in new
    )


def topic_of(prompt: str) -> str:
    """A key shared by prompts that differ only in framing ("Explique de forma simples: X" and
    "X"); a prompt without topic words is its own key."""
    return prompt_features(prompt).topic or prompt.strip()


@functools.lru_cache(maxsize=16384)
def response_features(response: str) -> ResponseFeatures:
    """Features of a response (cached so that the three virtue judges analyse it once)."""
    folded = fold(response)
    words, n_content, n_distinct, n_long, n_second, joined, prefixes = word_stats(folded)
    ends, specifics = sentence_ends_and_specifics(response)
    return ResponseFeatures(
        n_words=len(words),
        n_distinct_content=n_distinct,
        repetition=1.0 - n_distinct / n_content if n_content else 0.0,
        joined=joined,
        n_sentences=ends + 1,
        n_questions=response.count("?"),
        n_specific=specifics + response.count("`") // 2,  # a code span is a checkable specific
        n_long_words=n_long,
        n_second_person=n_second,
        markers=count_markers(words),
        agree_opener=_AGREE_RE.match(folded) is not None,
        prefixes=prefixes,
        folded=folded,
    )


WordStats = tuple[list[str], int, int, int, int, str, frozenset[str]]
"""(words, content words, distinct content words, distinct content words of 9 letters or more,
second-person words, the words joined, their prefixes): what `response_features` counts."""


def word_stats(folded: str) -> WordStats:
    """The word counts of a folded answer (`WordStats`), by the compiled helper
    (`tribunal._words`) where it is built, else by `python_word_stats`, its definition."""
    if _NATIVE_STATS is not None:
        got = _NATIVE_STATS(folded, _STOPWORDS, _SECOND_PERSON)
        if got is not None:
            return got
    return python_word_stats(folded)


def python_word_stats(folded: str) -> WordStats:
    """`word_stats` in Python: the definition the compiled helper is held to."""
    words = _split_words(folded)
    content = [w for w in words if len(w) > 2 and w not in _STOPWORDS]
    distinct = set(content)
    return (
        words,
        len(content),
        len(distinct),
        len([w for w in distinct if len(w) >= 9]),
        sum(map(_SECOND_PERSON.__contains__, words)),
        " " + " ".join(words) + " ",
        _prefixes(words),
    )


def _load_native_words() -> ModuleType | None:
    """The compiled helper `tribunal._words`, or None where it was not built or
    ``NOESIS_NATIVE=0``."""
    if not native.native_allowed():
        return None
    try:
        from noesis_trainer.tribunal import _words
    except ImportError:
        return None
    return _words


_NATIVE_WORDS = _load_native_words()
# each scan on its own: an older build without the newer ones still counts words natively
_NATIVE_STATS: Callable[[str, Set[str], Set[str]], WordStats | None] | None = getattr(
    _NATIVE_WORDS, "stats", None
)
_NATIVE_MARKERS: Callable[[list[str], dict[str, PhraseSpans]], dict[str, int] | None] | None = (
    getattr(_NATIVE_WORDS, "markers", None)
)
_NATIVE_ENDS: Callable[[str, str], tuple[int, int]] | None = getattr(
    _NATIVE_WORDS, "ends_and_specifics", None
)
_NATIVE_MARKS: Callable[[str, str, str, Callable[[str], str]], frozenset[str]] | None = getattr(
    _NATIVE_WORDS, "fact_marks", None
)
_NATIVE_GRAMS: Callable[[str, tuple[str, ...]], int | None] | None = getattr(
    _NATIVE_WORDS, "grams_found", None
)
_NATIVE_TOKENS: Callable[[str, int], int] | None = getattr(_NATIVE_WORDS, "tokens", None)


def native_word_stats() -> bool:
    """Whether `word_stats`, `count_markers`, `sentence_ends_and_specifics`, `_marks`,
    `gram_coverage` and `count_pieces` run the compiled helper (all of them: a build of this
    source has every scan)."""
    scans = (
        _NATIVE_STATS,
        _NATIVE_MARKERS,
        _NATIVE_ENDS,
        _NATIVE_MARKS,
        _NATIVE_GRAMS,
        _NATIVE_TOKENS,
    )
    return None not in scans


def topic_words(folded: str) -> list[str]:
    """The words that name a topic: content words that are not instructions, and numbers
    ("2 + 2 = 5" is about 2 and 5, "SHA-256" about 256)."""
    return [
        w
        for w in _split_words(folded)
        if (len(w) > 2 and w not in _STOPWORDS and w not in _INSTRUCTION_WORDS) or not w.isalpha()
    ]


_HEADS = (itemgetter(slice(STEM_CHARS)), itemgetter(slice(4)), itemgetter(slice(3)))


def _prefixes(words: list[str]) -> frozenset[str]:
    # The 4- and 3-letter heads are those of the distinct 5-letter heads; a word of one or two
    # letters is its own head at every length, so it enters as itself.
    five = set(map(_HEADS[0], words))
    return frozenset(chain(five, map(_HEADS[1], five), map(_HEADS[2], five)))


@functools.lru_cache(maxsize=16384)
def relevance_of(prompt: str, response: str) -> float:
    """`relevance` of two texts (cached per pair: the three judges ask for it)."""
    return relevance(prompt_features(prompt), response_features(response))


def relevance(prompt: PromptFeatures, response: ResponseFeatures) -> float:
    """Topic overlap in [0, 1]: share of the prompt's topic stems (and character 4-grams) that the
    response takes up. Instruction words ("explique", "compare") never count."""
    if not prompt.stems:
        return 1.0
    joined = response.joined
    stem_cov = sum(map(joined.__contains__, prompt.stems)) / len(prompt.stems)
    return combine(stem_cov, gram_coverage(prompt, joined, stem_cov))


def gram_coverage(prompt: PromptFeatures, joined: str, stem_cov: float) -> float:
    """Share of the prompt's character 4-grams found in the answer's `joined` text (the stem
    coverage `stem_cov` for a prompt too short to have any)."""
    grams = prompt.grams
    if not grams:
        return stem_cov
    found = None if _NATIVE_GRAMS is None else _NATIVE_GRAMS(joined, grams)
    return (python_grams_found(joined, grams) if found is None else found) / len(grams)


def python_grams_found(joined: str, grams: tuple[str, ...]) -> int:
    """How many of `grams` occur in `joined`: the definition the compiled helper is held to."""
    return sum(map(joined.__contains__, grams))


def count_pieces(text: str, limit: int) -> int:
    """``len(text.split(maxsplit=limit))``: the whitespace-separated pieces of `text`, counted to
    ``limit + 1`` (by the compiled helper where it is built: nothing allocated)."""
    if _NATIVE_TOKENS is not None:
        return _NATIVE_TOKENS(text, limit)
    return python_count_pieces(text, limit)


def python_count_pieces(text: str, limit: int) -> int:
    """`count_pieces` in Python: the definition the compiled helper is held to."""
    return len(text.split(maxsplit=limit))


def combine(stem_cov: float, gram_cov: float) -> float:
    """Relevance from a stem coverage (plain or weighted) and a 4-gram coverage, in [0, 1]."""
    return min(1.0, 0.65 * min(1.0, 2.0 * stem_cov) + 0.35 * min(1.0, 2.5 * gram_cov))


SHARES_NOTHING = 0.05
"""Below this relevance an answer shares no topic word and hardly a fragment with its prompt (the
lexical half of the semantic setting's off-topic call, which it was calibrated with)."""

OFF_TOPIC_RELEVANCE = 0.2
"""Below this (hardly any of the prompt's topic words or fragments taken up) an answer is about
something else: Veritas, Sophia and Dikē are capped at 0.3-0.45, so it is rejected. Chosen on the
`generated` family of the original data (off-topic answers rejected 35% -> 74%, good answers
approved 78% -> 74%); held-out figures in docs/benchmarks.md (0.05 before: only answers that
shared nothing were caught, and an answer to another question was approved half the time)."""


def saturate(value: float, full: float) -> float:
    """`value / full`, capped at 1: "enough" of something counts fully, more adds nothing."""
    return 1.0 if value >= full else max(0.0, value / full)


def clear_caches() -> None:
    """Forget every cached text analysis of this module (benchmarks measure cold runs)."""
    for cached in (
        request_text,
        prompt_features,
        response_features,
        relevance_of,
        quoted_material,
        states_fact,
        _given,
        new_names,
        carries_passage,
        answers_word_question,
        added_content,
        evasion,
        _evasions_for,
        _marks,
        new_bold_terms,
        asks_translation,
        _equation,
        quantities_asked,
        _dimension_of,
        _question,
        _question_asked,
    ):
        cached.cache_clear()
