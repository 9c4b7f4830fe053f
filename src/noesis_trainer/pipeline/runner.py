"""The stage runner: the eight stages wired together, resumable stage by stage.

validate -> generate -> validate -> split -> plan -> train (epoch by epoch) -> tribunal (each
epoch) -> merge -> deploy checks -> report. Every stage writes its output into the run folder and
a record ``stages/<stage>.json`` holding the sha256 of its inputs and of its parameters; on the
next run a stage whose record matches and whose outputs exist is skipped. A killed run therefore
resumes at the stage it was in, and inside training at the newest valid checkpoint.

``backend: local`` runs the jobs of `pipeline.jobs` in this process on the run folder;
``backend: modal`` uploads the split (idempotently) and runs the same jobs on a Modal GPU, then
downloads the results into the same places, so every later stage reads the same files.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from noesis_trainer.core.named_models import is_named_model
from noesis_trainer.errors import NoesisError
from noesis_trainer.io.atomic import write_json_atomic, write_text_atomic
from noesis_trainer.pipeline import stages
from noesis_trainer.pipeline.config import PipelineConfig, looks_local

Log = Callable[[str], None]


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


def _hidden(rel: str) -> bool:
    """A dotfile or a file in a dot-folder ("./.cache/x"): not part of a stage's output."""
    return rel.startswith(".") or "/." in rel


def sha256_path(path: Path, *, skip: Callable[[str], bool] = _hidden) -> str:
    """sha256 of a file, or of a folder's (relative name, file hash) list, leaving out the files
    whose relative name `skip` picks (hidden ones by default); 'missing' if absent."""
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
            if skip(rel):
                continue
            digest.update(f"{rel}\0{sha256_path(child)}\n".encode())
        return digest.hexdigest()
    return "missing"


COMPILED_SUFFIXES = frozenset({".so", ".pyd", ".pyc", ".pyo", ".o", ".dll", ".dylib"})
"""Built from the source beside them (`source_digest` hashes that source instead): the same
code compiled on two machines differs in bytes, not in what it does."""


def _built(rel: str) -> bool:
    """A compiled file (`COMPILED_SUFFIXES`) or anything under `__pycache__`."""
    return "__pycache__" in rel.split("/") or Path(rel).suffix in COMPILED_SUFFIXES


def source_digest(root: Path) -> str:
    """sha256 of a package folder's source (`sha256_path`): every file's relative name and
    content, except compiled files and `__pycache__`."""
    return sha256_path(root, skip=_built)


@functools.lru_cache(maxsize=1)
def library_source_digest() -> str:
    """`source_digest` of this library as installed (once a process: a few milliseconds)."""
    import noesis_trainer

    return source_digest(Path(noesis_trainer.__file__).parent)


def _cache_environment() -> dict[str, Any]:
    """What besides a stage's own parameters changes its output: the library (its version and
    its source: every commit of a development version is `0.1.0`, and a Tribunal rule changed
    between two of them must judge again) and the installed plugins (their rules, techniques
    and judges)."""
    from noesis_trainer import __version__
    from noesis_trainer.plugins.manager import plugin_fingerprint

    return {
        "noesis_trainer": __version__,
        "source": library_source_digest(),
        "plugins": plugin_fingerprint(),
    }


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
                from noesis_trainer.core.named_models import resolve

                self.named_model_dir = resolve(self.config.model, log=self.log)
            return str(self.named_model_dir)
        local = Path(self.config.model)
        if looks_local(self.config.model, self.config.base_dir):
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
        steps: list[tuple[str, Callable[[Pipeline], None]]] = [
            ("model", stages.stage_model),
            ("validate-seeds", stages.stage_validate_seeds),
            ("generate", stages.stage_generate),
            ("validate", stages.stage_validate),
            ("split", stages.stage_split),
            ("plan", stages.stage_plan),
            ("upload", stages.stage_upload),
            ("train", stages.stage_train),
            ("merge", stages.stage_merge),
            ("deploy", stages.stage_deploy),
            ("report", stages.stage_report),
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
