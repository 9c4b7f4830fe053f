"""Native word statistics (`_words.c`); see `tribunal.judges.text.word_stats`."""

from collections.abc import Set

def stats(
    folded: str, stopwords: Set[str], second_person: Set[str], /
) -> tuple[list[str], int, int, int, int, str, frozenset[str]] | None: ...
