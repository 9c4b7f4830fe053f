"""`noesis validate` through the Typer app (CliRunner) and once as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from noesis_trainer.cli import app
from tests.validation.helpers import record, write_jsonl

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_clean_file_exits_0(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "ok.jsonl", [record(i) for i in range(1, 4)])
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "3/3 rows without errors (100.0% pass rate)" in " ".join(result.output.split())


def test_findings_exit_1_and_quarantine(tmp_path: Path) -> None:
    rows = [record(1), record(2, values_applied="verdade"), b"\xff\xfe garbage", record(3)]
    path = write_jsonl(tmp_path / "in.jsonl", rows)
    out, rej, rep = tmp_path / "clean.jsonl", tmp_path / "rejects.jsonl", tmp_path / "r.json"
    result = runner.invoke(
        app, ["validate", str(path), "--out", str(out), "--rejects", str(rej), "--report", str(rep)]
    )
    assert result.exit_code == 1, result.output
    assert [r["id"] for r in _lines(out)] == ["teste_001", "teste_003"]
    rejected = _lines(rej)
    assert [(r["line"], [x["rule"] for x in r["reasons"]]) for r in rejected] == [
        (2, ["values-as-string"]),
        (3, ["invalid-utf8"]),
    ]
    assert rejected[0]["record"]["id"] == "teste_002"
    assert rejected[1]["raw"] == "\\xff\\xfe garbage"
    report = json.loads(rep.read_text(encoding="utf-8"))
    assert report["total_rows"] == 4 and report["valid_rows"] == 2
    assert report["pass_rate"] == 0.5


def test_strict_makes_warnings_fail(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "w.jsonl", [record(1, critique="sem partes"), record(2)])
    assert runner.invoke(app, ["validate", str(path)]).exit_code == 0
    out, rej = tmp_path / "o.jsonl", tmp_path / "r.jsonl"
    result = runner.invoke(
        app, ["validate", str(path), "--strict", "--out", str(out), "--rejects", str(rej)]
    )
    assert result.exit_code == 1
    assert [r["line"] for r in _lines(rej)] == [1]
    assert len(_lines(out)) == 1


def test_formats(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "f.jsonl", [record(1), record(2, prompt="curto")])
    as_json = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert as_json.exit_code == 1
    data = json.loads(as_json.stdout)
    assert [(f["rule"], f["line"], f["field"]) for f in data["findings"]] == [
        ("prompt-too-short", 2, "prompt")
    ]
    md = runner.invoke(app, ["validate", str(path), "--format", "markdown"])
    assert md.stdout.startswith("# Validation report")
    assert "| `prompt-too-short` | error | 1 | 1 |" in md.stdout
    report_md = tmp_path / "r.md"
    runner.invoke(app, ["validate", str(path), "--report", str(report_md)])
    assert report_md.read_text(encoding="utf-8").startswith("# Validation report")


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "u.jsonl", [record(1)])
    missing = runner.invoke(app, ["validate", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2
    assert "nope.jsonl: no such file or folder" in " ".join(missing.output.split())
    assert "Traceback" not in missing.output
    assert runner.invoke(app, ["validate", str(path), "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["validate", str(path), "--threshold", "1.5"]).exit_code == 2
    zero = runner.invoke(app, ["validate", str(path), "--workers", "0"])
    assert zero.exit_code == 2 and "--workers must be at least 1" in zero.output
    assert runner.invoke(app, ["validate", str(path), "--workers", "2"]).exit_code == 0
    same = runner.invoke(app, ["validate", str(path), "--out", str(path)])
    assert same.exit_code == 2 and "is one of the inputs" in " ".join(same.output.split())
    assert path.read_bytes().count(b"\n") == 1  # input untouched


GARBAGE = st.one_of(
    st.binary(max_size=40),
    st.text(max_size=40).map(lambda s: s.replace("\n", " ")),
    st.sampled_from(
        [
            "{",
            "}",
            "[1, 2]",
            "42",
            "null",
            '"texto"',
            "{}",
            '{"messages": []}',
            '{"id": 1}',
            "\ufeff{}",
            "   ",
        ]
    ),
    st.builds(lambda i: json.dumps(record(i)), st.integers(1, 50)),
    st.builds(lambda i: json.dumps(record(i, values_applied="verdade")), st.integers(1, 50)),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(GARBAGE, max_size=15))
def test_accepted_plus_rejected_equals_input(tmp_path: Path, lines: list) -> None:
    data = b"".join(
        (x if isinstance(x, bytes) else x.encode("utf-8")).replace(b"\n", b" ") + b"\n"
        for x in lines
    )
    path = tmp_path / "g.jsonl"
    path.write_bytes(data)
    out, rej, rep = tmp_path / "o.jsonl", tmp_path / "r.jsonl", tmp_path / "rep.json"
    result = runner.invoke(
        app, ["validate", str(path), "--out", str(out), "--rejects", str(rej), "--report", str(rep)]
    )
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    report = json.loads(rep.read_text(encoding="utf-8"))
    total = report["total_rows"]
    accepted = out.read_bytes().splitlines()
    rejected = rej.read_bytes().splitlines()
    assert len(accepted) + len(rejected) == total
    if any(f["rule"] == "unreadable" for f in report["dataset_findings"]):
        # refused as a whole before its first line (its first bytes look like UTF-16, as in
        # tests/io/test_jsonl.py): no row, so nothing accepted or rejected, and exit 1
        assert (total, accepted, rejected, result.exit_code) == (0, [], [], 1)
        return
    # every non-blank input line is covered exactly once (a multi-line object covers its span)
    covered: list[int] = []
    for r in (json.loads(x) for x in rejected):
        assert r["reasons"]
        covered.extend(range(r["line"], r["end_line"] + 1))
    input_lines = data.split(b"\n")[:-1]
    if input_lines and input_lines[0].startswith(b"\xef\xbb\xbf"):
        input_lines[0] = input_lines[0][3:]
    non_blank = [i + 1 for i, x in enumerate(input_lines) if x.strip()]
    accepted_set = sorted(set(non_blank) - set(covered))
    assert len(accepted_set) == len(accepted)
    assert [input_lines[i - 1].rstrip(b"\r") for i in accepted_set] == accepted
    # an input without rows validates nothing: exit 1 (issue 14, item 10), not "100%, exit 0"
    assert result.exit_code == (1 if rejected or not accepted else 0)


def test_subprocess_entry_point(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "s.jsonl", [record(1), record(2, difficulty="dificil")])
    exe = REPO / ".venv" / "bin" / "noesis"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "noesis_trainer.cli"]
    proc = subprocess.run(
        [*cmd, "validate", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert data["findings"][0]["rule"] == "difficulty-vocabulary"
    assert data["findings"][0]["line"] == 2


def test_the_noesis_process_ends_at_once_with_every_output_complete(tmp_path: Path) -> None:
    """`noesis validate` ends its process without freeing the run's state (`cli.app.exit_now`):
    the exit code, the piped stdout and every file written must be those of a normal exit, for
    a clean input (0) and for one with an error (1); in-process (CliRunner) nothing ends."""
    good = write_jsonl(tmp_path / "good.jsonl", [record(i) for i in range(1, 40)])
    bad = write_jsonl(tmp_path / "bad.jsonl", [record(1), record(2, difficulty="dificil")])
    for path, code in ((good, 0), (bad, 1)):
        out, rejects, report = (tmp_path / f"{path.stem}.{n}" for n in ("out", "rej", "json"))
        proc = subprocess.run(
            [sys.executable, "-m", "noesis_trainer.cli", "validate", str(path), "--out",
             str(out), "--rejects", str(rejects), "--report", str(report), "--format", "json"],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert proc.returncode == code, proc.stderr
        assert json.loads(proc.stdout) == json.loads(report.read_text())
        kept = out.read_bytes().splitlines()
        rejected = rejects.read_bytes().splitlines()
        assert len(kept) + len(rejected) == len(path.read_bytes().splitlines())
        assert proc.stderr == ""
    result = runner.invoke(app, ["validate", str(bad), "--format", "json"])
    assert result.exit_code == 1  # the test process is still here to see it


def test_first_bytes_of_a_utf16_bom_refuse_the_file_as_a_whole(tmp_path: Path) -> None:
    """The case hypothesis found: a first line starting with the bytes of a UTF-16 BOM. The file
    is refused before its first line (one clear finding), so no row is accepted or rejected."""
    path = tmp_path / "g.jsonl"
    path.write_bytes(b"\xfe\xff\n")
    out, rej, rep = tmp_path / "o.jsonl", tmp_path / "r.jsonl", tmp_path / "rep.json"
    result = runner.invoke(
        app, ["validate", str(path), "--out", str(out), "--rejects", str(rej), "--report", str(rep)]
    )
    assert result.exit_code == 1
    report = json.loads(rep.read_text(encoding="utf-8"))
    assert report["total_rows"] == 0
    assert [f["rule"] for f in report["dataset_findings"]] == ["unreadable"]
    assert "UTF-16" in report["dataset_findings"][0]["message"]
    assert out.read_bytes() == rej.read_bytes() == b""
