"""Quarantine cuts rows a chunk of lines at a time; what it writes must be what the plain reading
writes, row by row (accepted lines with LF endings, rejects with their reasons), whatever the
chunk size, the line endings, the BOM, blank lines, objects over several lines or non-objects."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noesis_trainer.validation import Validator
from noesis_trainer.validation.quarantine import _Runs, _split
from noesis_trainer.validation.rows import RowVerdicts, reason_of
from tests.validation.helpers import record

_BOM = b"\xef\xbb\xbf"


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "backslashreplace")


def _reference(rows: RowVerdicts, strict: bool) -> tuple[bytes, bytes]:
    """The accepted and rejects bytes, one row at a time from the whole file's lines."""
    failing = rows.failing(strict)
    good: list[bytes] = []
    bad: list[bytes] = []
    files: dict[str, list[bytes]] = {}
    for row in range(len(rows)):
        path = rows.paths[rows.row_path[row]]
        if path not in files:
            files[path] = io.BytesIO(Path(path).read_bytes()).readlines()
        first = rows.row_line[row]
        end = rows.end_lines.get(row, first)
        text = b"".join(files[path][first - 1 : end])
        if first == 1 and text.startswith(_BOM):
            text = text[len(_BOM) :]
        if not failing[row]:
            if text.endswith(b"\n") and not text.endswith(b"\r\n"):
                good.append(text)
            else:
                good.append(text.rstrip(b"\r\n") + b"\n")
            continue
        reasons = _json([reason_of(rows.keys[k]) for k in rows.sets[rows.reason_set[row]]])
        body = text.rstrip(b"\r\n")
        if row in rows.not_object or end > first:
            tail = b',"raw":' + _json(body.decode("utf-8", errors="backslashreplace"))
        else:
            tail = b',"record":' + body.strip()
        bad.append(
            b'{"path":%s,"line":%d,"end_line":%d,"reasons":%s%s}\n'
            % (_json(path), first, end, reasons, tail)
        )
    return b"".join(good), b"".join(bad)


def _line(i: int, **over: object) -> bytes:
    return json.dumps(record(i, **over), ensure_ascii=False).encode()


_LINES = st.one_of(
    st.builds(_line, st.integers(1, 40)),  # valid
    st.builds(lambda i: _line(i, difficulty="dificil"), st.integers(1, 40)),  # an error
    st.builds(lambda i: _line(i, critique="sem partes"), st.integers(1, 40)),  # a warning only
    st.builds(lambda i: b"  " + _line(i, values_applied="verdade") + b" \t", st.integers(1, 40)),
    st.sampled_from(
        [
            b"",
            b"   ",
            b"[1, 2]",
            b'"texto"',
            b'{"id": "x",',  # with the next line, an object over two lines (or broken JSON)
            b'"prompt": "p"}',
            b"{not json",
            b'{"id": "\xff\xfe"}',
            b"{}",
        ]
    ),
)
_ENDS = st.sampled_from([b"\n", b"\r\n", b"\r\n", b"\n"])


