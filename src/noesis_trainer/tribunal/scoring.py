"""Parsing a judge model's score out of free text, into [0, 1].

Models answer "7.5", "7/10", "0.8 (good)", "Score: 8 out of 10", "85%", "Nota: 7,5"... `int()`
on such text is the classic bug. Rules, in order:

1. a ratio "a/b", "a out of b", "a de b" -> a / b (None unless 0 <= a <= b, b > 0);
2. a percentage "85%" -> 0.85;
3. a number after a score keyword (score, rating, nota, pontuação...), else the first number:
   <= 1 -> as is, <= `scale` -> / scale, <= 100 -> / 100.

Numbers outside every range, negative numbers, NaN/inf/exponent overflow, or no number at all
give None (the caller retries): a reply never turns into 1.0 or 0.5 by accident.
"""

from __future__ import annotations

import math
import re

_NUM = r"(\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?|[.,]\d+)"
_NON_FINITE = re.compile(r"\b(?:nan|inf|infinity|infinite)\b", re.IGNORECASE)
_NEGATIVE = re.compile(r"[-\u2212]\s*$")
_KEYWORD = r"(?:score|rating|grade|nota|pontua[cç][aã]o|avalia[cç][aã]o|total)"
_RATIO = re.compile(_NUM + r"\s*(?:/|out of|de|em|of)\s*" + _NUM, re.IGNORECASE)
_PERCENT = re.compile(_NUM + r"\s*%")
_AFTER_KEYWORD = re.compile(_KEYWORD + r"\W{0,5}?(?:is|é|e|=|:)?\s*\**\s*" + _NUM, re.IGNORECASE)
_ANY_NUMBER = re.compile(r"(?<![\w.,])" + _NUM)


def _to_float(text: str) -> float:
    return float(text.replace(",", "."))


def _signed(head: str, match: re.Match[str], group: int) -> float | None:
    """The matched number, or None when it is negative or not finite."""
    if _NEGATIVE.search(head[: match.start(group)]):
        return None
    value = _to_float(match.group(group))
    return value if math.isfinite(value) else None


def parse_score(text: str, scale: float = 10.0) -> float | None:
    """The score in `text` as a float in [0, 1], or None when there is none."""
    if not text:
        return None
    head = text.strip()[:400]
    keyword = _AFTER_KEYWORD.search(head)
    start = keyword.start() if keyword else 0
    region = head[start:]
    if _NON_FINITE.search(region[:40] if keyword else head):
        return None
    ratio = _RATIO.search(region)
    if ratio:
        a, b = _signed(region, ratio, 1), _signed(region, ratio, 2)
        if a is None or b is None:
            return None
        return a / b if b > 0 and 0 <= a <= b else None
    percent = _PERCENT.search(region)
    if percent:
        pct = _signed(region, percent, 1)
        return pct / 100 if pct is not None and 0 <= pct <= 100 else None
    found = keyword or _ANY_NUMBER.search(head)
    if found is None:
        return None
    value_or_none = _signed(head, found, 1)
    if value_or_none is None:
        return None
    value = value_or_none
    if 0 <= value <= 1:
        return value
    if value <= scale:
        return value / scale
    if value <= 100:
        return value / 100
    return None


_CHOICE = re.compile(
    r"(?:^|\b(?:answer|resposta|winner|vencedora?|better|melhor|choice|escolha)\W{0,12})"
    r"\(?([AB])\)?\b",
    re.IGNORECASE,
)


def parse_choice(text: str) -> str | None:
    """'A' or 'B' from a pairwise judge's reply ("Answer B is better", "A", "Resposta: (B)")."""
    head = text.strip()[:300]
    match = _CHOICE.search(head)
    if match:
        return match.group(1).upper()
    bare = re.fullmatch(r"\W*([AB])\W*", head, re.IGNORECASE)
    return bare.group(1).upper() if bare else None
