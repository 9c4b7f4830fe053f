"""The example technique yields kept variations, directly and as a registered plugin."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

import noesis_technique_example  # noqa: E402

from noesis_trainer import Dataset, VariationGenerator  # noqa: E402
from noesis_trainer.plugins import get_plugin_manager  # noqa: E402
from noesis_trainer.variations import available_techniques  # noqa: E402

SEEDS = Path(__file__).resolve().parents[4] / "examples" / "data" / "seeds.jsonl"


@pytest.fixture
def registered() -> Iterator[None]:
    pm = get_plugin_manager()
    pm.register(noesis_technique_example, name="technique_example_test")
    try:
        yield
    finally:
        pm.unregister(name="technique_example_test")


def test_every_seed_gives_a_kept_variation(registered: None) -> None:
    seeds = Dataset.load(SEEDS)
    assert "naive-answer" in available_techniques()
    result = VariationGenerator(["naive-answer"]).generate(seeds, count=len(seeds), seed=42)
    assert result.summary.per_technique == {"naive-answer": len(seeds)}
    assert result.summary.unproductive == {}
    assert sorted(ex.parent_id or "" for ex in result.dataset.examples) == sorted(
        ex.id for ex in seeds.examples
    )
    by_parent = {ex.parent_id: ex for ex in result.dataset.examples}
    seed = seeds.examples[0]
    made = by_parent[seed.id]
    assert made.technique == "naive-answer"
    assert seed.response_initial in made.prompt and seed.prompt in made.prompt
    assert made.prompt.endswith("O que essa resposta deixa de fora?")
    assert made.response_revised.startswith("A resposta é incompleta. Quanto à verdade: ")
    assert made.response_revised.endswith(seed.reasoning)


def test_an_appending_technique_is_refused_and_the_summary_says_why(registered: None) -> None:
    """The pitfall the example avoids: a draft that only appends to its seed is a near-copy."""

    class Appending:
        name = "appending"

        def vary(self, example, rng, generator=None):  # type: ignore[no-untyped-def]
            return example.model_copy(update={"prompt": example.prompt + " Por quê?"})

    seeds = Dataset.load(SEEDS)
    result = VariationGenerator([Appending()]).generate(seeds, count=5, seed=42)
    assert len(result.dataset) == 0
    why = result.summary.unproductive["appending"]
    assert "near-copy of its own seed" in why
    lines = result.summary.lines()
    assert any(line.startswith("technique 'appending' made no variation") for line in lines)
