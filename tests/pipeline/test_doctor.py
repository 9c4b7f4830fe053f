"""`noesis doctor`: both checklists, each item with its status, what was seen, and the fix."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from noesis_trainer.pipeline.config import PipelineConfig
from noesis_trainer.pipeline.doctor import post_checks, pre_checks
from noesis_trainer.pipeline.runner import Pipeline

REPO = Path(__file__).resolve().parents[2]


def _config(tmp_path: Path, **extra: object) -> PipelineConfig:
    data = {
        "name": "doc",
        "seeds": [str(REPO / "examples/data/seeds.jsonl")],
        "model": "meta-llama/Llama-3.1-8B-Instruct",  # no tiny build: these stages need no torch
        "epochs": 2,
        **extra,
    }
    return PipelineConfig.from_dict(data, base_dir=tmp_path)


def _by_name(report: object) -> dict[str, object]:
    return {c.name: c for c in report.checks}  # type: ignore[attr-defined]


@pytest.fixture
def no_modal_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MODAL_TOKEN_ID", raising=False)
    monkeypatch.delenv("MODAL_TOKEN_SECRET", raising=False)
    monkeypatch.setenv("MODAL_CONFIG_PATH", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def test_pre_checks_before_anything_ran(tmp_path: Path, no_modal_token: None) -> None:
    report = pre_checks(_config(tmp_path, budget={"max_cost": 50}), "my.yaml")
    checks = _by_name(report)
    assert checks["dataset validated"].status == "fail"
    assert checks["dataset validated"].fix == "noesis run my.yaml --until validate"
    assert checks["train/eval split"].status == "fail"
    assert checks["train/eval split"].fix == "noesis run my.yaml --until split"
    assert checks["Modal volume"].status == "skip"
    assert checks["Modal volume"].detail == "backend is local"
    assert checks["budget"].status == "pass"
    assert not report.ok


def test_modal_items_say_no_token_plainly(tmp_path: Path, no_modal_token: None) -> None:
    report = pre_checks(_config(tmp_path, backend="modal"))
    checks = _by_name(report)
    client = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert checks["Modal image"].status == "pass"
    assert checks["Modal image"].detail.startswith(f"python {client} (this client's), apt ")
    for name in ("Modal volume", "Hugging Face secret", "dataset uploaded"):
        assert checks[name].status == "skip"
        assert checks[name].detail == "no Modal token on this machine"
        assert checks[name].fix == "modal token new"
    assert checks["budget"].status == "skip"
    assert "no max_cost set; estimate $" in checks["budget"].detail


def test_pre_checks_after_split_and_a_tampered_file(tmp_path: Path, no_modal_token: None) -> None:
    cfg = _config(tmp_path, budget={"max_cost": 0.01})
    Pipeline(cfg, log=lambda line: None).run(until="split")
    checks = _by_name(pre_checks(cfg))
    assert checks["dataset validated"].status == "pass"
    assert checks["dataset validated"].detail.startswith("40 rows kept; pass rate 100.0%")
    assert checks["train/eval split"].status == "pass"
    assert checks["budget"].status == "fail"
    assert "> max_cost $0.01" in checks["budget"].detail
    train = cfg.run_path / "dataset" / "train.jsonl"
    train.write_text(train.read_text() + "\n")
    split = _by_name(pre_checks(cfg))["train/eval split"]
    assert split.status == "fail"
    assert "changed since the manifest was written" in split.detail


EMPTY_SAFETENSORS = (2).to_bytes(8, "little") + b"{}"  # a whole safetensors file, no tensors


def _finished_run(run: Path, losses: list[float], score: float) -> None:
    epochs = [
        {"epoch": i, "global_step": 4 * (i + 1), "train_loss": x} for i, x in enumerate(losses)
    ]
    (run / "training" / "adapter").mkdir(parents=True)
    (run / "training" / "adapter" / "adapter_config.json").write_text("{}")
    (run / "training" / "epoch-1.json").write_text(
        json.dumps({"completed": True, "epochs": epochs})
    )
    (run / "tribunal").mkdir()
    (run / "tribunal" / "epoch-0.json").write_text(json.dumps({"avg_score": 0.1}))
    (run / "tribunal" / "epoch-1.json").write_text(json.dumps({"avg_score": score}))
    (run / "merged").mkdir()
    (run / "merged" / "config.json").write_text("{}")
    (run / "merged" / "model.safetensors").write_bytes(EMPTY_SAFETENSORS)
    (run / "deploy.json").write_text(
        json.dumps({"generation": {"new_tokens": 5, "stopped_at_eos": True}})
    )


def test_post_checks_pass_on_a_good_run(tmp_path: Path) -> None:
    cfg = _config(tmp_path)
    _finished_run(cfg.run_path, [2.0, 1.5], 0.82)
    report = post_checks(cfg)
    assert [(c.name, c.status) for c in report.checks] == [
        ("epochs done", "pass"),
        ("loss decreasing", "pass"),
        ("tribunal > 0.7", "pass"),
        ("checkpoints", "pass"),
        ("merge", "pass"),
        ("local generation", "pass"),
    ]
    checks = _by_name(report)
    assert checks["loss decreasing"].detail == "2.0000 -> 1.5000"
    assert checks["tribunal > 0.7"].detail == "epoch-1: avg score 0.820"
    assert checks["local generation"].detail == "5 new tokens, stopped at end of turn"


def test_post_checks_fail_with_fixes(tmp_path: Path) -> None:
    cfg = _config(tmp_path)
    _finished_run(cfg.run_path, [1.5, 2.0], 0.55)
    checks = _by_name(post_checks(cfg, "x.yaml"))
    assert checks["loss decreasing"].status == "fail"
    assert checks["tribunal > 0.7"].status == "fail"
    empty = _by_name(post_checks(_config(tmp_path / "other"), "x.yaml"))
    assert empty["epochs done"].status == "fail" and empty["epochs done"].detail == "0 of 2"
    assert empty["merge"].fix == "noesis run x.yaml --until merge"


def test_cli_exit_codes(tmp_path: Path) -> None:
    config = tmp_path / "p.yaml"
    config.write_text(
        f"name: doc\nseeds: [{REPO / 'examples/data/seeds.jsonl'}]\n"
        "model: meta-llama/Llama-3.1-8B-Instruct\n",
        encoding="utf-8",
    )
    out = _noesis(["doctor", str(config)], tmp_path)
    assert out.returncode == 1
    assert f"[FAIL] dataset validated: not validated yet  -> noesis run {config} --until" in (
        out.stdout.replace("\n", "")
    )


def _noesis(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`noesis ARGS` from this checkout's source, with no Modal token anywhere."""
    src = str(REPO / "src")
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "HF_HUB_OFFLINE": "1",
        "PYTHONPATH": src,
        "MODAL_CONFIG_PATH": str(tmp_path / "absent.toml"),
    }
    cmd = [sys.executable, "-c", "from noesis_trainer.cli import main; main()", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)


