"""A minimal transformers generator, used by `evaluate_model` only when
`noesis_trainer.generation.local.TransformersGenerator` is not available.

It renders each conversation with the tokenizer's own chat template (generation prompt on), pads
on the left, decodes greedily unless a temperature is given, and returns only the new text.
Imports torch/transformers lazily: this module is never imported by `import noesis_trainer`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from noesis_trainer.generation.base import Conversation


class MinimalHFGenerator:
    """`TextGenerator` over a local model folder (CPU by default)."""

    def __init__(self, path: str | Path, *, device: str = "cpu", batch_size: int = 8) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        self.path = Path(path)
        self.batch_size = batch_size
        self.tokenizer: Any = AutoTokenizer.from_pretrained(self.path)
        self.tokenizer.padding_side = "left"
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self.model: Any = AutoModelForCausalLM.from_pretrained(self.path, dtype=torch.float32)
        self.model.to(device).eval()
        self.device = device

    def generate(
        self,
        conversations: Sequence[Conversation],
        *,
        max_new_tokens: int = 256,
        temperature: float = 0.0,
        seed: int | None = None,
    ) -> list[str]:
        import torch

        if seed is not None:
            torch.manual_seed(seed)
        out: list[str] = []
        for lo in range(0, len(conversations), self.batch_size):
            batch = conversations[lo : lo + self.batch_size]
            texts = [
                self.tokenizer.apply_chat_template(
                    list(c), tokenize=False, add_generation_prompt=True
                )
                for c in batch
            ]
            enc = self.tokenizer(
                texts, return_tensors="pt", padding=True, add_special_tokens=False
            ).to(self.device)
            kwargs: dict[str, Any] = {"max_new_tokens": max_new_tokens}
            if temperature > 0:
                kwargs.update(do_sample=True, temperature=temperature)
            else:
                kwargs.update(do_sample=False)
            with torch.no_grad():
                ids = self.model.generate(**enc, **kwargs)
            new = ids[:, enc["input_ids"].shape[1] :]
            out.extend(
                s.strip() for s in self.tokenizer.batch_decode(new, skip_special_tokens=True)
            )
        return out
