"""ModalBackend without credentials: the app's real function specs, GPU/timeout validation, and
the idempotent upload decided on real folders standing for the volume."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from noesis_trainer.pins import SEMANTIC_PINS, TRAIN_PINS, requirement_lines
from noesis_trainer.training.backends.modal import (
    VOLUME_MOUNT,
    FolderVolume,
    ManifestError,
    ModalBackend,
    ModalConfigError,
    download_run,
    plan_upload,
    read_export_manifest,
    upload_dataset,
    validate_gpu,
    validate_timeout,
)

pytest.importorskip("modal")


# -- GPU names and timeouts ------------------------------------------------------------------
def test_l40_is_rejected_with_l40s_suggested() -> None:
    with pytest.raises(ModalConfigError, match=r"unknown Modal GPU 'L40'; did you mean 'L40S'\?"):
        validate_gpu("L40")


@pytest.mark.parametrize(
    ("given", "expected"),
    [("L40S", "L40S"), ("l40s", "L40S"), ("A100-80GB:2", "A100-80GB:2"), ("h100", "H100")],
)
def test_known_gpus_are_normalized(given: str, expected: str) -> None:
    assert validate_gpu(given) == expected


@pytest.mark.parametrize(
    ("given", "fragment"),
    [
        ("A10:8", "at most 4 GPUs"),
        ("L40S:0", "positive integer"),
        ("L40S:x", "positive integer"),
        ("TPUv5", "known: T4, L4"),
        ("A100-80", "did you mean 'A100-80GB'"),
    ],
)
def test_bad_gpu_specs_say_why(given: str, fragment: str) -> None:
    with pytest.raises(ModalConfigError) as info:
        validate_gpu(given)
    assert fragment in str(info.value)


def test_timeouts_outside_modal_bounds_are_refused() -> None:
    assert validate_timeout(10) == 10
    assert validate_timeout(86400) == 86400
    for bad in (0, 9, 86401):
        with pytest.raises(ModalConfigError, match="between 10 s and 86400 s"):
            validate_timeout(bad, "train_timeout_s")


def test_backend_settings_are_validated_before_any_modal_call() -> None:
    with pytest.raises(ValueError, match="did you mean 'L40S'"):
        ModalBackend(gpu="L40")
    with pytest.raises(ValueError, match="between 10 s"):
        ModalBackend(train_timeout_s=100_000)


# -- the app -----------------------------------------------------------------------------------
def _raw(obj: Any) -> Any:
    from modal._utils.async_utils import synchronizer

    return synchronizer._translate_in(obj)


def _pip_lines(image: Any) -> list[str]:
    """Every `pip install` command of an image's layers (Modal private API: a test-only probe)."""
    found: list[str] = []
    stack = [_raw(image)]
    seen: set[int] = set()
    while stack:
        img = stack.pop()
        if id(img) in seen:
            continue
        seen.add(id(img))
        load = img._load
        cells = {}
        for name, cell in zip(load.__code__.co_freevars, load.__closure__ or (), strict=False):
            try:
                cells[name] = cell.cell_contents
            except ValueError:
                continue
        dockerfile = cells.get("dockerfile_function")
        if dockerfile is not None:
            found += [c for c in dockerfile("2025.06").commands if "pip install" in c]
        for key in ("base_image",):
            if cells.get(key) is not None:
                stack.append(cells[key])
        for base in (cells.get("base_images") or {}).values():
            stack.append(base)
    return found


def test_app_functions_carry_gpu_volume_secret_timeout_retries() -> None:
    backend = ModalBackend()
    built = backend.build()
    assert backend.build() is built  # built once
    expected_timeouts = {"train": 6 * 3600, "evaluate": 3600, "merge": 3600}
    for name, fn in built.functions.items():
        spec = fn._spec_
        assert spec.gpus == "L40S"
        assert list(spec.volumes) == [VOLUME_MOUNT]
        assert _raw(spec.volumes[VOLUME_MOUNT])._name == "noesis-training-data"
        assert [_raw(s)._rep for s in spec.secrets] == [
            "modal.Secret.from_name('huggingface-token')"
        ]
        info = _raw(fn)._function_info
        assert info.timeout == expected_timeouts[name]
        assert info.max_retries == 2
        assert _pinned(spec.image) == sorted(requirement_lines(TRAIN_PINS))


def test_custom_settings_reach_the_functions() -> None:
    built = ModalBackend(gpu="h100", train_timeout_s=7200, retries=4).build()
    assert built.train._spec_.gpus == "H100"
    assert _raw(built.train)._function_info.timeout == 7200
    assert _raw(built.merge)._function_info.max_retries == 4


