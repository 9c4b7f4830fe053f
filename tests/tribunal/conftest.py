"""Fixtures of the Tribunal tests: a tiny random Llama (built once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random tiny Llama + tokenizer saved with save_pretrained (chat template included)."""
    pytest.importorskip("torch")
    from noesis_trainer.testing import build_tiny_llama

    return build_tiny_llama(
        tmp_path_factory.mktemp("tiny-llama"),
        texts=["Score: 7/10. Resposta clara.", "O que é verdade? What is truth?"],
        dtype="float32",
    )
