"""Issue 14 item 5: a second `noesis run` on a busy folder is refused with one line, the lock
dies with its holder, and a stage output changed behind the pipeline's back is rebuilt."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from noesis_trainer.errors import NoesisError
from noesis_trainer.pipeline.config import PipelineConfig
from noesis_trainer.pipeline.runner import LOCK_NAME, Pipeline, run_lock
from tests.hostile.conftest import REPO, assert_one_line_error, noesis, noesis_env


def _pipeline(tmp_path: Path) -> Pipeline:
    cfg = PipelineConfig.from_dict(
        {"name": "unit", "seeds": [str(REPO / "examples/data/seeds.jsonl")], "run_dir": "run"},
        base_dir=tmp_path,
    )
    return Pipeline(cfg, log=lambda line: None)


def test_a_changed_output_makes_the_stage_run_again(tmp_path: Path) -> None:
    p = _pipeline(tmp_path)
    source = tmp_path / "in.txt"
    source.write_text("a\n")
    out = p.root / "data" / "clean.jsonl"
    calls: list[int] = []

    def body() -> dict[str, object]:
        calls.append(1)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text('{"id": 1}\n')
        return {}

    def run() -> None:
        p.stage("validate", inputs=[source], params={}, outputs=[out], body=body)

    run()
    run()
    assert len(calls) == 1
    with out.open("a") as fh:
        fh.write('{"broken\n')  # a broken line appended by hand
    run()
    assert len(calls) == 2
    assert out.read_text() == '{"id": 1}\n'


def test_the_lock_refuses_a_second_holder(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import time
                from pathlib import Path
                from noesis_trainer.pipeline.runner import run_lock
                with run_lock(Path({str(tmp_path)!r})):
                    print("locked", flush=True)
                    time.sleep(60)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=noesis_env(),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        busy = rf"in use by another `noesis run` \(pid {holder.pid}\)"
        with pytest.raises(NoesisError, match=busy), run_lock(tmp_path):
            pass
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        with run_lock(tmp_path):  # the kernel released the dead holder's lock
            assert (tmp_path / LOCK_NAME).read_text() == str(os.getpid())
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(10)


def test_second_noesis_run_on_a_busy_folder_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "pipeline.yaml"
    config.write_text(
        f"name: busy\nseeds: [{REPO / 'examples/data/seeds.jsonl'}]\nrun_dir: run\n",
        encoding="utf-8",
    )
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path\n"
            "from noesis_trainer.pipeline.runner import run_lock\n"
            "with run_lock(Path(sys.argv[1])):\n print('locked', flush=True)\n time.sleep(60)",
            str(run_dir),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=noesis_env(),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        line = assert_one_line_error(noesis("run", config, "--until", "validate-seeds"), code=1)
        assert "is in use by another `noesis run`" in line
        assert time.monotonic() - started < 60  # refused at once, not after waiting
        assert not (run_dir / "stages").exists()
    finally:
        holder.kill()
        holder.wait(10)
