"""Seed-grounded answers for the six template techniques.

The answer of a template variation is built from its seed's own material: a sample of the seed
answer's units (sentences or markdown blocks), its key terms, years and critique points. The few
sentences the template writes itself always name the seed's subject (``{s}``: its topic, else its
first key term, else its question), so no authored sentence is the same for every seed: that is
what made 77% of the old output mostly boilerplate (issue 17). A label always shares its sentence
with a seed unit ("Camada 2, o mecanismo: <unit>"), never stands alone.

The wording lives in ``data/grounded_phrases.json`` (Portuguese and English, written for this
project), so it can be read and extended without touching code.
"""

from __future__ import annotations

import functools
import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import cast

from noesis_trainer.core.schema import Example
from noesis_trainer.variations.text import (
    Language,
    critique_points,
    key_terms,
    plain,
    split_units,
    topic_of,
    years,
)

SOURCE_SHARE = 0.5
"""Largest share of the source answer's words a template variation keeps (min 30 words)."""
MIN_KEPT_WORDS = 30

Phrases = dict[str, list[str]]


@functools.cache
def phrases() -> dict[str, dict[str, Phrases]]:
    """The phrase pools by language, then technique, then slot (read once)."""
    text = resources.files("noesis_trainer.variations").joinpath("data/grounded_phrases.json")
    return cast(dict[str, dict[str, Phrases]], json.loads(text.read_text(encoding="utf-8")))


def subject_of(example: Example) -> str:
    """What the seed is about, to be named in authored sentences: the topic of its question,
    else the first key term of its question, else its question (shortened) in quotes."""
    found = topic_of(example.prompt)
    if found:
        return found
    terms = [t for t in key_terms(example.prompt) if len(t) <= 40 and not t.isupper()]
    if terms:
        return terms[0]
    question = " ".join(example.prompt.split()).rstrip("?!. ")
    if len(question) > 60:
        question = question[:60].rsplit(" ", 1)[0] + "…"
    return f"“{question}”"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Material:
    """A seed's material for one technique: phrase pools, subject, units, critique points."""

    pools: Phrases
    subject: str
    units: list[str]
    points: list[str]
    answer: str

    def say(self, rng: random.Random, slot: str, **extra: str) -> str:
        """One phrase of `slot`, with the subject (and `extra` fields) filled in."""
        return _capital(rng.choice(self.pools[slot]).format(s=self.subject, **extra))


def material(example: Example, technique: str, lang: Language) -> Material:
    units = split_units(example.response_revised) or [example.response_revised.strip()]
    points = [p[:1].lower() + p[1:] for p in critique_points(example.critique)]
    return Material(
        pools=phrases()[lang][technique],
        subject=subject_of(example),
        units=units,
        points=points,
        answer=example.response_revised,
    )


def select_units(m: Material, rng: random.Random, most: int) -> list[str]:
    """Up to `most` units drawn at random (kept in source order), about half the source's words
    at most: different draws give different answers, so variations of one seed do not repeat."""
    units = m.units
    total = sum(len(u.split()) for u in units)
    budget = max(MIN_KEPT_WORDS, int(total * SOURCE_SHARE))
    order = list(range(len(units)))
    rng.shuffle(order)
    want = rng.randint(1, max(1, min(most, len(units))))
    chosen: list[int] = []
    words = 0
    for i in order:
        n = len(units[i].split())
        if chosen and (words + n > budget or len(chosen) >= want):
            continue
        chosen.append(i)
        words += n
    return [units[i] for i in sorted(chosen)]


_LIST_MARK = re.compile(r"^\s*(?:[-*•+]|\d{1,3}[.)])\s+")


def labeled(label: str, unit: str) -> str:
    """`label` and `unit` in one sentence: a one-line unit follows the label; a list puts its
    first item on the label's line; a code block or table follows on the next lines."""
    text = unit.strip()
    if "\n" not in text:
        return f"{label} {plain(text)}"
    if text.startswith(("```", "|")):
        return f"{label}\n{text}"
    first, rest = text.split("\n", 1)
    return f"{label} {plain(_LIST_MARK.sub('', first))}\n{rest}"


