"""Issue 14 items 3 and 10: one hostile row is a located row error, never a crash, in every
command that reads JSONL through `io.jsonl`; UTF-16 is refused; an empty input fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from noesis_trainer.cli import app
from tests.validation.helpers import record

runner = CliRunner()

HOSTILE: dict[str, bytes] = {
    "deep nesting": b'{"a": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
    "deep array line": b"[" * 10_000 + b"]" * 10_000,
    "5000-digit integer": b'{"id": ' + b"9" * 5000 + b"}",
    "lone surrogate in a field": json.dumps({**record(7), "extra": "x"})
    .encode()
    .replace(b'"x"', b'"\\ud800"'),
    "NaN": json.dumps(record(8)).encode()[:-1] + b', "score": NaN}',
    "Infinity": json.dumps(record(9)).encode()[:-1] + b', "score": -Infinity}',
}


def _file(tmp_path: Path, bad: bytes) -> Path:
    good = [json.dumps(record(i), ensure_ascii=False).encode() for i in (1, 2)]
    path = tmp_path / "in.jsonl"
    path.write_bytes(good[0] + b"\n" + bad + b"\n" + good[1] + b"\n")
    return path


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_validate_locates_the_row(tmp_path: Path, name: str) -> None:
    path = _file(tmp_path, HOSTILE[name])
    out, rej = tmp_path / "ok.jsonl", tmp_path / "bad.jsonl"
    result = runner.invoke(app, ["validate", str(path), "--out", str(out), "--rejects", str(rej)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert [json.loads(x)["id"] for x in out.read_text("utf-8").splitlines()] == [
        "teste_001",
        "teste_002",
    ]
    (rejected,) = [json.loads(x) for x in rej.read_text("utf-8").splitlines()]
    assert rejected["line"] == 2
    assert rejected["reasons"][0]["rule"] in ("invalid-json", "not-an-object")
    as_json = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert as_json.exit_code == 1
    assert json.loads(as_json.output)["rows_with_errors"] == 1


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("command", ["stats", "split", "convert", "judge"])
def test_other_readers_locate_the_row(tmp_path: Path, name: str, command: str) -> None:
    path = _file(tmp_path, HOSTILE[name])
    args = {
        "stats": ["stats", str(path)],
        "split": ["split", str(path), "-o", str(tmp_path / "sp")],
        "convert": ["convert", str(path), "-o", str(tmp_path / "c.jsonl")],
        "judge": ["judge", str(path), "-o", str(tmp_path / "j.json")],
    }[command]
    result = runner.invoke(app, args)
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    if command in ("stats", "judge"):
        assert ":2" in result.output  # the problem names its line


def test_utf16_input_is_refused_not_copied(tmp_path: Path) -> None:
    path = tmp_path / "u16.jsonl"
    text = "\n".join(json.dumps(record(i), ensure_ascii=False) for i in (1, 2)) + "\n"
    path.write_bytes(text.encode("utf-16"))
    out = tmp_path / "ok.jsonl"
    result = runner.invoke(app, ["validate", str(path), "--out", str(out)])
    assert result.exit_code == 1
    assert "UTF-16" in result.output
    assert out.read_bytes() == b""


def test_empty_input_fails(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["pass_rate"] == 0.0
    assert data["dataset_findings"][0]["rule"] == "empty-input"


def test_stats_exits_1_on_load_problems(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps(record(1)) + "\n{bad\n", "utf-8")
    assert runner.invoke(app, ["stats", str(path)]).exit_code == 1
    ok = tmp_path / "ok.jsonl"
    ok.write_text(json.dumps(record(1)) + "\n", "utf-8")
    assert runner.invoke(app, ["stats", str(ok)]).exit_code == 0
