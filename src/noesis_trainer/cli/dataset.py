"""Dataset commands: `noesis schema`, `noesis stats`, `noesis convert`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from noesis_trainer.cli.app import app, check_output, console, fail, guard_output
from noesis_trainer.core.dataset import Dataset, DatasetStats, LengthPercentiles
from noesis_trainer.io.jsonl import InputPathError

PathsArg = Annotated[list[str], typer.Argument(help="JSONL files, folders or glob patterns.")]


@app.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of one training example."""
    from noesis_trainer.core.schema import example_json_schema

    typer.echo(json.dumps(example_json_schema(), ensure_ascii=False, indent=2))


def _load(paths: list[str], **kwargs: object) -> Dataset:
    try:
        return Dataset.load(paths, **kwargs)  # type: ignore[arg-type]
    except InputPathError as err:
        fail(str(err))


def _counts_table(title: str, counts: dict[str, int], total: int) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(title.lower())
    table.add_column("n", justify="right")
    table.add_column("%", justify="right")
    for key, n in counts.items():
        table.add_row(key, str(n), f"{100 * n / total:.1f}" if total else "-")
    return table


def _lengths_row(label: str, p: LengthPercentiles | None) -> list[str]:
    if p is None:
        return [label, "-", "-", "-", "-", "-"]
    return [label, str(p.min), str(p.p50), str(p.p90), str(p.p99), str(p.max)]


def print_stats(stats: DatasetStats, problems: list[str]) -> None:
    console.print(
        f"[bold]{stats.total}[/bold] examples, {len(stats.categories)} categories, "
        f"{stats.problems} load problems"
    )
    console.print(_counts_table("Difficulty", stats.difficulties, stats.total))
    console.print(_counts_table("Category", stats.categories, stats.total))
    console.print(_counts_table("Value", stats.values, stats.total))
    lengths = Table(title="Length (characters)", title_justify="left")
    for col in ("field", "min", "p50", "p90", "p99", "max"):
        lengths.add_column(col, justify="right" if col != "field" else "left")
    lengths.add_row(*_lengths_row("prompt", stats.prompt_chars))
    lengths.add_row(*_lengths_row("response_revised", stats.response_revised_chars))
    console.print(lengths)
    for line in problems[:20]:
        console.print(f"[yellow]problem[/yellow] {line}", markup=True, highlight=False)
    if len(problems) > 20:
        console.print(f"... and {len(problems) - 20} more problems (use --json for all)")


@app.command()
def stats(
    paths: PathsArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
) -> None:
    """Counts by category, difficulty and value, and length percentiles of example files.

    Exit 1 when some record could not be loaded (the figures then leave those rows out).
    """
    ds = _load(paths)
    s = ds.stats()
    if as_json:
        payload = s.model_dump()
        payload["problem_list"] = [p.to_dict() for p in ds.problems]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print_stats(s, [str(p) for p in ds.problems])
    if ds.problems:
        raise typer.Exit(1)


@app.command()
def convert(
    paths: PathsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output JSONL file.")],
    from_format: Annotated[
        str, typer.Option("--from", help="Input record shape: messages or alpaca.")
    ] = "messages",
    category: Annotated[str, typer.Option(help="Category given to imported rows.")] = "imported",
    difficulty: Annotated[str, typer.Option(help="Difficulty given to imported rows.")] = "medium",
    values: Annotated[
        str, typer.Option(help="Comma-separated values given to imported rows.")
    ] = "sabedoria",
) -> None:
    """Import chat 'messages' or alpaca records as examples (missing fields get defaults)."""
    from noesis_trainer.io.importers import IMPORTERS, ImportDefaults

    check_output(out, "--out")
    guard_output("--out", out, paths)
    factory = IMPORTERS.get(from_format)
    if factory is None:
        fail(f"--from must be one of {', '.join(IMPORTERS)}, not {from_format!r}")
    from noesis_trainer.core.schema import Difficulty, Value

    chosen = tuple(v.strip() for v in values.split(",") if v.strip())
    known_values = [v.value for v in Value]
    unknown = [v for v in chosen if v not in known_values]
    if unknown or not chosen:
        fail(f"--values {values!r}: use one or more of {', '.join(known_values)}")
    if difficulty not in [d.value for d in Difficulty]:
        fail(f"--difficulty {difficulty!r}: use one of {', '.join(d.value for d in Difficulty)}")
    if not category.strip():
        fail("--category must not be empty")
    defaults = ImportDefaults(category=category, difficulty=difficulty, values_applied=chosen)
    ds = _load(paths, importer=factory(defaults))
    for p in ds.problems:
        console.print(f"problem {p}", markup=False)
    if not len(ds):
        fail("nothing converted: no record could be imported", code=1)
    ds.save(out)
    console.print(f"wrote {len(ds)} examples to {out} ({len(ds.problems)} problems)")
    if ds.problems:
        raise typer.Exit(1)
