"""Held-out failure sets: the ways a fine-tuned model's answers go wrong, made from real answers.

Given real (prompt, good answer) rows - the original pipeline's data, our own examples, a
model's generations - `failure_sets` builds one set per failure class, each row corrupted the way
decoding and fine-tuning really corrupt answers: another question's answer, a one-line generic
draft, chat-template tokens leaking, a cut to an eighth, the prompt echoed, a repetition loop, an
unfilled skeleton. `rejection_rates` measures a Tribunal on them; `random_cuts` cuts answers
anywhere (the failure sets cut at one eighth). The corruptions are general
(they use only the row itself, the other rows and the template markers of Llama 3, ChatML and
Gemma), so the figures say how a Tribunal does on data it was never tuned on.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from noesis_trainer.core.folding import fold
from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.text import topic_of, topic_words
from noesis_trainer.tribunal.language import language_of

if TYPE_CHECKING:
    from noesis_trainer.tribunal.tribunal import Tribunal

GOOD = "good"
CLASSES = (
    "off_topic",
    "generic_one_liner",
    "template_leak",
    "truncated_1_8",
    "echo",
    "loop",
    "skeleton",
)
"""The failure classes, in the order reports list them (plus `GOOD`, the real answers)."""

_LEAKS = (
    "<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n{next}",
    "<|im_end|>\n<|im_start|>user\n{next}<|im_end|>\n<|im_start|>assistant\n",
    "<end_of_turn>\n<start_of_turn>user\n{next}<end_of_turn>\n<start_of_turn>model\n",
    "<|eot_id|>",
)
_GENERIC = (
    "Essa é uma ótima pergunta, e a resposta depende de vários fatores.",
    "Vou analisar com cuidado e responder em seguida.",
    "That is a great question; it depends on many factors.",
    "Há muitas perspectivas sobre isso, todas válidas.",
    "Resposta básica sobre o tema.",
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")


@dataclass(frozen=True, slots=True)
class Row:
    """A real prompt, its good answer, optionally its one-line first draft, and optionally a
    reference answer written apart from `answer` (every item made from the row carries it, as
    `noesis run` gives each eval prompt its row's revised answer)."""

    prompt: str
    answer: str
    draft: str | None = None
    reference: str | None = None


def _first_sentence(text: str) -> str:
    found = _SENTENCE.search(text)
    return found.group(0).strip() if found else text.split("\n", 1)[0][:120]


def _upper_words(text: str, rng: random.Random, k: int) -> str:
    words = [w for w in re.findall(r"\w{4,}", text) if not w.isdigit()]
    picked = rng.sample(words, min(k, len(words))) if words else ["ANÁLISE", "DETALHADA"]
    return " ".join(picked).upper()


def _off_topic(row: Row, rows: Sequence[Row], rng: random.Random) -> str | None:
    own = topic_of(row.prompt)
    for _ in range(20):
        other = rows[rng.randrange(len(rows))]
        if topic_of(other.prompt) != own and other.answer != row.answer:
            return other.answer
    return None


def _generic(row: Row, rows: Sequence[Row], rng: random.Random) -> str | None:
    if row.draft and "\n" not in row.draft.strip() and len(row.draft.split()) <= 25:
        return row.draft.strip()
    return rng.choice(_GENERIC)


def _leak(row: Row, rows: Sequence[Row], rng: random.Random) -> str | None:
    cut = rng.randrange(len(row.answer) // 2, len(row.answer) + 1)
    nxt = rows[rng.randrange(len(rows))].prompt
    return row.answer[:cut] + rng.choice(_LEAKS).format(next=nxt) + row.answer[cut:]


def _truncated(row: Row, rows: Sequence[Row], rng: random.Random) -> str | None:
    return row.answer[: max(1, len(row.answer) // 8)]


def _echo(row: Row, rows: Sequence[Row], rng: random.Random) -> str | None:
    forms = (row.prompt, f"{row.prompt}\n{row.prompt}", f"Pergunta: {row.prompt}", row.prompt + "?")
    return rng.choice(forms)


def _loop(row: Row, rows: Sequence[Row], rng: random.Random) -> str | None:
    words = row.answer.split()
    if len(words) < 4:
        return None
    size = rng.randint(1, 4)
    start = rng.randrange(0, len(words) - size + 1)
    phrase = " ".join(words[start : start + size]).strip(".")
    head = _first_sentence(row.answer) if rng.random() < 0.5 else ""
    sep = rng.choice((", ", " ", "\n"))
    return (head + " " + sep.join([phrase] * rng.randint(12, 40))).strip()


def _skeleton(row: Row, rows: Sequence[Row], rng: random.Random) -> str | None:
    kind = rng.randrange(4)
    if kind == 0:  # bracketed section slots
        slots = [f"[{_upper_words(row.answer, rng, rng.randint(2, 4))}]" for _ in range(3)]
        return "\n\n".join(slots)
    if kind == 1:  # section labels with no content
        labels = [f"[{_upper_words(row.answer, rng, 1)}]" for _ in range(rng.randint(3, 6))]
        return "\n".join(labels)
    if kind == 2:  # numbered stubs
        heads = [" ".join(s.split()[:2]) for s in _SENTENCE.findall(row.answer)[:4]] or ["Veja"]
        return "\n".join(f"{i}. {h} que..." for i, h in enumerate(heads, 1))
    word = (row.answer.split() or ["Isso"])[0]
    return f"{word} representa..."


CORRUPTIONS: Mapping[str, Callable[[Row, Sequence[Row], random.Random], str | None]] = {
    "off_topic": _off_topic,
    "generic_one_liner": _generic,
    "template_leak": _leak,
    "truncated_1_8": _truncated,
    "echo": _echo,
    "loop": _loop,
    "skeleton": _skeleton,
}


def failure_sets(rows: Sequence[Row], *, seed: int = 0) -> dict[str, list[JudgeItem]]:
    """`GOOD` (the rows as they are) and one corrupted set per class of `CLASSES`."""
    rng = random.Random(seed)
    sets: dict[str, list[JudgeItem]] = {
        GOOD: [JudgeItem(r.prompt, r.answer, r.reference) for r in rows]
    }
    for name, corrupt in CORRUPTIONS.items():
        items = []
        for row in rows:
            bad = corrupt(row, rows, rng)
            if bad is not None:
                items.append(JudgeItem(row.prompt, bad, row.reference))
        sets[name] = items
    return sets


_RESTATED = {
    "Portuguese": (
        "{t} é um tema importante e interessante.",
        "Sobre {t}: depende de vários fatores.",
        "{t} tem muitos aspectos relevantes a considerar.",
        "A resposta sobre {t} envolve várias questões.",
    ),
    "English": (
        "{t} is an important and interesting topic.",
        "About {t}: it depends on many factors.",
        "{t} has many relevant aspects to consider.",
        "The answer about {t} involves several questions.",
    ),
}
_PROMPT_WORD = re.compile(r"[^\W\d_][\w-]*")


def restated_drafts(rows: Sequence[Row], *, seed: int = 0) -> list[JudgeItem]:
    """For each row, a one-line draft that restates its prompt's first three topic words with
    filler ("Slogan padaria bairro é um tema importante e interessante."): a generic draft that,
    unlike `failure_sets`' canned ones, takes up the prompt's topic. Brief requests lower the
    judges' length bar; these drafts check that restating a short prompt does not pass for
    answering it."""
    rng = random.Random(seed)
    out = []
    for row in rows:
        words = _PROMPT_WORD.findall(row.prompt)
        picked = [w for w in words if _is_topic_word(w)][:3] or words[:3] or ["Isso"]
        language = language_of([fold(w) for w in words], min_hits=1)
        language = language if language in _RESTATED else "Portuguese"
        topic = " ".join(picked)
        draft = rng.choice(_RESTATED[language]).format(t=topic[:1].upper() + topic[1:])
        out.append(JudgeItem(row.prompt, draft, row.reference))
    return out


def _is_topic_word(word: str) -> bool:
    folded = fold(word)
    return len(folded) > 2 and bool(topic_words(folded))


def random_cuts(rows: Sequence[Row], *, per_answer: int = 10, seed: int = 0) -> list[JudgeItem]:
    """Each row's answer cut at `per_answer` points drawn uniformly between 10% and 90% of its
    characters: how a stream broken off or a `max_new_tokens` stop cuts an answer anywhere
    (`failure_sets` cuts at one eighth only)."""
    rng = random.Random(seed)
    out = []
    for row in rows:
        n = len(row.answer)
        for _ in range(per_answer):
            out.append(JudgeItem(row.prompt, row.answer[: rng.randrange(n // 10, n * 9 // 10 + 1)]))
    return out


def rejection_rates(
    tribunal: Tribunal, sets: Mapping[str, Sequence[JudgeItem]], *, one_by_one: bool = False
) -> dict[str, float]:
    """Share REJECTED per failure class and share APPROVED of `GOOD`; each set is judged as one
    batch together with the good answers (as an evaluation judges a model's answers), or, with
    `one_by_one`, every item alone (one `verdicts` call each: no batch to weigh words by)."""
    good = list(sets[GOOD])
    verdicts = tribunal.verdicts
    out: dict[str, float] = {}
    if one_by_one:
        for name, items in sets.items():
            if items:
                wanted = "APPROVED" if name == GOOD else "REJECTED"
                hits = [verdicts([item])[0].status.value == wanted for item in items]
                out[name] = sum(hits) / len(hits)
        return out
    base = verdicts(good)
    out[GOOD] = sum(v.status.value == "APPROVED" for v in base) / max(1, len(base))
    for name, items in sets.items():
        if name == GOOD or not items:
            continue
        got = verdicts(list(items) + good)[: len(items)]
        out[name] = sum(v.status.value == "REJECTED" for v in got) / len(items)
    return out
