"""Checks shared by the tests of the optional C helpers (`core.native`): each is built wherever
a compiler is, and ``NOESIS_NATIVE=0`` keeps it from loading."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from noesis_trainer.core.native import NATIVE_ENV, native_allowed


def assert_built_where_a_compiler_is(built: bool, what: str) -> None:
    """CI and dev machines have a compiler: a silent fallback to Python there is a build bug."""
    if not native_allowed():
        pytest.skip(f"turned off with {NATIVE_ENV}=0")
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("no C compiler on this machine: the Python code runs alone")
    assert built, f"a C compiler is here but {what} was not built"


def printed_with_native_off(code: str) -> str:
    """What `code` prints in a fresh interpreter with ``NOESIS_NATIVE=0``."""
    env = {**os.environ, NATIVE_ENV: "0"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()
