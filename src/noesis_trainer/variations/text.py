"""Small text tools the template techniques need: language, units, topic, key terms, years.

They are heuristics on purpose: template-only mode must run offline with no model, and these are
enough to rebuild an answer from the pieces of its source instead of gluing strings onto it.
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["pt", "en"]

_PT_WORDS = frozenset(
    [
        "o",
        "a",
        "os",
        "as",
        "de",
        "da",
        "do",
        "das",
        "dos",
        "que",
        "não",
        "é",
        "em",
        "um",
        "uma",
        "para",
        "com",
        "por",
        "como",
        "mais",
        "isso",
        "você",
        "são",
        "também",
        "sobre",
        "pela",
        "pelo",
        "entre",
        "quando",
        "seu",
        "sua",
        "ou",
        "já",
        "mas",
        "se",
    ]
)
_EN_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "is",
        "are",
        "that",
        "this",
        "it",
        "with",
        "for",
        "as",
        "on",
        "be",
        "by",
        "or",
        "not",
        "you",
        "what",
        "how",
        "why",
        "which",
        "when",
        "can",
        "does",
        "its",
        "their",
        "from",
    ]
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def detect_language(text: str) -> Language:
    """'pt' or 'en' by counting very common function words (ties go to Portuguese)."""
    words = [w.lower() for w in _WORD.findall(text)]
    pt = sum(w in _PT_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    if any(ch in text for ch in "ãõçáéíóúâêô"):
        pt += 2
    return "en" if en > pt else "pt"


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“(\[*A-ZÁÉÍÓÚÂÊÔÃÕÇ0-9])")


def split_units(text: str) -> list[str]:
    """Split an answer into self-contained units: markdown blocks, or sentences of a paragraph.

    Fenced code blocks, tables, lists and quotes stay whole; a plain paragraph is cut into
    sentences so that one-paragraph answers (most of the seed) still have several units.
    """
    blocks: list[str] = []
    current: list[str] = []
    in_fence = False
    for line in text.strip().splitlines():
        if line.strip().startswith("```"):
            in_fence = not in_fence
            current.append(line)
            if not in_fence:
                blocks.append("\n".join(current))
                current = []
            continue
        if in_fence:
            current.append(line)
            continue
        if not line.strip():
            if current:
                blocks.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    units: list[str] = []
    for block in blocks:
        structured = block.lstrip().startswith(("```", "|", ">", "-", "*", "#")) or "\n" in block
        if structured:
            units.append(block.strip())
        else:
            units.extend(s.strip() for s in _SENTENCE_END.split(block) if s.strip())
    return _merge_fragments(units)


def _merge_fragments(units: list[str]) -> list[str]:
    """Glue pieces that cannot stand alone to the unit that follows them: list numbers cut off
    by the sentence splitter ("3.") and lead-ins that end with a colon."""
    out: list[str] = []
    carry = ""
    for unit in units:
        text = f"{carry}{unit}" if carry else unit
        carry = ""
        if re.fullmatch(r"\(?\d{1,3}[.)]", text) or text.endswith(":"):
            carry = text + ("\n" if "\n" in unit or unit.endswith(":") else " ")
            continue
        out.append(text)
    if carry:
        out.append(carry.strip())
    return out


def plain(unit: str) -> str:
    """A unit without markdown decoration, for inline use inside a sentence."""
    text = re.sub(r"(?m)^\s*(?:#+|>|[-*•]|\d+[.)])\s+", "", unit)
    text = text.replace("**", "").replace("__", "").replace("`", "")
    return re.sub(r"\s+", " ", text).strip()


_LEADS = (
    r"explique\s+(?:o\s+conceito\s+(?:filosófico\s+)?de\s+|a\s+|o\s+|as\s+|os\s+)?",
    r"o\s+que\s+(?:é|são)\s+(?:a\s+|o\s+|as\s+|os\s+)?",
    r"explain\s+(?:the\s+concept\s+of\s+|the\s+|a\s+)?",
    r"what\s+(?:is|are)\s+(?:the\s+|a\s+|an\s+)?",
    r"describe\s+(?:the\s+)?",
    r"descreva\s+(?:o\s+|a\s+)?",
)
_TAILS = (
    r"\s+e\s+(?:sua|seu|suas|seus|como|por\s+que|implementação|a\s+sua).*$",
    r"\s+and\s+(?:its|how|why|their).*$",
    r"\s+em\s+(?:nível|programação|machine\s+learning|computação).*$",
    r"\s+in\s+(?:practice|programming|computing).*$",
    r"\s*[:,;].*$",
)


def topic_of(prompt: str) -> str | None:
    """The subject of 'Explique X e ...' / 'O que é X?' / 'Explain X ...' prompts, else None."""
    text = prompt.strip().rstrip("?.!").strip()
    for lead in _LEADS:
        m = re.match(lead, text, flags=re.IGNORECASE)
        if m and m.end() > 0:
            rest = text[m.end() :]
            for tail in _TAILS:
                rest = re.sub(tail, "", rest, flags=re.IGNORECASE)
            rest = rest.strip(" '\"“”")
            if 2 <= len(rest) <= 60 and len(rest.split()) <= 8:
                return rest
            return None
    return None


_TERM = re.compile(
    r"\*\*([^*]{2,40})\*\*"  # bold
    r"|`([^`]{2,30})`"  # code
    r"|\b((?:[A-ZÁÉÍÓÚ][\w'-]+)(?:\s+(?:de\s+|da\s+|do\s+)?[A-ZÁÉÍÓÚ][\w'-]+)*)"  # Names
)
_STOP_TEXT = (
    "A O As Os E É Em No Na Um Uma Se Para Com Por Como Isso Este Esta Mas Quando Não Sim "
    "The This That It In On For Of And If But When Noesis I Is Are There What Why How Yes No"
)
_STOP_TERMS = frozenset(_STOP_TEXT.split())


def key_terms(text: str, limit: int = 6) -> list[str]:
    """Distinct salient terms (bold, code, capitalized names) in order of first appearance."""
    seen: dict[str, None] = {}
    for m in _TERM.finditer(text):
        term = next(g for g in m.groups() if g).strip(" :.,")
        if m.group(3):
            words = term.split()
            while words and words[0] in _STOP_TERMS:
                words.pop(0)  # "In Bayesian" -> "Bayesian"
            term = " ".join(words)
            if "'" in term or (len(term) < 3 and not term.isupper()):
                continue  # contractions ("I'm") and stray capitals are not terms
        if not term or term in _STOP_TERMS or term.lower() in (k.lower() for k in seen):
            continue
        if m.group(3) and " " not in term and term[1:].islower() and _starts_sentence(text, m):
            continue  # a capitalized first word is usually just a sentence start
        seen[term] = None
        if len(seen) >= limit:
            break
    return list(seen)


def _starts_sentence(text: str, m: re.Match[str]) -> bool:
    before = text[: m.start()].rstrip(" \t*\"'“(")
    return not before or before[-1] in ".!?:\n"


_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b|\b(\d{1,4})\s*(?:a\.\s?C\.|aC\b|BCE?\b)")


def years(text: str) -> list[str]:
    """Years (or 'N a.C.' dates) mentioned in the text, in order, without repeats."""
    out: dict[str, None] = {}
    for m in _YEAR.finditer(text):
        out[m.group(0)] = None
    return list(out)


def critique_points(critique: str) -> list[str]:
    """The critique's points without their [VERITAS]/[SOPHIA]/[DIKE] tags, one per line."""
    points = []
    for line in critique.splitlines():
        line = re.sub(r"^\s*\[[A-ZÁÉÍÓÚ ]+\]\s*", "", line).strip(" -•")
        if len(line) >= 3:
            points.append(line.rstrip("."))
    return points
