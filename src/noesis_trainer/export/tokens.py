"""Token statistics of a dataset for one tokenizer and chat format.

Why: the seed pads every example to 2,048 tokens while a rendered example is about 280 tokens, so
most of the computation goes to padding. `token_stats` measures the counts (prompt, completion,
total, rendered through the chat template) and the share of computed tokens that would be
padding under three layouts: padded to ``max_length``, padded to the longest row of each batch,
and packed (rows concatenated into ``max_length`` blocks, only the last block padded).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from noesis_trainer.core.dataset import LengthPercentiles, percentiles
from noesis_trainer.core.formatting import ChatFormat, to_prompt_completion
from noesis_trainer.core.schema import Example


class TokenCounts(BaseModel):
    id: str
    prompt: int
    completion: int

    @property
    def total(self) -> int:
        return self.prompt + self.completion


class PaddingFigures(BaseModel):
    """Computed tokens and the fraction of them that are padding, for one layout."""

    computed_tokens: int
    padding_fraction: float


class TokenStats(BaseModel):
    """Token figures of a dataset (JSON-serializable)."""

    examples: int
    max_length: int
    batch_size: int
    prompt: LengthPercentiles | None
    completion: LengthPercentiles | None
    total: LengthPercentiles | None
    real_tokens: int
    truncated: int
    padded_to_max_length: PaddingFigures
    padded_per_batch: PaddingFigures
    packed: PaddingFigures

    def lines(self) -> list[str]:
        t = self.total
        out = [f"{self.examples} examples, max_length {self.max_length}"]
        if t is not None:
            out.append(f"total tokens: p50 {t.p50}, p90 {t.p90}, p99 {t.p99}, max {t.max}")
        out += [
            f"padding if padded to {self.max_length}: "
            f"{self.padded_to_max_length.padding_fraction:.1%}",
            f"padding if padded per batch of {self.batch_size}: "
            f"{self.padded_per_batch.padding_fraction:.1%}",
            f"padding if packed: {self.packed.padding_fraction:.1%}",
        ]
        if self.truncated:
            out.append(f"{self.truncated} examples longer than {self.max_length} (truncated)")
        return out


def token_counts(
    examples: Iterable[Example], tokenizer: Any, fmt: ChatFormat | None = None
) -> list[TokenCounts]:
    """Prompt (system + user + assistant header) and completion tokens of each example."""
    out = []
    for ex in examples:
        pc = to_prompt_completion(ex, tokenizer, fmt)
        n_prompt = len(tokenizer(pc["prompt"], add_special_tokens=False)["input_ids"])
        n_completion = len(tokenizer(pc["completion"], add_special_tokens=False)["input_ids"])
        out.append(TokenCounts(id=ex.id, prompt=n_prompt, completion=n_completion))
    return out


def _figures(real: int, computed: int) -> PaddingFigures:
    return PaddingFigures(
        computed_tokens=computed,
        padding_fraction=(1.0 - real / computed) if computed else 0.0,
    )


def padding_figures(
    totals: list[int], max_length: int = 2048, batch_size: int = 8
) -> tuple[int, PaddingFigures, PaddingFigures, PaddingFigures]:
    """(real tokens, padded-to-max, padded-per-batch, packed) for these example lengths."""
    clipped = [min(t, max_length) for t in totals]
    real = sum(clipped)
    to_max = _figures(real, len(clipped) * max_length)
    per_batch = sum(
        max(clipped[i : i + batch_size]) * len(clipped[i : i + batch_size])
        for i in range(0, len(clipped), batch_size)
    )
    blocks = math.ceil(real / max_length) if real else 0
    return real, to_max, _figures(real, per_batch), _figures(real, blocks * max_length)


def token_stats(
    examples: Iterable[Example],
    tokenizer: Any,
    fmt: ChatFormat | None = None,
    *,
    max_length: int = 2048,
    batch_size: int = 8,
) -> TokenStats:
    """Counts, percentiles and padding fractions of `examples` rendered with `tokenizer`."""
    if max_length < 1 or batch_size < 1:
        raise ValueError("max_length and batch_size must be at least 1")
    counts = token_counts(examples, tokenizer, fmt)
    totals = [c.total for c in counts]
    real, to_max, per_batch, packed = padding_figures(totals, max_length, batch_size)
    return TokenStats(
        examples=len(counts),
        max_length=max_length,
        batch_size=batch_size,
        prompt=percentiles([c.prompt for c in counts]),
        completion=percentiles([c.completion for c in counts]),
        total=percentiles(totals),
        real_tokens=real,
        truncated=sum(t > max_length for t in totals),
        padded_to_max_length=to_max,
        padded_per_batch=per_batch,
        packed=packed,
    )
