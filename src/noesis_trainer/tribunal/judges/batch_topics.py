"""A batch's prompt topics, each stem weighted by how much it tells which one an answer takes up.

Two checks ask a batch the same question: which share of a prompt's topic stems does an answer
take up, and does it take up another prompt of the batch better? The batch relevance of the
judges (`judges.relevance`) and the gate's MISPLACED check (`output_failures.misplaced`) both
need, from the batch alone:

* its **topics** - one per set of topic stems (prompts that differ only in framing share one);
* a **weight** per stem, from how many of the batch's distinct answers use it (IDF: a stem most
  answers use, "sistema", "verdade", says little about which question an answer addresses), or,
  for a batch too small to count words in, from its rarity in general language
  (`judges.background`);
* an answer's weighted **coverage** of a topic, and the **other topics** its stems point at
  (an inverted index stem -> topics, which can leave out stems common to many prompts).

`BatchTopics` is that weighting, built once per batch; each check brings its own IDF formula,
its own minimum of stems per topic and its own thresholds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Set
from dataclasses import dataclass, field
from itertools import repeat
from types import NotImplementedType

from noesis_trainer.core import native
from noesis_trainer.tribunal.judges.background import stem_weight
from noesis_trainer.tribunal.judges.text import PromptFeatures

Reaching = Callable[
    [
        Set[str],
        str,
        dict[str, list[str]],
        dict[str, list[str]],
        dict[str, tuple[str, ...]],
        dict[str, float],
    ],
    dict[str, float] | NotImplementedType | None,
]
"""The compiled walk's signature (`tribunal/_topics.pyi`)."""


def _load_native_reaching() -> Reaching | None:
    """The compiled `tribunal._topics.reaching`, or None where it was not built or
    ``NOESIS_NATIVE=0``."""
    if not native.native_allowed():
        return None
    try:
        from noesis_trainer.tribunal import _topics
    except ImportError:
        return None
    return _topics.reaching


_NATIVE_REACHING = _load_native_reaching()


def native_topics() -> bool:
    """Whether `BatchTopics.topics_reaching` runs the compiled helper."""
    return _NATIVE_REACHING is not None


Idf = Callable[[int, int], float]
"""(distinct answers in the batch, answers holding the stem) -> the stem's weight."""


def topic_stems(prompt: PromptFeatures) -> tuple[str, ...]:
    """A prompt's topic stems without their leading space (the form answers' word heads take)."""
    return tuple(s[1:] for s in prompt.stems)


def batch_topics(
    prompts: Iterable[PromptFeatures], min_stems: int = 1
) -> dict[str, tuple[str, ...]]:
    """Topic key -> its stems, for the prompts with at least `min_stems` topic stems, in order of
    first appearance (framed variants of one question fall on one key)."""
    topics: dict[str, tuple[str, ...]] = {}
    for p in prompts:
        if len(p.stems) >= min_stems and p.topic not in topics:
            topics[p.topic] = topic_stems(p)
    return topics


_LEADING_SLACK = 1e-9
"""Share of a topic's weight its leading stems weigh beyond ``1 - share``: an answer outside them
falls short of `share` by more than rounding in any sum of weights (`BatchTopics._leading`)."""


