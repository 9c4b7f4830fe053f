"""Reuse the project-written seed examples of the variation tests; the real SmolLM2 folder."""

from tests.generation.smollm2 import smollm2_folder
from tests.variations.conftest import project_seeds

__all__ = ["project_seeds", "smollm2_folder"]