@st.composite
def _files(draw: st.DrawFn) -> list[bytes]:
    out = []
    for _ in range(draw(st.integers(1, 2))):
        lines = draw(st.lists(st.tuples(_LINES, _ENDS), max_size=25))
        data = b"".join(line + end for line, end in lines)
        if draw(st.booleans()):
            data = _BOM + data
        last = draw(st.sampled_from([b"", b"", b"\r", b"  "]))  # none, CR only, spaces
        if lines and last:
            data = data.rstrip(b"\r\n") + last
        elif lines and draw(st.booleans()):
            data = data.rstrip(b"\r\n")  # no line break after the last line
        out.append(data)
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_files(), st.sampled_from([1, 40, 300, 1 << 20]), st.sampled_from([1, 2, 5, 64]))
def test_split_writes_what_the_plain_reading_writes(
    files: list[bytes], chunk: int, min_run: int
) -> None:
    """Also with runs of accepted rows copied as byte ranges from `min_run` rows on (CRLF
    lines, blank lines and objects over several lines inside or next to them)."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for k, data in enumerate(files):
            path = Path(tmp) / f"f{k}.jsonl"
            path.write_bytes(data)
            paths.append(path)
        rows = Validator(workers=1).validate_paths(paths).row_verdicts
        assert rows is not None
        for strict in (False, True):
            good, bad = io.BytesIO(), io.BytesIO()
            accepted, rejected = _split(rows, strict, good, bad, chunk, min_run)
            assert (good.getvalue(), bad.getvalue()) == _reference(rows, strict)
            assert accepted + rejected == len(rows)
            assert rejected == int(rows.failing(strict).sum())
            assert good.getvalue().count(b"\n") == accepted
            assert bad.getvalue().count(b"\n") == rejected


def test_split_keeps_going_where_the_file_is_gone(tmp_path: Path) -> None:
    """Rows whose file vanished between validation and quarantine: empty lines, no crash, every
    row still counted once (as the row-by-row reading did)."""
    path = tmp_path / "g.jsonl"
    path.write_bytes(_line(1) + b"\n" + _line(2, difficulty="x") + b"\n")
    rows = Validator(workers=1).validate_paths([path]).row_verdicts
    assert rows is not None
    path.unlink()
    good, bad = io.BytesIO(), io.BytesIO()
    assert _split(rows, False, good, bad) == (1, 1)
    assert good.getvalue() == b"\n"
    assert bad.getvalue().startswith(b'{"path":') and bad.getvalue().endswith(b',"record":}\n')


def _validated(path: Path, lines: list[bytes]) -> RowVerdicts:
    path.write_bytes(b"".join(lines))
    rows = Validator(workers=1).validate_paths([path]).row_verdicts
    assert rows is not None
    return rows


def test_long_runs_are_copied_as_ranges_and_match_the_plain_reading(tmp_path: Path) -> None:
    """A file big enough for the default run length: runs of accepted rows broken by rejected
    rows, blank lines, an object over two lines and a CRLF line; same bytes as row by row."""
    lines = [_line(i) + b"\n" for i in range(1, 400)]
    lines[100] = _line(101, difficulty="dificil") + b"\n"
    lines[150] = b"\n"
    lines[200] = b'{"id": "x",\n"prompt": "p"}\n'
    lines[300] = _line(301) + b"\r\n"
    rows = _validated(tmp_path / "big.jsonl", lines)
    good, bad = io.BytesIO(), io.BytesIO()
    assert _split(rows, False, good, bad) == (len(rows) - 2, 2)
    assert (good.getvalue(), bad.getvalue()) == _reference(rows, False)


def test_a_range_copy_stops_at_a_carriage_return(tmp_path: Path) -> None:
    """Line endings to normalize: the copy stops at the piece that holds the CR; the rows from
    there on go line by line."""
    lines = [_line(i) + b"\n" for i in range(1, 11)]
    lines[6] = _line(7) + b"\r\n"  # row 6 (line 7)
    rows = _validated(tmp_path / "cr.jsonl", lines)
    special = sorted({*rows.end_lines, *rows.not_object})
    runs = _Runs(rows, rows.failing(False), special, 1)
    assert runs.end(1) == 9  # the last row has no next row: not plain
    out = io.BytesIO()
    with open(tmp_path / "cr.jsonl", "rb") as handle:
        assert runs.copy(handle, 1, 9, out, piece=1) == 6
    assert out.getvalue() == b"".join(lines[1:6])


def test_a_range_copy_stops_where_the_file_changed(tmp_path: Path) -> None:
    """A file rewritten after validation with other line breaks: the byte ranges no longer hold
    one line a row, so the copy stops and the line-by-line reading (as before) takes over."""
    path = tmp_path / "changed.jsonl"
    lines = [_line(i) + b"\n" for i in range(1, 200)]
    rows = _validated(path, lines)
    at = rows.row_offset[50]
    data = path.read_bytes()
    cut = data.index(b'", "', at) + 2
    path.write_bytes(data[:cut] + b"\n" + data[cut + 1 :])  # row 50's line cut in two, same size
    special = sorted({*rows.end_lines, *rows.not_object})
    runs = _Runs(rows, rows.failing(False), special, 1)
    with open(path, "rb") as handle:
        assert runs.copy(handle, 1, 198, io.BytesIO(), piece=1 << 20) == 1
        out = io.BytesIO()
        assert runs.copy(handle, 1, 198, out, piece=1) == 50
    assert out.getvalue() == data[rows.row_offset[1] : at]
    good, bad = io.BytesIO(), io.BytesIO()
    assert _split(rows, False, good, bad) == (199, 0)
    assert (good.getvalue(), bad.getvalue()) == _reference(rows, False)


def test_a_file_cut_short_after_validation_is_split_without_a_crash(tmp_path: Path) -> None:
    """Rows past the new end of the file: the range copy stops where the bytes run out, the
    rows left are written as the line-by-line reading writes them (empty), each counted once."""
    path = tmp_path / "cut.jsonl"
    lines = [_line(i) + b"\n" for i in range(1, 300)]
    rows = _validated(path, lines)
    data = path.read_bytes()
    path.write_bytes(data[: rows.row_offset[200] + 10])  # row 200 cut inside its line
    good, bad = io.BytesIO(), io.BytesIO()
    assert _split(rows, False, good, bad) == (299, 0)
    assert (good.getvalue(), bad.getvalue()) == _reference(rows, False)
    assert good.getvalue().startswith(data[: rows.row_offset[200]])
