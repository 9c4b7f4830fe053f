"""Write-behind: a file written through `atomic_open` is synced while it grows, and the thread
that does it never outlives the write nor changes what is written."""

from __future__ import annotations

import errno
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from noesis_trainer.io.atomic import atomic_open
from noesis_trainer.io.write_behind import WriteBehind
from tests.process_limit import needs_root, run_child, shared_folder

PIECE = os.urandom(1 << 16)


def _threads() -> set[str]:
    return {t.name for t in threading.enumerate()}


def _wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_a_growing_file_is_synced_in_the_background(tmp_path: Path) -> None:
    fd = os.open(tmp_path / "grows", os.O_WRONLY | os.O_CREAT)
    try:
        with WriteBehind(fd, every=1 << 16, poll=0.01) as behind:
            for _ in range(4):
                os.write(fd, PIECE)
            assert _wait_for(lambda: behind.synced_bytes == 4 * len(PIECE))
            syncs = behind.syncs
            assert 1 <= syncs <= 4
            time.sleep(0.1)  # no growth, no further sync
            assert behind.syncs == syncs
    finally:
        os.close(fd)
    assert "noesis-write-behind" not in _threads()


def test_a_file_smaller_than_the_step_is_never_synced_by_the_thread(tmp_path: Path) -> None:
    fd = os.open(tmp_path / "small", os.O_WRONLY | os.O_CREAT)
    try:
        with WriteBehind(fd, every=1 << 20, poll=0.01) as behind:
            os.write(fd, PIECE)
            time.sleep(0.1)
    finally:
        os.close(fd)
    assert behind.syncs == 0


def test_a_failed_sync_is_raised_when_the_write_ends(tmp_path: Path) -> None:
    """A sync that fails in the thread (here EBADF: the descriptor closed under it) stops the
    thread and is raised at the end of the block: Linux reports a failed write-back once, so a
    thread that kept quiet would let the writer's own fsync succeed over lost pages."""
    fd = os.open(tmp_path / "closed", os.O_WRONLY | os.O_CREAT)
    with pytest.raises(OSError) as raised, WriteBehind(fd, every=1, poll=0.01) as behind:
        os.close(fd)
        assert _wait_for(lambda: not behind._thread.is_alive())
    assert raised.value.errno == errno.EBADF
    assert behind.error is raised.value
    assert behind.syncs == 0


def test_the_writers_own_error_wins_over_the_threads(tmp_path: Path) -> None:
    fd = os.open(tmp_path / "closed", os.O_WRONLY | os.O_CREAT)
    with pytest.raises(RuntimeError, match="writer"), WriteBehind(fd, every=1, poll=0.01) as b:
        os.close(fd)
        assert _wait_for(lambda: b.error is not None)
        raise RuntimeError("writer")


@pytest.mark.parametrize(("every", "poll"), [(0, 0.1), (1, 0.0), (-5, 1.0)])
def test_bad_settings_are_refused(every: int, poll: float) -> None:
    with pytest.raises(ValueError, match="every must be"):
        WriteBehind(0, every=every, poll=poll)


@pytest.mark.parametrize("write_behind", [1 << 12, None])
def test_atomic_open_writes_the_same_bytes_with_or_without_it(
    tmp_path: Path, write_behind: int | None
) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    before = _threads()
    with atomic_open(target, "wb", write_behind=write_behind) as fh:
        for _ in range(64):
            fh.write(PIECE)
    assert target.read_bytes() == PIECE * 64
    assert _threads() <= before
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


@pytest.mark.parametrize(("mode", "direct"), [("w", False), ("wb", True)])
def test_a_failed_write_stops_the_thread_and_keeps_the_old_file(
    tmp_path: Path, mode: str, direct: bool
) -> None:
    """With write-behind (text) and with a direct write (`io.direct_write`, 20 MB: more than its
    buffers hold, so its thread is busy when the block fails)."""
    target = tmp_path / "kept.txt"
    target.write_text("previous\n")
    with (
        pytest.raises(RuntimeError, match="writer failed"),
        atomic_open(target, mode, write_behind=1, direct=direct) as fh,
    ):
        fh.write(b"x" * (20 << 20) if direct else "x" * 100_000)
        raise RuntimeError("writer failed")
    assert target.read_text() == "previous\n"
    assert not {name for name in _threads() if name.startswith("noesis-")}
    assert [p.name for p in tmp_path.iterdir()] == ["kept.txt"]


