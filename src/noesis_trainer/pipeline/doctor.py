"""The seed's two checklists as checks that run: before training and after it.

Each item is pass, fail or skip, with what was seen and the command that fixes it. Items that
need Modal's servers (volume, secret, upload) say "no Modal token" and skip rather than failing
with a gRPC error when this machine has no credentials.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from noesis_trainer.errors import ModalTokenMissingError, NoesisError, modal_token_present
from noesis_trainer.pipeline.jobs import SMOKE_STEPS, SmokeResult

Status = Literal["pass", "fail", "skip"]


class Check(BaseModel):
    name: str
    status: Status
    detail: str
    fix: str = ""


class DoctorReport(BaseModel):
    phase: Literal["pre", "post"]
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return all(c.status != "fail" for c in self.checks)

    def lines(self) -> list[str]:
        marks = {"pass": "PASS", "fail": "FAIL", "skip": "SKIP"}
        out = []
        for c in self.checks:
            line = f"[{marks[c.status]}] {c.name}: {c.detail}"
            if c.status != "pass" and c.fix:
                line += f"  -> {c.fix}"
            out.append(line)
        return out


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def _guard(name: str, fn: Callable[[], Check]) -> Check:
    """A check that raises becomes a failed item naming the error, never a traceback."""
    try:
        return fn()
    except NoesisError as err:
        return Check(name=name, status="fail", detail=err.message, fix=err.fix)
    except Exception as err:  # a doctor reports; it does not crash
        return Check(name=name, status="fail", detail=f"{type(err).__name__}: {err}")


# -- before training ------------------------------------------------------------------------
def pre_checks(config: Any, config_path: str = "CONFIG") -> DoctorReport:
    """Validated dataset, split present, volume, secret, dataset uploaded, budget."""
    run: Path = config.run_path
    fix_until = f"noesis run {config_path} --until"
    checks = [
        _guard("dataset validated", lambda: _validated_check(run, fix_until)),
        _guard("train/eval split", lambda: _split_check(run, fix_until)),
    ]
    if config.backend == "modal":
        checks.append(_guard("Modal image", lambda: _image_check(config)))
    if config.backend != "modal":
        for name in ("Modal volume", "Hugging Face secret", "dataset uploaded"):
            checks.append(Check(name=name, status="skip", detail="backend is local"))
    elif not modal_token_present():
        for name in ("Modal volume", "Hugging Face secret", "dataset uploaded"):
            checks.append(
                Check(
                    name=name,
                    status="skip",
                    detail="no Modal token on this machine",
                    fix="modal token new",
                )
            )
    else:
        checks += _modal_checks(config, fix_until)
    checks.append(_guard("budget", lambda: _budget_check(config)))
    return DoctorReport(phase="pre", checks=checks)


def _validated_check(run: Path, fix_until: str) -> Check:
    report = _read(run / "data" / "validate.report.json")
    clean = run / "data" / "clean.jsonl"
    if report is None or not clean.is_file():
        return Check(
            name="dataset validated",
            status="fail",
            detail="not validated yet",
            fix=f"{fix_until} validate",
        )
    total, errors = report.get("total_rows", 0), report.get("rows_with_errors", 0)
    rate = (total - errors) / total if total else 1.0
    kept = sum(1 for line in clean.read_text(encoding="utf-8").splitlines() if line.strip())
    detail = f"{kept} rows kept; pass rate {rate:.1%} ({errors} rejected to data/rejects.jsonl)"
    return Check(name="dataset validated", status="pass", detail=detail)


def _split_check(run: Path, fix_until: str) -> Check:
    from noesis_trainer.training.backends.modal import read_export_manifest

    folder = run / "dataset"
    if not (folder / "manifest.json").is_file():
        return Check(
            name="train/eval split",
            status="fail",
            detail="no split yet",
            fix=f"{fix_until} split",
        )
    read_export_manifest(folder)
    counts = (_read(folder / "manifest.json") or {}).get("counts", {})
    return Check(
        name="train/eval split",
        status="pass",
        detail=f"{counts.get('train')} train / {counts.get('eval')} eval, hashes match",
    )


def _budget_check(config: Any) -> Check:
    from noesis_trainer.pipeline.plan import plan_for_config

    plan = plan_for_config(config)
    cost = plan.ours.dollars_total
    limit = config.budget.max_cost
    if limit is None:
        return Check(
            name="budget",
            status="skip",
            detail=f"no max_cost set; estimate ${cost:.2f} on {plan.gpu}",
            fix="set budget.max_cost in the config",
        )
    if cost > limit:
        return Check(
            name="budget",
            status="fail",
            detail=f"estimate ${cost:.2f} > max_cost ${limit:.2f}",
            fix="raise budget.max_cost or lower epochs; see `noesis plan`",
        )
    return Check(
        name="budget",
        status="pass",
        detail=f"estimate ${cost:.2f} <= max_cost ${limit:.2f} on {plan.gpu}",
    )


def _image_check(config: Any) -> Check:
    """The image recipe, checked here: the Python it would run matches this client's."""
    from noesis_trainer.pins import TORCH_CUDA
    from noesis_trainer.training.backends.modal import ModalBackend

    recipe = ModalBackend(config.modal).recipe()
    return Check(
        name="Modal image",
        status="pass",
        detail=f"python {recipe.python_version} (this client's), apt "
        f"{' '.join(recipe.apt_packages)}, {recipe.torch} (CUDA {TORCH_CUDA})",
    )


