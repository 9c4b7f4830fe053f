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
import json
import os
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, ConfigDict, field_validator

from noesis_trainer.errors import NoesisError
from noesis_trainer.io.atomic import atomic_open
from noesis_trainer.io.digest import sha256_file
from noesis_trainer.pins import (
    CORE_REQUIREMENTS,
    SEMANTIC_PINS,
    TORCH_INDEX_URL,
    TRAIN_PINS,
    requirement_lines,
)
from noesis_trainer.pipeline.jobs import SmokeResult
from noesis_trainer.training.backends.base import Log
from noesis_trainer.training.config import TrainingConfig

if TYPE_CHECKING:
    from noesis_trainer.core.schema import Example
    from noesis_trainer.merging.merger import MergeResult
    from noesis_trainer.training.result import EvaluationHook, TrainingResult

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


class ModalConfig(BaseModel):
    """Where and how jobs run on Modal. Defaults follow the seed process (one L40S)."""

    model_config = ConfigDict(extra="forbid")

    app_name: str = "noesis-trainer"
    gpu: str = "L40S"
    volume_name: str = "noesis-training-data"
    secret_name: str = "huggingface-token"
    python_version: str | None = None
    """The image's Python; None (the default) takes this interpreter's minor version, which is
    the only one that works: the functions are serialized by the client and unpickled in the
    container. A different value is refused at build time (`image_python_version`)."""
    train_timeout_s: int = 6 * 3600
    evaluate_timeout_s: int = 3600
    merge_timeout_s: int = 3600
    retries: int = 2
    retry_backoff: float = 2.0
    retry_initial_delay_s: float = 30.0
    local_volume: Path | None = None
    """A dry run of the Modal path: every function runs in this process with `.local()` on this
    folder standing for the volume (no token, no GPU, same bodies and uploads); tests use it."""
    semantic_relevance: bool = False
    """Add the Tribunal's semantic relevance encoder (`pins.SEMANTIC_PINS`) to the image; the
    pipeline sets it when `tribunal.relevance` is "semantic" or "retrieval"."""

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
    """A run's folder on the volume (its layout: see `noesis_trainer.pipeline.jobs`)."""
    return f"runs/{name}"


def dataset_dir(name: str) -> str:
    return f"{run_dir(name)}/dataset"


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


def upload_training_files(files: dict[str, Path], store: VolumeStore, name: str) -> UploadPlan:
    """Send a config's own train/eval files (no split manifest: `Trainer` with `ModalBackend`)
    to ``runs/<name>/dataset/`` under the names in `files`, skipping unchanged ones by sha256."""
    local = {target: sha256_file(path) for target, path in files.items()}
    remote_raw = store.read_bytes(f"{dataset_dir(name)}/manifest.json")
    try:
        remote = manifest_hashes(json.loads(remote_raw)) if remote_raw else {}
    except (json.JSONDecodeError, UnicodeDecodeError):
        remote = {}
    plan = plan_upload(local, remote)
    if plan.send:
        store.put_files((files[f], f"{dataset_dir(name)}/{f}") for f in plan.send)
        with tempfile.TemporaryDirectory() as tmp:
            manifest = Path(tmp) / "manifest.json"
            entries = {f: {"sha256": h} for f, h in local.items()}
            manifest.write_text(json.dumps({"files": entries}), encoding="utf-8")
            store.put_files([(manifest, f"{dataset_dir(name)}/manifest.json")])
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


# -- the image ------------------------------------------------------------------------------

APT_PACKAGES: tuple[str, ...] = ("build-essential", "git")
"""System packages of the image. Triton (under Unsloth's kernels and bitsandbytes) compiles a
small C launcher at run time and fails with "Failed to find C compiler" without gcc
(build-essential); git is what pip and unsloth_zoo call for VCS sources."""

MODAL_PYTHON_SERIES: tuple[str, ...] = ("3.11", "3.12", "3.13")
"""Python minor versions both this package (>=3.11) and Modal's debian_slim builder offer."""


