"""The gate every model-written question and answer passes before it becomes training data.

Two checks, both cheap and torch-free:

- the shared output-failure detectors (`tribunal.output_failures`: loops, echo, template
  leakage, placeholders, truncation, wrong language, an answer that fits another question of the
  batch better than its own);
- faithfulness to the seed: the answer is in the seed's language, it talks about the seed's
  subject (shares enough of its content words), and neither the question nor the answer is a copy
  of the seed's.

A failure becomes a `Declined` with a reason (``model_<kind>`` or ``unfaithful_<why>``): the
`VariationGenerator` counts refusals per reason and retries the slot with a fresh draft, within
its ``max_attempts`` budget. Nothing a model writes is trusted unchecked.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from noesis_trainer.core.dedup import jaccard
from noesis_trainer.core.schema import Example
from noesis_trainer.variations.base import Declined
from noesis_trainer.variations.text import Language, detect_language

COPY_THRESHOLD = 0.8
"""Word 5-gram Jaccard from which a rewrite is a copy of its seed (the generator's threshold)."""
MIN_TOPIC_OVERLAP = 0.08
"""Least share of the answer's content words that must come from the seed (prompt and answer)."""
MIN_CONTENT_WORDS = 4

_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
_STOP = frozenset(
    [
        "como",
        "mais",
        "para",
        "pela",
        "pelo",
        "isso",
        "esta",
        "este",
        "essa",
        "esse",
        "quando",
        "onde",
        "porque",
        "sobre",
        "entre",
        "também",
        "muito",
        "muita",
        "pode",
        "podem",
        "seja",
        "será",
        "sendo",
        "cada",
        "outro",
        "outra",
        "mesmo",
        "ainda",
        "então",
        "aqui",
        "assim",
        "that",
        "this",
        "with",
        "from",
        "have",
        "what",
        "when",
        "where",
        "which",
        "would",
        "could",
        "should",
        "there",
        "their",
        "about",
        "into",
        "more",
        "some",
        "than",
        "then",
        "they",
        "them",
        "will",
        "your",
        "also",
        "just",
        "like",
        "only",
    ]
)


def content_words(text: str) -> set[str]:
    """Lower-cased words of four letters or more, without the most common function words."""
    return {w for w in (m.casefold() for m in _WORD.findall(text)) if w not in _STOP}


@dataclass(frozen=True)
class Faithfulness:
    """How a rewrite relates to its seed (the figures behind `unfaithful` reasons)."""

    language: Language
    seed_language: Language
    topic_overlap: float
    answer_copy: float
    question_copy: float


def faithfulness(seed: Example, seed_language: Language, prompt: str, answer: str) -> Faithfulness:
    words = content_words(answer)
    source = content_words(f"{seed.prompt}\n{seed.response_revised}")
    overlap = len(words & source) / len(words) if words else 0.0
    return Faithfulness(
        language=detect_language(f"{prompt}\n{answer}"),
        seed_language=seed_language,
        topic_overlap=overlap,
        answer_copy=jaccard(seed.response_revised, answer),
        question_copy=jaccard(seed.prompt, prompt),
    )


def unfaithful(f: Faithfulness, answer: str) -> Declined | None:
    """The first way a rewrite betrays its seed, or None."""
    if f.language != f.seed_language:
        return Declined(
            "unfaithful_language", f"written in {f.language}, the seed is in {f.seed_language}"
        )
    if f.answer_copy >= COPY_THRESHOLD or f.question_copy >= COPY_THRESHOLD:
        return Declined(
            "unfaithful_copy",
            f"copies the seed (answer {f.answer_copy:.2f}, question {f.question_copy:.2f})",
        )
    if len(content_words(answer)) >= MIN_CONTENT_WORDS and f.topic_overlap < MIN_TOPIC_OVERLAP:
        return Declined(
            "unfaithful_topic",
            f"only {f.topic_overlap:.0%} of its content words come from the seed",
        )
    return None


def gate_rewrites(
    seeds: Sequence[Example],
    languages: Sequence[Language],
    instructions: Sequence[str],
    questions: Sequence[str],
    answers: Sequence[str],
    *,
    questions_finished: Sequence[bool | None] | None = None,
    answers_finished: Sequence[bool | None] | None = None,
    special_tokens: Collection[str] = (),
) -> list[Declined | None]:
    """One verdict per rewrite: None when (question, answer) may become an example.

    `instructions` are the fixed instructions the model was given to rewrite each question (a
    question that echoes one fails); `*_finished` say whether each reply ended on its own (None:
    unknown).
    """
    from noesis_trainer.tribunal.output_failures import FailureKind, detect, detect_batch

    # A new question is checked on its own (a faithful rephrasing shares the seed question's
    # words, so echo is looked for against the fixed instruction only).
    q_fail = []
    for i, (head, question) in enumerate(zip(instructions, questions, strict=True)):
        done = None if questions_finished is None else questions_finished[i]
        alone = detect("", question, finished=done, special_tokens=special_tokens)
        echo = [
            f
            for f in detect(head, question, special_tokens=special_tokens)
            if f.kind is FailureKind.ECHO
        ]
        q_fail.append(alone + echo)
    a_fail = detect_batch(
        list(zip(questions, answers, strict=True)),
        finished=answers_finished,
        special_tokens=special_tokens,
    )
    out: list[Declined | None] = []
    for i, seed in enumerate(seeds):
        verdict: Declined | None = None
        for field, found in (("question", q_fail[i]), ("answer", a_fail[i])):
            if found and verdict is None:
                first = found[0]
                kind = str(getattr(first.kind, "value", first.kind)).lower()
                verdict = Declined(f"model_{kind}", f"{field}: {first.reason}")
        if verdict is None:
            verdict = unfaithful(
                faithfulness(seed, languages[i], questions[i], answers[i]), answers[i]
            )
        out.append(verdict)
    return out
