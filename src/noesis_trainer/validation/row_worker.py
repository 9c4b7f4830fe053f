"""A forked child that runs the row rules on part of a file while the parent does the rest.

Why: the row rules (the built-ins and the output-failure detectors) are most of the CPU time of
a large validation, and they are pure: a record's findings depend on the record alone. The
parent still reads and parses every line (the dataset rules observe every row, in order). The
file is cut into chunks of `CHUNK_LINES` lines, handed out as they are claimed (`Claims`): the
child takes the next unclaimed chunk whenever it is free; the parent takes a chunk itself when
it reaches one the child has not claimed, and, while it waits for one the child holds, computes
a chunk further on (at most `MAX_AHEAD` ahead). So neither side idles while the other has work:
on clean rows (costly rules) the parent shares the rules, on messy rows (cheap memoized rules,
costly bookkeeping) the child takes them all. For each of its chunks the child sends back, per
line, one small integer: an interned set of finding keys and whether the row is valid. The
parent turns them into its own key ids in reading order, so the report, the rejects and the
findings stream are those of one process (tests compare them byte for byte).

The child is forked after the run's rules were set up (nothing is re-imported), asks the kernel
to SIGKILL it when the parent dies (``PR_SET_PDEATHSIG``), leaves by ``os._exit`` (no finalizer
of the parent's objects runs twice), and if it dies, the parent computes the rest itself (also
when it dies holding the claims' lock: the parent never waits on that lock without a timeout).
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import multiprocessing
import os
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from noesis_trainer.io.jsonl import loads
from noesis_trainer.processes import exit_with_parent, fork_available, start_or_close, widen_pipe

if TYPE_CHECKING:  # pragma: no cover
    from noesis_trainer.validation.rows import RowVerdicts
    from noesis_trainer.validation.validator import _Run

CHUNK_LINES = 1024
"""Lines per chunk: one message from the child per chunk it owns."""
MAX_AHEAD = 4
"""The parent computes a chunk ahead of the one it reads at most this many chunks on (the
lines and records of those chunks are held meanwhile)."""
LOCK_WAIT = 1.0
"""Seconds the parent waits for the claims' lock before it checks that the child still lives."""
MIN_BYTES = 4_000_000
"""Files smaller than this are validated in one process (forking costs more than it saves)."""

NOT_OBJECT = 3
"""The kind (low two bits) of a line's code when the child did not see a JSON object there."""
_FOREIGN = 2
_VALID = 1


def chunk_lines() -> int:
    """`CHUNK_LINES` as it is now (tests make it small)."""
    return CHUNK_LINES


class Claims:
    """Which chunks are taken: every chunk before `next` is, by one side or the other. Claims
    only move forward, so the child, which always takes `next`, skips what the parent took."""

    def __init__(self, ctx: Any) -> None:
        self._lock = ctx.Lock()
        self._next = ctx.RawValue("q", 0)

    def take_next(self) -> int:
        """(The child) claim the first unclaimed chunk."""
        with self._lock:
            chunk = int(self._next.value)
            self._next.value = chunk + 1
        return chunk

    def take(
        self,
        chunk: int,
        *,
        ahead_of: int | None = None,
        alive: Callable[[], bool] | None = None,
    ) -> int | None:
        """(The parent) claim `chunk` if nobody has: returns it, else None. With `ahead_of`:
        claim the first unclaimed chunk instead, if it is at most `MAX_AHEAD` past `ahead_of`.
        None also when the lock stays held and `alive()` says the child is gone."""
        while not self._lock.acquire(timeout=LOCK_WAIT):
            if alive is not None and not alive():
                return None
        try:
            first = int(self._next.value)
            if ahead_of is not None:
                chunk = first
                if chunk - ahead_of > MAX_AHEAD:
                    return None
            elif first > chunk:
                return None
            self._next.value = chunk + 1
            return chunk
        finally:
            self._lock.release()


ChunkVerdicts = tuple[list[int], list[tuple[int, ...]], list[tuple[Any, ...] | None] | None]
"""The child's verdicts of one chunk (`RowWorker.chunk_verdicts`): per line its code, the sets of
finding keys by set number, and per line the summaries (None: the parent computes them)."""

VALIDITY: tuple[bool | None, ...] = (False, True, None)
"""The validity of a row by the low bits of its code (`NOT_OBJECT` aside)."""

_DIGEST_WORDS = 1 << 15
"""8-byte words of a chunk weighted by distinct constants in `chunk_digest` (a block)."""


