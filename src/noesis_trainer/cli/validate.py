"""`noesis validate`: check datasets, quarantine bad rows, write a report.

Exit codes: 0 nothing at the failing level, 1 findings at the failing level (errors; warnings too
with --strict), 2 usage or input error (a path that names nothing, a bad option).
"""

from __future__ import annotations

import contextlib
import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from noesis_trainer.cli.app import (
    app,
    check_output,
    console,
    err_console,
    exit_now,
    fail,
    guard_output,
)
from noesis_trainer.console import bytes_progress, stage_progress
from noesis_trainer.io.paths import special_kind

if TYPE_CHECKING:
    from noesis_trainer.validation import Validator
    from noesis_trainer.validation.report import ValidationReport


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def validate(
    paths: list[str] = typer.Argument(..., help="JSONL files, folders (*.jsonl inside) or globs."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the accepted rows here."),
    rejects: Path | None = typer.Option(
        None, "--rejects", help="Write the rejected rows here, each with its reasons."
    ),
    report: Path | None = typer.Option(
        None, "--report", help="Write the report: Markdown for .md, JSON otherwise (bounded size)."
    ),
    findings: Path | None = typer.Option(
        None, "--findings", help="Stream every finding here, one JSON object a line."
    ),
    examples: int = typer.Option(
        20, "--examples", help="Findings kept in the report per rule (and locations per cluster)."
    ),
    strict: bool = typer.Option(False, "--strict", help="Warnings fail (and are quarantined)."),
    fmt: OutputFormat = typer.Option(
        OutputFormat.text, "--format", help="What to print: text summary, json or markdown."
    ),
    against: list[str] = typer.Option(
        [], "--against", help="A reference split (e.g. training rows): flag answers it repeats."
    ),
    disable: list[str] = typer.Option([], "--disable", help="Rule id to switch off (repeatable)."),
    threshold: float = typer.Option(
        0.5, "--threshold", help="Near-duplicate threshold (estimated Jaccard of word 5-grams)."
    ),
    workers: int | None = typer.Option(
        None,
        "--workers",
        help="Processes: 1 stays in one; default uses 2 for inputs over 20 MB on 2+ cores.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (as --format json)."),
) -> None:
    """Validate datasets with every rule (stage 3 of the original process and what it missed)."""
    if as_json:
        fmt = OutputFormat.json
    _check_numbers(threshold=threshold, workers=workers, examples=examples)
    _check_paths(paths, against, out=out, rejects=rejects, report=report, findings=findings)
    validator = _validator(disable, threshold, against, workers, examples)
    if disable:
        _warn_unknown_rules(disable)
    with bytes_progress("validate") as progress:
        result = validator.validate_paths(paths, progress=progress)
    writing = out is not None or rejects is not None or findings is not None
    with stage_progress("write outputs", stderr=True) if writing else contextlib.nullcontext():
        _quarantine(result, out=out, rejects=rejects, findings=findings, strict=strict, fmt=fmt)
    if report is not None:
        _write_report(result, report)
    _print_result(result, fmt)
    code = 0 if result.ok(strict) else 1
    exit_now(code)  # the run's state is large: the process ends without freeing it
    if code:
        raise typer.Exit(code)


def _check_numbers(*, threshold: float, workers: int | None, examples: int) -> None:
    """Fail (exit 2) on a numeric option out of range, before any file is touched."""
    if not 0.0 < threshold <= 1.0:
        fail(f"--threshold must be in (0, 1], got {threshold}")
    if workers is not None and workers < 1:
        fail(f"--workers must be at least 1, got {workers}")
    if examples < 0:
        fail(f"--examples must be at least 0, got {examples}")


def _check_paths(
    paths: list[str],
    against: list[str],
    *,
    out: Path | None,
    rejects: Path | None,
    report: Path | None,
    findings: Path | None,
) -> None:
    """Fail (exit 2) before any work: an output that cannot be written, an input that names
    nothing, an output that would replace an input, two outputs into one file."""
    from noesis_trainer.io.jsonl import InputPathError, expand_paths

    check_output(out, "--out")
    check_output(findings, "--findings")
    check_output(rejects, "--rejects")
    check_output(report, "--report")
    try:
        inputs = {Path(p).resolve() for p in expand_paths(paths)}
        if against:
            expand_paths(against)
    except InputPathError as err:
        fail(str(err))
    targets = (
        ("--out", out),
        ("--rejects", rejects),
        ("--report", report),
        ("--findings", findings),
    )
    for label, target in targets:
        guard_output(label, target, [*inputs, *against])
    # Two outputs into one device (/dev/null) are fine; two into one file would clobber each other.
    named = [(label, t.resolve()) for label, t in targets if t is not None and not special_kind(t)]
    for i, (label, target) in enumerate(named):
        for other, second in named[i + 1 :]:
            if target == second:
                fail(f"{label} and {other} name the same file")


def _validator(
    disable: list[str], threshold: float, against: list[str], workers: int | None, examples: int
) -> Validator:
    """The validator the options describe; a plugin rule that is not a rule fails (exit 2)."""
    from noesis_trainer.validation import Validator, ValidatorConfig

    try:
        return Validator(
            disable=disable,
            options=ValidatorConfig(duplicate_threshold=threshold),
            reference=against or None,
            workers=workers,
            examples=examples,
        )
    except TypeError as err:  # a plugin registered something that is not a rule
        fail(f"plugin rule: {err}")


def _quarantine(
    result: ValidationReport,
    *,
    out: Path | None,
    rejects: Path | None,
    findings: Path | None,
    strict: bool,
    fmt: OutputFormat,
) -> None:
    """Write the accepted rows, the rejected rows and the findings where asked, and with a text
    summary say how many rows went where."""
    from noesis_trainer.validation.quarantine import quarantine

    if findings is not None and out is None and rejects is None:
        quarantine(result, findings=findings, strict=strict)
    if out is not None or rejects is not None:
        split = quarantine(result, out=out, rejects=rejects, findings=findings, strict=strict)
        where = ", ".join(
            f"{label} -> {os.fspath(p)}"
            for label, p in (
                (f"{split.accepted} accepted", out),
                (f"{split.rejected} rejected", rejects),
            )
            if p is not None
        )
        if fmt is OutputFormat.text:
            console.print(where, markup=False, highlight=False)


def _write_report(result: ValidationReport, report: Path) -> None:
    """The report file: Markdown for a .md or .markdown name, JSON otherwise."""
    from noesis_trainer.io.atomic import write_text_atomic

    body = (
        result.to_markdown()
        if report.suffix.lower() in (".md", ".markdown")
        else (result.to_json() + "\n")
    )
    write_text_atomic(report, body)


def _print_result(result: ValidationReport, fmt: OutputFormat) -> None:
    """The report on stdout in the chosen format."""
    if fmt is OutputFormat.json:
        typer.echo(result.to_json())
    elif fmt is OutputFormat.markdown:
        typer.echo(result.to_markdown())
    else:
        result.print_summary(console)


def _warn_unknown_rules(disable: list[str]) -> None:
    """A mistyped --disable would silently switch nothing off; say so (the run goes on)."""
    from noesis_trainer.validation import Validator

    known = sorted(rule.id for rule in Validator().rules)
    for rule_id in disable:
        if rule_id not in known:
            err_console.print(
                f"warning: --disable {rule_id!r} matches no rule; known: {', '.join(known)}",
                markup=False,
                soft_wrap=True,
            )
