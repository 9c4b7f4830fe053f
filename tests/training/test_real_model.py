"""Training on real pretrained weights (SmolLM2-135M-Instruct, converted once per machine).

Kept small to stay within a few CPU-minutes: LoRA r=8 on the top four of 30 layers (backward
stops there), four short examples, 128-token rows, six optimizer steps. Each run is checked
against the base model's loss on the same rows, measured the same way (`base_eval_loss`).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from noesis_trainer.training import Trainer, TrainingConfig, TrainingResult
from noesis_trainer.training.run import base_eval_loss
from tests.training.examples import memorization_set

pytestmark = pytest.mark.integration

TOP_LAYERS = (26, 27, 28, 29)
MODULES = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


def real_config(model: Path, out: Path, *, engine: str, load_in_4bit: bool) -> TrainingConfig:
    targets = [
        f"layers.{i}.{'self_attn' if m[0] in 'qkvo' else 'mlp'}.{m}"
        for i in TOP_LAYERS
        for m in MODULES
    ]
    return TrainingConfig.model_validate(
        {
            "engine": engine,
            "model": {
                "base_model": str(model),
                "max_seq_length": 128,
                "load_in_4bit": load_in_4bit,
                "gradient_checkpointing": False,
                "dtype": "float32",
            },
            "lora": {"r": 8, "alpha": 16, "target_modules": targets},
            "optim": {
                "num_epochs": 3,
                "per_device_train_batch_size": 2,
                "gradient_accumulation_steps": 1,
                "learning_rate": 1e-2,
                "warmup_ratio": 0.0,
            },
            "data": {"system_prompt": "Você é Noesis."},
            "checkpoint": {"output_dir": str(out), "save_steps": 1},
            "eval": {"per_device_eval_batch_size": 4},
            "logging": {"logging_steps": 1, "progress_bar": False},
        }
    )


EXAMPLES = memorization_set(4)


@pytest.fixture(scope="module")
def trained_16bit(
    smollm2_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[TrainingConfig, TrainingResult, float]:
    out = tmp_path_factory.mktemp("real16") / "run"
    config = real_config(smollm2_dir, out, engine="transformers", load_in_4bit=False)
    base = base_eval_loss(config, eval_examples=EXAMPLES, output_dir=out.parent / "base")
    result = Trainer(config, log=lambda _: None).train(
        train_examples=EXAMPLES, eval_examples=EXAMPLES
    )
    assert base is not None
    return config, result, base


def test_16bit_lora_steps_lower_the_loss_on_real_weights(
    trained_16bit: tuple[TrainingConfig, TrainingResult, float],
) -> None:
    _, result, base = trained_16bit
    assert 1.0 < base < 6.0  # a real instruct model, not a random one (ln 49152 = 10.8)
    final = result.epochs[-1].eval_loss
    assert final is not None and final < base * 0.9, (base, [e.eval_loss for e in result.epochs])


def test_4bit_qlora_steps_lower_the_loss_on_real_weights(smollm2_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("bitsandbytes")
    config = real_config(smollm2_dir, tmp_path / "run", engine="transformers", load_in_4bit=True)
    base = base_eval_loss(config, eval_examples=EXAMPLES, output_dir=tmp_path / "base")
    result = Trainer(config, log=lambda _: None).train(
        train_examples=EXAMPLES, eval_examples=EXAMPLES
    )
    assert result.load_in_4bit
    final = result.epochs[-1].eval_loss
    assert base is not None and final is not None and final < base * 0.9, (base, final)


def test_unsloth_engine_lowers_the_loss_on_real_weights(smollm2_dir: Path, tmp_path: Path) -> None:
    if importlib.util.find_spec("unsloth") is None:  # never import it here: it patches TRL
        pytest.skip("unsloth is not installed")
    rows = "".join(json.dumps(e.to_record(), ensure_ascii=False) + "\n" for e in EXAMPLES)
    (tmp_path / "train.jsonl").write_text(rows, encoding="utf-8")
    config = real_config(smollm2_dir, tmp_path / "run", engine="unsloth", load_in_4bit=False)
    config = config.model_copy(
        update={
            "data": config.data.model_copy(
                update={
                    "train_file": tmp_path / "train.jsonl",
                    "eval_file": tmp_path / "train.jsonl",
                }
            )
        }
    )
    cfg_path = config.save_yaml(tmp_path / "config.yaml")
    proc = subprocess.run(
        [sys.executable, "-c", "from noesis_trainer.cli import main; main()", "train", cfg_path],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = TrainingResult.load(tmp_path / "run" / "result.json")
    assert result.engine == "unsloth" and result.completed
    losses = [e.eval_loss for e in result.epochs]
    # The same rows under the transformers engine's base measurement (same weights, same rows).
    base = base_eval_loss(
        config.model_copy(update={"engine": "transformers"}), output_dir=tmp_path / "base"
    )
    assert base is not None and losses[-1] is not None and losses[-1] < base * 0.9, (base, losses)


def test_merged_logits_equal_the_adapter_logits_on_real_weights(
    trained_16bit: tuple[TrainingConfig, TrainingResult, float], tmp_path: Path
) -> None:
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from noesis_trainer.merging import Merger

    config, result, _ = trained_16bit
    assert result.adapter_path is not None
    base_dir = Path(config.model.base_model)
    merged_dir = Merger(base_dir, Path(result.adapter_path)).merge(tmp_path / "merged").out_dir
    tok = AutoTokenizer.from_pretrained(merged_dir)
    text = tok.apply_chat_template(
        [{"role": "user", "content": EXAMPLES[0].prompt}],
        tokenize=False,
        add_generation_prompt=True,
    )
    ids = tok(text, return_tensors="pt", add_special_tokens=False).input_ids
    with torch.no_grad():
        base = AutoModelForCausalLM.from_pretrained(base_dir, dtype=torch.float32)
        adapted: Any = PeftModel.from_pretrained(base, result.adapter_path).eval()
        want = adapted(ids).logits
        merged = AutoModelForCausalLM.from_pretrained(merged_dir, dtype=torch.float32).eval()
        got = merged(ids).logits
        untouched = AutoModelForCausalLM.from_pretrained(base_dir, dtype=torch.float32)(ids).logits
    assert float((want - untouched).abs().max()) > 1e-2  # the adapter changed the model
    assert float((got - want).abs().max()) < 1e-3
    assert torch.equal(got[0, -1].argmax(), want[0, -1].argmax())


def test_sigkill_then_resume_on_real_weights_ends_on_the_same_adapter(
    trained_16bit: tuple[TrainingConfig, TrainingResult, float], tmp_path: Path
) -> None:
    from tests.training.examples import kill_training_after
    from tests.training.test_train import max_abs_diff

    config, full, _ = trained_16bit
    rows = "".join(json.dumps(e.to_record(), ensure_ascii=False) + "\n" for e in EXAMPLES)
    (tmp_path / "data.jsonl").write_text(rows, encoding="utf-8")
    out = tmp_path / "run"
    cfg = config.model_copy(
        update={
            "data": config.data.model_copy(
                update={"train_file": tmp_path / "data.jsonl", "eval_file": tmp_path / "data.jsonl"}
            ),
            "checkpoint": config.checkpoint.model_copy(update={"output_dir": out}),
        }
    )
    cfg_path = cfg.save_yaml(tmp_path / "config.yaml")
    kill_training_after(cfg_path, out, 3, timeout=600, poll=0.05)  # mid-epoch 1 of 0..2
    result = Trainer(cfg, log=lambda _: None).train(resume=True)
    assert result.resumed_from is not None and int(result.resumed_from.rsplit("-", 1)[1]) >= 3
    assert result.completed and result.adapter_path and full.adapter_path
    # Same weights, data order, optimizer, scheduler and RNG restored: the same adapter.
    assert max_abs_diff(Path(result.adapter_path), Path(full.adapter_path)) == 0.0
