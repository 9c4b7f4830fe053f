"""Dataset: examples loaded from JSONL with located problems, combined, saved, described.

Loading never raises on bad content: each record either becomes an `Example` or a `LoadProblem`
that names the file, line and field. `Dataset.stream()` gives the same results one at a time in
bounded memory, for files too large to hold.
"""

from __future__ import annotations

import html
import math
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ValidationError

from noesis_trainer.core.schema import Example
from noesis_trainer.errors import NoesisError
from noesis_trainer.io.atomic import write_jsonl_atomic
from noesis_trainer.io.jsonl import LoadProblem, RawRecord, iter_jsonl

if TYPE_CHECKING:  # pragma: no cover
    import datasets


Importer = Callable[[dict[str, Any], RawRecord], dict[str, Any]]
"""Turns a foreign record (chat messages, alpaca...) into an example record."""


class IdCollisionError(NoesisError, ValueError):
    """Two datasets being combined hold the same example id."""

    def __init__(self, collisions: dict[str, list[str]]) -> None:
        self.collisions = collisions
        shown = ", ".join(f"{k!r} ({' / '.join(v)})" for k, v in list(collisions.items())[:5])
        more = f" and {len(collisions) - 5} more" if len(collisions) > 5 else ""
        super().__init__(
            f"{len(collisions)} id(s) appear in more than one input: {shown}{more}; "
            "pass on_collision='rename' or 'keep_first' to resolve"
        )


def _field_of(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(p) for p in loc) if loc else "(record)"


def problems_from_validation(err: ValidationError, path: str, line: int) -> list[LoadProblem]:
    """One located `LoadProblem` per pydantic error, worded for a person."""
    out = []
    for e in err.errors(include_url=False):
        field = _field_of(tuple(e["loc"]))
        kind = e["type"]
        if kind == "missing":
            message = "required field is missing"
        elif kind in ("string_type", "list_type", "enum"):
            message = f"{e['msg']} (got {type(e.get('input')).__name__}: {_short(e.get('input'))})"
        else:
            message = f"{e['msg']} (got {_short(e.get('input'))})"
        out.append(LoadProblem(path, line, message, f"schema.{kind}", field=field))
    return out


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


FOREIGN_SHAPES: dict[str, tuple[frozenset[str], str]] = {
    "messages": (frozenset({"messages"}), "a chat 'messages' record"),
    "alpaca": (frozenset({"instruction", "output"}), "an alpaca record"),
}
"""Record shapes that are not examples but can be imported: format -> (keys, description)."""


def foreign_shape(data: dict[str, Any]) -> str | None:
    """The importer format a record looks like, when it has none of the schema's fields."""
    if "prompt" in data or "response_revised" in data:
        return None
    for fmt, (keys, _) in FOREIGN_SHAPES.items():
        if keys <= data.keys():
            return fmt
    return None


def parse_example(raw: RawRecord) -> Example | list[LoadProblem]:
    """Validate one raw record against the schema; problems carry the record's path and line."""
    shape = foreign_shape(raw.data)
    if shape is not None:
        what = FOREIGN_SHAPES[shape][1]
        return [
            LoadProblem(
                raw.path,
                raw.line,
                f"this is {what}, not an example; import it with "
                f"`noesis convert --from {shape} {raw.path} -o OUT.jsonl`",
                f"foreign.{shape}",
            )
        ]
    try:
        return Example.model_validate(raw.data)
    except ValidationError as err:
        return problems_from_validation(err, raw.path, raw.line)


class LengthPercentiles(BaseModel):
    min: int
    p50: int
    p90: int
    p99: int
    max: int
    mean: float


class DatasetStats(BaseModel):
    """Counts and length figures of a dataset, JSON-serializable."""

    total: int
    problems: int
    categories: dict[str, int]
    difficulties: dict[str, int]
    values: dict[str, int]
    techniques: dict[str, int]
    prompt_chars: LengthPercentiles | None
    response_revised_chars: LengthPercentiles | None

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)


def percentiles(lengths: Sequence[int]) -> LengthPercentiles | None:
    """Nearest-rank percentiles of integer lengths; None for an empty sequence."""
    if not lengths:
        return None
    s = sorted(lengths)
    n = len(s)

    def rank(q: float) -> int:
        return s[min(n - 1, max(0, math.ceil(q * n) - 1))]

    return LengthPercentiles(
        min=s[0], p50=rank(0.5), p90=rank(0.9), p99=rank(0.99), max=s[-1], mean=sum(s) / n
    )


