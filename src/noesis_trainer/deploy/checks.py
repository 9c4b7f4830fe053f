"""Stage 8: check a merged model locally with its chat template before anyone deploys it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class GenerationCheck:
    """One greedy chat completion of the merged model (stage 8.2)."""

    prompt: str
    completion: str
    new_tokens: int
    stopped: bool
    """True when generation ended on an end-of-sequence token (``<|eot_id|>`` for a chat model)."""
    stop_token: str | None


def check_generation(
    model_dir: str | Path,
    prompts: list[str],
    *,
    system_prompt: str | None = None,
    max_new_tokens: int = 64,
) -> list[GenerationCheck]:
    """Generate greedily from the merged folder through its chat template, as users will.

    Uses the folder's generation_config.json, so a merged model whose end-of-turn token is missing
    from ``eos_token_id`` shows up here as ``stopped=False`` on every prompt.
    """
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder = Path(model_dir)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForCausalLM.from_pretrained(folder, dtype="auto")
    model.eval()
    eos = model.generation_config.eos_token_id
    eos_ids = set(eos if isinstance(eos, list) else [eos] if eos is not None else [])
    results = []
    for prompt in prompts:
        messages: list[dict[str, str]] = []
        if system_prompt:
            messages.append({"role": "system", "content": system_prompt})
        messages.append({"role": "user", "content": prompt})
        text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        ids = tokenizer(text, return_tensors="pt", add_special_tokens=False).input_ids
        with torch.no_grad():
            out = model.generate(
                input_ids=ids,
                attention_mask=torch.ones_like(ids),
                max_new_tokens=max_new_tokens,
                do_sample=False,
            )
        new = out[0, ids.shape[1] :].tolist()
        stopped = bool(new) and new[-1] in eos_ids
        results.append(
            GenerationCheck(
                prompt=prompt,
                completion=tokenizer.decode(new, skip_special_tokens=True),
                new_tokens=len(new),
                stopped=stopped,
                stop_token=tokenizer.convert_ids_to_tokens(new[-1]) if stopped else None,
            )
        )
    return results
