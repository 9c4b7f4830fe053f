"""Issue 14 item 10: a truncated adapter in `merge`, and a model folder whose weights file is
random bytes in `evaluate --model` / `generate --model`, are one line naming the file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.hostile.conftest import assert_one_line_error, noesis


@pytest.fixture(scope="module")
def base_and_adapter(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    pytest.importorskip("peft")
    from noesis_trainer.testing import build_tiny_llama
    from tests.merging.helpers import make_adapter

    root = tmp_path_factory.mktemp("model-files")
    base = build_tiny_llama(root / "base")
    return base, make_adapter(base, root / "adapter", seed=1)


def test_truncated_adapter_in_merge(base_and_adapter: tuple[Path, Path], tmp_path: Path) -> None:
    base, adapter = base_and_adapter
    torn = tmp_path / "adapter"
    shutil.copytree(adapter, torn)
    weights = torn / "adapter_model.safetensors"
    os.truncate(weights, weights.stat().st_size // 2)
    line = assert_one_line_error(
        noesis("merge", "--base", base, "--adapter", torn, "--out", tmp_path / "m")
    )
    assert f"{torn}/adapter_model.safetensors: " in line
    assert "not a whole safetensors file" in line
    assert not (tmp_path / "m").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_random_weights_in_a_model_folder(
    base_and_adapter: tuple[Path, Path], tmp_path: Path
) -> None:
    base, _ = base_and_adapter
    model = tmp_path / "model"
    shutil.copytree(base, model)
    (model / "model.safetensors").write_bytes(os.urandom(4096))
    prompts = tmp_path / "p.txt"
    prompts.write_text("Por que?\n", encoding="utf-8")
    line = assert_one_line_error(noesis("evaluate", "--prompts", prompts, "--model", model))
    assert f"{model}/model.safetensors: " in line and "not a whole safetensors file" in line
    seeds = Path(__file__).resolve().parents[2] / "examples" / "data" / "seeds.jsonl"
    line = assert_one_line_error(
        noesis("generate", seeds, "-n", "2", "-o", tmp_path / "g.jsonl", "--model", model)
    )
    assert "model.safetensors: " in line and "not a whole safetensors file" in line
    line = assert_one_line_error(
        noesis("merge", "--base", model, "--adapter", base_and_adapter[1], "--out", tmp_path / "m")
    )
    assert "model.safetensors: " in line
