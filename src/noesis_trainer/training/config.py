"""`TrainingConfig`: every knob of a run, split by domain, with the seed's values as defaults.

One typed object drives the local and the Modal backends alike, is saved beside the checkpoints
(so a resumed run can prove it continues the same run) and round-trips through YAML. Unknown keys
are an error: a misspelt key that silently does nothing is how runs drift from what was intended.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from noesis_trainer.errors import NoesisError
from noesis_trainer.io.atomic import write_text_atomic
from noesis_trainer.io.config_files import ConfigFileError, load_yaml, validation_problem

LLAMA_TARGET_MODULES: tuple[str, ...] = (
    "q_proj",
    "k_proj",
    "v_proj",
    "o_proj",
    "gate_proj",
    "up_proj",
    "down_proj",
)
"""Every attention and MLP projection of a Llama block: the seed's LoRA targets."""

Engine = Literal["unsloth", "transformers"]
DType = Literal["auto", "bfloat16", "float16", "float32"]
Scheduler = Literal[
    "cosine",
    "linear",
    "constant",
    "constant_with_warmup",
    "cosine_with_restarts",
    "polynomial",
    "inverse_sqrt",
]


class ConfigError(NoesisError, ValueError):
    """A configuration file that cannot be used; the message names the file and the field."""


class _StrictConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class ModelConfig(_StrictConfig):
    """Which base model is loaded, and how (QLoRA: 4-bit NF4 frozen base)."""

    base_model: str = Field(
        default="meta-llama/Llama-3.1-8B-Instruct",
        description="Hub id or local folder of the base model.",
    )
    max_seq_length: int = Field(default=2048, ge=16, description="Longest rendered example.")
    load_in_4bit: bool = Field(default=True, description="QLoRA: quantize the frozen base to NF4.")
    dtype: DType = Field(default="auto", description="Compute dtype; auto picks per device.")
    bnb_4bit_quant_type: Literal["nf4", "fp4"] = "nf4"
    bnb_4bit_use_double_quant: bool = True
    attn_implementation: str | None = Field(
        default=None, description="e.g. 'sdpa', 'flash_attention_2'; None lets the engine pick."
    )
    gradient_checkpointing: bool = True


class LoraConfig(_StrictConfig):
    """The LoRA adapter trained on top of the frozen base."""

    r: int = Field(default=64, ge=1)
    alpha: int = Field(default=128, ge=1)
    dropout: float = Field(default=0.0, ge=0.0, lt=1.0)
    bias: Literal["none", "all", "lora_only"] = "none"
    target_modules: list[str] = Field(default_factory=lambda: list(LLAMA_TARGET_MODULES))
    use_rslora: bool = False


class OptimConfig(_StrictConfig):
    """Optimizer and the one learning-rate schedule that spans all epochs."""

    num_epochs: int = Field(default=3, ge=1)
    per_device_train_batch_size: int = Field(default=2, ge=1)
    gradient_accumulation_steps: int = Field(default=4, ge=1)
    learning_rate: float = Field(default=2e-4, gt=0)
    lr_scheduler_type: Scheduler = "cosine"
    warmup_ratio: float = Field(default=0.03, ge=0.0, lt=1.0)
    weight_decay: float = Field(default=0.01, ge=0.0)
    max_grad_norm: float = Field(default=1.0, gt=0)
    optim: str = Field(default="adamw_torch", description="A transformers optim name.")
    seed: int = 42

    @property
    def effective_batch_size(self) -> int:
        return self.per_device_train_batch_size * self.gradient_accumulation_steps


class DataConfig(_StrictConfig):
    """Where the examples come from and how they become token sequences."""

    train_file: Path | None = Field(default=None, description="JSONL of examples to train on.")
    eval_file: Path | None = Field(default=None, description="JSONL of held-out examples.")
    packing: bool = Field(
        default=True, description="Pack examples into max_seq_length rows (no pad tokens computed)."
    )
    system_prompt: str | None = Field(
        default=None, description="System message; None uses the formatting module's default."
    )
    include_critique: bool = Field(
        default=True, description="Put the critique block before the revised answer (as the seed)."
    )