@dataclass(frozen=True, slots=True)
class BatchTopics:
    """A batch's topics with their stems weighted (build it with `weigh`)."""

    topics: dict[str, tuple[str, ...]]
    """Topic key -> its stems (sorted, as `PromptFeatures.stems`)."""
    weight: dict[str, float]
    """Stem of any topic -> its weight (> 0)."""
    total: dict[str, float]
    """Topic -> the summed weight of its stems."""
    index: dict[str, list[str]]
    """Stem -> the topics that hold it, in topic order (stems common to many prompts left out
    when `weigh` was given a `common_share`)."""
    taken: dict[str, set[str]]
    """Distinct answer -> the topic stems of the batch it takes up."""
    leading: dict[float, dict[str, list[str]]] = field(default_factory=dict)
    """Share -> stem -> the topics whose leading stems for that share hold it (`topics_reaching`;
    built on first use)."""

    @classmethod
    def weigh(
        cls,
        topics: dict[str, tuple[str, ...]],
        answers: Mapping[str, frozenset[str]],
        *,
        idf: Idf | None,
        common_share: float | None = None,
    ) -> BatchTopics:
        """Weigh `topics` over `answers` (distinct answer -> its word heads,
        `ResponseFeatures.prefixes`): by `idf` of each stem's document frequency among the
        answers, or, with ``idf=None`` (too few answers to count in), by the stem's background
        weight. `common_share`: stems held by more than ``max(2, int(common_share * topics))``
        prompts point at no other topic (they would propose every prompt of a theme)."""
        wanted = {k for keys in topics.values() for k in keys}
        taken = {text: wanted.intersection(prefixes) for text, prefixes in answers.items()}
        if idf is None:
            weight = {k: stem_weight(k) for k in wanted}
        else:
            df: Counter[str] = Counter()
            for stems in taken.values():
                df.update(stems)
            m = len(taken)
            weight = {k: idf(m, df[k]) for k in wanted}
        total = {topic: sum(weight[k] for k in keys) for topic, keys in topics.items()}
        index: dict[str, list[str]] = {}
        for topic, keys in topics.items():
            for k in keys:
                index.setdefault(k, []).append(topic)
        if common_share is not None:
            limit = max(2, int(common_share * len(topics)))
            index = {k: held_by for k, held_by in index.items() if len(held_by) <= limit}
        return cls(topics, weight, total, index, taken)

    def coverage(self, topic: str, stems: Set[str]) -> tuple[float, int]:
        """The weighted share of `topic`'s stems found in `stems`, and how many were found."""
        hits = [k for k in self.topics[topic] if k in stems]
        return sum(map(self.weight.__getitem__, hits)) / self.total[topic], len(hits)

    def rarest_taken(self, topic: str, stems: Set[str]) -> list[str]:
        """The stems of `topic` of the highest weight among its own (the words that name what
        this prompt asks and no other) that `stems` hold; numbers left out ("15% of 260" and a
        discount of 15% share one by chance)."""
        keys = self.topics[topic]
        weight = self.weight
        top = max(map(weight.__getitem__, keys))
        return [k for k in keys if k in stems and weight[k] >= top and k.isalpha()]

    def share(self, keys: Iterable[str], stems: Set[str]) -> float:
        """The weighted share of `keys`, any prompt's stems (also one that is no topic of the
        batch), found in `stems`: stems no topic holds weigh nothing; 1.0 when nothing weighs."""
        weight = self.weight
        keys = tuple(keys)
        total = sum(weight.get(k, 0.0) for k in keys)
        return sum(weight.get(k, 0.0) for k in keys if k in stems) / total if total > 0 else 1.0

    def topics_reaching(self, stems: Set[str], own: str, share: float) -> dict[str, float]:
        """`other_topics(stems, own, weighted=True)` for the topics `stems` may take up at least
        `share` of (and a few that fall short), with the same sums: found through each topic's
        leading stems (`_leading`), not through every topic a stem is held by. A stem that many
        prompts of a batch share weighs little and leads none of them, so an answer no longer
        walks every topic that holds it (the walk grew with the batch: quadratic time). By the
        compiled helper (`tribunal._topics`) where it is built, else `python_topics_reaching`,
        its definition."""
        if _NATIVE_REACHING is not None:
            leading = self._leading(share)
            got = _NATIVE_REACHING(stems, own, leading, self.index, self.topics, self.weight)
            if got is None:
                return self.other_topics(stems, own, weighted=True)
            if isinstance(got, dict):  # (NotImplemented: types the helper does not read)
                return got
        return self.python_topics_reaching(stems, own, share)

    def python_topics_reaching(self, stems: Set[str], own: str, share: float) -> dict[str, float]:
        """`topics_reaching` in Python: the definition the compiled helper is held to."""
        leading, topics, weight, index = self._leading(share), self.topics, self.weight, self.index
        # Where the leading stems point at half the topics the walk visits or more (a batch of
        # few words, where most stems lead), the walk is the cheaper: it sums a topic alike.
        # (So is a batch weighed with common stems cut: it walks only the stems of its index.)
        # (the sums by `map`, no generator frame per stem: every answer off its topic asks)
        led = sum(map(len, map(leading.get, stems, repeat(()))))
        if len(index) != len(weight) or 2 * led >= sum(map(len, map(index.get, stems, repeat(())))):
            return self.other_topics(stems, own, weighted=True)
        found = dict.fromkeys((t for k in sorted(stems) for t in leading.get(k, ())), 0.0)
        found.pop(own, None)
        for topic in found:
            covered = 0.0
            for held in topics[topic]:  # sorted, as other_topics adds them: the same sum
                if held in stems:
                    covered += weight[held]
            found[topic] = covered
        return found

    def _leading(self, share: float) -> dict[str, list[str]]:
        """Stem -> the topics it leads for `share`: a topic's heaviest stems (ties by name) until
        they weigh more than ``1 - share`` of it (and a hair more). An answer that holds none of
        them takes up less than `share` of the topic: the rest of its weight is too little."""
        got = self.leading.get(share)
        if got is None:
            weight = self.weight
            got = {}
            for topic, keys in self.topics.items():
                need = (1.0 - share + _LEADING_SLACK) * self.total[topic]
                run = 0.0
                for k in sorted(keys, key=lambda k: (-weight[k], k)):
                    got.setdefault(k, []).append(topic)
                    run += weight[k]
                    if run > need:
                        break
            self.leading[share] = got
        return got

    def other_topics(self, stems: Set[str], own: str, *, weighted: bool) -> dict[str, float]:
        """The topics other than `own` that `stems` (an answer's `taken`: stems of the batch's
        topics only) point at through the index, each with the summed weight of the stems it
        holds (`weighted`) or their number, in order of first appearance over the sorted stems
        (sums and ties reproducible)."""
        index = self.index
        # The index holds every stem unless common ones were cut (then walk only those it has).
        walk = sorted(stems) if len(index) == len(self.weight) else sorted(index.keys() & stems)
        found: dict[str, float] = {}
        if weighted:
            weight = self.weight
            for k in walk:
                w = weight[k]
                for topic in index[k]:
                    found[topic] = found.get(topic, 0.0) + w
        else:
            for k in walk:
                for topic in index[k]:
                    found[topic] = found.get(topic, 0.0) + 1.0
        found.pop(own, None)
        return found
