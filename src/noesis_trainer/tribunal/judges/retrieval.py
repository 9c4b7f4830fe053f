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
this prompt's (`Relevance.unclaimed`). Judged alone, or in a batch of fewer than
`RANKED_TOPICS` prompts, there is nothing to rank against: lexical relevance.

The encoder is e5 itself (`judges.semantic.SemanticRelevance`: `Tribunal(relevance="retrieval")`,
the `semantic` extra, about 15 ms for each prompt and answer of a batch in which the words call an
answer off topic) or e5's static word vectors (`judges.word_vectors.WordVectors`: the default,
`Tribunal()` or relevance "vectors", no extra, microseconds a text). Any object with the
`Encoder` method will do.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Protocol

from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.relevance import Relevance, batch_relevance
from noesis_trainer.tribunal.judges.semantic import _representatives
from noesis_trainer.tribunal.judges.text import count_pieces, topic_of


class Encoder(Protocol):
    """What the second look needs: how near each answer is to each prompt."""

    def similarities(self, answers: Sequence[str], prompts: Sequence[str]) -> Any:
        """A (len(answers), len(prompts)) array of cosines (or any finite similarity: a NaN
        is a `ValueError`)."""
        ...


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

RANKED_TOPICS = 8
"""The fewest distinct prompt topics, and answers the encoder tells apart, a batch needs before an
answer's nearest prompt is looked for (as `judges.semantic.MIN_TOPICS`). The written families
have 40-64 prompts; the pipeline judges 32 eval prompts by default."""

STANDARDISED_ANSWERS = 1024
"""Each prompt's cosines are standardised over at most this many of the batch's distinct
answers (evenly spaced, in batch order): an evaluation's batch holds them all; a batch of 10,000
answers is ranked at a tenth of the cost, with its statistics from a thousand of them."""

ANSWER_MARGIN: float | None = 0.0
"""How far ahead of the batch's other answers an answer must be for its own prompt (in standard
deviations of each answer's cosines over the batch's prompts) to be on topic when its own prompt
is not its nearest: the prompt's side of the same cosines. Static vectors misplace a terse answer
("Prazo, ou prazo final." reads nearer another prompt than "deadline em portugues") more often
than they misplace a prompt among the answers, and an answer to another question is nearly never
the nearest of all answers to the prompt it sits under: that prompt's own answer, or another
answer on its topic, is nearer. None: only the answer's side is looked at (before round 44).
Figures with `ANSWER_RIVAL` (docs/benchmarks.md, "Round 44")."""

ANSWER_RIVAL = 0.5
"""...and no other prompt may be more than this far ahead of the answer's own (in the standard
deviations of `RETRIEVAL_MARGIN`): an answer that one prompt draws clearly is that prompt's,
whatever the prompt it sits under finds nearest ("Wo ist die Toilette?" under "In what year did
the Berlin Wall go up?", whose own answer, a year, the vectors read faintly). Chosen on the 131
written families read before round 44 (margins 0, 0.25, 0.5, 1; rivals none, 3, 2, 1.5, 1, 0.75,
0.5, 0.25) and on the shared `generated` family: of the 131 families' 3,387 lexically off-topic
good answers the answer's side alone finds the own prompt of 79.4%, with the prompt's side
(margin 0) 84.7% with no rival limit, 84.5% with 1 and 83.5% with 0.5; answers to another
question found for the prompt they sit under, 0.10% alone, 0.29%, 0.18% and 0.13% (0.1%, 1.1%,
0.4% and 0.3% in batches holding no good answer). With 1, `generated`'s templated answers to
another question were rejected 90.1% instead of 91.8%; with 0.5, 91.8% (docs/benchmarks.md,
"Round 44")."""

FLAT_SPREAD = 1e-6
"""A spread of cosines at or below this, relative to their size, is none: a row of equal
cosines has a computed spread of the rounding of its mean (about 1e-17 in float64, up to 1e-5
in float32), which would blow that rounding up into standings of about one deviation; its
standings are 0. The cosines of a batch differ by hundredths or more."""


def _spread_or_one(spread: Any, mean: Any) -> Any:
    """`spread`, with 1 where it is none (`FLAT_SPREAD`): the standings of a flat row are 0."""
    import numpy as np

    return np.where(spread > FLAT_SPREAD * np.maximum(np.abs(mean), 1.0), spread, 1.0)


