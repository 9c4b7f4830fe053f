"""Boilerplate in generated answers: sentences that many different seeds' variations share.

A model trained on variations learns whatever they repeat. The measure (issue 17):

- a **sentence** is boilerplate when it appears in the answers (``response_revised``) of rows of
  at least `min_seeds` (10) different seed groups, a row's group being its ``source_id``, or its
  own ``id`` where it has none;
- a **row** is mostly boilerplate when at least half (`row_share`) of its answer's sentences are.

Sentences are cut on line breaks and after ``.``/``!``/``?``/``…`` followed by a space; list
markers, heading marks and emphasis are dropped and spaces and case folded before comparing, so
"1. **Custo**: x." and "- Custo: x." count as one sentence. That splitting is on the strict side
(more, shorter sentences repeat more easily), never tuned to make a file look better.

Torch-free and linear in the text size: the generate summary, the Validator and the pipeline
report all call `measure`; the `VariationGenerator` keeps a `BoilerplateIndex` while it works.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

MIN_SEEDS = 10
"""A sentence shared by the answers of this many different seed groups is boilerplate."""
ROW_SHARE = 0.5
"""A row is mostly boilerplate when at least this share of its answer's sentences are."""

_LINE_MARK = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*•+]\s+|\d{1,3}[.)]\s+|\|)+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_EMPHASIS = re.compile(r"\*\*|__|`|\*")
_SPACES = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def sentences(text: str) -> list[str]:
    """The normalized sentences of `text`, in order (repeats kept)."""
    out: list[str] = []
    for line in text.splitlines():
        line = _LINE_MARK.sub("", line)
        for piece in _SENTENCE_END.split(line):
            norm = _SPACES.sub(" ", _EMPHASIS.sub("", piece)).strip(" |").casefold()
            if _LETTER.search(norm):
                out.append(norm)
    return out


def group_of(record: Mapping[str, Any]) -> str:
    """The seed group of a record: its ``source_id``, else its ``id``."""
    source = record.get("source_id")
    if isinstance(source, str) and source:
        return source
    return str(record.get("id", ""))


def _record(row: Any) -> Mapping[str, Any]:
    if isinstance(row, Mapping):
        return row
    to_record = getattr(row, "to_record", None)
    if callable(to_record):
        found = to_record()
        if isinstance(found, Mapping):
            return found
    raise TypeError(f"not an example or a record: {type(row).__name__}")


@dataclass(frozen=True)
class SharedSentence:
    """A boilerplate sentence and how many seed groups' answers contain it."""

    text: str
    seeds: int
    rows: int


@dataclass(frozen=True)
class TechniqueFigures:
    """Boilerplate and diversity of the rows of one technique (or of seeds: ``"(seed)"``)."""

    rows: int
    mostly_boilerplate: int
    boilerplate_sentence_share: float
    distinct_sentence_share: float
    """Distinct sentences over all sentences in these rows: 1.0 means nothing repeats."""

    @property
    def mostly_boilerplate_share(self) -> float:
        return self.mostly_boilerplate / self.rows if self.rows else 0.0


@dataclass(frozen=True)
class BoilerplateReport:
    """What `measure` found; JSON-ready through `to_dict`."""

    rows: int
    sentences: int
    boilerplate_sentences: int
    mostly_boilerplate_rows: int
    min_seeds: int
    row_share: float
    per_technique: dict[str, TechniqueFigures] = field(default_factory=dict)
    worst: tuple[SharedSentence, ...] = ()
    flagged_rows: tuple[int, ...] = ()
    """Row indices (input order) that are mostly boilerplate."""

    @property
    def sentence_share(self) -> float:
        return self.boilerplate_sentences / self.sentences if self.sentences else 0.0

    @property
    def row_share_mostly(self) -> float:
        return self.mostly_boilerplate_rows / self.rows if self.rows else 0.0

    def lines(self, worst: int = 3) -> list[str]:
        """Human summary: the two shares, per technique, then the worst sentences."""
        out = [
            f"boilerplate: {self.sentence_share:.1%} of sentences shared by >= {self.min_seeds} "
            f"seeds; {self.row_share_mostly:.1%} of rows mostly boilerplate "
            f"({self.mostly_boilerplate_rows} of {self.rows})"
        ]
        if self.per_technique:
            out.append(
                "per technique (mostly boilerplate, distinct sentences): "
                + ", ".join(
                    f"{name} {f.mostly_boilerplate_share:.0%}/{f.distinct_sentence_share:.0%}"
                    for name, f in self.per_technique.items()
                )
            )
        for s in self.worst[:worst]:
            out.append(f"  shared by {s.seeds} seeds: {s.text[:90]!r}")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "sentences": self.sentences,
            "boilerplate_sentences": self.boilerplate_sentences,
            "boilerplate_sentence_share": round(self.sentence_share, 4),
            "mostly_boilerplate_rows": self.mostly_boilerplate_rows,
            "mostly_boilerplate_share": round(self.row_share_mostly, 4),
            "min_seeds": self.min_seeds,
            "row_share": self.row_share,
            "per_technique": {
                k: {
                    "rows": f.rows,
                    "mostly_boilerplate_share": round(f.mostly_boilerplate_share, 4),
                    "boilerplate_sentence_share": round(f.boilerplate_sentence_share, 4),
                    "distinct_sentence_share": round(f.distinct_sentence_share, 4),
                }
                for k, f in self.per_technique.items()
            },
            "worst": [{"text": s.text, "seeds": s.seeds, "rows": s.rows} for s in self.worst],
        }


