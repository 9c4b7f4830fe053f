"""Checkpoint evaluation: generate answers with the chat template, judge them, report.

`Tribunal.evaluate_model` is what the Trainer's per-epoch callback runs; `tribunal_epoch_callback`
adapts it to the callback signature ``(checkpoint_path, epoch) -> dict``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from noesis_trainer.generation.base import TextGenerator
from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.report import TribunalReport

if TYPE_CHECKING:
    from noesis_trainer.core.formatting import ChatFormat
    from noesis_trainer.tribunal.tribunal import Tribunal


def load_generator(path: str | Path, *, batch_size: int = 8) -> TextGenerator:
    """A local `TransformersGenerator` for a model folder or a LoRA checkpoint (transformers loads
    the adapter's base through PEFT)."""
    from noesis_trainer.generation.local import TransformersGenerator

    folder = Path(path)
    if not (folder / "config.json").is_file() and not (folder / "adapter_config.json").is_file():
        raise FileNotFoundError(
            f"{folder}: not a model folder or adapter checkpoint "
            "(no config.json, no adapter_config.json)"
        )
    return TransformersGenerator(folder, batch_size=batch_size)


def strip_critique(text: str, fmt: ChatFormat | None) -> str:
    """Drop the model's internal critique block (``[ANÁLISE INTERNA] ... [FIM DA ANÁLISE]``):
    the Tribunal judges the answer the user reads."""
    from noesis_trainer.core.formatting import DEFAULT_FORMAT

    f = fmt or DEFAULT_FORMAT
    start = text.find(f.critique_open)
    if start < 0:
        return text.strip()
    end = text.find(f.critique_close, start)
    if end < 0:
        return text[:start].strip()
    return (text[:start] + text[end + len(f.critique_close) :]).strip()


def finished_flags(generator: object, n: int) -> list[bool | None]:
    """The generator's per-reply end-of-turn flags for its last call (`finished`: False = cut at
    `max_new_tokens`), or None for each reply when it does not say (the gate then judges the
    ending from the text)."""
    flags = getattr(generator, "finished", None)
    if isinstance(flags, list) and len(flags) == n:
        return [f if isinstance(f, bool) else None for f in flags]
    return [None] * n


def special_tokens_of(generator: object) -> tuple[str, ...]:
    """The special tokens of the generator's tokenizer (its `special_tokens`, or those of its
    loaded `tokenizer`), so the gate also spots leaks of a template it does not know."""
    found = getattr(generator, "special_tokens", None)
    if found is None:
        inner = getattr(generator, "inner", None)  # a CappedGenerator
        if inner is not None and inner is not generator:
            return special_tokens_of(inner)
        tokenizer = getattr(generator, "tokenizer", None) or getattr(generator, "_tokenizer", None)
        found = getattr(tokenizer, "all_special_tokens", None)
    if isinstance(found, list | tuple | set | frozenset):
        return tuple(sorted({t for t in found if isinstance(t, str) and len(t) > 1}))
    return ()


def evaluate_model(
    tribunal: Tribunal,
    model_or_path: str | Path | TextGenerator,
    prompts: Sequence[str],
    *,
    batch_size: int = 8,
    max_new_tokens: int = 256,
    fmt: ChatFormat | None = None,
    seed: int | None = 0,
    metadata: dict[str, Any] | None = None,
    references: Sequence[str | None] | None = None,
) -> TribunalReport:
    from noesis_trainer.core.formatting import prompt_messages

    if not prompts:
        raise ValueError("evaluate_model needs at least one prompt")
    if references is not None and len(references) != len(prompts):
        raise ValueError(f"{len(references)} references for {len(prompts)} prompts")
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    if isinstance(model_or_path, str | Path):
        generator = load_generator(model_or_path, batch_size=batch_size)
        model_name = str(model_or_path)
    else:
        generator = model_or_path
        model_name = type(model_or_path).__name__
    started = time.perf_counter()
    answers: list[str] = []
    finished: list[bool | None] = []
    for lo in range(0, len(prompts), batch_size):
        chunk = prompts[lo : lo + batch_size]
        conversations = [prompt_messages(p, fmt) for p in chunk]
        replies = generator.generate(conversations, max_new_tokens=max_new_tokens, seed=seed)
        if len(replies) != len(chunk):
            raise ValueError(f"generator returned {len(replies)} replies for {len(chunk)} prompts")
        answers.extend(strip_critique(r, fmt) for r in replies)
        finished.extend(finished_flags(generator, len(chunk)))
    gen_seconds = time.perf_counter() - started
    refs = list(references) if references is not None else [None] * len(prompts)
    items = [
        JudgeItem(p, a, r, f) for p, a, r, f in zip(prompts, answers, refs, finished, strict=True)
    ]
    meta = {
        "model": model_name,
        "n_prompts": len(prompts),
        "max_new_tokens": max_new_tokens,
        "generation_seconds": round(gen_seconds, 3),
        **(metadata or {}),
    }
    return tribunal.judge(items, metadata=meta, special_tokens=special_tokens_of(generator))


def tribunal_epoch_callback(
    tribunal: Tribunal,
    prompts: Sequence[str],
    *,
    report_dir: str | Path | None = None,
    **evaluate_kwargs: Any,
) -> Callable[[str, int], dict[str, Any]]:
    """A per-epoch callback for the Trainer: evaluates the checkpoint at `checkpoint_path` and
    returns the summary (``avg_score``, ``pass_rate``, ...). With `report_dir`, the full report of
    epoch N is written there as ``tribunal_epoch_N.json``."""
    fixed = list(prompts)

    def callback(checkpoint_path: str, epoch: int) -> dict[str, Any]:
        report = tribunal.evaluate_model(
            checkpoint_path, fixed, metadata={"epoch": epoch}, **evaluate_kwargs
        )
        if report_dir is not None:
            report.to_json(Path(report_dir) / f"tribunal_epoch_{epoch}.json")
        return {"epoch": epoch, "checkpoint": str(checkpoint_path), **report.summary()}

    return callback