class Dataset:
    """An ordered collection of `Example`s plus the problems met while loading them."""

    def __init__(
        self,
        examples: Iterable[Example] = (),
        *,
        problems: Iterable[LoadProblem] = (),
        locations: Iterable[str | None] | None = None,
        name: str | None = None,
    ) -> None:
        self.examples: list[Example] = list(examples)
        self.problems: list[LoadProblem] = list(problems)
        locs: list[str | None] = (
            list(locations) if locations is not None else [None] * len(self.examples)
        )
        if len(locs) != len(self.examples):
            raise ValueError("locations must have one entry per example")
        self.locations: list[str | None] = locs
        self.name = name

    # -- loading ---------------------------------------------------------------------------
    @staticmethod
    def stream(
        paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
        *,
        importer: Importer | None = None,
    ) -> Iterator[tuple[RawRecord, Example] | LoadProblem]:
        """Yield ``(raw, example)`` for each valid record and a `LoadProblem` for each bad one.

        Holds one record at a time. With an `importer`, records spread over several lines are
        accepted too (after being reported), since importers exist to rescue foreign files.
        """
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        for item in iter_jsonl(paths, accept_multiline=importer is not None):
            if isinstance(item, LoadProblem):
                if importer is not None and item.code == "multiline_record":
                    continue  # rescued: the record follows
                yield item
                continue
            if importer is not None:
                try:
                    item = RawRecord(item.path, item.line, importer(item.data, item), item.end_line)
                except ImportRecordError as err:
                    yield LoadProblem(item.path, item.line, str(err), "import", field=err.field)
                    continue
            parsed = parse_example(item)
            if isinstance(parsed, list):
                yield from parsed
            else:
                yield item, parsed

    @classmethod
    def load(
        cls,
        paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
        *,
        importer: Importer | None = None,
        name: str | None = None,
    ) -> Dataset:
        """Load every file, folder (``*.jsonl`` inside) or glob; bad records go to `.problems`."""
        examples: list[Example] = []
        locations: list[str | None] = []
        problems: list[LoadProblem] = []
        for item in cls.stream(paths, importer=importer):
            if isinstance(item, LoadProblem):
                problems.append(item)
            else:
                raw, example = item
                examples.append(example)
                locations.append(raw.location)
        return cls(examples, problems=problems, locations=locations, name=name)

    # -- container protocol ------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.examples)

    def __iter__(self) -> Iterator[Example]:
        return iter(self.examples)

    def __getitem__(self, index: int) -> Example:
        return self.examples[index]

    def __repr__(self) -> str:
        label = f" {self.name!r}" if self.name else ""
        return f"<Dataset{label}: {len(self)} examples, {len(self.problems)} problems>"

    @property
    def ids(self) -> list[str]:
        return [e.id for e in self.examples]

    def records(self) -> Iterator[dict[str, Any]]:
        """Plain dicts, extras included, in order."""
        for e in self.examples:
            yield e.to_record()

    def select(self, indices: Iterable[int], *, name: str | None = None) -> Dataset:
        """A new dataset holding the examples at `indices` (in that order)."""
        idx = list(indices)
        return Dataset(
            (self.examples[i] for i in idx),
            locations=(self.locations[i] for i in idx),
            name=name or self.name,
        )

    def filter(self, predicate: Callable[[Example], bool]) -> Dataset:
        return self.select((i for i, e in enumerate(self.examples) if predicate(e)))

    # -- writing -----------------------------------------------------------------------------
    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the examples as JSONL atomically (temp file + rename); returns the path."""
        target = Path(path)
        write_jsonl_atomic(target, self.records())
        return target

    # -- combining ---------------------------------------------------------------------------
    @classmethod
    def combine(
        cls,
        *datasets: Dataset,
        on_collision: Literal["error", "rename", "keep_first"] = "error",
        name: str | None = None,
    ) -> Dataset:
        """Concatenate datasets in order, refusing (by default) ids that occur in more than one.

        ``rename`` suffixes later duplicates with ``__2``, ``__3``...; ``keep_first`` drops them.
        Problems of every input are carried over.
        """
        seen: dict[str, str] = {}
        collisions: dict[str, list[str]] = {}
        examples: list[Example] = []
        locations: list[str | None] = []
        problems: list[LoadProblem] = []
        counters: Counter[str] = Counter()
        for ds_index, ds in enumerate(datasets):
            label = ds.name or f"dataset #{ds_index + 1}"
            problems.extend(ds.problems)
            for example, loc in zip(ds.examples, ds.locations, strict=True):
                where = loc or label
                if example.id in seen:
                    collisions.setdefault(example.id, [seen[example.id]]).append(where)
                    if on_collision == "keep_first":
                        continue
                    if on_collision == "rename":
                        counters[example.id] += 1
                        new_id = f"{example.id}__{counters[example.id] + 1}"
                        while new_id in seen:
                            counters[example.id] += 1
                            new_id = f"{example.id}__{counters[example.id] + 1}"
                        example = example.model_copy(update={"id": new_id})
                        seen[new_id] = where
                else:
                    seen[example.id] = where
                examples.append(example)
                locations.append(loc)
        if collisions and on_collision == "error":
            raise IdCollisionError(collisions)
        return cls(examples, problems=problems, locations=locations, name=name)

    def __add__(self, other: Dataset) -> Dataset:
        return Dataset.combine(self, other)

    # -- description -------------------------------------------------------------------------
    def stats(self) -> DatasetStats:
        """Counts by category, difficulty, value and technique; character-length percentiles."""
        categories: Counter[str] = Counter()
        difficulties: Counter[str] = Counter()
        values: Counter[str] = Counter()
        techniques: Counter[str] = Counter()
        prompt_lengths: list[int] = []
        response_lengths: list[int] = []
        for e in self.examples:
            categories[e.category] += 1
            difficulties[e.difficulty.value] += 1
            values.update(v.value for v in e.values_applied)
            techniques[e.technique or "(seed)"] += 1
            prompt_lengths.append(len(e.prompt))
            response_lengths.append(len(e.response_revised))
        return DatasetStats(
            total=len(self.examples),
            problems=len(self.problems),
            categories=dict(categories.most_common()),
            difficulties=dict(difficulties.most_common()),
            values=dict(values.most_common()),
            techniques=dict(techniques.most_common()),
            prompt_chars=percentiles(prompt_lengths),
            response_revised_chars=percentiles(response_lengths),
        )

    # -- Hugging Face datasets ---------------------------------------------------------------
    def to_hf(self) -> datasets.Dataset:
        """A `datasets.Dataset` with one column per field (extras included where present)."""
        import datasets as hf

        records = list(self.records())
        columns: dict[str, list[Any]] = {}
        for r in records:
            for key in r:
                columns.setdefault(key, [])
        table = {key: [r.get(key) for r in records] for key in columns}
        return hf.Dataset.from_dict(table)

    @classmethod
    def from_hf(cls, hf_dataset: datasets.Dataset, *, name: str | None = None) -> Dataset:
        """Build from a `datasets.Dataset`; rows that break the schema go to `.problems`."""
        examples: list[Example] = []
        locations: list[str | None] = []
        problems: list[LoadProblem] = []
        label = name or "hf-dataset"
        for i, row in enumerate(hf_dataset):
            record = {k: v for k, v in dict(row).items() if v is not None}
            parsed = parse_example(RawRecord(label, i + 1, record, i + 1))
            if isinstance(parsed, list):
                problems.extend(parsed)
            else:
                examples.append(parsed)
                locations.append(f"{label}:{i + 1}")
        return cls(examples, problems=problems, locations=locations, name=name)

    # -- notebooks ---------------------------------------------------------------------------
    def _repr_html_(self) -> str:
        s = self.stats()
        esc = html.escape
        title = esc(self.name or "Dataset")
        head = (
            f"<div><b>{title}</b>: {s.total} examples, {s.problems} load problems, "
            f"{len(s.categories)} categories</div>"
        )

        def table(label: str, counts: dict[str, int]) -> str:
            rows = "".join(
                f"<tr><td>{esc(k)}</td><td style='text-align:right'>{v}</td></tr>"
                for k, v in list(counts.items())[:12]
            )
            return (
                f"<table style='display:inline-block;vertical-align:top;margin-right:1em'>"
                f"<tr><th>{esc(label)}</th><th>n</th></tr>{rows}</table>"
            )

        tables = table("category", s.categories) + table("difficulty", s.difficulties)
        tables += table("value", s.values)
        preview_rows = "".join(
            "<tr>"
            + "".join(
                f"<td>{esc(str(x)[:80])}</td>"
                for x in (e.id, e.category, e.difficulty.value, e.prompt)
            )
            + "</tr>"
            for e in self.examples[:5]
        )
        preview = (
            "<table><tr><th>id</th><th>category</th><th>difficulty</th><th>prompt</th></tr>"
            f"{preview_rows}</table>"
        )
        problems = ""
        if self.problems:
            items = "".join(f"<li>{esc(str(p))}</li>" for p in self.problems[:5])
            problems = (
                f"<details><summary>{len(self.problems)} problems</summary>"
                f"<ul>{items}</ul></details>"
            )
        return f"<div class='noesis-dataset'>{head}{tables}{preview}{problems}</div>"


class ImportRecordError(NoesisError, ValueError):
    """A foreign record that an importer cannot turn into an example."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
