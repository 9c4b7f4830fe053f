"""The Modal vLLM rewriter up to Modal's servers: app, image, GPU, volume, `.map` fan-out plan,
budget guard, and the remote body run with `.local()` (transformers standing in for vLLM)."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from noesis_trainer import Dataset
from noesis_trainer.errors import BudgetExceededError
from noesis_trainer.generation.modal_vllm import (
    VLLM_PINS,
    VOLUME_MOUNT,
    ModalRewriter,
    plan_batches,
)
from noesis_trainer.pipeline.plan import rewrite_estimate


def _raw(obj: Any) -> Any:
    from modal._utils.async_utils import synchronizer

    return synchronizer._translate_in(obj)


def test_app_function_has_gpu_volume_secret_and_vllm_pinned() -> None:
    rewriter = ModalRewriter(gpu="h100", timeout_s=1800)
    built = rewriter.build()
    assert rewriter.build() is built
    spec = built.rewrite._spec_
    assert spec.gpus == "H100"
    assert list(spec.volumes) == [VOLUME_MOUNT]
    assert _raw(spec.volumes[VOLUME_MOUNT])._name == "noesis-variations"
    assert [_raw(s)._rep for s in spec.secrets] == ["modal.Secret.from_name('huggingface-token')"]
    assert _raw(built.rewrite)._function_info.timeout == 1800
    assert f"vllm=={VLLM_PINS['vllm']}" in built.requirements
    assert built.requirements[0].startswith("vllm==")


def test_settings_are_checked_before_any_modal_call() -> None:
    with pytest.raises(ValueError, match=r"did you mean .L40S."):
        ModalRewriter(gpu="L40")
    with pytest.raises(ValueError, match="batch_seeds"):
        ModalRewriter(batch_seeds=0)


def test_batches_share_the_count_and_cover_every_seed() -> None:
    records = [{"id": f"s{i}"} for i in range(130)]
    batches = plan_batches(records, 5500, 50)
    assert [len(c) for c, _ in batches] == [50, 50, 30]
    assert sum(n for _, n in batches) == 5500
    assert [n for _, n in batches] == [2116, 2115, 1269]
    jobs = ModalRewriter(batch_seeds=50).jobs(records, 5500, seed=3)
    assert [j["index"] for j in jobs] == [0, 1, 2] and {j["seed"] for j in jobs} == {3}
    assert {j["model"] for j in jobs} == {"meta-llama/Llama-3.1-8B-Instruct"}


def test_budget_guard_refuses_before_starting() -> None:
    estimate = rewrite_estimate(5500, "L40S")
    assert 1.0 < estimate.dollars < 20.0 and estimate.containers == 12
    assert rewrite_estimate(11000, "L40S").dollars > estimate.dollars
    rewriter = ModalRewriter(max_cost=estimate.dollars / 2)
    with pytest.raises(BudgetExceededError, match="exceeds max_cost"):
        rewriter.run([{"id": "x"}], 5500, run_name="r")  # raises before building or calling Modal
    assert rewriter._built is None
    assert ModalRewriter(max_cost=estimate.dollars * 2).check_budget(5500) == estimate.dollars


@pytest.mark.integration
def test_remote_body_runs_locally_and_resumes(
    project_seeds: Dataset, smollm2_dir: Path, tmp_path: Path
) -> None:
    seeds = [next(e for e in project_seeds if e.id == "etica_003")]  # a short Portuguese seed
    rewriter = ModalRewriter(max_new_tokens=32, max_attempts=1, batch_seeds=1)
    job = rewriter.jobs([s.to_record() for s in seeds], 1, techniques=["simplify"])[0]
    job.update(backend="transformers", model=str(smollm2_dir))
    built = rewriter.build()
    root = tmp_path / "vol" / "variations" / "r1"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        first = built.rewrite.local(str(root), job)
        again = built.rewrite.local(str(root), job)
    assert first["resumed"] is False and again["resumed"] is True
    assert again["rows"] == first["rows"] and again["summary"] == first["summary"]
    summary = first["summary"]
    kept = summary["produced"]
    assert kept == len(first["rows"]) == summary["requested"] - summary["slots_given_up"]
    assert sum(summary["refusals"].values()) + kept == 1
    assert (root / "batch-0000.jsonl").is_file() and (root / "batch-0000.summary.json").is_file()
    read_back = Dataset.load(root / "batch-0000.jsonl") if kept else None
    assert read_back is None or [e.id for e in read_back] == [r["id"] for r in first["rows"]]
