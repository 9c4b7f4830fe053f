"""`noesis doctor CONFIG`: the seed's pre- and post-training checklists, each item with its fix."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from noesis_trainer.cli.app import app, console, fail


@app.command("doctor")
def doctor_command(
    config: Path = typer.Argument(..., help="Pipeline YAML."),
    post: bool = typer.Option(False, "--post", help="The post-training checklist."),
    both: bool = typer.Option(False, "--all", help="Both checklists."),
    as_json: bool = typer.Option(False, "--json", help="Print the checks as JSON."),
) -> None:
    """Check a run before training (data, split, Modal volume/secret/upload, budget) or after it
    (epochs, loss, Tribunal, checkpoints, merge, generation). Exit 1 when an item fails."""
    from noesis_trainer.doctor import post_checks, pre_checks
    from noesis_trainer.pipeline import PipelineConfig, PipelineConfigError

    try:
        cfg = PipelineConfig.load(config)
    except PipelineConfigError as err:
        fail(err.line(), 2)
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
