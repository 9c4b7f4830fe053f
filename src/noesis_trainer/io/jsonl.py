"""Streaming JSONL reading that never raises on bad content and says where every problem is.

A line is read as bytes and parsed on its own. When it does not parse, the reader works out *why*
(invalid UTF-8, a JSON array, a scalar, an object spread over several lines, plain bad JSON) and
yields a `LoadProblem` with the file, the line and, where it applies, the field; reading goes on
with the next line. Memory stays bounded by the longest record, whatever the file size.
"""

from __future__ import annotations

import glob
import json
import os
import re
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from noesis_trainer.errors import NoesisError
from noesis_trainer.io.paths import input_problem

JSONL_SUFFIXES: tuple[str, ...] = (".jsonl", ".ndjson", ".jsonlines")
JSON_LIKE_SUFFIXES: tuple[str, ...] = (*JSONL_SUFFIXES, ".json")
MAX_MULTILINE_SPAN = 5_000
"""How many following lines the reader joins when it looks for a record spread over lines."""
MAX_MULTILINE_BYTES = 16 * 1024 * 1024
"""...and how many bytes at most (a pretty-printed record is small; a broken file is not)."""

_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

loads = orjson.loads
"""The JSON parser of every reader: strict (no NaN/Infinity, no lone surrogates, integers within
64 bits, nesting within 1024 levels), so one hostile line is a located error, never a crash."""


def utf16_problem(path: str, head: bytes) -> LoadProblem | None:
    """A file-level problem when `head` (the first bytes) shows a UTF-16 file, else None."""
    if head.startswith(_UTF16_BOMS) or (
        len(head) >= 4 and ((head[1] == 0 and head[3] == 0) or (head[0] == 0 and head[2] == 0))
    ):
        return LoadProblem(
            path, 0, "the file is UTF-16 encoded; save it as UTF-8 (JSONL is UTF-8)", "unreadable"
        )
    return None


@dataclass(frozen=True, slots=True)
class LoadProblem:
    """A located problem in an input file; `line` is 1-based, `field` None for whole-line issues."""

    path: str
    line: int
    message: str
    code: str
    field: str | None = None
    end_line: int | None = None

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    def __str__(self) -> str:
        where = self.location
        if self.field:
            where += f" [{self.field}]"
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "end_line": self.end_line,
            "field": self.field,
            "code": self.code,
            "message": self.message,
        }


@dataclass(slots=True)
class RawRecord:
    """A JSON object read from `path`, starting at `line` (1-based), ending at `end_line`."""

    path: str
    line: int
    data: dict[str, Any]
    end_line: int = 0
    raw: bytes = field(default=b"", repr=False)

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"


def split_location(location: str | None) -> tuple[str, int] | None:
    """``"path:line"`` (as `LoadProblem.location` and `RawRecord.location` write it) back into
    (path, line); None for a missing location or one without a line number."""
    if not location:
        return None
    path, sep, line = location.rpartition(":")
    return (path, int(line)) if sep and line.isdigit() else None


class InputPathError(NoesisError, ValueError):
    """A path, folder or glob given by the user that names no readable file."""


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files named directly, JSONL files found under folders (sorted), and glob matches (sorted).

    Raises `InputPathError` naming the first path that matches nothing.
    """
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        text = os.fspath(raw)
        p = Path(text)
        if (problem := input_problem(text)) is not None:  # "", a FIFO, /dev/zero...
            raise InputPathError(problem)
        if p.is_dir():
            found = sorted(
                f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in JSONL_SUFFIXES
            )
            if not found:
                raise InputPathError(f"{text}: folder holds no .jsonl file")
        elif p.is_file():
            found = [p]
        elif glob.has_magic(text):
            found = sorted(Path(m) for m in glob.glob(text, recursive=True) if Path(m).is_file())
            if not found:
                raise InputPathError(f"{text}: pattern matches no file")
        else:
            raise InputPathError(f"{text}: no such file or folder")
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def _describe_json_error(text: str, err: ValueError) -> str:
    column = getattr(err, "colno", None)
    message = getattr(err, "msg", None) or str(err)
    return f"invalid JSON at column {column}: {message}" if column else f"invalid JSON: {message}"


def _kind_of(value: Any) -> str:
    if isinstance(value, list):
        return "a JSON array"
    if isinstance(value, str):
        return "a JSON string"
    if isinstance(value, bool):
        return "a JSON boolean"
    if isinstance(value, (int, float)):
        return "a JSON number"
    if value is None:
        return "JSON null"
    return type(value).__name__


def _decode(line: bytes, path: str, lineno: int) -> str | LoadProblem:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as err:
        return LoadProblem(
            path,
            lineno,
            f"invalid UTF-8 byte 0x{line[err.start]:02x} at byte {err.start + 1} of the line; "
            "save the file as UTF-8",
            "invalid_utf8",
        )


class _LineSource:
    """Binary lines of a file with a one-step look-ahead buffer, so a multi-line scan can rewind."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle
        self._pending: list[bytes] = []

    def next(self) -> bytes | None:
        if self._pending:
            return self._pending.pop()
        line: bytes = self._handle.readline()
        return line if line else None

    def push_back(self, lines: list[bytes]) -> None:
        self._pending.extend(reversed(lines))


