"""ModalBackend without credentials: the app's real function specs, GPU/timeout validation, and
the idempotent upload decided on real folders standing for the volume."""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from noesis_trainer.pins import (
    CORE_REQUIREMENTS,
    SEMANTIC_PINS,
    TORCH_CUDA,
    TORCH_INDEX_URL,
    TRAIN_PINS,
    requirement_lines,
)
from noesis_trainer.training.backends.modal import (
    APT_PACKAGES,
    SMOKE_TIMEOUT_S,
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

REPO = Path(__file__).resolve().parents[2]


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


def _layers(image: Any) -> list[list[str]]:
    """The Dockerfile commands of each layer of an image, base first (Modal private API: a
    test-only probe), rendered for the newest image builder."""
    from modal._image import LATEST_IMAGE_BUILDER_VERSION

    layers: list[list[str]] = []
    stack = [_raw(image)]
    while stack:
        img = stack.pop()
        load = img._load
        cells = {}
        for name, cell in zip(load.__code__.co_freevars, load.__closure__ or (), strict=False):
            try:
                cells[name] = cell.cell_contents
            except ValueError:
                continue
        dockerfile = cells.get("dockerfile_function")
        if dockerfile is not None:
            layers.append(list(dockerfile(LATEST_IMAGE_BUILDER_VERSION).commands))
        if cells.get("base_image") is not None:
            stack.append(cells["base_image"])
        stack.extend((cells.get("base_images") or {}).values())
    return layers[::-1]


def _pip_installs(image: Any) -> list[list[str]]:
    """The arguments of each `pip install` layer, in build order."""
    found = []
    for layer in _layers(image):
        for command in layer:
            if "pip install" in command and "--upgrade" not in command:
                args = shlex.split(command.split("pip install", 1)[1])
                found.append(args)
    return found


def _pinned(image: Any) -> list[str]:
    return sorted(a for args in _pip_installs(image) for a in args if "==" in a)


def test_app_functions_carry_gpu_volume_secret_timeout_retries() -> None:
    backend = ModalBackend()
    built = backend.build()
    assert backend.build() is built  # built once
    expected_timeouts = {"train": 6 * 3600, "eval_loss": 3600, "evaluate": 3600, "merge": 3600}
    assert set(built.functions) == set(expected_timeouts)
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
        assert _pip_installs(spec.image) == _pip_installs(built.image)
    smoke = built.smoke._spec_
    assert smoke.gpus == "L40S" and not smoke.volumes and not smoke.secrets  # no setup needed
    assert _raw(built.smoke)._function_info.timeout == SMOKE_TIMEOUT_S


def test_custom_settings_reach_the_functions() -> None:
    built = ModalBackend(gpu="h100", train_timeout_s=7200, retries=4).build()
    assert built.train._spec_.gpus == "H100"
    assert built.smoke._spec_.gpus == "H100"
    assert _raw(built.train)._function_info.timeout == 7200
    assert _raw(built.merge)._function_info.max_retries == 4


# -- the image recipe ----------------------------------------------------------------------------
def test_image_has_a_c_compiler_and_git_in_its_own_apt_layer() -> None:
    layers = _layers(ModalBackend().build().image)
    apt = [c for layer in layers[1:] for c in layer if c.startswith("RUN apt-get install")]
    assert apt == ["RUN apt-get install -y build-essential git"]  # ours, not only Modal's base
    assert APT_PACKAGES == ("build-essential", "git")


def test_image_python_is_the_clients() -> None:
    client = f"{sys.version_info.major}.{sys.version_info.minor}"
    backend = ModalBackend()
    assert backend.recipe().python_version == client
    first = _layers(backend.build().image)[0][0]
    assert re.match(rf"FROM python:{re.escape(client)}[.-]", first), first


def test_a_python_version_other_than_the_clients_is_refused_at_build() -> None:
    other = "3.12" if sys.version_info[:2] != (3, 12) else "3.13"
    backend = ModalBackend(python_version=other)  # accepted as a setting...
    with pytest.raises(ModalConfigError) as info:
        backend.build()  # ...refused when the image would be made
    line = str(info.value)
    assert f"modal.python_version is '{other}'" in line
    assert "serialized" in line and "remove modal.python_version" in line
    client = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert ModalBackend(python_version=client).recipe().python_version == client


def test_torch_is_its_own_layer_from_pypi_with_the_pinned_cuda_build() -> None:
    installs = _pip_installs(ModalBackend().build().image)
    assert installs[0] == ["torch==" + TRAIN_PINS["torch"], "--index-url", TORCH_INDEX_URL]
    assert TORCH_CUDA == "13.0"
    assert all("torch==" not in a for args in installs[1:] for a in args)


def test_image_installs_exactly_the_pinned_stack_and_the_core_dependencies() -> None:
    backend = ModalBackend()
    built = backend.build()
    assert built.requirements == requirement_lines(TRAIN_PINS)
    assert _pinned(built.image) == sorted(requirement_lines(TRAIN_PINS))
    rest = _pip_installs(built.image)[1]
    without_torch = {k: v for k, v in TRAIN_PINS.items() if k != "torch"}
    assert sorted(rest) == sorted([*requirement_lines(without_torch), *CORE_REQUIREMENTS])
    assert built.recipe.pip_requirements[0] == "torch==" + TRAIN_PINS["torch"]
    assert sorted(built.recipe.pip_requirements[1:]) == sorted(rest)


def test_core_requirements_are_pyprojects() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert sorted(project["dependencies"]) == sorted(CORE_REQUIREMENTS)


def test_image_adds_the_local_source_of_the_package() -> None:
    built = ModalBackend().build()
    assert _raw(built.image)._added_python_source_set == frozenset({"noesis_trainer"})
    assert built.recipe.local_sources == ("noesis_trainer",)


def test_the_image_carries_the_package_data_not_its_native_builds() -> None:
    """Modal keeps only `.py` files by default: the Tribunal's word vectors (which every remote
    evaluation loads) and the variation templates must travel too; bytecode and the extensions
    built for this machine stay here (Modal private API: the mount the image adds, listed)."""
    from modal.mount import _Mount

    from noesis_trainer.training.backends.modal import left_out_of_image

    built = ModalBackend().build()
    mount = _Mount._from_local_python_packages(
        *built.recipe.local_sources, ignore=left_out_of_image
    )
    files = {str(remote) for entry in mount.entries for _, remote in entry.get_files_to_upload()}
    package = "/root/noesis_trainer/"
    assert package + "tribunal/data/word_vectors.npz" in files
    assert package + "tribunal/data/prompt_map.npz" in files
    assert package + "variations/data/question_templates.json" in files
    assert package + "tribunal/judges/word_vectors.py" in files
    assert not [f for f in files if f.endswith((".so", ".c", ".pyc")) or "__pycache__" in f]
    assert not [f for f in files if "/." in f]  # hidden files stay out


def test_hidden_and_built_files_stay_out_of_the_image() -> None:
    from noesis_trainer.training.backends.modal import left_out_of_image

    kept = ["tribunal/data/word_vectors.npz", "py.typed", "tribunal/_words.pyi", "cli/app.py"]
    out = ["tribunal/_words.cpython-311-x86_64-linux-gnu.so", "tribunal/_words.c",
           "cli/__pycache__/app.cpython-311.pyc", "tribunal/data/.building-word_vectors.npz",
           ".ipynb_checkpoints/x.py", "tribunal/.DS_Store"]  # fmt: skip
    assert not [p for p in kept if left_out_of_image(Path(p))]
    assert all(left_out_of_image(Path(p)) for p in out)


def test_semantic_relevance_adds_its_encoder_to_the_image() -> None:
    built = ModalBackend(semantic_relevance=True).build()
    expected = requirement_lines(TRAIN_PINS) + requirement_lines(SEMANTIC_PINS)
    assert built.requirements == expected
    assert _pinned(built.image) == sorted(expected)


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
