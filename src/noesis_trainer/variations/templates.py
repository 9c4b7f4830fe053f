"""Wording of the template techniques' questions, shallow answers, critiques and reasoning.

The text lives in ``data/question_templates.json`` (Portuguese and English, written for this
project); the answers' wording is in ``data/grounded_phrases.json`` (`variations.grounded`).
Every slot has several phrasings; a technique draws one per slot with its seeded RNG.
Placeholders: ``{q}`` the seed's question (``{qs}``: without its final mark), ``{topic}`` its
subject (or a neutral stand-in).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, Final

Slots = dict[str, tuple[str, ...]]


def _load() -> dict[str, Any]:
    text = resources.files("noesis_trainer.variations").joinpath("data/question_templates.json")
    data: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    return data


_DATA = _load()
NEUTRAL_TOPIC: Final[dict[str, str]] = dict(_DATA["neutral_topic"])
TEMPLATES: Final[dict[str, dict[str, Slots]]] = {
    lang: {
        technique: {slot: tuple(phrases) for slot, phrases in slots.items()}
        for technique, slots in _DATA[lang].items()
    }
    for lang in ("pt", "en")
}
