"""Reuse the project-written seed examples of the variation tests."""

from tests.variations.conftest import project_seeds

__all__ = ["project_seeds"]
