"""The body of each pipeline stage: which component it calls, what it reads and writes.

Each function takes the `Pipeline` and registers one (or, for training, one per epoch) stage
through `Pipeline.stage`, which skips it when its record is current. Components come from their
own modules; one that is missing makes its stage fail with `ComponentMissingError`, never
produce stand-in output.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from noesis_trainer.errors import (
    ModalTokenMissingError,
    NoesisError,
    component,
    modal_token_present,
)
from noesis_trainer.io.atomic import write_json_atomic, write_text_atomic

if TYPE_CHECKING:
    from noesis_trainer.pipeline.runner import Pipeline
    from noesis_trainer.training.backends.modal import ModalBackend
    from noesis_trainer.training.trainer import Trainer


class ValidationFailedError(NoesisError):
    """Every row was rejected, or `validate_strict` found warnings."""


# -- model ------------------------------------------------------------------------------------
def stage_model(p: Pipeline) -> None:
    """``model: tiny`` builds the random test Llama (and its tokenizer) into ``model/``; a named
    model (``smollm2-135m``) is converted once into the model cache and checked there."""
    from noesis_trainer.core.named_models import is_named_model

    if is_named_model(p.config.model):
        folder = Path(p.model_path()) if p.config.backend == "local" else None
        if folder is None:
            from noesis_trainer.core.named_models import resolve

            folder = resolve(p.config.model, log=p.log)
        p.log(f"[model] {p.config.model}: {folder}")
        return
    if p.config.model != "tiny":
        return
    out = p.root / "model"

    def body() -> dict[str, Any]:
        with component("model"):
            from noesis_trainer.testing import build_tiny_llama
        from noesis_trainer.core.dataset import Dataset

        texts: list[str] = []
        for e in Dataset.load(p.config.seed_paths()).examples:
            texts += [e.prompt, e.critique, e.response_revised]
        tmp = p.root / ".model.tmp"
        if tmp.exists():
            shutil.rmtree(tmp)
        build_tiny_llama(tmp, texts=texts)
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
        return {"model": "tiny", "files": sorted(f.name for f in out.iterdir())}

    p.stage(
        "model",
        inputs=p.config.seed_paths(),
        params={"model": "tiny"},
        outputs=[out / "config.json"],
        body=body,
    )


# -- validation -------------------------------------------------------------------------------
def _validate(p: Pipeline, name: str, sources: list[Path], clean: Path, rejects: Path) -> None:
    strict = p.config.validate_strict
    report_path = p.root / "data" / f"{name}.report.json"

    def body() -> dict[str, Any]:
        with component(name):
            from noesis_trainer.validation import Validator
            from noesis_trainer.validation.quarantine import quarantine

        report = Validator().validate_paths([str(s) for s in sources])
        write_text_atomic(report_path, report.to_json())
        # The one quarantine `noesis validate --out --rejects` uses: accepted rows byte for byte,
        # rejected ones with their located reasons.
        split = quarantine(report, out=clean, rejects=rejects, strict=strict)
        if not split.accepted:
            raise ValidationFailedError(
                f"{name}: every row was rejected; see {report_path}",
                f"noesis validate {' '.join(str(s) for s in sources)}",
            )
        if strict and not report.ok(strict=True):
            raise ValidationFailedError(
                f"{name}: warnings found and validate_strict is on; see {report_path}",
                "fix the rows or set validate_strict: false",
            )
        return {
            "rows": report.total_rows,
            "kept": split.accepted,
            "rejected": split.rejected,
            "pass_rate": report.pass_rate,
            "headline": report.headline(),
        }

    p.stage(
        name,
        inputs=sources,
        params={"strict": strict},
        outputs=[clean, rejects, report_path],
        body=body,
    )


def stage_validate_seeds(p: Pipeline) -> None:
    data = p.root / "data"
    _validate(
        p,
        "validate-seeds",
        p.config.seed_paths(),
        data / "seeds.jsonl",
        data / "seeds.rejects.jsonl",
    )


def stage_generate(p: Pipeline) -> None:
    """Seeds plus `variations.count` variations (provenance recorded) into data/generated.jsonl."""
    seeds = p.root / "data" / "seeds.jsonl"
    out = p.root / "data" / "generated.jsonl"
    v = p.config.variations

    def body() -> dict[str, Any]:
        from noesis_trainer.core.dataset import Dataset

        base = Dataset.load(seeds, name="seeds")
        if v.count == 0:
            base.save(out)
            return {"seeds": len(base), "variations": 0}
        if v.generator == "modal":
            from noesis_trainer.variations.model_choice import generate_on_modal

            made, summary = generate_on_modal(base, v, run_name=p.root.name)
            Dataset.combine(base, made, name="generated").save(out)
            return {"seeds": len(base), "variations": len(made), "summary": summary}
        with component("generate"):
            from noesis_trainer.variations import VariationGenerator
        from noesis_trainer.variations.model_choice import text_generator_for

        result = VariationGenerator(
            v.techniques, near_duplicate_threshold=v.near_duplicate_threshold
        ).generate(base, v.count, seed=v.seed, generator=text_generator_for(v))
        Dataset.combine(base, result.dataset, name="generated").save(out)
        return {
            "seeds": len(base),
            "variations": len(result.dataset),
            "summary": json.loads(result.summary.model_dump_json()),
        }

    p.stage(
        "generate",
        inputs=[seeds],
        params=v.model_dump(mode="json"),
        outputs=[out],
        body=body,
    )


def stage_validate(p: Pipeline) -> None:
    data = p.root / "data"
    _validate(
        p, "validate", [data / "generated.jsonl"], data / "clean.jsonl", data / "rejects.jsonl"
    )


def stage_split(p: Pipeline) -> None:
    clean = p.root / "data" / "clean.jsonl"
    out = p.dataset_dir
    s = p.config.split

    def body() -> dict[str, Any]:
        from noesis_trainer.core.dataset import Dataset

        with component("split"):
            from noesis_trainer.export.split import split_dataset
        result = split_dataset(Dataset.load(clean, name=p.config.name), s.eval_fraction, s.seed)
        if not len(result.eval):
            raise NoesisError(
                f"the split left no eval rows out of {len(result.train)}",
                "add seeds or raise split.eval_fraction",
            )
        manifest = result.write(out)
        return {"counts": manifest.counts}

    p.stage(
        "split",
        inputs=[clean],
        params=s.model_dump(mode="json"),
        outputs=[out / "train.jsonl", out / "eval.jsonl", out / "manifest.json"],
        body=body,
    )


# -- plan and budget --------------------------------------------------------------------------
def stage_plan(p: Pipeline) -> None:
    """Token count with the model's tokenizer and the cost estimate; enforces max_cost on Modal."""
    from noesis_trainer.pipeline.plan import check_budget, plan_for_config

    train = p.dataset_dir / "train.jsonl"
    budget = p.config.budget

    def body() -> dict[str, Any]:
        plan = plan_for_config(p.config)
        write_json_atomic(p.root / "plan.json", json.loads(plan.model_dump_json()))
        write_text_atomic(p.root / "plan.md", plan.to_markdown())
        return {
            "gpu": plan.gpu,
            "tokens": plan.tokens.total,
            "dollars_total": round(plan.ours.dollars_total, 4),
            "hours_total": round(plan.ours.hours_total, 4),
        }

    record = p.stage(
        "plan",
        inputs=[train],
        params={
            "budget": budget.model_dump(mode="json"),
            "gpu": p.config.modal.gpu,
            "epochs": p.config.epochs,
            "model": p.config.model,
        },
        outputs=[p.root / "plan.json", p.root / "plan.md"],
        body=body,
    )
    if p.config.backend == "modal":
        from noesis_trainer.pipeline.plan import Plan

        check_budget(
            Plan.model_validate_json((p.root / "plan.json").read_text(encoding="utf-8")),
            budget.max_cost,
        )
    del record