_NO_THREADS_CHILD = r"""
import threading
from noesis_trainer.io.atomic import atomic_open
from noesis_trainer.io.write_behind import WriteBehind

target = sys.argv[1]
drop_to_limited_user()
exit_unless(lambda: threading.Thread(target=lambda: None).start())
with atomic_open(target, "wb", write_behind=1) as out:
    out.write(b"x" * 100_000)
with WriteBehind(os.open(target, os.O_RDONLY)) as behind:
    assert not behind.running
with atomic_open(target + ".direct", "wb", direct=True) as out:  # more than its buffers hold
    for _ in range(5):
        out.write(b"y" * 6_000_000)
print("written")
"""


@needs_root
def test_where_no_thread_can_start_the_write_still_completes() -> None:
    """A process limit that refuses new threads (RLIMIT_NPROC for an unprivileged user): the
    atomic write goes on without write-behind, synced at the end, instead of failing; a direct
    write (`io.direct_write`) writes its buffers inline."""
    with shared_folder("noesis-no-threads-") as folder:
        target = folder / "out.bin"
        done = run_child(_NO_THREADS_CHILD, str(target), timeout=120)
        written = target.read_bytes() if target.exists() else b""
        direct = folder / "out.bin.direct"
        written_direct = direct.read_bytes() if direct.exists() else b""
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "written"
    assert written == b"x" * 100_000
    assert written_direct == b"y" * 30_000_000


def _resident_pages(path: Path) -> int:
    """Pages of `path` in the page cache now: libc's ``mincore`` over a shared read-only
    mapping of the file (mapping touches no page)."""
    import ctypes
    import mmap

    size = path.stat().st_size
    pages = -(-size // mmap.PAGESIZE)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [
        ctypes.c_void_p,
        ctypes.c_size_t,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_long,
    ]
    libc.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p]
    libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    with open(path, "rb") as handle:
        address = libc.mmap(None, size, mmap.PROT_READ, mmap.MAP_SHARED, handle.fileno(), 0)
        if address in (None, ctypes.c_void_p(-1).value):
            pytest.skip(f"mmap failed: errno {ctypes.get_errno()}")
        try:
            vec = ctypes.create_string_buffer(pages)
            if libc.mincore(address, size, vec) != 0:
                pytest.skip(f"mincore failed: errno {ctypes.get_errno()}")
            return sum(b & 1 for b in vec.raw[:pages])
        finally:
            libc.munmap(address, size)


def test_synced_pages_leave_the_page_cache(tmp_path: Path) -> None:
    """A large output does not stay in memory: what the thread synced, the kernel may drop (and,
    on an ordinary disk file system, does); with ``drop=False`` it stays cached."""
    if not hasattr(os, "posix_fadvise"):
        pytest.skip("no posix_fadvise on this platform")
    probe = tmp_path / "probe"
    probe.write_bytes(PIECE * 4)
    with open(probe, "rb+") as handle:
        os.fsync(handle.fileno())
        os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
    if _resident_pages(probe) * 2 > -(-4 * len(PIECE) // os.sysconf("SC_PAGESIZE")):
        pytest.skip("this file system keeps written pages cached (tmpfs?)")
    for drop in (True, False):
        path = tmp_path / f"grows-{drop}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT)
        try:
            with WriteBehind(fd, every=1 << 16, poll=0.01, drop=drop) as behind:
                for _ in range(8):
                    os.write(fd, PIECE)
                assert _wait_for(lambda b=behind: b.synced_bytes == 8 * len(PIECE))
                time.sleep(0.05)
        finally:
            os.close(fd)
        pages = -(-8 * len(PIECE) // os.sysconf("SC_PAGESIZE"))
        resident = _resident_pages(path)
        # Here: 0 pages left when dropped, all kept otherwise. A quarter either way leaves room
        # for a kernel that reclaims or refuses a few pages on its own.
        if drop:
            assert resident <= pages // 4
        else:
            assert resident >= pages - pages // 4
