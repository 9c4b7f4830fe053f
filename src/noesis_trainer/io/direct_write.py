"""Direct writes: a large output goes from our buffers to the disk, past the page cache.

Why: `noesis validate --rejects` writes 600 MB for a 300,000-row messy file, and writing it
through the page cache costs memory the kernel must find for every page (on this project's
2-core VM, whose memory the hypervisor backs only when first touched, 0.9-1.0 s of CPU for
601 MB, even with `write_behind` letting synced pages go). Written with ``O_DIRECT`` from a
thread, the same 601 MB took 0.38-0.46 s of wall time and 0.1-0.2 s of the writer's CPU: the
disk does the rest while the writer goes on (measured in `bench/bench_write_behind.py`).

How: `DirectWriter` copies what it is given into page-aligned buffers (anonymous mmaps); a
full buffer goes to a thread that writes it with the file in ``O_DIRECT`` mode (the call
releases the GIL), and comes back empty. `finish` writes the last whole pages the same way and
the last partial page through the page cache (``O_DIRECT`` cleared: it needs whole blocks).
Where a direct write is refused (EINVAL: a device that wants more than page alignment) the
writer goes on through the page cache: the same bytes, only slower. Where the file system
refuses ``O_DIRECT`` at all (tmpfs, some network and FUSE file systems), `enable_direct` says
so and the caller writes as before. A write error (disk full) is kept and raised by the next
`write` or by `finish`: nothing is lost silently.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import mmap
import os
import queue
import threading

BUFFER_BYTES = 8 << 20
"""Size of each buffer: large writes are what makes ``O_DIRECT`` fast."""
BUFFERS = 3
"""Buffers in turn: one filled by the writer while the others are on their way to the disk."""

_O_DIRECT: int = getattr(os, "O_DIRECT", 0)  # Linux; macOS and Windows have none


def enable_direct(fd: int) -> bool:
    """Put `fd` in ``O_DIRECT`` mode; False where the system or the file system refuses it."""
    if not _O_DIRECT:
        return False
    try:
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags | _O_DIRECT)
    except OSError:
        return False
    return True


def disable_direct(fd: int) -> None:
    """Take `fd` out of ``O_DIRECT`` mode (a partial block, or a device that refused one)."""
    if _O_DIRECT:
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~_O_DIRECT)


class DirectWriter:
    """Writes to `fd` (already in ``O_DIRECT`` mode, see `enable_direct`) through page-aligned
    buffers and a writing thread. Call `finish` at the end (or `abandon` on failure); the caller
    syncs and closes `fd`. Without the thread (``threaded=False``, or none can be started) full
    buffers are written inline."""

    def __init__(
        self,
        fd: int,
        *,
        buffer_bytes: int = BUFFER_BYTES,
        buffers: int = BUFFERS,
        threaded: bool = True,
    ) -> None:
        page = mmap.PAGESIZE
        if buffer_bytes < page or buffer_bytes % page or buffers < 1:
            raise ValueError(f"buffer_bytes must be a multiple of {page}, and buffers >= 1")
        self.fd = fd
        self.direct = True
        self.error: OSError | None = None
        self._size = buffer_bytes
        self._all = [mmap.mmap(-1, buffer_bytes) for _ in range(buffers)]
        self._free: queue.SimpleQueue[mmap.mmap] = queue.SimpleQueue()
        self._full: queue.SimpleQueue[tuple[mmap.mmap, int] | None] = queue.SimpleQueue()
        for buf in self._all[1:]:
            self._free.put(buf)
        self._buf = self._all[0]
        self._pos = 0
        self._closed = False
        self._thread: threading.Thread | None = None
        if threaded:
            thread = threading.Thread(target=self._run, name="noesis-direct-write", daemon=True)
            with contextlib.suppress(RuntimeError):  # no thread to be had: write inline
                thread.start()
                self._thread = thread

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self._closed:
            raise ValueError("write to a finished DirectWriter")
        with memoryview(data) as whole, whole.cast("B") as view:
            n = view.nbytes
            i = 0
            while i < n:
                k = min(n - i, self._size - self._pos)
                self._buf[self._pos : self._pos + k] = view[i : i + k]
                self._pos += k
                i += k
                if self._pos == self._size:
                    self._hand_off(self._size)
        return n

    def flush(self) -> None:
        """Nothing to do before `finish`: the data leaves in whole buffers."""

    def fileno(self) -> int:
        return self.fd

    def _hand_off(self, n: int) -> None:
        """Send the first `n` bytes of the current buffer to the disk; continue in a free one."""
        if self.error is not None:
            raise self.error
        if self._thread is None:
            self._write_out(self._buf, n)
        else:
            self._full.put((self._buf, n))
            self._buf = self._free.get()
        self._pos = 0

    def _run(self) -> None:
        while True:
            item = self._full.get()
            if item is None:
                return
            buf, n = item
            if self.error is None:  # after an error, buffers only come back
                try:
                    self._write_out(buf, n)
                except OSError as err:
                    self.error = err
            self._free.put(buf)

    def _write_out(self, buf: mmap.mmap, n: int) -> None:
        with memoryview(buf) as view:
            done = 0
            while done < n:
                try:
                    done += os.write(self.fd, view[done:n])
                except OSError as err:
                    if err.errno != errno.EINVAL or not self.direct:
                        raise
                    disable_direct(self.fd)  # the device wants more than page alignment
                    self.direct = False

    def _stop(self) -> None:
        if self._thread is not None:
            self._full.put(None)
            self._thread.join()
            self._thread = None

    def finish(self) -> None:
        """Write what is left (the whole pages directly, the last partial one through the page
        cache) and wait for the disk; raises the first write error."""
        if self._closed:
            return
        try:
            pos = self._pos
            whole = pos - pos % mmap.PAGESIZE
            if whole:  # after a thread error the thread only hands the buffer back
                if self._thread is None:
                    self._write_out(self._buf, whole)
                else:
                    self._full.put((self._buf, whole))  # the thread only reads [0, whole)
            self._stop()
            if self.error is not None:
                raise self.error
            if pos > whole:
                if self.direct:
                    disable_direct(self.fd)
                    self.direct = False
                with memoryview(self._buf) as view, view[whole:pos] as tail:
                    done = 0
                    while done < len(tail):
                        done += os.write(self.fd, tail[done:])
        finally:
            self._stop()  # already stopped unless an error came first
            self._release()

    def abandon(self) -> None:
        """Stop without writing what is left (the caller removes the file)."""
        if not self._closed:
            self._stop()
            self._release()

    def _release(self) -> None:
        self._closed = True
        for buf in self._all:
            with contextlib.suppress(BufferError):
                buf.close()
