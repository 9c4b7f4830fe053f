"""Progress while validating: the library tells a callback the bytes read, the command draws a
bar on standard error when it is a terminal (a real pseudo-terminal here) and nothing otherwise."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from noesis_trainer.processes import fork_available
from noesis_trainer.validation import Validator, row_worker
from tests.validation.helpers import record

ROOT = Path(__file__).resolve().parents[2]


def _files(tmp_path: Path) -> list[Path]:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("".join(json.dumps(record(i)) + "\n" for i in range(40)))
    second.write_text("".join(json.dumps(record(i)) + "\n" for i in range(40, 70)) + "{not json\n")
    return [first, second]


@pytest.mark.parametrize("workers", [1, 2])
def test_the_callback_sees_every_byte_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    if workers == 2 and not fork_available():
        pytest.skip("needs fork (Linux)")
    monkeypatch.setattr(row_worker, "CHUNK_LINES", 8)
    monkeypatch.setattr(row_worker, "MIN_BYTES", 0)
    files = _files(tmp_path)
    total = sum(p.stat().st_size for p in files)
    told: list[tuple[int, int]] = []
    report = Validator(workers=workers).validate_paths(
        [str(p) for p in files], progress=lambda done, all_: told.append((done, all_))
    )
    assert report.total_rows == 71
    assert {all_ for _, all_ in told} == {total}
    done = [d for d, _ in told]
    assert done == sorted(done)
    assert done[-1] == total
    assert files[0].stat().st_size in done  # the first file's end is reported on its own
    assert len(told) >= 70 // 8  # a report per chunk of lines read, not only per file


def test_a_file_read_no_further_still_ends_the_count(tmp_path: Path) -> None:
    """A UTF-16 file is refused after its first bytes: its size still counts once it is done."""
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(record(1)) + "\n")
    wide = tmp_path / "wide.jsonl"
    wide.write_text(json.dumps(record(2)) + "\n", encoding="utf-16")
    told: list[tuple[int, int]] = []
    Validator().validate_paths([str(good), str(wide)], progress=lambda d, t: told.append((d, t)))
    assert told[-1] == (good.stat().st_size + wide.stat().st_size,) * 2


def _run_on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """`noesis args` with stdin, stdout and stderr on a pseudo-terminal: (exit code, output)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "noesis_trainer.cli", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=cwd,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


def test_the_command_draws_a_bar_on_a_terminal(tmp_path: Path) -> None:
    files = _files(tmp_path)
    args = ["validate", *map(str, files), "--rejects", str(tmp_path / "r.jsonl")]
    code, output = _run_on_a_terminal(args, tmp_path)
    assert code == 1  # the broken line is an error
    assert "[validate]" in output
    assert "[write outputs]" in output
    assert "rejected" in output
    quiet_code, quiet = _run_on_a_terminal(["-q", *args], tmp_path)
    assert quiet_code == 1
    assert "[validate]" not in quiet
    plain_code, plain = _run_on_a_terminal(["validate", *map(str, files)], tmp_path)
    assert plain_code == 1
    assert "[validate]" in plain
    assert "[write outputs]" not in plain  # nothing to write, no spinner


def test_piped_output_has_no_bar(tmp_path: Path) -> None:
    files = _files(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "noesis_trainer.cli", "validate", *map(str, files), "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 1
    json.loads(done.stdout)
    assert "[validate]" not in done.stderr
    assert "\x1b" not in done.stderr


@pytest.mark.parametrize("workers", [1, 2])
def test_after_a_line_that_is_not_an_object_the_bar_still_moves_forward(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """The located reader that takes over after such a line reads the file from its start: the
    callback goes on being told positions (never one behind what it was told) up to the end."""
    if workers == 2 and not fork_available():
        pytest.skip("needs fork (Linux)")
    from noesis_trainer.io import jsonl

    monkeypatch.setattr(row_worker, "CHUNK_LINES", 8)
    monkeypatch.setattr(row_worker, "MIN_BYTES", 0)
    monkeypatch.setattr(jsonl, "PROGRESS_LINES", 16)
    path = tmp_path / "mixed.jsonl"
    rows = [json.dumps(record(i)) for i in range(200)]
    rows[20] = "[1, 2]"  # not an object: the rest goes through read_jsonl
    path.write_text("\n".join(rows) + "\n")
    size = path.stat().st_size
    told: list[int] = []
    report = Validator(workers=workers).validate_paths(
        [str(path)], progress=lambda d, _: told.append(d)
    )
    assert (report.total_rows, report.valid_rows) == (200, 199)  # the array line counts, rejected
    assert told == sorted(told)
    assert told[-1] == size
    # past any chunk read ahead before the fallback (line 100 on), positions keep coming
    line_100 = sum(len(r) + 1 for r in rows[:100])
    assert len({d for d in told if line_100 < d < size}) >= 3
