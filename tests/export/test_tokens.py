"""Token statistics: exact padding arithmetic, and counts through the tiny tokenizer."""

from __future__ import annotations

from pathlib import Path

import pytest

from noesis_trainer import Dataset
from noesis_trainer.core.formatting import ChatFormat, render
from noesis_trainer.export.tokens import padding_figures, token_counts, token_stats

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "data" / "seeds.jsonl"


def test_padding_figures_exact():
    real, to_max, per_batch, packed = padding_figures(
        [100, 300, 2100], max_length=1000, batch_size=2
    )
    assert real == 1400  # the 2,100-token row is cut to 1,000
    assert to_max.computed_tokens == 3000 and to_max.padding_fraction == pytest.approx(
        1 - 1400 / 3000
    )
    assert per_batch.computed_tokens == 300 * 2 + 1000
    assert per_batch.padding_fraction == pytest.approx(1 - 1400 / 1600)
    assert packed.computed_tokens == 2000 and packed.padding_fraction == pytest.approx(0.3)


def test_padding_figures_edge_cases():
    real, to_max, _, packed = padding_figures([], max_length=8)
    assert real == 0 and to_max.padding_fraction == 0.0 and packed.computed_tokens == 0
    real, to_max, _, packed = padding_figures([8, 8], max_length=8)
    assert to_max.padding_fraction == 0.0 and packed.padding_fraction == 0.0


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory):
    from transformers import AutoTokenizer

    from noesis_trainer.testing import build_tiny_tokenizer

    return AutoTokenizer.from_pretrained(build_tiny_tokenizer(tmp_path_factory.mktemp("tok")))


@pytest.mark.integration
def test_counts_add_up_to_the_rendered_conversation(tokenizer):
    ds = Dataset.load(SEEDS)
    counts = token_counts(ds.examples[:10], tokenizer)
    for ex, c in zip(ds.examples[:10], counts, strict=True):
        whole = tokenizer(render(ex, tokenizer), add_special_tokens=False)["input_ids"]
        assert c.id == ex.id and c.total == len(whole)
        assert c.prompt > 0 and c.completion > 0
    without = token_counts(ds.examples[:10], tokenizer, ChatFormat(include_critique=False))
    for a, b in zip(counts, without, strict=True):
        assert a.prompt == b.prompt and a.completion > b.completion


@pytest.mark.integration
def test_stats_of_the_project_seeds(tokenizer):
    ds = Dataset.load(SEEDS)
    stats = token_stats(ds, tokenizer, max_length=2048, batch_size=8)
    totals = sorted(c.total for c in token_counts(ds, tokenizer))
    assert stats.examples == len(ds) == 40
    assert stats.total.max == totals[-1] and stats.total.min == totals[0]
    assert stats.real_tokens == sum(min(t, 2048) for t in totals)
    # Packing wastes at most the tail of its last block; padding to 2,048 wastes the most.
    assert stats.padded_to_max_length.padding_fraction == pytest.approx(
        1 - stats.real_tokens / (40 * 2048)
    )
    assert stats.packed.padding_fraction < 2048 / stats.packed.computed_tokens
    assert (
        stats.packed.padding_fraction
        < stats.padded_per_batch.padding_fraction
        < stats.padded_to_max_length.padding_fraction
    )
    assert any("padding if packed" in line for line in stats.lines())


@pytest.mark.integration
def test_cli_tokens(tokenizer, tmp_path):
    import json

    from typer.testing import CliRunner

    from noesis_trainer.cli import app

    tokenizer.save_pretrained(tmp_path / "tok")
    runner = CliRunner()
    res = runner.invoke(app, ["tokens", str(SEEDS), "--tokenizer", str(tmp_path / "tok"), "--json"])
    assert res.exit_code == 0, res.output
    payload = json.loads(res.output)
    assert payload["examples"] == 40 and payload["max_length"] == 2048
    res = runner.invoke(app, ["tokens", str(SEEDS), "--tokenizer", str(tmp_path / "missing")])
    assert res.exit_code == 2 and "missing: no such folder" in " ".join(res.output.split())