def test_image_installs_exactly_the_pinned_training_stack() -> None:
    backend = ModalBackend()
    built = backend.build()
    assert built.requirements == requirement_lines(TRAIN_PINS)
    assert _pinned(built.image) == sorted(requirement_lines(TRAIN_PINS))


def test_semantic_relevance_adds_its_encoder_to_the_image() -> None:
    built = ModalBackend(semantic_relevance=True).build()
    expected = requirement_lines(TRAIN_PINS) + requirement_lines(SEMANTIC_PINS)
    assert built.requirements == expected
    assert _pinned(built.image) == sorted(expected)


def _pinned(image: Any) -> list[str]:
    pip = [line for line in _pip_lines(image) if "==" in line]
    assert len(pip) == 1, pip
    return sorted(tok for tok in pip[0].split() if "==" in tok)


def test_import_builds_nothing_and_loads_no_modal() -> None:
    code = (
        "import sys, noesis_trainer, noesis_trainer.training.backends.modal as m; "
        "assert 'modal' not in sys.modules, 'modal imported'; "
        "assert 'torch' not in sys.modules, 'torch imported'; print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr


# -- upload decisions, on real folders ---------------------------------------------------------
def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _export(folder: Path, train: str, eval_: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "train.jsonl").write_text(train, encoding="utf-8")
    (folder / "eval.jsonl").write_text(eval_, encoding="utf-8")
    manifest = {
        "counts": {"train": train.count("\n"), "eval": eval_.count("\n")},
        "files": {n: {"sha256": _sha(folder / n)} for n in ("train.jsonl", "eval.jsonl")},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_plan_upload_compares_hashes() -> None:
    plan = plan_upload({"a": "1", "b": "2", "c": "3"}, {"a": "1", "b": "9"})
    assert plan.send == ["b", "c"]
    assert plan.skip == ["a"]


def test_upload_sends_only_what_changed(tmp_path: Path) -> None:
    volume = FolderVolume(tmp_path / "volume")
    split = _export(tmp_path / "split", '{"id": 1}\n{"id": 2}\n', '{"id": 3}\n')

    first = upload_dataset(split, volume, "demo")
    assert first.send == ["eval.jsonl", "train.jsonl"] and first.skip == []
    stored = tmp_path / "volume" / "runs" / "demo" / "dataset"
    assert (stored / "train.jsonl").read_text() == '{"id": 1}\n{"id": 2}\n'
    train_mtime = (stored / "train.jsonl").stat().st_mtime_ns

    again = upload_dataset(split, volume, "demo")
    assert again.send == [] and again.skip == ["eval.jsonl", "train.jsonl"]

    _export(split, '{"id": 1}\n{"id": 2}\n', '{"id": 3}\n{"id": 4}\n')
    changed = upload_dataset(split, volume, "demo")
    assert changed.send == ["eval.jsonl"] and changed.skip == ["train.jsonl"]
    assert (stored / "eval.jsonl").read_text().count("\n") == 2
    assert (stored / "train.jsonl").stat().st_mtime_ns == train_mtime  # never rewritten
    assert json.loads((stored / "manifest.json").read_text())["counts"]["eval"] == 2


def test_a_file_edited_after_the_manifest_is_refused(tmp_path: Path) -> None:
    split = _export(tmp_path / "split", '{"id": 1}\n', '{"id": 2}\n')
    (split / "train.jsonl").write_text('{"id": 99}\n', encoding="utf-8")
    with pytest.raises(ManifestError, match=r"train.jsonl: changed since the manifest"):
        read_export_manifest(split)


def test_missing_manifest_names_the_fix(tmp_path: Path) -> None:
    (tmp_path / "train.jsonl").write_text("{}\n")
    with pytest.raises(ManifestError, match="run `noesis split` first"):
        read_export_manifest(tmp_path)


def test_download_copies_the_run_and_skips_checkpoints(tmp_path: Path) -> None:
    root = tmp_path / "volume"
    for rel, text in {
        "runs/r1/merged/config.json": "{}",
        "runs/r1/tribunal/epoch-0.json": '{"avg": 0.5}',
        "runs/r1/training/checkpoint-5/adapter.safetensors": "x",
        "runs/r2/merged/config.json": "other run",
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    dest = tmp_path / "local"
    n = download_run(FolderVolume(root), "r1", dest, skip=("training/checkpoint-",))
    assert n == 2
    assert (dest / "merged" / "config.json").read_text() == "{}"
    assert (dest / "tribunal" / "epoch-0.json").read_text() == '{"avg": 0.5}'
    assert not (dest / "training").exists()
