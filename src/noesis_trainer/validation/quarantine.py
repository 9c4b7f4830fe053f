"""Quarantine: split the input into accepted rows and rejected rows (each with its reasons).

A second pass over the files a `ValidationReport` came from, guided by the run's `RowVerdicts`:
every record goes to exactly one side, so accepted + rejected = the report's ``total_rows``,
always. Accepted lines are copied byte for byte (line endings normalized to LF). A rejected line
is compact: ``{"path", "line", "end_line", "reasons": [{"rule", "field", "message"}, ...],
"record": {...}}``, the record copied as it was read when it was a JSON object, else ``"raw"``
(bad bytes escaped). The reasons of each distinct combination are encoded once.

Long runs of accepted rows (one line each, on consecutive lines) are copied as byte ranges, from
the offsets the validation recorded, without cutting them into lines: on a mostly clean file
the accepted output costs little more than a file copy.
"""

from __future__ import annotations

import contextlib
import json
import os
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress, repeat
from typing import IO, Any

import numpy as np
import numpy.typing as npt

from noesis_trainer.io.atomic import atomic_open
from noesis_trainer.validation.report import ValidationReport
from noesis_trainer.validation.rows import RowVerdicts, reason_of

_BOM = b"\xef\xbb\xbf"
MIN_RUN_ROWS = 64
"""Accepted rows in a row (one line each, consecutive) copied as one byte range; shorter runs
go through the line-by-line blocks (a range costs a seek and a read of its own)."""


@dataclass(frozen=True, slots=True)
class QuarantineResult:
    accepted: int
    rejected: int


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "backslashreplace")


def _output(path: str | os.PathLike[str]) -> contextlib.AbstractContextManager[IO[bytes]]:
    """An output of the quarantine: written atomically and, for its hundreds of MB, past the
    page cache (`io.direct_write`)."""
    return atomic_open(path, "wb", direct=True)


def quarantine(
    report: ValidationReport,
    *,
    out: str | os.PathLike[str] | None = None,
    rejects: str | os.PathLike[str] | None = None,
    findings: str | os.PathLike[str] | None = None,
    strict: bool = False,
) -> QuarantineResult:
    """Write accepted rows to `out`, rejected rows to `rejects` and, when given, every finding to
    `findings` (one JSON object a line, reading order). All atomic; each path may be None.

    A row is rejected when it has an error finding, or a warning with `strict`. Needs the report
    of a run (not one read back from JSON): that holds every row's reasons.
    """
    rows = report.row_verdicts
    if rows is None:
        raise ValueError("this report holds no per-row verdicts (read from JSON?); validate again")
    if findings is not None:
        with _output(findings) as fh:
            rows.write_findings(fh)
    if out is None and rejects is None:
        rejected = int(rows.failing(strict).sum())
        return QuarantineResult(len(rows) - rejected, rejected)
    with contextlib.ExitStack() as stack:
        good = None if out is None else stack.enter_context(_output(out))
        bad = None if rejects is None else stack.enter_context(_output(rejects))
        accepted, rejected = _split(rows, strict, good, bad)
    if accepted + rejected != report.total_rows:  # pragma: no cover - a bug, never bad input
        raise RuntimeError(
            f"quarantine saw {accepted + rejected} records but validation counted "
            f"{report.total_rows}"
        )
    return QuarantineResult(accepted, rejected)


def _split(
    rows: RowVerdicts,
    strict: bool,
    good: IO[bytes] | None,
    bad: IO[bytes] | None,
    chunk: int = 1 << 20,
    min_run: int = MIN_RUN_ROWS,
) -> tuple[int, int]:
    """One pass over each file, reading `chunk` bytes of lines at a time (the `readlines` hint;
    tests make it small to cut rows across chunks); rows of one file are contiguous and in line
    order. Runs of at least `min_run` plain accepted rows are copied as byte ranges (`_Runs`)."""
    failing_array = rows.failing(strict)
    special = sorted({*rows.end_lines, *rows.not_object})
    runs = _Runs(rows, failing_array, special, min_run)
    failing = failing_array.tolist()
    reason_bytes: list[bytes | None] = [None] * len(rows.sets)
    n = len(rows)
    accepted = rejected = 0
    row_path = rows.row_path
    start = 0
    while start < n:
        pi = row_path[start]
        stop = start + 1
        while stop < n and row_path[stop] == pi:
            stop += 1
        split = _FileSplit(rows, pi, start, stop, failing, reason_bytes, good, bad, chunk, runs)
        a, r = split.split(special)
        accepted += a
        rejected += r
        start = stop
    return accepted, rejected


