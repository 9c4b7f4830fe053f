"""Examples -> token ids with the loss only on the assistant's answer.

We tokenize ourselves instead of letting TRL do it, for three reasons: the chat template already
renders ``<|begin_of_text|>`` (tokenizing its text with special tokens would add a second one);
an example whose answer would be cut off or fully masked must be an error naming it, not a row
TRL silently truncates or drops; and the real token counts feed the result and the benchmark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from noesis_trainer.core.formatting import ChatFormat, to_prompt_completion
from noesis_trainer.core.schema import Example
from noesis_trainer.errors import NoesisError

IGNORE_INDEX = -100


class TrainingDataError(NoesisError):
    """Examples that cannot be trained on as configured; the message names them."""


@dataclass
class TokenizedExamples:
    """Rows ready for TRL (``input_ids`` and ``labels``), plus counts."""

    ids: list[str] = field(default_factory=list)
    input_ids: list[list[int]] = field(default_factory=list)
    labels: list[list[int]] = field(default_factory=list)

    @property
    def total_tokens(self) -> int:
        return sum(len(x) for x in self.input_ids)

    @property
    def completion_tokens(self) -> int:
        return sum(sum(1 for t in row if t != IGNORE_INDEX) for row in self.labels)

    @property
    def lengths(self) -> list[int]:
        return [len(x) for x in self.input_ids]

    def to_hf(self) -> Any:
        """A `datasets.Dataset` with ``input_ids`` and ``labels`` (TRL skips its own tokenizing)."""
        import datasets

        return datasets.Dataset.from_dict({"input_ids": self.input_ids, "labels": self.labels})


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def tokenize_examples(
    examples: Sequence[Example],
    tokenizer: Any,
    fmt: ChatFormat,
    max_seq_length: int,
    *,
    source: str = "train",
) -> TokenizedExamples:
    """Tokenize each example's prompt/completion; raise naming every example that cannot train."""
    out = TokenizedExamples()
    too_long: list[str] = []
    masked: list[str] = []
    for ex in examples:
        pc = to_prompt_completion(ex, tokenizer, fmt)
        prompt_ids = tokenizer(pc["prompt"], add_special_tokens=False)["input_ids"]
        full_ids = tokenizer(pc["prompt"] + pc["completion"], add_special_tokens=False)["input_ids"]
        start = _common_prefix(prompt_ids, full_ids)
        if len(full_ids) - start <= 0:
            masked.append(f"{ex.id} (no answer tokens)")
            continue
        if len(full_ids) > max_seq_length:
            if start >= max_seq_length:
                masked.append(
                    f"{ex.id} (prompt alone is {start} tokens >= max_seq_length {max_seq_length})"
                )
            else:
                too_long.append(f"{ex.id} ({len(full_ids)} tokens)")
            continue
        out.ids.append(ex.id)
        out.input_ids.append(list(full_ids))
        out.labels.append([IGNORE_INDEX] * start + list(full_ids[start:]))
    problems = []
    if masked:
        problems.append(
            f"{len(masked)} {source} example(s) would have every label masked: "
            + ", ".join(masked[:10])
            + (" ..." if len(masked) > 10 else "")
        )
    if too_long:
        problems.append(
            f"{len(too_long)} {source} example(s) longer than max_seq_length {max_seq_length} "
            "(their answers would be cut off): "
            + ", ".join(too_long[:10])
            + (" ..." if len(too_long) > 10 else "")
        )
    if problems:
        raise TrainingDataError(
            "; ".join(problems),
            "raise model.max_seq_length, or shorten or remove those examples",
        )
    if not out.ids:
        raise TrainingDataError(f"no {source} examples to train on", "check data.train_file")
    return out
