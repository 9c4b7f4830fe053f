"""`Validator`: run every rule over files (streaming) or an in-memory `Dataset`; never stop early.

Files are read with the located reader (`io.jsonl.read_jsonl`), whose parse-level problems become
findings as they are; each parsed record then goes through every row rule on its *raw* form and
through the `Example` schema (`dataset.parse_example`), whose problems are kept where no row rule
already named the field. Dataset rules see every row and report at the end. Memory: one record at
a time plus, per row, its location and a few bytes of dedup signature.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import json
import os
import time
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, replace
from operator import attrgetter
from typing import Any

import numpy as np
from pydantic import ValidationError

from noesis_trainer.dataset import Dataset, DatasetStats, parse_example, percentiles
from noesis_trainer.dedup import process_available
from noesis_trainer.io.jsonl import LoadProblem, RawRecord, expand_paths, read_jsonl
from noesis_trainer.plugins import collect
from noesis_trainer.schema import Difficulty, Example, Value
from noesis_trainer.validation.builtin_rules import LOAD_RULES, load_rule_for
from noesis_trainer.validation.report import Cluster, Finding, RuleSummary, ValidationReport
from noesis_trainer.validation.rules import (
    SEVERITY_RANK,
    DatasetRule,
    Rule,
    Severity,
    ValidatorOptions,
    check_rule,
    describe,
)

PathsLike = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]
_FlagGroup = tuple[tuple[int, ...], str, str | None]
"""Rows a dataset rule flags, with the message and field of their findings."""


def _as_list(paths: PathsLike) -> list[str | os.PathLike[str]]:
    if isinstance(paths, (str, os.PathLike)):
        return [paths]
    return list(paths)


def reference_answers(source: Dataset | PathsLike) -> tuple[str, ...]:
    """The `response_revised` texts of a reference split (any record that has one as a string)."""
    if isinstance(source, Dataset):
        return tuple(e.response_revised for e in source.examples)
    out: list[str] = []
    for item in read_many(_as_list(source)):
        if isinstance(item, RawRecord):
            text = item.data.get("response_revised")
            if isinstance(text, str) and text:
                out.append(text)
    return tuple(out)


def read_many(paths: Iterable[str | os.PathLike[str]]) -> Iterable[RawRecord | LoadProblem]:
    for p in expand_paths(paths):
        yield from read_jsonl(p)


class Validator:
    """Checks datasets with the built-in rules, plugin rules and the rules you pass.

    ``rules`` are added after the plugin rules; one with the id of an existing rule replaces it.
    ``disable`` drops rules by id. ``reference`` (paths or a `Dataset`) turns on the
    ``reference-overlap`` rule: rows whose answer repeats one of the reference split.
    ``workers``: processes a run may use. ``None`` (the default) means 2 for inputs of more than
    `PROCESS_THRESHOLD_BYTES` (files) or `PROCESS_THRESHOLD_ROWS` (a `Dataset`) when the machine
    has 2 cores and can fork (Linux), else 1; ``1`` keeps everything in this process. A second
    process hashes and clusters the texts of the near-duplicate rules while this one reads the
    rows; the report is the same either way.
    """

    def __init__(
        self,
        rules: Iterable[object] = (),
        *,
        plugins: bool = True,
        disable: Iterable[str] = (),
        options: ValidatorOptions | None = None,
        reference: Dataset | PathsLike | None = None,
        workers: int | None = None,
    ) -> None:
        found: dict[str, Rule] = {}
        registered: list[object] = collect("register_rules") if plugins else []
        for obj in [*registered, *rules]:
            rule = check_rule(obj)
            found.pop(rule.id, None)
            found[rule.id] = rule
        for rule_id in disable:
            found.pop(rule_id, None)
        self.rules: list[Rule] = list(found.values())
        self.options = options or ValidatorOptions()
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be >= 1, not {workers}")
        self.workers = workers
        if reference is not None:
            label = (
                reference.name or "the reference dataset"
                if isinstance(reference, Dataset)
                else ", ".join(os.fspath(p) for p in _as_list(reference))
            )
            self.options = replace(
                self.options,
                reference_texts=reference_answers(reference),
                reference_label=label,
            )

    @property
    def row_rules(self) -> list[Rule]:
        return [r for r in self.rules if not isinstance(r, DatasetRule)]

    @property
    def dataset_rules(self) -> list[DatasetRule]:
        return [r for r in self.rules if isinstance(r, DatasetRule)]

    def describe_rules(self) -> list[dict[str, str]]:
        """Every rule, load-level ones included: id, severity, scope, message, fix."""
        every: list[Any] = [*LOAD_RULES.values(), *self.rules]
        return [describe(r) for r in every]

    def _workers_for(self, large: bool) -> int:
        if self.workers is not None:
            return self.workers
        if not large or not process_available():
            return 1
        return min(2, os.cpu_count() or 1)

    # -- entry points ------------------------------------------------------------------------
    def validate(self, source: Dataset | PathsLike) -> ValidationReport:
        """Validate a `Dataset`, or files / folders / globs (streamed)."""
        if isinstance(source, Dataset):
            return self.validate_dataset(source)
        return self.validate_paths(source)

    def validate_paths(self, paths: PathsLike) -> ValidationReport:
        """Stream every file; raises `io.jsonl.InputPathError` for a path that names nothing."""
        files = expand_paths(_as_list(paths))
        size = 0
        for p in files:
            with contextlib.suppress(OSError):
                size += os.path.getsize(p)
        run = _Run(self, self._workers_for(size > PROCESS_THRESHOLD_BYTES))
        for path in files:
            _validate_file(os.fspath(path), run)
        return run.finish([os.fspath(p) for p in files])

    def validate_dataset(self, dataset: Dataset) -> ValidationReport:
        """Validate examples in memory; the dataset's load problems count as rejected rows."""
        run = _Run(self, self._workers_for(len(dataset.examples) > PROCESS_THRESHOLD_ROWS))
        label = dataset.name or "<memory>"
        for index, (example, loc) in enumerate(
            zip(dataset.examples, dataset.locations, strict=True)
        ):
            path, line = _split_location(loc, label, index + 1)
            run.record(RawRecord(path, line, example.to_record(), line), example)
        grouped: dict[tuple[str, int], list[LoadProblem]] = {}
        for p in dataset.problems:
            grouped.setdefault((p.path, p.line), []).append(p)
        for problems in grouped.values():
            run.problem_row(problems)
        return run.finish([dataset.name] if dataset.name else [])


