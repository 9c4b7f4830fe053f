"""Native accent folding (`_fold.c`); see `core.folding.fold`."""

from collections.abc import Callable

def fold(
    text: str, table: tuple[str, ...], wider: Callable[[str], str | None], /
) -> str | None: ...