def _modal_checks(config: Any, fix_until: str) -> list[Check]:
    """Volume, secret and upload, asked of Modal's servers (a token is present)."""
    import modal
    from modal.exception import NotFoundError

    from noesis_trainer.training.backends.modal import (
        ModalVolumeStore,
        dataset_dir,
        manifest_hashes,
        read_export_manifest,
    )

    s = config.modal
    out: list[Check] = []
    volume = modal.Volume.from_name(s.volume_name)
    try:
        volume.hydrate()
        out.append(Check(name="Modal volume", status="pass", detail=f"{s.volume_name} exists"))
        volume_ok = True
    except NotFoundError:
        out.append(
            Check(
                name="Modal volume",
                status="fail",
                detail=f"{s.volume_name} not found",
                fix=f"modal volume create {s.volume_name}",
            )
        )
        volume_ok = False

    def secret() -> Check:
        try:
            modal.Secret.from_name(s.secret_name).hydrate()
        except NotFoundError:
            return Check(
                name="Hugging Face secret",
                status="fail",
                detail=f"secret {s.secret_name} not found",
                fix=f"modal secret create {s.secret_name} HF_TOKEN=hf_...",
            )
        return Check(name="Hugging Face secret", status="pass", detail=f"{s.secret_name} exists")

    out.append(_guard("Hugging Face secret", secret))

    def uploaded() -> Check:
        if not volume_ok:
            return Check(name="dataset uploaded", status="skip", detail="no volume yet")
        local = read_export_manifest(config.run_path / "dataset")
        raw = ModalVolumeStore(volume).read_bytes(f"{dataset_dir(config.name)}/manifest.json")
        remote = manifest_hashes(json.loads(raw)) if raw else {}
        stale = sorted(k for k in local if remote.get(k) != local[k])
        if stale:
            return Check(
                name="dataset uploaded",
                status="fail",
                detail=f"not on the volume or changed: {', '.join(stale)}",
                fix=f"{fix_until} upload",
            )
        return Check(name="dataset uploaded", status="pass", detail="volume holds the same sha256")

    out.append(_guard("dataset uploaded", uploaded))
    return out


# -- after training -------------------------------------------------------------------------
def post_checks(
    config: Any, config_path: str = "CONFIG", *, approve_above: float | None = None
) -> DoctorReport:
    """Epochs done, loss decreasing, Tribunal above threshold, checkpoints, merge, generation."""
    run: Path = config.run_path
    threshold = approve_above if approve_above is not None else config.tribunal.approve_above
    n = config.epochs
    fix_run = f"noesis run {config_path}"
    final = _read(run / "training" / f"epoch-{n - 1}.json") or {}
    epochs = [e for e in final.get("epochs", []) if isinstance(e, dict)]
    checks = [
        _epochs_check(final, epochs, n, fix_run),
        _loss_check(epochs),
        _tribunal_check(run, threshold, fix_run),
        _guard("checkpoints", lambda: _checkpoints_check(run, fix_run)),
        _merge_check(run, fix_run),
        _generation_check(run, fix_run),
    ]
    return DoctorReport(phase="post", checks=checks)


def _epochs_check(final: dict[str, Any], epochs: list[Any], n: int, fix_run: str) -> Check:
    if final.get("completed") and len(epochs) >= n:
        return Check(name="epochs done", status="pass", detail=f"{n} of {n}")
    return Check(
        name="epochs done",
        status="fail",
        detail=f"{len(epochs)} of {n}",
        fix=f"{fix_run}  (resumes from the newest valid checkpoint)",
    )


