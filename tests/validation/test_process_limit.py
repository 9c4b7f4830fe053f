"""Under a process limit (``ulimit -u``, RLIMIT_NPROC) no child can be forked and no thread
started: validation then runs in one process, with the same report, instead of failing with a
traceback. Real limits, no mocks: the test drops from root to an unprivileged user whose only
task is the test's child, with the limit at one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from noesis_trainer.core.dedup import process_available
from tests.validation.helpers import record

CHILD = r"""
import json, os, resource, sys
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
resource.setrlimit(resource.RLIMIT_NPROC, (1, 1))
os.setgid(65534)
os.setuid(65534)
try:
    os.fork()
except OSError:
    pass
else:
    sys.exit(3)  # this system still forks under the limit: nothing to test
finder = NearDuplicateFinder(0.5, worker=True)
second = run()
json.dump({"same": first == second, "uses_process": finder.uses_process, "second": second},
          sys.stdout)
"""


@pytest.mark.skipif(
    not hasattr(os, "setuid") or os.geteuid() != 0 or not process_available(),
    reason="needs root (to drop to a user) and fork",
)
def test_validation_under_a_process_limit_runs_in_one_process() -> None:
    folder = Path(tempfile.mkdtemp(prefix="noesis-nproc-"))
    try:
        folder.chmod(0o777)
        rows = [record(i) for i in range(300)]
        rows += [record(7)]  # a duplicate: the near-duplicate rules have something to say
        (folder / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
        (folder / "rows.jsonl").chmod(0o644)
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(folder)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if done.returncode == 3:
        pytest.skip("this system still forks under RLIMIT_NPROC=1")
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout)
    assert got["uses_process"] is False  # the finder hashes in-process instead of failing
    assert got["second"]["rows"] == 301
    assert got["same"]  # the same report as with the child processes
