"""`noesis run` end to end on the tiny model: killed with SIGKILL mid-training, run again, it
resumes and finishes; the report's figures are recomputed from the artifacts and compared."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from noesis_trainer.core.dataset import Dataset

pytest.importorskip("transformers")
pytest.importorskip("matplotlib")

REPO = Path(__file__).resolve().parents[2]
NOESIS = str(Path(sys.executable).parent / "noesis")

CONFIG = """\
name: e2e
seeds: [seeds.jsonl]
model: tiny
epochs: 2
variations: {{count: 6, seed: 1}}
split: {{eval_fraction: 0.25, seed: 3}}
training:
  engine: transformers
  model: {{max_seq_length: 1024, load_in_4bit: false, gradient_checkpointing: false}}
  lora: {{r: 4, alpha: 8}}
  optim: {{per_device_train_batch_size: 2, gradient_accumulation_steps: 1, learning_rate: 0.003}}
  checkpoint: {{save_steps: 2}}
  logging: {{logging_steps: 1, progress_bar: false}}
tribunal: {{eval_prompts: 2, max_new_tokens: 8}}
deploy: {{max_new_tokens: 4, gguf: {gguf}, gguf_tokenizer_pre: llama-bpe}}
{extra}"""


def _gguf_tooling() -> bool:
    """GGUF export needs llama.cpp's converter (scripts/bootstrap.sh installs it)."""
    try:
        from noesis_trainer.merging.gguf import find_converter

        find_converter()
    except Exception:
        return False
    return True


def _setup(tmp_path: Path, rows: int = 12, extra: str = "") -> Path:
    lines = (REPO / "examples/data/seeds.jsonl").read_text(encoding="utf-8").splitlines()
    (tmp_path / "seeds.jsonl").write_text("\n".join(lines[:rows]) + "\n", encoding="utf-8")
    config = tmp_path / "pipeline.yaml"
    gguf = "true" if _gguf_tooling() and "modal" not in extra else "false"
    config.write_text(CONFIG.format(extra=extra, gguf=gguf), encoding="utf-8")
    return config


def _env() -> dict[str, str]:
    return {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "COLUMNS": "200"}


def _checkpoints(run: Path) -> list[Path]:
    return sorted((run / "training").glob("checkpoint-*"))


