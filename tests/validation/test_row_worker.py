"""The forked row worker (`validation.row_worker`): the same results as one process, no orphans.

Small chunks and no size threshold make a file of a few hundred rows alternate between the
parent and the child many times, with every awkward line kind on both sides of a chunk border.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noesis_trainer.core.schema import REQUIRED_FIELDS
from noesis_trainer.processes import fork_available
from noesis_trainer.validation import Validator, row_worker
from noesis_trainer.validation.quarantine import quarantine
from noesis_trainer.validation.validator import _read_lines, _Run, default_workers
from tests.validation.helpers import record, words

pytestmark = pytest.mark.skipif(not fork_available(), reason="needs fork (Linux)")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(row_worker, "CHUNK_LINES", 8)
    monkeypatch.setattr(row_worker, "MIN_BYTES", 0)


def _outputs(path: Path, workers: int, out: Path) -> dict[str, Any]:
    """The report, and the accepted and rejected files the CLI writes, of one run."""
    out.mkdir(parents=True, exist_ok=True)
    report = Validator(workers=workers).validate(path)
    data: dict[str, Any] = json.loads(report.to_json())
    data.pop("seconds")
    quarantine(
        report,
        out=out / "accepted.jsonl",
        rejects=out / "rejects.jsonl",
        findings=out / "findings.jsonl",
    )
    return {
        "report": data,
        "accepted": (out / "accepted.jsonl").read_bytes(),
        "rejects": (out / "rejects.jsonl").read_bytes(),
        "findings": (out / "findings.jsonl").read_bytes(),
    }


def _awkward_file(path: Path, rows: int, bad_json_at: int | None = None) -> None:
    lines: list[str] = []
    for i in range(rows):
        rec = record(i, id=f"row_{i:04d}", category=f"tema_{i % 5}")
        kind = i % 11
        if kind == 1:
            rec.pop("reasoning")
        elif kind == 2:
            rec["response_revised"] = "TODO: " + words(i, 30)
        elif kind == 3:
            rec["prompt"] = "Fale sobre {concept} e {tema}."
        elif kind == 4:
            rec["critique"] = "[VERITAS] só isto."
        elif kind == 5:
            rec = {"instruction": "Pergunta?", "output": words(i, 20)}  # a foreign format
        elif kind == 6:
            rec["values_applied"] = "verdade"
        elif kind == 7:
            rec["response_revised"] = " ".join(["de novo e de novo"] * 12) + "."
        elif kind == 8:
            rec["response_initial"] = "Esta é uma pergunta interessante."
        elif kind == 9:  # with the loops: enough mostly-boilerplate rows for the rule to speak
            rec["response_revised"] = "Uma frase que muitas respostas repetem. " + words(i, 30)
        lines.append(json.dumps(rec, ensure_ascii=False))
        if i % 13 == 0:
            lines.append("")  # blank lines shift line numbers against chunk borders
    if bad_json_at is not None:
        lines.insert(bad_json_at, '{"id": "quebrado", "prompt": ')
        lines.append("[1, 2, 3]")
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")  # a BOM on line 1


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("bad_json_at", [None, 150])
def test_worker_gives_the_outputs_of_one_process(tmp_path: Path, bad_json_at: int | None) -> None:
    path = tmp_path / "awkward.jsonl"
    _awkward_file(path, 300, bad_json_at)
    one = _outputs(path, 1, tmp_path / "one")
    two = _outputs(path, 2, tmp_path / "two")
    assert one == two
    counts = {r["id"]: r["findings"] for r in one["report"]["rules"]}
    assert counts["placeholder-marker"] == 28
    assert counts["foreign-format"] == 27
    assert counts["response-output-failure"] >= 27  # the looping answers
    assert counts["boilerplate"] == 1  # its figures come from summaries the child computed
    assert one["report"]["total_rows"] == 300 + (2 if bad_json_at is not None else 0)


def test_worker_is_used_and_takes_its_chunks(tmp_path: Path, small_chunks: None) -> None:
    """Guard against the comparison above passing because no child ever ran."""
    path = tmp_path / "f.jsonl"
    _awkward_file(path, 100)
    run = _Run(Validator(workers=2), 2)
    worker = row_worker.RowWorker.start(run, os.fspath(path))
    assert worker is not None and worker.pid is not None
    line = json.loads(path.read_text(encoding="utf-8").splitlines()[8])
    chunk = path.read_bytes().splitlines(keepends=True)[8:16]  # chunk 1: lines 9 to 16
    got = worker.chunk_verdicts(run.rows, 1, chunk)  # the parent claims nothing: the child all
    assert got is not None and worker.owns(1)
    codes, sets, summaries = got
    assert len(codes) == 8 and summaries is not None and len(summaries) == 8
    keys, valid = sets[codes[0] >> 2], row_worker.VALIDITY[codes[0] & 3]
    assert keys  # line 9 holds row 7: a looping answer
    here_keys, here_valid = run.verdict(os.fspath(path), 9, line)  # the parent's own answer
    assert (tuple(keys), valid) == (tuple(here_keys), here_valid)
    assert valid is True and summaries[0] is not None
    assert summaries[0] == tuple(f(line, True) for f in run.summarizers)
    assert len(summaries[0]) == 1 and summaries[0][0]
    assert all(type(h) is int for h in summaries[0][0])
    worker.close()
    assert not worker.alive
    other = row_worker.RowWorker.start(run, os.fspath(path))
    assert other is not None
    changed = [chunk[0].replace(b"row_", b"fila"), *chunk[1:]]  # same length, other bytes
    assert other.chunk_verdicts(run.rows, 1, changed) is None
    assert not other.alive  # a file that changed under the parent: the parent takes over
    one = _Run(Validator(workers=1), 1)
    assert row_worker.RowWorker.start(one, os.fspath(path)) is None


def test_claims_hand_out_each_chunk_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The child takes the next unclaimed chunk; the parent takes the one it reaches if nobody
    has, or, waiting, one at most MAX_AHEAD further on; a lock held by a dead child never
    hangs the parent."""
    claims = row_worker.Claims(multiprocessing.get_context("fork"))
    assert claims.take_next() == 0  # the child
    assert claims.take(1) == 1  # the parent reaches chunk 1 first: its own
    assert claims.take_next() == 2  # the child skips it
    assert claims.take(2) is None  # the child's
    assert claims.take(2, ahead_of=2) == 3  # waiting for 2, the parent computes 3
    assert claims.take_next() == 4
    for _ in range(row_worker.MAX_AHEAD):
        claims.take_next()
    assert claims.take(4, ahead_of=4) is None  # too far ahead of the parent's reading
    monkeypatch.setattr(row_worker, "LOCK_WAIT", 0.05)
    held = row_worker.Claims(multiprocessing.get_context("fork"))
    held._lock.acquire()  # as a child killed inside `take_next` would leave it
    start = time.monotonic()
    assert held.take(0, alive=lambda: False) is None
    assert time.monotonic() - start < 5


