"""Under a process limit (``ulimit -u``, RLIMIT_NPROC) no child can be forked and no thread
started: validation then runs in one process, with the same report, instead of failing with a
traceback. Real limits, no mocks: the test drops from root to an unprivileged user whose only
task is the test's child, with the limit at one."""

from __future__ import annotations

import json

import pytest

from noesis_trainer.processes import fork_available
from tests.process_limit import needs_root, run_child, shared_folder
from tests.validation.helpers import record

CHILD = r"""
import json
from noesis_trainer.core.dedup import NearDuplicateFinder
from noesis_trainer.validation import Validator, row_worker

row_worker.MIN_BYTES = 0  # the row worker for a small file too
folder = sys.argv[1]
paths = [os.path.join(folder, "rows.jsonl")]


def run():
    report = Validator(workers=2).validate_paths(paths)
    text = "\n".join(x for x in report.to_markdown().splitlines() if not x.startswith("- Time:"))
    return {"rows": report.total_rows, "valid": report.valid_rows, "text": text}


first = run()  # forks as root: every module a fork needs is imported now
drop_to_limited_user()
exit_unless(os.fork)
finder = NearDuplicateFinder(0.5, worker=True)
second = run()
json.dump({"same": first == second, "uses_process": finder.uses_process, "second": second},
          sys.stdout)
"""


@needs_root
@pytest.mark.skipif(not fork_available(), reason="needs fork")
def test_validation_under_a_process_limit_runs_in_one_process() -> None:
    with shared_folder("noesis-nproc-") as folder:
        rows = [record(i) for i in range(300)]
        rows += [record(7)]  # a duplicate: the near-duplicate rules have something to say
        (folder / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
        (folder / "rows.jsonl").chmod(0o644)
        done = run_child(CHILD, str(folder))
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout)
    assert got["uses_process"] is False  # the finder hashes in-process instead of failing
    assert got["second"]["rows"] == 301
    assert got["same"]  # the same report as with the child processes


TERMINAL_CHILD = r"""
import pty
leader, follower = pty.openpty()
os.dup2(follower, 2)  # standard error a terminal: the command draws its bar there
from noesis_trainer.cli import app
from noesis_trainer.console import err_console


folder = sys.argv[1]


def validate(out):
    sys.argv = ["noesis", "validate", os.path.join(folder, "rows.jsonl"),
                "--out", os.path.join(folder, out)]
    try:
        app()
    except SystemExit as done:
        return done.code
    return 0


assert err_console.is_terminal
first = validate("first.jsonl")  # as root: every module the bar needs is imported now
drop_to_limited_user()
import threading
exit_unless(lambda: threading.Thread(target=lambda: None).start())
print(json.dumps([first, validate("second.jsonl")]))
"""


@needs_root
def test_the_validate_bar_gives_way_where_no_thread_can_start() -> None:
    """On a terminal the command draws its bar with a refresh thread; under a thread limit it
    validates without the bar instead of failing with the bar's RuntimeError."""
    with shared_folder("noesis-nproc-tty-") as folder:
        rows = "".join(json.dumps(record(i)) + "\n" for i in range(50))
        (folder / "rows.jsonl").write_text(rows)
        (folder / "rows.jsonl").chmod(0o644)
        done = run_child("import json\n" + TERMINAL_CHILD, str(folder))
        second = (folder / "second.jsonl").read_text() if (folder / "second.jsonl").exists() else ""
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [0, 0]
    assert second == rows
