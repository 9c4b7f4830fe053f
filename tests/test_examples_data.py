"""The bundled seed set (examples/data/seeds.jsonl) must stay a valid, varied stage-1 dataset.

It is what the docs and notebooks train on, so a broken or lopsided edit should fail here, not
in a user's first run.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from noesis_trainer.core.dataset import Dataset
from noesis_trainer.core.schema import Difficulty, Example, Value

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "data" / "seeds.jsonl"
TRIBUNAL = re.compile(r"^\[VERITAS\] .+\n\[SOPHIA\] .+\n\[DIKE\] .+$")


@pytest.fixture(scope="module")
def seeds() -> Dataset:
    return Dataset.load(SEEDS)


@pytest.fixture(scope="module")
def examples(seeds: Dataset) -> list[Example]:
    return list(seeds.examples)


def test_loads_with_no_problems(seeds: Dataset) -> None:
    assert seeds.problems == []
    assert seeds.stats().problems == 0


def test_size_and_variety(examples: list[Example]) -> None:
    assert len(examples) >= 30
    categories = Counter(e.category for e in examples)
    assert len(categories) >= 6
    assert {e.difficulty for e in examples} == set(Difficulty)


def test_difficulty_mix_leans_hard(examples: list[Example]) -> None:
    counts = Counter(e.difficulty for e in examples)
    assert counts[Difficulty.HARD] / len(examples) >= 0.5
    assert counts[Difficulty.EASY] < counts[Difficulty.MEDIUM] < counts[Difficulty.HARD]


def test_every_value_used_at_least_twice(examples: list[Example]) -> None:
    used = Counter(v for e in examples for v in e.values_applied)
    assert {v: used[v] for v in Value if used[v] < 2} == {}


def test_ids_unique(examples: list[Example]) -> None:
    ids = [e.id for e in examples]
    assert len(ids) == len(set(ids))


def test_languages(examples: list[Example]) -> None:
    languages = Counter(e.extra_fields.get("language") for e in examples)
    assert set(languages) == {"pt", "en"}
    assert languages["en"] >= 5
    assert languages["pt"] > languages["en"]


def test_critique_has_three_tribunal_parts(examples: list[Example]) -> None:
    bad = [e.id for e in examples if not TRIBUNAL.match(e.critique)]
    assert bad == []


def test_revised_answers_are_substantial_and_clean(examples: list[Example]) -> None:
    for e in examples:
        text = e.response_revised
        assert 400 <= len(text) <= 1200, (e.id, len(text))
        assert "TODO" not in text and "FIXME" not in text, e.id
        assert "lorem ipsum" not in text.lower(), e.id
        assert re.search(r"\{\w*\}", text) is None, e.id
        assert e.response_initial != text, e.id


def _shingles(text: str, n: int = 3) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(max(len(words) - n + 1, 1))}


def test_no_near_duplicate_prompts_or_answers(examples: list[Example]) -> None:
    for field in ("prompt", "response_initial", "response_revised"):
        shingles = {e.id: _shingles(getattr(e, field)) for e in examples}
        for a, b in itertools.combinations(shingles, 2):
            jaccard = len(shingles[a] & shingles[b]) / len(shingles[a] | shingles[b])
            assert jaccard < 0.5, (field, a, b, jaccard)


def test_file_is_one_json_object_per_line() -> None:
    lines = SEEDS.read_text(encoding="utf-8").splitlines()
    assert all(isinstance(json.loads(line), dict) for line in lines)
