"""Automatic garbage collection paused around batch work that makes no reference cycles."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause automatic GC inside the block (restored after, also on error).

    Scoring a batch, or streaming a file through the validator, builds hundreds of thousands of
    small acyclic objects; each burst of allocations triggered a collection that walked every
    cached feature or the whole run state again (about 13% of the heuristic judges' time, 12%
    of a validation run). Nested pauses are harmless."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