PROCESS_THRESHOLD_BYTES = 20_000_000
"""Inputs above this size use a second process by default (below it, starting one costs more)."""
PROCESS_THRESHOLD_ROWS = 20_000

_BOM = b"\xef\xbb\xbf"
_ENUM_VALUE: dict[Any, str] = {m: m.value for m in (*Value, *Difficulty)}
_validate_json = Example.__pydantic_validator__.validate_json


def _validate_file(path: str, run: _Run) -> None:
    """Fast path for well-formed lines, the located reader for everything else.

    A line that is a valid example is parsed and validated in one step (pydantic-core's JSON
    parser); a JSON object that fails the schema goes through the row rules on its raw dict. At
    the first line that is not a JSON object at all, the rest of the file is handed to
    `read_jsonl`, which knows how to locate and name every parse-level problem.
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError:
        for item in read_jsonl(path):  # yields the located 'unreadable' problem
            _feed(run, item)
        return
    with handle:
        lineno = 0
        for line in handle:
            lineno += 1
            if lineno == 1 and line.startswith(_BOM):
                line = line[len(_BOM) :]
            try:
                example: Example | None = _validate_json(line)
            except ValidationError:
                example = None
            if example is not None:
                run.record_valid(path, lineno, example)
                continue
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except ValueError:  # bad JSON or bad UTF-8
                data = None
            if isinstance(data, dict):
                run.record(RawRecord(path, lineno, data, lineno, line))
                continue
            for item in read_jsonl(path):
                if item.line >= lineno:
                    _feed(run, item)
            return


def _feed(run: _Run, item: RawRecord | LoadProblem) -> None:
    if isinstance(item, LoadProblem):
        run.load_problem(item)
    else:
        run.record(item)


def _split_location(loc: str | None, label: str, default_line: int) -> tuple[str, int]:
    from noesis_trainer.io.jsonl import split_location

    return split_location(loc) or (label, default_line)


class _Run:
    """The state of one validation run."""

    def __init__(self, validator: Validator, workers: int = 1) -> None:
        self.row_rules = validator.row_rules
        self.dataset_rules = validator.dataset_rules
        self.rules = validator.rules
        self.options = replace(validator.options, workers=workers)
        for rule in self.dataset_rules:
            rule.reset(self.options)
        self.observers = [r for r in self.dataset_rules if r.observes]
        self.light_rules = [r for r in self.row_rules if not getattr(r, "schema_only", False)]
        self.started = time.perf_counter()
        self.paths: list[str] = []
        self._path_index: dict[str, int] = {}
        self.row_path = array("I")
        self.row_line = array("I")
        self.worst = bytearray()  # per row: 0 none, 1 info, 2 warning, 3 error
        self.warned = bytearray()
        self.findings: list[Finding] = []
        self.dataset_findings: list[Finding] = []
        self.clusters: list[Cluster] = []
        self.n_findings: Counter[str] = Counter()
        self.n_rows: Counter[str] = Counter()
        self.severity: dict[str, str] = {r.id: r.severity for r in self.rules}
        self.severity.update({r.id: r.severity for r in LOAD_RULES.values()})
        # statistics of the valid rows
        self.categories: Counter[str] = Counter()
        self.difficulties: Counter[str] = Counter()
        self.values: Counter[str] = Counter()
        self.techniques: Counter[str] = Counter()
        self.prompt_lengths = array("I")
        self.response_lengths = array("I")

    # -- rows --------------------------------------------------------------------------------
    def _new_row(self, path: str, line: int) -> int:
        index = self._path_index.get(path)
        if index is None:
            index = self._path_index[path] = len(self.paths)
            self.paths.append(path)
        self.row_path.append(index)
        self.row_line.append(line)
        self.worst.append(0)
        self.warned.append(0)
        return len(self.worst) - 1

    def location(self, row: int) -> str:
        return f"{self.paths[self.row_path[row]]}:{self.row_line[row]}"

    def add(
        self,
        row: int,
        rule_id: str,
        message: str,
        field: str | None,
        *,
        end_line: int | None = None,
        severity: str | None = None,
    ) -> None:
        sev = severity or self.severity.get(rule_id, "error")
        self.findings.append(
            Finding(
                rule_id,
                sev,  # type: ignore[arg-type]
                message,
                self.paths[self.row_path[row]],
                self.row_line[row],
                end_line,
                field,
                row,
            )
        )
        self.n_findings[rule_id] += 1
        rank = SEVERITY_RANK[sev] + 1
        if rank > self.worst[row]:
            self.worst[row] = rank
        if sev == "warning":
            self.warned[row] = 1

    def _locations(self, rows: Iterable[int]) -> list[str]:
        """`location` of many rows (one comprehension, no call per row)."""
        paths, row_path, row_line = self.paths, self.row_path, self.row_line
        if len(paths) == 1:
            prefix = paths[0] + ":"
            return [prefix + str(row_line[r]) for r in rows]
        return [f"{paths[row_path[r]]}:{row_line[r]}" for r in rows]

    def _flag_groups(
        self,
        rule_id: str,
        severity: Severity,
        groups: list[tuple[tuple[int, ...], str, str | None]],
    ) -> int:
        """One finding per row of every ``(rows, message, field)`` group; returns distinct rows.

        Dataset rules can flag hundreds of thousands of rows (every variation of a duplicate
        cluster), so this builds the findings with C-level iteration and marks the rows'
        severity with numpy instead of a Python loop per row.
        """
        if not groups:
            return 0
        paths, row_path, row_line = self.paths, self.row_path, self.row_line
        every = list(itertools.chain.from_iterable(g[0] for g in groups))
        messages = itertools.chain.from_iterable(itertools.repeat(m, len(r)) for r, m, _ in groups)
        fields = itertools.chain.from_iterable(itertools.repeat(f, len(r)) for r, _, f in groups)
        where: Iterable[str] = (
            itertools.repeat(paths[0])
            if len(paths) == 1
            else map(paths.__getitem__, map(row_path.__getitem__, every))
        )
        self.findings.extend(
            map(
                Finding,
                itertools.repeat(rule_id),
                itertools.repeat(severity),
                messages,
                where,
                map(row_line.__getitem__, every),
                itertools.repeat(None),
                fields,
                every,
            )
        )
        self.n_findings[rule_id] += len(every)
        idx = np.asarray(every, dtype=np.intp)
        worst = np.frombuffer(self.worst, dtype=np.uint8)  # a view: released before returning
        np.maximum.at(worst, idx, np.uint8(SEVERITY_RANK[severity] + 1))
        del worst
        if severity == "warning":
            warned = np.frombuffer(self.warned, dtype=np.uint8)
            warned[idx] = 1
            del warned
        mark = np.zeros(len(self.worst), dtype=bool)
        mark[idx] = True
        return int(np.count_nonzero(mark))

    def load_problem(self, problem: LoadProblem) -> None:
        if problem.line == 0:  # the whole file: not a row
            self.dataset_findings.append(
                Finding(
                    rule="unreadable", severity="error", message=problem.message, path=problem.path
                )
            )
            self.n_findings["unreadable"] += 1
            return
        self.problem_row([problem])

    def problem_row(self, problems: list[LoadProblem]) -> None:
        row = self._new_row(problems[0].path, problems[0].line)
        seen: set[str] = set()
        for p in problems:
            rule_id = load_rule_for(p.code, p.field, p.message)
            self.add(row, rule_id, p.message, p.field, end_line=p.end_line)
            if rule_id not in seen:
                seen.add(rule_id)
                self.n_rows[rule_id] += 1

    def record_valid(self, path: str, line: int, example: Example) -> None:
        """A row already known to be a valid `Example`: only the rules the schema cannot see."""
        row = self._new_row(path, line)
        data = dict(example.__dict__)
        data["difficulty"] = difficulty = _ENUM_VALUE[data["difficulty"]]
        data["values_applied"] = values = [_ENUM_VALUE[v] for v in data["values_applied"]]
        extra = example.__pydantic_extra__
        if extra:
            data.update(extra)
        for rule in self.light_rules:
            try:
                hits = rule.check(data)  # type: ignore[attr-defined]
                if not hits:
                    continue
                hits = list(hits)
            except Exception as err:  # a plugin bug must not stop the other rules
                self.add(
                    row, rule.id, f"rule raised {type(err).__name__}: {err}", None, severity="error"
                )
                self.n_rows[rule.id] += 1
                continue
            if hits:
                self.n_rows[rule.id] += 1
                for hit in hits:
                    self.add(row, rule.id, hit.detail, hit.field)
        self.categories[data["category"]] += 1
        self.difficulties[difficulty] += 1
        self.values.update(values)
        self.techniques[data["technique"] or "(seed)"] += 1
        self.prompt_lengths.append(len(data["prompt"]))
        self.response_lengths.append(len(data["response_revised"]))
        for drule in self.observers:
            drule.observe(row, data, True)

    def _count(self, example: Example) -> None:
        self.categories[example.category] += 1
        self.difficulties[example.difficulty.value] += 1
        self.values.update(v.value for v in example.values_applied)
        self.techniques[example.technique or "(seed)"] += 1
        self.prompt_lengths.append(len(example.prompt))
        self.response_lengths.append(len(example.response_revised))

    def record(self, raw: RawRecord, example: Example | None = None) -> None:
        row = self._new_row(raw.path, raw.line)
        data = raw.data
        end = raw.end_line if raw.end_line != raw.line else None
        parsed: Example | list[LoadProblem] = example if example is not None else parse_example(raw)
        if isinstance(parsed, list) and parsed and parsed[0].code.startswith("foreign."):
            self.add(row, "foreign-format", parsed[0].message, None, end_line=end)
            self.n_rows["foreign-format"] += 1
            return
        valid = not isinstance(parsed, list)
        covered: set[str] = set()
        for rule in self.light_rules if valid else self.row_rules:
            try:
                hits = rule.check(data)  # type: ignore[attr-defined]
                if not hits:
                    continue
                hits = list(hits)
            except Exception as err:  # a plugin bug must not stop the other rules
                self.add(
                    row,
                    rule.id,
                    f"rule raised {type(err).__name__}: {err}",
                    None,
                    end_line=end,
                    severity="error",
                )
                self.n_rows[rule.id] += 1
                continue
            if hits:
                self.n_rows[rule.id] += 1
                for hit in hits:
                    self.add(row, rule.id, hit.detail, hit.field, end_line=end)
                    if hit.field:
                        covered.add(hit.field)
        if isinstance(parsed, list):
            schema_rows = False
            for p in parsed:
                top = (p.field or "").split(".")[0]
                if top not in covered:
                    self.add(row, "schema", p.message, p.field, end_line=end)
                    schema_rows = True
            if schema_rows:
                self.n_rows["schema"] += 1
        else:
            self._count(parsed)
        for drule in self.observers:
            drule.observe(row, data, valid)

    # -- end ---------------------------------------------------------------------------------
    def _dataset_rule_results(self, stats: DatasetStats) -> None:
        for rule in self.dataset_rules:
            try:
                results = list(rule.finish(stats))
            except Exception as err:
                self.dataset_findings.append(
                    Finding(
                        rule=rule.id,
                        severity="error",
                        message=f"rule raised {type(err).__name__}: {err}",
                    )
                )
                self.n_findings[rule.id] += 1
                continue
            groups: list[_FlagGroup] = []
            for gh in results:
                if gh.flag_rows:
                    first = self.location(gh.rows[0]) if gh.rows else ""
                    text = (gh.row_detail or gh.detail).replace("{first}", first)
                    groups.append((tuple(gh.flag_rows), text, gh.field))
                else:
                    self.dataset_findings.append(
                        Finding(
                            rule=rule.id,
                            severity=rule.severity,
                            message=gh.detail,
                            field=gh.field,
                            figures=gh.figures or None,
                        )
                    )
                    self.n_findings[rule.id] += 1
                if gh.kind in ("exact", "near") and len(gh.rows) > 1:
                    self.clusters.append(
                        Cluster(
                            rule=rule.id,
                            kind=gh.kind,  # type: ignore[arg-type]
                            field=gh.field,
                            size=len(gh.rows),
                            locations=self._locations(gh.rows),
                            preview=gh.preview,
                        )
                    )
            self.n_rows[rule.id] += self._flag_groups(rule.id, rule.severity, groups)

    def finish(self, sources: list[str]) -> ValidationReport:
        stats = DatasetStats(
            total=len(self.prompt_lengths),
            problems=len(self.worst) - len(self.prompt_lengths),
            categories=dict(self.categories.most_common()),
            difficulties=dict(self.difficulties.most_common()),
            values=dict(self.values.most_common()),
            techniques=dict(self.techniques.most_common()),
            prompt_chars=percentiles(self.prompt_lengths),
            response_revised_chars=percentiles(self.response_lengths),
        )
        # Dataset rules can create hundreds of thousands of findings and cluster lists at once;
        # none of them forms a reference cycle, so the cyclic GC (which would walk the whole
        # heap again and again while they are built) is paused meanwhile.
        for rule in self.dataset_rules:
            start = getattr(rule, "end_of_input", None)
            if start is not None:
                with contextlib.suppress(Exception):  # `finish` reports a failing rule
                    start()
        gc_was_on = gc.isenabled()
        gc.disable()
        try:
            self._dataset_rule_results(stats)
            self.findings.sort(key=_row_of)  # stable: row rules first, then dataset rules
        finally:
            if gc_was_on:
                gc.enable()
        summaries = []
        every: list[Any] = [*LOAD_RULES.values(), *self.rules]
        for r in every:
            d = describe(r)
            summaries.append(
                RuleSummary(
                    id=d["id"],
                    severity=r.severity,
                    scope=d["scope"],
                    message=d["message"],
                    fix=d["fix"],
                    findings=self.n_findings.get(r.id, 0),
                    rows=self.n_rows.get(r.id, 0),
                )
            )
        options = {
            k: v
            for k, v in vars_of(self.options).items()
            if k not in ("reference_texts", "workers")  # the report is the same for any workers
        }
        options["reference_rows"] = len(self.options.reference_texts)
        return ValidationReport.model_construct(
            sources=sources,
            total_rows=len(self.worst),
            rows_with_errors=self.worst.count(3),
            rows_with_warnings=self.warned.count(1),
            rules=summaries,
            findings=self.findings,
            dataset_findings=self.dataset_findings,
            clusters=self.clusters,
            stats=stats,
            options=options,
            seconds=round(time.perf_counter() - self.started, 3),
        )


_row_of = attrgetter("row")


def vars_of(options: ValidatorOptions) -> dict[str, Any]:
    return asdict(options)
