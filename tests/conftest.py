"""Shared fixtures: the external real-data folder, and plugin isolation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(
    os.environ.get("NOESIS_SHARED_DATA", REPO_ROOT.parent / "shared" / "data" / "noesis-original")
)

# Keep torch & friends on one thread: CI and dev machines have 2 cores.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The original pipeline's real data (../shared/data/noesis-original); skips where absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(
            f"external corpus not found at {SHARED_DATA} "
            "(set NOESIS_SHARED_DATA to the noesis-original folder to run these tests)"
        )
    return SHARED_DATA


@pytest.fixture(scope="session")
def smollm2_dir() -> Path:
    """The real SmolLM2-135M-Instruct as a safetensors folder, converted once per machine into
    the model cache (core.named_models) and shared by every real-model test; skips, naming
    the extra, where the package that ships its GGUF is not installed."""
    from noesis_trainer.core.named_models import gguf_source, resolve
    from noesis_trainer.errors import NoesisError

    try:
        gguf_source("smollm2-135m")
    except NoesisError as err:
        pytest.skip(err.line())
    return resolve("smollm2-135m")
