"""Text generation backends behind one protocol (`TextGenerator`)."""

from noesis_trainer.generation.base import ChatMessage, Conversation, TextGenerator

__all__ = ["ChatMessage", "Conversation", "TextGenerator"]
