"""`noesis doctor CONFIG`: the seed's pre- and post-training checklists, each item with its fix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from noesis_trainer.cli.app import app, console, fail


@app.command("doctor")
def doctor_command(
    config: Path = typer.Argument(..., help="Pipeline YAML."),
    post: bool = typer.Option(False, "--post", help="The post-training checklist."),
    both: bool = typer.Option(False, "--all", help="Both checklists."),
    as_json: bool = typer.Option(False, "--json", help="Print the checks as JSON."),
    modal_smoke: bool = typer.Option(
        False,
        "--modal-smoke",
        help="Build the Modal image and run a two-step QLoRA of the tiny model on the configured "
        "GPU (a few cents; needs a Modal token); report tokens/s and peak GPU memory.",
    ),
) -> None:
    """Check a run before training (data, split, Modal volume/secret/upload, budget) or after it
    (epochs, loss, Tribunal, checkpoints, merge, generation). Exit 1 when an item fails."""
    from noesis_trainer.pipeline.config import PipelineConfig, PipelineConfigError
    from noesis_trainer.pipeline.doctor import post_checks, pre_checks

    try:
        cfg = PipelineConfig.load(config)
    except PipelineConfigError as err:
        fail(err.line(), 2)
    if modal_smoke:
        _modal_smoke(cfg, as_json)
        return
    reports = []
    if both or not post:
        reports.append(pre_checks(cfg, str(config)))
    if both or post:
        reports.append(post_checks(cfg, str(config)))
    if as_json:
        console.print_json(json.dumps([r.model_dump(mode="json") for r in reports]))
    else:
        for r in reports:
            console.print(f"{r.phase}-training checklist ({cfg.run_path})", markup=False)
            for line in r.lines():
                console.print("  " + line, markup=False, soft_wrap=True)
    if not all(r.ok for r in reports):
        raise typer.Exit(1)


def _modal_smoke(cfg: Any, as_json: bool) -> None:
    from noesis_trainer.errors import ModalTokenMissingError, NoesisError
    from noesis_trainer.pipeline.doctor import modal_smoke, smoke_problems

    try:
        result = modal_smoke(cfg)
    except ModalTokenMissingError as err:
        fail(err.line(), 2)
    except NoesisError as err:
        fail(err.line(), 1)
    problems = smoke_problems(result)
    if as_json:
        console.print_json(json.dumps({**result.model_dump(mode="json"), "problems": problems}))
    else:
        console.print(f"Modal smoke run on {cfg.modal.gpu}", markup=False)
        for line in result.lines() + [f"problem: {p}" for p in problems]:
            console.print("  " + line, markup=False, soft_wrap=True)
    if problems:
        raise typer.Exit(1)
