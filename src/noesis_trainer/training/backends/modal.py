"""Run training, evaluation and merging on a Modal GPU with the same code as local runs.

Nothing here touches Modal at import time: `ModalBackend.build()` creates the `modal.App`, its
image (the pinned training stack of `noesis_trainer.pins` plus this package's source), the
``noesis-training-data`` volume and the ``huggingface-token`` secret only when a job is about to
run. GPU names and timeouts are checked here because the Modal client accepts any string and
fails only at launch. Dataset upload is idempotent: the sha256 of each file, taken from the
export manifest written by the split, decides what is sent.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, field_validator

from noesis_trainer.errors import NoesisError
from noesis_trainer.io.atomic import atomic_open
from noesis_trainer.pins import SEMANTIC_PINS, TRAIN_PINS, requirement_lines

# -- GPUs and timeouts ----------------------------------------------------------------------


@dataclass(frozen=True)
class GpuSpec:
    """One Modal GPU type: its memory and how many fit in one container."""

    name: str
    memory_gb: int
    max_count: int = 8


MODAL_GPUS: dict[str, GpuSpec] = {
    g.name: g
    for g in (
        GpuSpec("T4", 16),
        GpuSpec("L4", 24),
        GpuSpec("A10", 24, 4),
        GpuSpec("A10G", 24, 4),
        GpuSpec("L40S", 48),
        GpuSpec("A100", 40),
        GpuSpec("A100-40GB", 40),
        GpuSpec("A100-80GB", 80),
        GpuSpec("RTX-PRO-6000", 96),
        GpuSpec("H100", 80),
        GpuSpec("H100!", 80),
        GpuSpec("H200", 141),
        GpuSpec("B200", 192),
        GpuSpec("B200+", 192),
    )
}
"""GPU names Modal's `gpu=` accepts (modal.com/docs/guide/gpu, checked November 2026)."""

GPU_CONFUSIONS: dict[str, str] = {
    "L40": "L40S",
    "A100-80": "A100-80GB",
    "A100-40": "A100-40GB",
    "A100_80GB": "A100-80GB",
    "H100-80GB": "H100",
    "RTX6000": "RTX-PRO-6000",
}
"""Names people type that Modal does not have, mapped to the one they almost certainly meant."""

MIN_TIMEOUT_S = 10
MAX_TIMEOUT_S = 24 * 3600
"""Modal's bounds for a function timeout (10 s to 24 h)."""


class ModalConfigError(NoesisError, ValueError):
    """A Modal setting that would only fail at launch (unknown GPU, timeout out of range)."""


def validate_gpu(spec: str) -> str:
    """Return `spec` ("L40S", "A100-80GB:2") if Modal has that GPU, else raise with a suggestion."""
    name, _, count_text = spec.strip().partition(":")
    canonical = {k.upper(): k for k in MODAL_GPUS}
    known = canonical.get(name.upper())
    if known is None:
        hint = GPU_CONFUSIONS.get(name.upper())
        if hint is None:
            close = difflib.get_close_matches(name.upper(), list(canonical), n=1, cutoff=0.6)
            hint = canonical[close[0]] if close else None
        if hint:
            raise ModalConfigError(f"unknown Modal GPU {name!r}; did you mean {hint!r}?")
        raise ModalConfigError(f"unknown Modal GPU {name!r} (known: {', '.join(MODAL_GPUS)})")
    if count_text:
        if not count_text.isdigit() or int(count_text) < 1:
            raise ModalConfigError(f"GPU count in {spec!r} must be a positive integer")
        if int(count_text) > MODAL_GPUS[known].max_count:
            raise ModalConfigError(
                f"{known} allows at most {MODAL_GPUS[known].max_count} GPUs per container, "
                f"not {count_text}"
            )
        return f"{known}:{int(count_text)}"
    return known


def validate_timeout(seconds: int, what: str = "timeout") -> int:
    """Modal takes 10 s to 24 h; anything else is refused here rather than at launch."""
    if not MIN_TIMEOUT_S <= seconds <= MAX_TIMEOUT_S:
        raise ModalConfigError(
            f"{what} must be between {MIN_TIMEOUT_S} s and {MAX_TIMEOUT_S} s (24 h), got {seconds}"
        )
    return seconds


