"""Reading the original project's `training_config.yaml` and `lora_config.yaml`.

Every leaf key gets a verdict: *mapped* onto a `TrainingConfig` field, *ignored* with the reason
(it belongs to another stage, or we do better, e.g. packing instead of padding to max_length), or
*rejected* (a value we cannot honour, or a key we do not know). Nothing is dropped silently.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field

from noesis_trainer.io.config_files import ConfigFileError, read_text_utf8, yaml_problem
from noesis_trainer.training.config import ConfigError, TrainingConfig


class SeedKey(BaseModel):
    """One key of a seed YAML file and what became of it."""

    source: str = Field(description="file:line key.path")
    key: str
    value: Any = None
    status: Literal["mapped", "ignored", "rejected"]
    target: str | None = Field(default=None, description="Dotted TrainingConfig field, if mapped.")
    reason: str = ""


class SeedMappingReport(BaseModel):
    """What `map_seed_files` did with every key it read."""

    keys: list[SeedKey] = Field(default_factory=list)

    def by_status(self, status: str) -> list[SeedKey]:
        return [k for k in self.keys if k.status == status]

    @property
    def mapped(self) -> list[SeedKey]:
        return self.by_status("mapped")

    @property
    def ignored(self) -> list[SeedKey]:
        return self.by_status("ignored")

    @property
    def rejected(self) -> list[SeedKey]:
        return self.by_status("rejected")

    def get(self, key: str) -> SeedKey:
        for k in self.keys:
            if k.key == key:
                return k
        raise KeyError(key)

    def to_text(self) -> str:
        lines = []
        for k in self.keys:
            target = f" -> {k.target}" if k.target else ""
            reason = f" ({k.reason})" if k.reason else ""
            lines.append(f"{k.status:8} {k.source}{target}{reason}")
        return "\n".join(lines)


# key -> (target field, or None when not mapped, and the reason shown for ignored keys)
_MAP_TRAINING: dict[str, str] = {
    "training.num_epochs": "optim.num_epochs",
    "training.per_device_train_batch_size": "optim.per_device_train_batch_size",
    "training.gradient_accumulation_steps": "optim.gradient_accumulation_steps",
    "training.learning_rate": "optim.learning_rate",
    "training.lr_scheduler_type": "optim.lr_scheduler_type",
    "training.warmup_ratio": "optim.warmup_ratio",
    "training.weight_decay": "optim.weight_decay",
    "training.max_grad_norm": "optim.max_grad_norm",
    "training.logging_steps": "logging.logging_steps",
    "training.save_total_limit": "checkpoint.save_total_limit",
    "dataset.train_file": "data.train_file",
    "dataset.eval_file": "data.eval_file",
    "dataset.max_length": "model.max_seq_length",
    "constitutional_ai.include_critique": "data.include_critique",
    "output.output_dir": "checkpoint.output_dir",
}
_MAP_LORA: dict[str, str] = {
    "model.base_model": "model.base_model",
    "model.dtype": "model.dtype",
    "model.load_in_4bit": "model.load_in_4bit",
    "lora.r": "lora.r",
    "lora.lora_alpha": "lora.alpha",
    "lora.lora_dropout": "lora.dropout",
    "lora.bias": "lora.bias",
    "lora.target_modules": "lora.target_modules",
    "quantization.load_in_4bit": "model.load_in_4bit",
    "quantization.bnb_4bit_quant_type": "model.bnb_4bit_quant_type",
    "quantization.bnb_4bit_use_double_quant": "model.bnb_4bit_use_double_quant",
    "optimization.gradient_checkpointing": "model.gradient_checkpointing",
    "optimization.optim": "optim.optim",
}

_IGNORED: dict[str, str] = {
    "training.eval_steps": "only used with eval_strategy 'steps'; the original process "
    "evaluates each epoch",
    "dataset.train_split": "splitting is stage 4's job (Dataset split by seed group)",
    "dataset.eval_split": "splitting is stage 4's job (Dataset split by seed group)",
    "dataset.truncation": "never truncates: an example longer than max_seq_length is an error "
    "naming its id",
    "dataset.padding": "replaced by packing (data.packing): padding to max_length computes pad "
    "tokens for nothing",
    "constitutional_ai.enabled": "always on: examples are rendered with critique and revision",
    "constitutional_ai.critique_template": "the critique block is rendered by "
    "noesis_trainer.core.formatting",
    "tribunal.enabled": "Tribunal configuration (stage 6), not a training key",
    "tribunal.threshold": "Tribunal configuration (stage 6), not a training key",
    "tribunal.weights.veritas": "Tribunal configuration (stage 6), not a training key",
    "tribunal.weights.sophia": "Tribunal configuration (stage 6), not a training key",
    "tribunal.weights.dike": "Tribunal configuration (stage 6), not a training key",
    "output.final_model_dir": "merge output (stage 7, Merger), not a training key",
    "output.export_formats": "export formats (stage 8), not a training key",
    "modal.gpu": "Modal backend setting (ModalBackend), not a training key",
    "modal.timeout": "Modal backend setting (ModalBackend), not a training key",
    "modal.volume": "Modal backend setting (ModalBackend), not a training key",
    "modal.estimated_cost_per_epoch": "an estimate, not a setting",
    "modal.total_budget": "an estimate, not a setting",
    "anti_sycophancy.enabled": "dataset composition (stages 1-3), not a training key",
    "anti_sycophancy.disagreement_ratio": "dataset composition (stages 1-3), not a training key",
    "early_stopping.metric": "see early_stopping.patience",
    "early_stopping.greater_is_better": "see early_stopping.patience",
    "early_stopping.enabled": "see early_stopping.patience",
    "early_stopping.patience": "see _check_early_stopping",
    "model.max_seq_length": "training_config.yaml dataset.max_length is the length the original "
    "process actually trained at",
    "quantization.bnb_4bit_compute_dtype": "the compute dtype follows model.dtype",
    "optimization.use_flash_attention": "set model.attn_implementation; the engine picks otherwise",
}


def _leaves(path: Path) -> list[tuple[str, Any, int]]:
    """(dotted key, value, 1-based line) for every leaf of a YAML mapping file."""
    try:
        text = read_text_utf8(path)
    except ConfigFileError as err:
        raise ConfigError(str(err)) from None
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise ConfigError(yaml_problem(path, err)) from None
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode) or not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    out: list[tuple[str, Any, int]] = []

    def walk(node: yaml.Node, value: Any, prefix: str) -> None:
        assert isinstance(node, yaml.MappingNode)
        for key_node, child in node.value:
            key = str(key_node.value)
            dotted = f"{prefix}.{key}" if prefix else key
            child_value = value.get(key) if isinstance(value, dict) else None
            if isinstance(child, yaml.MappingNode):
                walk(child, child_value, dotted)
            else:
                out.append((dotted, child_value, key_node.start_mark.line + 1))

    walk(root, data, "")
    return out


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    section, _, field = dotted.partition(".")
    data.setdefault(section, {})[field] = value


def _system_prompt(template: str) -> str | None:
    """The system message inside the seed's hand-written Llama 3.1 prompt template."""
    match = re.search(
        r"<\|start_header_id\|>system<\|end_header_id\|>\s*\n(.*?)<\|eot_id\|>", template, re.S
    )
    return match.group(1).strip() if match else None


