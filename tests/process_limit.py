"""Run a Python child that drops from root to an unprivileged user with RLIMIT_NPROC at one:
that user's only task is the child, so the kernel refuses it every fork and every new thread. A
real limit (no mock) for the tests of what the library does without processes or threads."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

NOT_LIMITED = 3
"""The child's exit code when the limit did not hold (it could still fork or start a thread)."""

PRELUDE = f"""
import os, resource, sys


def drop_to_limited_user():
    resource.setrlimit(resource.RLIMIT_NPROC, (1, 1))
    os.setgid(65534)
    os.setuid(65534)


def exit_unless(refused):
    try:
        refused()
    except (OSError, RuntimeError):
        return
    sys.exit({NOT_LIMITED})
"""
"""Prepended to every child script: `drop_to_limited_user()`, and `exit_unless(action)`, which
ends the child with `NOT_LIMITED` when `action` (a fork, a thread) was not refused."""

needs_root = pytest.mark.skipif(
    not hasattr(os, "setuid") or os.geteuid() != 0, reason="needs root to drop to a user"
)


@contextmanager
def shared_folder(prefix: str) -> Iterator[Path]:
    """A folder under the system's temporary directory that the unprivileged user may write
    (pytest's own folders are the owner's alone), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        folder.chmod(0o777)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_child(script: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`script` (after `PRELUDE`) in a fresh interpreter; skips the test when the limit did not
    hold on this system."""
    done = subprocess.run(
        [sys.executable, "-c", PRELUDE + script, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode == NOT_LIMITED:
        pytest.skip("this system still forks or starts threads under RLIMIT_NPROC=1")
    return done
