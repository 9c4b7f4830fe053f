"""`noesis split` (stage 4 export: leak-free train/eval files) and `noesis tokens`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from noesis_trainer.cli.app import app, check_output, console, err_console, fail, guard_output
from noesis_trainer.cli.generate import load_or_fail
from noesis_trainer.core.dataset import Dataset

PathsArg = Annotated[list[str], typer.Argument(help="JSONL files, folders or glob patterns.")]


@app.command()
def split(
    paths: PathsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for train/eval/manifest.")],
    eval_fraction: Annotated[float, typer.Option(help="Target share of rows in eval.")] = 0.1,
    seed: Annotated[int, typer.Option(help="Random seed of the split.")] = 42,
    group_by: Annotated[str, typer.Option(help="'source_id' or 'none'.")] = "source_id",
    skip_invalid: Annotated[bool, typer.Option(help="Leave invalid records out.")] = False,
) -> None:
    """Split examples into train.jsonl and eval.jsonl by seed and near-duplicate groups."""
    from noesis_trainer.export.split import split_dataset

    if not 0.0 <= eval_fraction < 1.0:
        fail("--eval-fraction must be in [0, 1)")
    check_output(out, "--out", folder=True)
    guard_output("--out", out, paths)
    for name in ("train.jsonl", "eval.jsonl", "manifest.json"):
        guard_output("--out", out / name, paths)
    ds = load_or_fail(paths, skip_invalid)
    combined = _unique_ids(ds)
    try:
        result = split_dataset(combined, eval_fraction, seed, group_by)
    except ValueError as err:
        fail(str(err))
    if len(combined) and not len(result.train):
        fail(
            f"--eval-fraction {eval_fraction} leaves no training row ({len(combined)} rows, "
            f"{len(set(result.groups))} groups, all in eval); lower it"
        )
    try:
        manifest = result.write(out)
    except OSError as err:
        fail(f"--out {out}: cannot write the split ({err.strerror or err})")
    c = manifest.counts
    console.print(
        f"train {c['train']}, eval {c['eval']} ({c['groups']} groups, {c['eval_groups']} in "
        f"eval); eval rows substantially in train: {c['eval_rows_flagged']}",
        markup=False,
    )
    console.print(f"wrote {out}/train.jsonl, eval.jsonl, manifest.json", markup=False)
    if result.overlap.count:
        raise typer.Exit(1)


def _unique_ids(ds: Dataset) -> Dataset:
    """Drop rows repeated verbatim (same id, same content); fail on an id reused for another
    example, since the split could not tell which one a later file means."""
    seen: dict[str, int] = {}
    keep: list[int] = []
    for i, ex in enumerate(ds.examples):
        j = seen.get(ex.id)
        if j is None:
            seen[ex.id] = i
            keep.append(i)
        elif ds.examples[j].to_record() != ex.to_record():
            fail(
                f"{ds.locations[i]}: id {ex.id!r} is already used by a different example at "
                f"{ds.locations[j]}; ids must be unique"
            )
    dropped = len(ds) - len(keep)
    if dropped:
        err_console.print(f"note: {dropped} rows repeated verbatim were kept once", markup=False)
    return ds.select(keep) if dropped else ds


@app.command()
def tokens(
    paths: PathsArg,
    tokenizer: Annotated[Path, typer.Option(help="Tokenizer (or model) folder.")],
    max_length: Annotated[int, typer.Option(help="Length rows would be padded to.")] = 2048,
    batch_size: Annotated[int, typer.Option(help="Batch size for per-batch padding.")] = 8,
    no_critique: Annotated[bool, typer.Option(help="Render without the critique block.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
    skip_invalid: Annotated[bool, typer.Option(help="Leave invalid records out.")] = False,
) -> None:
    """Token counts of rendered examples and the padding share: padded vs packed."""
    if not tokenizer.is_dir():
        fail(f"--tokenizer {tokenizer}: no such folder")
    if max_length < 1 or batch_size < 1:
        fail("--max-length and --batch-size must be at least 1")
    ds = load_or_fail(paths, skip_invalid)
    from transformers import AutoTokenizer

    from noesis_trainer.core.formatting import ChatFormat
    from noesis_trainer.export.tokens import token_stats

    try:
        tok = AutoTokenizer.from_pretrained(tokenizer)
    except (OSError, ValueError) as err:
        reason = " ".join(str(err).split())  # transformers' messages span several lines
        fail(f"--tokenizer {tokenizer}: cannot load a tokenizer ({reason})")
    if getattr(tok, "chat_template", None) is None:
        fail(f"--tokenizer {tokenizer}: the tokenizer has no chat template")
    stats = token_stats(
        ds,
        tok,
        ChatFormat(include_critique=not no_critique),
        max_length=max_length,
        batch_size=batch_size,
    )
    if as_json:
        typer.echo(json.dumps(stats.model_dump(), indent=2))
        return
    for line in stats.lines():
        console.print(line, markup=False)
