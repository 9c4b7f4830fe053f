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
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from noesis_trainer.generation.base import Conversation


class Decoding(BaseModel):
    """How replies are decoded for evaluation and deploy checks; recorded in the run report.

    ``greedy`` ignores `temperature` and `top_p`; ``sampled`` draws with them from `seed`.
    `repetition_penalty` (1.0: off) and `no_repeat_ngram_size` (0: off) are transformers'
    own anti-loop settings: small models fine-tuned on little data loop under plain greedy.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    mode: Literal["greedy", "sampled"] = "greedy"
    temperature: float = Field(default=0.7, gt=0)
    top_p: float = Field(default=1.0, gt=0, le=1)
    repetition_penalty: float = Field(default=1.0, ge=1.0)
    no_repeat_ngram_size: int = Field(default=0, ge=0)
    seed: int = 0

    def generate_options(self) -> dict[str, Any]:
        """Keyword arguments for ``model.generate`` (besides lengths and pad token)."""
        options: dict[str, Any] = {"do_sample": self.mode == "sampled"}
        if self.mode == "sampled":
            options.update(temperature=self.temperature, top_p=self.top_p, top_k=0)
        else:
            options.update(temperature=None, top_p=None, top_k=None)
        if self.repetition_penalty != 1.0:
            options["repetition_penalty"] = self.repetition_penalty
        if self.no_repeat_ngram_size:
            options["no_repeat_ngram_size"] = self.no_repeat_ngram_size
        return options


class TransformersGenerator:
    """Generates replies with a causal LM loaded by path (`AutoModelForCausalLM`).

    `max_new_tokens_cap` bounds every call's ``max_new_tokens`` (CPU demos, tests). `decoding`,
    when given, decides greedy or sampled (its own seed and temperature win over the call's) and
    the anti-repetition settings.
    """

    def __init__(
        self,
        model_path: str | os.PathLike[str],
        *,
        batch_size: int = 8,
        device: str | None = None,
        dtype: str | None = None,
        max_new_tokens_cap: int | None = None,
        decoding: Decoding | None = None,
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
        self.decoding = decoding
        self.finished: list[bool] = []
        """Per reply of the last call: True when it ended on an end-of-turn token (False: cut at
        ``max_new_tokens``). Output checks use it to spot truncation."""
        self._model: Any = None
        self._tokenizer: Any = None

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
        from noesis_trainer.core.formatting import apply_template

        texts = [
            apply_template(tokenizer, list(c), add_generation_prompt=True) for c in conversations
        ]
        if self.max_new_tokens_cap is not None:
            max_new_tokens = min(max_new_tokens, self.max_new_tokens_cap)
        sampling = temperature > 0
        if self.decoding is not None:
            seed = self.decoding.seed
        if seed is not None:
            torch.manual_seed(seed)
        stop_ids = _stop_ids(model, tokenizer)
        self.finished = []
        replies: list[str] = []
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
            if self.decoding is not None:
                options.update(self.decoding.generate_options())
            elif sampling:
                options.update(temperature=temperature, top_p=1.0, top_k=0)
            else:
                options.update(temperature=None, top_p=None, top_k=None)
            with torch.no_grad():
                out = model.generate(**enc, **options)
            new_tokens = out[:, enc["input_ids"].shape[1] :]
            self.finished.extend(
                any(int(t) in stop_ids for t in row.tolist()) for row in new_tokens
            )
            replies.extend(
                tokenizer.decode(row, skip_special_tokens=True).strip() for row in new_tokens
            )
        return replies


def _stop_ids(model: Any, tokenizer: Any) -> set[int]:
    """Token ids that end a reply: the generation config's eos ids and the tokenizer's eos."""
    ids: set[int] = set()
    eos = getattr(getattr(model, "generation_config", None), "eos_token_id", None)
    for value in eos if isinstance(eos, list) else [eos]:
        if isinstance(value, int):
            ids.add(value)
    if isinstance(tokenizer.eos_token_id, int):
        ids.add(tokenizer.eos_token_id)
    return ids