# -- Modal ------------------------------------------------------------------------------------
def modal_backend(p: Pipeline) -> ModalBackend:
    from noesis_trainer.training.backends.modal import ModalBackend

    semantic = (
        p.config.tribunal.relevance in ("semantic", "retrieval")
        or p.config.modal.semantic_relevance
    )
    return ModalBackend(p.config.modal, run=p.config.name, semantic_relevance=semantic)


def stage_upload(p: Pipeline) -> None:
    """Modal only: the split (and a local base model) to the volume, unchanged files skipped."""
    if p.config.backend != "modal":
        return
    if p.config.modal.local_volume is None and not modal_token_present():
        raise ModalTokenMissingError()
    backend = modal_backend(p)
    plan = backend.upload(p.dataset_dir, p.config.name)
    sent = list(plan.send)
    if p.config.model == "tiny":
        sent += [f"model/{f}" for f in backend.upload_model(p.root / "model", p.config.name).send]
    else:
        from noesis_trainer.core.named_models import is_named_model, resolve

        if is_named_model(p.config.model):
            folder = resolve(p.config.model, log=p.log)
            sent += [f"model/{f}" for f in backend.upload_model(folder, p.config.name).send]
    p.log(f"[upload] sent {len(sent)} file(s), {len(plan.skip)} unchanged")


