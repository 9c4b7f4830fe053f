"""A forked child that runs the row rules on part of a file while the parent does the rest.

Why: the row rules (the built-ins and the output-failure detectors) are most of the CPU time of
a large validation, and they are pure: a record's findings depend on the record alone. The
parent still reads and parses every line (the dataset rules observe every row, in order) and runs
the row rules on its own share of the chunks; the child reads the same file, parses the lines
of its chunks (`WORKER_SHARE` of every `CHUNK_PERIOD`, `CHUNK_LINES` lines each) and sends back,
per line, one small integer: an interned set of finding keys and whether the row is valid. The
parent turns them into its own key ids in reading order, so the report, the rejects and the
findings stream are those of one process (tests compare them byte for byte).

The child is forked after the run's rules were set up (nothing is re-imported), asks the kernel
to SIGKILL it when the parent dies (``PR_SET_PDEATHSIG``), leaves by ``os._exit`` (no finalizer
of the parent's objects runs twice), and if it dies, the parent computes the rest itself.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import weakref
from array import array
from typing import TYPE_CHECKING, Any

from noesis_trainer.core.dedup import _die_with_parent, _widen, process_available
from noesis_trainer.io.jsonl import loads

if TYPE_CHECKING:  # pragma: no cover
    from noesis_trainer.validation.rows import RowVerdicts
    from noesis_trainer.validation.validator import _Run

CHUNK_LINES = 1024
"""Lines per chunk: one message from the child per chunk it owns."""
CHUNK_PERIOD = 4
WORKER_SHARE = 3
"""Of every `CHUNK_PERIOD` chunks the child takes the last `WORKER_SHARE`: the parent also
parses every line and feeds the dataset rules, so it keeps the smaller share of the rules."""
MIN_BYTES = 4_000_000
"""Files smaller than this are validated in one process (forking costs more than it saves)."""

_NOT_OBJECT = 3
_FOREIGN = 2
_VALID = 1


def worker_chunk(lineno: int) -> int | None:
    """The index of the chunk of (1-based) `lineno` when the child owns it, else None."""
    chunk = (lineno - 1) // CHUNK_LINES
    return chunk if chunk % CHUNK_PERIOD >= CHUNK_PERIOD - WORKER_SHARE else None


def _verdict_code(valid: bool | None) -> int:
    return _FOREIGN if valid is None else int(valid)


def _child_main(run: _Run, path: str, fd: int | None, out: Any, parent: int) -> None:
    """Compute the verdicts of the child's chunks and send one message per chunk, in order.
    ``fd``: the parent's open descriptor of the file: reopened through /proc, the child reads
    the very file the parent reads even if the path was replaced meanwhile."""
    _die_with_parent(parent)
    try:
        rows = run.rows
        keys_sent = len(rows.keys)
        set_ids: dict[tuple[int, ...], int] = {(): 0}
        new_sets: list[tuple[int, ...]] = []
        verdict = run.verdict
        summarizers = run.summarizers
        source = f"/proc/self/fd/{fd}" if fd is not None else path
        if not os.path.exists(source):
            source = path
        with open(source, "rb") as handle:
            lineno = 0
            chunk = 0
            while True:
                lines = list(itertools.islice(handle, CHUNK_LINES))
                if not lines:
                    break
                owned = worker_chunk(lineno + 1) is not None
                if not owned:
                    lineno += len(lines)
                    chunk += 1
                    continue
                codes = array("i")
                digests = array("q", map(hash, lines))
                summaries: list[tuple[Any, ...] | None] | None = [] if summarizers else None
                for line in lines:
                    lineno += 1
                    try:
                        data = loads(line)
                    except ValueError:
                        data = None
                    if type(data) is not dict:
                        codes.append(_NOT_OBJECT)
                        if summaries is not None:
                            summaries.append(None)
                        continue
                    keys, valid = verdict(path, lineno, data)
                    if summaries is not None:
                        summaries.append(
                            None if valid is None else tuple(f(data, valid) for f in summarizers)
                        )
                    wanted = tuple(keys)
                    sid = set_ids.get(wanted)
                    if sid is None:
                        sid = set_ids[wanted] = len(set_ids)
                        new_sets.append(wanted)
                    codes.append(sid << 2 | _verdict_code(valid))
                fresh = rows.keys[keys_sent:]
                keys_sent = len(rows.keys)
                out.send((chunk, fresh, new_sets, codes.tobytes(), digests.tobytes(), summaries))
                new_sets = []
                chunk += 1
    except BaseException:  # the parent sees EOF and computes the rest itself
        pass
    finally:
        with contextlib.suppress(Exception):
            out.close()
        os._exit(0)


class RowWorker:
    """The parent's side: fork the child for one file, then take its verdicts chunk by chunk."""

    def __init__(self, run: _Run, path: str, fd: int | None = None) -> None:
        ctx = multiprocessing.get_context("fork")
        parent_in, child_out = ctx.Pipe(duplex=False)
        _widen(child_out)
        self._known = len(run.rows.keys)
        """Keys that existed at the fork: the same ids on both sides."""
        self._map: list[int] = list(range(self._known))
        self._sets: list[tuple[int, ...]] = [()]
        self._proc = ctx.Process(
            target=_child_main,
            args=(run, path, fd, child_out, os.getpid()),
            name="noesis-rows",
            daemon=True,
        )
        self._proc.start()
        child_out.close()
        self._in = parent_in
        self._chunk = -1
        self._codes: array[int] = array("i")
        self._digests: array[int] = array("q")
        self._summaries: list[tuple[Any, ...] | None] | None = None
        self.alive = True
        self._finalizer = weakref.finalize(self, _stop, parent_in, self._proc)

    @classmethod
    def start(cls, run: _Run, path: str, fd: int | None = None) -> RowWorker | None:
        """A worker for `path` (open as `fd` in this process) when the run may use a second
        process and the file is large."""
        # Only the project's own row rules run in a child: a plugin's rule may keep state.
        if run.options.workers < 2 or not process_available() or not run.own_rules_only:
            return None
        try:
            if os.path.getsize(path) < MIN_BYTES:
                return None
            return cls(run, path, fd)
        except OSError:
            return None

    def _receive(self, rows: RowVerdicts, chunk: int) -> bool:
        while self._chunk < chunk:
            try:
                got, fresh, new_sets, codes, digests, summaries = self._in.recv()
            except (EOFError, OSError, ValueError):
                self.close()
                return False
            self._map.extend(rows.key(*k) for k in fresh)
            m = self._map
            self._sets.extend(tuple(m[k] for k in s) for s in new_sets)
            self._chunk = got
            self._codes = array("i")
            self._codes.frombytes(codes)
            self._digests = array("q")
            self._digests.frombytes(digests)
            self._summaries = summaries
        return self._chunk == chunk

    def verdict(
        self, rows: RowVerdicts, chunk: int, lineno: int, line: bytes
    ) -> tuple[tuple[int, ...], bool | None, tuple[Any, ...] | None] | None:
        """The verdict of the record at `lineno` (in the child's `chunk`; the parent read
        `line` there), in the parent's key ids, with the summaries of the run's `summarizers`
        (None: the parent computes them). None when the child is gone, did not see a JSON
        object there, or read other bytes (the file changed under us: the child is stopped)."""
        if not self.alive or not self._receive(rows, chunk):
            return None
        index = (lineno - 1) % CHUNK_LINES
        if index >= len(self._digests) or self._digests[index] != hash(line):
            self.close()
            return None
        code = self._codes[index]
        kind = code & 3
        if kind == _NOT_OBJECT:
            return None
        summaries = self._summaries
        return (
            self._sets[code >> 2],
            None if kind == _FOREIGN else kind == _VALID,
            None if summaries is None else summaries[index],
        )

    def close(self) -> None:
        self.alive = False
        self._finalizer()

    @property
    def pid(self) -> int | None:
        return self._proc.pid


def _stop(inbox: Any, proc: Any) -> None:
    with contextlib.suppress(Exception):
        inbox.close()  # a child blocked on a full pipe gets EPIPE and leaves
    proc.join(2)
    if proc.is_alive():
        proc.kill()
        proc.join()


__all__ = ["CHUNK_LINES", "RowWorker", "worker_chunk"]
