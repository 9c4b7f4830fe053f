"""The pipeline's one typed config, composed from the stages' own configs.

One YAML file describes a whole run. Each section is the config of one stage (`training:` is
the training stage's own `TrainingConfig`); a value set twice with two different values is an
error, never a silent winner. Overrides merge deeply, from Python (`PipelineConfig.load(path,
training={...})`) and from the CLI (``--set training.lora.r=16``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from noesis_trainer.core.named_models import gguf_source, is_named_model
from noesis_trainer.errors import NoesisError
from noesis_trainer.generation.local import Decoding
from noesis_trainer.io.config_files import ConfigFileError, load_yaml, validation_problem
from noesis_trainer.pipeline.plan import CostAssumptions
from noesis_trainer.training.backends.modal import ModalConfig
from noesis_trainer.training.config import TrainingConfig
from noesis_trainer.tribunal.relevance_settings import RelevanceSetting


class PipelineConfigError(NoesisError):
    """A pipeline config that cannot run; the message names the file and the field."""


# -- configuration ----------------------------------------------------------------------------
# Each section is the config of one stage (*StageConfig where the stage's component has a
# config class of the same name); `training:` is the training stage's own `TrainingConfig`.


class _StrictConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VariationsStageConfig(_StrictConfig):
    count: int = Field(default=0, ge=0, description="Variations to add to the seeds (0: none).")
    techniques: list[str] | None = None
    seed: int = 42
    near_duplicate_threshold: float = Field(default=0.8, gt=0, le=1)
    generator: Literal["templates", "local", "openai", "modal"] = Field(
        default="templates",
        description="templates: no model; local: `model` is a folder; openai: `base_url` and "
        "`model` of an OpenAI-compatible server; modal: vLLM on a Modal GPU (`model`, `gpu`).",
    )
    model: str | None = None
    base_url: str | None = None
    gpu: str = "L40S"
    max_new_tokens: int = Field(default=512, ge=16)
    max_cost: float | None = Field(default=None, gt=0)
    """modal: refuse to start when the rewrite estimate exceeds this many dollars."""

    @field_validator("gpu")
    @classmethod
    def _gpu(cls, value: str) -> str:
        from noesis_trainer.training.backends.modal import validate_gpu

        return validate_gpu(value)

    @field_validator("model")
    @classmethod
    def _model(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @model_validator(mode="after")
    def _needs(self) -> VariationsStageConfig:
        if self.generator in ("local", "openai") and not self.model:
            raise ValueError(f"generator {self.generator!r} needs variations.model")
        if self.generator == "openai" and not self.base_url:
            raise ValueError("generator 'openai' needs variations.base_url")
        return self


class SplitStageConfig(_StrictConfig):
    eval_fraction: float = Field(default=0.1, gt=0, lt=1)
    seed: int = 42


class TribunalStageConfig(_StrictConfig):
    each_epoch: bool = True
    eval_prompts: int = Field(
        default=32, ge=1, description="Eval rows judged each epoch (capped at the eval split)."
    )
    max_new_tokens: int = Field(default=48, ge=1)
    approve_above: float = Field(default=0.7, gt=0, lt=1)
    relevance: RelevanceSetting = Field(
        default="vectors",
        description=(
            "'vectors' (default): shared words, and static word vectors for the answers they "
            "call off topic; 'lexical': shared words alone; 'semantic': sentence-embedding "
            "relevance; 'retrieval': shared words, and the sentence encoder for the answers they "
            "call off topic (both: extra noesis-trainer[semantic])."
        ),
    )
    base: bool = Field(
        default=True,
        description="Judge the base model (label 'base') with the same prompts and decoding first.",
    )
    select: Literal["best", "last"] = Field(
        default="best",
        description="The epoch merged and deployed: the best Tribunal total, or the last epoch.",
    )
    patience: int | None = Field(
        default=None,
        ge=1,
        description="Stop training after this many epochs without a better Tribunal total.",
    )
    decoding: Decoding = Field(default_factory=Decoding)
    references: bool = Field(
        default=True,
        description="Judge each answer against its eval row's revised answer as well as its "
        "prompt (a terse answer that never names its topic is recognised by the gold answer's "
        "vocabulary).",
    )


class MergeStageConfig(_StrictConfig):
    enabled: bool = True
    streaming: bool = False


class DeployStageConfig(_StrictConfig):
    generation_check: bool = True
    prompt: str = "O que é consciência?"
    max_new_tokens: int = Field(default=16, ge=1)
    gguf: bool = False
    gguf_quant: str = "f16"
    gguf_tokenizer_pre: str | None = Field(
        default=None,
        description="llama.cpp pre-tokenizer name, e.g. 'llama-bpe' for the tiny model.",
    )
    modelfile: bool = True


class BudgetConfig(CostAssumptions):
    max_cost: float | None = Field(default=None, gt=0)


class PipelineConfig(_StrictConfig):
    """One YAML file describing a whole run (see examples/pipeline.yaml, docs/pipeline.md)."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    seeds: list[Path] = Field(min_length=1)
    model: str = Field(
        default="tiny",
        description="'tiny' (built into the run folder), a named model such as 'smollm2-135m' "
        "(converted once from its package, see core.named_models), a folder or a Hub id.",
    )
    backend: Literal["local", "modal"] = "local"
    run_dir: Path | None = None
    epochs: int = Field(default=3, ge=1)
    validate_strict: bool = False
    variations: VariationsStageConfig = Field(default_factory=VariationsStageConfig)
    split: SplitStageConfig = Field(default_factory=SplitStageConfig)
    training: TrainingConfig = Field(
        default_factory=TrainingConfig,
        description="The train stage's TrainingConfig; model and epochs come from the top level.",
    )
    tribunal: TribunalStageConfig = Field(default_factory=TribunalStageConfig)
    merge: MergeStageConfig = Field(default_factory=MergeStageConfig)
    deploy: DeployStageConfig = Field(default_factory=DeployStageConfig)
    modal: ModalConfig = Field(default_factory=ModalConfig)
    budget: BudgetConfig = Field(default_factory=BudgetConfig)
    base_dir: Path = Field(default=Path("."), exclude=True)

    @field_validator("training")
    @classmethod
    def _no_paths_in_training(cls, value: TrainingConfig) -> TrainingConfig:
        for section, key in (("data", "train_file"), ("data", "eval_file")):
            if getattr(getattr(value, section), key) is not None:
                raise ValueError(f"{section}.{key} is set by the pipeline's split; remove it")
        return value

    @model_validator(mode="after")
    def _training_follows_the_top_level(self) -> PipelineConfig:
        """`training` holds the same epochs and model as the top level, so a dumped config
        loads again without a conflict."""
        t = self.training
        self.training = t.model_copy(
            update={
                "optim": t.optim.model_copy(update={"num_epochs": self.epochs}),
                "model": t.model.model_copy(update={"base_model": self.model}),
            }
        )
        return self

    @property
    def run_path(self) -> Path:
        base = self.run_dir if self.run_dir is not None else Path("runs") / self.name
        return base if base.is_absolute() else self.base_dir / base

    def seed_paths(self) -> list[Path]:
        return [p if p.is_absolute() else self.base_dir / p for p in self.seeds]

    @classmethod
    def load(cls, path: str | os.PathLike[str], **overrides: Any) -> PipelineConfig:
        """Read and check a YAML config; every problem is one line naming file and field."""
        p = Path(path)
        try:
            data = load_yaml(p)
        except ConfigFileError as err:
            raise PipelineConfigError(str(err)) from None
        if not isinstance(data, dict):
            raise PipelineConfigError(f"{p}: expected a mapping at the top level")
        return cls.from_dict(
            deep_merge(data, overrides), source=str(p), base_dir=p.resolve().parent
        )

    @classmethod
    def from_dict(
        cls, data: dict[str, Any], *, source: str = "<config>", base_dir: Path | None = None
    ) -> PipelineConfig:
        data = _resolve_conflicts(data, source)
        try:
            config = cls.model_validate({**data, "base_dir": base_dir or Path.cwd()})
        except ValidationError as err:
            raise PipelineConfigError(validation_problem(source, err)) from None
        for i, seed in enumerate(config.seed_paths()):
            if not seed.exists():
                raise PipelineConfigError(f"{source}: seeds[{i}]: file not found: {seed}")
        if is_named_model(config.model) and config.backend == "local":
            try:
                gguf_source(config.model)
            except NoesisError as err:
                raise PipelineConfigError(f"{source}: model: {err.line()}") from None
        elif config.model not in ("tiny",) and looks_local(config.model, config.base_dir):
            local = Path(config.model)
            local = local if local.is_absolute() else config.base_dir / local
            if not (local / "config.json").is_file():
                raise PipelineConfigError(
                    f"{source}: model: {local} is not a model folder (no config.json)"
                )
        if config.tribunal.relevance == "vectors" and config.backend == "local":
            from noesis_trainer.tribunal.judges.word_vectors import WordVectorsError, check_table

            try:
                check_table()  # on Modal the table travels with the package's code
            except WordVectorsError as err:
                raise PipelineConfigError(f"{source}: tribunal.relevance: {err.line()}") from None
        if config.tribunal.relevance in ("semantic", "retrieval") and config.backend == "local":
            from noesis_trainer.tribunal.judges.semantic import check_installed

            try:
                check_installed()  # on Modal the image installs it (ModalConfig)
            except ImportError as err:
                raise PipelineConfigError(f"{source}: tribunal.relevance: {err}") from None
        return config

    def training_dict(self, base_model: str) -> dict[str, Any]:
        """The `TrainingConfig` of the train stage: the user's section plus model and epochs."""
        data: dict[str, Any] = self.training.model_dump(mode="json")
        data["model"]["base_model"] = base_model
        data["optim"]["num_epochs"] = self.epochs
        return data


