"""Atomic file writes: write to a temporary file beside the target, fsync, then rename over it.

Large files are synced while they are written (`io.write_behind`), so the final fsync is short.

A crash or an exception mid-write leaves the previous file untouched, never a half-written one.
What the rename would do wrong is handled first: a symlink is followed (its target gets the new
content, the link stays), a character device (/dev/null, /dev/stdout) or a FIFO with a reader is
written through, and a FIFO without reader, a block device or a socket is refused. A file that is
replaced keeps its permission bits (and owner, when running as root); a new one gets the umask's.
Temporary files carry the writer's pid; the next write beside them removes those of dead writers.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, cast

from noesis_trainer.io.direct_write import DirectWriter, enable_direct
from noesis_trainer.io.paths import OutputPathError, special_kind
from noesis_trainer.io.write_behind import WRITE_BEHIND_BYTES, WriteBehind

_PREFIX_CHARS = 80


def _umask() -> int:
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    current = os.umask(0o022)  # no /proc: read it by setting it (briefly, not thread-safe)
    os.umask(current)
    return current


def _temp_prefix(target: Path) -> str:
    return f".{target.name[:_PREFIX_CHARS]}."


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale_temps(folder: Path, prefix: str) -> int:
    """Remove ``{prefix}{pid}.*.tmp`` files and ``{prefix}{pid}.tmp-*`` / ``.old-*`` folders of
    `folder` whose pid no longer runs (left by a killed writer); returns how many were removed."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        name = entry.name
        if not name.startswith(prefix):
            continue
        pid_text, _, rest = name[len(prefix) :].partition(".")
        ours = rest.endswith(".tmp") or rest.startswith(("tmp-", "old-"))
        if not ours or not pid_text.isdigit() or _pid_alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                import shutil

                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed += 1
    return removed


def _open_through(target: Path, mode: str) -> IO[Any]:
    """Open a character device or a FIFO for writing in place (no temp file, no rename)."""
    flags = os.O_WRONLY
    is_fifo = stat.S_ISFIFO(os.stat(target).st_mode)
    if is_fifo:
        flags |= os.O_NONBLOCK
    try:
        fd = os.open(target, flags)
    except OSError as err:
        if is_fifo and err.errno == errno.ENXIO:
            raise OutputPathError(
                f"{target}: is a FIFO with no reader; start the reader first"
            ) from None
        raise
    if is_fifo:
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
    if mode == "wb":
        return os.fdopen(fd, "wb")
    return os.fdopen(fd, "w", encoding="utf-8", newline="\n")


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike[str],
    mode: str = "w",
    *,
    write_behind: int | None = WRITE_BEHIND_BYTES,
    keep_cached: bool = False,
    direct: bool = False,
) -> Iterator[IO[Any]]:
    """Open a temporary file next to `path`; on clean exit it replaces `path` atomically.

    `write_behind`: bytes of growth after which a background thread syncs the file while it is
    written (`io.write_behind`); None syncs only at the end (e.g. on a file system where a sync
    is slow and the file small). The pages it synced leave the page cache unless `keep_cached`
    (a large file read back at once from a slow disk). `direct` (``"wb"`` only): write past the
    page cache (`io.direct_write`; for outputs of hundreds of MB) where the file system allows
    it, as above elsewhere; the handle then supports ``write``, ``flush`` and ``fileno``."""
    if mode not in ("w", "wb"):
        raise ValueError("atomic_open supports 'w' and 'wb' only")
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    kind = special_kind(target)
    if kind is not None:
        st_mode = os.stat(target).st_mode
        if not (stat.S_ISCHR(st_mode) or stat.S_ISFIFO(st_mode)):
            raise OutputPathError(f"{path}: is {kind}; refusing to write to it")
        with _open_through(target, mode) as through:
            yield through
            through.flush()
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        existing: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        existing = None
    prefix = _temp_prefix(target)
    sweep_stale_temps(target.parent, prefix)
    fd, tmp = tempfile.mkstemp(prefix=f"{prefix}{os.getpid()}.", suffix=".tmp", dir=target.parent)
    try:
        if existing is not None:
            os.fchmod(fd, stat.S_IMODE(existing.st_mode))
            if os.geteuid() == 0 and (existing.st_uid, existing.st_gid) != (0, 0):
                with contextlib.suppress(OSError):
                    os.fchown(fd, existing.st_uid, existing.st_gid)
        else:
            os.fchmod(fd, 0o666 & ~_umask())
        if mode == "wb" and direct and not keep_cached and enable_direct(fd):
            yield from _direct(fd)
            os.replace(tmp, target)
            return
        if mode == "wb":
            handle: IO[Any] = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        behind: contextlib.AbstractContextManager[object] = (
            contextlib.nullcontext()
            if write_behind is None
            else WriteBehind(handle.fileno(), every=write_behind, drop=not keep_cached)
        )
        with handle:
            with behind:
                yield handle
                handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _direct(fd: int) -> Iterator[IO[Any]]:
    """`atomic_open`'s body for a direct write: yield the writer, finish, sync; `fd` is closed
    whatever happens (the caller removes the temporary file on failure)."""
    try:
        writer = DirectWriter(fd)
        try:
            yield cast(IO[Any], writer)
            writer.finish()
        except BaseException:
            writer.abandon()
            raise
        os.fsync(fd)
    finally:
        os.close(fd)


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    with atomic_open(path) as fh:
        fh.write(text)


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    with atomic_open(path, "wb") as fh:
        fh.write(data)


def write_json_atomic(path: str | os.PathLike[str], value: Any, *, indent: int = 2) -> None:
    write_text_atomic(path, json.dumps(value, ensure_ascii=False, indent=indent) + "\n")


def write_jsonl_atomic(path: str | os.PathLike[str], records: Iterable[dict[str, Any]]) -> int:
    """Write one JSON object per line; returns the number of lines written."""
    n = 0
    with atomic_open(path) as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False))
            fh.write("\n")
            n += 1
    return n


def temp_path_for(target: str | os.PathLike[str], tag: str = "part") -> Path:
    """A unique temporary path beside `target` for a writer that fills a file itself (a child
    process); stale ones of killed writers are removed first. Finish with `place_file`."""
    import uuid

    final = Path(target)
    if final.is_symlink():
        final = Path(os.path.realpath(final))
    final.parent.mkdir(parents=True, exist_ok=True)
    prefix = _temp_prefix(final)
    sweep_stale_temps(final.parent, prefix)
    return final.parent / f"{prefix}{os.getpid()}.{tag}-{uuid.uuid4().hex[:8]}.tmp"


def place_file(tmp: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Move the finished temporary file `tmp` (another process wrote it) onto `target` with
    `atomic_open`'s rules: it is synced before the rename, a symlink's target is replaced, a
    device or FIFO is written through (the copy streams), an existing file keeps its mode."""
    final = Path(target)
    if final.is_symlink():
        final = Path(os.path.realpath(final))
    kind = special_kind(final)
    if kind is None:
        with open(tmp, "rb") as written:
            os.fsync(written.fileno())
        try:
            existing: os.stat_result | None = os.stat(final)
        except FileNotFoundError:
            existing = None
        os.chmod(tmp, stat.S_IMODE(existing.st_mode) if existing else 0o666 & ~_umask())
        os.replace(tmp, final)
        return
    import shutil

    with open(tmp, "rb") as src, atomic_open(final, "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    os.unlink(tmp)
