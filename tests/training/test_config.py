"""TrainingConfig: the seed's defaults, YAML round trip, clear errors, the seed-YAML mapping."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from noesis_trainer.training.config import LLAMA_TARGET_MODULES, ConfigError, TrainingConfig
from noesis_trainer.training.seed_mapping import map_seed_files


def test_defaults_are_the_seed_values() -> None:
    c = TrainingConfig()
    assert c.model.base_model == "meta-llama/Llama-3.1-8B-Instruct"
    assert (c.model.max_seq_length, c.model.load_in_4bit) == (2048, True)
    assert (c.lora.r, c.lora.alpha, c.lora.dropout) == (64, 128, 0.0)
    assert tuple(c.lora.target_modules) == LLAMA_TARGET_MODULES
    o = c.optim
    assert (o.num_epochs, o.per_device_train_batch_size, o.gradient_accumulation_steps) == (3, 2, 4)
    assert o.effective_batch_size == 8
    assert (o.learning_rate, o.lr_scheduler_type, o.warmup_ratio) == (2e-4, "cosine", 0.03)
    assert (o.weight_decay, o.max_grad_norm, o.seed) == (0.01, 1.0, 42)
    assert c.data.packing is True


def test_yaml_round_trip(tmp_path: Path) -> None:
    c = TrainingConfig.model_validate(
        {"engine": "transformers", "lora": {"r": 8}, "data": {"train_file": "train.jsonl"}}
    )
    path = c.save_yaml(tmp_path / "cfg.yaml")
    back = TrainingConfig.from_yaml(path)
    # Relative paths are read from the config file's folder.
    assert back.data.train_file == tmp_path / "train.jsonl"
    assert back.checkpoint.output_dir == tmp_path / "runs" / "noesis"
    assert back.lora.r == 8 and back.engine == "transformers"
    assert back.model_dump(exclude={"data", "checkpoint"}) == c.model_dump(
        exclude={"data", "checkpoint"}
    )


def test_unknown_key_names_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "cfg.yaml"
    path.write_text("optim:\n  learning_rat: 0.001\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        TrainingConfig.from_yaml(path)
    assert str(path) in str(err.value) and "optim.learning_rat" in str(err.value)


def test_bad_value_and_bad_yaml(tmp_path: Path) -> None:
    path = tmp_path / "cfg.yaml"
    path.write_text("lora:\n  r: 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"lora\.r"):
        TrainingConfig.from_yaml(path)
    path.write_text("optim: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"cfg\.yaml:\d+: not valid YAML"):
        TrainingConfig.from_yaml(path)


def test_seed_mapping_rejects_unknown_keys(tmp_path: Path) -> None:
    seed = tmp_path / "training_config.yaml"
    seed.write_text(
        "training:\n  num_epochs: 2\n  fancy_knob: 3\ndataset:\n  padding: max_length\n",
        encoding="utf-8",
    )
    cfg, report = map_seed_files(seed)
    assert cfg.optim.num_epochs == 2
    assert [k.source for k in report.rejected] == ["training_config.yaml:3 training.fancy_knob"]
    with pytest.raises(ConfigError, match="fancy_knob"):
        map_seed_files(seed, strict=True)


@pytest.mark.external
def test_seed_yaml_files_load_with_the_documented_mapping(shared_data: Path) -> None:
    cfg, report = map_seed_files(
        shared_data / "training_config.yaml", shared_data / "lora_config.yaml"
    )
    # Every leaf key of both files has a verdict.
    assert len(report.keys) == 60
    assert (len(report.mapped), len(report.ignored), len(report.rejected)) == (31, 29, 0)
    padding = report.get("dataset.padding")
    assert padding.status == "ignored" and "packing" in padding.reason
    assert padding.source == "training_config.yaml:37 dataset.padding"
    assert report.get("lora.lora_dropout").target == "lora.dropout"
    assert report.get("model.max_seq_length").status == "ignored"  # 4096 vs the 2048 trained at
    assert report.get("early_stopping.patience").status == "ignored"
    assert cfg.model.max_seq_length == 2048 and cfg.lora.dropout == 0.05
    assert (cfg.lora.r, cfg.lora.alpha) == (64, 128)
    assert cfg.optim.optim == "adamw_8bit" and cfg.model.dtype == "float16"
    assert cfg.checkpoint.save_steps is None and cfg.checkpoint.save_total_limit == 3
    assert cfg.data.system_prompt is not None and cfg.data.system_prompt.startswith("Você é Noesis")
    assert "<|eot_id|>" not in cfg.data.system_prompt


def test_training_package_imports_without_torch() -> None:
    code = (
        "import sys; from noesis_trainer.training import Trainer, TrainingConfig, TrainingResult;"
        "import noesis_trainer; noesis_trainer.Trainer;"
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_missing_report_target_package_is_named() -> None:
    import importlib.util

    from noesis_trainer.training.run import check_report_targets

    if importlib.util.find_spec("wandb") is not None:
        pytest.skip("wandb is installed here")
    cfg = TrainingConfig.model_validate({"logging": {"report_to": ["wandb"]}})
    with pytest.raises(ConfigError, match=r"'wandb' needs the wandb package \(pip install wandb\)"):
        check_report_targets(cfg)
    check_report_targets(TrainingConfig())  # nothing to report to: fine
