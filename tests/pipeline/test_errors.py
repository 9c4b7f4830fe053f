"""Troubleshooting as errors: each raw failure of the stack becomes one line with its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from noesis_trainer.errors import (
    CorruptedCheckpointError,
    DatasetNotOnVolumeError,
    HfTokenError,
    ModalTokenMissingError,
    OutOfMemoryError,
    check_hf_token,
    classify,
    modal_token_present,
)


def test_cuda_oom_is_recognized() -> None:
    torch = pytest.importorskip("torch")
    raw = torch.OutOfMemoryError(
        "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 47.50 GiB total capacity)"
    )
    err = classify(raw)
    assert isinstance(err, OutOfMemoryError)
    assert err.line().startswith("GPU out of memory: CUDA out of memory. Tried to allocate 2.00")
    assert "per_device_train_batch_size" in err.fix


def test_truncated_safetensors_is_a_corrupted_checkpoint(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    from safetensors import safe_open
    from safetensors.torch import save_file

    ckpt = tmp_path / "checkpoint-8"
    ckpt.mkdir()
    weights = ckpt / "adapter_model.safetensors"
    save_file({"w": torch.zeros(64, 64)}, str(weights))
    weights.write_bytes(weights.read_bytes()[:20])  # a kill mid-write
    with pytest.raises(Exception) as info, safe_open(str(weights), framework="pt") as f:
        f.get_tensor("w")
    err = classify(info.value)
    assert isinstance(err, CorruptedCheckpointError), repr(info.value)
    assert "is corrupted" in err.message
    assert err.fix.startswith("rm -r ") and "noesis run CONFIG" in err.fix


def test_modal_auth_error_means_no_token() -> None:
    exception = pytest.importorskip("modal.exception")
    err = classify(exception.AuthError("Token missing. Could not authenticate client."))
    assert isinstance(err, ModalTokenMissingError)
    assert err.line() == "no Modal token on this machine (fix: modal token new)"


def test_unknown_errors_are_left_alone() -> None:
    assert classify(KeyError("x")) is None


@pytest.mark.parametrize(
    ("token", "fragment"),
    [
        (None, "no Hugging Face token"),
        ("", "no Hugging Face token"),
        ("hf_abc", "does not look like"),
        ("ghp_" + "a" * 36, "does not look like"),
    ],
)
def test_bad_hf_tokens_are_refused_with_the_secret_command(
    token: str | None, fragment: str
) -> None:
    with pytest.raises(HfTokenError) as info:
        check_hf_token(token, on_modal=True)
    assert fragment in info.value.message
    assert info.value.fix.startswith("modal secret create huggingface-token HF_TOKEN=hf_...")
    with pytest.raises(HfTokenError) as here:
        check_hf_token(token, on_modal=False)
    assert here.value.fix.startswith("hf auth login")
    assert "modal" not in here.value.fix
    assert (token or "<none>") not in info.value.line() or not token


def test_a_well_formed_token_passes_and_is_never_echoed() -> None:
    token = "hf_" + "A1b2" * 9
    assert check_hf_token(f"  {token}\n") == token


def test_dataset_not_on_volume_line() -> None:
    line = DatasetNotOnVolumeError("quickstart").line()
    assert line.startswith("dataset 'quickstart' not found on the Modal volume")
    assert "fix: noesis run CONFIG --until upload" in line


def test_modal_token_detection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MODAL_TOKEN_ID", raising=False)
    monkeypatch.delenv("MODAL_TOKEN_SECRET", raising=False)
    config = tmp_path / "modal.toml"
    monkeypatch.setenv("MODAL_CONFIG_PATH", str(config))
    assert modal_token_present() is False
    config.write_text('[default]\ntoken_id = "ak-1"\ntoken_secret = "as-2"\n')
    assert modal_token_present() is True
    config.unlink()
    monkeypatch.setenv("MODAL_TOKEN_ID", "ak-1")
    monkeypatch.setenv("MODAL_TOKEN_SECRET", "as-2")
    assert modal_token_present() is True


def test_hf_token_comes_from_huggingface_hubs_own_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    from noesis_trainer.errors import hf_token

    token = "hf_" + "b" * 34
    monkeypatch.setenv("HF_TOKEN", token)
    assert hf_token() == token
    huggingface_hub = pytest.importorskip("huggingface_hub")
    assert hf_token() == huggingface_hub.get_token()  # the same lookup `hf auth login` feeds
