"""The pipeline's ``variations.generator`` choice turned into a text generator (or a Modal run).

``templates``: no model. ``local``: `TransformersGenerator` on a model folder. ``openai``: any
OpenAI-compatible server (vLLM, llama.cpp, Ollama) through `OpenAICompatGenerator`. ``modal``:
`ModalRewriter`, vLLM on a Modal GPU fanned out over seed batches.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Protocol

from noesis_trainer.core.dataset import Dataset
from noesis_trainer.generation.base import TextGenerator


class ModelChoice(Protocol):
    """What the choice needs from a config section (the pipeline's `VariationsSection`)."""

    @property
    def generator(self) -> str: ...
    @property
    def model(self) -> str | None: ...
    @property
    def base_url(self) -> str | None: ...
    @property
    def gpu(self) -> str: ...
    @property
    def max_new_tokens(self) -> int: ...
    @property
    def max_cost(self) -> float | None: ...
    @property
    def count(self) -> int: ...
    @property
    def seed(self) -> int: ...
    @property
    def techniques(self) -> list[str] | None: ...


def text_generator_for(choice: ModelChoice) -> TextGenerator | None:
    """None for ``templates``; the local or OpenAI-compatible generator otherwise."""
    if choice.generator == "local":
        from noesis_trainer.generation.local import TransformersGenerator

        assert choice.model is not None
        return TransformersGenerator(choice.model, max_new_tokens_cap=choice.max_new_tokens)
    if choice.generator == "openai":
        from noesis_trainer.generation.openai_compat import OpenAICompatGenerator

        assert choice.model is not None and choice.base_url is not None
        return OpenAICompatGenerator(choice.base_url, choice.model)
    if choice.generator in ("templates", "modal"):
        return None
    raise ValueError(f"unknown variations.generator {choice.generator!r}")


def generate_on_modal(
    seeds: Dataset, choice: ModelChoice, *, run_name: str
) -> tuple[Dataset, dict[str, Any]]:
    """Every batch rewritten on Modal (needs a token); the rows and a merged summary."""
    from noesis_trainer.core.boilerplate import measure
    from noesis_trainer.generation.modal_vllm import ModalRewriter

    overrides: dict[str, Any] = {"gpu": choice.gpu, "max_new_tokens": choice.max_new_tokens}
    if choice.model:
        overrides["model"] = choice.model
    if choice.max_cost is not None:
        overrides["max_cost"] = choice.max_cost
    rewriter = ModalRewriter(**overrides)
    records = [ex.to_record() for ex in seeds]
    results = rewriter.run(
        records, choice.count, run_name=run_name, seed=choice.seed, techniques=choice.techniques
    )
    rows = [row for r in results for row in r["rows"]]
    made = _dataset(rows)
    refusals: Counter[str] = Counter()
    for r in results:
        refusals.update(r["summary"].get("refusals", {}))
    summary = {
        "requested": choice.count,
        "produced": len(made),
        "batches": len(results),
        "resumed_batches": sum(bool(r.get("resumed")) for r in results),
        "refusals": dict(refusals),
        "boilerplate": measure(made).to_dict(),
    }
    return made, summary


def _dataset(rows: list[dict[str, Any]]) -> Dataset:
    from noesis_trainer.core.schema import Example

    return Dataset([Example.model_validate(r) for r in rows], name="variations")
