"""`VariationGenerator`: many variations from few seeds, balanced, traceable, never near-copies.

Plan: the seeds are shuffled once by the seed; slot ``k`` goes to seed ``k mod N`` of that order,
with technique ``(position + round) mod T``, so every seed gets ``count/N`` variations (±1) spread
over the techniques and every technique gets ``count/T`` (±1 per round). Each attempt has its own
RNG derived from (seed, parent id, technique, round, attempt), so the output depends on the seed
only, not on batch size or on what else is being generated.

A variation is refused when its answer or its question is a near-duplicate (word 5-gram Jaccard at
least the threshold, `core.dedup`) of any seed or of an output already kept; the slot is
then retried with a fresh RNG, up to `max_attempts` times.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from noesis_trainer.core.boilerplate import BoilerplateIndex, BoilerplateReport, measure
from noesis_trainer.core.dataset import Dataset
from noesis_trainer.core.dedup import NearDuplicateIndex, jaccard
from noesis_trainer.core.schema import Example
from noesis_trainer.generation.base import TextGenerator
from noesis_trainer.variations.base import BatchTechnique, Declined, Technique, VariationRequest

RefusalReason = str
"""Why an attempt was refused: ``declined``, ``invalid``, ``near_duplicate_source``,
``near_duplicate_seed``, ``near_duplicate_output``, ``mostly_boilerplate``, or the reason a
technique gave with `Declined` (``model_loop``, ``model_echo``, ``unfaithful_language``...)."""


class Refusal(BaseModel):
    """One rejected attempt and why."""

    parent_id: str
    technique: str
    attempt: int
    reason: RefusalReason
    detail: str = ""


class VariationSummary(BaseModel):
    """What a run produced and what it threw away, JSON-serializable."""

    requested: int
    produced: int
    seeds: int
    per_technique: dict[str, int]
    per_seed_min: int
    per_seed_max: int
    refusals: dict[str, int]
    refusals_by_technique: dict[str, int]
    slots_given_up: int
    near_duplicate_threshold: float
    seed: int
    unproductive: dict[str, str] = Field(
        default_factory=dict,
        description="Technique that made no variation -> why (its refusals, the commonest).",
    )
    duplicate_seeds: int = 0
    """Seeds that repeat another seed's prompt and answer exactly."""
    duplicates_collapsed: bool = False
    """Whether those repeats were left out (each group varied as one seed)."""
    boilerplate: dict[str, Any] | None = None
    """`noesis_trainer.core.boilerplate.measure` of the output (`BoilerplateReport.to_dict`)."""
    boilerplate_lines: list[str] = []

    def lines(self) -> list[str]:
        out = [
            f"{self.produced} of {self.requested} variations from {self.seeds} seeds "
            f"({self.per_seed_min}-{self.per_seed_max} per seed)",
            "per technique: " + ", ".join(f"{k} {v}" for k, v in self.per_technique.items()),
        ]
        if self.refusals:
            total = sum(self.refusals.values())
            out.append(
                f"{total} attempts refused: "
                + ", ".join(f"{k} {v}" for k, v in sorted(self.refusals.items()))
            )
        if self.slots_given_up:
            out.append(f"{self.slots_given_up} slots given up after all attempts")
        for technique, why in self.unproductive.items():
            out.append(f"technique {technique!r} made no variation: {why}")
        if self.duplicate_seeds:
            out.append(
                f"{self.duplicate_seeds} seeds repeat another seed's prompt and answer exactly"
                + (
                    ": each such group was varied as one seed"
                    if self.duplicates_collapsed
                    else " (--collapse-duplicate-seeds varies each group once)"
                )
            )
        out.extend(self.boilerplate_lines)
        return out


REFUSAL_MEANING: dict[str, str] = {
    "declined": "the technique returned None",
    "invalid": "the draft is not a valid example",
    "near_duplicate_source": "the draft's question or answer is a near-copy of its own seed",
    "near_duplicate_seed": "the draft is a near-copy of another seed",
    "near_duplicate_output": "the draft is a near-copy of a variation already kept",
}