class ModalSettings(BaseModel):
    """Where and how jobs run on Modal. Defaults follow the seed process (one L40S)."""

    model_config = ConfigDict(extra="forbid")

    app_name: str = "noesis-trainer"
    gpu: str = "L40S"
    volume_name: str = "noesis-training-data"
    secret_name: str = "huggingface-token"
    python_version: str = "3.11"
    train_timeout_s: int = 6 * 3600
    evaluate_timeout_s: int = 3600
    merge_timeout_s: int = 3600
    retries: int = 2
    retry_backoff: float = 2.0
    retry_initial_delay_s: float = 30.0
    semantic_relevance: bool = False
    """Add the Tribunal's semantic relevance encoder (`pins.SEMANTIC_PINS`) to the image; the
    pipeline sets it when `tribunal.relevance` is "semantic"."""

    @field_validator("gpu")
    @classmethod
    def _gpu(cls, value: str) -> str:
        return validate_gpu(value)

    @field_validator("train_timeout_s", "evaluate_timeout_s", "merge_timeout_s")
    @classmethod
    def _timeout(cls, value: int) -> int:
        return validate_timeout(value)

    @field_validator("retries")
    @classmethod
    def _retries(cls, value: int) -> int:
        if not 0 <= value <= 10:
            raise ModalConfigError(f"retries must be between 0 and 10, got {value}")
        return value

    @field_validator("retry_backoff")
    @classmethod
    def _backoff(cls, value: float) -> float:
        if not 1.0 <= value <= 10.0:
            raise ModalConfigError(f"retry_backoff must be between 1.0 and 10.0, got {value}")
        return value


# -- volumes ----------------------------------------------------------------------------------

VOLUME_MOUNT = "/vol"
"""Where the volume is mounted inside the remote containers."""

DATASET_FILES = ("train.jsonl", "eval.jsonl")


def run_dir(name: str) -> str:
    """A run's folder on the volume (its layout: see `noesis_trainer.remote`)."""
    return f"runs/{name}"


def dataset_dir(name: str) -> str:
    return f"{run_dir(name)}/dataset"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class ManifestError(NoesisError, ValueError):
    """The export manifest is missing, unreadable, or disagrees with the files beside it."""


def manifest_hashes(manifest: dict[str, Any]) -> dict[str, str]:
    """File name -> sha256 from a split manifest (``files: {name: {sha256}}`` or ``sha256: {}``)."""
    found: dict[str, str] = {}
    files = manifest.get("files")
    if isinstance(files, dict):
        for name, entry in files.items():
            if isinstance(entry, dict) and isinstance(entry.get("sha256"), str):
                found[str(name)] = entry["sha256"]
            elif isinstance(entry, str):
                found[str(name)] = entry
    elif isinstance(files, list):
        for entry in files:
            if isinstance(entry, dict) and "sha256" in entry:
                key = entry.get("name") or entry.get("path")
                if key:
                    found[Path(str(key)).name] = str(entry["sha256"])
    hashes = manifest.get("sha256")
    if isinstance(hashes, dict):
        found.update({Path(str(k)).name: str(v) for k, v in hashes.items()})
    return found


