"""Tiny base model + LoRA adapters made with PEFT itself (no Trainer needed), shared per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.merging.helpers import make_adapter


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch")
    from noesis_trainer.testing import build_tiny_llama

    return build_tiny_llama(tmp_path_factory.mktemp("merging") / "base")


@pytest.fixture(scope="session")
def tiny_adapter(tiny_base: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_adapter(tiny_base, tmp_path_factory.mktemp("merging") / "adapter", seed=1)


@pytest.fixture(scope="session")
def merged_streaming(
    tiny_base: Path, tiny_adapter: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    from noesis_trainer.merging import Merger

    out = tmp_path_factory.mktemp("merging") / "merged-streaming"
    Merger(tiny_base, tiny_adapter, max_shard_size="600KB").merge(out, streaming=True)
    return out