def _unproductive(
    refusals: list[Refusal], examples: list[Example], threshold: float
) -> dict[str, str]:
    """Why each technique that was tried and kept nothing was refused, in one line."""
    produced = {ex.technique for ex in examples}
    by_technique: dict[str, list[Refusal]] = {}
    for refusal in refusals:
        if refusal.technique not in produced:
            by_technique.setdefault(refusal.technique, []).append(refusal)
    out: dict[str, str] = {}
    for technique, refused in by_technique.items():
        reason, times = Counter(r.reason for r in refused).most_common(1)[0]
        detail = next((r.detail for r in refused if r.reason == reason and r.detail), "")
        meaning = REFUSAL_MEANING.get(reason, reason)
        if reason.startswith("near_duplicate"):
            meaning += f" (word 5-gram Jaccard >= {threshold})"
        example = f", e.g. {detail}" if detail else ""
        out[technique] = f"{times} of {len(refused)} attempts refused: {meaning}{example}"
    return out


@dataclass
class VariationResult:
    """The variations (a `Dataset`), every refusal, and the summary."""

    dataset: Dataset
    refusals: list[Refusal]
    summary: VariationSummary

    def __len__(self) -> int:
        return len(self.dataset)


@dataclass
class _Slot:
    index: int
    parent: int
    technique: int
    round: int
    attempt: int = 0
    refusals: list[Refusal] = field(default_factory=list)


def available_techniques() -> dict[str, Technique]:
    """Techniques registered through the ``register_techniques`` hook, by name (first wins)."""
    from noesis_trainer.plugins import collect

    found: dict[str, Technique] = {}
    for item in collect("register_techniques"):
        if not isinstance(item, Technique):
            raise TypeError(f"registered technique {item!r} lacks `name`/`vary`")
        found.setdefault(item.name, item)
    return found


def resolve_techniques(techniques: Iterable[str | Technique] | None) -> list[Technique]:
    """Technique objects for names (looked up among the registered ones) or objects."""
    registered = available_techniques()
    if techniques is None:
        return list(registered.values())
    out: list[Technique] = []
    for t in techniques:
        if isinstance(t, str):
            if t not in registered:
                known = ", ".join(sorted(registered)) or "(none)"
                raise ValueError(f"unknown technique {t!r}; registered: {known}")
            out.append(registered[t])
        else:
            out.append(t)
    if not out:
        raise ValueError("at least one technique is needed")
    names = [t.name for t in out]
    if len(set(names)) != len(names):
        raise ValueError(f"technique listed twice: {names}")
    return out


def _rng(seed: int, parent_id: str, technique: str, round_: int, attempt: int) -> random.Random:
    return random.Random(f"{seed}\x1f{parent_id}\x1f{technique}\x1f{round_}\x1f{attempt}")


ProgressHook = Callable[[int], None]


