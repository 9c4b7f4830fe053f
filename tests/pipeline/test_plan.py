"""Cost plan: the arithmetic, the budget refusal, token counting, and the seed-data estimate."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from noesis_trainer.core.dataset import Dataset
from noesis_trainer.errors import BudgetExceededError
from noesis_trainer.pipeline.plan import (
    CostAssumptions,
    TokenCount,
    check_budget,
    count_tokens_by_ratio,
    make_plan,
)

REPO = Path(__file__).resolve().parents[2]
NOESIS = [sys.executable, "-c", "from noesis_trainer.cli import main; main()"]
"""`noesis` from this checkout's source (with `SRC` on PYTHONPATH)."""
SRC = str(Path(__file__).resolve().parents[2] / "src")


def _tokens(total: int = 30_000, rows: int = 100) -> TokenCount:
    return TokenCount(
        rows=rows,
        total=total,
        mean=total / rows,
        max=500,
        completion_total=total // 2,
        over_max_length=0,
        method="test",
    )


def test_plan_arithmetic() -> None:
    a = CostAssumptions(overhead_s_per_epoch=0.0)
    plan = make_plan(_tokens(), train_rows=200, epochs=3, gpu="L40S", assumptions=a)
    real = 60_000  # 30,000 tokens for 100 rows, scaled to 200 rows
    packed = math.ceil(real / 2048) * 2048
    assert plan.ours.tokens_per_epoch == packed
    assert plan.ours.hours_per_epoch == pytest.approx(packed / 2000 / 3600)
    assert plan.ours.dollars_total == pytest.approx(3 * packed / 2000 / 3600 * 1.95)
    assert plan.seed_config.tokens_per_epoch == 200 * 2048
    assert plan.seed_config.padding_fraction == pytest.approx(1 - real / (200 * 2048))
    assert plan.seed_claim["dollars"] == 90.0 and plan.seed_claim["hours"] == 6.0


def test_overrides_and_bad_inputs() -> None:
    cheap = CostAssumptions(prices={"L40S": 1.0}, tokens_per_second={"L40S": 4000.0})
    base = make_plan(_tokens(), gpu="L40S")
    other = make_plan(_tokens(), gpu="L40S", assumptions=cheap)
    expected = (base.ours.tokens_per_epoch / 4000 + 300) / 3600
    assert other.ours.hours_per_epoch == pytest.approx(expected)
    assert other.price_per_hour == 1.0
    h100x2 = make_plan(_tokens(), gpu="H100:2")
    assert h100x2.price_per_hour == pytest.approx(2 * 3.95)
    with pytest.raises(ValueError, match="no price for GPU 'T4'"):
        make_plan(_tokens(), gpu="T4")
    with pytest.raises(ValueError, match="epochs must be >= 1"):
        make_plan(_tokens(), epochs=0)


def test_budget_refusal_names_both_figures() -> None:
    plan = make_plan(_tokens(3_000_000, 1000), gpu="H100")
    check_budget(plan, None)
    check_budget(plan, plan.ours.dollars_total + 0.01)
    with pytest.raises(BudgetExceededError) as info:
        check_budget(plan, 0.5)
    line = info.value.line()
    assert f"${plan.ours.dollars_total:.2f} exceeds max_cost $0.50" in line
    assert "noesis plan CONFIG" in line


def test_ratio_estimate_counts_every_row() -> None:
    ds = Dataset.load(REPO / "examples" / "data" / "seeds.jsonl")
    counted = count_tokens_by_ratio(ds.examples)
    assert counted.rows == len(ds) == 40
    assert counted.total == sum(count_tokens_by_ratio([e]).total for e in ds.examples)
    assert "272 tokens/1000 chars" in counted.method


@pytest.mark.integration
def test_real_tokens_with_the_tiny_tokenizer(tmp_path: Path) -> None:
    from transformers import AutoTokenizer

    from noesis_trainer.export.tokens import token_counts
    from noesis_trainer.pipeline.plan import count_tokens
    from noesis_trainer.testing import build_tiny_tokenizer

    ds = Dataset.load(REPO / "examples" / "data" / "seeds.jsonl")
    tok = AutoTokenizer.from_pretrained(build_tiny_tokenizer(tmp_path / "tok"))
    counted = count_tokens(ds.examples[:10], tok, max_length=512)
    direct = token_counts(ds.examples[:10], tok)
    assert counted.total == sum(c.total for c in direct)
    assert counted.max == max(c.total for c in direct)
    assert counted.over_max_length == sum(c.total > 512 for c in direct)
    assert counted.method.startswith("tokenizer ")


SEED_CONFIG = """\
name: noesis-seed
seeds: [{seeds}]
model: meta-llama/Llama-3.1-8B-Instruct
backend: modal
epochs: 3
variations: {{count: 5500}}
split: {{eval_fraction: 0.1}}
modal: {{gpu: L40S}}
budget: {{max_cost: {budget}}}
"""


@pytest.mark.external
def test_plan_on_the_shared_seed_data(shared_data: Path, tmp_path: Path) -> None:
    config = tmp_path / "seed.yaml"
    seeds = shared_data / "seed_examples_philosophical.jsonl"
    config.write_text(SEED_CONFIG.format(seeds=seeds, budget=20), encoding="utf-8")
    env = {
        "HF_HUB_OFFLINE": "1",
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYTHONPATH": SRC,
    }
    out = subprocess.run(
        [*NOESIS, "plan", str(config)], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "5,490 training rows x 3 epochs on L40S" in text
    assert "600 rows counted, mean 247, max 555 tokens per row; scaled x9.15" in text
    assert "| ours: packing | 1,357,824 | 0% | 0.27 | 0.53 | 0.82 | 1.59 |" in text
    assert "| original: pad to 2048 | 11,243,520 | 88% | 1.64 | 3.21 | 4.93 | 9.62 |" in text
    own = "| the original process (TRAINING_PROCESS): its own estimate | | | 2.00 | 30.00 | 6.00 |"
    assert own + " 90.00 |" in text
    assert "within budget: $1.59 <= max_cost $20.00" in text

    config.write_text(SEED_CONFIG.format(seeds=seeds, budget=1), encoding="utf-8")
    over = subprocess.run(
        [*NOESIS, "plan", str(config)], capture_output=True, text=True, env=env, timeout=120
    )
    assert over.returncode == 1
    assert (
        over.stderr.strip()
        .splitlines()[-1]
        .startswith("error: estimated cost $1.59 exceeds max_cost $1.00")
    )


def test_plan_cli_rejects_unknown_gpu(tmp_path: Path) -> None:
    out = subprocess.run(
        [*NOESIS, "plan", str(REPO / "examples" / "pipeline.yaml"), "--gpu", "L40"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": SRC},
        timeout=120,
    )
    assert out.returncode == 2
    assert "did you mean 'L40S'" in out.stderr


def test_every_throughput_names_its_source() -> None:
    from noesis_trainer.pipeline.plan import THROUGHPUT_8B, CostAssumptions, throughput_source

    assert THROUGHPUT_8B and all(note for _, note in THROUGHPUT_8B.values())
    text = make_plan(_tokens(), gpu="L40S").to_markdown()
    assert f"throughput source: {THROUGHPUT_8B['L40S'][1]}" in text
    mine = CostAssumptions(tokens_per_second={"L40S": 3100.0})
    assert throughput_source("L40S", mine) == "set in the config (budget.tokens_per_second)"
