"""Native text vectors (`_vectors.c`); see `tribunal.judges.word_vectors.python_sums`."""

from typing import Any

def sums(
    texts: list[list[str]], index: dict[str, int], table: Any, weights: Any, out: Any, /
) -> None: ...