def client_python_version() -> str:
    """This interpreter's minor version, "3.11": the one the container must run."""
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def image_python_version(requested: str | None) -> str:
    """The image's Python: the client's, or a clear error when a config asks for another one."""
    client = client_python_version()
    if requested is not None and requested.strip() != client:
        raise ModalConfigError(
            f"modal.python_version is {requested!r} but noesis runs on Python {client}; "
            "Modal functions are serialized by this client and unpickled in the container, which "
            "needs the same minor version: remove modal.python_version (it defaults to this "
            f"interpreter's) or run noesis with Python {requested}"
        )
    if client not in MODAL_PYTHON_SERIES:
        raise ModalConfigError(
            f"Python {client} has no Modal debian_slim image for noesis "
            f"(supported: {', '.join(MODAL_PYTHON_SERIES)}); run noesis with one of those"
        )
    return client


@dataclass(frozen=True)
class ImageRecipe:
    """Everything the Modal image is built from, as data: tests and the platform check read it.

    Layers in order: debian_slim(python_version), apt `apt_packages`, `torch` from
    `torch_index_url` (PyPI's Linux wheel is the CUDA build, `pins.TORCH_CUDA`), the rest of the
    pinned stack and this package's core dependencies, `env`, then the local source of
    `local_sources` (added at container start, not baked into a layer).
    """

    python_version: str
    apt_packages: tuple[str, ...]
    torch: str
    torch_index_url: str
    requirements: tuple[str, ...]
    env: dict[str, str]
    local_sources: tuple[str, ...] = ("noesis_trainer",)

    @property
    def pip_requirements(self) -> list[str]:
        """Every pip requirement of the image, torch first: what the platform check resolves."""
        return [self.torch, *self.requirements]


def image_recipe(settings: ModalConfig) -> ImageRecipe:
    """The recipe for `settings`: the pinned stack of `pins`, with the semantic encoder if set."""
    pins = dict(TRAIN_PINS)
    torch = f"torch=={pins.pop('torch')}"
    extra = requirement_lines(SEMANTIC_PINS) if settings.semantic_relevance else []
    return ImageRecipe(
        python_version=image_python_version(settings.python_version),
        apt_packages=APT_PACKAGES,
        torch=torch,
        torch_index_url=TORCH_INDEX_URL,
        requirements=(*requirement_lines(pins), *extra, *CORE_REQUIREMENTS),
        env={"HF_HUB_ENABLE_HF_TRANSFER": "0", "TOKENIZERS_PARALLELISM": "false"},
    )


def build_image(recipe: ImageRecipe) -> Any:
    """The `modal.Image` of `recipe` (a description: nothing is built until a function runs)."""
    import modal

    return (
        modal.Image.debian_slim(python_version=recipe.python_version)
        .apt_install(*recipe.apt_packages)
        .pip_install(recipe.torch, index_url=recipe.torch_index_url)
        .pip_install(*recipe.requirements)
        .env(dict(recipe.env))
        .add_local_python_source(*recipe.local_sources, ignore=left_out_of_image)
    )


LEFT_OUT_SUFFIXES = frozenset({".pyc", ".c", ".so", ".pyd"})
"""Files of the package that stay out of the container: bytecode, and the optional native
extensions and their C sources (compiled for this machine; their pure-Python twins run there)."""


def left_out_of_image(path: Path) -> bool:
    """Whether a file of the local package stays out of the image. Modal's default keeps only
    `.py` files, which would leave behind the package's data (the Tribunal's word vectors, the
    variation templates): a remote evaluation could not load them. Hidden files and folders
    (".DS_Store", ".ipynb_checkpoints", a build's temporary table) stay out too."""
    return (
        path.suffix in LEFT_OUT_SUFFIXES
        or "__pycache__" in path.parts
        or any(part.startswith(".") for part in path.parts if part not in (".", ".."))
    )


# -- the app ----------------------------------------------------------------------------------


@dataclass
class ModalApp:
    """The built app, its image recipe and its functions (`modal.Function` objects)."""

    app: Any
    image: Any
    recipe: ImageRecipe
    volume: Any
    secret: Any
    train: Any
    eval_loss: Any
    evaluate: Any
    merge: Any
    smoke: Any
    requirements: list[str]

    @property
    def functions(self) -> dict[str, Any]:
        """The functions that run on the volume (the smoke run needs none)."""
        return {
            "train": self.train,
            "eval_loss": self.eval_loss,
            "evaluate": self.evaluate,
            "merge": self.merge,
        }


