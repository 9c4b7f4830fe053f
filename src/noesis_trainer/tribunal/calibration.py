"""Calibration: does the Tribunal prefer the good answer, approve it, and reject the bad one?

Input: (prompt, good, bad) triples. Output: pairwise accuracy (good strictly above bad; a tie is a
miss), approval rate of the good answers, rejection rate of the bad ones. Two standard sets of
triples come from a dataset: revised vs initial answers, and on-topic vs off-topic answers (the
revised answer to a prompt of another category).

`valid_only=True` drops pairs that the data itself makes meaningless (never the default; report
both figures): a "good" answer whose very text also answers prompts of other topics (it is not an
answer to this prompt in particular), and an off-topic answer that is a near-duplicate of the
on-topic one. Prompts that differ only in framing ("Explique de forma simples: X" and "X") are one
topic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel, ConfigDict

from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.verdict import Status

if TYPE_CHECKING:
    from noesis_trainer.core.schema import Example
    from noesis_trainer.tribunal.tribunal import Tribunal


class Triple(NamedTuple):
    prompt: str
    good: str
    bad: str


class CalibrationReport(BaseModel):
    """How well a Tribunal separates good from bad answers on the same prompts."""

    model_config = ConfigDict(frozen=True)

    n: int
    pairwise_accuracy: float
    good_approved: float
    bad_rejected: float
    mean_good: float
    mean_bad: float

    def to_markdown_row(self, name: str) -> str:
        return (
            f"| {name} | {self.n} | {self.pairwise_accuracy:.1%} | {self.good_approved:.1%} "
            f"| {self.bad_rejected:.1%} | {self.mean_good:.3f} | {self.mean_bad:.3f} |"
        )


MARKDOWN_HEADER = (
    "| judges / rows | n | good > bad | good approved | bad rejected | mean good | mean bad |\n"
    "|---|---|---|---|---|---|---|"
)


def calibrate(
    tribunal: Tribunal, triples: Iterable[Triple | tuple[str, str, str]]
) -> CalibrationReport:
    rows = [Triple(*t) for t in triples]
    if not rows:
        raise ValueError("calibration needs at least one (prompt, good, bad) triple")
    good = tribunal.verdicts([JudgeItem(t.prompt, t.good) for t in rows])
    bad = tribunal.verdicts([JudgeItem(t.prompt, t.bad) for t in rows])
    n = len(rows)
    return CalibrationReport(
        n=n,
        pairwise_accuracy=round(
            sum(g.total > b.total for g, b in zip(good, bad, strict=True)) / n, 4
        ),
        good_approved=round(sum(g.status is Status.APPROVED for g in good) / n, 4),
        bad_rejected=round(sum(b.status is Status.REJECTED for b in bad) / n, 4),
        mean_good=round(sum(g.total for g in good) / n, 4),
        mean_bad=round(sum(b.total for b in bad) / n, 4),
    )


def _field(example: Example | Mapping[str, Any], name: str) -> str:
    value = example.get(name) if isinstance(example, Mapping) else getattr(example, name, None)
    return value if isinstance(value, str) else ""


NEAR_DUPLICATE = 0.5
"""Word-set Jaccard similarity at or above which two answers count as near-duplicates."""


def _topic(prompt: str) -> str:
    from noesis_trainer.tribunal.judges.text import topic_of

    return topic_of(prompt)


def _word_set(text: str) -> frozenset[str]:
    from noesis_trainer.core.folding import fold

    return frozenset(fold(text).split())


def near_duplicates(a: str, b: str) -> bool:
    """Word-set Jaccard similarity >= `NEAR_DUPLICATE` (identical texts included)."""
    wa, wb = _word_set(a), _word_set(b)
    union = len(wa | wb)
    return union == 0 or len(wa & wb) / union >= NEAR_DUPLICATE


def shared_answers(triples: Iterable[Triple]) -> set[str]:
    """Good answers whose exact text is given for prompts of two or more different topics."""
    topics: dict[str, set[str]] = {}
    for t in triples:
        topics.setdefault(t.good, set()).add(_topic(t.prompt))
    return {answer for answer, seen in topics.items() if len(seen) > 1}


def topic_folds(triples: Iterable[Triple], k: int = 2) -> list[list[Triple]]:
    """Split triples into `k` folds by prompt topic (a stable hash, so framed variants of one
    question stay together): settings chosen on all rows can be checked fold by fold."""
    import zlib

    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    folds: list[list[Triple]] = [[] for _ in range(k)]
    for t in triples:
        folds[zlib.crc32(_topic(t.prompt).encode("utf-8")) % k].append(t)
    return folds


def revision_triples(
    examples: Sequence[Example | Mapping[str, Any]], *, valid_only: bool = False
) -> list[Triple]:
    """(prompt, response_revised, response_initial) for every example (or raw record) that has a
    prompt and both answers; `valid_only` drops revised answers shared across topics."""
    out = []
    for e in examples:
        prompt, good, bad = (
            _field(e, f) for f in ("prompt", "response_revised", "response_initial")
        )
        if prompt.strip() and good.strip() and bad.strip():
            out.append(Triple(prompt, good, bad))
    if valid_only:
        shared = shared_answers(out)
        out = [t for t in out if t.good not in shared]
    return out


def off_topic_triples(
    examples: Sequence[Example | Mapping[str, Any]], *, valid_only: bool = False
) -> list[Triple]:
    """(prompt, its revised answer, the revised answer of an example about half the list away
    whose category and prompt differ): the judges must notice the second one answers something
    else. Deterministic, so figures can be pinned. `valid_only` drops pairs whose on-topic answer
    is shared across topics or whose off-topic answer is a near-duplicate of it."""
    rows = [
        (_field(e, "prompt"), _field(e, "response_revised"), _field(e, "category"))
        for e in examples
    ]
    rows = [r for r in rows if r[0].strip() and r[1].strip()]
    n = len(rows)
    out: list[Triple] = []
    for i, (prompt, good, category) in enumerate(rows):
        for step in range(n // 2, n // 2 + n):
            o_prompt, o_good, o_category = rows[(i + step) % n]
            if o_category != category and o_prompt != prompt:
                out.append(Triple(prompt, good, o_good))
                break
    if valid_only:
        shared = shared_answers(out)
        out = [t for t in out if t.good not in shared and not near_duplicates(t.good, t.bad)]
    return out
