"""Issue 14 item 6: unwritable or odd output paths are one line, never a traceback.

A full disk (a 64 KiB tmpfs), a read-only file system (a tmpfs mounted ro), a user without write
permission (the command run as `nobody`) and names over 255 bytes, in the commands that write.
Mount-based cases skip where this machine does not allow mounting.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.hostile.conftest import REPO, assert_one_line_error, noesis, noesis_env


def _mount(path: Path, options: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "small"
    if not _mount(where, "size=64k"):
        pytest.skip("cannot mount a tmpfs here (needs root in a namespace that allows it)")
    yield where
    subprocess.run(["umount", str(where)], check=False)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "ro"
    if not _mount(where, "ro,size=64k"):
        pytest.skip("cannot mount a tmpfs here (needs root in a namespace that allows it)")
    yield where
    subprocess.run(["umount", str(where)], check=False)


def test_disk_full_mid_write_is_one_line_and_leaves_nothing(small_disk: Path, seeds: Path) -> None:
    out = small_disk / "accepted.jsonl"  # 73 KB of rows into 64 KiB
    ran = noesis("validate", seeds, "--out", out)
    line = assert_one_line_error(ran, code=1)
    assert "No space left on device" in line
    assert list(small_disk.iterdir()) == []  # no partial output, no temp file


def test_disk_full_keeps_the_previous_output(small_disk: Path, seeds: Path) -> None:
    out = small_disk / "accepted.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    assert_one_line_error(noesis("convert", seeds, "--from", "messages", "-o", out), code=1)
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in small_disk.iterdir()] == ["accepted.jsonl"]


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "{seeds}", "--out", "{out}"],
        ["validate", "{seeds}", "--report", "{out}"],
        ["generate", "{seeds}", "-n", "2", "-o", "{out}"],
        ["convert", "{seeds}", "-o", "{out}"],
        ["split", "{seeds}", "-o", "{dir}"],
        ["judge", "{answers}", "-o", "{out}"],
    ],
)
def test_read_only_file_system(
    read_only: Path, seeds: Path, tmp_path: Path, command: list[str]
) -> None:
    answers = tmp_path / "ans.jsonl"
    answers.write_text('{"prompt": "Por que?", "response": "Porque sim."}\n', encoding="utf-8")
    args = [
        a.format(seeds=seeds, out=read_only / "o.jsonl", dir=read_only / "sd", answers=answers)
        for a in command
    ]
    line = assert_one_line_error(noesis(*args))
    assert "cannot write in" in line and "read-only or permission denied" in line


def test_a_user_without_write_permission(tmp_path: Path, seeds: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to run the command as another user")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o755)
    tmp_path.chmod(0o755)
    readable = tmp_path / "seeds-public.jsonl"
    readable.write_bytes(seeds.read_bytes())
    readable.chmod(0o644)

    def as_nobody() -> None:
        os.setgid(65534)
        os.setuid(65534)

    try:
        proc = _run_as_nobody(readable, locked, tmp_path, as_nobody)
    except PermissionError:
        pytest.skip("the user nobody cannot run this Python")
    if "ModuleNotFoundError" in proc.stderr or "Permission denied: '" + str(REPO) in proc.stderr:
        pytest.skip("the user nobody cannot read this checkout or its virtual environment")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"error: --out {locked / 'o.jsonl'}: cannot write in {locked} "
        "(read-only or permission denied)"
    ]


def _run_as_nobody(
    readable: Path, locked: Path, tmp_path: Path, as_nobody: Callable[[], None]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "noesis_trainer.cli",
            "validate",
            str(readable),
            "--out",
            str(locked / "o.jsonl"),
        ],
        capture_output=True,
        text=True,
        env={**noesis_env(), "HOME": str(tmp_path)},
        cwd=str(tmp_path),
        preexec_fn=as_nobody,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "{seeds}", "--out", "{out}"],
        ["validate", "{seeds}", "--report", "{out}"],
        ["generate", "{seeds}", "-n", "2", "-o", "{out}"],
        ["convert", "{seeds}", "-o", "{out}"],
        ["judge", "{answers}", "--markdown", "{out}"],
        ["split", "{seeds}", "-o", "{out}"],
        ["merge", "--base", "{tmp}", "--adapter", "{tmp}", "--out", "{out}"],
        ["export-gguf", "{tmp}", "--out", "{out}"],
    ],
)
def test_names_over_255_bytes(tmp_path: Path, seeds: Path, command: list[str]) -> None:
    answers = tmp_path / "ans.jsonl"
    answers.write_text('{"prompt": "Por que?", "response": "Porque sim."}\n', encoding="utf-8")
    out = tmp_path / ("n" * 300 + ".jsonl")
    args = [a.format(seeds=seeds, out=out, answers=answers, tmp=tmp_path) for a in command]
    line = assert_one_line_error(noesis(*args))
    assert "is longer than 255 bytes" in line


def test_run_with_a_name_over_255_bytes(tmp_path: Path, seeds: Path) -> None:
    config = tmp_path / "long.yaml"
    config.write_text(f"name: {'n' * 300}\nseeds: [{seeds}]\nmodel: tiny\n", encoding="utf-8")
    line = assert_one_line_error(noesis("run", config, "--until", "validate-seeds"), code=1)
    assert line.endswith(": File name too long")
