"""Checkpoint integrity: a manifest with every file's size and sha256, written last and atomically.

The trainer writes ``checkpoint-<step>/`` file by file; a kill or a full disk in the middle leaves
a folder that *looks* like a checkpoint. Only a folder whose manifest exists and matches its files
(sizes, hashes, readable safetensors headers) counts; resume takes the newest such folder and
reports every newer one it skipped and why. Torch-free, so the CLI can list checkpoints cheaply.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from noesis_trainer.io.atomic import write_json_atomic
from noesis_trainer.io.digest import sha256_file

MANIFEST_NAME = "noesis_manifest.json"
MANIFEST_VERSION = 1
CHECKPOINT_RE = re.compile(r"^checkpoint-(\d+)$")


class CheckpointInfo(BaseModel):
    """A checkpoint folder and what its manifest says (or why it cannot be used)."""

    path: Path
    global_step: int
    epoch: float | None = None
    epoch_end: int | None = Field(default=None, description="0-based epoch this save closes.")
    problems: list[str] = Field(default_factory=list)
    manifest: dict[str, Any] = Field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.problems


def _payload_files(ckpt: Path) -> list[Path]:
    return sorted(
        p
        for p in ckpt.rglob("*")
        if p.is_file() and p.name != MANIFEST_NAME and not p.name.endswith(".tmp")
    )


def write_manifest(ckpt: Path, info: dict[str, Any]) -> dict[str, Any]:
    """Hash every file of `ckpt` and write the manifest atomically; returns what was written."""
    files = {
        p.relative_to(ckpt).as_posix(): {"size": p.stat().st_size, "sha256": sha256_file(p)}
        for p in _payload_files(ckpt)
    }
    manifest = {"version": MANIFEST_VERSION, **info, "files": files}
    write_json_atomic(ckpt / MANIFEST_NAME, manifest)
    return manifest


def update_manifest(ckpt: Path, **fields: Any) -> None:
    """Add fields (e.g. the Tribunal's verdict) without re-hashing; atomic like the first write."""
    manifest = json.loads((ckpt / MANIFEST_NAME).read_text(encoding="utf-8"))
    manifest.update(fields)
    write_json_atomic(ckpt / MANIFEST_NAME, manifest)


def safetensors_problem(path: Path) -> str | None:
    """Why `path` is not a complete safetensors file, or None when its header and size agree."""
    size = path.stat().st_size
    if size < 8:
        return f"{path.name}: {size} bytes, shorter than a safetensors header"
    with path.open("rb") as fh:
        (header_len,) = struct.unpack("<Q", fh.read(8))
        if header_len > size - 8:
            return f"{path.name}: header length {header_len} exceeds file size {size}"
        try:
            header = json.loads(fh.read(header_len))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return f"{path.name}: header is not valid JSON"
    if not isinstance(header, dict):
        return f"{path.name}: header is not a JSON object"
    end = 0
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        offsets = meta.get("data_offsets") if isinstance(meta, dict) else None
        if not (isinstance(offsets, list) and len(offsets) == 2):
            return f"{path.name}: tensor {name!r} has no data_offsets"
        end = max(end, int(offsets[1]))
    expected = 8 + header_len + end
    if size != expected:
        return f"{path.name}: {size} bytes, header describes {expected} (truncated or padded)"
    return None


PICKLED_SUFFIXES = (".pt", ".pth", ".bin")


def pickled_problem(path: Path) -> str | None:
    """Why `path` (optimizer.pt, rng_state.pth...) is not a `torch.save` archive, or None.

    torch.save writes a zip holding ``<name>/data.pkl``; a bare pickle (or anything else) with
    valid hashes is refused here as one clear line, torch-free, instead of an UnpicklingError
    from deep inside the trainer when it resumes.
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return f"{path.name}: not a torch.save archive (a bare pickle or another format)"
    if not any(name.endswith("data.pkl") for name in names):
        return f"{path.name}: a zip without data.pkl, not a torch.save archive"
    return None


def verify_checkpoint(ckpt: Path, *, hashes: bool = True) -> list[str]:
    """Every reason `ckpt` cannot be resumed from; empty when it is complete and intact."""
    manifest_path = ckpt / MANIFEST_NAME
    if not manifest_path.is_file():
        return [f"no {MANIFEST_NAME} (the save never finished)"]
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files: dict[str, dict[str, Any]] = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return [f"{MANIFEST_NAME} is unreadable"]
    problems: list[str] = []
    for rel, meta in files.items():
        path = ckpt / rel
        if not path.is_file():
            problems.append(f"{rel}: missing")
            continue
        size = path.stat().st_size
        if size != meta.get("size"):
            problems.append(f"{rel}: {size} bytes, manifest says {meta.get('size')}")
            continue
        if rel.endswith(".safetensors"):
            problem = safetensors_problem(path)
            if problem:
                problems.append(problem)
                continue
        if rel.endswith(PICKLED_SUFFIXES):
            problem = pickled_problem(path)
            if problem:
                problems.append(problem)
                continue
        if hashes and sha256_file(path) != meta.get("sha256"):
            problems.append(f"{rel}: sha256 differs from the manifest")
    return problems


def read_checkpoint(ckpt: Path, *, hashes: bool = True) -> CheckpointInfo:
    match = CHECKPOINT_RE.match(ckpt.name)
    step = int(match.group(1)) if match else -1
    problems = verify_checkpoint(ckpt, hashes=hashes)
    manifest: dict[str, Any] = {}
    if (ckpt / MANIFEST_NAME).is_file():
        try:
            manifest = json.loads((ckpt / MANIFEST_NAME).read_text(encoding="utf-8"))
        except ValueError:
            manifest = {}
    return CheckpointInfo(
        path=ckpt,
        global_step=step,
        epoch=manifest.get("epoch"),
        epoch_end=manifest.get("epoch_end"),
        problems=problems,
        manifest=manifest,
    )


def list_checkpoints(output_dir: Path) -> list[Path]:
    """``checkpoint-<step>`` folders of `output_dir`, newest (highest step) first."""
    if not output_dir.is_dir():
        return []
    found = [
        (int(m.group(1)), p)
        for p in output_dir.iterdir()
        if p.is_dir() and (m := CHECKPOINT_RE.match(p.name))
    ]
    return [p for _, p in sorted(found, reverse=True)]


def find_resumable(
    output_dir: Path,
    *,
    accept: Callable[[CheckpointInfo], bool] | None = None,
    hashes: bool = True,
) -> tuple[CheckpointInfo | None, list[CheckpointInfo]]:
    """The newest valid checkpoint that `accept` takes, and the invalid ones newer than it."""
    skipped: list[CheckpointInfo] = []
    for path in list_checkpoints(output_dir):
        info = read_checkpoint(path, hashes=hashes)
        if not info.valid:
            skipped.append(info)
            continue
        if accept is None or accept(info):
            return info, skipped
    return None, skipped


def torn_weights(folder: Path) -> str | None:
    """The first ``*.safetensors`` file of `folder` (top level) that is not whole, as one line
    naming it and why; None when all are. Cheap: headers and sizes only."""
    for path in sorted(folder.glob("*.safetensors")):
        try:
            problem = safetensors_problem(path)
        except (OSError, ValueError, OverflowError) as err:
            problem = f"{path.name}: unreadable ({err})"
        if problem:
            return f"{folder}/{problem}; not a whole safetensors file (re-save or re-copy it)"
    return None