DISTINCT_COLUMNS = 16
"""Answers are told apart by their cosines to the first this many prompts."""


class RetrievalRelevance:
    """Lexical relevance; a lexically off-topic answer whose own prompt is the nearest of its
    batch's prompts (e5) is on topic at `RETRIEVED_RELEVANCE`, and one that another prompt is
    far nearer to (`CLAIM_LEAD`) is claimed by it. A `RelevanceBackend`."""

    def __init__(
        self,
        encoder: Encoder | None = None,
        *,
        rescued: float = RETRIEVED_RELEVANCE,
        margin: float = RETRIEVAL_MARGIN,
        claim: float = CLAIM_LEAD,
        answer_margin: float | None = ANSWER_MARGIN,
        answer_rival: float = ANSWER_RIVAL,
        min_topics: int = RANKED_TOPICS,
        longest: int | None = None,
    ) -> None:
        if not 0.0 <= rescued <= 1.0:
            raise ValueError(f"rescued must be in [0, 1], got {rescued}")
        if not claim >= 0.0:
            raise ValueError(f"claim must be 0 or more, got {claim}")
        if answer_margin is not None and not math.isfinite(answer_margin):
            raise ValueError(f"answer_margin must be a finite number or None, got {answer_margin}")
        if not answer_rival >= 0.0:
            raise ValueError(f"answer_rival must be 0 or more, got {answer_rival}")
        if min_topics < 2:
            raise ValueError(f"min_topics must be 2 or more, got {min_topics}")
        if longest is not None and longest < 1:
            raise ValueError(f"longest must be 1 or more (or None), got {longest}")
        if encoder is None:
            from noesis_trainer.tribunal.judges.semantic import SemanticRelevance, check_installed

            check_installed()
            encoder = SemanticRelevance()
        self.encoder: Encoder = encoder
        """Tells how near answers are to prompts (`similarities`); e5 by default, which may be
        shared with a `SemanticRelevance`."""
        self.rescued = rescued
        self.margin = margin
        self.claim = claim
        self.answer_margin = answer_margin
        """An answer whose own prompt is not its nearest is on topic all the same when it is,
        by this margin, its prompt's nearest answer (`ANSWER_MARGIN`; None: never)."""
        self.answer_rival = answer_rival
        """...unless another prompt is more than this far ahead of its own (`ANSWER_RIVAL`)."""
        self.min_topics = min_topics
        self.longest = longest
        """Only answers of at most this many words are put on topic by their nearest prompt
        (None: any); a longer one that names none of its prompt's topic is off topic on its
        words (`judges.word_vectors.TERSE_WORDS`)."""
        self._last: tuple[tuple[JudgeItem, ...], list[Relevance]] | None = None

    def __call__(self, items: Sequence[JudgeItem]) -> list[Relevance]:
        batch = tuple(items)
        if self._last is not None and self._last[0] == batch:
            return self._last[1]  # the three judges score the same batch one after another
        out = self._relevance(batch)
        self._last = (batch, out)
        return out

    def clear_cache(self) -> None:
        """Forget the last batch and what the encoder cached (benchmarks time every lookup)."""
        self._last = None
        clear = getattr(self.encoder, "clear_cache", None)
        if callable(clear):
            clear()

    def nearest_is_own(self, items: Sequence[JudgeItem], which: Sequence[int]) -> list[bool]:
        """For the items at `which`: whether the answer's own prompt topic is the nearest of the
        batch's prompt topics by `margin` or more (`own_lead`)."""
        return [lead >= self.margin for lead in self.own_lead(items, which)]

    def own_lead(self, items: Sequence[JudgeItem], which: Sequence[int]) -> list[float]:
        """For the items at `which`: how far the answer's own prompt topic is ahead of the
        nearest other prompt topic of the batch (negative: behind it; NaN when the batch has
        fewer than `min_topics` topics or distinct answers, where a rank says little: with two
        prompts, a line about the rain is "nearer" the betta's food than Mongolia's capital,
        and answers all alike stand level with every prompt). Each prompt's cosines are
        standardised over the batch's answers (less their mean, over their spread): some prompts
        are near every answer ("hubs"), some spread wider than others. The mean raised the
        share of answers whose own prompt is nearest from 86-91% to 91-98% on the written short
        families; the spread (round 27) found the own prompt of 61 of 112 lexically off-topic
        good answers on eight held-out families instead of 56, with the same one answer to
        another question found for its wrong prompt. An answer or a prompt the encoder sees
        nothing in (all its cosines 0: no word with a vector) ranks nowhere: NaN, and no
        competitor."""
        return self.leads(items, which)[0]

    def leads(
        self, items: Sequence[JudgeItem], which: Sequence[int]
    ) -> tuple[list[float], list[float]]:
        """For the items at `which`: `own_lead`, and how far the answer is ahead of the batch's
        other distinct answers for its own prompt topic (the prompt's side: each answer's
        cosines standardised over the batch's prompts, so that an answer near every prompt does
        not outrank the rest; its rivals are the answers each prompt's cosines are standardised
        over, `STANDARDISED_ANSWERS`). NaN where `own_lead` is, and where no other answer
        competes."""
        return self._leads(items, which, behind_only=False)

    def _leads(
        self, items: Sequence[JudgeItem], which: Sequence[int], *, behind_only: bool
    ) -> tuple[list[float], list[float]]:
        """`leads`; with `behind_only`, the prompt's side only of the items whose own prompt is
        behind by less than `answer_rival` (the others' are NaN: `_relevance` reads no more)."""
        import numpy as np

        nothing = [math.nan] * len(which)
        topics = _representatives(items)
        answers = list(dict.fromkeys(it.response for it in items))
        if min(len(topics), len(answers)) < self.min_topics or not which:
            return nothing, list(nothing)
        index = {name: i for i, name in enumerate(topics)}
        step = -(-len(answers) // STANDARDISED_ANSWERS)  # every answer up to that many
        population = answers[::step]
        needed = list(dict.fromkeys([*population, *(items[i].response for i in which)]))
        answer_index = {a: i for i, a in enumerate(needed)}
        sims = np.asarray(self.encoder.similarities(needed, list(topics.values())))
        if sims.shape != (len(needed), len(topics)):
            raise ValueError(
                f"encoder gave similarities of shape {sims.shape} for {len(needed)} answers "
                f"and {len(topics)} prompts"
            )
        if not np.isfinite(sims).all():
            # a NaN ranks nowhere and everywhere: which answer it spared would depend on the order
            raise ValueError(
                f"encoder gave {int((~np.isfinite(sims)).sum())} non-finite similarities "
                f"(NaN or infinite) of {sims.size}: {self.encoder!r}"
            )
        known = sims[: len(population)]
        blank = np.asarray(~sims.any(axis=1))  # an answer the encoder sees nothing in
        silent = np.asarray(~known.any(axis=0))  # a prompt it sees nothing in
        readable = np.flatnonzero(~silent)
        seen = known[~blank[: len(population)]][:, readable[:DISTINCT_COLUMNS]]
        if len(readable) < self.min_topics or len(np.unique(seen, axis=0)) < self.min_topics:
            # too few prompts it reads, or answers it cannot tell apart ("Answer: 1",
            # "Answer: 2"...): no ranking
            return nothing, list(nothing)
        rows = np.array([answer_index[items[i].response] for i in which])
        owns = np.array([index[topic_of(items[i].prompt)] for i in which])
        mean = known.mean(axis=0, keepdims=True)
        spread = _spread_or_one(known.std(axis=0, keepdims=True), mean)
        # a new array (the encoder's may be kept), each prompt's cosines standardised
        by_prompt = sims - mean
        by_prompt /= spread
        by_prompt[:, silent] = -np.inf
        picked = by_prompt[rows]
        own = picked[np.arange(len(which)), owns]
        picked[np.arange(len(which)), owns] = -np.inf
        leads = own.astype(np.float64) - picked.max(axis=1).astype(np.float64)
        # a tie is no lead: two prompts the encoder reads alike ("quanto é 12 vezes 7?", "quanto
        # é 9 vezes 8?") cannot tell which one an answer is for
        unranked = blank[rows] | silent[owns] | ~np.isfinite(leads) | (leads == 0.0)
        row_leads = [
            math.nan if skip else float(lead) for lead, skip in zip(leads, unranked, strict=True)
        ]
        wanted = ~unranked
        if behind_only:
            if self.answer_margin is None:
                return row_leads, list(nothing)
            wanted &= (leads < self.margin) & (leads >= -self.answer_rival)
        answer_leads = list(nothing)
        if wanted.any():
            at = np.flatnonzero(wanted)
            found = _answer_leads(sims, len(population), readable, blank, rows[at], owns[at])
            for position, lead in zip(at, found, strict=True):
                answer_leads[position] = lead
        return row_leads, answer_leads

    def _relevance(self, items: Sequence[JudgeItem]) -> list[Relevance]:
        out = list(batch_relevance(items))
        # a strong lexical claim by another prompt (`misplaced`) is not looked at again
        which = [i for i, r in enumerate(out) if r.off_topic and not r.misplaced]
        row_leads, answer_leads = self._leads(items, which, behind_only=True)
        for i, lead, answer_lead in zip(which, row_leads, answer_leads, strict=True):
            # `_leads` reads the prompt's side only of answers within `answer_rival` (NaN else)
            nearest = lead >= self.margin or (
                self.answer_margin is not None and answer_lead >= self.answer_margin
            )
            if nearest and self._terse(items[i].response) and self._known(i, items):
                out[i] = Relevance(max(out[i].score, self.rescued), False, out[i].ceiling)
            elif out[i].unclaimed and lead < -self.claim:
                # nearest to another prompt: claimed by it, so its form alone (a number for
                # "how many") does not make it this prompt's answer
                out[i] = out[i]._replace(unclaimed=False)
        return out

    def _known(self, i: int, items: Sequence[JudgeItem]) -> bool:
        """Whether the encoder reads enough of item `i`'s answer to rank it (`knows`, where it
        has one: static word vectors know the words of two languages only)."""
        knows = getattr(self.encoder, "knows", None)
        return knows is None or bool(knows(items[i].response))

    def _terse(self, response: str) -> bool:
        """Whether `response` is short enough to be looked at again (`longest`)."""
        return self.longest is None or count_pieces(response, self.longest) <= self.longest

    def __repr__(self) -> str:
        return (
            f"RetrievalRelevance({self.encoder!r}, rescued={self.rescued}, margin={self.margin}, "
            f"claim={self.claim}, answer_margin={self.answer_margin}, "
            f"answer_rival={self.answer_rival}, longest={self.longest})"
        )


def _answer_leads(
    sims: Any, rivals: int, readable: Any, blank: Any, rows: Any, owns: Any
) -> list[float]:
    """The prompt's side of `RetrievalRelevance.leads` for answers `rows` at prompts `owns`:
    each answer's cosines standardised over the `readable` prompts; then the answer's standing
    at its prompt less the best of the first `rivals` answers' there (itself and answers the
    encoder sees nothing in, `blank`, left out). NaN for a tie or no rival."""
    import numpy as np

    read = sims if len(readable) == sims.shape[1] else sims[:, readable]
    # rows read: the rivals, and the answers looked at (past the rivals when not among them)
    looked = np.unique(rows[rows >= rivals])
    rows_read = np.concatenate([np.arange(rivals), looked])
    chosen = read[rows_read]
    mean = chosen.mean(axis=1)
    spread = _spread_or_one(chosen.std(axis=1), mean)
    position = np.empty(sims.shape[0], dtype=np.intp)
    position[rows_read] = np.arange(len(rows_read))
    # every rival at each item's own prompt, standardised: (rivals, items)
    standing = (sims[:rivals][:, owns] - mean[:rivals, None]) / spread[:rivals, None]
    standing[blank[:rivals]] = -np.inf
    mine = rows < rivals
    standing[rows[mine], np.flatnonzero(mine)] = -np.inf  # an answer is not its own rival
    at = position[rows]
    own = (sims[rows, owns] - mean[at]) / spread[at]
    best = standing.max(axis=0) if rivals else np.full(len(rows), -np.inf)
    leads = own.astype(np.float64) - best.astype(np.float64)
    skip = ~np.isfinite(leads) | (leads == 0.0)
    return [math.nan if s else float(lead) for lead, s in zip(leads, skip, strict=True)]
