"""Plan a training job before paying for it: real tokens, GPU hours and dollars, per epoch.

The cost of a fine-tune is the number of tokens the GPU computes divided by its throughput,
times its price. The seed padded every example to 2,048 tokens, so it paid for mostly padding;
packing computes only the real tokens. Both are shown side by side. Prices and throughputs are
assumptions with a date, and every one can be overridden in the config.
"""

from __future__ import annotations

import math
import os
import statistics
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from noesis_trainer.core.formatting import ChatFormat, assistant_text, to_messages
from noesis_trainer.core.schema import Example
from noesis_trainer.errors import BudgetExceededError

PRICES_DATE = "2026-11"
GPU_PRICE_PER_HOUR: dict[str, float] = {"L40S": 1.95, "A100-80GB": 2.50, "H100": 3.95}
"""Modal's on-demand prices per GPU-hour seen in 2026 (docs/GUIDE); override with `prices`."""

THROUGHPUT_8B: dict[str, tuple[float, str]] = {
    "L40S": (2000.0, "assumed: ~35% of 362 TFLOP/s dense bf16 at ~64 GFLOP/token; not measured"),
    "A100-80GB": (2300.0, "assumed: L40S's utilization of 312 TFLOP/s, capped by bandwidth"),
    "H100": (4500.0, "assumed: L40S's utilization of 989 TFLOP/s, capped by bandwidth"),
}
"""Training tokens/s of an 8B model in 4-bit QLoRA, keyed by GPU, each with where the figure comes
from. None is measured yet: no GPU was lent to this project's sessions so far. Running
``bench/bench_train_gpu.py`` on a GPU gives the measured figure (its ``unsloth`` row's
real_tokens_per_second); replace the entry and its source with it (docs/benchmarks.md)."""

TOKENS_PER_SECOND_8B: dict[str, float] = {gpu: tps for gpu, (tps, _) in THROUGHPUT_8B.items()}
"""Assumed training throughput of an 8B model in 4-bit QLoRA (r=64, all linear layers) with
Unsloth and gradient checkpointing. L40S: about 64 GFLOP per token (6N for the LoRA forward and
backward plus a recomputed forward) at ~35% of its 362 TFLOP/s dense bf16; A100-80GB and H100 by
the same utilization of their dense bf16 peak, capped by memory bandwidth. Not measured here:
override `tokens_per_second` with a figure from your own first epoch (metrics.jsonl has it)."""

PT_TOKENS_PER_1000_CHARS = 272.0
"""Llama 3 tokens per 1,000 characters of the seed's Portuguese, used only without a tokenizer."""

SEED_MAX_LENGTH = 2048
"""The seed's ``padding: max_length`` at ``max_seq_length: 2048`` (training_config.yaml)."""

SEED_CLAIM = {"epochs": 3, "hours": 6.0, "dollars": 90.0, "per_epoch_hours": 2.0}
"""The seed process's own estimate for 3 epochs on one L40S (TRAINING_PROCESS, stage 5)."""


class CostAssumptions(BaseModel):
    """Prices and throughputs the estimate uses; all overridable from the config's `budget:`."""

    model_config = ConfigDict(extra="forbid")

    prices: dict[str, float] = Field(default_factory=lambda: dict(GPU_PRICE_PER_HOUR))
    prices_date: str = PRICES_DATE
    tokens_per_second: dict[str, float] = Field(default_factory=lambda: dict(TOKENS_PER_SECOND_8B))
    model_params_b: float = Field(default=8.0, gt=0)
    """Throughputs are for 8B parameters and scale inversely with model size."""
    overhead_s_per_epoch: float = Field(default=300.0, ge=0)
    """Checkpoint save, per-epoch Tribunal and container start, per epoch."""

    def price(self, gpu: str) -> float:
        name = gpu.split(":")[0]
        if name not in self.prices:
            raise ValueError(
                f"no price for GPU {name!r}; add it under budget.prices (known: "
                f"{', '.join(self.prices)})"
            )
        count = int(gpu.split(":")[1]) if ":" in gpu else 1
        return self.prices[name] * count

    def throughput(self, gpu: str) -> float:
        name = gpu.split(":")[0]
        if name not in self.tokens_per_second:
            raise ValueError(
                f"no throughput for GPU {name!r}; add it under budget.tokens_per_second"
            )
        return self.tokens_per_second[name] * 8.0 / self.model_params_b


def throughput_source(gpu: str, assumptions: CostAssumptions) -> str:
    """Where the throughput of `gpu` comes from: the table's note, or the user's override."""
    name = gpu.split(":")[0]
    figure = THROUGHPUT_8B.get(name)
    if figure is None or assumptions.tokens_per_second.get(name) != figure[0]:
        return "set in the config (budget.tokens_per_second)"
    return figure[1]


