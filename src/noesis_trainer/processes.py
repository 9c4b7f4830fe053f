"""Child processes that die with their parent.

A converter or worker started by a command must not outlive it: when the command is killed
(SIGKILL cannot be caught, so no cleanup code runs), Linux's ``PR_SET_PDEATHSIG`` makes the
kernel send the child SIGKILL too. Elsewhere the child gets its own process group so that at
least the caller can end the whole group.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
import sys
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1


def _set_parent_death_signal() -> None:  # runs in the child, between fork and exec
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


def die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` for `subprocess` that ties the child's life to this process (Linux),
    or None where the platform has no such call."""
    return _set_parent_death_signal if sys.platform.startswith("linux") else None
