"""Example Tribunal plugin: the answer should be in the language of the question.

An answer the asker may not be able to read conveys neither truth, nor wisdom, nor justice to
them, so the plugin registers one `LanguageMatchJudge` per virtue; within a virtue the Tribunal
averages judges, so a mismatch halves each virtue score.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from noesis_trainer.plugins import hookimpl
from noesis_trainer.tribunal import JudgeItem, JudgeScore, Virtue

_WORD = re.compile(r"[a-zà-ÿ]+")
PT = frozenset(["não", "que", "uma", "para", "com", "você", "é", "são", "os", "das", "dos", "como"])
EN = frozenset(
    ["the", "and", "is", "are", "you", "with", "that", "this", "not", "what", "for", "of"]
)


def language(text: str) -> str | None:
    """'pt', 'en', or None when the text has too few function words to tell."""
    words = _WORD.findall(text.lower())
    pt = sum(w in PT for w in words)
    en = sum(w in EN for w in words)
    if pt + en < 3 or pt == en:
        return None
    return "pt" if pt > en else "en"


class LanguageMatchJudge:
    """1.0 when the answer is in the question's language (or either cannot be told), else 0.0."""

    def __init__(self, virtue: Virtue) -> None:
        self.virtue = virtue
        self.name = f"example-language-match-{virtue.value}"

    def score_batch(self, items: Sequence[JudgeItem]) -> list[JudgeScore]:
        out = []
        for item in items:
            asked, answered = language(item.prompt), language(item.response)
            if asked is None or answered is None or asked == answered:
                out.append(JudgeScore(1.0, "answers in the language of the question"))
            else:
                out.append(JudgeScore(0.0, f"question in {asked}, answer in {answered}"))
        return out


@hookimpl
def register_judges(register: Callable[[Any], None]) -> None:
    for virtue in Virtue:
        register(LanguageMatchJudge(virtue))