def measure(
    rows: Iterable[Any],
    *,
    min_seeds: int = MIN_SEEDS,
    row_share: float = ROW_SHARE,
    worst: int = 10,
) -> BoilerplateReport:
    """Boilerplate figures of `rows` (`Example`s or record dicts with ``response_revised``)."""
    if min_seeds < 1 or not 0.0 < row_share <= 1.0:
        raise ValueError("min_seeds must be >= 1 and row_share in (0, 1]")
    per_row: list[tuple[str, list[str]]] = []
    groups: dict[str, set[str]] = defaultdict(set)
    row_count: Counter[str] = Counter()
    for row in rows:
        record = _record(row)
        answer = record.get("response_revised")
        found = sentences(answer) if isinstance(answer, str) else []
        group = group_of(record)
        technique = record.get("technique")
        per_row.append((technique if isinstance(technique, str) and technique else "", found))
        for s in found:
            groups[s].add(group)
            row_count[s] += 1
    shared = {s for s, g in groups.items() if len(g) >= min_seeds}
    total = flagged_sentences = 0
    flagged: list[int] = []
    by_tech: dict[str, list[tuple[list[str], bool]]] = defaultdict(list)
    for i, (technique, found) in enumerate(per_row):
        hits = sum(s in shared for s in found)
        total += len(found)
        flagged_sentences += hits
        mostly = bool(found) and hits >= row_share * len(found)
        if mostly:
            flagged.append(i)
        by_tech[technique or "(seed)"].append((found, mostly))
    per_technique: dict[str, TechniqueFigures] = {}
    if len(by_tech) > 1 or "(seed)" not in by_tech:
        for name in sorted(by_tech):
            items = by_tech[name]
            all_s = [s for found, _ in items for s in found]
            per_technique[name] = TechniqueFigures(
                rows=len(items),
                mostly_boilerplate=sum(m for _, m in items),
                boilerplate_sentence_share=(
                    sum(s in shared for s in all_s) / len(all_s) if all_s else 0.0
                ),
                distinct_sentence_share=len(set(all_s)) / len(all_s) if all_s else 1.0,
            )
    ranked = sorted(shared, key=lambda s: (-len(groups[s]), -row_count[s], s))[:worst]
    return BoilerplateReport(
        rows=len(per_row),
        sentences=total,
        boilerplate_sentences=flagged_sentences,
        mostly_boilerplate_rows=len(flagged),
        min_seeds=min_seeds,
        row_share=row_share,
        per_technique=per_technique,
        worst=tuple(SharedSentence(s, len(groups[s]), row_count[s]) for s in ranked),
        flagged_rows=tuple(flagged),
    )


class BoilerplateIndex:
    """Which seed groups each sentence has appeared in so far, for refusing while generating.

    `would_be_mostly_boilerplate` says whether an answer, once added for `group`, would have at
    least `row_share` of its sentences shared by `min_seeds` groups: the generator refuses it.
    """

    def __init__(self, *, min_seeds: int = MIN_SEEDS, row_share: float = ROW_SHARE) -> None:
        self.min_seeds = min_seeds
        self.row_share = row_share
        self._groups: dict[str, set[str]] = defaultdict(set)

    def check(self, answer: str, group: str) -> tuple[bool, str]:
        """(mostly boilerplate?, the most shared sentence) for `answer` joining `group`."""
        found = sentences(answer)
        if not found:
            return False, ""
        counts = [len(self._groups.get(s, set()) | {group}) for s in found]
        hits = sum(c >= self.min_seeds for c in counts)
        top = max(range(len(found)), key=lambda i: counts[i])
        return hits >= self.row_share * len(found), found[top]

    def add(self, answer: str, group: str) -> None:
        for s in sentences(answer):
            self._groups[s].add(group)
