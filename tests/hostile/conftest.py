"""Helpers for the hostile-input and fault tests: the real `noesis` command in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "examples" / "data" / "seeds.jsonl"


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str


def noesis_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("OMP_NUM_THREADS", "1")
    env["COLUMNS"] = "200"
    return env


def noesis(
    *args: str | os.PathLike[str],
    cwd: Path | None = None,
    timeout: float = 120,
    env: dict[str, str | None] | None = None,
) -> Ran:
    """Run `noesis ARGS` as a user would (python -m noesis_trainer.cli), capture everything;
    `env` adds variables (None removes one)."""
    full = noesis_env()
    for key, value in (env or {}).items():
        if value is None:
            full.pop(key, None)
        else:
            full[key] = value
    proc = subprocess.run(
        [sys.executable, "-m", "noesis_trainer.cli", *map(os.fspath, args)],
        capture_output=True,
        text=True,
        env=full,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
    return Ran(proc.returncode, proc.stdout, proc.stderr)


def assert_one_line_error(ran: Ran, code: int = 2) -> str:
    """Exit `code`, no traceback, exactly one line on stderr; returns that line."""
    assert ran.code == code, (ran.code, ran.err, ran.out)
    assert "Traceback" not in ran.err + ran.out
    lines = [line for line in ran.err.splitlines() if line.strip()]
    assert len(lines) == 1, ran.err
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    path = tmp_path / "seeds.jsonl"
    path.write_bytes(SEEDS.read_bytes())
    return path
