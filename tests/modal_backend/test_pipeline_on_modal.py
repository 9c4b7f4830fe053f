"""The pipeline with ``backend: modal`` goes through `Trainer(config, backend=ModalBackend(...))`:
run here with ``modal.local_volume``, so every Modal function runs with `.local()` on a folder
standing for the volume, with the tiny model; the results come back into the run folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from noesis_trainer.pipeline.config import PipelineConfig
from noesis_trainer.pipeline.runner import Pipeline

pytest.importorskip("modal")
pytest.importorskip("transformers")

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.integration
def test_pipeline_trains_judges_and_merges_through_the_modal_functions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MODAL_CONFIG_PATH", str(tmp_path / "absent.toml"))  # no token anywhere
    monkeypatch.delenv("MODAL_TOKEN_ID", raising=False)
    lines = (REPO / "examples/data/seeds.jsonl").read_text(encoding="utf-8").splitlines()
    (tmp_path / "seeds.jsonl").write_text("\n".join(lines[:8]) + "\n", encoding="utf-8")
    volume = tmp_path / "vol"
    cfg = PipelineConfig.from_dict(
        {
            "name": "pm",
            "seeds": ["seeds.jsonl"],
            "backend": "modal",
            "epochs": 2,
            "split": {"eval_fraction": 0.25},
            "training": {
                "engine": "transformers",
                "model": {
                    "max_seq_length": 1024,
                    "load_in_4bit": False,
                    "gradient_checkpointing": False,
                },
                "lora": {"r": 4, "alpha": 8},
                "optim": {"per_device_train_batch_size": 2, "gradient_accumulation_steps": 1},
                "logging": {"logging_steps": 1, "progress_bar": False},
            },
            "tribunal": {"eval_prompts": 2, "max_new_tokens": 6},
            "deploy": {"max_new_tokens": 4, "gguf": False},
            "modal": {"local_volume": str(volume)},
        },
        base_dir=tmp_path,
    )
    Pipeline(cfg, log=lambda line: None).run(until="merge")
    run, remote = cfg.run_path, volume / "runs" / "pm"

    # the split and the tiny base model went to the volume, training happened there
    assert (remote / "dataset" / "train.jsonl").read_bytes() == (
        run / "dataset" / "train.jsonl"
    ).read_bytes()
    assert (remote / "model" / "config.json").is_file()
    assert list((remote / "training").glob("checkpoint-*"))
    # results came back; checkpoints stayed on the volume
    epoch_1 = json.loads((run / "training" / "epoch-1.json").read_text())
    assert epoch_1["completed"] is True and [e["epoch"] for e in epoch_1["epochs"]] == [0, 1]
    assert (run / "training" / "adapter" / "adapter_model.safetensors").read_bytes() == (
        remote / "training" / "adapter" / "adapter_model.safetensors"
    ).read_bytes()
    assert not list((run / "training").glob("checkpoint-*"))
    for epoch in (0, 1):
        local = json.loads((run / "tribunal" / f"epoch-{epoch}.json").read_text())
        on_volume = json.loads((remote / "tribunal" / f"epoch-{epoch}.json").read_text())
        assert local == on_volume and len(local["verdicts"]) == 2
    assert (run / "merged" / "config.json").read_bytes() == (
        remote / "merged" / "config.json"
    ).read_bytes()
