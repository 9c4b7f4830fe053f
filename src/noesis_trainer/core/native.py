"""The switch for the optional compiled helpers (built by ``setup.py`` where a C compiler is).

Six small C extensions speed up per-row text work: in `noesis validate` (issue 15), the
output-failure prescreen (`tribunal._prescreen`) and the sentence hashes of the boilerplate
measure (`core._sentences`); in the Tribunal (issue 12), an answer's word counts, marker
phrases, marks of fact and 4-grams (`tribunal._words`), the other prompts of its batch it reaches
(`tribunal._topics`) and the word vectors of the default second look (`tribunal._vectors`); in
both, accent folding (`core._fold`). Each only ever says "surely nothing" or "here is the same
result"; the Python code stays the definition and runs wherever they are missing.
``NOESIS_NATIVE=0`` turns them all off (a comparison, a benchmark, a suspected bug).
"""

from __future__ import annotations

import os

NATIVE_ENV = "NOESIS_NATIVE"


def native_allowed() -> bool:
    """False when ``NOESIS_NATIVE=0``: the compiled helpers are not loaded."""
    return os.environ.get(NATIVE_ENV, "1").strip() != "0"
