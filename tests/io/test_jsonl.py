"""The JSONL reader: every malformed input gets its own located message, never an exception."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer.io.jsonl import (
    InputPathError,
    LoadProblem,
    RawRecord,
    expand_paths,
    iter_jsonl,
    read_jsonl,
)
from tests.strategies import json_values


def write(tmp_path: Path, data: bytes, name: str = "d.jsonl") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def split(items: list[RawRecord | LoadProblem]) -> tuple[list[RawRecord], list[LoadProblem]]:
    recs = [i for i in items if isinstance(i, RawRecord)]
    probs = [i for i in items if isinstance(i, LoadProblem)]
    return recs, probs


def test_bom_crlf_and_blank_lines(tmp_path: Path) -> None:
    p = write(tmp_path, b'\xef\xbb\xbf{"a": 1}\r\n\r\n   \n{"a": 2}\r\n')
    recs, probs = split(list(read_jsonl(p)))
    assert probs == []
    assert [(r.line, r.data) for r in recs] == [(1, {"a": 1}), (4, {"a": 2})]


def test_pretty_printed_object_is_one_problem_and_reading_goes_on(tmp_path: Path) -> None:
    p = write(tmp_path, b'{"a": 1}\n{\n  "b": 2,\n  "c": [1,\n 2]\n}\n{"d": 4}\n')
    recs, probs = split(list(read_jsonl(p)))
    assert [r.data for r in recs] == [{"a": 1}, {"d": 4}]
    assert len(probs) == 1
    assert probs[0].code == "multiline_record"
    assert (probs[0].line, probs[0].end_line) == (2, 6)
    assert "lines 2-6" in probs[0].message
    # Importers may accept it.
    recs2, _ = split(list(read_jsonl(p, accept_multiline=True)))
    assert [r.data for r in recs2] == [{"a": 1}, {"b": 2, "c": [1, 2]}, {"d": 4}]
    assert recs2[2].line == 7


def test_raw_newline_inside_string(tmp_path: Path) -> None:
    p = write(tmp_path, b'{"a": "first\n\nsecond"}\n{"b": 1}\n')
    recs, probs = split(list(read_jsonl(p, accept_multiline=True)))
    assert [p.code for p in probs] == ["multiline_record"]
    assert recs[0].data == {"a": "first\n\nsecond"}
    assert recs[1].line == 4


def test_json_array_file(tmp_path: Path) -> None:
    p = write(tmp_path, json.dumps([{"a": 1}, {"a": 2}]).encode())
    _, probs = split(list(read_jsonl(p)))
    assert [(x.line, x.code) for x in probs] == [(1, "array_line")]
    assert "array" in probs[0].message


def test_pretty_printed_array_file(tmp_path: Path) -> None:
    p = write(tmp_path, b'[\n  {"a": 1},\n  {"a": 2}\n]\n')
    _, probs = split(list(read_jsonl(p)))
    assert probs[0].code == "array_line"
    assert probs[0].line == 1


def test_non_object_lines(tmp_path: Path) -> None:
    p = write(tmp_path, b'42\n"text"\nnull\ntrue\n{"ok": 1}\n')
    recs, probs = split(list(read_jsonl(p)))
    assert [r.line for r in recs] == [5]
    assert [(x.line, x.code) for x in probs] == [(i, "not_an_object") for i in range(1, 5)]
    assert "JSON number" in probs[0].message and "JSON string" in probs[1].message


def test_invalid_utf8(tmp_path: Path) -> None:
    p = write(tmp_path, b'{"a": 1}\n{"a": "caf\xe9"}\n{"a": 3}\n')
    recs, probs = split(list(read_jsonl(p)))
    assert [r.data["a"] for r in recs] == [1, 3]
    assert probs[0].code == "invalid_utf8" and probs[0].line == 2
    assert "0xe9" in probs[0].message


def test_invalid_json_with_column(tmp_path: Path) -> None:
    p = write(tmp_path, b'{"a": 1,}\n')
    _, probs = split(list(read_jsonl(p)))
    assert probs[0].code == "invalid_json"
    assert "column" in probs[0].message
    assert str(probs[0]).startswith(f"{p}:1:")


def test_truncated_last_line_is_reported(tmp_path: Path) -> None:
    p = write(tmp_path, b'{"a": 1}\n{"a": "unterminated')
    recs, probs = split(list(read_jsonl(p)))
    assert len(recs) == 1
    assert probs[0].line == 2 and probs[0].code == "invalid_json"


def test_expand_paths_files_folders_globs(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    a = write(tmp_path, b"{}\n", "a.jsonl")
    b = write(tmp_path / "sub", b"{}\n", "b.jsonl")
    write(tmp_path, b"x", "notes.txt")
    assert expand_paths([tmp_path]) == [a, b]
    assert expand_paths([str(tmp_path / "*.jsonl")]) == [a]
    assert expand_paths([a, str(tmp_path / "**" / "*.jsonl")]) == [a, b]  # de-duplicated
    with pytest.raises(InputPathError, match="no such file"):
        expand_paths([tmp_path / "missing.jsonl"])
    with pytest.raises(InputPathError, match="matches no file"):
        expand_paths([str(tmp_path / "*.csv")])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputPathError, match=r"no \.jsonl"):
        expand_paths([empty])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.binary(max_size=40) | st.sampled_from([b"{}", b'{"a":1}', b"[", b"{"]), max_size=12)
)
def test_garbage_never_raises_and_accounts_for_lines(lines: list[bytes]) -> None:
    import tempfile

    data = b"\n".join(line.replace(b"\n", b" ") for line in lines)
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "g.jsonl"
        p.write_bytes(data)
        items = list(iter_jsonl([p]))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        len(data) >= 4 and (data[1] == 0 == data[3] or data[0] == 0 == data[2])
    ):  # refused as a whole: a UTF-16 file (issue 14, item 10)
        assert [(i.line, i.code) for i in items] == [(0, "unreadable")]
        return
    for item in items:
        assert item.line >= 1
    # Each non-blank physical line is covered by exactly one record or problem (or a span).
    covered: set[int] = set()
    for item in items:
        end = item.end_line or item.line
        if isinstance(item, LoadProblem) and item.code == "multiline_record":
            covered.update(range(item.line, end + 1))
        else:
            covered.add(item.line)
    nonblank = {
        i + 1
        for i, raw in enumerate(data.split(b"\n"))
        if raw.strip() and not (i == 0 and raw.strip() == b"\xef\xbb\xbf")
    }
    assert nonblank <= covered


def test_a_cut_line_looks_one_line_ahead_not_through_the_file(tmp_path: Path) -> None:
    """A line cut short (mid-string here) followed by good records: the multi-line search stops
    at the next record instead of joining and parsing every following line (that was quadratic:
    3,000 such lines took two minutes)."""
    import io

    from noesis_trainer.io.jsonl import _LineSource, _try_multiline

    good = b'{"id": 2, "text": "fine"}\n' * 1000
    handle = io.BytesIO(good)
    assert _try_multiline('{"id": 1, "text": "cut he', _LineSource(handle)) is None
    assert handle.tell() == len(b'{"id": 2, "text": "fine"}\n')  # one line read, then put back
    lines = [(b'{"id": %d, "text": "cut' if i % 3 == 0 else b'{"id": %d}') % i for i in range(600)]
    recs, probs = split(list(read_jsonl(write(tmp_path, b"\n".join(lines) + b"\n"))))
    assert [r.data["id"] for r in recs] == [i for i in range(600) if i % 3]
    assert [(p.line, p.code) for p in probs] == [(i + 1, "invalid_json") for i in range(0, 600, 3)]


_VALUES = json_values(st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=8))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.dictionaries(st.text(max_size=5), _VALUES, min_size=1, max_size=3),
            st.sampled_from(["line", "pretty", "cut"]),
            st.floats(0.0, 1.0),
        ),
        max_size=8,
    )
)
def test_records_survive_pretty_printed_and_cut_neighbours(
    entries: list[tuple[dict[str, object], str, float]],
) -> None:
    """Whatever mix of one-line, pretty-printed and cut-short records: every whole record is read
    back, in order, with the line it starts on; a cut one is a problem on its own line."""
    import tempfile

    chunks: list[str] = []
    expected: list[tuple[int, dict[str, object]]] = []
    cut_lines: list[int] = []
    line = 1
    for record, how, where in entries:
        one_line = json.dumps(record, ensure_ascii=False)
        if how == "cut":
            cut = one_line[: max(1, int(where * (len(one_line) - 1)))]
            chunks.append(cut)
            cut_lines.append(line)
            line += 1
            continue
        text = json.dumps(record, ensure_ascii=False, indent=2) if how == "pretty" else one_line
        chunks.append(text)
        expected.append((line, record))
        line += text.count("\n") + 1
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "mix.jsonl"
        path.write_text("\n".join(chunks) + "\n", encoding="utf-8")
        recs, probs = split(list(read_jsonl(path, accept_multiline=True)))
    assert [(r.line, r.data) for r in recs] == expected
    assert [p.line for p in probs if p.code != "multiline_record"] == cut_lines


def test_read_jsonl_tells_its_position_as_it_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`on_read` gets the byte position every PROGRESS_LINES lines, in order, and the end."""
    from noesis_trainer.io import jsonl

    monkeypatch.setattr(jsonl, "PROGRESS_LINES", 10)
    path = tmp_path / "rows.jsonl"
    path.write_bytes(b"".join(b'{"i": %d}\n' % i for i in range(95)) + b"[1]\n{bad\n")
    told: list[int] = []
    items = list(jsonl.read_jsonl(path, on_read=told.append))
    assert len(items) == 97  # 95 records, the array and the bad line located
    assert told == sorted(told)
    assert len(told) == 9 + 1  # lines 10, 20, ..., 90, then the end
    assert told[-1] == path.stat().st_size