def map_seed_files(
    training_config: str | os.PathLike[str] | None = None,
    lora_config: str | os.PathLike[str] | None = None,
    *,
    strict: bool = False,
) -> tuple[TrainingConfig, SeedMappingReport]:
    """Build a `TrainingConfig` from the seed's YAML files and report every key's fate.

    With `strict`, any rejected key raises `ConfigError` listing them all.
    """
    data: dict[str, Any] = {}
    report = SeedMappingReport()
    sources: list[tuple[Path, dict[str, str], Callable[..., bool] | None]] = []
    if training_config is not None:
        sources.append((Path(training_config), _MAP_TRAINING, _special_training))
    if lora_config is not None:
        sources.append((Path(lora_config), _MAP_LORA, _special_lora))
    seen_targets: dict[str, SeedKey] = {}
    for path, table, special in sources:
        for key, value, line in _leaves(path):
            where = f"{path.name}:{line} {key}"
            entry = SeedKey(source=where, key=key, value=value, status="ignored")
            if special is not None and special(key, value, entry, data):
                pass
            elif key in table:
                entry.status = "mapped"
                entry.target = table[key]
                previous = seen_targets.get(entry.target)
                if previous is not None and previous.value != value:
                    entry.status = "rejected"
                    entry.reason = f"conflicts with {previous.source} = {previous.value!r}"
                else:
                    _set(data, entry.target, value)
                    seen_targets[entry.target] = entry
            elif key in _IGNORED:
                entry.reason = _IGNORED[key]
            else:
                entry.status = "rejected"
                entry.reason = "unknown key"
            report.keys.append(entry)
    _check_early_stopping(report, data)
    config = TrainingConfig.from_dict(data, source=" + ".join(str(p) for p, _, _ in sources))
    # Mapped values that did not survive validation would have raised above; record adaptations.
    if strict and report.rejected:
        raise ConfigError(
            "rejected seed keys: " + "; ".join(f"{k.source}: {k.reason}" for k in report.rejected)
        )
    return config, report


