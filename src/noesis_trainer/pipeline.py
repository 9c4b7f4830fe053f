"""The eight stages wired together, resumable stage by stage; `noesis run` and notebooks call it.

validate -> generate -> validate -> split -> plan -> train (epoch by epoch) -> tribunal (each
epoch) -> merge -> deploy checks -> report. Every stage writes its output into the run folder and
a record ``stages/<stage>.json`` holding the sha256 of its inputs and of its parameters; on the
next run a stage whose record matches and whose outputs exist is skipped. A killed run therefore
resumes at the stage it was in, and inside training at the newest valid checkpoint.

``backend: local`` runs the jobs of `noesis_trainer.remote` in this process on the run folder;
``backend: modal`` uploads the split (idempotently) and runs the same jobs on a Modal GPU, then
downloads the results into the same places, so every later stage reads the same files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
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

from noesis_trainer.errors import NoesisError
from noesis_trainer.generation.local import Decoding
from noesis_trainer.io.atomic import write_json_atomic, write_text_atomic
from noesis_trainer.io.config_files import ConfigFileError, load_yaml
from noesis_trainer.models import gguf_source, is_named_model
from noesis_trainer.plan import CostAssumptions
from noesis_trainer.training.backends.modal import ModalSettings
from noesis_trainer.training.config import TrainingConfig

Log = Callable[[str], None]


class PipelineConfigError(NoesisError):
    """A pipeline config that cannot run; the message names the file and the field."""


# -- configuration ----------------------------------------------------------------------------
# Each section is the config of one stage (*StageConfig where the stage's component has a
# config class of the same name); `training:` is the training stage's own `TrainingConfig`.


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VariationsStageConfig(_Section):
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
    def _needs(self) -> VariationsSection:
        if self.generator in ("local", "openai") and not self.model:
            raise ValueError(f"generator {self.generator!r} needs variations.model")
        if self.generator == "openai" and not self.base_url:
            raise ValueError("generator 'openai' needs variations.base_url")
        return self


class SplitStageConfig(_Section):
    eval_fraction: float = Field(default=0.1, gt=0, lt=1)
    seed: int = 42


class TribunalStageConfig(_Section):
    each_epoch: bool = True
    eval_prompts: int = Field(
        default=32, ge=1, description="Eval rows judged each epoch (capped at the eval split)."
    )
    max_new_tokens: int = Field(default=48, ge=1)
    approve_above: float = Field(default=0.7, gt=0, lt=1)
    relevance: Literal["lexical", "semantic"] = Field(
        default="lexical",
        description="'semantic': sentence-embedding relevance (extra noesis-trainer[semantic]).",
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


class MergeStageConfig(_Section):
    enabled: bool = True
    streaming: bool = False


class DeployStageConfig(_Section):
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


class PipelineConfig(_Section):
    """One YAML file describing a whole run (see examples/pipeline.yaml, docs/pipeline.md)."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    seeds: list[Path] = Field(min_length=1)
    model: str = Field(
        default="tiny",
        description="'tiny' (built into the run folder), a named model such as 'smollm2-135m' "
        "(converted once from its package, see noesis_trainer.models), a folder or a Hub id.",
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
    modal: ModalSettings = Field(default_factory=ModalSettings)
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
            raise PipelineConfigError(_first_problem(err, source)) from None
        for i, seed in enumerate(config.seed_paths()):
            if not seed.exists():
                raise PipelineConfigError(f"{source}: seeds[{i}]: file not found: {seed}")
        if is_named_model(config.model) and config.backend == "local":
            try:
                gguf_source(config.model)
            except NoesisError as err:
                raise PipelineConfigError(f"{source}: model: {err.line()}") from None
        elif config.model not in ("tiny",) and _looks_local(config.model, config.base_dir):
            local = Path(config.model)
            local = local if local.is_absolute() else config.base_dir / local
            if not (local / "config.json").is_file():
                raise PipelineConfigError(
                    f"{source}: model: {local} is not a model folder (no config.json)"
                )
        if config.tribunal.relevance == "semantic" and config.backend == "local":
            from noesis_trainer.tribunal.judges.semantic import check_installed

            try:
                check_installed()  # on Modal the image installs it (ModalSettings)
            except ImportError as err:
                raise PipelineConfigError(f"{source}: tribunal.relevance: {err}") from None
        return config

    def training_dict(self, base_model: str) -> dict[str, Any]:
        """The `TrainingConfig` of the train stage: the user's section plus model and epochs."""
        data: dict[str, Any] = self.training.model_dump(mode="json")
        data["model"]["base_model"] = base_model
        data["optim"]["num_epochs"] = self.epochs
        return data


def _looks_local(model: str, base: Path) -> bool:
    return model.startswith((".", "/", "~")) or (base / model).exists()


def _first_problem(err: ValidationError, source: str) -> str:
    e = err.errors(include_url=False)[0]
    field = ".".join(str(p) for p in e["loc"]) or "(top level)"
    message = str(e["msg"]).removeprefix("Value error, ")
    given = e.get("input")
    shown = (
        ""
        if isinstance(given, dict) or e["type"] == "missing" or e["type"] == "value_error"
        else f" (got {given!r})"
    )
    more = f" (+{len(err.errors()) - 1} more)" if len(err.errors()) > 1 else ""
    return f"{source}: {field}: {message}{shown}{more}"


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


VariationsSection = VariationsStageConfig  # the names before 0.2, kept for callers
SplitSection = SplitStageConfig
TribunalSection = TribunalStageConfig
MergeSection = MergeStageConfig
DeploySection = DeployStageConfig
BudgetSection = BudgetConfig


# -- stage records ----------------------------------------------------------------------------


class StageRecord(BaseModel):
    """What a finished stage consumed and produced; its presence makes the stage skippable."""

    stage: str
    inputs: dict[str, str]
    params: str
    outputs: list[str]
    summary: dict[str, Any] = Field(default_factory=dict)
    seconds: float = 0.0
    output_hashes: dict[str, str] = Field(default_factory=dict)
    """sha256 of each output when written: an output changed since (a line appended to
    data/clean.jsonl) makes the stage run again instead of being trusted."""


def sha256_path(path: Path) -> str:
    """sha256 of a file, or of a folder's (relative name, file hash) list; 'missing' if absent."""
    if path.is_file():
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    if path.is_dir():
        digest = hashlib.sha256()
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            rel = child.relative_to(path).as_posix()
            if rel.startswith(".") or "/." in rel:
                continue
            digest.update(f"{rel}\0{sha256_path(child)}\n".encode())
        return digest.hexdigest()
    return "missing"


def _cache_environment() -> dict[str, Any]:
    """What besides a stage's own parameters changes its output: the library's version and the
    installed plugins (their rules, techniques and judges)."""
    from noesis_trainer import __version__
    from noesis_trainer.plugins.manager import plugin_fingerprint

    return {"noesis_trainer": __version__, "plugins": plugin_fingerprint()}


def _params_hash(params: Any) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()


STAGES = (
    "model",
    "validate-seeds",
    "generate",
    "validate",
    "split",
    "plan",
    "upload",
    "train",
    "tribunal",
    "merge",
    "deploy",
    "report",
)


class Pipeline:
    """Runs a `PipelineConfig` stage by stage in its run folder."""

    def __init__(
        self,
        config: PipelineConfig,
        *,
        log: Log | None = None,
        progress: Callable[[str], AbstractContextManager[None]] | None = None,
    ) -> None:
        self.config = config
        self.root = config.run_path
        self.log: Log = log or (lambda line: print(line, flush=True))
        self.progress = progress or (lambda name: nullcontext())
        """Wraps each running stage (the CLI shows a spinner with the elapsed time)."""
        self.records: dict[str, StageRecord] = {}
        self.skipped: list[str] = []
        self.ran: list[str] = []
        self.named_model_dir: Path | None = None

    # -- paths ---------------------------------------------------------------------------------
    @property
    def stages_dir(self) -> Path:
        return self.root / "stages"

    @property
    def dataset_dir(self) -> Path:
        return self.root / "dataset"

    @property
    def model_ref(self) -> str:
        """The base model as the jobs name it: ``model`` (run folder) or a Hub id / path."""
        if self.config.model == "tiny":
            return "model"
        if is_named_model(self.config.model):
            if self.config.backend == "modal":
                return "model"  # uploaded into the run folder by the upload stage
            if self.named_model_dir is None:
                from noesis_trainer.models import resolve

                self.named_model_dir = resolve(self.config.model, log=self.log)
            return str(self.named_model_dir)
        local = Path(self.config.model)
        if _looks_local(self.config.model, self.config.base_dir):
            return str(local if local.is_absolute() else (self.config.base_dir / local).resolve())
        return self.config.model

    def model_path(self) -> str:
        ref = self.model_ref
        return str(self.root / ref) if ref == "model" else ref

    # -- the stage runner ----------------------------------------------------------------------
    def stage(
        self,
        name: str,
        *,
        inputs: Iterable[Path],
        params: Any,
        outputs: Iterable[Path],
        body: Callable[[], dict[str, Any]],
    ) -> StageRecord:
        """Run `body` unless a record with the same input hashes and params exists."""
        ins = {
            str(p.relative_to(self.root) if p.is_relative_to(self.root) else p): sha256_path(p)
            for p in inputs
        }
        outs = list(outputs)
        phash = _params_hash({"params": params, "environment": _cache_environment()})
        record_path = self.stages_dir / f"{name}.json"
        if record_path.is_file():
            try:
                old = StageRecord.model_validate_json(record_path.read_text(encoding="utf-8"))
            except ValueError:
                old = None
            if (
                old is not None
                and old.inputs == ins
                and old.params == phash
                and all((self.root / o).exists() for o in old.outputs)
                and self._outputs_unchanged(name, old)
            ):
                self.log(f"[{name}] up to date, skipped")
                self.records[name] = old
                self.skipped.append(name)
                return old
        self.log(f"[{name}] running")
        started = time.perf_counter()
        try:
            with self.progress(name):
                summary = body()
        except NoesisError:
            raise
        except Exception as err:
            raise self._failure(name, err) from err
        missing = [str(o) for o in outs if not o.exists()]
        if missing:
            raise NoesisError(f"stage {name!r} did not write {', '.join(missing)}")
        record = StageRecord(
            stage=name,
            inputs=ins,
            params=phash,
            outputs=[str(o.relative_to(self.root)) for o in outs],
            summary=summary,
            seconds=round(time.perf_counter() - started, 3),
            output_hashes={str(o.relative_to(self.root)): sha256_path(o) for o in outs},
        )
        write_json_atomic(record_path, record.model_dump(mode="json"))
        self.records[name] = record
        self.ran.append(name)
        return record

    def _outputs_unchanged(self, name: str, old: StageRecord) -> bool:
        for rel, digest in old.output_hashes.items():
            if sha256_path(self.root / rel) != digest:
                self.log(f"[{name}] {rel} changed since the stage wrote it; running it again")
                return False
        return True

    def _failure(self, name: str, err: Exception) -> NoesisError:
        """A known failure (OOM, corrupted checkpoint...) as its own error; anything else as one
        line naming the stage, with the traceback kept in ``stages/<stage>.error.txt``."""
        import traceback

        from noesis_trainer.errors import classify

        known = classify(err)
        if known is not None:
            return known
        trace = self.stages_dir / f"{name}.error.txt"
        write_text_atomic(trace, "".join(traceback.format_exception(err)))
        first = (str(err).strip().splitlines() or [""])[0][:300]
        return NoesisError(f"stage {name!r} failed: {type(err).__name__}: {first}", f"see {trace}")

    # -- running -------------------------------------------------------------------------------
    def run(self, *, until: str | None = None) -> dict[str, StageRecord]:
        """Run every stage in order (or up to `until`, inclusive); returns the records."""
        if until is not None and until not in STAGES:
            raise NoesisError(f"unknown stage {until!r}", f"use one of: {', '.join(STAGES)}")
        self.root.mkdir(parents=True, exist_ok=True)
        with run_lock(self.root):
            return self._run(until)

    def _run(self, until: str | None) -> dict[str, StageRecord]:
        from noesis_trainer import pipeline_stages as s

        steps: list[tuple[str, Callable[[Pipeline], None]]] = [
            ("model", s.stage_model),
            ("validate-seeds", s.stage_validate_seeds),
            ("generate", s.stage_generate),
            ("validate", s.stage_validate),
            ("split", s.stage_split),
            ("plan", s.stage_plan),
            ("upload", s.stage_upload),
            ("train", s.stage_train),
            ("merge", s.stage_merge),
            ("deploy", s.stage_deploy),
            ("report", s.stage_report),
        ]
        for name, fn in steps:
            fn(self)
            if until is not None and (name == until or (until == "tribunal" and name == "train")):
                break
        return self.records


LOCK_NAME = ".noesis-run.lock"


@contextlib.contextmanager
def run_lock(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on the run folder: a second `noesis run` on it stops at once
    instead of training into the same checkpoints. The kernel drops the lock when the holder
    dies (even by SIGKILL), so a killed run never leaves the folder locked."""
    import fcntl

    path = root / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise NoesisError(
                f"run folder {root} is in use by another `noesis run` (pid {holder})",
                "wait for it to finish, or give this run another run_dir",
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


def run_pipeline(config: PipelineConfig | str | os.PathLike[str], **kwargs: Any) -> Pipeline:
    """Load (if a path) and run a pipeline; returns it with its records."""
    cfg = config if isinstance(config, PipelineConfig) else PipelineConfig.load(config)
    pipe = Pipeline(cfg, log=kwargs.pop("log", None))
    pipe.run(**kwargs)
    return pipe


def epoch_label(epoch: int) -> str:
    return f"epoch-{epoch}"


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "run"
