"""`RowVerdicts`: what a validation run knows about every row, in a few bytes per row.

Why: a messy file has millions of findings but few distinct ones (the same missing field, the same
placeholder, the same duplicate cluster on thousands of rows). Each distinct finding is interned
once as a *key* (rule, severity, field, message); each distinct combination of a row's keys is
interned once as a *set*. A row then costs its location and its set id; a dataset rule's verdict
on many rows is one array of row indices. The report stays small; the rejects file and the
findings stream are written from here, row by row, in reading order.
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
    """Per-row locations and interned reasons of one run (see the module doc).

    Rows are added with `add_row` (their row-rule reasons already interned with `set_id`);
    dataset rules `flag` rows at the end; `seal` then gives every row its final set.
    """

    def __init__(self) -> None:
        self.paths: list[str] = []
        self._path_index: dict[str, int] = {}
        self.row_path = array("I")
        self.row_line = array("I")
        self.row_offset = array("q")
        """Byte offset of the row's first line in its file; -1 when unknown (in memory)."""
        self.reason_set = array("I")
        self.not_object: set[int] = set()
        """Rows that did not parse as a JSON object (their raw text goes to the rejects)."""
        self.end_lines: dict[int, int] = {}
        self.keys: list[Key] = []
        self._key_id: dict[Key, int] = {}
        self.sets: list[tuple[int, ...]] = [()]
        self._set_id: dict[tuple[int, ...], int] = {(): 0}
        self._extra_rows: list[npt.NDArray[np.intp]] = []
        self._extra_keys: list[npt.NDArray[np.intp]] = []
        self.worst: npt.NDArray[np.uint8] = np.zeros(0, dtype=np.uint8)
        """Per row after `seal`: 0 no finding, 1 info, 2 warning, 3 error."""
        self.warned: npt.NDArray[np.bool_] = np.zeros(0, dtype=bool)

    def __len__(self) -> int:
        return len(self.row_line)

    # -- building --------------------------------------------------------------------------
    def path_id(self, path: str) -> int:
        index = self._path_index.get(path)
        if index is None:
            index = self._path_index[path] = len(self.paths)
            self.paths.append(path)
        return index

    def add_row(self, path_id: int, line: int, offset: int, sid: int) -> int:
        self.row_path.append(path_id)
        self.row_line.append(line)
        self.row_offset.append(offset)
        self.reason_set.append(sid)
        return len(self.row_line) - 1

    def key(self, rule: str, severity: str, field: str | None, message: str) -> int:
        k = (rule, severity, field, message)
        found = self._key_id.get(k)
        if found is None:
            found = self._key_id[k] = len(self.keys)
            self.keys.append(k)
        return found

    def set_id(self, keys: tuple[int, ...]) -> int:
        sid = self._set_id.get(keys)
        if sid is None:
            sid = self._set_id[keys] = len(self.sets)
            self.sets.append(keys)
        return sid

    def flag(self, rows: npt.NDArray[np.intp], key: int) -> None:
        """Add finding `key` to every row of `rows` (a dataset rule's verdict)."""
        if rows.size:
            self._extra_rows.append(rows)
            self._extra_keys.append(np.full(rows.size, key, dtype=np.intp))

    def seal(self) -> None:
        """Every finding is in: give flagged rows the set of all their keys; worst severities."""
        n = len(self)
        reason = np.frombuffer(self.reason_set, dtype=np.uint32).astype(np.intp)
        if self._extra_rows:
            rows = np.concatenate(self._extra_rows)
            keys = np.concatenate(self._extra_keys)
            order = np.argsort(rows, kind="stable")
            rows, keys = rows[order], keys[order]
            self._extra_rows, self._extra_keys = [], []
            cuts = np.flatnonzero(np.diff(rows)) + 1
            starts = np.concatenate(([0], cuts)).astype(np.intp)
            stops = np.concatenate((cuts, [rows.size])).astype(np.intp)
            flagged = rows[starts]
            combined = _grouped_sets(self, reason[flagged], keys, starts, stops)
            if combined is None:  # two different groups of keys hashed alike: one at a time
                combined = _grouped_sets_plain(self, reason[flagged], keys, starts, stops)
            reason[flagged] = combined
            self.reason_set = array("I", reason.astype(np.uint32).tobytes())
        rank = np.array([SEVERITY_RANK[k[1]] + 1 for k in self.keys] or [0], dtype=np.uint8)
        set_worst = np.array([max((rank[k] for k in s), default=0) for s in self.sets], np.uint8)
        set_warned = np.array([any(self.keys[k][1] == "warning" for k in s) for s in self.sets])
        self.worst = set_worst[reason] if n else np.zeros(0, dtype=np.uint8)
        self.warned = set_warned[reason] if n else np.zeros(0, dtype=bool)

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
        return findings, rows

    def row_keys(self) -> Iterator[tuple[int, tuple[int, ...]]]:
        """``(row, keys)`` of every row, in reading order (row-rule keys, then dataset-rule)."""
        sets = self.sets
        for row, sid in enumerate(self.reason_set):
            yield row, sets[sid]

    def failing(self, strict: bool) -> npt.NDArray[np.bool_]:
        """Per row, whether the row is rejected (an error; a warning too with `strict`)."""
        floor = SEVERITY_RANK["warning" if strict else "error"] + 1
        out: npt.NDArray[np.bool_] = self.worst >= floor
        return out

    def write_findings(self, handle: IO[bytes]) -> int:
        """Every finding, one JSON object a line, in reading order; returns the count."""
        encoded = [
            json.dumps(
                {"field": f, "rule": r, "severity": s, "message": m}, ensure_ascii=False
            ).encode("utf-8", "backslashreplace")[1:]
            for r, s, f, m in self.keys
        ]
        paths = [_json(p) for p in self.paths]
        per_set: list[list[bytes] | None] = [None] * len(self.sets)
        n = 0
        row_path, row_line, end_lines = self.row_path, self.row_line, self.end_lines
        buf: list[bytes] = []
        for row, sid in enumerate(self.reason_set):
            if not sid:
                continue
            parts = per_set[sid]
            if parts is None:
                parts = per_set[sid] = [encoded[k] for k in self.sets[sid]]
            head = b'{"path":' + paths[row_path[row]] + b',"line":' + b"%d" % row_line[row]
            end = end_lines.get(row)
            if end is not None:
                head += b',"end_line":%d' % end
            head += b","
            buf.extend(head + p + b"\n" for p in parts)
            n += len(parts)
            if len(buf) > 4096:
                handle.write(b"".join(buf))
                buf.clear()
        handle.write(b"".join(buf))
        return n


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "backslashreplace")


