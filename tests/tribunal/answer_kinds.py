"""`in_kind` for a (prompt, reply) pair, with the prompt's features as the judges read them."""

from __future__ import annotations

from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.heuristic import answered
from noesis_trainer.tribunal.judges.text import in_kind


def in_kind_of(prompt: str, reply: str) -> bool:
    """Whether `reply` opens with the kind of thing `prompt` asks for (`text.in_kind`)."""
    return in_kind(prompt, reply, answered(JudgeItem(prompt, reply))[0])
