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

import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from noesis_trainer.errors import NoesisError
from noesis_trainer.generation.local import Decoding
from noesis_trainer.io.atomic import write_json_atomic, write_text_atomic
from noesis_trainer.io.config_files import ConfigFileError, load_yaml
from noesis_trainer.models import gguf_source, is_named_model
from noesis_trainer.plan import CostAssumptions
from noesis_trainer.training.backends.modal import ModalSettings

Log = Callable[[str], None]


class PipelineConfigError(NoesisError):
    """A pipeline config that cannot run; the message names the file and the field."""


# -- configuration ----------------------------------------------------------------------------


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VariationsSection(_Section):
    count: int = Field(default=0, ge=0, description="Variations to add to the seeds (0: none).")
    techniques: list[str] | None = None
    seed: int = 42
    near_duplicate_threshold: float = Field(default=0.8, gt=0, le=1)


class SplitSection(_Section):
    eval_fraction: float = Field(default=0.1, gt=0, lt=1)
    seed: int = 42


class TribunalSection(_Section):
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


class MergeSection(_Section):
    enabled: bool = True
    streaming: bool = False


class DeploySection(_Section):
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


class BudgetSection(CostAssumptions):
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
    variations: VariationsSection = Field(default_factory=VariationsSection)
    split: SplitSection = Field(default_factory=SplitSection)
    training: dict[str, Any] = Field(default_factory=dict)
    tribunal: TribunalSection = Field(default_factory=TribunalSection)
    merge: MergeSection = Field(default_factory=MergeSection)
    deploy: DeploySection = Field(default_factory=DeploySection)
    modal: ModalSettings = Field(default_factory=ModalSettings)
    budget: BudgetSection = Field(default_factory=BudgetSection)
    base_dir: Path = Field(default=Path("."), exclude=True)

    @field_validator("training")
    @classmethod
    def _no_paths_in_training(cls, value: dict[str, Any]) -> dict[str, Any]:
        for section, key in (("data", "train_file"), ("data", "eval_file")):
            if (value.get(section) or {}).get(key):
                raise ValueError(f"{section}.{key} is set by the pipeline's split; remove it")
        return value

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
        data.update(overrides)
        return cls.from_dict(data, source=str(p), base_dir=p.resolve().parent)

    @classmethod
    def from_dict(
        cls, data: dict[str, Any], *, source: str = "<config>", base_dir: Path | None = None
    ) -> PipelineConfig:
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
        if config.training:
            _check_training(config, source)
        if config.tribunal.relevance == "semantic" and config.backend == "local":
            from noesis_trainer.tribunal.judges.semantic import check_installed

            try:
                check_installed()  # on Modal the image installs it (ModalSettings)
            except ImportError as err:
                raise PipelineConfigError(f"{source}: tribunal.relevance: {err}") from None
        return config

    def training_dict(self, base_model: str) -> dict[str, Any]:
        """The `TrainingConfig` of the train stage: the user's section plus model and epochs."""
        data: dict[str, Any] = json.loads(json.dumps(self.training))
        data.setdefault("model", {})["base_model"] = base_model
        data.setdefault("optim", {})["num_epochs"] = self.epochs
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


def _check_training(config: PipelineConfig, source: str) -> None:
    try:
        from noesis_trainer.training.config import TrainingConfig
    except ImportError:  # the training extra is not installed: checked when training starts
        return
    try:
        TrainingConfig.model_validate(config.training_dict("model"))
    except ValidationError as err:
        raise PipelineConfigError(
            _first_problem(err, source).replace(f"{source}: ", f"{source}: training.", 1)
        ) from None


# -- stage records ----------------------------------------------------------------------------


class StageRecord(BaseModel):
    """What a finished stage consumed and produced; its presence makes the stage skippable."""

    stage: str
    inputs: dict[str, str]
    params: str
    outputs: list[str]
    summary: dict[str, Any] = Field(default_factory=dict)
    seconds: float = 0.0


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

    def __init__(self, config: PipelineConfig, *, log: Log | None = None) -> None:
        self.config = config
        self.root = config.run_path
        self.log: Log = log or (lambda line: print(line, flush=True))
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
        phash = _params_hash(params)
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
            ):
                self.log(f"[{name}] up to date, skipped")
                self.records[name] = old
                self.skipped.append(name)
                return old
        self.log(f"[{name}] running")
        started = time.perf_counter()
        try:
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
        )
        write_json_atomic(record_path, record.model_dump(mode="json"))
        self.records[name] = record
        self.ran.append(name)
        return record

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
        from noesis_trainer import pipeline_stages as s

        self.root.mkdir(parents=True, exist_ok=True)
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