_STRUCTURE = re.compile(r'["{}\[\]]')
_STRING_REST = re.compile(r'(?:[^"\\]|\\.)*"')
"""From inside a JSON string to its closing quote (escapes skipped)."""


def _nesting(text: str, depth: int, in_string: bool) -> tuple[int, bool]:
    """Bracket depth and whether a string is still open after `text`, starting from `depth` and
    `in_string` (a string may go on over a raw line break). Brackets inside strings do not count."""
    pos = 0
    while True:
        if in_string:
            closed = _STRING_REST.match(text, pos)
            if closed is None:
                return depth, True
            pos, in_string = closed.end(), False
        found = _STRUCTURE.search(text, pos)
        if found is None:
            return depth, False
        char, pos = found.group(), found.end()
        if char == '"':
            in_string = True
        else:
            depth += 1 if char in "{[" else -1
            if depth < 0:
                return depth, False


_RECORD_START = re.compile(r'\{\s*["}]')


def _starts_a_record(text: str, in_string: bool) -> bool:
    """Whether `text` begins a new top-level object: ``{`` in the first column, which a pretty
    printer never writes inside a record (it indents nested objects). Inside an open string (a
    line cut mid-string, or a raw line break) only ``{"`` or ``{}`` counts (text seldom starts
    so)."""
    if not text.startswith("{"):
        return False
    return not in_string or _RECORD_START.match(text) is not None


def _try_multiline(first: str, source: _LineSource) -> tuple[dict[str, Any], list[bytes]] | None:
    """Join lines to `first` until its brackets close, then parse once; None (lines restored)
    when they never close, close on something that is not an object, or a new record starts
    first. A line cut short and followed by good ones costs one look ahead, not a scan and a
    parse per following line (quadratic in the file before)."""
    consumed: list[bytes] = []
    buf = [first]
    depth, in_string = _nesting(first, 0, False)
    size = len(first)
    for _ in range(MAX_MULTILINE_SPAN):
        if depth <= 0 and not in_string:
            break
        nxt = source.next()
        if nxt is None:
            break
        size += len(nxt)
        try:
            text = nxt.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            consumed.append(nxt)
            break
        if _starts_a_record(text, in_string) or size > MAX_MULTILINE_BYTES:
            source.push_back([nxt])
            break
        consumed.append(nxt)
        buf.append(text)
        depth, in_string = _nesting(text, depth, in_string)
        if depth == 0 and not in_string:
            try:
                value = json.loads("\n".join(buf), strict=False)
            except (ValueError, RecursionError):
                break
            if isinstance(value, dict):
                return value, consumed
            break
    source.push_back(consumed)
    return None


PROGRESS_LINES = 1024
"""`read_jsonl` tells its `on_read` callback the position in the file every this many lines."""


def read_jsonl(
    path: str | os.PathLike[str],
    *,
    accept_multiline: bool = False,
    on_read: Callable[[int], None] | None = None,
) -> Iterator[RawRecord | LoadProblem]:
    """Yield each JSON object of `path` as a `RawRecord`, and each problem as a `LoadProblem`.

    Blank lines are skipped, a UTF-8 BOM and CRLF endings are accepted. An object spread over
    several lines is reported (code ``multiline_record``) and, with ``accept_multiline=True``,
    also yielded as a record, so importers can rescue such files. `on_read`: told the byte
    position reached every `PROGRESS_LINES` lines and at the end of the file (a progress bar).
    """
    spath = os.fspath(path)
    handle = _open_utf8(spath)
    if isinstance(handle, LoadProblem):
        yield handle
        return
    try:
        # The loop parses every line of the file: a well-formed object line takes the fewest
        # steps here; only a line that is not one calls out to work out why.
        source = _LineSource(handle)
        lineno = 0
        seen_json = False
        while True:
            line = source.next()
            if line is None:
                if on_read is not None:
                    on_read(handle.tell())
                break
            lineno += 1
            if on_read is not None and not lineno % PROGRESS_LINES:
                on_read(handle.tell())
            if lineno == 1 and line.startswith(_BOM):
                line = line[len(_BOM) :]
            if not line.strip():
                continue
            try:
                value = loads(line)
            except ValueError as err:
                value = _NOT_PARSED
                if "depth limit" in str(err):
                    deep = "invalid JSON: nested deeper than 1024 levels"
                    yield LoadProblem(spath, lineno, deep, "invalid_json")
                    continue
            if value is not _NOT_PARSED:
                seen_json = True
            if isinstance(value, dict):
                yield RawRecord(spath, lineno, value, lineno, line)
                continue
            if value is not _NOT_PARSED:
                yield _not_an_object(spath, lineno, value)
                continue
            end = yield from _unparsed_line(
                line, spath, lineno, source, seen_json=seen_json, accept_multiline=accept_multiline
            )
            if end is None:
                return
            lineno = end
    finally:
        handle.close()


