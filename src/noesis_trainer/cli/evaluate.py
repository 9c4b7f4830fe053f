"""`noesis evaluate` (generate answers with a model, then judge them) and `noesis judge` (judge
the responses already in a JSONL file): stage 6, the Tribunal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from noesis_trainer.cli.app import app, check_output, console, fail, guard_output
from noesis_trainer.tribunal.relevance_settings import RELEVANCE_SETTINGS, relevance_choices

REFERENCE_FIELDS = ("reference", "response_revised")
"""Where a JSONL record of prompts holds its gold answer: a `reference`, or a dataset row's
revised answer."""


def read_prompt_file(path: Path) -> tuple[list[str], list[str | None]]:
    """Prompts from a .txt file (one per non-empty line) or a JSONL file (a "prompt" per record),
    and each prompt's reference answer from a JSONL record's first field of `REFERENCE_FIELDS`
    (None where it has none; a .txt file has none); any problem stops with file:line."""
    if not path.is_file():
        fail(f"{path}: prompts file not found")
    references: list[str | None] = []
    if path.suffix.lower() in (".jsonl", ".ndjson", ".jsonlines"):
        prompts: list[str] = []
        for location, record in _records_or_fail(path):
            prompt = record.get("prompt")
            if not isinstance(prompt, str) or not prompt.strip():
                fail(f"{location} [prompt]: missing or empty text field 'prompt'")
            prompts.append(prompt)
            references.append(_reference(location, record))
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            fail(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})")
        prompts = [line.strip() for line in text.splitlines() if line.strip()]
        references = [None] * len(prompts)
    if not prompts:
        fail(f"{path}: no prompts in the file")
    return prompts, references


def _reference(location: str, record: dict[str, Any]) -> str | None:
    for field in REFERENCE_FIELDS:
        value = record.get(field)
        if value is None:
            continue
        if not isinstance(value, str):
            fail(f"{location} [{field}]: must be text, got {type(value).__name__}")
        if value.strip():
            return value
    return None


def _records_or_fail(path: Path) -> list[tuple[str, dict[str, Any]]]:
    from noesis_trainer.io.jsonl import LoadProblem, read_jsonl

    records: list[tuple[str, dict[str, Any]]] = []
    for item in read_jsonl(path):
        if isinstance(item, LoadProblem):
            fail(str(item))
        records.append((item.location, item.data))
    return records


def _finish(report: Any, out: Path | None, markdown: Path | None, min_pass_rate: float) -> None:
    report.print(console)
    if out is not None:
        report.to_json(out)
        console.print(f"report written to {out}", markup=False)
    if markdown is not None:
        from noesis_trainer.io.atomic import write_text_atomic

        write_text_atomic(markdown, report.to_markdown())
        console.print(f"markdown written to {markdown}", markup=False)
    if report.pass_rate < min_pass_rate:
        console.print(
            f"pass rate {report.pass_rate:.1%} is below --min-pass-rate {min_pass_rate:.1%}",
            markup=False,
        )
        raise typer.Exit(1)


def _guard_reports(out: Path | None, markdown: Path | None, inputs: list[Path]) -> None:
    guard_output("--out", out, inputs)
    guard_output("--markdown", markdown, inputs)
    if out is not None and markdown is not None:
        guard_output("--markdown", markdown, [out])


OutOption = Annotated[Path | None, typer.Option("--out", "-o", help="Write the JSON report here.")]
MarkdownOption = Annotated[Path | None, typer.Option(help="Write a markdown report here.")]
MinPassOption = Annotated[
    float, typer.Option(help="Exit with status 1 when the pass rate is below this (0-1).")
]
RelevanceOption = Annotated[
    str,
    typer.Option(
        help="How judges check an answer addresses its prompt: 'vectors' (shared words, and "
        "static word vectors for the answers they call off topic), 'lexical' (shared words), "
        "'semantic' (sentence embeddings; needs noesis-trainer[semantic]; calibrated setting) or "
        "'retrieval' (shared words, and the encoder for answers they call off topic; same extra)."
    ),
]


def make_tribunal(relevance: str) -> Any:
    """The Tribunal of the CLI commands; an unknown relevance, a missing encoder or a damaged
    word-vector table is one line (checked before any answer is generated)."""
    from noesis_trainer.tribunal import Tribunal
    from noesis_trainer.tribunal.judges.word_vectors import WordVectorsError, check_table

    if relevance not in RELEVANCE_SETTINGS:
        fail(f"--relevance must be {relevance_choices()}, got {relevance!r}")
    try:
        if relevance == "vectors":
            check_table()
        return Tribunal(relevance=relevance)
    except ImportError as err:
        fail(str(err))
    except WordVectorsError as err:
        fail(err.line())


@app.command()
def evaluate(
    prompts: Annotated[Path, typer.Option(help="Prompts: .txt (one per line) or .jsonl.")],
    model: Annotated[
        Path | None, typer.Option(help="Local model folder (merged model or checkpoint).")
    ] = None,
    base_url: Annotated[
        str | None, typer.Option(help="OpenAI-compatible server instead, e.g. http://host/v1.")
    ] = None,
    server_model: Annotated[str, typer.Option(help="Model name sent to the server.")] = "default",
    batch_size: Annotated[int, typer.Option(help="Prompts per generation batch.")] = 8,
    max_new_tokens: Annotated[int, typer.Option(help="Tokens per answer.")] = 256,
    out: OutOption = None,
    markdown: MarkdownOption = None,
    min_pass_rate: MinPassOption = 0.0,
    relevance: RelevanceOption = "vectors",
    timeout: Annotated[
        float, typer.Option(help="With --base-url: seconds per request, in total (not per read).")
    ] = 120.0,
    references: Annotated[
        bool,
        typer.Option(
            help="With a .jsonl of prompts: judge each answer against its record's 'reference' "
            "(or 'response_revised', as in a dataset file) as well as its prompt."
        ),
    ] = True,
) -> None:
    """Generate an answer to every prompt with the chat template, then judge them."""
    if (model is None) == (base_url is None):
        fail("give exactly one of --model PATH or --base-url URL")
    if batch_size < 1 or max_new_tokens < 1:
        fail("--batch-size and --max-new-tokens must be at least 1")
    if not 0 < timeout <= 86_400:
        fail(f"--timeout must be in (0, 86400] seconds, got {timeout}")
    check_output(out, "--out")
    check_output(markdown, "--markdown")
    _guard_reports(out, markdown, [prompts, *([model] if model is not None else [])])
    if not 0.0 <= min_pass_rate <= 1.0:
        fail("--min-pass-rate must be in [0, 1]")
    tribunal = make_tribunal(relevance)
    questions, golds = read_prompt_file(prompts)
    use = references and any(g is not None for g in golds)
    target: Any
    if model is not None:
        if not (model / "config.json").is_file() and not (model / "adapter_config.json").is_file():
            fail(f"{model}: not a model folder or adapter checkpoint (no config.json)")
        from noesis_trainer.training.checkpoints import torn_weights

        if (problem := torn_weights(model)) is not None:
            fail(problem)
        target = model
    else:
        from noesis_trainer.generation.openai_compat import OpenAICompatGenerator

        try:
            target = OpenAICompatGenerator(str(base_url), server_model, timeout_s=timeout)
        except ValueError as err:
            fail(str(err))
    from noesis_trainer.generation.openai_compat import GenerationError

    try:
        report = tribunal.evaluate_model(
            target,
            questions,
            batch_size=batch_size,
            max_new_tokens=max_new_tokens,
            metadata={"references": use},
            references=golds if use else None,
        )
    except GenerationError as err:
        fail(str(err))
    _finish(report, out, markdown, min_pass_rate)


@app.command()
def judge(
    file: Annotated[Path, typer.Argument(help="JSONL with prompts and responses to judge.")],
    response_field: Annotated[
        str | None,
        typer.Option(
            help="Field holding the answer (default: 'response', else 'response_revised')."
        ),
    ] = None,
    out: OutOption = None,
    markdown: MarkdownOption = None,
    min_pass_rate: MinPassOption = 0.0,
    relevance: RelevanceOption = "vectors",
) -> None:
    """Judge the responses already in FILE (e.g. a dataset's response_revised)."""
    from noesis_trainer.tribunal import JudgeItem

    if not file.is_file():
        fail(f"{file}: file not found")
    check_output(out, "--out")
    check_output(markdown, "--markdown")
    _guard_reports(out, markdown, [file])
    if not 0.0 <= min_pass_rate <= 1.0:
        fail("--min-pass-rate must be in [0, 1]")
    tribunal = make_tribunal(relevance)
    items: list[JudgeItem] = []
    for location, data in _records_or_fail(file):
        field = response_field or ("response" if "response" in data else "response_revised")
        prompt, response = data.get("prompt"), data.get(field)
        if not isinstance(prompt, str) or not prompt.strip():
            fail(f"{location} [prompt]: missing or empty text field 'prompt'")
        if not isinstance(response, str):
            fail(f"{location} [{field}]: missing text field '{field}'")
        reference = data.get("reference")
        items.append(JudgeItem(prompt, response, reference if isinstance(reference, str) else None))
    if not items:
        fail(f"{file}: no records to judge")
    report = tribunal.judge(items, metadata={"file": str(file)})
    _finish(report, out, markdown, min_pass_rate)
