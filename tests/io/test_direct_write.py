"""Direct writes: what `DirectWriter` and `atomic_open(..., direct=True)` write is exactly what
they were given, whatever the sizes; errors surface; the page cache is left alone."""

from __future__ import annotations

import errno
import mmap
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer.io.atomic import atomic_open
from noesis_trainer.io.direct_write import DirectWriter, enable_direct
from tests.io.test_write_behind import _resident_pages, _threads

PAGE = mmap.PAGESIZE


def _direct_fd(path: Path) -> int:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    if not enable_direct(fd):
        os.close(fd)
        pytest.skip(f"the file system of {path.parent} refuses O_DIRECT")
    return fd


def _write_all(
    path: Path, pieces: list[bytes] | list[bytes | bytearray | memoryview], **options: int | bool
) -> DirectWriter:
    fd = _direct_fd(path)
    try:
        writer = DirectWriter(fd, **options)  # type: ignore[arg-type]
        for piece in pieces:
            assert writer.write(piece) == memoryview(piece).nbytes
        writer.finish()
    finally:
        os.close(fd)
    return writer


_SIZES = st.sampled_from([0, 1, 7, PAGE - 1, PAGE, PAGE + 1, 2 * PAGE, 3 * PAGE + 5])


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.one_of(_SIZES, st.integers(0, 5 * PAGE)), max_size=12),
    pages=st.integers(1, 3),
    buffers=st.integers(1, 3),
    threaded=st.booleans(),
)
def test_the_file_holds_exactly_what_was_written(
    tmp_path_factory: pytest.TempPathFactory,
    sizes: list[int],
    pages: int,
    buffers: int,
    threaded: bool,
) -> None:
    """Pieces of every size across buffer and page boundaries, with and without the thread:
    the same bytes as a plain write (the last partial page goes through the page cache)."""
    path = tmp_path_factory.mktemp("direct") / "out.bin"
    pieces = [os.urandom(n) for n in sizes]
    _write_all(path, pieces, buffer_bytes=pages * PAGE, buffers=buffers, threaded=threaded)
    assert path.read_bytes() == b"".join(pieces)


def test_bytearrays_and_memoryviews_are_written_too(tmp_path: Path) -> None:
    data = os.urandom(3 * PAGE + 11)
    wide = memoryview(bytearray(data[:-3])).cast("I")  # items wider than a byte
    _write_all(tmp_path / "out.bin", [bytearray(data), memoryview(data)[5:], wide])
    assert (tmp_path / "out.bin").read_bytes() == data + data[5:] + bytes(wide)


def test_an_unaligned_start_falls_back_to_the_page_cache(tmp_path: Path) -> None:
    """A direct write at an offset the device refuses (EINVAL: one byte into the file here) is
    written again through the page cache; nothing is lost or doubled."""
    path = tmp_path / "out.bin"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, b"!")
        if not enable_direct(fd):
            pytest.skip("the file system refuses O_DIRECT")
        writer = DirectWriter(fd, buffer_bytes=PAGE)
        data = os.urandom(5 * PAGE + 3)
        writer.write(data)
        writer.finish()
    finally:
        os.close(fd)
    assert path.read_bytes() == b"!" + data


def test_a_failed_direct_write_is_raised_not_lost(tmp_path: Path) -> None:
    """The thread's write fails (EBADF: a read-only descriptor); the writer raises it, at the
    next hand-off or at `finish`, and its thread ends."""
    path = tmp_path / "ro.bin"
    path.write_bytes(b"")
    fd = os.open(path, os.O_RDONLY)
    try:
        if not enable_direct(fd):
            pytest.skip("the file system refuses O_DIRECT")
        writer = DirectWriter(fd, buffer_bytes=PAGE, buffers=2)
        with pytest.raises(OSError) as raised:
            for _ in range(8):
                writer.write(os.urandom(PAGE))
            writer.finish()
        writer.abandon()
    finally:
        os.close(fd)
    assert raised.value.errno == errno.EBADF
    assert "noesis-direct-write" not in _threads()


def test_writing_after_finish_and_bad_settings_are_refused(tmp_path: Path) -> None:
    writer = _write_all(tmp_path / "out.bin", [b"x"])
    with pytest.raises(ValueError, match="finished"):
        writer.write(b"y")
    with pytest.raises(ValueError, match="multiple of"):
        DirectWriter(0, buffer_bytes=PAGE + 1)
    with pytest.raises(ValueError, match="buffers >= 1"):
        DirectWriter(0, buffers=0)


def test_atomic_open_direct_writes_the_same_bytes_and_leaves_no_trace(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    target.chmod(0o640)
    before = _threads()
    data = [os.urandom(300_000) for _ in range(40)]  # 12 MB: more than one buffer
    with atomic_open(target, "wb", direct=True) as fh:
        for piece in data:
            fh.write(piece)
    assert target.read_bytes() == b"".join(data)
    assert target.stat().st_mode & 0o777 == 0o640
    assert _threads() <= before
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_a_direct_write_leaves_the_page_cache_alone(tmp_path: Path) -> None:
    """What went directly to the disk is not cached: at most the last partial page is."""
    probe = tmp_path / "probe"
    _direct_fd(probe)  # skips where the file system refuses O_DIRECT
    target = tmp_path / "out.bin"
    with atomic_open(target, "wb", direct=True) as fh:
        fh.write(os.urandom(16 << 20) + b"tail")
    assert _resident_pages(target) <= 1


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs mounted for the test (root, and a system that lets us mount): a real full
    disk, no mock."""
    import subprocess

    folder = tmp_path / "small"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root and mount rights)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_is_raised_and_the_old_file_stays(small_disk: Path) -> None:
    """ENOSPC in the writing thread (or inline, where the file system refuses O_DIRECT) reaches
    the caller; the previous file is untouched and no temporary file is left."""
    target = small_disk / "out.bin"
    target.write_bytes(b"previous")
    with pytest.raises(OSError) as raised, atomic_open(target, "wb", direct=True) as fh:
        for _ in range(8):
            fh.write(os.urandom(1 << 20))
    assert raised.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"previous"
    assert [p.name for p in small_disk.iterdir()] == ["out.bin"]
    assert "noesis-direct-write" not in _threads()


def test_validate_on_a_full_disk_says_so_in_one_line(small_disk: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    from noesis_trainer.testing import write_synthetic_jsonl

    data = tmp_path / "rows.jsonl"
    write_synthetic_jsonl(data, 3000)
    (small_disk / "accepted.jsonl").write_text("old\n")
    done = subprocess.run(
        [sys.executable, "-m", "noesis_trainer.cli", "validate", str(data), "--out",
         str(small_disk / "accepted.jsonl")],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "No space left on device" in done.stderr
    assert "Traceback" not in done.stderr
    assert (small_disk / "accepted.jsonl").read_text() == "old\n"
    assert [p.name for p in small_disk.iterdir()] == ["accepted.jsonl"]
