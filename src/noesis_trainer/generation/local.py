"""`TransformersGenerator`: the local backend of `TextGenerator`, batched, on transformers.

Conversations are rendered with the tokenizer's chat template, padded on the left (so every row
ends where its reply begins) and generated in batches. Greedy decoding (``temperature=0``) is
deterministic and gives the same reply for a conversation whether it is alone or in a batch;
with ``temperature > 0`` the `seed` fixes the sampling. torch and transformers are imported on
first use, never by ``import noesis_trainer``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from noesis_trainer.generation.base import Conversation


class TransformersGenerator:
    """Generates replies with a causal LM loaded by path (`AutoModelForCausalLM`).

    `max_new_tokens_cap` bounds every call's ``max_new_tokens`` (CPU demos, tests).
    """

    def __init__(
        self,
        model_path: str | os.PathLike[str],
        *,
        batch_size: int = 8,
        device: str | None = None,
        dtype: str | None = None,
        max_new_tokens_cap: int | None = None,
    ) -> None:
        self.model_path = Path(model_path)
        if not self.model_path.is_dir():
            raise FileNotFoundError(f"model folder not found: {self.model_path}")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.batch_size = batch_size
        self._device = device
        self._dtype = dtype
        self.max_new_tokens_cap = max_new_tokens_cap
        self._model: Any = None
        self._tokenizer: Any = None
        self.last_finished: list[bool | None] = []
        """For each reply of the last `generate` call: did it end on an end-of-sequence token
        (False: cut at ``max_new_tokens``)? Output checks use it to spot truncation."""

    def _load(self) -> tuple[Any, Any]:
        if self._model is None:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained(self.model_path)
            tokenizer.padding_side = "left"
            if tokenizer.pad_token is None:
                tokenizer.pad_token = tokenizer.eos_token
            if tokenizer.chat_template is None:
                raise ValueError(f"the tokenizer in {self.model_path} has no chat template")
            device = self._device or ("cuda" if torch.cuda.is_available() else "cpu")
            kwargs: dict[str, Any] = {}
            if self._dtype is not None:
                kwargs["dtype"] = getattr(torch, self._dtype)
            model = AutoModelForCausalLM.from_pretrained(self.model_path, **kwargs).to(device)
            model.eval()
            self._model, self._tokenizer = model, tokenizer
        return self._model, self._tokenizer

    def generate(
        self,
        conversations: Sequence[Conversation],
        *,
        max_new_tokens: int = 256,
        temperature: float = 0.0,
        seed: int | None = None,
    ) -> list[str]:
        """One reply per conversation, in order, generated `batch_size` at a time."""
        if not conversations:
            return []
        import torch

        model, tokenizer = self._load()
        texts = [
            tokenizer.apply_chat_template(list(c), tokenize=False, add_generation_prompt=True)
            for c in conversations
        ]
        if self.max_new_tokens_cap is not None:
            max_new_tokens = min(max_new_tokens, self.max_new_tokens_cap)
        sampling = temperature > 0
        if seed is not None:
            torch.manual_seed(seed)
        replies: list[str] = []
        finished: list[bool | None] = []
        stops = _stop_ids(model, tokenizer)
        for start in range(0, len(texts), self.batch_size):
            chunk = texts[start : start + self.batch_size]
            # The chat template already wrote the begin-of-text token.
            enc = tokenizer(chunk, return_tensors="pt", padding=True, add_special_tokens=False)
            enc = {k: v.to(model.device) for k, v in enc.items()}
            options: dict[str, Any] = {
                "max_new_tokens": max_new_tokens,
                "do_sample": sampling,
                "pad_token_id": tokenizer.pad_token_id,
            }
            if sampling:
                options.update(temperature=temperature, top_p=1.0, top_k=0)
            else:
                options.update(temperature=None, top_p=None, top_k=None)
            with torch.no_grad():
                out = model.generate(**enc, **options)
            new_tokens = out[:, enc["input_ids"].shape[1] :]
            replies.extend(
                tokenizer.decode(row, skip_special_tokens=True).strip() for row in new_tokens
            )
            finished.extend(bool(stops & set(row.tolist())) for row in new_tokens)
        self.last_finished = finished
        return replies


def _stop_ids(model: Any, tokenizer: Any) -> set[int]:
    """Token ids that end a reply: the generation config's eos id(s) and the tokenizer's."""
    ids: set[int] = set()
    for found in (getattr(model.generation_config, "eos_token_id", None), tokenizer.eos_token_id):
        if isinstance(found, int):
            ids.add(found)
        elif isinstance(found, list):
            ids.update(i for i in found if isinstance(i, int))
    return ids
