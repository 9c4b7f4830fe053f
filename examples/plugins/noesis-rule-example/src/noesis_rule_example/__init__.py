"""An example plugin: a rule that flags a `reasoning` too thin to explain anything."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from noesis_trainer import hookimpl
from noesis_trainer.validation import Hit, RowRule


class ThinReasoningRule(RowRule):
    """`reasoning` with fewer than `min_words` words: the 'why' of the revision is missing."""

    id = "example.thin-reasoning"
    severity = "warning"
    message = "reasoning is too short to explain why the revised answer is better"
    fix = "say in a sentence or two what the revision fixes (truth, wisdom, justice)"

    def __init__(self, min_words: int = 8) -> None:
        self.min_words = min_words

    def check(self, record: Mapping[str, Any]) -> Iterable[Hit]:
        text = record.get("reasoning")
        if isinstance(text, str):
            n = len(text.split())
            if n < self.min_words:
                return (Hit(f"{n} words (fewer than {self.min_words})", "reasoning"),)
        return ()


@hookimpl
def register_rules(register: Callable[[Any], None]) -> None:
    register(ThinReasoningRule())
