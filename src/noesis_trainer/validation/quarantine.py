"""Quarantine: split the input into accepted rows and rejected rows (each with its reasons).

A second pass over the files a `ValidationReport` came from, guided by the run's `RowVerdicts`:
every record goes to exactly one side, so accepted + rejected = the report's ``total_rows``,
always. Accepted lines are copied byte for byte (line endings normalized to LF). A rejected line
is compact: ``{"path", "line", "end_line", "reasons": [{"rule", "field", "message"}, ...],
"record": {...}}``, the record copied as it was read when it was a JSON object, else ``"raw"``
(bad bytes escaped). The reasons of each distinct combination are encoded once.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from typing import IO, Any

from noesis_trainer.io.atomic import atomic_open
from noesis_trainer.validation.report import ValidationReport
from noesis_trainer.validation.rows import RowVerdicts, reason_of

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class QuarantineResult:
    accepted: int
    rejected: int


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "backslashreplace")


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
        with atomic_open(findings, "wb") as fh:
            rows.write_findings(fh)
    if out is None and rejects is None:
        rejected = int(rows.failing(strict).sum())
        return QuarantineResult(len(rows) - rejected, rejected)
    with contextlib.ExitStack() as stack:
        good = stack.enter_context(atomic_open(out, "wb")) if out is not None else None
        bad = stack.enter_context(atomic_open(rejects, "wb")) if rejects is not None else None
        accepted, rejected = _split(rows, strict, good, bad)
    if accepted + rejected != report.total_rows:  # pragma: no cover - a bug, never bad input
        raise RuntimeError(
            f"quarantine saw {accepted + rejected} records but validation counted "
            f"{report.total_rows}"
        )
    return QuarantineResult(accepted, rejected)


def _split(
    rows: RowVerdicts, strict: bool, good: IO[bytes] | None, bad: IO[bytes] | None
) -> tuple[int, int]:
    """One pass over each file; rows of one file are contiguous and in line order."""
    failing = rows.failing(strict).tolist()
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
        a, r = _split_file(rows, pi, start, stop, failing, reason_bytes, good, bad)
        accepted += a
        rejected += r
        start = stop
    return accepted, rejected


def _split_file(
    rows: RowVerdicts,
    pi: int,
    start: int,
    stop: int,
    failing: list[bool],
    reason_bytes: list[bytes | None],
    good: IO[bytes] | None,
    bad: IO[bytes] | None,
) -> tuple[int, int]:
    path = rows.paths[pi]
    head = b'{"path":' + _json(path) + b',"line":'
    line_of = rows.row_line[start:stop].tolist()
    sets = rows.reason_set[start:stop].tolist()
    end_lines, not_object = rows.end_lines, rows.not_object
    good_buf: list[bytes] = []
    bad_buf: list[bytes] = []
    accepted = rejected = 0
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError:
        handle = None
    lines = iter(handle) if handle is not None else iter(())
    lineno = 0
    try:
        for i, first in enumerate(line_of):
            row = start + i
            end = end_lines.get(row, first)
            line = b""
            while lineno < first:
                line = next(lines, b"")
                lineno += 1
            if lineno == 1 and line.startswith(_BOM):
                line = line[len(_BOM) :]
            if end > first:
                chunk = [line]
                while lineno < end:
                    chunk.append(next(lines, b""))
                    lineno += 1
                line = b"".join(chunk)
            if not failing[row]:
                accepted += 1
                if good is not None:
                    good_buf.append(
                        line
                        if line[-1:] == b"\n" and line[-2:] != b"\r\n"
                        else line.rstrip(b"\r\n") + b"\n"
                    )
            else:
                rejected += 1
                if bad is not None:
                    sid = sets[i]
                    reasons = reason_bytes[sid]
                    if reasons is None:
                        keys = rows.sets[sid]
                        reasons = reason_bytes[sid] = _json([reason_of(rows.keys[k]) for k in keys])
                    body = line.rstrip(b"\r\n")
                    if row in not_object or end > first:
                        text = body.decode("utf-8", errors="backslashreplace")
                        tail = b',"raw":' + _json(text) + b"}\n"
                    else:
                        tail = b',"record":' + body.strip() + b"}\n"
                    bad_buf.append(
                        b'%s%d,"end_line":%d,"reasons":%s%s' % (head, first, end, reasons, tail)
                    )
            if len(good_buf) + len(bad_buf) >= 2048:
                if good is not None:
                    good.write(b"".join(good_buf))
                if bad is not None:
                    bad.write(b"".join(bad_buf))
                good_buf.clear()
                bad_buf.clear()
        if good is not None:
            good.write(b"".join(good_buf))
        if bad is not None:
            bad.write(b"".join(bad_buf))
    finally:
        if handle is not None:
            handle.close()
    return accepted, rejected