class TokenCount(BaseModel):
    """Real tokens of the rendered conversations of a dataset."""

    rows: int
    total: int
    mean: float
    max: int
    completion_total: int
    over_max_length: int
    method: str


def count_tokens(
    examples: Sequence[Example],
    tokenizer: Any,
    *,
    fmt: ChatFormat | None = None,
    max_length: int = 2048,
) -> TokenCount:
    """Tokenize each example as it is trained (chat template; `noesis_trainer.export.tokens`)."""
    from noesis_trainer.export.tokens import token_counts

    counts = token_counts(examples, tokenizer, fmt)
    name = getattr(tokenizer, "name_or_path", "") or type(tokenizer).__name__
    return _summary(
        [c.total for c in counts],
        sum(c.completion for c in counts),
        max_length,
        f"tokenizer {name}",
    )


def count_tokens_by_ratio(
    examples: Sequence[Example],
    *,
    fmt: ChatFormat | None = None,
    tokens_per_1000_chars: float = PT_TOKENS_PER_1000_CHARS,
    max_length: int = 2048,
) -> TokenCount:
    """Estimate from characters when the model's tokenizer cannot be loaded (said in `method`)."""
    per_turn_overhead = 5  # header tokens + end of turn, per message
    lengths: list[int] = []
    completion = 0
    for example in examples:
        messages = to_messages(example, fmt)
        chars = sum(len(m["content"]) for m in messages)
        lengths.append(
            1 + per_turn_overhead * len(messages) + math.ceil(chars * tokens_per_1000_chars / 1000)
        )
        completion += math.ceil(len(assistant_text(example, fmt)) * tokens_per_1000_chars / 1000)
    return _summary(
        lengths, completion, max_length, f"estimate: {tokens_per_1000_chars:g} tokens/1000 chars"
    )


def _summary(lengths: list[int], completion: int, max_length: int, method: str) -> TokenCount:
    return TokenCount(
        rows=len(lengths),
        total=sum(lengths),
        mean=statistics.fmean(lengths) if lengths else 0.0,
        max=max(lengths, default=0),
        completion_total=completion,
        over_max_length=sum(1 for n in lengths if n > max_length),
        method=method,
    )


class Scenario(BaseModel):
    """One way of batching the same rows: what the GPU computes and what it costs."""

    label: str
    tokens_per_epoch: int
    padding_fraction: float
    hours_per_epoch: float
    dollars_per_epoch: float
    hours_total: float
    dollars_total: float