def _commit_callback(volume_name: str) -> Callable[[], None]:
    """Inside a container: commit the volume so a checkpoint survives preemption. Locally: no-op."""
    import modal

    if modal.is_local():
        return lambda: None
    volume = modal.Volume.from_name(volume_name)
    volume.reload()
    return volume.commit  # type: ignore[no-any-return]


class ModalOnlyArgumentError(NoesisError):
    """An argument `ModalBackend` cannot send to a container (Python objects, callables)."""


class ModalBackend:
    """A `TrainingBackend` that trains, evaluates and merges in a Modal GPU container.

    Each call uploads what the run needs to the volume (unchanged files skipped), runs one
    function of the app on ``runs/<run>/`` there, and copies the results back next to the
    config's output folder. `run` names the run on the volume (default: the name of the
    config's ``checkpoint.output_dir``). With `volume_folder` (or `local_volume` in the
    settings), the functions run in this process with `.local()` on that folder standing for
    the volume: the same bodies, no Modal servers (tests and dry runs).
    """

    name = "modal"

    def __init__(
        self,
        settings: ModalConfig | None = None,
        *,
        run: str | None = None,
        volume_folder: str | os.PathLike[str] | None = None,
        **overrides: Any,
    ) -> None:
        base = settings.model_dump() if settings else {}
        self.settings = ModalConfig.model_validate({**base, **overrides})
        self.run = run
        folder = volume_folder if volume_folder is not None else self.settings.local_volume
        self.volume_folder = Path(folder) if folder is not None else None
        self._built: ModalApp | None = None

    def image_requirements(self) -> list[str]:
        """The pinned training stack of the image (and the semantic relevance encoder when
        `semantic_relevance` is set); `image_recipe` adds torch's index and the core deps."""
        extra = requirement_lines(SEMANTIC_PINS) if self.settings.semantic_relevance else []
        return requirement_lines(TRAIN_PINS) + extra

    def recipe(self) -> ImageRecipe:
        """The image recipe; raises `ModalConfigError` on a Python version the image can't run."""
        return image_recipe(self.settings)

    def build(self) -> ModalApp:
        """Create (once) the app, image, volume, secret and the functions."""
        if self._built is not None:
            return self._built
        import modal

        from noesis_trainer.pipeline import jobs

        s = self.settings
        recipe = self.recipe()
        image = build_image(recipe)
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
            return jobs.train_job(run_root, job, commit=_commit_callback(volume_name))

        def eval_loss(run_root: str, job: dict[str, Any]) -> dict[str, Any]:
            return jobs.eval_loss_job(run_root, job, commit=_commit_callback(volume_name))

        def evaluate(run_root: str, job: dict[str, Any]) -> dict[str, Any]:
            return jobs.evaluate_job(run_root, job, commit=_commit_callback(volume_name))

        def merge(run_root: str, job: dict[str, Any]) -> dict[str, Any]:
            return jobs.merge_job(run_root, job, commit=_commit_callback(volume_name))

        def smoke() -> dict[str, Any]:
            with tempfile.TemporaryDirectory() as scratch:
                return jobs.smoke_job(scratch)

        common: dict[str, Any] = {
            "image": image,
            "gpu": s.gpu,
            "volumes": {VOLUME_MOUNT: volume},
            "secrets": [secret],
            "serialized": True,
        }
        for fn, fn_name in (
            (train, "noesis_train"),
            (eval_loss, "noesis_eval_loss"),
            (evaluate, "noesis_evaluate"),
            (merge, "noesis_merge"),
            (smoke, "noesis_smoke"),
        ):
            fn.__name__ = fn.__qualname__ = fn_name

        def function(timeout: int) -> Any:
            return app.function(timeout=timeout, retries=retries(), **common)

        built = ModalApp(
            app=app,
            image=image,
            recipe=recipe,
            volume=volume,
            secret=secret,
            train=function(s.train_timeout_s)(train),
            eval_loss=function(s.evaluate_timeout_s)(eval_loss),
            evaluate=function(s.evaluate_timeout_s)(evaluate),
            merge=function(s.merge_timeout_s)(merge),
            smoke=app.function(image=image, gpu=s.gpu, timeout=SMOKE_TIMEOUT_S, serialized=True)(
                smoke
            ),
            requirements=self.image_requirements(),
        )
        self._built = built
        return built

    # -- the volume ---------------------------------------------------------------------------
    def store(self) -> VolumeStore:
        """The volume: Modal's (token needed), or `volume_folder` in `.local()` mode."""
        if self.volume_folder is not None:
            return FolderVolume(self.volume_folder)
        return ModalVolumeStore(self.build().volume)

    def upload(self, split_dir: Path, name: str) -> UploadPlan:
        return upload_dataset(split_dir, self.store(), name)

    def download(
        self, run: str, dest: Path, *, skip: Iterable[str] = ("training/checkpoint-",)
    ) -> int:
        return download_run(self.store(), run, dest, skip=skip)

    def upload_model(self, model_dir: Path, run: str) -> UploadPlan:
        return upload_model(model_dir, self.store(), run)

    # -- running one function -----------------------------------------------------------------
    def _run_root(self, run: str) -> str:
        if self.volume_folder is not None:
            return str(self.volume_folder / run_dir(run))
        return f"{VOLUME_MOUNT}/{run_dir(run)}"

    def _invoke(self, fn: Any, run: str, job: dict[str, Any]) -> dict[str, Any]:
        """`fn` on ``runs/<run>``: `.local()` on `volume_folder`, else `.remote()` in an app run."""
        built = self.build()
        if self.volume_folder is not None:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=".*locally.*", category=UserWarning)
                local: dict[str, Any] = fn.local(self._run_root(run), job)
            return local
        with built.app.run():
            result: dict[str, Any] = fn.remote(self._run_root(run), job)
        return result

    def smoke(self) -> SmokeResult:
        """Build the image and run the two-step QLoRA smoke on the configured GPU (token
        needed; with `volume_folder`, in this process)."""
        built = self.build()
        if self.volume_folder is not None:
            return SmokeResult.model_validate(built.smoke.local())
        with built.app.run():
            return SmokeResult.model_validate(built.smoke.remote())

    def judge(self, run: str, job: dict[str, Any], dest: Path) -> dict[str, Any]:
        """The Tribunal on a checkpoint of ``runs/<run>`` (`jobs.evaluate_job`); its report
        lands in ``dest/tribunal/``."""
        payload = self._invoke(self.build().evaluate, run, job)
        self.download(run, dest, skip=_NOT_RESULTS)
        return payload

    # -- TrainingBackend ----------------------------------------------------------------------
    def run_name(self, config: TrainingConfig) -> str:
        return self.run or config.checkpoint.output_dir.name

    def _job(self, config: TrainingConfig, run: str, **fields: Any) -> dict[str, Any]:
        """The config as a job, after sending its data (and a local base model) to the volume."""
        files = {"train.jsonl": config.data.train_file, "eval.jsonl": config.data.eval_file}
        present = {k: Path(v) for k, v in files.items() if v is not None}
        if "train.jsonl" not in present:
            raise ModalOnlyArgumentError(
                "ModalBackend needs data.train_file in the training config",
                "set data.train_file (and data.eval_file) to JSONL files",
            )
        store = self.store()
        upload_training_files(present, store, run)
        training = config.model_dump(mode="json")
        base = Path(config.model.base_model)
        if base.is_dir():
            upload_model(base, store, run)
            training["model"]["base_model"] = "model"
        return {"training": training, **fields}

    @staticmethod
    def _local_only(**given: Any) -> None:
        named = [k for k, v in given.items() if v]
        if named:
            raise ModalOnlyArgumentError(
                f"ModalBackend cannot send {', '.join(named)} to the container",
                "write the examples to data.train_file/eval_file; run hooks on the results",
            )

    def _fetch(self, run: str, config: TrainingConfig) -> None:
        """``runs/<run>/training`` (checkpoints stay on the volume) into the output folder."""
        out = config.checkpoint.output_dir
        store = self.store()
        prefix = f"{run_dir(run)}/training/"
        for rel in store.list_files(f"{run_dir(run)}/training"):
            inner = rel[len(prefix) :] if rel.startswith(prefix) else rel
            if not inner.startswith("checkpoint-"):
                store.get_file(rel, out / inner)

    def train(
        self,
        config: TrainingConfig,
        *,
        epoch: int | None = None,
        resume: bool = False,
        train_examples: Sequence[Example] | None = None,
        eval_examples: Sequence[Example] | None = None,
        evaluation_hook: EvaluationHook | None = None,
        callbacks: Sequence[Any] = (),
        log: Log = print,
    ) -> TrainingResult:
        from noesis_trainer.training.result import TrainingResult

        self._local_only(
            train_examples=train_examples,
            eval_examples=eval_examples,
            evaluation_hook=evaluation_hook,
            callbacks=list(callbacks),
        )
        run = self.run_name(config)
        job = self._job(config, run, epoch=epoch, resume=resume)
        log(f"[modal] train on {self.settings.gpu}: runs/{run}")
        payload = self._invoke(self.build().train, run, job)
        self._fetch(run, config)
        return TrainingResult.model_validate(payload)

    def evaluate(
        self,
        config: TrainingConfig,
        *,
        checkpoint: str | os.PathLike[str] | None = None,
        eval_examples: Sequence[Example] | None = None,
        evaluation_hook: EvaluationHook | None = None,
        log: Log = print,
    ) -> TrainingResult:
        from noesis_trainer.training.result import TrainingResult

        self._local_only(eval_examples=eval_examples, evaluation_hook=evaluation_hook)
        run = self.run_name(config)
        relative = _relative_to_training(checkpoint, config.checkpoint.output_dir)
        job = self._job(config, run, checkpoint=relative)
        log(f"[modal] eval loss on {self.settings.gpu}: runs/{run}")
        return TrainingResult.model_validate(self._invoke(self.build().eval_loss, run, job))

    def merge(
        self, config: TrainingConfig, *, adapter: Path, out_dir: Path, streaming: bool = False
    ) -> MergeResult:
        """Merge ``runs/<run>/training/adapter`` (the run's final adapter, on the volume) and
        copy ``merged/`` to `out_dir`."""
        from noesis_trainer.merging.merger import MergeResult

        run = self.run_name(config)
        own = config.checkpoint.output_dir / "adapter"
        if adapter.resolve() != own.resolve():
            raise ModalOnlyArgumentError(
                f"ModalBackend merges the run's own final adapter (runs/{run}/training/adapter "
                f"on the volume), not {adapter}",
                "merge other adapters here: Trainer(config).merge(out_dir, adapter=...)",
            )
        job = self._job(config, run, streaming_merge=streaming)
        payload = self._invoke(self.build().merge, run, job)
        store = self.store()
        prefix = f"{run_dir(run)}/merged/"
        for rel in store.list_files(f"{run_dir(run)}/merged"):
            store.get_file(rel, out_dir / rel[len(prefix) :])
        return MergeResult(
            out_dir=out_dir,
            mode=payload["mode"],
            from_4bit=bool(payload.get("from_4bit", False)),
            shards=tuple(payload["shards"]),
            merged_tensors=int(payload["merged_tensors"]),
            eos_token_ids=tuple(payload["eos_token_ids"]),
        )


SMOKE_TIMEOUT_S = 15 * 60
"""The smoke run's limit: image pull plus two steps of a 1M-parameter model take minutes."""

_NOT_RESULTS = ("training/checkpoint-", "dataset/", "model/")


def _relative_to_training(checkpoint: str | os.PathLike[str] | None, out: Path) -> str | None:
    """A local checkpoint path (under the output folder) as the run-relative path on the volume."""
    if checkpoint is None:
        return None
    path = Path(checkpoint)
    try:
        return str(Path("training") / path.relative_to(out))
    except ValueError:
        return str(Path("training") / path.name)
