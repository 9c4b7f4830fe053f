"""`Validator`: run every rule over files (streaming) or an in-memory `Dataset`; never stop early.

Files are read line by line with the strict parser of `io.jsonl` (orjson); a line that is not a
JSON object hands the rest of the file to the located reader (`io.jsonl.read_jsonl`), whose
problems become findings as they are. Each record goes through every row rule on its *raw* form.
When the built-in rules that together cover the `Example` schema are all active, a row is valid
exactly when none of them fires (a property test checks this against pydantic), so the schema is
not run a second time; otherwise `dataset.parse_example` decides, as before.

Memory: the report keeps counts, the first K findings per rule and K locations per cluster;
every row's reasons live in `RowVerdicts` (a few bytes per row, distinct findings interned), from
which the rejects file and the findings stream are written.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
import time
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, replace
from typing import IO, Any

import numpy as np

from noesis_trainer.core.dataset import (
    Dataset,
    DatasetStats,
    foreign_shape,
    parse_example,
    percentiles,
)
from noesis_trainer.core.gc_pause import gc_paused
from noesis_trainer.io.jsonl import (
    LoadProblem,
    RawRecord,
    expand_paths,
    loads,
    read_jsonl,
    utf16_problem,
)
from noesis_trainer.plugins import collect
from noesis_trainer.processes import fork_available
from noesis_trainer.validation.builtin_rules import (
    BUILTIN_ROW_RULES,
    LOAD_RULES,
    SCHEMA_RULES,
    builtin_row_hits,
    load_rule_for,
    schema_valid,
)
from noesis_trainer.validation.output_rules import (
    OUTPUT_RULE_TYPES,
    record_failures,
    record_surely_clean,
)
from noesis_trainer.validation.report import Cluster, Finding, RuleSummary, ValidationReport
from noesis_trainer.validation.row_worker import (
    NOT_OBJECT,
    VALIDITY,
    ChunkVerdicts,
    RowWorker,
    chunk_lines,
)
from noesis_trainer.validation.rows import RowVerdicts
from noesis_trainer.validation.rules import (
    DatasetRule,
    Rule,
    ValidatorConfig,
    check_rule,
    describe,
)

PathsLike = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]

DEFAULT_EXAMPLES = 20
"""Findings kept in the report per rule, and sample locations per cluster."""
DEFAULT_MAX_CLUSTERS = 100
"""Clusters kept in the report per rule (the largest); the others are counted."""
MAX_COUNT_COMBOS = 4096
"""Distinct (category, difficulty, technique, values) combinations `_Run._count` holds before
adding them to the counters (bounded memory on a file where every row differs)."""


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
    ``examples``: findings kept in the report per rule (and locations per cluster).
    ``workers``: processes a run may use. ``None`` (the default) means 2 for inputs of more than
    `PROCESS_THRESHOLD_BYTES` (files) or `PROCESS_THRESHOLD_ROWS` (a `Dataset`) when the machine
    has 2 cores, one of them idle (`default_workers`), and can fork (Linux), else 1; ``1`` keeps
    everything in this process. The second
    process hashes the distinct texts of the near-duplicate rules while this one reads rows; it
    is killed by the kernel when this process dies (SIGKILL included). Same report either way.
    """

    def __init__(
        self,
        rules: Iterable[object] = (),
        *,
        plugins: bool = True,
        disable: Iterable[str] = (),
        options: ValidatorConfig | None = None,
        reference: Dataset | PathsLike | None = None,
        workers: int | None = None,
        examples: int = DEFAULT_EXAMPLES,
        max_clusters: int = DEFAULT_MAX_CLUSTERS,
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
        self.options = options or ValidatorConfig()
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be >= 1, not {workers}")
        if examples < 0 or max_clusters < 0:
            raise ValueError("examples and max_clusters must be >= 0")
        self.workers = workers
        self.examples = examples
        self.max_clusters = max_clusters
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
            return self.workers if fork_available() else 1
        if not large or not fork_available():
            return 1
        return default_workers(os.cpu_count() or 1, _other_jobs())

    # -- entry points ------------------------------------------------------------------------
    def validate(
        self, source: Dataset | PathsLike, *, progress: ReadProgress | None = None
    ) -> ValidationReport:
        """Validate a `Dataset`, or files / folders / globs (streamed; `progress` as in
        `validate_paths`)."""
        if isinstance(source, Dataset):
            return self.validate_dataset(source)
        return self.validate_paths(source, progress=progress)

    def validate_paths(
        self, paths: PathsLike, *, progress: ReadProgress | None = None
    ) -> ValidationReport:
        """Stream every file; raises `io.jsonl.InputPathError` for a path that names nothing.

        `progress(read, total)`: told the bytes read so far and the bytes of all the files, as
        the files are read (every `row_worker.CHUNK_LINES` lines) and once each file is done."""
        files = expand_paths(_as_list(paths))
        sizes = [_size_of(p) for p in files]
        total = sum(sizes)
        run = _Run(self, self._workers_for(total > PROCESS_THRESHOLD_BYTES))
        done = 0
        # Automatic GC off while rows stream in; `_validate_file` collects the young generations
        # every `GC_EVERY_LINES` lines instead. Parsed rows hold no reference cycles, yet
        # automatic collections kept walking the growing run state (about 12% of a run's CPU).
        with gc_paused():
            for path, size in zip(files, sizes, strict=True):
                _validate_file(os.fspath(path), run, _file_progress(progress, done, total))
                done += size
                if progress is not None:
                    progress(done, total)
        return run.finish([os.fspath(p) for p in files])

    def validate_dataset(self, dataset: Dataset) -> ValidationReport:
        """Validate examples in memory; the dataset's load problems count as rejected rows."""
        run = _Run(self, self._workers_for(len(dataset.examples) > PROCESS_THRESHOLD_ROWS))
        label = dataset.name or "<memory>"
        examples = dataset.examples
        for index, (example, loc) in enumerate(zip(examples, dataset.locations, strict=True)):
            path, line = _split_location(loc, label, index + 1)
            row = run.record(path, line, -1, example.to_record())
            run.memory_rows[row] = index
        run.memory_examples = examples
        grouped: dict[tuple[str, int], list[LoadProblem]] = {}
        for p in dataset.problems:
            grouped.setdefault((p.path, p.line), []).append(p)
        for problems in grouped.values():
            run.problem_row(problems)
        return run.finish([dataset.name] if dataset.name else [])


ReadProgress = Callable[[int, int], None]
"""Told (bytes read so far, bytes of all the input files) while a validation reads them."""


def _size_of(path: str | os.PathLike[str]) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _file_progress(
    progress: ReadProgress | None, before: int, total: int
) -> Callable[[int], None] | None:
    """`progress` for one file: told the position in it, reports the bytes of the files
    before it plus that position."""
    if progress is None:
        return None
    return lambda position: progress(before + position, total)


def default_workers(cores: int, load: float | None) -> int:
    """Processes for a large input when the caller did not say: 2 when the machine has a second
    core and it is idle (other jobs' runnable threads now, `_other_jobs`, at most
    ``cores - 1``), else 1. On a busy
    machine the children only add the cost of handing work over (measured: 5-15% more CPU at a
    load of 4 on 2 cores, no shorter wall time)."""
    if cores < 2:
        return 1
    if load is not None and load > cores - 1:
        return 1
    return 2


def _ours(rule: object) -> bool:
    """A rule of this project (a pure function of one record; a plugin's rule may keep state)."""
    return type(rule).__module__.startswith("noesis_trainer.")


def _checks(rules: Sequence[Rule], *, light: bool) -> list[tuple[Any, str]]:
    """(check, rule id) of each row rule; `light`: without the schema-only ones (a row already
    known schema-valid)."""
    return [
        (r.check, r.id)  # type: ignore[attr-defined]
        for r in rules
        if not (light and getattr(r, "schema_only", False))
    ]


def _apply_checks(
    checks: list[tuple[Any, str]], data: dict[str, Any], results: list[tuple[str, Any]]
) -> None:
    """Append each rule's hits on `data` (or the exception it raised) to `results`."""
    for check, rid in checks:
        try:
            results.append((rid, check(data)))
        except Exception as err:  # a plugin bug must not stop the other rules
            results.append((rid, err))


BUSY_SAMPLES = 5
"""Reads of the run queue, `BUSY_SAMPLE_GAP` seconds apart, whose median says how busy the
machine is when a large validation starts (about 40 ms, once per run)."""
BUSY_SAMPLE_GAP = 0.01


def _running_now() -> int | None:
    """Runnable threads on the machine right now (Linux ``procs_running``), this one included."""
    try:
        with open("/proc/stat", "rb") as fh:
            for line in fh:
                if line.startswith(b"procs_running "):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def _other_jobs() -> float | None:
    """Other jobs on the CPUs now: the median of a few reads of the run queue, less this process
    (the 1-minute load average where there is no /proc/stat). The load average trails by a
    minute: right after a busy minute (a benchmark's previous step) it still says "busy" on an
    idle machine, and the run lost its second process."""
    seen: list[int] = []
    for i in range(BUSY_SAMPLES):
        if i:
            time.sleep(BUSY_SAMPLE_GAP)
        running = _running_now()
        if running is None:
            break
        seen.append(running)
    if seen:
        return float(max(0, sorted(seen)[len(seen) // 2] - 1))
    try:
        return os.getloadavg()[0]
    except (OSError, AttributeError):  # not every platform has one
        return None


GC_EVERY_LINES = 1 << 16
"""Lines between two collections of the young generations while a file is read."""

PROCESS_THRESHOLD_BYTES = 20_000_000
"""Inputs above this size use a second process by default (below it, starting one costs more)."""
PROCESS_THRESHOLD_ROWS = 20_000

_BOM = b"\xef\xbb\xbf"


def _validate_file(path: str, run: _Run, on_read: Callable[[int], None] | None = None) -> None:
    """Parse each line with the strict parser; hand the rest of the file to `read_jsonl` at the
    first line that is not a JSON object (it knows how to locate and name every such problem).
    `on_read`: told the position in the file after each chunk of lines is read."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError:
        for item in read_jsonl(path):  # yields the located 'unreadable' problem
            _feed(run, item)
        return
    with handle:
        problem = utf16_problem(path, handle.read(4))
        if problem is not None:
            run.load_problem(problem)
            return
        handle.seek(0)
        worker = RowWorker.start(run, path, handle.fileno())
        try:
            _read_lines(path, handle, run, worker, on_read)
        finally:
            if worker is not None:
                worker.close()


class _Chunks:
    """The lines of a file a chunk (`row_worker.CHUNK_LINES` lines) at a time, by chunk index;
    chunks past the one being read are read ahead and held until asked for."""

    def __init__(self, handle: IO[bytes], on_read: Callable[[int], None] | None = None) -> None:
        self.handle = handle
        self.on_read = on_read
        """Told the position in the file after each chunk is read (a progress bar)."""
        self.size = chunk_lines()
        self.held: dict[int, list[bytes]] = {}
        self.read = 0  # chunks read from the handle so far

    def take(self, chunk: int) -> list[bytes]:
        """The lines of `chunk` (empty past the end), let go once taken."""
        lines = self.held.pop(chunk, None)
        if lines is not None:
            return lines
        self.peek(chunk)
        return self.held.pop(chunk, [])

    def peek(self, chunk: int) -> list[bytes]:
        """The lines of `chunk`, read ahead if need be and held."""
        while self.read <= chunk:
            self.held[self.read] = list(itertools.islice(self.handle, self.size))
            self.read += 1
            if self.on_read is not None:
                self.on_read(self.handle.tell())
        return self.held.get(chunk, [])


AHEAD_PIECE = 64
"""Lines the parent computes ahead between two looks at the child's pipe."""


def _read_lines(
    path: str,
    handle: IO[bytes],
    run: _Run,
    worker: RowWorker | None,
    on_read: Callable[[int], None] | None = None,
) -> None:
    """Every line of `handle` through `run`, in order: chunk by chunk, each chunk's verdicts
    taken from the row worker, computed ahead by this process while it waited, or computed
    here; the rest of the file to the located reader at the first line that is not an object."""
    _LineReader(path, handle, run, worker, on_read).read()


class _LineReader:
    """The state of `_read_lines` for one file: where the reading is (line number, byte offset,
    chunk) and the verdicts computed ahead of it."""

    def __init__(
        self,
        path: str,
        handle: IO[bytes],
        run: _Run,
        worker: RowWorker | None,
        on_read: Callable[[int], None] | None,
    ) -> None:
        self.path, self.handle, self.run, self.worker = path, handle, run, worker
        self.chunks = _Chunks(handle, on_read)
        self.lineno = 0
        self.offset = 0
        self.sid_of: list[int] = []
        """Per set number of the row worker's verdicts, this run's set id (`_Run.store_chunk`)."""
        self.ahead: dict[int, _Ahead] = {}
        """Verdicts this process computed for a chunk further on while it waited for the child."""
        self.under_way = -1
        """The chunk being computed ahead (its verdicts so far: ``ahead[under_way]``)."""

    def read(self) -> None:
        chunk = 0
        worker = self.worker
        while True:
            lines = self.chunks.take(chunk)
            if not lines:
                return
            claimed = chunk in self.ahead
            mine = self.ahead.pop(chunk, [])  # reached before it was finished: the rest below
            given = None
            if not claimed and worker is not None and worker.owns(chunk):
                worker.wait(self.run.rows, chunk, self.work_ahead)
                given = worker.chunk_verdicts(self.run.rows, chunk, lines)  # None: compute here
            stored = given is not None and self._store_given(lines, given)
            if not stored and not self._line_by_line(lines, mine, given):
                return
            chunk += 1

    def work_ahead(self, chunk: int) -> bool:
        """Compute `AHEAD_PIECE` more verdicts of a chunk past `chunk`, taking a new one when
        none is under way (False: none left to take). Small pieces: the parent goes back to
        its own reading as soon as the child's verdicts arrive."""
        worker = self.worker
        assert worker is not None
        found = self.ahead.get(self.under_way)  # gone once the reading reached it
        lines = self.chunks.peek(self.under_way) if found is not None else []
        if found is None or len(found) == len(lines):
            taken = worker.claim_ahead(chunk)
            if taken is None:
                return False
            self.under_way, found, lines = taken, [], self.chunks.peek(taken)
            self.ahead[taken] = found
        done = len(found)
        path, verdict = self.path, self.run.verdict
        first = self.under_way * self.chunks.size + done + 1
        for i, line in enumerate(lines[done : done + AHEAD_PIECE], first):
            try:
                data = loads(line)
            except ValueError:
                data = None
            found.append((data, *verdict(path, i, data)) if type(data) is dict else None)
        return True

    def _store_given(self, lines: list[bytes], given: ChunkVerdicts) -> bool:
        """Store a chunk whose every line the child parsed as an object (the same bytes,
        checked) without the checks of the line-by-line loop; False when it has another line."""
        codes, sets, summaries = given
        if NOT_OBJECT in [code & 3 for code in codes]:
            return False
        lineno = self.lineno
        end = lineno + len(lines)
        if end // GC_EVERY_LINES > lineno // GC_EVERY_LINES:
            gc.collect(1)  # cycles a plugin rule may make stay bounded
        self.offset = self.run.store_chunk(
            self.path, lineno, self.offset, lines, codes, sets, summaries, self.sid_of
        )
        self.lineno = end
        return True

    def _line_by_line(
        self,
        lines: list[bytes],
        mine: _Ahead,
        given: ChunkVerdicts | None,
    ) -> bool:
        """The lines of one chunk one at a time: verdicts computed ahead (`mine`), the child's
        (`given`), or computed now. False once the located reader took the rest of the file."""
        path, run = self.path, self.run
        record, store = run.record, run.store
        lineno, offset = self.lineno, self.offset
        computed = len(mine)
        try:
            for i, line in enumerate(lines):
                lineno += 1
                if not lineno % GC_EVERY_LINES:
                    gc.collect(1)  # cycles a plugin rule may make stay bounded
                start = offset
                offset += len(line)
                if i < computed:
                    known = mine[i]
                    if known is not None:
                        store(path, lineno, start, *known)
                        continue
                try:
                    data = loads(line)
                except ValueError:
                    data = None
                if type(data) is dict:
                    if given is not None and given[0][i] & 3 != NOT_OBJECT:
                        code = given[0][i]
                        summary = given[2]
                        store(
                            path,
                            lineno,
                            start,
                            data,
                            given[1][code >> 2],
                            VALIDITY[code & 3],
                            None if summary is None else summary[i],
                        )
                        continue
                    record(path, lineno, start, data)
                    continue
                if lineno == 1 and line.startswith(_BOM):
                    try:
                        data = loads(line[len(_BOM) :])
                    except ValueError:
                        data = None
                    if type(data) is dict:
                        record(path, lineno, start, data)
                        continue
                if not line.strip():
                    continue
                # the located reader starts the file over: the bar holds where this one stopped
                floor = self.handle.tell()
                for item in read_jsonl(path, on_read=_not_before(self.chunks.on_read, floor)):
                    if item.line >= lineno:
                        _feed(run, item)
                return False
            return True
        finally:
            self.lineno, self.offset = lineno, offset


_Ahead = list[tuple[dict[str, Any], list[int], bool | None] | None]
"""Verdicts this process computed for the lines of a chunk ahead of its reading (None: not an
object), in line order: (record, finding keys, validity)."""


def _not_before(on_read: Callable[[int], None] | None, floor: int) -> Callable[[int], None] | None:
    """`on_read`, told never less than `floor` (a reader that starts over does not move the bar
    back)."""
    if on_read is None:
        return None
    return lambda position: on_read(max(position, floor))


def _feed(run: _Run, item: RawRecord | LoadProblem) -> None:
    if isinstance(item, LoadProblem):
        run.load_problem(item)
    else:
        run.record(item.path, item.line, -1, item.data, end_line=item.end_line)


def _split_location(loc: str | None, label: str, default_line: int) -> tuple[str, int]:
    from noesis_trainer.io.jsonl import split_location

    return split_location(loc) or (label, default_line)


class _Run:
    """The state of one validation run."""

    def __init__(self, validator: Validator, workers: int = 1) -> None:
        self.row_rules = validator.row_rules
        self.dataset_rules = validator.dataset_rules
        self.rules = validator.rules
        self.examples = validator.examples
        self.max_clusters = validator.max_clusters
        self.options = replace(validator.options, workers=workers)
        for rule in self.dataset_rules:
            rule.reset(self.options)
        self.observers = [r for r in self.dataset_rules if r.observes]
        self._observe = [r.observe for r in self.observers]
        self._observe_plan = [
            (r.observe, r.observe_summary if getattr(r, "summarizes", False) else None)
            for r in self.observers
        ]
        """With summaries from the row worker: per observer, in order, `observe` or the
        `observe_summary` that takes the next summary."""
        summarizing = [r for r in self.observers if getattr(r, "summarizes", False)]
        self.summarizers = (
            [r.summarize for r in summarizing] if all(map(_ours, summarizing)) else []
        )
        """The summaries the row worker computes (our own rules only: pure functions)."""
        self._row_checks = _checks(self.row_rules, light=False)
        self._light_checks = _checks(self.row_rules, light=True)

        n_builtin = len(BUILTIN_ROW_RULES)
        types = [type(r) for r in self.row_rules]
        start = next(
            (
                i
                for i in range(len(types) - n_builtin + 1)
                if tuple(types[i : i + n_builtin]) == BUILTIN_ROW_RULES
            ),
            -1,
        )
        self.combined = start >= 0
        """The built-ins follow each other, in order (plugins register the output-failure rules
        before them): one `builtin_row_hits` call runs them, between the rules around them."""
        end = start + n_builtin
        self._builtin_ids = [r.id for r in self.row_rules[start:end]] if self.combined else []
        before, after = self.row_rules[: max(start, 0)], self.row_rules[end:]
        self._before_checks = _checks(before, light=False)
        self._before_light = _checks(before, light=True)
        self._other_checks = _checks(after, light=False)
        self._other_light = _checks(after, light=True)
        self._quiet_path = self.combined and all(
            type(r) in OUTPUT_RULE_TYPES for r in (*before, *after)
        )
        """Besides the built-ins, only the output-failure rules: a schema-valid record on which
        no built-in fires and `record_failures` is empty has no finding (`verdict`'s shortcut)."""
        self._path_ids: dict[str, int] = {}
        self._same_hits: dict[int, tuple[object, list[int], list[str]]] = {}
        by_id = {r.id: r for r in self.row_rules}
        self.trust_rules = all(isinstance(by_id.get(i), cls) for i, cls in SCHEMA_RULES.items())
        """All schema-covering built-ins active: no rule fired among them <=> schema-valid."""
        self.own_rules_only = self.combined and all(map(_ours, self.row_rules))
        """Only the project's own row rules: pure functions of a record (a plugin's may not be)."""
        self.started = time.perf_counter()
        self.rows = RowVerdicts()
        self.severity: dict[str, str] = {r.id: r.severity for r in self.rules}
        self.severity.update({r.id: r.severity for r in LOAD_RULES.values()})
        self._hit_keys: dict[tuple[str, str | None, str], int] = {}
        self._schema_keys: set[int] = set()
        self.samples: dict[str, list[Finding]] = {}
        self._open_sets: set[int] = set()
        self._closed_sets: set[int] = {0}
        self.dataset_findings: list[Finding] = []
        self.clusters: list[Cluster] = []
        self.cluster_counts: Counter[str] = Counter()
        self.memory_rows: dict[int, int] = {}
        self.memory_examples: list[Any] = []
        # statistics of the valid rows
        self.categories: Counter[str] = Counter()
        self.difficulties: Counter[str] = Counter()
        self.values: Counter[str] = Counter()
        self.techniques: Counter[str] = Counter()
        self._combos: dict[tuple[Any, Any, Any, tuple[Any, ...]], int] = {}
        """Rows per (category, difficulty, technique, values) not yet in the counters above."""
        self.prompt_lengths = array("I")
        self.response_lengths = array("I")

    # -- rows --------------------------------------------------------------------------------
    def _key(
        self, rule_id: str, field: str | None, message: str, severity: str | None = None
    ) -> int:
        return self.rows.key(
            rule_id, severity or self.severity.get(rule_id, "error"), field, message
        )

    def _sample(self, row: int, keys: Iterable[int]) -> None:
        """Keep the first `examples` findings of each rule (row order of arrival)."""
        rows = self.rows
        for k in keys:
            rule, severity, field, message = rows.keys[k]
            got = self.samples.setdefault(rule, [])
            if len(got) < self.examples:
                got.append(
                    Finding(
                        rule,
                        severity,  # type: ignore[arg-type]
                        message,
                        rows.paths[rows.row_path[row]],
                        rows.row_line[row],
                        rows.end_lines.get(row),
                        field,
                        row,
                    )
                )

    def _path_id(self, path: str) -> int:
        """This run's id of `path` in `rows` (given the first time a row of it is stored)."""
        pid = self._path_ids.get(path)
        if pid is None:
            pid = self._path_ids[path] = self.rows.path_id(path)
        return pid

    def _sample_set(self, row: int, sid: int, keys: Sequence[int]) -> None:
        """Keep samples of `row`'s findings (set `sid`, not closed yet, of `keys`); close the set
        once every rule of it holds its `examples`: rows of a closed set are never sampled."""
        self._sample(row, keys)
        if all(len(self.samples[self.rows.keys[k][0]]) >= self.examples for k in keys):
            self._closed_sets.add(sid)

    def _add_row(self, path: str, line: int, offset: int, keys: Sequence[int]) -> int:
        """Append a row with its row-level findings; keep samples while a rule needs them."""
        rows = self.rows
        pid = self._path_ids.get(path)  # `_path_id`'s probe, inline: this runs once a row
        if pid is None:
            pid = self._path_id(path)
        if not keys:
            return rows.add_row(pid, line, offset, 0)
        sid = rows.set_id(tuple(keys))
        row = rows.add_row(pid, line, offset, sid)
        if sid not in self._closed_sets:
            self._sample_set(row, sid, keys)
        return row

    def load_problem(self, problem: LoadProblem) -> None:
        if problem.line == 0:  # the whole file: not a row
            self.dataset_findings.append(
                Finding(
                    rule="unreadable", severity="error", message=problem.message, path=problem.path
                )
            )
            return
        self.problem_row([problem])

    def problem_row(self, problems: list[LoadProblem]) -> None:
        first = problems[0]
        keys = [
            self._key(load_rule_for(p.code, p.field, p.message), p.field, p.message)
            for p in problems
        ]
        end = max((p.end_line or p.line) for p in problems)
        row = len(self.rows)
        if end != first.line:
            self.rows.end_lines[row] = end
        self.rows.not_object.add(row)
        self._add_row(first.path, first.line, -1, keys)

    def record(
        self,
        path: str,
        line: int,
        offset: int,
        data: dict[str, Any],
        *,
        end_line: int | None = None,
    ) -> int:
        if end_line is not None and end_line != line:
            self.rows.end_lines[len(self.rows)] = end_line
        keys, valid = self.verdict(path, line, data)
        return self.store(path, line, offset, data, keys, valid)

    def store(
        self,
        path: str,
        line: int,
        offset: int,
        data: dict[str, Any],
        keys: Sequence[int],
        valid: bool | None,
        summaries: Sequence[Any] | None = None,
    ) -> int:
        """Append a row whose `verdict` is known; count it and show it to the dataset rules
        (``valid`` None: a row of a foreign format, neither counted nor observed).
        ``summaries``: the `summarizers`' results for this record, computed elsewhere."""
        row = self._add_row(path, line, offset, keys)
        self._show(row, data, valid, summaries)
        return row

    def _show(
        self,
        row: int,
        data: dict[str, Any],
        valid: bool | None,
        summaries: Sequence[Any] | None,
    ) -> None:
        """Count a stored row and show it to the dataset rules (see `store`)."""
        if valid is None:
            return
        if valid:
            self._count(data)
        if summaries is None:
            for observe in self._observe:
                observe(row, data, valid)
            return
        j = 0
        for observe, with_summary in self._observe_plan:
            if with_summary is None:
                observe(row, data, valid)
            else:
                with_summary(row, data, valid, summaries[j])
                j += 1

    def store_chunk(
        self,
        path: str,
        lineno: int,
        offset: int,
        lines: list[bytes],
        codes: list[int],
        sets: list[tuple[int, ...]],
        summaries: list[tuple[Any, ...] | None] | None,
        sid_of: list[int],
    ) -> int:
        """`store` each of `lines` (JSON objects all; the first is line ``lineno + 1``, at byte
        `offset`) with the verdict the row worker gave it (``codes``, ``sets``: see
        `RowWorker.chunk_verdicts`); returns the offset after the chunk. `store` row by row,
        with the child's set numbers turned into this run's set ids once each (``sid_of``:
        per set number of this worker, the set id, -1 until met; extended here)."""
        rows = self.rows
        pid = self._path_id(path)
        if len(sid_of) < len(sets):
            sid_of += [-1] * (len(sets) - len(sid_of))
        add_row, set_id, closed, show = rows.add_row, rows.set_id, self._closed_sets, self._show
        for i, line in enumerate(lines):
            lineno += 1
            code = codes[i]
            c = code >> 2
            sid = sid_of[c]
            if sid < 0:
                sid = sid_of[c] = set_id(sets[c]) if c else 0
            row = add_row(pid, lineno, offset, sid)
            offset += len(line)
            if c and sid not in closed:  # set number 0: no findings, nothing to sample
                self._sample_set(row, sid, sets[c])
            summary = None if summaries is None else summaries[i]
            show(row, loads(line), VALIDITY[code & 3], summary)
        return offset

    def verdict(self, path: str, line: int, data: dict[str, Any]) -> tuple[list[int], bool | None]:
        """The row rules' finding keys of one record and whether it is schema-valid (None: a
        foreign format). Touches no per-row state besides the interning tables, so that a forked
        `row_worker` computes it for other rows with the same result."""
        if "prompt" not in data and "response_revised" not in data:
            shape = foreign_shape(data)
            if shape is not None:
                parsed = parse_example(RawRecord(path, line, data, line))
                if isinstance(parsed, list) and parsed:
                    return [self._key("foreign-format", None, parsed[0].message)], None
        trusted = self.trust_rules
        fast = trusted and schema_valid(data)
        found = None
        if self.combined:
            try:
                found = builtin_row_hits(data, fast)
            except Exception:  # the built-ins never raise; if one did, name it rule by rule
                found = None
            if (
                fast and found is not None and not found and self._quiet_path
            ):  # most rows of a good file
                try:
                    quiet = record_surely_clean(data) or not record_failures(data)
                except Exception:  # the rule names it below
                    quiet = False
                if quiet:
                    return [], True
        results: list[tuple[str, Any]] = []
        if found is not None:
            _apply_checks(self._before_light if fast else self._before_checks, data, results)
            ids = self._builtin_ids
            results += [(ids[i], hits) for i, hits in found]
            rest = self._other_light if fast else self._other_checks
        else:
            rest = self._light_checks if fast else self._row_checks
        _apply_checks(rest, data, results)
        keys, covered = self._result_keys(results)
        if fast:
            return keys, True
        if self.trust_rules:
            return keys, not keys or self._schema_keys.isdisjoint(keys)
        return keys, self._schema_verdict(path, line, data, keys, covered)

    def _result_keys(self, results: list[tuple[str, Any]]) -> tuple[list[int], set[str]]:
        """The finding keys of the rules' `results` ((rule id, hits or the exception it raised)),
        and the fields they name (filled only when the rules are not trusted: the schema check
        then skips those fields). A tuple of hits seen before (rules memoize repeated texts) is
        looked up by identity, not walked again."""
        trusted = self.trust_rules
        keys: list[int] = []
        covered: set[str] = set()
        hit_keys, same = self._hit_keys, self._same_hits
        for rid, hits in results:
            try:
                if not hits:
                    continue
                if isinstance(hits, Exception):
                    raise hits
                if type(hits) is tuple:  # rules return memoized tuples for repeated texts
                    seen = same.get(id(hits))
                    if seen is not None and seen[0] is hits:
                        keys += seen[1]
                        if not trusted:
                            covered.update(seen[2])
                        continue
                got: list[int] = []
                fields: list[str] = []
                for hit in hits:
                    hk = (rid, hit.field, hit.detail)
                    k = hit_keys.get(hk)
                    if k is None:
                        k = hit_keys[hk] = self._key(rid, hit.field, hit.detail)
                        if rid in SCHEMA_RULES:
                            self._schema_keys.add(k)
                    got.append(k)
                    if hit.field:
                        fields.append(hit.field)
                keys += got
                covered.update(fields)
                if type(hits) is tuple and len(same) < 100_000:
                    same[id(hits)] = (hits, got, fields)  # holds `hits`: its id stays unique
            except Exception as err:  # a plugin bug must not stop the other rules
                keys.append(
                    self._key(rid, None, f"rule raised {type(err).__name__}: {err}", "error")
                )
        return keys, covered

    def _schema_verdict(
        self, path: str, line: int, data: dict[str, Any], keys: list[int], covered: set[str]
    ) -> bool:
        """Whether the record is schema-valid, by the full parse (rules not trusted); adds to
        `keys` a schema finding for each problem in a field no rule already named."""
        parsed = parse_example(RawRecord(path, line, data, line))
        if not isinstance(parsed, list):
            return True
        for p in parsed:
            top = (p.field or "").split(".")[0]
            if top not in covered:
                keys.append(self._key("schema", p.field, p.message))
        return False

    def _count(self, data: dict[str, Any]) -> None:
        """Count a valid row: one dictionary entry per combination of the four counted fields
        (a file has few), spread into the four counters by `_flush_counts`."""
        key = (
            data["category"],
            data["difficulty"],
            data.get("technique") or "(seed)",
            tuple(data["values_applied"]),
        )
        combos = self._combos
        n = combos.get(key)
        if n is None:
            if len(combos) >= MAX_COUNT_COMBOS:
                self._flush_counts()
            combos[key] = 1
        else:
            combos[key] = n + 1
        self.prompt_lengths.append(len(data["prompt"]))
        self.response_lengths.append(len(data["response_revised"]))

    def _flush_counts(self) -> None:
        """Add the pending combinations to the counters, in the order they were first seen: each
        value then enters its counter in the order of the rows, as one row at a time would."""
        categories, difficulties = self.categories, self.difficulties
        values, techniques = self.values, self.techniques
        for (category, difficulty, technique, applied), n in self._combos.items():
            categories[category] += n
            difficulties[difficulty] += n
            techniques[technique] += n
            for value in applied:
                values[value] += n
        self._combos.clear()

    # -- end ---------------------------------------------------------------------------------
    def text_of(self, row: int, field: str | None) -> str | None:
        """The text of `field` in `row`, read back from its file (or from memory)."""
        if field is None:
            return None
        if row in self.memory_rows:
            value = self.memory_examples[self.memory_rows[row]].to_record().get(field)
            return value if isinstance(value, str) else None
        rows = self.rows
        offset = rows.row_offset[row]
        if offset < 0:
            return None
        try:
            with open(rows.paths[rows.row_path[row]], "rb") as fh:
                fh.seek(offset)
                raw = fh.readline()
            if raw.startswith(_BOM):
                raw = raw[len(_BOM) :]
            value = loads(raw).get(field)
        except (OSError, ValueError, AttributeError):
            return None
        return value if isinstance(value, str) else None

    def _dataset_rule_results(self, stats: DatasetStats) -> None:
        rows = self.rows
        pending: list[tuple[str, tuple[int, ...], str | None, str | None]] = []
        next_id = 0
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
                continue
            kept: list[tuple[int, Any]] = []
            for gh in results:
                if gh.flag_rows:
                    first = rows.location(gh.rows[0]) if gh.rows else ""
                    text = (gh.row_detail or gh.detail).replace("{first}", first)
                    key = rows.key(rule.id, rule.severity, gh.field, text)
                    flagged = np.asarray(gh.flag_rows, dtype=np.intp)
                    rows.flag(flagged, key)
                    got = self.samples.setdefault(rule.id, [])
                    for r in gh.flag_rows[: max(0, self.examples - len(got))]:
                        got.append(
                            Finding(
                                rule.id,
                                rule.severity,
                                text,
                                rows.paths[rows.row_path[r]],
                                rows.row_line[r],
                                None,
                                gh.field,
                                r,
                            )
                        )
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
                if gh.kind in ("exact", "near") and len(gh.rows) > 1:
                    next_id += 1
                    self.cluster_counts[f"{rule.id}/{gh.kind}"] += 1
                    kept.append((next_id, gh))
            kept.sort(key=lambda item: -len(item[1].rows))
            for cid, gh in kept[: self.max_clusters]:
                pending.append((rule.id, gh.rows, gh.field, gh.preview))
                self.clusters.append(
                    Cluster(
                        rule=rule.id,
                        kind=gh.kind,
                        field=gh.field,
                        size=len(gh.rows),
                        locations=[rows.location(r) for r in gh.rows[: self.examples]],
                        preview=gh.preview,
                        id=cid,
                    )
                )
        for cluster, (_, members, field, preview) in zip(self.clusters, pending, strict=True):
            if preview is None:
                found = self.text_of(members[0], field)
                cluster.preview = None if found is None else found[:300]

    def finish(self, sources: list[str]) -> ValidationReport:
        self._flush_counts()
        rows = self.rows
        stats = DatasetStats(
            total=len(self.prompt_lengths),
            problems=len(rows) - len(self.prompt_lengths),
            categories=dict(self.categories.most_common()),
            difficulties=dict(self.difficulties.most_common()),
            values=dict(self.values.most_common()),
            techniques=dict(self.techniques.most_common()),
            prompt_chars=percentiles(self.prompt_lengths),
            response_revised_chars=percentiles(self.response_lengths),
        )
        for rule in self.dataset_rules:
            start = getattr(rule, "end_of_input", None)
            if start is not None:
                with contextlib.suppress(Exception):  # `finish` reports a failing rule
                    start()
        with gc_paused():  # large lists of row indices, no reference cycles: no GC walks
            self._dataset_rule_results(stats)
        rows.seal()
        if not len(rows) and not self.dataset_findings:
            self.dataset_findings.append(
                Finding(
                    rule="empty-input",
                    severity="error",
                    message="the input holds no rows: nothing was validated",
                )
            )
        n_findings, n_rows = rows.counts()
        for f in self.dataset_findings:
            n_findings[f.rule] = n_findings.get(f.rule, 0) + 1
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
                    findings=n_findings.get(r.id, 0),
                    rows=n_rows.get(r.id, 0),
                )
            )
        options = {
            k: v
            for k, v in vars_of(self.options).items()
            if k not in ("reference_texts", "workers")  # the report is the same for any workers
        }
        options["reference_rows"] = len(self.options.reference_texts)
        samples = sorted(
            (f for got in self.samples.values() for f in got),
            key=lambda f: f.row if f.row is not None else -1,
        )
        worst = rows.worst
        report = ValidationReport.model_construct(
            sources=sources,
            total_rows=len(rows),
            rows_with_errors=int(np.count_nonzero(worst == 3)),
            rows_with_warnings=int(np.count_nonzero(rows.warned)),
            rules=summaries,
            findings=samples,
            dataset_findings=self.dataset_findings,
            clusters=self.clusters,
            cluster_counts=dict(sorted(self.cluster_counts.items())),
            examples_per_rule=self.examples,
            stats=stats,
            options=options,
            seconds=round(time.perf_counter() - self.started, 3),
        )
        report.attach_rows(rows)
        return report


def vars_of(options: ValidatorConfig) -> dict[str, Any]:
    return asdict(options)