# -- training and the per-epoch Tribunal ------------------------------------------------------
def _job(p: Pipeline, **fields: Any) -> dict[str, Any]:
    t = p.config.tribunal
    return {
        "training": p.config.training_dict(p.model_ref),
        "eval_prompts": t.eval_prompts,
        "max_new_tokens": t.max_new_tokens,
        "approve_above": t.approve_above,
        "relevance": t.relevance,
        "decoding": t.decoding.model_dump(mode="json"),
        "references": t.references,
        "streaming_merge": p.config.merge.streaming,
        **fields,
    }


def _trainer(p: Pipeline, job: dict[str, Any]) -> Trainer:
    """The run's `Trainer` over the configured backend (`LocalBackend` or `ModalBackend`)."""
    from noesis_trainer.core.named_models import check_model_access
    from noesis_trainer.pipeline import jobs
    from noesis_trainer.training.backends.local import LocalBackend
    from noesis_trainer.training.trainer import Trainer

    config = jobs.training_config(p.root, jobs.Job.model_validate(job))
    if p.config.backend == "modal":
        return Trainer(config, backend=modal_backend(p))
    check_model_access(config.model.base_model)
    return Trainer(config, backend=LocalBackend())


def _train(p: Pipeline, job: dict[str, Any]) -> dict[str, Any]:
    result = _trainer(p, job).train(epoch=job.get("epoch"), resume=True)
    payload: dict[str, Any] = result.model_dump(mode="json")
    return payload


def _judge(p: Pipeline, job: dict[str, Any]) -> dict[str, Any]:
    """The Tribunal on one checkpoint, here or in the Modal container."""
    from noesis_trainer.pipeline import jobs

    if p.config.backend == "modal":
        return modal_backend(p).judge(p.config.name, job, p.root)
    return jobs.evaluate_job(str(p.root), job)


def _merge(p: Pipeline, job: dict[str, Any]) -> dict[str, Any]:
    result = _trainer(p, job).merge(p.root / "merged", streaming=p.config.merge.streaming)
    return {
        "merged": str(result.out_dir),
        "mode": result.mode,
        "shards": list(result.shards),
        "merged_tensors": result.merged_tensors,
        "eos_token_ids": list(result.eos_token_ids),
    }


def _training_inputs(p: Pipeline) -> list[Path]:
    ins = [p.dataset_dir / "train.jsonl", p.dataset_dir / "eval.jsonl"]
    if p.config.model == "tiny":
        ins.append(p.root / "model")
    else:
        from noesis_trainer.core.named_models import MANIFEST, is_named_model

        if is_named_model(p.config.model) and p.config.backend == "local":
            ins.append(Path(p.model_path()) / MANIFEST)  # holds every weight file's sha256
    return ins


