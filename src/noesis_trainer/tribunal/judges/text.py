"""Cheap text features shared by the heuristic judges (Portuguese and English).

Everything here runs in pure Python at tens of thousands of responses per second: one accent fold,
one word regex, one phrase regex, set operations. Features are cached per text so that three
judges scoring the same batch analyse each prompt and response once.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from noesis_trainer.tribunal.judges import lexicon

# Accent folding: "não" == "nao", "ação" == "acao" (much of the real data is written unaccented).
_FOLD = str.maketrans(
    "áàâãäåéèêëíìîïóòôõöúùûüçñýÿ",
    "aaaaaaeeeeiiiiooooouuuucnyy",
)
_WORD = re.compile(r"[a-z0-9]+")
_SPECIFIC = re.compile(
    r"\d+(?:[.,]\d+)?|\b[A-Z][A-Z0-9]{1,}\b|[=≡≈≠≤≥→←↔∑∫√∞±×÷²³ᵃᵇψλπσμ∀∃∈⊂]|\b\w+\(\)|`[^`]+`"
)
_SENTENCE_END = re.compile(r"[.!?;:\n]+(?:\s|$)")

STEM_CHARS = 5
"""Prefix length used as a stemmer: "computação", "computacional", "computer" share "compu"."""

_STOPWORDS = lexicon.STOPWORDS
_INSTRUCTION_WORDS = lexicon.INSTRUCTION_WORDS
_PHRASE_KIND: dict[str, str] = {p: kind for kind, ps in lexicon.PHRASES.items() for p in ps}
# One regex for every marker phrase: a single pass over the text, each match looked up by kind.
_PHRASE_RE = re.compile(
    r"(?<![a-z0-9])(?:"
    + "|".join(re.escape(p) for p in sorted(_PHRASE_KIND, key=len, reverse=True))
    + r")(?![a-z0-9])"
)
_AGREE_RE = re.compile(
    r"^\W*(?:"
    + "|".join(re.escape(p) for p in lexicon.AGREE_OPENERS)
    + r")(?![a-z0-9])(?!\s+(?:que nao|not)\b)"
)
_HARM_REQUEST_RE = re.compile(
    r"(?<![a-z0-9])(?:"
    + "|".join(lexicon.HARM_REQUESTS)
    + r")(?![a-z0-9])(?:\W+[a-z0-9-]+){0,6}?\W+(?:"
    + "|".join(re.escape(w) for w in lexicon.HARM_WORDS)
    + r")(?![a-z0-9])"
)
"""A request (not a mention) to deceive or harm: "me ajude a falsificar", "how do I hack into"."""
_VALIDATION_RE = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(lexicon.VALIDATION_CUES) + r")(?![a-z0-9])"
)
_FIRST_PERSON = lexicon.FIRST_PERSON
_SECOND_PERSON = lexicon.SECOND_PERSON


def fold(text: str) -> str:
    """Lowercase and strip Portuguese accents."""
    return text.lower().translate(_FOLD)


def _content(words: list[str]) -> list[str]:
    return [w for w in words if len(w) >= 3 and w not in _STOPWORDS]


def _grams(words: list[str]) -> frozenset[str]:
    grams: set[str] = set()
    for w in words:
        padded = f" {w} "
        grams.update(padded[i : i + 4] for i in range(len(padded) - 3))
    return frozenset(grams)


@dataclass(frozen=True, slots=True)
class PromptFeatures:
    """What the judges need to know about the question that was asked."""

    stems: frozenset[str]
    grams: frozenset[str]
    harmful: bool
    seeks_validation: bool
    personal: bool


@dataclass(frozen=True, slots=True)
class ResponseFeatures:
    """Counts over one response; judges turn them into scores."""

    n_words: int
    n_distinct_content: int
    repetition: float
    stems: frozenset[str]
    grams: frozenset[str]
    n_sentences: int
    n_questions: int
    n_specific: int
    n_long_words: int
    n_second_person: int
    markers: dict[str, int]
    agree_opener: bool


@functools.lru_cache(maxsize=8192)
def prompt_features(prompt: str) -> PromptFeatures:
    """Features of a prompt (cached: evaluation reuses the same prompts across checkpoints)."""
    folded = fold(prompt)
    words = _WORD.findall(folded)
    topic = [w for w in _content(words) if w not in _INSTRUCTION_WORDS]
    stems = frozenset(w[:STEM_CHARS] for w in topic)
    return PromptFeatures(
        stems=stems,
        grams=_grams(topic),
        harmful=_HARM_REQUEST_RE.search(folded) is not None,
        seeks_validation=_VALIDATION_RE.search(folded) is not None,
        personal=not _FIRST_PERSON.isdisjoint(words),
    )


@functools.lru_cache(maxsize=16384)
def response_features(response: str) -> ResponseFeatures:
    """Features of a response (cached so that the three virtue judges analyse it once)."""
    folded = fold(response)
    words = _WORD.findall(folded)
    content = _content(words)
    distinct = set(content)
    markers: dict[str, int] = {}
    for match in _PHRASE_RE.findall(folded):
        kind = _PHRASE_KIND[match]
        markers[kind] = markers.get(kind, 0) + 1
    n_words = len(words)
    return ResponseFeatures(
        n_words=n_words,
        n_distinct_content=len(distinct),
        repetition=1.0 - len(distinct) / len(content) if content else 0.0,
        stems=frozenset(w[:STEM_CHARS] for w in distinct),
        grams=_grams(list(distinct)),
        n_sentences=len(_SENTENCE_END.findall(response)) + 1,
        n_questions=response.count("?"),
        n_specific=len(_SPECIFIC.findall(response)),
        n_long_words=sum(1 for w in distinct if len(w) >= 9),
        n_second_person=sum(1 for w in words if w in _SECOND_PERSON),
        markers=markers,
        agree_opener=_AGREE_RE.match(folded) is not None,
    )


def relevance(prompt: PromptFeatures, response: ResponseFeatures) -> float:
    """Topic overlap in [0, 1]: share of the prompt's topic stems (and character 4-grams) that the
    response takes up. Instruction words ("explique", "compare") never count."""
    if not prompt.stems:
        return 1.0
    stem_cov = len(prompt.stems & response.stems) / len(prompt.stems)
    gram_cov = len(prompt.grams & response.grams) / len(prompt.grams) if prompt.grams else 0.0
    return min(1.0, 0.65 * min(1.0, 2.0 * stem_cov) + 0.35 * min(1.0, 2.5 * gram_cov))


OFF_TOPIC_RELEVANCE = 0.05
"""Below this (no shared topic word, hardly a shared fragment) an answer is about something else."""


def saturate(value: float, full: float) -> float:
    """`value / full`, capped at 1: "enough" of something counts fully, more adds nothing."""
    return 1.0 if value >= full else max(0.0, value / full)
