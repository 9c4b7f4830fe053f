"""`noesis plan CONFIG`: real tokens, GPU hours and dollars before anything is launched."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from noesis_trainer.cli.app import app, console, fail


@app.command("plan")
def plan_command(
    config: Path = typer.Argument(..., help="Pipeline YAML."),
    gpu: str | None = typer.Option(None, "--gpu", help="Estimate for this Modal GPU instead."),
    epochs: int | None = typer.Option(None, "--epochs", help="Override the config's epochs."),
    as_json: bool = typer.Option(False, "--json", help="Print the plan as JSON."),
) -> None:
    """Count the dataset's tokens with the model's tokenizer and estimate cost per epoch and in
    total, beside the original process's (TRAINING_PROCESS) pad-to-2048 config; exit 1 when the
    estimate exceeds max_cost."""
    from noesis_trainer.errors import NoesisError
    from noesis_trainer.pipeline.config import PipelineConfig, PipelineConfigError
    from noesis_trainer.pipeline.plan import check_budget, plan_for_config

    overrides: dict[str, object] = {}
    if epochs is not None:
        overrides["epochs"] = epochs
    try:
        cfg = PipelineConfig.load(config, **overrides)
        if gpu is not None:
            cfg = cfg.model_copy(update={"modal": cfg.modal.model_copy(update={"gpu": gpu})})
            PipelineConfig.from_dict(
                {**cfg.model_dump(mode="json"), "modal": {**cfg.modal.model_dump(), "gpu": gpu}},
                source="--gpu",
                base_dir=cfg.base_dir,
            )
    except PipelineConfigError as err:
        fail(err.line(), 2)
    try:
        plan = plan_for_config(cfg)
    except (NoesisError, ValueError) as err:
        fail(err.line() if isinstance(err, NoesisError) else str(err), 2)
    if as_json:
        console.print_json(json.dumps(json.loads(plan.model_dump_json())))
    else:
        console.print(plan.to_markdown(), markup=False, soft_wrap=True)
    v = cfg.variations
    if v.generator == "modal" and v.count and not as_json:
        from noesis_trainer.pipeline.plan import rewrite_estimate

        r = rewrite_estimate(v.count, v.gpu, max_new_tokens=v.max_new_tokens)
        console.print(
            f"variations on Modal: {r.count} rewrites on {r.gpu}, {r.containers} containers, "
            f"~{r.gpu_hours:.2f} GPU-hours, ~${r.dollars:.2f} ({r.assumptions})",
            markup=False,
        )
    try:
        check_budget(plan, cfg.budget.max_cost)
    except NoesisError as err:
        fail(err.line(), 1)
    if cfg.budget.max_cost is not None:
        console.print(
            f"within budget: ${plan.ours.dollars_total:.2f} <= max_cost ${cfg.budget.max_cost:.2f}",
            markup=False,
        )
