"""Reuse the project-written seed examples of the variation tests (the real SmolLM2 folder is the
root conftest's `smollm2_dir`)."""

from tests.variations.conftest import project_seeds

__all__ = ["project_seeds"]
