"""Stage 8 helpers: the local chat generation check, and a Hub push that never leaks its token."""

from __future__ import annotations

import logging
import os
import secrets
import socket
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

from noesis_trainer.deploy.hub import HubPushError, push_to_hub, upload_list


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _model_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "merged"
    folder.mkdir()
    (folder / "config.json").write_text('{"architectures": ["LlamaForCausalLM"]}\n')
    (folder / "model-00001-of-00001.safetensors").write_bytes(b"\0" * 128)
    (folder / ".model.tmp-1234").write_bytes(b"half written")
    return folder


def _files_contain(folder: Path, needle: str) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and needle.encode() in p.read_bytes()]


def test_dry_run_lists_files_and_sends_nothing(tmp_path: Path) -> None:
    folder = _model_folder(tmp_path)
    plan = push_to_hub(folder, "noesis/philosopher-v1", dry_run=True, token="hf_unused")
    assert plan.dry_run and plan.url is None
    assert plan.files == (("config.json", 40), ("model-00001-of-00001.safetensors", 128))
    assert plan.total_bytes == 168
    text = plan.describe()
    assert text.startswith("would upload 2 files (168 bytes) to noesis/philosopher-v1")
    assert ".model.tmp" not in text
    assert upload_list(folder) == plan.files


@pytest.mark.parametrize("repo", ["no-slash", "a/b/c", "/name", "user/"])
def test_bad_repo_id_is_refused(tmp_path: Path, repo: str) -> None:
    with pytest.raises(HubPushError, match="must look like"):
        push_to_hub(_model_folder(tmp_path), repo, dry_run=True)


def test_missing_token_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_TOKEN", raising=False)
    with pytest.raises(HubPushError, match="no Hub token: set HF_TOKEN or run `hf auth login`"):
        push_to_hub(_model_folder(tmp_path), "noesis/x")


def test_canary_token_never_leaks_in_process(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """Dry run, then a real upload to a closed loopback port, with every log at DEBUG and the
    Hub client's own request debugging on: the canary must be in no log, output, exception
    (message, repr, formatted traceback with its chain) or file."""
    from huggingface_hub import constants

    canary = "hf_CANARY" + secrets.token_hex(12)
    folder = _model_folder(tmp_path)
    monkeypatch.setenv("HF_TOKEN", canary)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)  # really try the network
    monkeypatch.setattr(constants, "HF_DEBUG", True)  # the client logs each request
    caplog.set_level(logging.DEBUG)

    plan = push_to_hub(folder, "noesis/canary", dry_run=True)
    endpoint = f"http://127.0.0.1:{_closed_port()}"
    with pytest.raises(HubPushError) as err:
        push_to_hub(folder, "noesis/canary", endpoint=endpoint)
    message = str(err.value)
    assert message.startswith("upload to noesis/canary failed: ")
    assert "127.0.0.1" in message or "connect" in message.lower()  # it really tried
    formatted = "".join(traceback.format_exception(err.value))
    out, errout = capfd.readouterr()
    for where, text in {
        "exception": message,
        "repr": repr(err.value),
        "traceback": formatted,
        "log": caplog.text,
        "stdout": out,
        "stderr": errout,
        "plan": plan.describe(),
    }.items():
        assert canary not in text, where
    assert err.value.__cause__ is None and err.value.__suppress_context__
    assert _files_contain(tmp_path, canary) == []


def test_canary_token_never_leaks_from_the_cli(tmp_path: Path) -> None:
    canary = "hf_CANARY" + secrets.token_hex(12)
    folder = _model_folder(tmp_path)
    env = dict(os.environ)
    env.update(
        HF_TOKEN=canary,
        HF_HOME=str(tmp_path / "hf-home"),
        HF_HUB_OFFLINE="0",
        HF_ENDPOINT=f"http://127.0.0.1:{_closed_port()}",
    )
    code = "from noesis_trainer.cli import main; main()"

    def cli(*flags: str, debug: bool) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code, "push-to-hub", str(folder), "--repo", "noesis/c", *flags],
            capture_output=True,
            text=True,
            env={**env, "HF_DEBUG": "1" if debug else "0"},
            timeout=120,
            check=False,
        )

    dry, real, quiet = cli("--dry-run", debug=True), cli(debug=True), cli(debug=False)
    assert dry.returncode == 0, dry.stderr
    assert "would upload 2 files" in dry.stdout
    assert real.returncode == quiet.returncode == 2
    assert "/api/repos/create" in real.stderr  # HF_DEBUG shows the request really went out
    # Without debugging the user sees one clear line, no traceback.
    assert quiet.stderr.startswith("error: upload to noesis/c failed: ConnectError"), quiet.stderr
    assert "Traceback" not in quiet.stderr
    for run in (dry, real, quiet):
        assert canary not in run.stdout + run.stderr
    assert _files_contain(tmp_path, canary) == []


@pytest.mark.integration
def test_check_generation_uses_the_chat_template(merged_streaming: Path) -> None:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from noesis_trainer.deploy.checks import check_generation

    [result] = check_generation(merged_streaming, ["O que é justiça?"], max_new_tokens=8)
    assert 0 < result.new_tokens <= 8
    assert result.stopped == (result.stop_token is not None)
    tok = AutoTokenizer.from_pretrained(merged_streaming)
    model = AutoModelForCausalLM.from_pretrained(merged_streaming)
    ids = tok.apply_chat_template(
        [{"role": "user", "content": "O que é justiça?"}],
        add_generation_prompt=True,
        return_tensors="pt",
        return_dict=True,
    )["input_ids"]
    assert ids[0, 0].item() == tok.convert_tokens_to_ids("<|begin_of_text|>")
    with torch.no_grad():
        out = model.generate(input_ids=ids, max_new_tokens=8, do_sample=False)
    expected = tok.decode(out[0, ids.shape[1] :], skip_special_tokens=True)
    assert result.completion == expected