def read_export_manifest(split_dir: Path) -> dict[str, str]:
    """The sha256 of each exported file, from ``manifest.json``, checked against the files."""
    path = split_dir / "manifest.json"
    if not path.is_file():
        raise ManifestError(
            f"{path}: no export manifest; run `noesis split` first to write train/eval + manifest"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise ManifestError(f"{path}: unreadable manifest ({err})") from err
    hashes = manifest_hashes(manifest if isinstance(manifest, dict) else {})
    missing = [name for name in DATASET_FILES if name not in hashes]
    if missing:
        raise ManifestError(f"{path}: no sha256 recorded for {', '.join(missing)}")
    for name, expected in hashes.items():
        file = split_dir / name
        if not file.is_file():
            raise ManifestError(f"{file}: listed in the manifest but missing")
        if sha256_file(file) != expected:
            raise ManifestError(
                f"{file}: changed since the manifest was written; re-run `noesis split`"
            )
    return hashes


class VolumeStore(Protocol):
    """The few volume operations the backend needs; a local folder and a Modal volume have them."""

    def read_bytes(self, rel: str) -> bytes | None: ...

    def put_files(self, files: Iterable[tuple[Path, str]]) -> None: ...

    def list_files(self, rel: str) -> list[str]: ...

    def get_file(self, rel: str, dest: Path) -> None: ...


class FolderVolume:
    """A folder standing for the volume: what the containers see at `VOLUME_MOUNT`, and tests."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def read_bytes(self, rel: str) -> bytes | None:
        path = self.root / rel
        return path.read_bytes() if path.is_file() else None

    def put_files(self, files: Iterable[tuple[Path, str]]) -> None:
        for local, rel in files:
            with atomic_open(self.root / rel, "wb") as fh:
                fh.write(local.read_bytes())

    def list_files(self, rel: str) -> list[str]:
        base = self.root / rel
        if not base.is_dir():
            return []
        return sorted(p.relative_to(self.root).as_posix() for p in base.rglob("*") if p.is_file())

    def get_file(self, rel: str, dest: Path) -> None:
        with atomic_open(dest, "wb") as fh:
            fh.write((self.root / rel).read_bytes())


class ModalVolumeStore:
    """A `modal.Volume` seen through `VolumeStore` (needs a Modal token)."""

    def __init__(self, volume: Any) -> None:
        self.volume = volume

    def read_bytes(self, rel: str) -> bytes | None:
        from modal.exception import NotFoundError

        try:
            return b"".join(self.volume.read_file(rel))
        except (NotFoundError, FileNotFoundError):
            return None

    def put_files(self, files: Iterable[tuple[Path, str]]) -> None:
        with self.volume.batch_upload(force=True) as batch:
            for local, rel in files:
                batch.put_file(str(local), rel)

    def list_files(self, rel: str) -> list[str]:
        from modal.exception import NotFoundError

        try:
            entries = self.volume.listdir(rel, recursive=True)
        except (NotFoundError, FileNotFoundError):
            return []
        return sorted(e.path for e in entries if getattr(e.type, "name", "") == "FILE")

    def get_file(self, rel: str, dest: Path) -> None:
        with atomic_open(dest, "wb") as fh:
            self.volume.read_file_into_fileobj(rel, fh)


@dataclass
class UploadPlan:
    """Which dataset files go to the volume and which are already there, unchanged."""

    send: list[str] = field(default_factory=list)
    skip: list[str] = field(default_factory=list)


def plan_upload(local: dict[str, str], remote: dict[str, str]) -> UploadPlan:
    """Send a file when the volume's manifest lacks it or records another sha256."""
    plan = UploadPlan()
    for name in sorted(local):
        (plan.skip if remote.get(name) == local[name] else plan.send).append(name)
    return plan


def upload_dataset(split_dir: Path, store: VolumeStore, name: str) -> UploadPlan:
    """Copy the split's files to ``datasets/<name>/`` on the volume, skipping unchanged ones.

    The manifest goes last, so a volume whose manifest names a hash always holds that file.
    """
    local = read_export_manifest(split_dir)
    remote_raw = store.read_bytes(f"{dataset_dir(name)}/manifest.json")
    remote: dict[str, str] = {}
    if remote_raw is not None:
        try:
            remote = manifest_hashes(json.loads(remote_raw))
        except (json.JSONDecodeError, UnicodeDecodeError):
            remote = {}
    plan = plan_upload(local, remote)
    if plan.send:
        store.put_files((split_dir / f, f"{dataset_dir(name)}/{f}") for f in plan.send)
        store.put_files([(split_dir / "manifest.json", f"{dataset_dir(name)}/manifest.json")])
    return plan


def upload_model(model_dir: Path, store: VolumeStore, run: str) -> UploadPlan:
    """Send a local base model (e.g. the tiny one) to ``runs/<run>/model/``; files whose sha256
    matches the volume's index are skipped, as for the dataset."""
    local = {p.name: sha256_file(p) for p in sorted(model_dir.iterdir()) if p.is_file()}
    index_rel = f"{run_dir(run)}/model/.sha256.json"
    raw = store.read_bytes(index_rel)
    try:
        remote = json.loads(raw) if raw else {}
    except (json.JSONDecodeError, UnicodeDecodeError):
        remote = {}
    plan = plan_upload(local, remote if isinstance(remote, dict) else {})
    if plan.send:
        store.put_files((model_dir / f, f"{run_dir(run)}/model/{f}") for f in plan.send)
        with tempfile.TemporaryDirectory() as tmp:
            index = Path(tmp) / "sha256.json"
            index.write_text(json.dumps(local), encoding="utf-8")
            store.put_files([(index, index_rel)])
    return plan


def download_run(store: VolumeStore, run: str, dest: Path, *, skip: Iterable[str] = ()) -> int:
    """Copy every file of ``runs/<run>/`` to `dest` (stage 8.1); returns the number copied.

    Files whose relative path starts with one of `skip` (e.g. ``checkpoints/``) stay remote.
    """
    prefix = run_dir(run) + "/"
    skipped = tuple(skip)
    n = 0
    for rel in store.list_files(run_dir(run)):
        inner = rel[len(prefix) :] if rel.startswith(prefix) else rel
        if skipped and inner.startswith(skipped):
            continue
        store.get_file(rel, dest / inner)
        n += 1
    return n


# -- the app ----------------------------------------------------------------------------------


@dataclass
class ModalApp:
    """The built app and its three functions (`modal.Function` objects)."""

    app: Any
    image: Any
    volume: Any
    secret: Any
    train: Any
    evaluate: Any
    merge: Any
    requirements: list[str]

    @property
    def functions(self) -> dict[str, Any]:
        return {"train": self.train, "evaluate": self.evaluate, "merge": self.merge}


def _commit_callback(volume_name: str) -> Callable[[], None]:
    """Inside a container: commit the volume so a checkpoint survives preemption. Locally: no-op."""
    import modal

    if modal.is_local():
        return lambda: None
    volume = modal.Volume.from_name(volume_name)
    volume.reload()
    return volume.commit  # type: ignore[no-any-return]


class ModalBackend:
    """Builds the Modal app on first use and runs the remote bodies of `noesis_trainer.remote`."""

    def __init__(self, settings: ModalSettings | None = None, **overrides: Any) -> None:
        base = settings.model_dump() if settings else {}
        self.settings = ModalSettings.model_validate({**base, **overrides})
        self._built: ModalApp | None = None

    def image_requirements(self) -> list[str]:
        """The pip lines of the image: exactly the pinned training stack (and the semantic
        relevance encoder when `semantic_relevance` is set)."""
        extra = requirement_lines(SEMANTIC_PINS) if self.settings.semantic_relevance else []
        return requirement_lines(TRAIN_PINS) + extra

    def build(self) -> ModalApp:
        """Create (once) the app, image, volume, secret and the train/evaluate/merge functions."""
        if self._built is not None:
            return self._built
        import modal

        from noesis_trainer import remote

        s = self.settings
        requirements = self.image_requirements()
        image = (
            modal.Image.debian_slim(python_version=s.python_version)
            .pip_install(*requirements)
            .env({"HF_HUB_ENABLE_HF_TRANSFER": "0", "TOKENIZERS_PARALLELISM": "false"})
            .add_local_python_source("noesis_trainer")
        )
        volume = modal.Volume.from_name(s.volume_name, create_if_missing=True)
        secret = modal.Secret.from_name(s.secret_name)
        app = modal.App(s.app_name)
        volume_name = s.volume_name

        def retries() -> Any:
            return modal.Retries(
                max_retries=s.retries,
                backoff_coefficient=s.retry_backoff,
                initial_delay=s.retry_initial_delay_s,
            )

        def train(run_root: str, job: dict[str, Any]) -> dict[str, Any]:
            return remote.train_job(run_root, job, commit=_commit_callback(volume_name))

        def evaluate(run_root: str, job: dict[str, Any]) -> dict[str, Any]:
            return remote.evaluate_job(run_root, job, commit=_commit_callback(volume_name))

        def merge(run_root: str, job: dict[str, Any]) -> dict[str, Any]:
            return remote.merge_job(run_root, job, commit=_commit_callback(volume_name))

        common: dict[str, Any] = {
            "image": image,
            "gpu": s.gpu,
            "volumes": {VOLUME_MOUNT: volume},
            "secrets": [secret],
            "serialized": True,
        }
        train.__name__ = train.__qualname__ = "noesis_train"
        evaluate.__name__ = evaluate.__qualname__ = "noesis_evaluate"
        merge.__name__ = merge.__qualname__ = "noesis_merge"
        built = ModalApp(
            app=app,
            image=image,
            volume=volume,
            secret=secret,
            train=app.function(timeout=s.train_timeout_s, retries=retries(), **common)(train),
            evaluate=app.function(timeout=s.evaluate_timeout_s, retries=retries(), **common)(
                evaluate
            ),
            merge=app.function(timeout=s.merge_timeout_s, retries=retries(), **common)(merge),
            requirements=requirements,
        )
        self._built = built
        return built

    # -- talking to Modal's servers (token needed) ------------------------------------------
    def store(self) -> ModalVolumeStore:
        return ModalVolumeStore(self.build().volume)

    def upload(self, split_dir: Path, name: str) -> UploadPlan:
        return upload_dataset(split_dir, self.store(), name)

    def download(
        self, run: str, dest: Path, *, skip: Iterable[str] = ("training/checkpoint-",)
    ) -> int:
        return download_run(self.store(), run, dest, skip=skip)

    def upload_model(self, model_dir: Path, run: str) -> UploadPlan:
        return upload_model(model_dir, self.store(), run)

    def call(self, function: str, run: str, job: dict[str, Any]) -> dict[str, Any]:
        """Run one remote function on ``runs/<run>`` to completion inside an app run."""
        built = self.build()
        fn = built.functions[function]
        with built.app.run():
            result: dict[str, Any] = fn.remote(f"{VOLUME_MOUNT}/{run_dir(run)}", job)
        return result
