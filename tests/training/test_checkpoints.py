"""Checkpoint integrity without torch: manifests, truncated safetensors, newest valid wins."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from noesis_trainer.training.checkpoints import (
    MANIFEST_NAME,
    find_resumable,
    read_checkpoint,
    safetensors_problem,
    verify_checkpoint,
    write_manifest,
)

safetensors_numpy = pytest.importorskip("safetensors.numpy")


def _torch_save_like(path: Path, payload: bytes) -> None:
    """The layout torch.save writes (a zip holding <name>/data.pkl), torch-free."""
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("optimizer/data.pkl", payload)


def make_checkpoint(root: Path, step: int, *, manifest: bool = True) -> Path:
    ckpt = root / f"checkpoint-{step}"
    ckpt.mkdir(parents=True)
    tensors = {"lora_A": np.full((16, 64), step, dtype=np.float32)}
    safetensors_numpy.save_file(tensors, str(ckpt / "adapter_model.safetensors"))
    _torch_save_like(ckpt / "optimizer.pt", bytes(range(256)) * 4)
    (ckpt / "trainer_state.json").write_text(f'{{"global_step": {step}}}', encoding="utf-8")
    if manifest:
        write_manifest(ckpt, {"global_step": step, "epoch": step / 4, "epoch_end": None})
    return ckpt


def test_complete_checkpoint_is_valid(tmp_path: Path) -> None:
    ckpt = make_checkpoint(tmp_path, 4)
    assert verify_checkpoint(ckpt) == []
    info = read_checkpoint(ckpt)
    assert info.valid and info.global_step == 4 and info.epoch == 1.0


def test_truncated_safetensors_is_named(tmp_path: Path) -> None:
    ckpt = make_checkpoint(tmp_path, 4)
    st = ckpt / "adapter_model.safetensors"
    size = st.stat().st_size
    with st.open("r+b") as fh:
        fh.truncate(size - 100)
    problems = verify_checkpoint(ckpt)
    assert problems == [f"adapter_model.safetensors: {size - 100} bytes, manifest says {size}"]
    # Without the manifest's size, the header alone catches it too.
    assert safetensors_problem(st) == (
        f"adapter_model.safetensors: {size - 100} bytes, header describes {size} "
        "(truncated or padded)"
    )


def test_flipped_byte_fails_the_hash(tmp_path: Path) -> None:
    ckpt = make_checkpoint(tmp_path, 4)
    data = bytearray((ckpt / "optimizer.pt").read_bytes())
    data[10] ^= 0xFF
    (ckpt / "optimizer.pt").write_bytes(bytes(data))
    assert verify_checkpoint(ckpt) == ["optimizer.pt: sha256 differs from the manifest"]
    assert verify_checkpoint(ckpt, hashes=False) == []


def test_unfinished_save_has_no_manifest(tmp_path: Path) -> None:
    ckpt = make_checkpoint(tmp_path, 4, manifest=False)
    assert verify_checkpoint(ckpt) == [f"no {MANIFEST_NAME} (the save never finished)"]


def test_resume_picks_newest_valid_and_reports_the_rest(tmp_path: Path) -> None:
    make_checkpoint(tmp_path, 2)
    make_checkpoint(tmp_path, 10)
    make_checkpoint(tmp_path, 6, manifest=False)
    bad = make_checkpoint(tmp_path, 12)
    (bad / "adapter_model.safetensors").write_bytes(b"\x00" * 4)
    info, skipped = find_resumable(tmp_path)
    assert info is not None and info.path.name == "checkpoint-10"
    assert [s.path.name for s in skipped] == ["checkpoint-12"]
    assert skipped[0].problems[0].startswith("adapter_model.safetensors: 4 bytes, manifest says")
    info, skipped = find_resumable(tmp_path, accept=lambda i: (i.epoch or 0) < 2)
    assert info is not None and info.path.name == "checkpoint-2"
    assert [s.path.name for s in skipped] == ["checkpoint-12", "checkpoint-6"]


def test_a_bare_pickle_with_valid_hashes_is_refused(tmp_path: Path) -> None:
    """Issue 14: a non-weights pickle whose manifest was rewritten to match is one clear
    problem, found before the trainer's torch.load raises UnpicklingError."""
    import pickle

    ckpt = make_checkpoint(tmp_path, 4)
    (ckpt / "optimizer.pt").write_bytes(pickle.dumps({"not": "tensors"}))
    write_manifest(ckpt, {"global_step": 4, "epoch": 1.0, "epoch_end": None})  # hashes match
    assert verify_checkpoint(ckpt) == [
        "optimizer.pt: not a torch.save archive (a bare pickle or another format)"
    ]
    best, skipped = find_resumable(tmp_path)
    assert best is None and [s.path for s in skipped] == [ckpt]


def test_unpickling_error_is_classified_as_a_corrupted_checkpoint() -> None:
    import pickle

    from noesis_trainer.errors import CorruptedCheckpointError, classify

    err = pickle.UnpicklingError(
        "Weights only load failed for /run/training/checkpoint-4/rng_state.pth: GLOBAL os.system"
    )
    known = classify(err)
    assert isinstance(known, CorruptedCheckpointError)
    assert "/run/training/checkpoint-4/rng_state.pth" in known.line()
