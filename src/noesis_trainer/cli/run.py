"""`noesis run CONFIG`: the whole pipeline, resumable stage by stage."""

from __future__ import annotations

from pathlib import Path

import typer

from noesis_trainer.cli.app import app, console, fail


@app.command("run")
def run_command(
    config: Path = typer.Argument(..., help="Pipeline YAML (see examples/pipeline.yaml)."),
    until: str | None = typer.Option(
        None, "--until", help="Stop after this stage (model, validate, split, plan, train...)."
    ),
    backend: str | None = typer.Option(None, "--backend", help="Override backend: local|modal."),
    settings: list[str] = typer.Option(
        [],
        "--set",
        help="Override one config value, e.g. --set training.lora.r=16 (repeatable; YAML value).",
    ),
) -> None:
    """Validate -> generate -> validate -> split -> train -> tribunal -> merge -> deploy -> report.

    Each stage writes its output into the run folder; re-running skips finished stages and a
    killed training resumes from its newest valid checkpoint.
    """
    from noesis_trainer.console import get_logger, run_summary, stage_progress
    from noesis_trainer.errors import NoesisError, classify
    from noesis_trainer.pipeline.config import (
        PipelineConfig,
        PipelineConfigError,
        parse_set_options,
    )
    from noesis_trainer.pipeline.runner import STAGES, Pipeline

    if until is not None and until not in STAGES:
        fail(f"--until: unknown stage {until!r}; use one of: {', '.join(STAGES)}")
    try:
        overrides = parse_set_options(settings)
        if backend:
            overrides["backend"] = backend
        cfg = PipelineConfig.load(config, **overrides)
    except PipelineConfigError as err:
        fail(err.line(), 2)
    log = get_logger()
    try:
        pipe = Pipeline(cfg, log=log.info, progress=stage_progress)
        pipe.run(until=until)
    except NoesisError as err:
        fail(err.line(), 1)
    except Exception as err:
        known = classify(err)
        if known is None:
            raise
        fail(known.line(), 1)
    report = cfg.run_path / "report.html"
    lines = run_summary(
        {name: (r.seconds, r.summary) for name, r in pipe.records.items()},
        skipped=pipe.skipped,
        report=report if report.is_file() else None,
    )
    lines.insert(
        0,
        f"done: {len(pipe.ran)} stage(s) ran, {len(pipe.skipped)} up to date; "
        f"run folder {cfg.run_path}",
    )
    for line in lines:
        console.print(line, markup=False, soft_wrap=True)