def _relative_checkpoint(path: str | None) -> str | None:
    """A checkpoint path reported by a job (maybe a container path) relative to the run folder."""
    if not path:
        return None
    parts = Path(path).parts
    return str(Path(*parts[parts.index("training") :])) if "training" in parts else None


def stage_train(p: Pipeline) -> None:
    """One stage per epoch (resuming inside the epoch from the newest valid checkpoint), each
    followed by the Tribunal on that epoch's checkpoint."""
    params = _job(p)
    if p.config.tribunal.each_epoch and p.config.tribunal.base:
        stage_tribunal_base(p)
    epoch = 0
    recovered: set[int] = set()
    while epoch < p.config.epochs:
        if p.config.tribunal.each_epoch and _out_of_patience(p, epoch):
            break
        out = p.root / "training" / f"epoch-{epoch}.json"

        def body(epoch: int = epoch, out: Path = out) -> dict[str, Any]:
            result = _train(p, _job(p, epoch=epoch))
            write_json_atomic(out, result)
            mine = [e for e in result.get("epochs", []) if e.get("epoch") == epoch]
            return {
                "epoch": epoch,
                "metrics": mine[-1] if mine else None,
                "completed": result.get("completed"),
            }

        try:
            record = p.stage(
                f"train-epoch-{epoch}",
                inputs=_training_inputs(p),
                params={"job": params, "epoch": epoch},
                outputs=[out],
                body=body,
            )
        except NoesisError as err:
            if not _previous_epoch_unfinished(err, epoch) or epoch in recovered:
                raise
            recovered.add(epoch)
            epoch = _retrain_previous_epoch(p, epoch)
            continue
        done, epoch = epoch, epoch + 1
        if not p.config.tribunal.each_epoch:
            continue
        metrics = record.summary.get("metrics") or {}
        checkpoint = _relative_checkpoint(metrics.get("checkpoint"))
        if checkpoint is None:
            raise NoesisError(
                f"epoch {done} reported no checkpoint to judge",
                "set training.checkpoint.save_each_epoch: true",
            )
        report = p.root / "tribunal" / f"epoch-{done}.json"

        def judge(epoch: int = done, checkpoint: str = checkpoint) -> dict[str, Any]:
            payload = _judge(p, _job(p, checkpoint=checkpoint, label=f"epoch-{epoch}"))
            return {
                "epoch": epoch,
                "avg_score": payload.get("avg_score"),
                "pass_rate": payload.get("pass_rate"),
                "judge_means": payload.get("judge_means"),
            }

        p.stage(
            f"tribunal-epoch-{done}",
            inputs=[out],
            params={"tribunal": p.config.tribunal.model_dump(mode="json"), "ckpt": checkpoint},
            outputs=[report],
            body=judge,
        )


def _previous_epoch_unfinished(err: NoesisError, epoch: int) -> bool:
    """The error training epoch N > 0 raises when epoch N-1 ended on no valid checkpoint."""
    return (
        epoch > 0 and type(err).__name__ == "TrainingStateError" and "has not finished" in str(err)
    )


def _retrain_previous_epoch(p: Pipeline, epoch: int) -> int:
    """Recover from a corrupted epoch-end checkpoint by itself: set the invalid checkpoints aside
    (renamed ``corrupted-checkpoint-<step>``, kept for inspection), forget epoch N-1's record and
    return N-1, so the loop trains it again from the newest valid checkpoint."""
    from noesis_trainer.training.checkpoints import find_resumable

    _, invalid = find_resumable(p.root / "training")
    moved = []
    for info in invalid:
        target = info.path.with_name(f"corrupted-{info.path.name}")
        n = 1
        while target.exists():
            n += 1
            target = info.path.with_name(f"corrupted-{info.path.name}-{n}")
        info.path.rename(target)
        moved.append(f"{info.path.name} ({info.problems[0]})")
    previous = epoch - 1
    for name in (f"train-epoch-{previous}", f"tribunal-epoch-{previous}"):
        (p.stages_dir / f"{name}.json").unlink(missing_ok=True)
    p.log(
        f"[train-epoch-{epoch}] epoch {previous} ended on no valid checkpoint"
        f"{': set aside ' + ', '.join(moved) if moved else ''}; training epoch {previous} again"
    )
    return previous