def _read_with_child(path: Path, act: Callable[[int], None]) -> tuple[dict[str, Any], Any]:
    """Validate `path` with a row worker, calling ``act(child pid)`` once the child has claimed
    its first chunk; the report (as JSON) and the worker."""
    run = _Run(Validator(workers=2), 2)
    with open(path, "rb") as handle:
        worker = row_worker.RowWorker.start(run, os.fspath(path), handle.fileno())
        assert worker is not None and worker.pid is not None
        deadline = time.monotonic() + 30
        while worker._claims._next.value < 1 and time.monotonic() < deadline:
            time.sleep(0.001)
        act(worker.pid)
        try:
            _read_lines(os.fspath(path), handle, run, worker)
        finally:
            worker.close()
    report = json.loads(run.finish([os.fspath(path)]).to_json())
    report.pop("seconds")
    return report, worker


@pytest.mark.usefixtures("small_chunks")
def test_parent_computes_ahead_while_the_child_holds_a_chunk(tmp_path: Path) -> None:
    """The child claims a chunk and stops (SIGSTOP) for a while: the parent computes the
    chunks after it meanwhile, then takes the child's verdicts; the report is one process's."""
    path = tmp_path / "awkward.jsonl"
    _awkward_file(path, 1200)  # 160 chunks: the child is stopped long before its last
    one = json.loads(Validator(workers=1).validate(path).to_json())
    one.pop("seconds")
    timers: list[threading.Timer] = []

    def hold(pid: int) -> None:
        os.kill(pid, signal.SIGSTOP)
        timers.append(threading.Timer(0.5, os.kill, (pid, signal.SIGCONT)))
        timers[0].start()

    two, worker = _read_with_child(path, hold)
    timers[0].join()
    assert one == two
    assert worker.handed["child"] >= 1
    assert worker.handed["ahead"] >= 1, worker.handed


