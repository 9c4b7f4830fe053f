"""Quarantine: split the input into accepted rows and rejected rows (each with its reasons).

A second pass over the files a `ValidationReport` came from: every record goes to exactly one
side, so accepted + rejected = the report's ``total_rows``, always. Accepted lines are copied byte
for byte (line endings normalized to LF); a rejected record keeps its parsed object when it has
one, or its raw text (undecodable bytes escaped) when it does not.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from typing import IO, Any

from noesis_trainer.io.atomic import atomic_open
from noesis_trainer.validation.report import Finding, ValidationReport

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class QuarantineResult:
    accepted: int
    rejected: int


class _Sink:
    """Writes to an atomic file, or only counts when there is no file."""

    def __init__(self, handle: IO[Any] | None) -> None:
        self.handle = handle
        self.count = 0

    def write(self, data: bytes) -> None:
        self.count += 1
        if self.handle is not None:
            self.handle.write(data)


def _reject_line(path: str, line: int, end: int, raw: bytes, findings: list[Finding]) -> bytes:
    text = raw.decode("utf-8", errors="backslashreplace")
    entry: dict[str, Any] = {
        "path": path,
        "line": line,
        "end_line": end,
        "reasons": [
            {"rule": f.rule, "severity": f.severity, "field": f.field, "message": f.message}
            for f in findings
        ],
    }
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if isinstance(value, dict):
        entry["record"] = value
    else:
        entry["raw"] = text.rstrip("\r\n")
    return (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")


def quarantine(
    report: ValidationReport,
    *,
    out: str | os.PathLike[str] | None = None,
    rejects: str | os.PathLike[str] | None = None,
    strict: bool = False,
) -> QuarantineResult:
    """Write accepted rows to `out` and rejected rows to `rejects` (atomically; either may be None).

    A row is rejected when it has an error finding, or a warning with `strict`.
    """
    rejected = report.rejected_locations(strict)
    with contextlib.ExitStack() as stack:
        good = _Sink(stack.enter_context(atomic_open(out, "wb")) if out is not None else None)
        bad = _Sink(
            stack.enter_context(atomic_open(rejects, "wb")) if rejects is not None else None
        )
        for path in report.sources:
            _split_file(path, rejected, good, bad)
    total = good.count + bad.count
    if total != report.total_rows:  # pragma: no cover - would be a bug, never bad input
        raise RuntimeError(
            f"quarantine saw {total} records but validation counted {report.total_rows}"
        )
    return QuarantineResult(good.count, bad.count)


def _split_file(
    path: str, rejected: dict[tuple[str, int], list[Finding]], good: _Sink, bad: _Sink
) -> None:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError:
        return  # reported as 'unreadable' (a file, not a row)
    with handle:
        lineno = 0
        pending: tuple[int, int, list[Finding]] | None = None
        pending_lines: list[bytes] = []
        for line in handle:
            lineno += 1
            if lineno == 1 and line.startswith(_BOM):
                line = line[len(_BOM) :]
            if pending is not None:
                pending_lines.append(line)
                if lineno >= pending[1]:
                    bad.write(
                        _reject_line(
                            path, pending[0], pending[1], b"".join(pending_lines), pending[2]
                        )
                    )
                    pending, pending_lines = None, []
                continue
            findings = rejected.get((path, lineno))
            if findings is not None:
                end = max((f.end_line or lineno) for f in findings)
                if end > lineno:
                    pending, pending_lines = (lineno, end, findings), [line]
                else:
                    bad.write(_reject_line(path, lineno, lineno, line, findings))
            elif line.strip():
                good.write(line.rstrip(b"\r\n") + b"\n")
        if pending is not None:  # file ended inside a span
            bad.write(_reject_line(path, pending[0], lineno, b"".join(pending_lines), pending[2]))