class Plan(BaseModel):
    """The estimate for one dataset, GPU and number of epochs; ours beside the seed's config."""

    gpu: str
    epochs: int
    train_rows: int
    rows_counted: int
    scale: float
    tokens: TokenCount
    price_per_hour: float
    tokens_per_second: float
    ours: Scenario
    seed_config: Scenario
    seed_claim: dict[str, float]
    assumptions: CostAssumptions

    def to_markdown(self) -> str:
        a = self.assumptions
        lines = [
            f"# Training plan: {self.train_rows:,} training rows x {self.epochs} epochs on "
            f"{self.gpu}",
            "",
            f"- tokens: {self.tokens.method}; {self.tokens.rows:,} rows counted, mean "
            f"{self.tokens.mean:.0f}, max {self.tokens.max} tokens per row"
            + (
                f"; scaled x{self.scale:.2f} to {self.train_rows:,} rows" if self.scale != 1 else ""
            ),
            f"- price: ${self.price_per_hour:.2f}/h ({a.prices_date}); throughput assumed "
            f"{self.tokens_per_second:,.0f} tokens/s for {a.model_params_b:g}B parameters; "
            f"{a.overhead_s_per_epoch:.0f} s overhead per epoch",
            f"- throughput source: {throughput_source(self.gpu, a)}",
            "",
            "| config | tokens/epoch | padding | h/epoch | $/epoch | h total | $ total |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for s in (self.ours, self.seed_config):
            lines.append(
                f"| {s.label} | {s.tokens_per_epoch:,} | {s.padding_fraction:.0%} | "
                f"{s.hours_per_epoch:.2f} | {s.dollars_per_epoch:.2f} | {s.hours_total:.2f} | "
                f"{s.dollars_total:.2f} |"
            )
        c = self.seed_claim
        lines.append(
            f"| the original process (TRAINING_PROCESS): its own estimate | | | "
            f"{c['per_epoch_hours']:.2f} | "
            f"{c['dollars'] / c['epochs']:.2f} | {c['hours']:.2f} | {c['dollars']:.2f} |"
        )
        return "\n".join(lines) + "\n"


def _scenario(
    label: str, computed: int, real: int, epochs: int, tps: float, price: float, overhead: float
) -> Scenario:
    hours = (computed / tps + overhead) / 3600
    return Scenario(
        label=label,
        tokens_per_epoch=computed,
        padding_fraction=1 - real / computed if computed else 0.0,
        hours_per_epoch=hours,
        dollars_per_epoch=hours * price,
        hours_total=hours * epochs,
        dollars_total=hours * price * epochs,
    )


def make_plan(
    tokens: TokenCount,
    *,
    train_rows: int | None = None,
    epochs: int = 3,
    gpu: str = "L40S",
    max_seq_length: int = 2048,
    assumptions: CostAssumptions | None = None,
) -> Plan:
    """Estimate cost from counted tokens; `train_rows` above the rows counted scales linearly
    (variations not generated yet are assumed to be as long as the rows counted)."""
    if epochs < 1:
        raise ValueError(f"epochs must be >= 1, got {epochs}")
    a = assumptions or CostAssumptions()
    rows = train_rows if train_rows is not None else tokens.rows
    scale = rows / tokens.rows if tokens.rows else 0.0
    real = round(tokens.total * scale)
    packed = math.ceil(real / max_seq_length) * max_seq_length  # only the last block is padded
    padded = rows * SEED_MAX_LENGTH  # the seed pads every row to 2,048, whatever ours uses
    price = a.price(gpu)
    tps = a.throughput(gpu)
    overhead = a.overhead_s_per_epoch
    return Plan(
        gpu=gpu,
        epochs=epochs,
        train_rows=rows,
        rows_counted=tokens.rows,
        scale=scale,
        tokens=tokens,
        price_per_hour=price,
        tokens_per_second=tps,
        ours=_scenario("ours: packing", packed, real, epochs, tps, price, overhead),
        seed_config=_scenario(
            f"original: pad to {SEED_MAX_LENGTH}", padded, real, epochs, tps, price, overhead
        ),
        seed_claim=dict(SEED_CLAIM),
        assumptions=a,
    )


def check_budget(plan: Plan, max_cost: float | None) -> None:
    """The seed's "budget confirmed", enforced: refuse a job whose estimate exceeds `max_cost`."""
    if max_cost is not None and plan.ours.dollars_total > max_cost:
        raise BudgetExceededError(plan.ours.dollars_total, max_cost)


def load_tokenizer(name_or_path: str) -> Any | None:
    """The model's tokenizer from a local folder or the Hugging Face cache; None when offline."""
    if not Path(name_or_path).is_dir() and os.environ.get("HF_HUB_OFFLINE") == "1":
        try:
            from huggingface_hub import try_to_load_from_cache
        except ImportError:
            return None
        if not isinstance(try_to_load_from_cache(name_or_path, "tokenizer_config.json"), str):
            return None  # offline and not cached: don't pay for importing transformers
    try:
        from transformers import AutoTokenizer

        return AutoTokenizer.from_pretrained(name_or_path)
    except Exception:  # offline, gated, or not a tokenizer: the caller falls back to a ratio
        return None


def count_for_model(
    examples: Iterable[Example],
    model: str | None,
    *,
    fmt: ChatFormat | None = None,
    max_length: int = 2048,
) -> TokenCount:
    """Real tokens with the model's tokenizer when it loads, else the character-ratio estimate."""
    rows = list(examples)
    tokenizer = load_tokenizer(model) if model else None
    if tokenizer is not None and getattr(tokenizer, "chat_template", None):
        return count_tokens(rows, tokenizer, fmt=fmt, max_length=max_length)
    counted = count_tokens_by_ratio(rows, fmt=fmt, max_length=max_length)
    why = f"the tokenizer of {model} could not be loaded" if model else "no tokenizer yet"
    return counted.model_copy(update={"method": f"{counted.method} ({why})"})


MAX_EPOCHS = 1000
MAX_VARIATIONS = 1_000_000


def check_plan_inputs(config: Any) -> None:
    """Refuse what no real run means, as one line (ValueError) before counting anything:
    an absurd epoch count or variation count, seeds with no valid example, an unknown GGUF type."""
    from noesis_trainer.core.dataset import Dataset
    from noesis_trainer.merging.gguf import QUANTS

    if not 1 <= config.epochs <= MAX_EPOCHS:
        raise ValueError(f"epochs: {config.epochs} is out of range (1 to {MAX_EPOCHS})")
    if config.variations.count > MAX_VARIATIONS:
        raise ValueError(
            f"variations.count: {config.variations.count} is out of range (0 to {MAX_VARIATIONS:,})"
        )
    deploy = getattr(config, "deploy", None)
    quant = str(getattr(deploy, "gguf_quant", "f16")).lower()
    if quant not in QUANTS:
        raise ValueError(f"deploy.gguf_quant: {quant!r} is not one of {', '.join(QUANTS)}")
    seeds = Dataset.load(config.seed_paths())
    if not len(seeds):
        first = f"; first problem: {seeds.problems[0]}" if seeds.problems else ""
        names = ", ".join(str(p) for p in config.seed_paths())
        raise ValueError(f"seeds: no valid example in {names}{first}")


def plan_for_config(config: Any) -> Plan:
    """The plan of a `PipelineConfig`: the split's train rows when the split exists, else the
    seeds scaled to ``(seeds + variations.count) x (1 - eval_fraction)`` rows."""
    from noesis_trainer.core.dataset import Dataset
    from noesis_trainer.core.named_models import cached, is_named_model

    check_plan_inputs(config)
    run = config.run_path
    split_train = run / "dataset" / "train.jsonl"
    if split_train.is_file():
        examples = Dataset.load(split_train).examples
        train_rows = len(examples)
    else:
        examples = Dataset.load(config.seed_paths()).examples
        total = len(examples) + config.variations.count
        train_rows = round(total * (1 - config.split.eval_fraction))
    if config.model == "tiny":
        built = run / "model"
        model: str | None = str(built) if (built / "config.json").is_file() else None
    elif is_named_model(config.model):
        found = cached(config.model)  # converted already (the pipeline's model stage does it)
        model = str(found) if found is not None else None
    else:
        local = Path(config.model)
        if not local.is_absolute() and (config.base_dir / local).exists():
            local = config.base_dir / local
        model = str(local) if local.exists() else config.model
    max_len = config.training.model.max_seq_length
    tokens = count_for_model(examples, model, max_length=max_len)
    assumptions = CostAssumptions.model_validate(config.budget.model_dump(exclude={"max_cost"}))
    return make_plan(
        tokens,
        train_rows=train_rows,
        epochs=config.epochs,
        gpu=config.modal.gpu,
        max_seq_length=max_len,
        assumptions=assumptions,
    )


# -- rewriting variations with a model on Modal (issue 17) ---------------------------------------

REWRITE_OUTPUT_TOKENS_PER_SECOND: dict[str, float] = {"L40S": 1500.0, "A100-80GB": 2500.0}
REWRITE_OUTPUT_TOKENS_PER_SECOND.update({"H100": 4000.0})
"""Aggregate output tokens/s of vLLM serving an 8B instruct model in bf16 with continuous
batching, order of magnitude (vLLM's published benchmarks); prompts are read about ten times
faster than replies are written."""
REWRITE_PROMPT_TOKENS = 1000
"""Tokens of one rewrite request (instructions, the seed's question and answer, the draft)."""
REWRITE_ATTEMPTS = 1.3
"""Attempts per kept variation (refused outputs are retried)."""
REWRITE_STARTUP_S = 240.0
"""Per container: image start and model load (an 8B model from the Hub cache)."""


class RewriteEstimate(BaseModel):
    """GPU hours and dollars to rewrite `count` variations with a model on one GPU type."""

    count: int
    gpu: str
    containers: int
    gpu_hours: float
    dollars: float
    price_per_hour: float
    assumptions: str


def rewrite_estimate(
    count: int,
    gpu: str = "L40S",
    *,
    max_new_tokens: int = 512,
    batch_seeds: int = 50,
    seeds: int = 600,
    budget: Any | None = None,
) -> RewriteEstimate:
    """Two model calls per attempt (a question of up to 96 tokens, an answer of up to
    `max_new_tokens`), `REWRITE_ATTEMPTS` attempts per variation, one container per batch."""
    a = budget if budget is not None else CostAssumptions()
    name = gpu.split(":")[0]
    tps = REWRITE_OUTPUT_TOKENS_PER_SECOND.get(name)
    if tps is None:
        raise ValueError(
            f"no rewrite throughput for GPU {name!r} (known: "
            f"{', '.join(REWRITE_OUTPUT_TOKENS_PER_SECOND)})"
        )
    calls = count * REWRITE_ATTEMPTS * 2
    written = count * REWRITE_ATTEMPTS * (96 + max_new_tokens)
    seconds = written / tps + calls * REWRITE_PROMPT_TOKENS / (10 * tps)
    containers = max(1, -(-seeds // batch_seeds))
    hours = (seconds + containers * REWRITE_STARTUP_S) / 3600
    price = a.price(gpu)
    return RewriteEstimate(
        count=count,
        gpu=gpu,
        containers=containers,
        gpu_hours=round(hours, 3),
        dollars=round(hours * price, 2),
        price_per_hour=price,
        assumptions=(
            f"{tps:.0f} output tokens/s, {REWRITE_ATTEMPTS} attempts per variation, "
            f"{REWRITE_STARTUP_S:.0f} s start per container, ${price:.2f}/GPU-hour"
        ),
    )
