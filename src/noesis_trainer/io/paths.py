"""Checks on the paths a command reads and writes, shared by every command.

Three ideas, one place: an output must never be (or contain) one of the command's inputs; a
folder is only replaced by `--overwrite` when this library wrote it (it carries a marker file);
special files (devices, FIFOs, sockets) are named for what they are instead of "not found".
"""

from __future__ import annotations

import glob
import json
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from noesis_trainer.errors import NoesisError

MARKER = ".noesis-output.json"
"""File inside every folder this library writes whole (merged models, run folders...)."""


class OutputPathError(NoesisError, ValueError):
    """An output path that must not be written: it is an input, holds one, or is special."""


def special_kind(path: str | os.PathLike[str]) -> str | None:
    """'a FIFO', 'a character device'... for a path that exists and is neither a regular file nor
    a folder (symlinks followed); None otherwise."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def input_problem(text: str) -> str | None:
    """Why `text`, given as an input path, cannot be read as a file or folder; None when it may
    (it exists as a regular file or folder, or does not exist at all: the caller says so)."""
    if not text.strip():
        return "an empty path names no file (did a shell variable expand to nothing?)"
    kind = special_kind(text)
    if kind is not None:
        return f"{text}: is {kind}, not a regular file; save its content to a file first"
    return None


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _resolved(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _files_under(folder: Path, limit: int = 100_000) -> Iterable[Path]:
    for n, item in enumerate(folder.rglob("*")):
        if n >= limit:
            return
        yield item


def _expand(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    for item in inputs:
        text = os.fspath(item)
        if not text:
            continue
        if not os.path.lexists(text) and glob.has_magic(text):
            yield from glob.glob(text, recursive=True)
        else:
            yield text


def output_conflict(
    output: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]
) -> str | None:
    """Why writing `output` would destroy one of `inputs`, or None.

    Conflicts: the same file (by path after symlinks, or by inode: hard links), an output folder
    that contains an input, and an output that replaces an existing file inside an input folder.
    """
    out = _resolved(Path(output))
    out_id = _identity(out)
    for raw in _expand(inputs):
        src = _resolved(Path(raw))
        if out == src or (out_id is not None and out_id == _identity(src)):
            return f"{output} is one of the inputs ({raw})"
        if out in src.parents:
            return f"{output} contains the input {raw}"
        if src.is_dir() and src in out.parents and out.exists():
            return f"{output} would replace a file of the input folder {raw}"
        linked = out_id is not None and out.is_file() and out.stat().st_nlink > 1
        if src.is_dir() and linked and any(_identity(f) == out_id for f in _files_under(src)):
            return f"{output} is a hard link to a file of the input folder {raw}"
    return None


def guard_output(
    option: str, output: str | os.PathLike[str] | None, inputs: Iterable[str | os.PathLike[str]]
) -> None:
    """Raise `OutputPathError` ("--out X is one of the inputs (Y); ...") when `output` conflicts."""
    if output is None:
        return
    reason = output_conflict(output, list(inputs))
    if reason is not None:
        raise OutputPathError(f"{option} {reason}; write the result somewhere else")


def mark_output_folder(folder: str | os.PathLike[str], kind: str) -> None:
    """Record that this library wrote `folder` whole, so `--overwrite` may replace it later."""
    payload = {"written_by": "noesis-trainer", "kind": kind}
    (Path(folder) / MARKER).write_text(json.dumps(payload) + "\n", encoding="utf-8")


LEGACY_MARKERS = ("noesis_merge.json",)
"""Files that already mark a folder as ours: a merged model's provenance."""


def is_marked_output(folder: str | os.PathLike[str]) -> bool:
    """True when `folder` carries the marker of a folder this library wrote."""
    if any((Path(folder) / name).is_file() for name in LEGACY_MARKERS):
        return True
    try:
        data = json.loads((Path(folder) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("written_by") == "noesis-trainer"


def check_replaceable(folder: str | os.PathLike[str], option: str = "--out") -> None:
    """Raise `OutputPathError` unless `folder` is absent or a folder this library wrote.

    `--overwrite` replaces a previous result; it must never delete a user's folder (a project
    holding base/, adapter/ and notes) because its name was given by mistake.
    """
    path = Path(folder)
    if not os.path.lexists(path):
        return
    if path.is_symlink() or not path.is_dir():
        raise OutputPathError(f"{option} {folder}: not a folder this library wrote; not replacing")
    if not any(path.iterdir()):
        return
    if not is_marked_output(path):
        raise OutputPathError(
            f"{option} {folder}: not written by noesis-trainer (no {MARKER}); refusing to replace "
            "it, choose a new folder or delete it yourself"
        )