def _plan(count: int, n_seeds: int, n_techniques: int, seed: int) -> list[_Slot]:
    """`count` slots: slot ``k`` varies seed ``k mod N`` of an order shuffled by `seed`, with
    technique ``(k mod N + k div N) mod T``, so seeds and techniques are balanced."""
    order = list(range(n_seeds))
    random.Random(seed).shuffle(order)
    return [
        _Slot(k, order[k % n_seeds], (k % n_seeds + k // n_seeds) % n_techniques, k // n_seeds)
        for k in range(count)
    ]


@dataclass
class _Run:
    """One `generate` call: its inputs, the near-duplicate indexes over seeds and kept outputs
    that judge each draft, and what it has kept and refused so far."""

    seeds: list[Example]
    techs: list[Technique]
    seed: int
    generator: TextGenerator | None
    threshold: float
    answers: NearDuplicateIndex
    questions: NearDuplicateIndex
    used_ids: set[str]
    boilerplate: BoilerplateIndex | None
    kept: dict[int, Example] = field(default_factory=dict)
    refusals: list[Refusal] = field(default_factory=list)
    given_up: int = 0

    @classmethod
    def start(
        cls,
        seeds: list[Example],
        techs: list[Technique],
        seed: int,
        generator: TextGenerator | None,
        threshold: float,
        refuse_boilerplate: bool,
    ) -> _Run:
        """A run that has kept nothing yet: the indexes hold the seeds (keys 0..N-1)."""
        answers = NearDuplicateIndex(threshold)
        questions = NearDuplicateIndex(threshold)
        for i, ex in enumerate(seeds):
            answers.add(i, ex.response_revised)
            questions.add(i, ex.prompt)
        return cls(
            seeds,
            techs,
            seed,
            generator,
            threshold,
            answers,
            questions,
            used_ids={ex.id for ex in seeds},
            boilerplate=BoilerplateIndex() if refuse_boilerplate else None,
        )


@contextmanager
def _progress_hook(progress: bool | ProgressHook, total: int) -> Iterator[ProgressHook | None]:
    """`generate`'s `progress` as a hook: True draws a rich bar (gone when done), a callable is
    used as it is, False gives None."""
    if progress is True:
        from rich.progress import Progress

        from noesis_trainer.console import drawn_task

        with drawn_task(Progress(transient=True), "generating variations", total) as tell:
            yield tell
    else:
        yield progress or None


class VariationGenerator:
    """Generates variations of a dataset's examples with plugin techniques.

    `techniques` (names or objects) defaults to every registered technique. `batch_size` is the
    number of slots sent to a technique at once (what a model backend batches over).
    """

    def __init__(
        self,
        techniques: Iterable[str | Technique] | None = None,
        *,
        near_duplicate_threshold: float = 0.8,
        max_attempts: int = 8,
        batch_size: int = 64,
        refuse_boilerplate: bool = True,
        collapse_duplicate_seeds: bool = False,
    ) -> None:
        if not 0.0 < near_duplicate_threshold <= 1.0:
            raise ValueError("near_duplicate_threshold must be in (0, 1]")
        if max_attempts < 1 or batch_size < 1:
            raise ValueError("max_attempts and batch_size must be at least 1")
        self.techniques = resolve_techniques(techniques)
        self.near_duplicate_threshold = near_duplicate_threshold
        self.max_attempts = max_attempts
        self.batch_size = batch_size
        self.refuse_boilerplate = refuse_boilerplate
        self.collapse_duplicate_seeds = collapse_duplicate_seeds

    def generate(
        self,
        dataset: Dataset | Sequence[Example],
        count: int,
        *,
        techniques: Iterable[str | Technique] | None = None,
        seed: int = 0,
        generator: TextGenerator | None = None,
        near_duplicate_threshold: float | None = None,
        progress: bool | ProgressHook = False,
    ) -> VariationResult:
        """`count` variations of `dataset`'s examples (fewer only if slots are given up).

        `progress`: True shows a rich progress bar; a callable receives the number of slots
        finished after each batch.
        """
        seeds, duplicates = self._seeds_to_vary(dataset)
        if count < 0:
            raise ValueError("count must be >= 0")
        techs = resolve_techniques(techniques) if techniques is not None else self.techniques
        threshold = self._threshold(near_duplicate_threshold)
        slots = _plan(count, len(seeds), len(techs), seed)
        run = _Run.start(seeds, techs, seed, generator, threshold, self.refuse_boilerplate)
        with _progress_hook(progress, len(slots)) as report:
            self._fill(slots, run, report)
        examples = [run.kept[k] for k in sorted(run.kept)]
        summary = self._summary(run, examples, count, duplicates)
        name = f"{getattr(dataset, 'name', None) or 'dataset'}-variations"
        return VariationResult(Dataset(examples, name=name), run.refusals, summary)

    def _seeds_to_vary(self, dataset: Dataset | Sequence[Example]) -> tuple[list[Example], int]:
        """The seeds (one of each exact repeat when collapsing) and how many seeds repeat
        another; an empty dataset is refused."""
        seeds = list(dataset)
        if not seeds:
            raise ValueError("the dataset is empty: nothing to vary")
        distinct, duplicates = distinct_seeds(seeds)
        if self.collapse_duplicate_seeds:
            seeds = distinct
        return seeds, duplicates

    def _threshold(self, override: float | None) -> float:
        """The near-duplicate threshold of this call: the override, else the generator's."""
        threshold = self.near_duplicate_threshold if override is None else override
        if not 0.0 < threshold <= 1.0:
            raise ValueError("near_duplicate_threshold must be in (0, 1]")
        return threshold

    def _fill(self, slots: list[_Slot], run: _Run, report: ProgressHook | None) -> None:
        """Draft and admit every slot, `batch_size` at a time; a refused slot is drafted again
        with its next attempt's RNG until it is kept or has used `max_attempts`."""
        for start in range(0, len(slots), self.batch_size):
            pending = slots[start : start + self.batch_size]
            while pending:
                drafts = self._draft(pending, run.seeds, run.techs, run.seed, run.generator)
                pending = self._judge(pending, drafts, run)
            if report is not None:
                report(min(len(slots), start + self.batch_size))

    def _judge(
        self, pending: list[_Slot], drafts: list[Example | Declined | None], run: _Run
    ) -> list[_Slot]:
        """Keep or refuse each draft (recorded in `run`); the slots to draft again."""
        retry: list[_Slot] = []
        for slot, draft in zip(pending, drafts, strict=True):
            parent, tech = run.seeds[slot.parent], run.techs[slot.technique]
            verdict = _admit(run, slot, draft, parent, tech.name)
            if isinstance(verdict, Refusal):
                run.refusals.append(verdict)
                slot.attempt += 1
                if slot.attempt < self.max_attempts:
                    retry.append(slot)
                else:
                    run.given_up += 1
            else:
                run.kept[slot.index] = verdict
        return retry

    def _summary(
        self, run: _Run, examples: list[Example], count: int, duplicates: int
    ) -> VariationSummary:
        """What the run made and refused, with the boilerplate measured over its output."""
        per_seed = Counter(ex.parent_id for ex in examples)
        summary = VariationSummary(
            requested=count,
            produced=len(examples),
            seeds=len(run.seeds),
            per_technique=dict(Counter(ex.technique or "" for ex in examples).most_common()),
            per_seed_min=min((per_seed.get(ex.id, 0) for ex in run.seeds), default=0),
            per_seed_max=max(per_seed.values(), default=0),
            refusals=dict(Counter(r.reason for r in run.refusals)),
            refusals_by_technique=dict(Counter(r.technique for r in run.refusals)),
            slots_given_up=run.given_up,
            near_duplicate_threshold=run.threshold,
            seed=run.seed,
            unproductive=_unproductive(run.refusals, examples, run.threshold),
            duplicate_seeds=duplicates,
            duplicates_collapsed=self.collapse_duplicate_seeds,
        )
        report: BoilerplateReport = measure(examples)
        summary.boilerplate = report.to_dict()
        summary.boilerplate_lines = report.lines()
        return summary

    def _draft(
        self,
        pending: list[_Slot],
        seeds: list[Example],
        techs: list[Technique],
        seed: int,
        generator: TextGenerator | None,
    ) -> list[Example | Declined | None]:
        """Drafts for `pending`, one technique call per technique (batched where supported)."""
        by_tech: dict[int, list[int]] = defaultdict(list)
        for i, slot in enumerate(pending):
            by_tech[slot.technique].append(i)
        out: list[Example | Declined | None] = [None] * len(pending)
        for ti in sorted(by_tech):
            tech = techs[ti]
            idx = by_tech[ti]
            requests: list[VariationRequest] = []
            for i in idx:
                s = pending[i]
                parent = seeds[s.parent]
                requests.append((parent, _rng(seed, parent.id, tech.name, s.round, s.attempt)))
            if isinstance(tech, BatchTechnique):
                results = tech.vary_batch(requests, generator)
                if len(results) != len(requests):
                    raise RuntimeError(
                        f"technique {tech.name!r} returned {len(results)} results "
                        f"for {len(requests)} requests"
                    )
            else:
                results = [tech.vary(ex, rng, generator) for ex, rng in requests]
            for i, res in zip(idx, results, strict=True):
                out[i] = res
        return out


def _admit(
    run: _Run, slot: _Slot, draft: Example | Declined | None, parent: Example, technique: str
) -> Example | Refusal:
    """The final example (id, provenance) if `draft` passes every check of `run`, else the
    refusal; a kept example joins the run's near-duplicate indexes."""

    def refuse(reason: RefusalReason, detail: str = "") -> Refusal:
        return Refusal(
            parent_id=parent.id,
            technique=technique,
            attempt=slot.attempt,
            reason=reason,
            detail=detail,
        )

    if draft is None:
        return refuse("declined")
    if isinstance(draft, Declined):
        return refuse(draft.reason, draft.detail)
    close = _too_close(run, draft, parent)
    if close is not None:
        return refuse(*close)
    base = f"{parent.id}-{technique}-{slot.round}"
    new_id, k = base, 1
    while new_id in run.used_ids:
        k += 1
        new_id = f"{base}-{k}"
    record = draft.to_record()
    record.update(id=new_id, source_id=parent.group_key, parent_id=parent.id, technique=technique)
    try:
        final = Example.model_validate(record)
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        loc = ".".join(str(p) for p in first["loc"])
        return refuse("invalid", f"{loc}: {first['msg']}")
    if run.boilerplate is not None:
        mostly, worst = run.boilerplate.check(final.response_revised, final.group_key)
        if mostly:
            return refuse("mostly_boilerplate", f"most shared sentence: {worst[:80]!r}")
        run.boilerplate.add(final.response_revised, final.group_key)
    run.used_ids.add(new_id)
    key = len(run.seeds) + slot.index
    run.answers.add(key, final.response_revised)
    run.questions.add(key, final.prompt)
    run.kept[slot.index] = final
    return final


def _too_close(run: _Run, draft: Example, parent: Example) -> tuple[RefusalReason, str] | None:
    """Why `draft` repeats its source, a seed or an output already kept (reason, detail), or
    None when it repeats none of them."""
    threshold = run.threshold
    if (
        jaccard(parent.response_revised, draft.response_revised) >= threshold
        or jaccard(parent.prompt, draft.prompt) >= threshold
    ):
        return "near_duplicate_source", ""
    seeds = run.seeds
    n = len(seeds)
    for field_name, index, text in (
        ("answer", run.answers, draft.response_revised),
        ("question", run.questions, draft.prompt),
    ):
        hits = index.query(text)
        if hits:
            key = hits[0]
            if key < n:
                same = seeds[key].response_revised == parent.response_revised
                reason: RefusalReason = "near_duplicate_source" if same else "near_duplicate_seed"
                return reason, f"{field_name} close to seed {seeds[key].id}"
            return (
                "near_duplicate_output",
                f"{field_name} close to {kept_by_key(run.kept, key - n)}",
            )
    return None


def distinct_seeds(seeds: Sequence[Example]) -> tuple[list[Example], int]:
    """The seeds without exact repeats (same prompt and answer, spaces aside), and how many
    repeats were left out. Sixteen copies of one seed are one seed: varying each copy would
    weigh it sixteen times and spread its sentences over sixteen seed groups."""
    seen: set[tuple[str, str]] = set()
    out: list[Example] = []
    for ex in seeds:
        key = (" ".join(ex.prompt.split()), " ".join(ex.response_revised.split()))
        if key not in seen:
            seen.add(key)
            out.append(ex)
    return out, len(seeds) - len(out)


def kept_by_key(kept: dict[int, Example], index: int) -> str:
    """The id of the kept output at slot `index` (for refusal messages)."""
    found = kept.get(index)
    return found.id if found is not None else f"slot {index}"