def stage_tribunal_base(p: Pipeline) -> None:
    """The base model judged with the same prompts and decoding as every epoch, and its eval
    loss: the figures each epoch is compared with (``tribunal/base.json``)."""
    report = p.root / "tribunal" / "base.json"

    def judge() -> dict[str, Any]:
        payload = _judge(p, _job(p, base=True, label="base"))
        return {
            "avg_score": payload.get("avg_score"),
            "pass_rate": payload.get("pass_rate"),
            "eval_loss": (payload.get("metadata") or {}).get("eval_loss"),
        }

    p.stage(
        "tribunal-base",
        inputs=_training_inputs(p),
        params={"job": _job(p), "tribunal": p.config.tribunal.model_dump(mode="json")},
        outputs=[report],
        body=judge,
    )


def _judged_epochs(p: Pipeline) -> list[int]:
    found = []
    for epoch in range(p.config.epochs):
        if (p.root / "tribunal" / f"epoch-{epoch}.json").is_file():
            found.append(epoch)
        else:
            break
    return found


def _out_of_patience(p: Pipeline, epoch: int) -> bool:
    """True when `tribunal.patience` epochs in a row have not beaten the best total before them
    (the base model's counts as the first)."""
    patience = p.config.tribunal.patience
    if patience is None or epoch == 0:
        return False
    totals = [_total(p, f"epoch-{e}") for e in range(epoch)]
    base = _total(p, "base")
    history = ([base] if base is not None else []) + totals
    if any(t is None for t in totals) or len(history) <= patience:
        return False
    scores = [float(t) for t in history if t is not None]
    best_before = max(scores[: len(scores) - patience])
    stop = all(t <= best_before for t in scores[len(scores) - patience :])
    if stop:
        p.log(
            f"[train] stopping before epoch {epoch}: the Tribunal total has not improved on "
            f"{best_before:.4f} for {patience} epoch(s) (tribunal.patience)"
        )
    return stop


def _total(p: Pipeline, label: str) -> float | None:
    path = p.root / "tribunal" / f"{label}.json"
    if not path.is_file():
        return None
    value = json.loads(path.read_text(encoding="utf-8")).get("avg_score")
    return float(value) if value is not None else None


def select_epoch(
    totals: dict[int, float | None], eval_losses: dict[int, float | None], how: str
) -> int:
    """The epoch to merge: the last one, or the highest Tribunal total (ties: lower eval loss,
    then the earlier epoch). Epochs never judged are not candidates for ``best``."""
    epochs = sorted(set(totals) | set(eval_losses))
    if not epochs:
        raise NoesisError("no trained epoch to select", "run the train stage first")
    judged = [e for e in epochs if totals.get(e) is not None]
    if how == "last" or not judged:
        return epochs[-1]

    def key(e: int) -> tuple[float, float, int]:
        loss = eval_losses.get(e)
        return (-float(totals[e] or 0.0), float(loss) if loss is not None else float("inf"), e)

    return min(judged, key=key)


def stage_select(p: Pipeline) -> dict[str, Any]:
    """Which epoch's adapter is merged and deployed (``tribunal/selection.json``)."""
    trained = [
        e for e in range(p.config.epochs) if (p.root / "training" / f"epoch-{e}.json").is_file()
    ]
    totals = {e: _total(p, f"epoch-{e}") for e in trained}
    losses: dict[int, float | None] = {}
    checkpoints: dict[int, str | None] = {}
    for e in trained:
        result = json.loads((p.root / "training" / f"epoch-{e}.json").read_text(encoding="utf-8"))
        mine = [m for m in result.get("epochs", []) if m.get("epoch") == e]
        losses[e] = mine[-1].get("eval_loss") if mine else None
        checkpoints[e] = _relative_checkpoint(mine[-1].get("checkpoint")) if mine else None
    how = p.config.tribunal.select
    chosen = select_epoch(totals, losses, how)
    base = _total(p, "base")
    last = max(trained)
    checkpoint = None if chosen == p.config.epochs - 1 else checkpoints.get(chosen)
    selection = {
        "select": how,
        "epoch": chosen,
        "label": f"epoch-{chosen}",
        "checkpoint": checkpoint or "training/adapter",
        "tribunal_total": totals.get(chosen),
        "base_total": base,
        "beats_base": None
        if base is None or totals.get(chosen) is None
        else bool(float(totals[chosen] or 0.0) > base),
        "stopped_early": last < p.config.epochs - 1,
        "totals": {f"epoch-{e}": t for e, t in totals.items()},
    }
    write_json_atomic(p.root / "tribunal" / "selection.json", selection)
    p.log(f"[select] epoch {chosen} ({how}; Tribunal total {totals.get(chosen)}, base {base})")
    return selection