def _special_training(key: str, value: Any, entry: SeedKey, data: dict[str, Any]) -> bool:
    """Keys whose mapping depends on their value."""
    if key == "training.save_strategy":
        if value == "epoch":
            entry.status, entry.target = "mapped", "checkpoint.save_each_epoch"
            _set(data, "checkpoint.save_each_epoch", True)
            _set(data, "checkpoint.save_steps", None)
            entry.reason = "epoch checkpoints only (checkpoint.save_steps = None)"
        elif value == "steps":
            entry.status, entry.target = "mapped", "checkpoint.save_steps"
            entry.reason = "interval set by checkpoint.save_steps"
        else:
            entry.status, entry.reason = "rejected", f"save_strategy {value!r} is not supported"
        return True
    if key == "training.eval_strategy":
        if value in ("epoch", "no"):
            entry.status, entry.target = "mapped", "eval.each_epoch"
            _set(data, "eval.each_epoch", value == "epoch")
        else:
            entry.status = "rejected"
            entry.reason = f"eval_strategy {value!r}: evaluation runs per epoch only"
        return True
    if key == "constitutional_ai.prompt_template":
        prompt = _system_prompt(str(value or ""))
        if prompt is None:
            entry.status = "rejected"
            entry.reason = "no system message found in the template"
        else:
            entry.status, entry.target = "mapped", "data.system_prompt"
            entry.reason = "its system message; the rest is the tokenizer's Llama 3.1 chat template"
            _set(data, "data.system_prompt", prompt)
            entry.value = prompt
        return True
    return False


def _special_lora(key: str, value: Any, entry: SeedKey, data: dict[str, Any]) -> bool:
    if key == "lora.task_type":
        if value == "CAUSAL_LM":
            entry.reason = "always a causal LM"
        else:
            entry.status, entry.reason = "rejected", f"task_type {value!r}: only CAUSAL_LM"
        return True
    return False


def _check_early_stopping(report: SeedMappingReport, data: dict[str, Any]) -> None:
    """Early stopping is not implemented: harmless only when it could never trigger."""
    try:
        enabled = report.get("early_stopping.enabled")
        patience = report.get("early_stopping.patience")
    except KeyError:
        return
    epochs = data.get("optim", {}).get("num_epochs", 3)
    patience.status = "ignored"
    if not enabled.value:
        patience.reason = "early stopping disabled"
    elif isinstance(patience.value, int) and patience.value >= epochs:
        patience.reason = (
            f"early stopping is not implemented; with patience {patience.value} over {epochs} "
            "epochs evaluated once each it could never stop the run"
        )
    else:
        patience.status = "rejected"
        patience.reason = (
            f"early stopping with patience {patience.value} over {epochs} epochs is not implemented"
        )
