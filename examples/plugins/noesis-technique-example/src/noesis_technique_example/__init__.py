"""Example variation technique: "what does this naive answer miss?".

Every seed carries a naive first answer and the Tribunal's critique of it. This technique turns
them into a new exchange: the question quotes the naive answer, and the answer is the critique
written out as prose plus the seed's reasoning. Both differ from the seed's own question and
answer by far more than the generator's near-duplicate threshold, so its drafts are kept (a
technique that only appends a sentence to the seed is refused as a near-copy).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any

from noesis_trainer import Example, hookimpl

_TAG = re.compile(r"^\s*\[(VERITAS|SOPHIA|DIKE)\]\s*", re.IGNORECASE)
_VIRTUE_WORDS = {"VERITAS": "à verdade", "SOPHIA": "à sabedoria", "DIKE": "à justiça"}
_OPENINGS = (
    "Alguém respondeu assim a esta pergunta:",
    "Esta foi a primeira resposta dada à pergunta:",
    "Um colega ofereceu esta resposta rápida:",
)


def _critique_as_prose(critique: str) -> str:
    parts = []
    for line in critique.splitlines():
        match = _TAG.match(line)
        text = _TAG.sub("", line).strip()
        if not text:
            continue
        if match:
            parts.append(f"Quanto {_VIRTUE_WORDS[match.group(1).upper()]}: {text}")
        else:
            parts.append(text)
    return " ".join(parts)


class NaiveAnswerTechnique:
    """Question: the seed's question and its naive answer; answer: what that answer misses."""

    name = "naive-answer"

    def vary(self, example: Example, rng: random.Random, generator: Any = None) -> Example | None:
        critique = _critique_as_prose(example.critique)
        if not critique:
            return None  # nothing to say about the naive answer: decline
        opening = rng.choice(_OPENINGS)
        prompt = (
            f'{opening} "{example.response_initial}" A pergunta era: "{example.prompt}" '
            "O que essa resposta deixa de fora?"
        )
        answer = f"A resposta é incompleta. {critique}\n\n{example.reasoning}"
        return example.model_copy(update={"prompt": prompt, "response_revised": answer})


@hookimpl
def register_techniques(register: Callable[[Any], None]) -> None:
    register(NaiveAnswerTechnique())