def test_modal_smoke_without_a_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "p.yaml"
    config.write_text(
        f"name: doc\nseeds: [{REPO / 'examples/data/seeds.jsonl'}]\nbackend: modal\n",
        encoding="utf-8",
    )
    out = _noesis(["doctor", str(config), "--modal-smoke"], tmp_path)
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip() == "error: no Modal token on this machine (fix: modal token new)"
    assert out.stdout == ""


def test_modal_smoke_refuses_a_bad_gpu_name_from_the_config(tmp_path: Path) -> None:
    config = tmp_path / "p.yaml"
    config.write_text(
        f"name: doc\nseeds: [{REPO / 'examples/data/seeds.jsonl'}]\nmodal: {{gpu: L40}}\n",
        encoding="utf-8",
    )
    out = _noesis(["doctor", str(config), "--modal-smoke"], tmp_path)
    assert out.returncode == 2
    assert "did you mean 'L40S'" in out.stderr and "Traceback" not in out.stderr


def test_modal_image_check_fails_on_another_python(tmp_path: Path, no_modal_token: None) -> None:
    other = "3.12" if sys.version_info[:2] != (3, 12) else "3.13"
    report = pre_checks(_config(tmp_path, backend="modal", modal={"python_version": other}))
    image = _by_name(report)["Modal image"]
    assert image.status == "fail"
    assert image.detail.startswith(f"modal.python_version is '{other}' but noesis runs on")
    assert not report.ok


def test_post_checks_fail_on_a_truncated_final_save(tmp_path: Path) -> None:
    """Issue 14: a truncated final adapter, newest checkpoint or merged shard fails --post."""
    from noesis_trainer.training.checkpoints import write_manifest

    cfg = _config(tmp_path)
    run = cfg.run_path
    _finished_run(run, [2.0, 1.5], 0.82)
    header = b'{"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}'
    whole = len(header).to_bytes(8, "little") + header + bytes(16)
    (run / "training" / "adapter" / "adapter_model.safetensors").write_bytes(whole[:-5])
    ckpt = run / "training" / "checkpoint-8"
    ckpt.mkdir()
    (ckpt / "adapter_model.safetensors").write_bytes(whole)
    write_manifest(ckpt, {"global_step": 8})
    (ckpt / "adapter_model.safetensors").write_bytes(whole[:-3])  # cut after the manifest
    (run / "merged" / "model.safetensors").write_bytes(whole[:-1])
    checks = _by_name(post_checks(cfg))
    assert checks["checkpoints"].status == "fail"
    assert checks["checkpoints"].detail.startswith("checkpoint-8: adapter_model.safetensors: ")
    assert "adapter/adapter_model.safetensors: " in checks["checkpoints"].detail
    assert checks["merge"].status == "fail"
    assert "truncated or padded" in checks["merge"].detail