@pytest.mark.integration
def test_sigkill_mid_training_then_rerun_resumes_and_reports(tmp_path: Path) -> None:
    config = _setup(tmp_path)
    run = tmp_path / "runs" / "e2e"
    log = (tmp_path / "first.log").open("w")
    first = subprocess.Popen(
        [NOESIS, "run", str(config)], stdout=log, stderr=subprocess.STDOUT, env=_env()
    )
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and first.poll() is None:
        done = [c for c in _checkpoints(run) if (c / "adapter_model.safetensors").is_file()]
        if done and not (run / "stages" / "train-epoch-0.json").exists():
            break
        time.sleep(0.2)
    assert first.poll() is None, "the first run ended before it could be killed mid-training"
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    log.close()
    assert first.returncode == -signal.SIGKILL
    assert not (run / "stages" / "train-epoch-0.json").exists()
    assert (run / "stages" / "split.json").exists()

    second = subprocess.run(
        [NOESIS, "run", str(config)], capture_output=True, text=True, env=_env(), timeout=420
    )
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    out = second.stdout
    for finished in ("model", "validate-seeds", "generate", "validate", "split"):
        assert f"[{finished}] up to date, skipped" in out
    assert "resuming from checkpoint-" in out
    assert "[train-epoch-1] running" in out and "[report] running" in out

    # training finished with one LR schedule: the steps of both epochs, each logged once
    final = json.loads((run / "training" / "epoch-1.json").read_text())
    assert final["completed"] is True
    assert [e["epoch"] for e in final["epochs"]] == [0, 1]
    assert (run / "training" / "adapter" / "adapter_model.safetensors").is_file()
    assert (run / "merged" / "config.json").is_file()
    assert (run / "tribunal" / "epoch-0.json").is_file()
    assert (run / "tribunal" / "epoch-1.json").is_file()
    # the base model was judged first with the same prompts and decoding; an epoch was selected
    base = json.loads((run / "tribunal" / "base.json").read_text())
    epoch0 = json.loads((run / "tribunal" / "epoch-0.json").read_text())
    assert [v["prompt"] for v in base["verdicts"]] == [v["prompt"] for v in epoch0["verdicts"]]
    assert base["metadata"]["decoding"] == epoch0["metadata"]["decoding"]
    assert base["metadata"]["references"] is epoch0["metadata"]["references"] is True
    assert base["metadata"]["eval_loss"] > 0
    selection = json.loads((run / "tribunal" / "selection.json").read_text())
    totals = {
        e: json.loads((run / "tribunal" / f"epoch-{e}.json").read_text())["avg_score"]
        for e in (0, 1)
    }
    assert selection["select"] == "best" and totals[selection["epoch"]] == max(totals.values())
    merge_record = json.loads((run / "stages" / "merge.json").read_text())
    assert merge_record["summary"]["selected_epoch"] == selection["epoch"]
    deploy = json.loads((run / "deploy.json").read_text())
    assert 1 <= deploy["generation"]["new_tokens"] <= 4
    if _gguf_tooling():
        gguf = run / deploy["gguf"]["path"]
        assert gguf.name == "e2e-f16.gguf" and gguf.read_bytes()[:4] == b"GGUF"
        assert deploy["gguf"]["size_bytes"] == gguf.stat().st_size
        assert "<|eot_id|>" in (run / deploy["gguf"]["modelfile"]).read_text()

    # report figures == artifacts
    data = json.loads((run / "report_data.json").read_text())
    clean = Dataset.load(run / "data" / "clean.jsonl")
    assert data["rows"] == len(clean) == 12 + 6
    assert data["categories"] == dict(Counter(e.category for e in clean).most_common())
    assert data["difficulties"] == dict(Counter(e.difficulty.value for e in clean).most_common())
    assert sum(data["response_lengths"]["counts"]) == len(clean)
    steps: dict[int, float] = {}
    for line in (run / "training" / "metrics.jsonl").read_text().splitlines():
        event = json.loads(line)
        if event["event"] == "log" and "loss" in event:
            steps[event["step"]] = float(event["loss"])
    assert data["loss"] == [[s, steps[s]] for s in sorted(steps)]
    assert [s for s, _ in data["loss"]] == list(range(1, final["max_steps"] + 1))
    for entry in data["tribunal"]:
        report = json.loads((run / "tribunal" / f"epoch-{entry['epoch']}.json").read_text())
        assert entry["avg_score"] == report["avg_score"]
        assert entry["judge_means"] == report["judge_means"]
    assert [e["train_loss"] for e in data["epochs"]] == [e["train_loss"] for e in final["epochs"]]
    assert data["manifest"] == json.loads((run / "dataset" / "manifest.json").read_text())

    markdown = (run / "report.md").read_text()
    for e in final["epochs"]:
        assert f"| {e['epoch']} | {e['train_loss']:.4f} |" in markdown
    figures = sorted(p.name for p in (run / "figures").glob("*.png"))
    assert figures == ["lengths.png", "loss.png", "mix.png", "tribunal.png"]
    for png in (run / "figures").glob("*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = (run / "report.html").read_text()
    assert page.count("data:image/png;base64,") == 4
    assert "Base model vs epochs" in markdown and "Sample answers" in markdown
    assert f"Deployed: {selection['label']}" in markdown and "Base model vs epochs" in page
    rows = {r["label"]: r for r in data["comparison"]}
    assert set(rows) == {"base", "epoch-0", "epoch-1"}
    assert rows["base"]["eval_loss"] == base["metadata"]["eval_loss"]
    assert rows["epoch-1"]["eval_loss"] == final["epochs"][-1]["eval_loss"]

    third = subprocess.run(
        [NOESIS, "run", str(config)], capture_output=True, text=True, env=_env(), timeout=120
    )
    assert third.returncode == 0
    assert "done: 0 stage(s) ran" in third.stdout


@pytest.mark.integration
def test_modal_backend_without_token_stops_before_upload(tmp_path: Path) -> None:
    config = _setup(tmp_path, rows=8, extra="backend: modal\nbudget: {max_cost: 100}\n")
    text = config.read_text().replace("model: tiny", "model: meta-llama/Llama-3.1-8B-Instruct")
    config.write_text(text, encoding="utf-8")  # a Hub model: nothing to build before the upload
    env = _env() | {"MODAL_CONFIG_PATH": str(tmp_path / "no.toml"), "HF_HUB_OFFLINE": "1"}
    env.pop("MODAL_TOKEN_ID", None)
    env.pop("MODAL_TOKEN_SECRET", None)
    out = subprocess.run(
        [NOESIS, "run", str(config)], capture_output=True, text=True, env=env, timeout=240
    )
    assert out.returncode == 1
    errors = [line for line in out.stderr.splitlines() if line.startswith("error: ")]
    assert errors == ["error: no Modal token on this machine (fix: modal token new)"]
    assert "Traceback" not in out.stderr
    assert (tmp_path / "runs" / "e2e" / "plan.json").is_file()
