"""Stage 4 export: a leak-free train/eval split, an n-gram overlap check, files plus manifest.

Why groups: a dataset of variations holds many near-copies of each seed, so a random row-level
split puts copies of training answers in the eval set (the original export leaked that way).
Rows are first joined into groups, and a group lands wholly on one side:

* rows with the same provenance key (`Example.group_key`: ``source_id``, or the row's own id for
  a seed) form one group (``group_by="source_id"``);
* rows whose answers, or whose prompts, are identical (after case/space normalization) are
  joined, with or without provenance, so exact copies never straddle the split;
* rows without provenance (all of the original data) are also joined when their answers or
  their prompts are near-duplicates (word 5-gram Jaccard >= ``near_duplicate_threshold``,
  `core.dedup`). Rows with a ``source_id`` are placed by it instead: variations of one
  seed legitimately share template phrasing with variations of other seeds, and clustering them
  at a loose threshold would melt the whole dataset into one group.

After the split, `ngram_overlap` measures how much of each eval row is already in train:

    containment(row) = |G(row) ∩ G(train)| / |G(row)|

where ``G`` is the set of word ``n``-grams (``n=8``; lower-cased ``\\w+`` tokens, taken within the
prompt and within the answer, never across them; a field shorter than ``n`` words counts as one
gram made of all its words). N-grams present in at least ``boilerplate_groups`` (3) distinct
train groups are phrasing shared by unrelated examples (templates), not a copy of one of them:
they are left out of both sides of the ratio. A copied answer is never boilerplate, since all
exact copies (and, without provenance, near-copies) are one group. A row is flagged when its
containment is at least ``overlap_threshold`` (0.5): half of what it says is, word for word, in
the training data.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from noesis_trainer.core.dataset import Dataset
from noesis_trainer.core.dedup import near_duplicate_clusters
from noesis_trainer.core.schema import Example
from noesis_trainer.io.atomic import write_json_atomic, write_jsonl_atomic

GroupBy = Literal["source_id", "none"]

MANIFEST_FORMAT = "noesis-split/1"

MAX_REPAIRS = 10
"""Rounds of 'join the groups of a flagged eval row and its train sources, split again'."""


class SplitConfig(BaseModel):
    """Everything that determines a split (recorded in the manifest)."""

    eval_fraction: float = Field(0.1, ge=0.0, le=1.0)
    seed: int = 42
    group_by: GroupBy = "source_id"
    near_duplicate_threshold: float = Field(0.5, gt=0.0, le=1.0)
    overlap_n: int = Field(8, ge=1)
    overlap_threshold: float = Field(0.5, gt=0.0, le=1.0)
    boilerplate_groups: int = Field(3, ge=2)


class OverlapHit(BaseModel):
    """An eval row whose text is substantially in train."""

    eval_index: int
    eval_id: str
    containment: float
    train_ids: list[str]
    train_indices: list[int]


class OverlapReport(BaseModel):
    """Result of the n-gram overlap check of an eval set against a train set."""

    n: int
    threshold: float
    boilerplate_groups: int
    eval_rows: int
    flagged: list[OverlapHit]
    mean_containment: float

    @property
    def count(self) -> int:
        return len(self.flagged)

    def summary(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "threshold": self.threshold,
            "eval_rows": self.eval_rows,
            "flagged": self.count,
            "mean_containment": round(self.mean_containment, 4),
            "flagged_ids": [h.eval_id for h in self.flagged[:50]],
        }


# -- grouping ------------------------------------------------------------------------------


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _normalized(text: str) -> str:
    return " ".join(text.lower().split())


def assign_groups(
    examples: Sequence[Example],
    *,
    group_by: GroupBy = "source_id",
    near_duplicate_threshold: float = 0.5,
) -> list[int]:
    """Group number of every row (0, 1, ... in order of first appearance); see module doc."""
    n = len(examples)
    uf = _UnionFind(n)
    if group_by == "source_id":
        first: dict[str, int] = {}
        for i, ex in enumerate(examples):
            uf.union(first.setdefault(ex.group_key, i), i)
    # Near-duplicate clustering for rows without provenance (with group_by="none": all rows);
    # a row with a source_id is already placed by it.
    loose = [i for i, ex in enumerate(examples) if group_by == "none" or ex.source_id is None]
    for field in ("response_revised", "prompt"):
        texts = [_normalized(getattr(ex, field)) for ex in examples]
        seen: dict[str, int] = {}
        for i, text in enumerate(texts):
            uf.union(seen.setdefault(text, i), i)
        clusters = near_duplicate_clusters([texts[i] for i in loose], near_duplicate_threshold)
        for cluster in clusters:
            for j in cluster[1:]:
                uf.union(loose[cluster[0]], loose[j])
    numbers: dict[int, int] = {}
    return [numbers.setdefault(uf.find(i), len(numbers)) for i in range(n)]


# -- n-gram overlap ------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+")


def _grams(example: Example, n: int) -> set[int]:
    out: set[int] = set()
    for text in (example.prompt, example.response_revised):
        tokens = _TOKEN.findall(text.lower())
        if not tokens:
            continue
        if len(tokens) < n:
            out.add(hash(("short", *tokens)))
        else:
            out.update(hash(tuple(tokens[i : i + n])) for i in range(len(tokens) - n + 1))
    return out


def _short_lengths(example: Example, n: int) -> set[int]:
    """Word counts of the fields shorter than `n` words (they form a single 'short' gram)."""
    lengths = {len(_TOKEN.findall(t.lower())) for t in (example.prompt, example.response_revised)}
    return {k for k in lengths if 0 < k < n}


def _short_grams(example: Example, lengths: set[int]) -> set[int]:
    """Every k-gram of train text for the k in `lengths`, so short eval fields can be found
    inside longer train text."""
    out: set[int] = set()
    for text in (example.prompt, example.response_revised):
        tokens = _TOKEN.findall(text.lower())
        for k in lengths:
            out.update(hash(("short", *tokens[i : i + k])) for i in range(len(tokens) - k + 1))
    return out


def ngram_overlap(
    train: Sequence[Example],
    eval_rows: Sequence[Example],
    *,
    n: int = 8,
    threshold: float = 0.5,
    boilerplate_groups: int = 3,
    train_groups: Sequence[int] | None = None,
) -> OverlapReport:
    """Flag eval rows whose word n-grams are at least `threshold` contained in train.

    `train_groups` (one group number per train row) defaults to `assign_groups(train)`; it is
    what makes an n-gram 'boilerplate' (found in many unrelated train groups).
    """
    groups = list(train_groups) if train_groups is not None else assign_groups(train)
    owners: dict[int, set[int]] = defaultdict(set)
    first_row: dict[int, int] = {}
    short_first: dict[int, int] = {}
    short = set().union(*(_short_lengths(ex, n) for ex in eval_rows)) if eval_rows else set()
    for i, (ex, g) in enumerate(zip(train, groups, strict=True)):
        for gram in _grams(ex, n):
            owners[gram].add(g)
            first_row.setdefault(gram, i)
        if short:
            for gram in _short_grams(ex, short):
                short_first.setdefault(gram, i)
    boiler = {gram for gram, gs in owners.items() if len(gs) >= boilerplate_groups}
    flagged: list[OverlapHit] = []
    total = 0.0
    for idx, ex in enumerate(eval_rows):
        grams = _grams(ex, n) - boiler
        if not grams:
            continue
        hits = [first_row.get(g, short_first.get(g)) for g in grams]
        found = [h for h in hits if h is not None]
        containment = len(found) / len(grams)
        total += containment
        if containment >= threshold:
            counts: dict[int, int] = defaultdict(int)
            for h in found:
                counts[h] += 1
            top = sorted(counts, key=lambda r: (-counts[r], r))[:3]
            flagged.append(
                OverlapHit(
                    eval_index=idx,
                    eval_id=ex.id,
                    containment=round(containment, 4),
                    train_ids=[train[r].id for r in top],
                    train_indices=top,
                )
            )
    return OverlapReport(
        n=n,
        threshold=threshold,
        boilerplate_groups=boilerplate_groups,
        eval_rows=len(eval_rows),
        flagged=flagged,
        mean_containment=total / len(eval_rows) if eval_rows else 0.0,
    )


# -- the split -------------------------------------------------------------------------------


class FileEntry(BaseModel):
    rows: int
    bytes: int
    sha256: str


class Manifest(BaseModel):
    """What `SplitResult.write` wrote: counts, checksums, seed and config, the overlap check."""

    format: str = MANIFEST_FORMAT
    seed: int
    config: SplitConfig
    counts: dict[str, int]
    files: dict[str, FileEntry]
    overlap: dict[str, Any]


class SplitResult:
    """Train and eval datasets, the group of every input row, and the overlap report."""

    def __init__(
        self,
        train: Dataset,
        eval: Dataset,
        *,
        config: SplitConfig,
        groups: list[int],
        eval_groups: set[int],
        overlap: OverlapReport,
        repairs: int = 0,
    ) -> None:
        self.train = train
        self.eval = eval
        self.config = config
        self.groups = groups
        self.eval_groups = eval_groups
        self.overlap = overlap
        self.repairs = repairs

    def __repr__(self) -> str:
        return (
            f"<SplitResult train={len(self.train)} eval={len(self.eval)} "
            f"groups={len(set(self.groups))} leaks={self.overlap.count}>"
        )

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": len(self.groups),
            "train": len(self.train),
            "eval": len(self.eval),
            "groups": len(set(self.groups)),
            "eval_groups": len(self.eval_groups),
            "eval_rows_flagged": self.overlap.count,
            "leak_repairs": self.repairs,
        }

    def write(self, folder: str | Path) -> Manifest:
        """Write train.jsonl, eval.jsonl, then manifest.json (each atomically; manifest last)."""
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        files: dict[str, FileEntry] = {}
        for name, data in (("train.jsonl", self.train), ("eval.jsonl", self.eval)):
            path = out / name
            rows = write_jsonl_atomic(path, data.records())
            blob = path.read_bytes()
            files[name] = FileEntry(
                rows=rows, bytes=len(blob), sha256=hashlib.sha256(blob).hexdigest()
            )
        manifest = Manifest(
            seed=self.config.seed,
            config=self.config,
            counts=self.counts,
            files=files,
            overlap=self.overlap.summary(),
        )
        write_json_atomic(out / "manifest.json", json.loads(manifest.model_dump_json()))
        return manifest


def split_dataset(
    dataset: Dataset | Sequence[Example],
    eval_fraction: float = 0.1,
    seed: int = 42,
    group_by: str = "source_id",
    **options: Any,
) -> SplitResult:
    """Split by groups: shuffled with `seed`, groups go to eval while they fit the target.

    The target is ``round(eval_fraction * rows)``; a group that would overshoot it is skipped
    and the next one tried, so eval ends as close to the target as the group sizes allow. When
    the overlap check still flags eval rows (a copy the near-duplicate grouping missed), their
    groups are joined with those of the train rows they copy and the split is redone (at most
    `MAX_REPAIRS` times; `SplitResult.repairs` says how many).
    Extra `options` are `SplitConfig` fields (thresholds of grouping and of the overlap check).
    """
    if group_by not in ("source_id", "none"):
        raise ValueError(f"group_by must be 'source_id' or 'none', not {group_by!r}")
    config = SplitConfig.model_validate(
        {"eval_fraction": eval_fraction, "seed": seed, "group_by": group_by, **options}
    )
    examples = list(dataset)
    groups = assign_groups(
        examples, group_by=config.group_by, near_duplicate_threshold=config.near_duplicate_threshold
    )
    base = dataset if isinstance(dataset, Dataset) else Dataset(examples)
    name = base.name or "dataset"
    repairs = 0
    while True:
        eval_groups = _choose_eval_groups(groups, config.eval_fraction, seed)
        train_idx = [i for i, g in enumerate(groups) if g not in eval_groups]
        eval_idx = [i for i, g in enumerate(groups) if g in eval_groups]
        train = base.select(train_idx, name=f"{name}-train")
        evaluation = base.select(eval_idx, name=f"{name}-eval")
        overlap = ngram_overlap(
            train.examples,
            evaluation.examples,
            n=config.overlap_n,
            threshold=config.overlap_threshold,
            boilerplate_groups=config.boilerplate_groups,
            train_groups=[groups[i] for i in train_idx],
        )
        if not overlap.flagged or repairs >= MAX_REPAIRS:
            break
        # A leak the near-duplicate grouping missed: join the row's group with the groups of
        # the train rows it copies, and split again.
        repairs += 1
        uf = _UnionFind(len(set(groups)))
        for hit in overlap.flagged:
            row = eval_idx[hit.eval_index]
            for t in hit.train_indices:
                uf.union(groups[row], groups[train_idx[t]])
        numbers: dict[int, int] = {}
        groups = [numbers.setdefault(uf.find(g), len(numbers)) for g in groups]
    return SplitResult(
        train,
        evaluation,
        config=config,
        groups=groups,
        eval_groups=eval_groups,
        overlap=overlap,
        repairs=repairs,
    )


def _choose_eval_groups(groups: list[int], eval_fraction: float, seed: int) -> set[int]:
    """Shuffle the groups with `seed`; take each one that still fits the eval target."""
    sizes: dict[int, int] = defaultdict(int)
    for g in groups:
        sizes[g] += 1
    order = sorted(sizes)
    random.Random(seed).shuffle(order)
    target = round(eval_fraction * len(groups))
    chosen: set[int] = set()
    taken = 0
    for g in order:
        if taken >= target:
            break
        if taken + sizes[g] <= target:
            chosen.add(g)
            taken += sizes[g]
    return chosen
