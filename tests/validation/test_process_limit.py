"""Under a process limit (``ulimit -u``, RLIMIT_NPROC) no child can be forked and no thread
started: validation then runs in one process, with the same report, instead of failing with a
traceback. Real limits, no mocks: the test drops from root to an unprivileged user whose only
task is the test's child, with the limit at one."""

from __future__ import annotations

import json

import pytest

from noesis_trainer.core.dedup import process_available
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
@pytest.mark.skipif(not process_available(), reason="needs fork")
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
