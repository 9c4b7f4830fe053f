"""Child processes: started safely, tied to their parent's life.

A converter or worker started by a command must not outlive it: when the command is killed
(SIGKILL cannot be caught, so no cleanup code runs), Linux's ``PR_SET_PDEATHSIG`` makes the
kernel send the child SIGKILL too. Elsewhere the child gets its own process group so that at
least the caller can end the whole group. The forked helpers of `noesis validate` (the hashing
child of `core.dedup`, the row worker) start, pipe and die through the functions below.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

_PR_SET_PDEATHSIG = 1


def _set_parent_death_signal() -> None:  # runs in the child, between fork and exec
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


def die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` for `subprocess` that ties the child's life to this process (Linux),
    or None where the platform has no such call."""
    return _set_parent_death_signal if sys.platform.startswith("linux") else None


def fork_available() -> bool:
    """Whether a helper process can be forked here (Linux only, for now)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def exit_with_parent(parent: int) -> None:
    """In a forked child: ask Linux to kill it when the parent dies (SIGKILL included), so no
    child is left blocked on a pipe; exit at once if the parent (pid `parent`) is already gone."""
    with contextlib.suppress(Exception):
        _set_parent_death_signal()
    if os.getppid() != parent:
        os._exit(0)


PIPE_BYTES = 1 << 20


def widen_pipe(conn: Any) -> None:
    """Ask Linux for a 1 MiB pipe behind `conn`, so the parent rarely waits while a child works."""
    with contextlib.suppress(Exception):
        import fcntl

        fcntl.fcntl(conn.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)


def start_or_close(proc: Any, *pipe_ends: Any) -> None:
    """Start the process `proc`; if it cannot be forked (a process limit, no memory), close
    `pipe_ends`, the ends of its pipes, before the error goes on to the caller's fallback."""
    try:
        proc.start()
    except BaseException:
        for end in pipe_ends:
            end.close()
        raise
