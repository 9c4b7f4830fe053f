"""Issue 14 items 4 and 5 made systematic: kill commands at random points, then check that
no output is half-written, inputs are byte-identical, temp files are swept by the next run, and
no child process outlives its parent (the llama.cpp converter of `export-gguf`)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile.conftest import noesis, noesis_env

KILL_POINTS = 6
"""Random kill times per command: enough to land in loading, work and writing phases."""


def _children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start(*args: str | os.PathLike[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "noesis_trainer.cli", *map(os.fspath, args)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=noesis_env(),
    )


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "{big}", "--out", "{out}", "--rejects", "{out2}", "--report", "{out3}"],
        ["generate", "{seeds}", "-n", "300", "-o", "{out}"],
        ["split", "{big}", "-o", "{dir}"],
        ["convert", "{chat}", "-o", "{out}"],
    ],
)
def test_sigkill_at_random_points_never_leaves_a_torn_output(
    tmp_path: Path, seeds: Path, command: list[str]
) -> None:
    rng = random.Random(f"{command[0]}-14")
    big = tmp_path / "big.jsonl"
    rows = seeds.read_text(encoding="utf-8").splitlines()
    big.write_text("\n".join(rows * 5) + "\n", encoding="utf-8")
    chat = tmp_path / "chat.jsonl"
    chat.write_text(
        '{"messages": [{"role": "user", "content": "Uma pergunta longa o bastante?"}, '
        '{"role": "assistant", "content": "' + "Uma resposta. " * 6 + '"}]}\n' * 2000,
        encoding="utf-8",
    )
    work = tmp_path / "work"
    work.mkdir()
    outs = [work / "out.jsonl", work / "out2.jsonl", work / "out3.json"]
    for out in outs:
        out.write_text("PREVIOUS\n", encoding="utf-8")
    inputs = {p: p.read_bytes() for p in (seeds, big, chat)}
    args = [
        a.format(seeds=seeds, big=big, chat=chat, out=outs[0], out2=outs[1], out3=outs[2], dir=work)
        for a in command
    ]
    for _ in range(KILL_POINTS):
        proc = _start(*args)
        time.sleep(rng.uniform(0.3, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        for out in outs:
            text = out.read_text(encoding="utf-8")
            assert text == "PREVIOUS\n" or (text.endswith("\n") and len(text) > 10), out
    assert {p: p.read_bytes() for p in inputs} == inputs
    done = noesis(*args, timeout=300)
    assert done.code in (0, 1), done.err
    assert "Traceback" not in done.err
    leftovers = [p.name for p in work.iterdir() if p.name.startswith(".")]
    assert leftovers == []  # temp files of the killed runs were swept by the last one
    assert {p: p.read_bytes() for p in inputs} == inputs


def test_killed_export_leaves_no_converter_running(tmp_path: Path) -> None:
    """SIGKILL of `noesis export-gguf` while llama.cpp's converter runs: the converter dies too
    (PR_SET_PDEATHSIG), instead of converting on with nobody to collect its output."""
    pytest.importorskip("torch")
    from noesis_trainer.merging.gguf import find_converter
    from noesis_trainer.testing import build_tiny_llama

    try:
        find_converter()
    except Exception as err:  # the tooling is optional on a dev machine
        pytest.skip(f"llama.cpp converter not installed: {err}")
    model = build_tiny_llama(tmp_path / "model")
    proc = _start("export-gguf", model, "--out", tmp_path / "m.gguf", "--quant", "f16")
    child = None
    deadline = time.monotonic() + 60
    while child is None and time.monotonic() < deadline and proc.poll() is None:
        kids = _children_of(proc.pid)
        child = kids[0] if kids else None
        time.sleep(0.01)
    if child is None:
        proc.wait(60)
        pytest.skip("the conversion ended before its child could be observed")
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    gone = time.monotonic() + 10
    while _alive(child) and time.monotonic() < gone:
        time.sleep(0.05)
    assert not _alive(child), "the converter outlived the killed command"
    assert not (tmp_path / "m.gguf").exists()
