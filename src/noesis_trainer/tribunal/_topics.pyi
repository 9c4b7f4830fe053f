"""Native batch-topic walk (`_topics.c`); see
`tribunal.judges.batch_topics.BatchTopics.topics_reaching`."""

from collections.abc import Set
from types import NotImplementedType

def reaching(
    stems: Set[str],
    own: str,
    leading: dict[str, list[str]],
    index: dict[str, list[str]],
    topics: dict[str, tuple[str, ...]],
    weight: dict[str, float],
    /,
) -> dict[str, float] | NotImplementedType | None: ...