class _Lines:
    """The lines of one file by number, read a chunk at a time; the numbers asked for never go
    down. ``lines[k]`` is line ``base + k`` (its line break kept)."""

    def __init__(self, path: str, chunk: int) -> None:
        self.chunk = chunk
        try:
            self.handle: IO[bytes] | None = open(path, "rb")  # noqa: SIM115 - see close
        except OSError:
            self.handle = None
        self.lines: list[bytes] = []
        self.base = 1

    def load(self, lineno: int) -> bool:
        """Read on until line `lineno` (past the lines held) is the first held, with the rest of
        its chunk; False when the file ends before it."""
        self.base += len(self.lines)
        self.lines = []
        while self.handle is not None:
            more = self.handle.readlines(self.chunk)
            if not more:
                return False
            if self.base + len(more) > lineno:
                self.lines = more[lineno - self.base :]
                self.base = lineno
                return True
            self.base += len(more)
        return False

    def jump(self, lineno: int, offset: int) -> None:
        """Go to line `lineno`, which starts at byte `offset` (lines before it are skipped
        unread)."""
        self.lines = []
        self.base = lineno
        if self.handle is not None:
            self.handle.seek(offset)

    def get(self, lineno: int) -> bytes:
        """Line `lineno`, or b"" past the end of the file (or of a file that cannot be read)."""
        k = lineno - self.base
        if k < len(self.lines):
            return self.lines[k]
        return self.lines[0] if self.load(lineno) else b""

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


class _Runs:
    """Where byte ranges can stand in for lines: ``plain[r]`` holds when row `r` is accepted,
    on one line (not one of `special`: an object over several lines or a non-object; not on
    line 1 where a BOM may be), and the next row of its file starts on the next line; both
    offsets known. Rows `a` to `b` all plain are then the bytes from ``offset[a]`` to
    ``offset[b]``."""

    def __init__(
        self,
        rows: RowVerdicts,
        failing: npt.NDArray[np.bool_],
        special: list[int],
        min_run: int,
    ) -> None:
        n = len(rows)
        self.min_run = max(1, min_run)
        self.offsets = np.frombuffer(rows.row_offset, dtype=np.int64)
        lines = np.frombuffer(rows.row_line, dtype=np.uint32).astype(np.int64)
        paths = np.frombuffer(rows.row_path, dtype=np.uint32)
        plain = ~failing & (lines > 1) & (self.offsets >= 0)
        if n:
            plain[-1] = False  # no next row: where its line ends is not known
            plain[:-1] &= (lines[1:] == lines[:-1] + 1) & (paths[1:] == paths[:-1])
            plain[:-1] &= self.offsets[1:] > self.offsets[:-1]
            plain[[r for r in special if 0 <= r < n]] = False
        self.stops = np.flatnonzero(~plain)
        """The rows that are not plain: a run from row `a` ends at the first of them after it."""

    def end(self, row: int) -> int:
        """The first row from `row` on that is not plain (`row` itself when it is not)."""
        k = int(np.searchsorted(self.stops, row))
        return int(self.stops[k]) if k < self.stops.size else int(self.offsets.size)

    def copy(self, handle: IO[bytes], a: int, b: int, good: IO[bytes] | None, piece: int) -> int:
        """Copy rows `a` to `b` (all plain) from `handle` to `good` (None: skip them), about a
        `piece` of bytes at a time, cut on row boundaries; returns the row it stopped at: `b`,
        or the first row of a piece that holds a CR (line endings to normalize) or is not the
        lines validated (a line break count that differs: the file changed)."""
        if good is None:
            return b
        offsets = self.offsets[a : b + 1]  # increasing: the rows are on consecutive lines
        fd = handle.fileno()
        piece = max(piece, 1)
        k, last = 0, b - a
        while k < last:
            pos = int(offsets[k])
            # the rows wholly inside the piece; at least one
            j = max(int(np.searchsorted(offsets, pos + piece, side="right")) - 1, k + 1)
            j = min(j, last)
            end = int(offsets[j])
            data = os.pread(fd, end - pos, pos)
            if (
                len(data) != end - pos
                or b"\r" in data
                or data.count(b"\n") != j - k
                or data[-1:] != b"\n"
            ):
                return a + k
            good.write(data)
            k = j
        return b