@pytest.mark.usefixtures("small_chunks")
def test_a_killed_child_leaves_the_parent_to_finish(tmp_path: Path) -> None:
    """SIGKILL the child after its first claim: the parent computes every chunk it held or
    would have taken, and the report is still one process's."""
    path = tmp_path / "awkward.jsonl"
    _awkward_file(path, 600)
    one = json.loads(Validator(workers=1).validate(path).to_json())
    one.pop("seconds")
    two, worker = _read_with_child(path, lambda pid: os.kill(pid, signal.SIGKILL))
    assert one == two
    assert not worker.alive


_TEXT = st.sampled_from(
    [
        "Pergunta sobre prudência e dever?",
        "curto",
        "",
        "Resposta com {concept} por preencher e mais palavras aqui.",
        "TODO escrever a resposta completa com calma e cuidado.",
        "Uma resposta inteira, com frases completas. E uma segunda frase que fecha bem.",
        " ".join(["volta e volta"] * 10),
        "<|eot_id|> vazou o modelo de conversa nesta resposta longa o bastante.",
    ]
)
_FIELD_VALUE = st.one_of(_TEXT, st.none(), st.integers(-3, 3), st.lists(_TEXT, max_size=2))
_FIELDS = st.sampled_from([*REQUIRED_FIELDS, "technique"])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.one_of(
            st.builds(lambda i: record(i), st.integers(0, 40)),
            st.dictionaries(_FIELDS, _FIELD_VALUE, max_size=10),
            st.builds(
                lambda i, over: record(i, **over),
                st.integers(0, 40),
                st.dictionaries(_FIELDS, _FIELD_VALUE, max_size=3),
            ),
        ),
        min_size=1,
        max_size=60,
    )
)
def test_worker_matches_one_process_on_any_records(
    tmp_path_factory: pytest.TempPathFactory, rows: list[dict[str, Any]]
) -> None:
    saved = row_worker.CHUNK_LINES, row_worker.MIN_BYTES
    row_worker.CHUNK_LINES, row_worker.MIN_BYTES = 4, 0
    try:
        folder = tmp_path_factory.mktemp("prop")
        path = folder / "rows.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        assert _outputs(path, 1, folder / "one") == _outputs(path, 2, folder / "two")
    finally:
        row_worker.CHUNK_LINES, row_worker.MIN_BYTES = saved


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


_HOLDER = """
import os, sys, time
from noesis_trainer.validation import Validator, row_worker
from noesis_trainer.validation.quarantine import quarantine
from noesis_trainer.validation.validator import _read_lines, _Run, default_workers
row_worker.CHUNK_LINES, row_worker.MIN_BYTES = 1, 0
worker = row_worker.RowWorker.start(_Run(Validator(workers=2), 2), sys.argv[1])
print(worker.pid, flush=True)
time.sleep(120)  # never reads: the child fills the pipe and blocks on it
"""


def test_worker_dies_with_a_killed_parent(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    line = json.dumps(record(1)) + "\n"
    path.write_text(line * 60_000, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    parent = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    time.sleep(1.0)
    assert _alive(child), "the child should be blocked on its full pipe"
    parent.send_signal(signal.SIGKILL)
    parent.wait(30)
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child), "the row worker outlived its killed parent"


def test_default_workers_only_with_an_idle_second_core() -> None:
    assert default_workers(2, 0.3) == 2
    assert default_workers(2, 1.0) == 2
    assert default_workers(2, 1.6) == 1  # another job holds the second core
    assert default_workers(16, 9.0) == 2
    assert default_workers(1, 0.0) == 1
    assert default_workers(4, None) == 2  # no load average on this platform: assume idle


@pytest.mark.skipif(not os.path.exists("/proc/stat"), reason="reads Linux's /proc/stat")
def test_other_jobs_counts_what_runs_now_not_the_last_minute() -> None:
    """Two spinning processes are two other jobs at once (the 1-minute load average would need
    most of a minute to say so, and as long to forget them)."""
    from noesis_trainer.validation.validator import _other_jobs, _running_now

    assert (_running_now() or 0) >= 1  # this process is running while it reads
    spin = [sys.executable, "-c", "while True: pass"]
    spinners = [subprocess.Popen(spin) for _ in range(2)]
    try:
        time.sleep(0.3)
        busy = _other_jobs()
        assert busy is not None and busy >= 2, busy
        assert default_workers(2, busy) == 1
    finally:
        for p in spinners:
            p.kill()
            p.wait()
