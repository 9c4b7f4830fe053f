"""`RowVerdicts`: what a validation run knows about every row, in a few bytes per row.

Why: a messy file has millions of findings but few distinct ones (the same missing field, the same
placeholder, the same duplicate cluster on thousands of rows). Each distinct finding is interned
once as a *key* (rule, severity, field, message); each distinct combination of a row's row-rule
keys is interned once as a *set*. A row then costs its location, its set id, its worst severity
and, when a dataset rule flags it, one (row, key) pair. The report stays small; the rejects file
and the findings stream are written from here, row by row, in reading order.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterator
from typing import IO

import numpy as np
import numpy.typing as npt

from noesis_trainer.validation.rules import SEVERITY_RANK

Key = tuple[str, str, str | None, str]
"""A distinct finding: rule id, severity, field (or None), message."""


class RowVerdicts:
    """Per-row locations, worst severity and interned reasons of one run (see module doc)."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self._path_index: dict[str, int] = {}
        self.row_path = array("I")
        self.row_line = array("I")
        self.row_offset = array("q")
        """Byte offset of the row's first line in its file; -1 when unknown (in memory)."""
        self.reason_set = array("I")
        self.worst = bytearray()  # per row: 0 none, 1 info, 2 warning, 3 error
        self.warned = bytearray()
        self.is_object = bytearray()  # 1 when the row parsed as a JSON object
        self.end_lines: dict[int, int] = {}
        self.keys: list[Key] = []
        self._key_id: dict[Key, int] = {}
        self.sets: list[tuple[int, ...]] = [()]
        self._set_id: dict[tuple[int, ...], int] = {(): 0}
        self.set_worst: list[int] = [0]
        self.set_warned: list[int] = [0]
        self._extra_rows: list[npt.NDArray[np.intp]] = []
        self._extra_keys: list[npt.NDArray[np.intp]] = []
        self.extra_rows: npt.NDArray[np.intp] = np.empty(0, dtype=np.intp)
        self.extra_keys: npt.NDArray[np.intp] = np.empty(0, dtype=np.intp)

    def __len__(self) -> int:
        return len(self.worst)

    # -- building --------------------------------------------------------------------------
    def new_row(self, path: str, line: int, offset: int = -1, *, is_object: bool = True) -> int:
        index = self._path_index.get(path)
        if index is None:
            index = self._path_index[path] = len(self.paths)
            self.paths.append(path)
        self.row_path.append(index)
        self.row_line.append(line)
        self.row_offset.append(offset)
        self.reason_set.append(0)
        self.worst.append(0)
        self.warned.append(0)
        self.is_object.append(1 if is_object else 0)
        return len(self.worst) - 1

    def key(self, rule: str, severity: str, field: str | None, message: str) -> int:
        k = (rule, severity, field, message)
        found = self._key_id.get(k)
        if found is None:
            found = self._key_id[k] = len(self.keys)
            self.keys.append(k)
        return found

    def set_reasons(self, row: int, keys: list[int]) -> int:
        """Give `row` the row-rule findings `keys` (interned as one set); returns the set id."""
        t = tuple(keys)
        sid = self._set_id.get(t)
        if sid is None:
            sid = self._set_id[t] = len(self.sets)
            self.sets.append(t)
            ranks = [SEVERITY_RANK[self.keys[k][1]] + 1 for k in t]
            self.set_worst.append(max(ranks, default=0))
            self.set_warned.append(1 if any(self.keys[k][1] == "warning" for k in t) else 0)
        self.reason_set[row] = sid
        worst = self.set_worst[sid]
        if worst > self.worst[row]:
            self.worst[row] = worst
        if self.set_warned[sid]:
            self.warned[row] = 1
        return sid

    def flag(self, rows: npt.NDArray[np.intp], key: int) -> None:
        """Add finding `key` to every row of `rows` (a dataset rule's verdict)."""
        if rows.size == 0:
            return
        severity = self.keys[key][1]
        self._extra_rows.append(rows)
        self._extra_keys.append(np.full(rows.size, key, dtype=np.intp))
        worst = np.frombuffer(self.worst, dtype=np.uint8)  # a view: released before returning
        np.maximum.at(worst, rows, np.uint8(SEVERITY_RANK[severity] + 1))
        del worst
        if severity == "warning":
            warned = np.frombuffer(self.warned, dtype=np.uint8)
            warned[rows] = 1
            del warned

    def seal(self) -> None:
        """Every finding is in: order the dataset-rule findings by row (stable)."""
        if self._extra_rows:
            rows = np.concatenate([self.extra_rows, *self._extra_rows])
            keys = np.concatenate([self.extra_keys, *self._extra_keys])
            order = np.argsort(rows, kind="stable")
            self.extra_rows, self.extra_keys = rows[order], keys[order]
            self._extra_rows, self._extra_keys = [], []

    # -- reading ---------------------------------------------------------------------------
    def location(self, row: int) -> str:
        return f"{self.paths[self.row_path[row]]}:{self.row_line[row]}"

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Findings per rule and rows per rule (each row counted once per rule)."""
        findings: dict[str, int] = {}
        rows: dict[str, int] = {}
        per_set = np.bincount(np.frombuffer(self.reason_set, dtype=np.uint32), minlength=1)
        for sid in np.flatnonzero(per_set).tolist():
            n = int(per_set[sid])
            rules = [self.keys[k][0] for k in self.sets[sid]]
            for r in rules:
                findings[r] = findings.get(r, 0) + n
            for r in set(rules):
                rows[r] = rows.get(r, 0) + n
        if self.extra_keys.size:
            names = sorted({k[0] for k in self.keys})
            pos = {name: i for i, name in enumerate(names)}
            rule_of = np.array([pos[k[0]] for k in self.keys], dtype=np.intp)
            per_rule = rule_of[self.extra_keys]
            for ri, n in zip(*np.unique(per_rule, return_counts=True), strict=True):
                findings[names[ri]] = findings.get(names[ri], 0) + int(n)
            width = max(len(self.worst), 1)
            pairs = np.unique(per_rule * width + self.extra_rows)
            for ri, n in zip(*np.unique(pairs // width, return_counts=True), strict=True):
                rows[names[ri]] = rows.get(names[ri], 0) + int(n)
        return findings, rows

    def row_keys(self) -> Iterator[tuple[int, list[int]]]:
        """``(row, keys)`` of every row, in reading order (row-rule keys, then dataset-rule)."""
        sets, reason_set = self.sets, self.reason_set
        extra_rows = self.extra_rows.tolist()
        extra_keys = self.extra_keys.tolist()
        j, m = 0, len(extra_rows)
        for row in range(len(self.worst)):
            keys = list(sets[reason_set[row]])
            while j < m and extra_rows[j] == row:
                keys.append(extra_keys[j])
                j += 1
            yield row, keys

    def failing(self, strict: bool) -> bytes:
        """Per row, 1 when the row is rejected (an error; a warning too with `strict`)."""
        floor = SEVERITY_RANK["warning" if strict else "error"] + 1
        worst = np.frombuffer(self.worst, dtype=np.uint8)
        return (worst >= floor).astype(np.uint8).tobytes()

    def write_findings(self, handle: IO[bytes]) -> int:
        """Every finding, one JSON object a line, in reading order; returns the count."""
        encoded = [
            json.dumps(
                {"field": f, "rule": r, "severity": s, "message": m}, ensure_ascii=False
            ).encode("utf-8", "backslashreplace")[1:]
            for r, s, f, m in self.keys
        ]
        paths = [json.dumps(p, ensure_ascii=False).encode("utf-8", "backslashreplace") for p in self.paths]
        n = 0
        row_path, row_line = self.row_path, self.row_line
        for row, keys in self.row_keys():
            if not keys:
                continue
            head = b'{"path":' + paths[row_path[row]] + b',"line":' + str(row_line[row]).encode()
            end = self.end_lines.get(row)
            if end is not None:
                head += b',"end_line":' + str(end).encode()
            head += b","
            handle.write(b"".join(head + encoded[k] + b"\n" for k in keys))
            n += len(keys)
        return n


def reason_of(key: Key) -> dict[str, str]:
    """One reason of the rejects file: rule, field (when there is one) and message; the
    severity is the rule's, in the report."""
    rule, _, field, message = key
    if field is None:
        return {"rule": rule, "message": message}
    return {"rule": rule, "field": field, "message": message}


__all__ = ["Key", "RowVerdicts", "reason_of"]