def _reasons(rows: RowVerdicts, reason_bytes: list[bytes | None], sid: int) -> bytes:
    """The encoded reasons of set `sid` (each distinct combination encoded once)."""
    reasons = reason_bytes[sid]
    if reasons is None:
        keys = rows.sets[sid]
        reasons = reason_bytes[sid] = _json([reason_of(rows.keys[k]) for k in keys])
    return reasons


def _accepted_line(line: bytes) -> bytes:
    """An accepted line as written: its line break made one LF."""
    return line if line[-1:] == b"\n" and line[-2:] != b"\r\n" else line.rstrip(b"\r\n") + b"\n"


def _one_row(
    rows: RowVerdicts,
    row: int,
    first: int,
    sid: int,
    source: _Lines,
    reason_bytes: list[bytes | None],
    head: bytes,
) -> bytes | None:
    """A row read on its own (spread over lines, not an object, on line 1 where a BOM may be, or
    past the end of the file): its rejects line, or None when it is accepted."""
    end = rows.end_lines.get(row, first)
    line = source.get(first)
    if first == 1 and line.startswith(_BOM):
        line = line[len(_BOM) :]
    if end > first:
        line = b"".join([line, *(source.get(k) for k in range(first + 1, end + 1))])
    if sid < 0:
        return _accepted_line(line)
    body = line.rstrip(b"\r\n")
    if row in rows.not_object or end > first:
        text = body.decode("utf-8", errors="backslashreplace")
        tail = b',"raw":' + _json(text) + b"}\n"
    else:
        tail = b',"record":' + body.strip() + b"}\n"
    reasons = _reasons(rows, reason_bytes, sid)
    return b'%s%d,"end_line":%d,"reasons":%s%s' % (head, first, end, reasons, tail)