def _bullets(items: Sequence[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _maybe_points(m: Material, rng: random.Random, slot: str, most: int) -> list[str]:
    points = list(m.points)
    rng.shuffle(points)
    return [m.say(rng, slot, p=p) for p in points[: rng.randint(1, most)]] if points else []


def build_depth(m: Material, rng: random.Random, lang: Language) -> str:
    word = "Camada" if lang == "pt" else "Layer"
    units = select_units(m, rng, most=4)
    names = rng.sample(m.pools["layer"], k=min(len(units), len(m.pools["layer"])))
    layers = [
        labeled(f"**{word} {i + 1}, {names[i % len(names)]}:**", u) for i, u in enumerate(units)
    ]
    parts = [m.say(rng, "open"), "\n\n".join(layers)]
    missing = _maybe_points(m, rng, "miss", 2)
    if missing:
        parts.append(_bullets(missing))
    parts.append(m.say(rng, "close"))
    return "\n\n".join(parts)


def build_simplify(m: Material, rng: random.Random, lang: Language) -> str:
    units = select_units(m, rng, most=2)
    lead = plain(units[0])
    words = lead.split()
    if len(words) > 45:
        lead = " ".join(words[:45]).rstrip(",;:") + "…"
    parts = [f"{m.say(rng, 'open')} {lead}"]
    if len(units) > 1:
        parts.append(labeled(m.say(rng, "second"), units[1]))
    terms = key_terms(m.answer)
    if terms and rng.random() < 0.7:
        rng.shuffle(terms)
        parts.append(m.say(rng, "terms", t=", ".join(terms[:4])))
    parts.append(m.say(rng, "close"))
    return "\n\n".join(parts)


def build_practical(m: Material, rng: random.Random, lang: Language) -> str:
    units = select_units(m, rng, most=3)
    labels = rng.sample(m.pools["step"], k=min(len(units), len(m.pools["step"])))
    steps = [labeled(f"{i + 1}. {labels[i % len(labels)]}:", u) for i, u in enumerate(units)]
    steps.append(f"{len(units) + 1}. {m.say(rng, 'last')}")
    return "\n\n".join(
        [m.say(rng, "open"), "\n".join(steps), m.say(rng, "check"), m.say(rng, "close")]
    )


def build_history(m: Material, rng: random.Random, lang: Language) -> str:
    units = select_units(m, rng, most=3)
    labels = rng.choice(m.pools["stages"]).split("|")
    stages = [labeled(f"**{labels[i]}:**", u) for i, u in enumerate(units)]
    parts = [m.say(rng, "open"), "\n\n".join(stages)]
    dates = years(m.answer)
    if dates:
        parts.append(m.say(rng, "years", y=", ".join(dates[:5])))
    parts.append(m.say(rng, "close"))
    return "\n\n".join(parts)


def build_compare(m: Material, rng: random.Random, lang: Language) -> str:
    units = select_units(m, rng, most=3)
    careful = " ".join(plain(u) for u in units)
    parts = [
        m.say(rng, "open"),
        f"**{rng.choice(m.pools['naive_label'])}:** {m.say(rng, 'naive')}",
        f"**{rng.choice(m.pools['careful_label'])}:** {careful}",
    ]
    diffs = _maybe_points(m, rng, "diff", 2)
    if diffs:
        parts.append(_bullets(diffs))
    if rng.random() < 0.6:
        parts.append(m.say(rng, "agree"))
    parts.append(m.say(rng, "close"))
    return "\n\n".join(parts)


def build_critique(m: Material, rng: random.Random, lang: Language) -> str:
    units = select_units(m, rng, most=2)
    pool = list(m.pools["limit"])
    rng.shuffle(pool)
    limits = [_capital(p.format(s=m.subject)) for p in pool[: rng.randint(2, 3)]]
    parts = [labeled(m.say(rng, "open"), units[0]), _bullets(limits)]
    if len(units) > 1:
        parts.append(labeled(m.say(rng, "stands"), units[1]))
    parts.append(m.say(rng, "close"))
    return "\n\n".join(parts)


Builder = Callable[[Material, random.Random, Language], str]

BUILDERS: dict[str, Builder] = {
    "depth": build_depth,
    "simplify": build_simplify,
    "practical": build_practical,
    "history": build_history,
    "compare": build_compare,
    "critique": build_critique,
}
