"""Write-behind: push a file's pages to disk while it is still being written.

Why: an atomic write ends with an fsync (`io.atomic`), and the kernel keeps the dirty pages of a
large output in memory until then. So the fsync of a 600 MB rejects file waits for all 600 MB
at once: 1.2-1.4 s of wall time on this project's 2-core machine, after every CPU-bound part
of `noesis validate` has finished. A thread that calls ``fdatasync`` every `WRITE_BEHIND_BYTES`
of growth moves that wait onto the disk while the writer goes on (the call releases the GIL),
and the final fsync finds little left to do. Measured in bench/bench_write_behind.py.

Pages synced are then let go (``POSIX_FADV_DONTNEED``, `drop` on by default): the file's cache
holds what was written since the last sync, not the whole output. Page cache is memory the
kernel must find for every page written; letting written pages go recycles the same few tens
of MB instead of taking 600 MB more. On this project's 2-core VM, whose memory the hypervisor
backs only when first touched, writing 601 MB took 2.1-2.3 s kept and 0.5-0.6 s dropped; it
also leaves the user's other cached files where they were. Reading the output back comes from
the disk instead.

The thread only reads the file's size and syncs it: it never touches the writer's buffer, and
holds no lock a child forked meanwhile could need. A sync that fails (the disk filled up, then
freed) is raised when the write ends: Linux reports a failed write-back once per open file, so
if the thread kept quiet, the writer's final fsync would succeed over lost pages.
"""

from __future__ import annotations

import contextlib
import os
import threading
from types import TracebackType

WRITE_BEHIND_BYTES = 32 << 20
"""Growth of a file (bytes) after which the thread syncs it."""
POLL_SECONDS = 0.2
"""How often the thread looks at the file's size."""

_sync = getattr(os, "fdatasync", os.fsync)  # macOS has no fdatasync
_DONTNEED = getattr(os, "POSIX_FADV_DONTNEED", None)  # macOS has no posix_fadvise


def drop_cached(fd: int, size: int) -> None:
    """Let the kernel drop the first `size` bytes of `fd` from its page cache (synced pages
    go; advice only: nothing happens where the call is missing or refused)."""
    if _DONTNEED is not None and size > 0:
        with contextlib.suppress(OSError):
            os.posix_fadvise(fd, 0, size, _DONTNEED)


class WriteBehind:
    """While entered, a daemon thread syncs the open file `fd` each time it has grown by
    `every` bytes since the last sync, then (`drop`) lets the synced pages leave the page cache.
    `syncs` counts those syncs, `synced_bytes` is the file's size at the last one. A failed sync
    stops the thread; its error (`error`) is raised when the block ends, unless the block is
    already raising. Where no thread can be started, the block runs without one (`running`
    False)."""

    def __init__(
        self,
        fd: int,
        *,
        every: int = WRITE_BEHIND_BYTES,
        poll: float = POLL_SECONDS,
        drop: bool = True,
    ) -> None:
        if every < 1 or poll <= 0:
            raise ValueError(f"every must be >= 1 and poll > 0, not {every} and {poll}")
        self.fd = fd
        self.every = every
        self.poll = poll
        self.drop = drop
        self.syncs = 0
        self.synced_bytes = 0
        self.error: OSError | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="noesis-write-behind", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.poll):
            try:
                size = os.fstat(self.fd).st_size
                if size - self.synced_bytes < self.every:
                    continue
                _sync(self.fd)
            except OSError as err:
                self.error = err
                return
            self.syncs += 1
            self.synced_bytes = size
            if self.drop:
                drop_cached(self.fd, size)

    @property
    def running(self) -> bool:
        """Whether the thread was started (False where the process may start no thread: the
        write goes on and is synced only at the end, as with write-behind off)."""
        return self._thread.ident is not None

    def __enter__(self) -> WriteBehind:
        # no thread to be had (a process limit): the final fsync does it all
        with contextlib.suppress(RuntimeError):
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self.running:
            self._thread.join()
        if self.error is not None and exc_type is None:
            raise self.error
