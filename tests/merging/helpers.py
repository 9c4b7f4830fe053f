"""Adapters for tests, made with PEFT itself (merging is tested without the library's Trainer)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def make_adapter(base: Path, out: Path, *, seed: int, scale_b: float = 0.05, **lora: Any) -> Path:
    """A PEFT LoRA adapter for `base` whose lora_B is random non-zero, so the merge matters."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.bfloat16)
    options: dict[str, Any] = {"r": 16, "lora_alpha": 32, "target_modules": TARGETS}
    options.update(lora)
    peft_model = get_peft_model(model, LoraConfig(task_type="CAUSAL_LM", **options))
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, param in peft_model.named_parameters():
            if "lora_B" in name or "lora_embedding_B" in name:
                param.copy_(torch.randn(param.shape, generator=gen) * scale_b)
            elif "lora_" in name:
                param.copy_(torch.randn(param.shape, generator=gen) * 0.05)
    peft_model.save_pretrained(out)
    return out
