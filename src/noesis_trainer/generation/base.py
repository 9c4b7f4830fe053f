"""The `TextGenerator` protocol: anything that turns chat conversations into assistant replies.

Techniques (rewriting variations) and judges (LLM-as-judge) depend on this protocol only, so the
backend (local transformers, an OpenAI-compatible server...) is a choice of the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypedDict, runtime_checkable


class ChatMessage(TypedDict):
    role: str
    content: str


Conversation = Sequence[ChatMessage]


@runtime_checkable
class TextGenerator(Protocol):
    """Generates one reply per conversation; deterministic when `temperature` is 0 or `seed` set."""

    def generate(
        self,
        conversations: Sequence[Conversation],
        *,
        max_new_tokens: int = 256,
        temperature: float = 0.0,
        seed: int | None = None,
    ) -> list[str]:
        """Return one assistant reply (text only, no special tokens) per conversation, in order."""
        ...


class CappedGenerator:
    """A `TextGenerator` whose replies are capped at `cap` new tokens (None: no cap), for
    backends that take the cap per call only (servers)."""

    def __init__(self, inner: TextGenerator, cap: int | None) -> None:
        self.inner = inner
        self.cap = cap

    @property
    def finished(self) -> list[bool | None] | None:
        found = getattr(self.inner, "finished", None)
        return found if isinstance(found, list) else None

    def generate(
        self,
        conversations: Sequence[Conversation],
        *,
        max_new_tokens: int = 256,
        temperature: float = 0.0,
        seed: int | None = None,
    ) -> list[str]:
        if self.cap is not None:
            max_new_tokens = min(max_new_tokens, self.cap)
        return self.inner.generate(
            conversations, max_new_tokens=max_new_tokens, temperature=temperature, seed=seed
        )
