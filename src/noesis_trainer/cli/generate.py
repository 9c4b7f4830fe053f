"""`noesis generate`: stage 2, variations of seed examples (template-only or model rewriting)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from noesis_trainer.cli.app import app, check_output, console, err_console, fail, guard_output
from noesis_trainer.core.dataset import Dataset
from noesis_trainer.io.jsonl import InputPathError

if TYPE_CHECKING:
    from noesis_trainer.generation.base import TextGenerator
    from noesis_trainer.variations import VariationGenerator
    from noesis_trainer.variations.generator import VariationResult


def load_or_fail(paths: list[str], skip_invalid: bool) -> Dataset:
    """Load `paths`; bad records stop the command (one line naming file:line [field]) unless
    `skip_invalid`, in which case they are counted and left out."""
    try:
        ds = Dataset.load(paths)
    except InputPathError as err:
        fail(str(err))
    if ds.problems:
        first = ds.problems[0]
        if not skip_invalid:
            more = f" (and {len(ds.problems) - 1} more)" if len(ds.problems) > 1 else ""
            fail(f"{first}{more}; fix the input or pass --skip-invalid")
        err_console.print(
            f"warning: skipped {len(ds.problems)} invalid records (first: {first})", markup=False
        )
    if not len(ds):
        fail("no valid examples in the input")
    return ds


MAX_COUNT = 1_000_000
"""Variations one call may make: slots are planned up front, so a typo like -n 1e20 would
otherwise exhaust memory before the first variation."""


@app.command()
def generate(
    seeds: Annotated[list[str], typer.Argument(help="Seed JSONL files, folders or globs.")],
    output: Annotated[Path | None, typer.Option("--out", "-o", help="Output JSONL file.")] = None,
    count: Annotated[int, typer.Option("--count", "-n", help="Variations to make.")] = 5500,
    techniques: Annotated[
        str | None,
        typer.Option(help="Comma-separated technique names (default: all registered)."),
    ] = None,
    seed: Annotated[
        int, typer.Option(help="Random-number seed; the same number gives the same output.")
    ] = 42,
    model: Annotated[
        Path | None, typer.Option(help="Local model folder to rewrite prompts and answers.")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(help="OpenAI-compatible server (vLLM, llama.cpp, Ollama) to rewrite with."),
    ] = None,
    api_model: Annotated[
        str | None, typer.Option(help="The model name on --base-url's server.")
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Variations per technique call.")] = 64,
    max_new_tokens: Annotated[
        int | None, typer.Option(help="Cap on the tokens the model writes per reply.")
    ] = None,
    threshold: Annotated[
        float, typer.Option(help="Near-duplicate threshold (word 5-gram Jaccard).")
    ] = 0.8,
    skip_invalid: Annotated[bool, typer.Option(help="Leave invalid seed records out.")] = False,
    output_alias: Annotated[Path | None, typer.Option("--output", hidden=True)] = None,
    max_attempts: Annotated[
        int, typer.Option(help="Attempts per variation before giving it up (refusals retry).")
    ] = 8,
    collapse_duplicate_seeds: Annotated[
        bool,
        typer.Option(help="Vary seeds that repeat another's prompt and answer once, as one."),
    ] = False,
) -> None:
    """Make COUNT variations of the seed examples, balanced over seeds and techniques."""
    output = output or output_alias  # --output: the spelling before 0.2
    if output is None:
        fail("missing option --out (the output JSONL file)")
    if not 1 <= count <= MAX_COUNT:
        fail(f"--count must be between 1 and {MAX_COUNT:,} (got {count}); split larger jobs")
    check_output(output, "--out")
    guard_output("--out", output, [*seeds, *([model] if model is not None else [])])
    _check_limits(threshold, max_new_tokens)
    _check_rewriter(model, base_url, api_model)
    ds = load_or_fail(seeds, skip_invalid)
    gen = _variation_generator(
        techniques,
        threshold=threshold,
        batch_size=batch_size,
        collapse_duplicate_seeds=collapse_duplicate_seeds,
        max_attempts=max_attempts,
    )
    text_generator = _text_generator(model, base_url, api_model, max_new_tokens)
    result = gen.generate(ds, count, seed=seed, generator=text_generator, progress=True)
    result.dataset.save(output)
    _print_summary(result, output)
    if len(result.dataset) < count:
        raise typer.Exit(1)


def _check_limits(threshold: float, max_new_tokens: int | None) -> None:
    """Fail (exit 2) on a threshold or token cap out of range."""
    if not 0.0 < threshold <= 1.0:
        fail("--threshold must be in (0, 1]")
    if max_new_tokens is not None and max_new_tokens < 1:
        fail(f"--max-new-tokens must be at least 1, got {max_new_tokens}")


def _check_rewriter(model: Path | None, base_url: str | None, api_model: str | None) -> None:
    """Fail (exit 2) before loading any seed when the model to rewrite with is not usable: a
    folder that holds no (whole) model, both a folder and a server, half a server's options."""
    if model is not None:
        if not model.is_dir():
            fail(f"--model {model}: no such folder")
        if not any((model / name).is_file() for name in ("config.json", "adapter_config.json")):
            fail(f"--model {model}: not a model folder (no config.json or adapter_config.json)")
        from noesis_trainer.training.checkpoints import torn_weights

        if (problem := torn_weights(model)) is not None:
            fail(f"--model {problem}")
    if base_url is not None and model is not None:
        fail("--model and --base-url are exclusive: rewrite with one model")
    if (base_url is None) != (api_model is None):
        fail("--base-url and --api-model go together")
    if base_url is not None and not base_url.startswith(("http://", "https://")):
        fail(f"--base-url must start with http:// or https://, got {base_url!r}")


def _variation_generator(
    techniques: str | None,
    *,
    threshold: float,
    batch_size: int,
    collapse_duplicate_seeds: bool,
    max_attempts: int,
) -> VariationGenerator:
    """The generator for the comma-separated `techniques` (all registered when None); an
    unknown technique fails (exit 2)."""
    from noesis_trainer.variations import VariationGenerator

    names = [t.strip() for t in techniques.split(",") if t.strip()] if techniques else None
    try:
        return VariationGenerator(
            names,
            near_duplicate_threshold=threshold,
            batch_size=batch_size,
            collapse_duplicate_seeds=collapse_duplicate_seeds,
            max_attempts=max_attempts,
        )
    except ValueError as err:
        fail(str(err))


def _text_generator(
    model: Path | None, base_url: str | None, api_model: str | None, max_new_tokens: int | None
) -> TextGenerator | None:
    """The model that rewrites drafts: a local folder, a server, or None (templates only)."""
    from noesis_trainer.generation.base import CappedGenerator

    if model is not None:
        from noesis_trainer.generation.local import TransformersGenerator

        return TransformersGenerator(model, max_new_tokens_cap=max_new_tokens)
    if base_url is not None and api_model is not None:
        from noesis_trainer.generation.openai_compat import OpenAICompatGenerator

        server = OpenAICompatGenerator(base_url, api_model, timeout_s=600.0)
        return CappedGenerator(server, max_new_tokens)
    return None


def _print_summary(result: VariationResult, output: Path) -> None:
    """What was made and refused, and where it was written."""
    for line in result.summary.lines():
        console.print(line, markup=False)
    console.print(f"wrote {len(result.dataset)} examples to {output}", markup=False)