class CheckpointConfig(_StrictConfig):
    """Where checkpoints go, how often, and how many are kept."""

    output_dir: Path = Path("runs/noesis")
    save_steps: int | None = Field(
        default=50, ge=1, description="Optimizer steps between checkpoints; None: epochs only."
    )
    save_each_epoch: Literal[True] = Field(
        default=True, description="Always on: --epoch N and the per-epoch evaluation need them."
    )
    save_total_limit: int | None = Field(
        default=None,
        ge=2,
        description="Keep the newest N (at least 2, so a broken newest one has a fallback).",
    )


class EvalConfig(_StrictConfig):
    """What runs after each epoch."""

    each_epoch: bool = Field(default=True, description="Eval loss after each epoch (if eval data).")
    per_device_eval_batch_size: int = Field(default=2, ge=1)
    tribunal_each_epoch: bool = Field(
        default=True, description="Call the evaluation hook on each epoch's checkpoint."
    )


class LoggingConfig(_StrictConfig):
    """Where metrics go."""

    logging_steps: int = Field(default=10, ge=1)
    report_to: list[str] = Field(
        default_factory=list, description="transformers report_to targets: tensorboard, wandb..."
    )
    metrics_file: str = Field(default="metrics.jsonl", description="JSON lines, in output_dir.")
    progress_bar: bool = True


class OOMConfig(_StrictConfig):
    """Out-of-memory recovery: halve the batch, double accumulation, resume."""

    max_retries: int = Field(default=3, ge=0)


class TrainingConfig(_StrictConfig):
    """A whole training run. Defaults are the seed process's values (stage 5)."""

    engine: Engine = Field(
        default="unsloth", description="unsloth (FastLanguageModel) or transformers (PEFT)."
    )
    model: ModelConfig = Field(default_factory=ModelConfig)
    lora: LoraConfig = Field(default_factory=LoraConfig)
    optim: OptimConfig = Field(default_factory=OptimConfig)
    data: DataConfig = Field(default_factory=DataConfig)
    checkpoint: CheckpointConfig = Field(default_factory=CheckpointConfig)
    eval: EvalConfig = Field(default_factory=EvalConfig)
    logging: LoggingConfig = Field(default_factory=LoggingConfig)
    oom: OOMConfig = Field(default_factory=OOMConfig)

    @model_validator(mode="after")
    def _check_targets(self) -> TrainingConfig:
        if not self.lora.target_modules:
            raise ValueError("lora.target_modules must name at least one module")
        return self

    # -- YAML ---------------------------------------------------------------------------------
    def to_yaml(self) -> str:
        return yaml.safe_dump(self.model_dump(mode="json"), sort_keys=False, allow_unicode=True)

    def save_yaml(self, path: str | os.PathLike[str]) -> Path:
        write_text_atomic(path, self.to_yaml())
        return Path(path)

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str = "<dict>") -> TrainingConfig:
        """Validate `data`; errors name `source` and the dotted field."""
        try:
            return cls.model_validate(data)
        except ValidationError as err:
            raise ConfigError(validation_problem(source, err)) from None

    @classmethod
    def from_yaml(cls, path: str | os.PathLike[str]) -> TrainingConfig:
        """Read a config file; relative paths in it are taken from the file's folder."""
        p = Path(path)
        try:
            data = load_yaml(p)
        except ConfigFileError as err:
            raise ConfigError(str(err)) from None
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ConfigError(
                f"{p}: expected a mapping at the top level, got {type(data).__name__}"
            )
        return cls.from_dict(data, source=str(p)).resolved_against(p.parent)

    def resolved_against(self, base: Path) -> TrainingConfig:
        """Relative data/output paths (and a local base model folder) taken from `base`."""

        def resolve(path: Path | None) -> Path | None:
            return path if path is None or path.is_absolute() else base / path

        model = self.model
        local = base / model.base_model
        if not Path(model.base_model).is_absolute() and local.is_dir():
            model = model.model_copy(update={"base_model": str(local)})
        return self.model_copy(
            update={
                "model": model,
                "data": self.data.model_copy(
                    update={
                        "train_file": resolve(self.data.train_file),
                        "eval_file": resolve(self.data.eval_file),
                    }
                ),
                "checkpoint": self.checkpoint.model_copy(
                    update={"output_dir": resolve(self.checkpoint.output_dir)}
                ),
            }
        )