def _loss_check(epochs: list[Any]) -> Check:
    losses = [float(e["train_loss"]) for e in epochs if e.get("train_loss") is not None]
    if len(losses) < 2:
        return Check(
            name="loss decreasing",
            status="skip",
            detail=f"{len(losses)} epoch loss(es) recorded; need 2",
        )
    down = losses[-1] < losses[0]
    return Check(
        name="loss decreasing",
        status="pass" if down else "fail",
        detail=" -> ".join(f"{x:.4f}" for x in losses),
        fix="" if down else "lower optim.learning_rate or check the data (noesis stats)",
    )


def _tribunal_check(run: Path, threshold: float, fix_run: str) -> Check:
    tribunal = sorted((run / "tribunal").glob("epoch-*.json"))
    if not tribunal:
        return Check(
            name=f"tribunal > {threshold}", status="fail", detail="no Tribunal report", fix=fix_run
        )
    last = tribunal[-1]
    score = float((_read(last) or {}).get("avg_score", 0.0))
    ok = score > threshold
    return Check(
        name=f"tribunal > {threshold}",
        status="pass" if ok else "fail",
        detail=f"{last.stem}: avg score {score:.3f}",
        fix="" if ok else "more or better data, more epochs; see report.md",
    )


def _checkpoints_check(run: Path, fix_run: str) -> Check:
    from noesis_trainer.training.checkpoints import (
        list_checkpoints,
        read_checkpoint,
        safetensors_problem,
    )

    found = list_checkpoints(run / "training")
    infos = [read_checkpoint(p, hashes=False) for p in found]
    valid = [i.path for i in infos if i.valid]
    adapter = (run / "training" / "adapter" / "adapter_config.json").is_file()
    if not valid and not adapter:
        return Check(name="checkpoints", status="fail", detail="none", fix=fix_run)
    # the final save must be whole: a truncated newest checkpoint or adapter fails the check
    weights = run / "training" / "adapter" / "adapter_model.safetensors"
    broken = [f"{i.path.name}: {i.problems[0]}" for i in infos[:1] if not i.valid]
    if adapter and weights.is_file() and (problem := safetensors_problem(weights)):
        broken.append(f"adapter/{problem}")
    if broken:
        return Check(
            name="checkpoints",
            status="fail",
            detail="; ".join(broken),
            fix=f"{fix_run}  (resumes from the newest valid checkpoint)",
        )
    return Check(
        name="checkpoints",
        status="pass",
        detail=f"{len(valid)} valid of {len(found)}; final adapter "
        f"{'present' if adapter else 'missing'}",
    )


def _merge_check(run: Path, fix_run: str) -> Check:
    from noesis_trainer.training.checkpoints import safetensors_problem

    merged = run / "merged"
    shards = list(merged.glob("*.safetensors"))
    torn = [problem for s in shards if (problem := safetensors_problem(s))]
    if torn:
        return Check(
            name="merge",
            status="fail",
            detail=torn[0],
            fix=f"{fix_run} --until merge  (after deleting {merged})",
        )
    if (merged / "config.json").is_file() and shards:
        return Check(name="merge", status="pass", detail=f"{len(shards)} shard(s)")
    return Check(
        name="merge", status="fail", detail="no merged model", fix=f"{fix_run} --until merge"
    )


def _generation_check(run: Path, fix_run: str) -> Check:
    gen = (_read(run / "deploy.json") or {}).get("generation") or {}
    if gen.get("new_tokens"):
        stop = "stopped at end of turn" if gen.get("stopped_at_eos") else "hit max_new_tokens"
        return Check(
            name="local generation",
            status="pass",
            detail=f"{gen['new_tokens']} new tokens, {stop}",
        )
    return Check(
        name="local generation", status="fail", detail="not run", fix=f"{fix_run} --until deploy"
    )


# -- the GPU smoke run ----------------------------------------------------------------------
def smoke_problems(result: SmokeResult) -> list[str]:
    """What makes a smoke result bad: no GPU, no C compiler for Triton, nothing trained."""
    problems = []
    if result.gpu is None:
        problems.append("no GPU was visible: the run measured the CPU, not the configured GPU")
    if result.c_compiler is None:
        problems.append("no C compiler in the image: Triton kernels fail (apt build-essential)")
    if result.steps < SMOKE_STEPS or result.tokens_per_second <= 0:
        problems.append(f"trained {result.steps} of {SMOKE_STEPS} steps")
    return problems


def modal_smoke(config: Any) -> SmokeResult:
    """Build the image and run the two-step QLoRA of the tiny model on `config.modal.gpu`."""
    if not modal_token_present():
        raise ModalTokenMissingError()
    from noesis_trainer.training.backends.modal import ModalBackend

    return ModalBackend(config.modal).smoke()