def _open_utf8(spath: str) -> BinaryIO | LoadProblem:
    """The file opened for binary reading at its start, or the file-level problem (it cannot be
    opened, or it is UTF-16) that stops reading before the first line."""
    try:
        handle = open(spath, "rb")  # noqa: SIM115 - read_jsonl closes it
    except OSError as err:
        return LoadProblem(spath, 0, f"cannot open file: {err.strerror}", "unreadable")
    try:
        bad_encoding = utf16_problem(spath, handle.read(4))
        if bad_encoding is None:
            handle.seek(0)
            return handle
    except BaseException:
        handle.close()
        raise
    handle.close()
    return bad_encoding


def _not_an_object(spath: str, lineno: int, value: Any) -> LoadProblem:
    """A line that parses, but to an array or a scalar rather than an object."""
    kind = _kind_of(value)
    hint = (
        "; JSONL wants one object per line, not an array of them"
        if isinstance(value, list)
        else "; each line must be one JSON object"
    )
    return LoadProblem(
        spath,
        lineno,
        f"line holds {kind}, not a JSON object{hint}",
        "array_line" if isinstance(value, list) else "not_an_object",
    )


def _unparsed_line(
    line: bytes,
    spath: str,
    lineno: int,
    source: _LineSource,
    *,
    seen_json: bool,
    accept_multiline: bool,
) -> Generator[RawRecord | LoadProblem, None, int | None]:
    """Say why `line` does not parse (bad UTF-8, an object spread over lines, an array opened,
    bad JSON); returns the line number reading goes on after, or None when the file is not JSONL
    at all and reading stops."""
    decoded = _decode(line, spath, lineno)
    if isinstance(decoded, LoadProblem):
        yield decoded
        return lineno
    text = decoded.rstrip("\r\n")
    stripped = text.strip()
    if stripped.startswith(("{", "[")):
        found = _try_multiline(text, source)
        if found is not None:
            obj, consumed = found
            end = lineno + len(consumed)
            yield LoadProblem(
                spath,
                lineno,
                f"one JSON object spread over lines {lineno}-{end} (pretty-printed or with "
                "raw line breaks inside a string); JSONL needs each object on one line",
                "multiline_record",
                end_line=end,
            )
            if accept_multiline:
                yield RawRecord(spath, lineno, obj, end)
            return end
    if stripped.startswith("["):
        yield LoadProblem(
            spath,
            lineno,
            "line starts a JSON array; JSONL wants one object per line, not an array",
            "array_line",
        )
        return lineno
    try:
        loads(text)
    except ValueError as err:
        if not seen_json and Path(spath).suffix.lower() not in JSON_LIKE_SUFFIXES:
            yield LoadProblem(
                spath,
                lineno,
                f"this does not look like a JSONL file ({Path(spath).suffix or 'no'} "
                "suffix, first line is not JSON); expected one JSON object per line",
                "not_jsonl",
            )
            return None
        yield LoadProblem(spath, lineno, _describe_json_error(text, err), "invalid_json")
    else:  # pragma: no cover - parsed above already
        yield LoadProblem(spath, lineno, "line is not a JSON object", "not_an_object")
    return lineno


_NOT_PARSED: Any = object()


def iter_jsonl(
    paths: Iterable[str | os.PathLike[str]], *, accept_multiline: bool = False
) -> Iterator[RawRecord | LoadProblem]:
    """`read_jsonl` over every file that `expand_paths(paths)` names, in order."""
    for p in expand_paths(paths):
        yield from read_jsonl(p, accept_multiline=accept_multiline)


def dumps_record(record: dict[str, Any]) -> str:
    """One JSONL line (without newline), UTF-8 text kept readable.

    A string holding a lone surrogate (from a record built in memory) cannot be written as
    UTF-8: the line is then written with ASCII escapes instead of crashing the writer.
    """
    text = json.dumps(record, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(record, ensure_ascii=True)
    return text