def stage_merge(p: Pipeline) -> None:
    if not p.config.merge.enabled:
        return
    selection = stage_select(p)
    ins = sorted((p.root / "training").glob("epoch-*.json"))

    def body() -> dict[str, Any]:
        merged: dict[str, Any] = _merge(p, _job(p, checkpoint=selection["checkpoint"]))
        merged["selected_epoch"] = selection["epoch"]
        return merged

    p.stage(
        "merge",
        inputs=ins,
        params={"streaming": p.config.merge.streaming, "checkpoint": selection["checkpoint"]},
        outputs=[p.root / "merged" / "config.json"],
        body=body,
    )


# -- deploy checks ----------------------------------------------------------------------------
def stage_deploy(p: Pipeline) -> None:
    if not p.config.merge.enabled:
        return
    merged = p.root / "merged"
    d = p.config.deploy
    out = p.root / "deploy.json"

    def body() -> dict[str, Any]:
        summary: dict[str, Any] = {}
        if d.generation_check:
            with component("deploy"):
                from noesis_trainer.deploy.checks import check_generation
            result = check_generation(merged, [d.prompt], max_new_tokens=d.max_new_tokens)[0]
            summary["generation"] = {
                "prompt": result.prompt,
                "new_tokens": result.new_tokens,
                "stopped_at_eos": result.stopped,
                "stop_token": result.stop_token,
                "text": result.completion,
            }
            if result.new_tokens == 0:
                raise NoesisError("the merged model generated nothing", "inspect merged/")
        if d.gguf:
            with component("deploy"):
                from noesis_trainer.merging.gguf import export_gguf
            export = export_gguf(
                merged,
                p.root / "gguf" / f"{p.config.name}-{d.gguf_quant}.gguf",
                d.gguf_quant,
                tokenizer_pre=d.gguf_tokenizer_pre,
                modelfile=d.modelfile,
            )
            summary["gguf"] = {
                "path": str(Path(export.path).relative_to(p.root)),
                "quant": export.quant,
                "size_bytes": export.size_bytes,
                "modelfile": str(Path(export.modelfile).relative_to(p.root))
                if export.modelfile
                else None,
            }
        write_json_atomic(out, summary)
        return summary

    p.stage("deploy", inputs=[merged], params=d.model_dump(mode="json"), outputs=[out], body=body)


def stage_report(p: Pipeline) -> None:
    from noesis_trainer.pipeline.report import write_report

    ins = [p.root / "data" / "clean.jsonl", p.dataset_dir / "manifest.json"]
    ins += [p.root / "plan.json", p.root / "deploy.json", p.root / "training" / "metrics.jsonl"]
    ins += sorted((p.root / "training").glob("epoch-*.json"))
    ins += sorted((p.root / "tribunal").glob("epoch-*.json"))
    ins += [p.root / "tribunal" / "base.json", p.root / "tribunal" / "selection.json"]

    def body() -> dict[str, Any]:
        paths = write_report(p.root)
        return {"files": [str(x.relative_to(p.root)) for x in paths]}

    p.stage(
        "report",
        inputs=ins,
        params={"version": 1},
        outputs=[p.root / "report.md", p.root / "report.html"],
        body=body,
    )
