"""Quarantine: split the input into accepted rows and rejected rows (each with its reasons).

A second pass over the files a `ValidationReport` came from, guided by the run's `RowVerdicts`:
every record goes to exactly one side, so accepted + rejected = the report's ``total_rows``,
always. Accepted lines are copied byte for byte (line endings normalized to LF). A rejected line
is compact: ``{"path", "line", "end_line", "reasons": [{"rule", "field", "message"}, ...], "record": {...}}``, the
record copied as it was read when it was a JSON object, else ``"raw"`` (bad bytes escaped).
The reasons of each distinct combination are encoded once.
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
    accepted = rejected = 0
    if out is None and rejects is None:
        failing = rows.failing(strict)
        rejected = failing.count(1)
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
    failing = rows.failing(strict)
    reason_bytes: dict[tuple[int, ...], bytes] = {}
    paths = [_json(p) for p in rows.paths]
    accepted = rejected = 0
    by_row = rows.row_keys()
    handle: IO[bytes] | None = None
    current = -1
    lines: Any = iter(())
    lineno = 0
    try:
        for row, keys in by_row:
            pi = rows.row_path[row]
            if pi != current:
                if handle is not None:
                    handle.close()
                current, lineno = pi, 0
                try:
                    handle = open(rows.paths[pi], "rb")  # noqa: SIM115 - closed above/below
                except OSError:
                    handle, lines = None, iter(())
                else:
                    lines = iter(handle)
            first = rows.row_line[row]
            end = rows.end_lines.get(row, first)
            chunk: list[bytes] = []
            while lineno < end:
                line = next(lines, None)
                if line is None:
                    break
                lineno += 1
                if lineno == 1 and line.startswith(_BOM):
                    line = line[len(_BOM) :]
                if lineno >= first:
                    chunk.append(line)
            raw = b"".join(chunk)
            if not failing[row]:
                accepted += 1
                if good is not None:
                    good.write(raw.rstrip(b"\r\n") + b"\n")
                continue
            rejected += 1
            if bad is None:
                continue
            tkeys = tuple(keys)
            reasons = reason_bytes.get(tkeys)
            if reasons is None:
                reasons = reason_bytes[tkeys] = _json([reason_of(rows.keys[k]) for k in tkeys])
            entry = b'{"path":' + paths[pi] + b',"line":' + str(first).encode()
            entry += b',"end_line":' + str(end).encode() + b',"reasons":' + reasons
            body = raw.rstrip(b"\r\n")
            if rows.is_object[row] and end == first:
                entry += b',"record":' + body.strip() + b"}\n"
            else:
                text = body.decode("utf-8", errors="backslashreplace")
                entry += b',"raw":' + _json(text) + b"}\n"
            bad.write(entry)
    finally:
        if handle is not None:
            handle.close()
    return accepted, rejected