def looks_local(model: str, base: Path) -> bool:
    return model.startswith((".", "/", "~")) or (base / model).exists()


def deep_merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """`base` with `overrides` merged in: nested mappings key by key, anything else replaced."""
    out = dict(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def parse_set_options(items: Iterable[str]) -> dict[str, Any]:
    """``--set training.lora.r=16`` options as one nested override mapping (values read as
    YAML, so 16 is an int and true a bool)."""
    import yaml

    merged: dict[str, Any] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        parts = key.strip().split(".")
        if not sep or not all(parts):
            raise PipelineConfigError(f"--set {item!r}: expected dotted.key=value")
        try:
            value = yaml.safe_load(raw)
        except yaml.YAMLError:
            value = raw
        nested: dict[str, Any] = {parts[-1]: value}
        for part in reversed(parts[:-1]):
            nested = {part: nested}
        merged = deep_merge(merged, nested)
    return merged


def _resolve_conflicts(data: dict[str, Any], source: str) -> dict[str, Any]:
    """One value per setting: the top-level `epochs` and `model` against the same settings in
    `training:`. Equal or given once is fine; two different values are an error."""
    training = data.get("training")
    if not isinstance(training, dict):
        return data
    optim = training.get("optim")
    optim = optim if isinstance(optim, dict) else {}
    num_epochs = optim.get("num_epochs")
    if num_epochs is not None:
        if "epochs" in data and data["epochs"] != num_epochs:
            raise PipelineConfigError(
                f"{source}: training.optim.num_epochs: {num_epochs!r} conflicts with "
                f"epochs: {data['epochs']!r}; set the number of epochs once (epochs:)"
            )
        data = {**data, "epochs": num_epochs}
    model = training.get("model")
    model = model if isinstance(model, dict) else {}
    base_model = model.get("base_model")
    if base_model is not None and base_model != data.get("model", "tiny"):
        raise PipelineConfigError(
            f"{source}: training.model.base_model: {base_model!r} conflicts with "
            f"model: {data.get('model', 'tiny')!r}; set the base model once (model:)"
        )
    return data