def reason_of(key: Key) -> dict[str, str]:
    """One reason of the rejects file: rule, field (when there is one) and message; the
    severity is the rule's, in the report."""
    rule, _, field, message = key
    if field is None:
        return {"rule": rule, "message": message}
    return {"rule": rule, "field": field, "message": message}


__all__ = ["Key", "RowVerdicts", "reason_of"]


_HASH_BASE = np.uint64(0x9E3779B97F4A7C15)


def _grouped_sets(
    rows: RowVerdicts,
    base: npt.NDArray[np.intp],
    keys: npt.NDArray[np.intp],
    starts: npt.NDArray[np.intp],
    stops: npt.NDArray[np.intp],
) -> npt.NDArray[np.intp] | None:
    """The set id of each flagged row: its row-rule set `base` plus its dataset-rule keys
    ``keys[starts[i]:stops[i]]``, interned in row order as `_grouped_sets_plain` does, with one
    `set_id` call per distinct combination instead of one per row. Groups are told apart by a
    64-bit polynomial hash, then checked key by key; None if two different groups collided."""
    lengths = stops - starts
    within = np.arange(keys.size, dtype=np.intp) - np.repeat(starts, lengths)
    with np.errstate(over="ignore"):
        powers = np.power(_HASH_BASE, within.astype(np.uint64))
        terms = (keys.astype(np.uint64) + np.uint64(1)) * powers
        signature = np.add.reduceat(terms, starts)
        signature ^= base.astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)
    _, first, inverse = np.unique(signature, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    representative = first[inverse]
    if not np.array_equal(base[representative], base) or not np.array_equal(
        lengths[representative], lengths
    ):
        return None
    same = keys[np.repeat(starts[representative], lengths) + within]
    if not np.array_equal(same, keys):
        return None
    ids = np.empty(first.size, dtype=np.intp)
    key_list: list[int] = keys.tolist()
    base_list: list[int] = base.tolist()
    sets, set_id = rows.sets, rows.set_id
    for u in np.argsort(first, kind="stable").tolist():  # first seen first: the plain order
        g = int(first[u])
        extra = tuple(key_list[starts[g] : stops[g]])
        ids[u] = set_id(sets[base_list[g]] + extra)
    out: npt.NDArray[np.intp] = ids[inverse]
    return out


def _grouped_sets_plain(
    rows: RowVerdicts,
    base: npt.NDArray[np.intp],
    keys: npt.NDArray[np.intp],
    starts: npt.NDArray[np.intp],
    stops: npt.NDArray[np.intp],
) -> npt.NDArray[np.intp]:
    """`_grouped_sets` one row at a time (the definition; tests compare the two)."""
    key_list: list[int] = keys.tolist()
    sets, set_id = rows.sets, rows.set_id
    combos: dict[tuple[int, tuple[int, ...]], int] = {}
    out = np.empty(base.size, dtype=np.intp)
    for i, (b, a, z) in enumerate(zip(base.tolist(), starts.tolist(), stops.tolist(), strict=True)):
        extra = tuple(key_list[a:z])
        got = combos.get((b, extra))
        if got is None:
            got = combos[(b, extra)] = set_id(sets[b] + extra)
        out[i] = got
    return out
