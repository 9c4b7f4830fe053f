"""Fixtures of the training tests: one tiny random Llama shared by the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.training.examples import tokenizer_texts


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ~1M-parameter random Llama whose tokenizer knows the memorization set's words."""
    pytest.importorskip("transformers")
    from noesis_trainer.testing import build_tiny_llama

    return build_tiny_llama(tmp_path_factory.mktemp("tiny") / "model", tokenizer_texts())
