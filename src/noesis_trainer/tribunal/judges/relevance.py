"""Topic relevance of a batch of answers: IDF-weighted, and relative to the batch's other prompts.

An item's relevance is the share of its prompt's topic stems (and character 4-grams) that the
answer takes up, each stem weighted (alone: by its rarity in general language, below). Judged in
a batch, two things sharpen it, both computed from the batch itself (no tuning to any data set):

* **IDF weights** - a stem found in most of the batch's distinct answers ("sistema", "informação")
  says little about which question an answer addresses; a rare one ("Diffie", "Peano") says much.
  Weight = 1 + ln(M / df), M distinct answers, df those containing the stem (M = 1: all equal).
* **Relative relevance** (opt-in, `relative=True`) - an answer that takes up another prompt of
  the batch clearly better than its own answers a different question: its relevance is scaled
  by own / best-other coverage (coverages saturated at 50% of the stems, as in `relevance`).
  Prompts that differ only in framing ("Explique de forma simples: X" and "X") share a topic and
  never count as "other".

Below `MIN_IDF_ANSWERS` distinct answers (one item judged alone, a handful), or when the batch
has a single prompt, a word's frequency in the batch says nothing; the stems are weighed instead
by how common they are in general Portuguese and English (`judges.background`), so that an
answer judged alone is called off topic as it would be in a batch. With an explicit
`off_topic_below` (the semantic setting's lexical half), a batch of one prompt gives exactly the
plain, unweighted relevance.

An item with a reference answer (a gold answer: `noesis run` passes the eval row's revised
answer) is also judged by it: `reference_excess` is what the answer takes up of the reference's
topic stems beyond chance, and `with_reference` lets it rescue an answer its prompt calls off
topic (`REFERENCE_EXCESS`).

An off-topic answer that no other prompt of its batch claims either is `Relevance.unclaimed`: a
terse answer that names no word of any question. The judges then ask whether it is the very
kind of thing its prompt asks for (`judges.text.in_kind`); judged alone (`Relevance.alone`),
only the strongest kinds count.

The batch's topics, stem weights and stem -> topic index are a `judges.batch_topics.BatchTopics`,
the weighting the gate's MISPLACED check (`output_failures.misplaced`) builds with its own IDF.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import NamedTuple, Protocol

from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.background import stem_frequency, stem_weight
from noesis_trainer.tribunal.judges.batch_topics import BatchTopics, batch_topics, topic_stems
from noesis_trainer.tribunal.judges.text import (
    PromptFeatures,
    ResponseFeatures,
    combine,
    gram_coverage,
    prompt_features,
    relevance_of,
    response_features,
)

RELATIVE_FLOOR = 0.05
"""Added to both (saturated) coverages before their ratio: two near-zero coverages say little."""

OFF_TOPIC_COVERAGE = 0.2
"""In a batch, an answer is off topic when it takes up less than this share of its prompt's topic
stems, IDF-weighted over the batch (so that a word most answers of the batch use, "virtude",
"sistema", "computação", hardly counts as taking up the topic)..."""

OTHER_TOPIC_EVIDENCE = 0.8
"""With `relative`, an answer sharing nothing with its prompt is called off topic by the absolute
test only when it also takes up another prompt of the batch at least this well (saturated
coverage); otherwise its topic is undetermined (a terse answer that never names it)."""

MIN_IDF_ANSWERS = 8
"""The IDF-weighted coverage decides only in a batch of at least this many distinct answers (the
prior for a small batch: a word's frequency among three answers says nothing); below it the
background-weighted coverage (`BACKGROUND_OFF_TOPIC_COVERAGE`) does."""

BACKGROUND_OFF_TOPIC_COVERAGE = 0.3
"""Alone or in a small batch, an answer is off topic when it takes up less than this share of
its prompt's topic stems, weighted by their rarity in general language (`judges.background`).
Chosen on the `philosophical` family of the original data, judging each item alone (the
highest min(good approved, off-topic rejected): 0.25 92.7% / 87.9%, **0.3 90.3% / 92.7%**,
0.32 89.5% / 93.5%); held-out figures in docs/benchmarks.md."""

CLOSED_SHARE = 0.5
"""For a closed question (`PromptFeatures.closed`), off topic takes this share of the usual
coverage threshold: "It's Au, from the Latin aurum, which means gold" names one of "chemical
symbol for gold"'s three stems, the one that matters. (Not for a how-to in a named tool: every
answer about that tool names it.)"""

CLAIM_SHARE = 2.0
"""Another prompt of the batch claims an off-topic answer (`Relevance.unclaimed` is False) when
the answer takes up this many times the off-topic threshold of that prompt's topic (one shared
word of a three-word prompt is chance; two are a claim). Chosen on the short written families
`short_b` to `short_f` (1.0 and 1.5 let fewer terse answers through, with the same off-topic
figures); `short_g` to `short_j` were held out for it (docs/benchmarks.md)."""

CLAIM_HITS = 2
"""...in at least this many of its stems: one word an answer shares with a short prompt
("brasileiro" with "Cite três biomas brasileiros") is chance, two are a claim. Read from the
misses of `short_b` to `short_i`; `short_j` was held out for it."""

MISPLACED_COVERAGE = 0.5
"""...or when it takes up at least this share of ANOTHER prompt of the batch (IDF-weighted, two
stems or more)..."""

MISPLACED_RATIO = 3.0
"""...and this many times the share of its own prompt it takes up (relative relevance, on by
default). The three were chosen on the `philosophical` files of the original data (hand-written
answers; off-topic answers rejected 73% -> 90%, good ones flagged 3% -> 6%) and reported on the
other families in docs/benchmarks.md."""


MISPLACED_STRONG_HITS = 10
"""...or, with strong evidence, when it takes up at least this many stems of another prompt of
the batch (and `MISPLACED_COVERAGE` of their weight)..."""

MISPLACED_STRONG_RATIO = 1.5
"""...and this many times the share of its own prompt. A long answer takes up a fair share of
any prompt of its theme by chance (a 10,000-character answer to another question of the
original data's `alma_manual_600` family covers a median 24% of its new prompt), so the ratio of
3 misses it, while ten stems of one other prompt are no chance. Chosen on the `alma_manual_600`
and `philosophical` families: off-topic answers rejected 63% -> 96% on the first at 6, 8 or 10
stems (the strictest of the three kept; 12: 93%, 14: 85%), ratio 1.5 (1.75: 93%, 2.0: 85%, at
6 stems); good answers unchanged on both. Held out: the seed file, `generated`, our examples
(docs/benchmarks.md)."""

CEILING_FLOOR = 0.6
"""With a calibrated relevance signal (a batch z-score, see `judges.semantic`), Veritas and Dikē
are capped at `CEILING_FLOOR + (1 - CEILING_FLOOR) * relevance`: a rich answer to another question
cannot outscore a terse answer to this one, while a terse on-topic answer (well below the cap)
loses nothing."""


def ceiling_for(score: float, floor: float = CEILING_FLOOR) -> float:
    """The cap on Veritas and Dikē that a calibrated relevance `score` imposes."""
    return floor + (1.0 - floor) * min(1.0, max(0.0, score))


class Relevance(NamedTuple):
    """An item's relevance in [0, 1]; whether it is off topic (caps every virtue at 0.3-0.45);
    the `ceiling` a calibrated signal puts on Veritas and Dikē (1: none); and whether it takes
    up another prompt of its batch on strong evidence (`misplaced`: `MISPLACED_STRONG_HITS`
    stems or more; a reference answer does not overrule that)."""

    score: float
    off_topic: bool
    ceiling: float = 1.0
    misplaced: bool = False
    unclaimed: bool = False
    """Off topic, in a batch of several prompts none of which the answer takes up either (under
    the off-topic threshold for each): a terse answer that names no word of any question, whose
    own prompt would claim it were it misplaced. Alone, nothing tells: False."""
    alone: bool = False
    """Judged with no other prompt (alone, or a batch of one prompt): no prompt could claim it."""


class RelevanceBackend(Protocol):
    """Another relevance signal for the heuristic judges: it replaces their lexical relevance
    (a backend may build on `batch_relevance`, as `judges.semantic.SemanticRelevance` does)."""

    def __call__(self, items: Sequence[JudgeItem]) -> Sequence[Relevance]: ...


@functools.lru_cache(maxsize=8192)
def _background_weights(keys: tuple[str, ...]) -> tuple[tuple[float, ...], float]:
    """The background weights of a prompt's topic stems, and their sum (cached per prompt)."""
    weights = tuple(map(stem_weight, keys))
    return weights, sum(weights)


@functools.lru_cache(maxsize=4096)
def _background_frequencies(keys: tuple[str, ...]) -> tuple[float, ...]:
    """The general-language frequencies of a reference's topic stems (cached per reference: a
    reference judges an answer every epoch)."""
    return tuple(map(stem_frequency, keys))


def _off_topic_below(threshold: float, p: PromptFeatures) -> float:
    """The own-topic coverage under which an answer to `p` is off topic: `threshold`, or
    `CLOSED_SHARE` of it for a closed question."""
    return threshold * CLOSED_SHARE if p.closed and not p.kind_asked else threshold


def _alone(p: PromptFeatures, r: ResponseFeatures) -> Relevance:
    """An item judged with no other prompt in its batch: its topic stems weighted by their rarity
    in general language (`judges.background`), off topic under `BACKGROUND_OFF_TOPIC_COVERAGE`.
    (What the batch loop computes for one prompt with background weights, without its walk
    over the other prompts.)"""
    if not p.stems:
        return Relevance(1.0, False)
    keys = topic_stems(p)
    weights, total = _background_weights(keys)
    prefixes = r.prefixes
    own = sum(w for k, w in zip(keys, weights, strict=True) if k in prefixes) / total
    plain_stems = sum(k in prefixes for k in keys) / len(keys) if not p.grams else 0.0
    gram_cov = gram_coverage(p, r.joined, plain_stems)
    return Relevance(
        combine(own, gram_cov),
        own < _off_topic_below(BACKGROUND_OFF_TOPIC_COVERAGE, p),
        alone=True,
    )


def batch_relevance(
    items: Sequence[JudgeItem],
    *,
    relative: bool = False,
    off_topic_below: float | None = None,
) -> list[Relevance]:
    """Each item's relevance to its prompt in the batch's context (IDF-weighted; scaled by own /
    best-other coverage when `relative`). Off topic: under `OFF_TOPIC_COVERAGE` of its own
    prompt's IDF-weighted stems (under `BACKGROUND_OFF_TOPIC_COVERAGE` of them weighted by
    general-language rarity, alone, below `MIN_IDF_ANSWERS` distinct answers or with one
    prompt), or another prompt of the batch clearly taken up instead (`MISPLACED_COVERAGE`,
    `MISPLACED_RATIO`). With an explicit `off_topic_below`: plain overlap below that threshold,
    nothing relative."""
    return list(_batch_relevance(tuple(items), relative, off_topic_below))


@functools.lru_cache(maxsize=4)
def _batch_relevance(
    items: tuple[JudgeItem, ...], relative: bool, off_topic_below: float | None
) -> tuple[Relevance, ...]:
    """Cached: the three heuristic judges score the same batch one after another."""
    prompts = [prompt_features(it.prompt) for it in items]
    responses = [response_features(it.response) for it in items]
    topics = batch_topics(prompts)
    if len(topics) < 2:
        return _one_topic(items, prompts, responses, off_topic_below)
    batch, threshold = _weighted(topics, items, responses)
    rules = _Rules(relative, off_topic_below, threshold)
    taken = batch.taken
    out: list[Relevance] = []
    memo: dict[tuple[str, str], Relevance] = {}
    for it, p, r in zip(items, prompts, responses, strict=True):
        if not p.stems:
            out.append(Relevance(1.0, False))
            continue
        key = (p.topic, it.response)
        if key not in memo:  # an answer repeated under framed variants is judged once
            memo[key] = _in_batch(batch, p, r.joined, taken[it.response], rules)
        out.append(memo[key])
    return tuple(out)


def _one_topic(
    items: Sequence[JudgeItem],
    prompts: Sequence[PromptFeatures],
    responses: Sequence[ResponseFeatures],
    off_topic_below: float | None,
) -> tuple[Relevance, ...]:
    """A batch of one topic has no other prompt to weigh words against or to compare with: the
    plain overlap under an explicit `off_topic_below`, else each item as if judged alone."""
    if off_topic_below is not None:
        plain = [relevance_of(it.prompt, it.response) for it in items]
        return tuple(Relevance(x, x < off_topic_below) for x in plain)
    return tuple(_alone(p, r) for p, r in zip(prompts, responses, strict=True))


def _batch_idf(answers: int, holding: int) -> float:
    """The judges' IDF weight, ``1 + ln(M / df)``: at least 1, so a stem every answer uses still
    counts as taken up (the gate's MISPLACED check weighs such a stem near 0 instead)."""
    return 1.0 + math.log(answers / max(1, holding))


def _weighted(
    topics: dict[str, tuple[str, ...]],
    items: Sequence[JudgeItem],
    responses: Sequence[ResponseFeatures],
) -> tuple[BatchTopics, float]:
    """The batch's topics weighted by IDF over its distinct answers, or, below `MIN_IDF_ANSWERS`
    of them (a word's frequency among a handful says nothing), by rarity in general language;
    and the own-topic coverage under which an answer is off topic with those weights
    (`OFF_TOPIC_COVERAGE`, `BACKGROUND_OFF_TOPIC_COVERAGE`: chosen apart, one per kind)."""
    distinct: dict[str, frozenset[str]] = {}
    for it, r in zip(items, responses, strict=True):
        distinct.setdefault(it.response, r.prefixes)
    if len(distinct) >= MIN_IDF_ANSWERS:
        return BatchTopics.weigh(topics, distinct, idf=_batch_idf), OFF_TOPIC_COVERAGE
    return BatchTopics.weigh(topics, distinct, idf=None), BACKGROUND_OFF_TOPIC_COVERAGE


class _Rules(NamedTuple):
    """How `batch_relevance` was asked to judge (see its docstring)."""

    relative: bool
    explicit: float | None
    """The caller's own off-topic threshold on the plain overlap (None: the batch rules)."""
    threshold: float
    """The own-topic coverage under which an answer is off topic (see `_weighted`)."""


def _best_other(
    batch: BatchTopics, covered: dict[str, float], taken: set[str], relative: bool
) -> tuple[float, int]:
    """The coverage of the other topic of the batch that an answer takes up best, and how many of
    its stems it takes up ((0, 0): none); `covered`: the answer's other topics with their
    weights (`BatchTopics.other_topics`). Without `relative` only a topic covered at least
    `MISPLACED_COVERAGE` counts."""
    total = batch.total
    if not relative:
        covered = {t: c for t, c in covered.items() if c / total[t] >= MISPLACED_COVERAGE}
    if not covered:
        return 0.0, 0
    best = max(covered, key=lambda t: (covered[t] / total[t], t))
    return covered[best] / total[best], len(taken.intersection(batch.topics[best]))


def _strongly_other(
    batch: BatchTopics, covered: dict[str, float], taken: set[str], own: float
) -> bool:
    """Whether the answer takes up another topic of the batch (of `covered`, as for
    `_best_other`) with strong evidence: `MISPLACED_STRONG_HITS` of its stems,
    `MISPLACED_COVERAGE` of their weight and `MISPLACED_STRONG_RATIO` times the answer's own
    coverage."""
    total, topics = batch.total, batch.topics
    need = max(MISPLACED_COVERAGE, MISPLACED_STRONG_RATIO * own)
    return any(
        c / total[t] >= need and len(taken.intersection(topics[t])) >= MISPLACED_STRONG_HITS
        for t, c in covered.items()
        if len(topics[t]) >= MISPLACED_STRONG_HITS
    )


def _claimed(
    batch: BatchTopics, covered: dict[str, float], taken: set[str], threshold: float
) -> bool:
    """Whether another topic of the batch claims an answer (`covered`, as for `_best_other`): it
    takes up `CLAIM_SHARE` times the off-topic threshold of that topic's weight, in at least
    `CLAIM_HITS` of its stems (all of them, for a topic of fewer)."""
    total, topics = batch.total, batch.topics
    for t, c in covered.items():
        if c >= CLAIM_SHARE * threshold * total[t]:
            stems = topics[t]
            if len(taken.intersection(stems)) >= min(CLAIM_HITS, len(stems)):
                return True
    return False


RAREST_BACKGROUND_WEIGHT = 4.0
"""In a batch, an answer that takes up too little of its prompt's topic is on topic all the same
when it names the prompt's rarest word in the batch (`BatchTopics.rarest_taken`: "birra" for "Meu
filho de 3 anos faz birra toda vez que saímos do parquinho. O que faço?") and that word is rare in
general language too: a background weight (`judges.background`) of at least this, i.e. a stem
that fewer than about one answer in twenty uses ("deixa", "find", "favor" are under it). Chosen
on the written families `short_b` to `short_n`, `short_o`, `short_p` and `short_r`: rescued
good answers 50 with it (62 without), answers to another question 1 (8 without)."""


def _names_rarest(batch: BatchTopics, topic: str, taken: set[str]) -> bool:
    """Whether an answer (`taken`) names its prompt's rarest word, rare in general language too
    (`RAREST_BACKGROUND_WEIGHT`)."""
    return any(stem_weight(k) >= RAREST_BACKGROUND_WEIGHT for k in batch.rarest_taken(topic, taken))


REACH_SHARE = min(MISPLACED_COVERAGE, CLAIM_SHARE * OFF_TOPIC_COVERAGE, OTHER_TOPIC_EVIDENCE / 2)
"""The least share of another topic that any check of `_in_batch` weighs: misplaced
(`MISPLACED_COVERAGE`), claimed (`CLAIM_SHARE` times the off-topic threshold, the background one
higher), and, with `relative`, an answer that takes up this much of its own prompt is scaled or
called off topic only by another prompt it takes up more of (2x coverage against its own, and
`OTHER_TOPIC_EVIDENCE`): other topics below it change nothing, so they are not walked."""


def _in_batch(
    batch: BatchTopics, p: PromptFeatures, joined: str, taken: set[str], rules: _Rules
) -> Relevance:
    """One answer's relevance to prompt `p` in a batch of several topics (`taken`: the batch's
    topic stems the answer takes up; `joined`: its folded text, for the 4-gram coverage)."""
    relative, explicit, threshold = rules
    own, own_hits = batch.coverage(p.topic, taken)
    # Only an answer that takes up little of its own prompt can fit another one clearly better:
    # the walk over other topics is skipped for the (many) answers on topic.
    weigh_best = relative or own * MISPLACED_RATIO < 1.0
    weigh_strong = (
        explicit is None
        and own * MISPLACED_STRONG_RATIO < 1.0
        and own >= threshold
        and len(taken) >= MISPLACED_STRONG_HITS
    )
    covered: dict[str, float] = {}
    if weigh_best or weigh_strong:
        # Every other topic when the best one's exact share may count ("relative", little of its
        # own taken up), else those it may take up REACH_SHARE of: all that the checks weigh.
        covered = (
            batch.other_topics(taken, p.topic, weighted=True)
            if relative and own < REACH_SHARE
            else batch.topics_reaching(taken, p.topic, REACH_SHARE)
        )
    best_other, other_hits = 0.0, 0
    if weigh_best:
        best_other, other_hits = _best_other(batch, covered, taken, relative)
    plain_stems = own_hits / len(p.stems)
    gram_cov = gram_coverage(p, joined, plain_stems)
    rel = combine(own, gram_cov)
    own_s, other_s = min(1.0, 2.0 * own), min(1.0, 2.0 * best_other)
    if relative and other_s > own_s:
        rel *= (own_s + RELATIVE_FLOOR) / (other_s + RELATIVE_FLOOR)
    strongly = weigh_strong and _strongly_other(batch, covered, taken, own)
    misplaced = strongly or (
        best_other >= MISPLACED_COVERAGE and other_hits >= 2 and best_other >= MISPLACED_RATIO * own
    )
    if explicit is not None:  # the caller's own threshold on the plain overlap only
        off_topic = combine(plain_stems, gram_cov) < explicit
    else:
        off_topic = own < _off_topic_below(threshold, p) and not _names_rarest(
            batch, p.topic, taken
        )
    if relative:
        off_topic = off_topic and other_s >= OTHER_TOPIC_EVIDENCE
    off_topic = off_topic or (explicit is None and misplaced)
    unclaimed = (
        off_topic
        and explicit is None
        and not misplaced
        and not _claimed(batch, covered, taken, threshold)
    )
    return Relevance(rel, off_topic, misplaced=explicit is None and strongly, unclaimed=unclaimed)


def clear_cache() -> None:
    """Forget cached batches and reference figures (benchmarks measure cold runs)."""
    _batch_relevance.cache_clear()
    _excess.cache_clear()
    _background_frequencies.cache_clear()


REFERENCE_EXCESS = 0.1
"""An item with a reference answer (the eval set's revised answer, a gold answer) that its prompt
calls off topic is on topic after all when the answer takes up at least this much more of the
reference's topic stems than an answer of its length would by chance (`reference_excess`): a
terse answer that never names its topic ("Troca de chaves em canal público. Alice envia gᵃ mod
p..." for "Explique Diffie-Hellman") uses the gold answer's vocabulary. Chosen on the written
families (tests/tribunal/written, references written apart from the answers): the largest
excess of an answer to another question there is 0.100 (one of 128), the smallest of a good
answer 0.16. Held out: the seed file, `generated` and `alma_manual_600` (docs/benchmarks.md)."""


def reference_excess(item: JudgeItem) -> float | None:
    """How much more of its reference answer's topic stems, each weighted by its rarity in
    general language (`judges.background`), the answer takes up than an answer of its length
    would by chance (a stem of frequency f is in n words with probability 1 - exp(-n f)); None
    without a reference or when the reference has no topic word. Per item, so the same alone
    and in a batch."""
    return _excess(item.reference, item.response) if item.reference else None


@functools.lru_cache(maxsize=4096)
def _excess(reference: str, response: str) -> float | None:
    """Cached: the three heuristic judges ask for the same items one after another."""
    ref = prompt_features(reference)
    if not ref.stems:
        return None
    keys = topic_stems(ref)
    weights, total = _background_weights(keys)
    r = response_features(response)
    n = max(1, r.n_words)
    prefixes = r.prefixes
    own = chance = 0.0
    for k, w, f in zip(keys, weights, _background_frequencies(keys), strict=True):
        if k in prefixes:
            own += w
        chance += w * (1.0 - math.exp(-n * f))
    return (own - chance) / total


def with_reference(relevance: Relevance, excess: float) -> Relevance:
    """`relevance` (from the prompt) seen with the reference's evidence: relevance at least twice
    the `excess` (saturated), and off topic only if the reference does not vouch for the answer
    (`REFERENCE_EXCESS`) or the answer takes up another prompt of the batch on strong evidence
    (`misplaced`: a long answer of the same theme takes up any reference of that theme beyond
    general-language chance, as `alma_manual_600`'s do). A reference only rescues: an answer
    the prompt finds on topic stays on topic. (Plain overlap with a 100-word reference let
    answers to other questions through: a long answer covers a fifth of any long text's stems
    and 4-grams by chance.)"""
    by_reference = min(1.0, max(0.0, 2.0 * excess))
    off = relevance.off_topic and (relevance.misplaced or excess < REFERENCE_EXCESS)
    return Relevance(
        max(relevance.score, by_reference),
        off,
        max(relevance.ceiling, ceiling_for(by_reference)),
        relevance.misplaced,
    )