def _mixed(count: int) -> npt.NDArray[np.uint64]:
    """`count` fixed odd 64-bit constants (splitmix64 of 1, 2, ...; numpy.random is not
    imported for this: it costs more than the whole digest of a large file)."""
    with np.errstate(over="ignore"):
        z = np.arange(1, count + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        out: npt.NDArray[np.uint64] = (z ^ (z >> np.uint64(31))) | np.uint64(1)
    return out


_WEIGHTS = _mixed(_DIGEST_WORDS)
_BLOCK_MIX = 0x9E3779B97F4A7C15
_MASK = (1 << 64) - 1


def chunk_digest(lines: list[bytes]) -> tuple[int, int, int, bytes]:
    """What the two sides compare to know they read the same bytes for a chunk: its line
    count, its size, a position-weighted sum of its 8-byte words (blocks of `_DIGEST_WORDS`
    words chained polynomially) and its last few bytes. About 0.7 instructions a byte in
    numpy, against 3.4 for `hash` of each line (siphash), which both sides paid per row (a
    property test holds it to the same sum in plain Python integers)."""
    data = b"".join(lines)
    n = len(data) // 8
    words = np.frombuffer(data, dtype=np.uint64, count=n)
    acc = 0
    for start in range(0, n, _DIGEST_WORDS):
        part = words[start : start + _DIGEST_WORDS]
        block = int((part * _WEIGHTS[: part.size]).sum(dtype=np.uint64))
        acc = (acc * _BLOCK_MIX + block) & _MASK
    return len(lines), len(data), acc, data[n * 8 :]


def _child_main(
    run: _Run, path: str, fd: int | None, out: Any, parent: int, claims: Claims
) -> None:
    """Claim chunks one after another, compute their verdicts and send one message per chunk,
    in claim order (which is file order). ``fd``: the parent's open descriptor of the file:
    reopened through /proc, the child reads the very file the parent reads even if the path was
    replaced meanwhile."""
    exit_with_parent(parent)
    try:
        rows = run.rows
        keys_sent = len(rows.keys)
        set_ids: dict[tuple[int, ...], int] = {(): 0}
        new_sets: list[tuple[int, ...]] = []
        verdict = run.verdict
        summarizers = run.summarizers
        only = summarizers[0] if len(summarizers) == 1 else None
        source = f"/proc/self/fd/{fd}" if fd is not None else path
        if not os.path.exists(source):
            source = path
        with open(source, "rb") as handle:
            at = 0  # the chunk the handle is at
            while True:
                chunk = claims.take_next()
                while at < chunk:  # chunks the parent took
                    collections.deque(itertools.islice(handle, CHUNK_LINES), maxlen=0)
                    at += 1
                lines = list(itertools.islice(handle, CHUNK_LINES))
                at += 1
                if not lines:
                    break
                lineno = chunk * CHUNK_LINES
                codes: list[int] = []  # pickled as small ints: cheaper than array.append
                summaries: list[tuple[Any, ...] | None] | None = [] if summarizers else None
                for line in lines:
                    lineno += 1
                    try:
                        data = loads(line)
                    except ValueError:
                        data = None
                    if type(data) is not dict:
                        codes.append(NOT_OBJECT)
                        if summaries is not None:
                            summaries.append(None)
                        continue
                    keys, valid = verdict(path, lineno, data)
                    if summaries is not None:
                        if valid is None:
                            summaries.append(None)
                        elif only is not None:  # one summarizer (the usual): no generator
                            summaries.append((only(data, valid),))
                        else:
                            summaries.append(tuple(f(data, valid) for f in summarizers))
                    wanted = tuple(keys)
                    sid = set_ids.get(wanted)
                    if sid is None:
                        sid = set_ids[wanted] = len(set_ids)
                        new_sets.append(wanted)
                    codes.append(sid << 2 | (_FOREIGN if valid is None else 1 if valid else 0))
                fresh = rows.keys[keys_sent:]
                keys_sent = len(rows.keys)
                out.send((chunk, fresh, new_sets, codes, chunk_digest(lines), summaries))
                new_sets = []
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
        widen_pipe(child_out)
        self._known = len(run.rows.keys)
        """Keys that existed at the fork: the same ids on both sides."""
        self._map: list[int] = list(range(self._known))
        self._sets: list[tuple[int, ...]] = [()]
        self._claims = Claims(ctx)
        self._proc = ctx.Process(
            target=_child_main,
            args=(run, path, fd, child_out, os.getpid(), self._claims),
            name="noesis-rows",
            daemon=True,
        )
        start_or_close(self._proc, parent_in, child_out)
        child_out.close()
        self._in = parent_in
        self._chunk = -1
        self._codes: list[int] = []
        self._digest: tuple[int, int, int, bytes] | None = None
        self._summaries: list[tuple[Any, ...] | None] | None = None
        self.alive = True
        self.handed: dict[str, int] = {"child": 0, "parent": 0, "ahead": 0}
        """Chunks computed by the child, by the parent as it reached them, and by the parent
        ahead while it waited for the child: how the work was shared (tests read it)."""
        self._finalizer = weakref.finalize(self, _stop, parent_in, self._proc)

    @classmethod
    def start(cls, run: _Run, path: str, fd: int | None = None) -> RowWorker | None:
        """A worker for `path` (open as `fd` in this process) when the run may use a second
        process and the file is large."""
        # Only the project's own row rules run in a child: a plugin's rule may keep state.
        if run.options.workers < 2 or not fork_available() or not run.own_rules_only:
            return None
        try:
            if os.path.getsize(path) < MIN_BYTES:
                return None
            return cls(run, path, fd)
        except OSError:
            return None

    def _receive_one(self, rows: RowVerdicts) -> bool:
        """Take the child's next message (waiting for it); False when the child is gone."""
        try:
            got, fresh, new_sets, codes, digest, summaries = self._in.recv()
        except (EOFError, OSError, ValueError):
            self.close()
            return False
        self._map.extend(rows.key(*k) for k in fresh)
        m = self._map
        self._sets.extend(tuple(m[k] for k in s) for s in new_sets)
        self._chunk = got
        self.handed["child"] += 1
        self._codes = codes
        self._digest = digest
        self._summaries = summaries
        return True

    def _receive(self, rows: RowVerdicts, chunk: int) -> bool:
        while self._chunk < chunk:
            if not self._receive_one(rows):
                return False
        return self._chunk == chunk

    def _alive(self) -> bool:
        return self._proc.is_alive()

    def owns(self, chunk: int) -> bool:
        """Whether the child computes `chunk`: True when it claimed it first; otherwise the
        parent claims it here and computes it itself (also when the child is gone)."""
        if not self.alive:
            return False
        if self._chunk >= chunk:
            return self._chunk == chunk
        taken = self._claims.take(chunk, alive=self._alive)
        if taken is None and not self._alive():
            self.close()
            return False
        if taken is not None:
            self.handed["parent"] += 1
        return taken is None

    def claim_ahead(self, chunk: int) -> int | None:
        """A chunk past `chunk` (at most `MAX_AHEAD` on) for the parent to compute while it
        waits for the child's `chunk`: the first unclaimed one, now the parent's; or None."""
        if not self.alive:
            return None
        taken = self._claims.take(chunk, ahead_of=chunk, alive=self._alive)
        if taken is not None:
            self.handed["ahead"] += 1
        return taken

    def wait(self, rows: RowVerdicts, chunk: int, work: Callable[[int], bool]) -> None:
        """Until the child's verdicts of `chunk` are in (or the child is gone): take messages
        that have arrived, and while none has, call ``work(chunk)`` (a piece of the parent's own
        work; False when it has none left, then wait for the child)."""
        while self.alive and self._chunk < chunk:
            if self._in.poll() or not work(chunk):
                self._receive_one(rows)

    def chunk_verdicts(
        self, rows: RowVerdicts, chunk: int, lines: list[bytes]
    ) -> ChunkVerdicts | None:
        """The child's verdicts of its `chunk`, whose lines the parent read as `lines`: per line
        a code (``set << 2 | kind``: kind `NOT_OBJECT`, `_FOREIGN`, or 0/1 for invalid/valid,
        `VALIDITY`), the sets of finding keys by set number (in the parent's key ids), and per
        line the summaries of the run's `summarizers` (None: the parent computes them). None
        when the child is gone or read other bytes (the file changed under us: the child is
        stopped and the parent computes the chunk itself)."""
        if not self.alive or not self._receive(rows, chunk):
            return None
        if self._digest != chunk_digest(lines):
            self.close()
            return None
        return self._codes, self._sets, self._summaries

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


__all__ = [
    "CHUNK_LINES",
    "NOT_OBJECT",
    "VALIDITY",
    "Claims",
    "RowWorker",
    "chunk_digest",
    "chunk_lines",
]
