"""Project-written examples for the variation tests (examples/data/seeds.jsonl, pt and en)."""

from __future__ import annotations

from pathlib import Path

import pytest

from noesis_trainer import Dataset

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "data" / "seeds.jsonl"


@pytest.fixture(scope="session")
def project_seeds() -> Dataset:
    ds = Dataset.load(SEEDS)
    assert len(ds) >= 20 and not ds.problems
    return ds