class _FileSplit:
    """The rows of one file, written to `good` and `bad` in line order.

    Rows go a block at a time: the rows before the next one `_one_row` must read on its own
    (``alone``: `special`, or the row on line 1) whose lines are in the chunk held. A block's
    accepted lines are one slice of the chunk where they are consecutive, its rejects lines one
    `_rejects_block`; a long run of plain accepted rows past the chunk held is copied as a byte
    range (`_Runs`). What is written is what reading row by row writes (a property test)."""

    def __init__(
        self,
        rows: RowVerdicts,
        pi: int,
        start: int,
        stop: int,
        failing: list[bool],
        reason_bytes: list[bytes | None],
        good: IO[bytes] | None,
        bad: IO[bytes] | None,
        chunk: int,
        runs: _Runs,
    ) -> None:
        self.rows, self.start, self.reason_bytes = rows, start, reason_bytes
        self.good, self.bad, self.chunk, self.runs = good, bad, chunk, runs
        path = rows.paths[pi]
        self.head = b'{"path":' + _json(path) + b',"line":'
        self.firsts: list[int] = rows.row_line[start:stop].tolist()
        self.sets: list[int] = rows.reason_set[start:stop].tolist()
        self.fails = failing[start:stop]
        self.source = _Lines(path, chunk)
        self.copying = True  # byte ranges allowed (off after a range met a CR or a change)

    def split(self, special: list[int]) -> tuple[int, int]:
        """Write every row; returns (accepted, rejected). `special`: the rows (of any file,
        increasing) to read on their own."""
        start, n = self.start, len(self.firsts)
        alone = [
            r - start
            for r in special[bisect_left(special, start) : bisect_left(special, start + n)]
        ]
        if n and self.firsts[0] <= 1 and (not alone or alone[0] != 0):
            alone.insert(0, 0)
        try:
            self._write(alone)
        finally:
            self.source.close()
        rejected = sum(self.fails)
        return n - rejected, rejected

    def _write(self, alone: list[int]) -> None:
        """Every row, the rows of `alone` (increasing) each read on its own."""
        i, n = 0, len(self.firsts)
        for k in [*alone, n]:  # n: a sentinel, the end of the file's rows
            while i < k:
                i = self._from(i, k)
            if i < n:  # row k, read on its own
                self._one(i)
                i += 1

    def _from(self, i: int, k: int) -> int:
        """Write rows from `i` on, short of row `k`: a block of the lines held, a byte range, or
        (past the end of the file) empty rows; returns the next row to write."""
        source, firsts = self.source, self.firsts
        lines, base = source.lines, source.base
        j = min(k, bisect_right(firsts, base + len(lines) - 1, i))
        if j > i:
            self._block(i, j, lines, base)
            return j
        copied = self._copied(i, k)  # row i is past the lines held
        if copied is not None:
            return copied
        if not source.load(firsts[i]):  # past the end of the file: the rows are empty
            for r in range(i, k):
                self._one(r)
            return k
        return i

    def _copied(self, i: int, k: int) -> int | None:
        """Copy the run of plain accepted rows from `i` (short of row `k`) as one byte range
        when it is long enough; the next row to write, or None when nothing was copied."""
        runs, start, source = self.runs, self.start, self.source
        if not self.copying or source.handle is None:
            return None
        run_end = min(runs.end(start + i) - start, k)
        if run_end - i < runs.min_run:
            return None
        stopped = runs.copy(source.handle, start + i, start + run_end, self.good, self.chunk)
        self.copying = stopped == start + run_end  # else: line by line from here on
        source.jump(self.firsts[stopped - start], int(runs.offsets[stopped]))
        return stopped - start

    def _block(self, i: int, j: int, lines: list[bytes], base: int) -> None:
        """Rows `i` to `j`, all on lines held (`lines`, from line `base`)."""
        block, block_fails = self.firsts[i:j], self.fails[i:j]
        any_fail = any(block_fails)
        good, bad = self.good, self.bad
        if good is not None and not all(block_fails):
            if not any_fail and block[-1] - block[0] == j - i - 1:
                kept = lines[block[0] - base : block[-1] - base + 1]
            else:
                kept = [lines[f - base] for f, x in zip(block, block_fails, strict=True) if not x]
            out = b"".join(kept)
            if b"\r" in out or out[-1:] != b"\n":  # a CR (CRLF?), or no final line feed
                out = b"".join([_accepted_line(line) for line in kept])
            good.write(out)
        if bad is not None and any_fail:
            bad.write(
                _rejects_block(
                    self.rows,
                    self.reason_bytes,
                    self.head,
                    lines,
                    base,
                    block,
                    self.sets[i:j],
                    block_fails,
                )
            )

    def _one(self, r: int) -> None:
        """Row `r` read on its own (`_write_one`)."""
        _write_one(
            self.rows,
            self.start + r,
            self.firsts[r],
            self.sets[r],
            self.fails[r],
            self.source,
            self.reason_bytes,
            self.head,
            self.good,
            self.bad,
        )


_REJECT_LINE = b'%s%d,"end_line":%d,"reasons":%s,"record":%s}\n'
"""A rejects line of a row on one line that parsed as an object: head, line, line, reasons,
the record's bytes stripped."""


def _rejects_block(
    rows: RowVerdicts,
    reason_bytes: list[bytes | None],
    head: bytes,
    lines: list[bytes],
    base: int,
    block: list[int],
    sets: list[int],
    fails: list[bool],
) -> bytes:
    """The rejects lines of the failing rows of a block (rows on lines `block`, all held in
    `lines` from line `base`): `_REJECT_LINE` formatted row by row through `map`, without a
    bytecode loop (a property test compares it with the row-by-row definition)."""
    for sid in set(sets):
        if reason_bytes[sid] is None:
            _reasons(rows, reason_bytes, sid)
    first, last = block[0] - base, block[-1] - base + 1
    consecutive = last - first == len(block)
    held = lines[first:last] if consecutive else [lines[f - base] for f in block]
    fields: Iterable[tuple[bytes, int, int, bytes | None, bytes]] = zip(
        repeat(head),
        block,
        block,
        map(reason_bytes.__getitem__, sets),
        map(bytes.strip, held),
    )
    if not all(fails):
        fields = compress(fields, fails)
    return b"".join(map(_REJECT_LINE.__mod__, fields))


def _write_one(
    rows: RowVerdicts,
    row: int,
    first: int,
    sid: int,
    fail: bool,
    source: _Lines,
    reason_bytes: list[bytes | None],
    head: bytes,
    good: IO[bytes] | None,
    bad: IO[bytes] | None,
) -> None:
    out = _one_row(rows, row, first, sid if fail else -1, source, reason_bytes, head)
    target = bad if fail else good
    if target is not None and out is not None:
        target.write(out)
