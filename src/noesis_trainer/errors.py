"""The seed's troubleshooting section as exceptions: each says what went wrong and what fixes it.

The CLI prints `NoesisError.line()`: one line, the message and the command to run. `classify`
turns the raw exceptions of the training stack (CUDA OOM, a truncated safetensors file, Modal's
missing volume entry) into these.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path


class NoesisError(Exception):
    """An error a person can act on: `message` plus the `fix` command (may be empty)."""

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def line(self) -> str:
        return f"{self.message} (fix: {self.fix})" if self.fix else self.message


class ComponentMissingError(NoesisError):
    """A stage needs a part of the library that is not installed or not written yet."""

    def __init__(self, stage: str, what: str, fix: str = "pip install 'noesis-trainer[train]'"):
        super().__init__(f"stage {stage!r} cannot run: {what} is not available", fix)


@contextlib.contextmanager
def component(stage: str) -> Iterator[None]:
    """Wrap a stage's own (function-local, so the import stays light) import of its component:
    an extra that is not installed becomes `ComponentMissingError` naming the stage and the
    missing module, never a traceback. Only the import belongs inside; calls stay outside."""
    try:
        yield
    except ImportError as err:
        raise ComponentMissingError(stage, f"{err.name or 'a module'} ({err})") from None


class DatasetNotOnVolumeError(NoesisError):
    def __init__(self, name: str, volume: str = "noesis-training-data") -> None:
        super().__init__(
            f"dataset {name!r} not found on the Modal volume {volume!r}",
            f"noesis run CONFIG --until upload  (check: modal volume ls {volume} runs/{name})",
        )


class HfTokenError(NoesisError):
    """Missing or malformed Hugging Face token, found before a long job starts."""


class ModalTokenMissingError(NoesisError):
    def __init__(self) -> None:
        super().__init__("no Modal token on this machine", "modal token new")


class OutOfMemoryError(NoesisError):
    def __init__(self, detail: str = "") -> None:
        extra = f": {detail}" if detail else ""
        super().__init__(
            f"GPU out of memory{extra}",
            "lower per_device_train_batch_size (accumulation keeps the effective batch) or "
            "max_seq_length in the config, then `noesis run CONFIG` to resume",
        )


class CorruptedCheckpointError(NoesisError):
    def __init__(self, path: str | os.PathLike[str], detail: str = "") -> None:
        extra = f" ({detail})" if detail else ""
        super().__init__(
            f"checkpoint {path} is corrupted{extra}",
            f"rm -r {path} && noesis run CONFIG  (resumes from the previous checkpoint)",
        )


class BudgetExceededError(NoesisError):
    def __init__(self, estimate: float, budget: float) -> None:
        super().__init__(
            f"estimated cost ${estimate:.2f} exceeds max_cost ${budget:.2f}",
            "raise max_cost, lower epochs, or pick a cheaper gpu; see `noesis plan CONFIG`",
        )


HF_TOKEN_RE = re.compile(r"^hf_[A-Za-z0-9]{30,}$")


def hf_token() -> str | None:
    """The Hugging Face token as huggingface_hub finds it (HF_TOKEN, then the file that
    `hf auth login` writes); HF_TOKEN alone where huggingface_hub is not installed."""
    try:
        from huggingface_hub import get_token
    except ImportError:
        return os.environ.get("HF_TOKEN") or None
    token = get_token()
    return str(token) if token else None


def running_on_modal() -> bool:
    """Whether this process is a Modal container (Modal sets MODAL_TASK_ID there)."""
    return bool(os.environ.get("MODAL_TASK_ID"))


def check_hf_token(
    token: str | None, *, needed_for: str = "the base model download", on_modal: bool | None = None
) -> str:
    """Refuse a missing or malformed token now rather than after the image build and queue.

    The fix names what works where the check runs: `hf auth login` on this machine, the Modal
    secret inside a Modal container (`on_modal`; detected when None)."""
    remote = running_on_modal() if on_modal is None else on_modal
    where = "https://huggingface.co/settings/tokens, with access to the base model"
    fix = (
        f"modal secret create huggingface-token HF_TOKEN=hf_...  (token from {where})"
        if remote
        else f"hf auth login  (or set HF_TOKEN=hf_...; token from {where})"
    )
    if not token:
        raise HfTokenError(f"no Hugging Face token for {needed_for}", fix)
    if not HF_TOKEN_RE.match(token.strip()):
        raise HfTokenError(
            "the Hugging Face token does not look like one "
            "(expected 'hf_' + 30 or more letters/digits)",
            fix,
        )
    return token.strip()


def modal_token_present() -> bool:
    """Whether the Modal client would find credentials (env vars or its config file)."""
    if os.environ.get("MODAL_TOKEN_ID") and os.environ.get("MODAL_TOKEN_SECRET"):
        return True
    config = Path(os.environ.get("MODAL_CONFIG_PATH", Path.home() / ".modal.toml"))
    try:
        text = config.read_text(encoding="utf-8")
    except OSError:
        return False
    return "token_id" in text and "token_secret" in text


def classify(exc: BaseException) -> NoesisError | None:
    """Map a raw exception of the stack to one of ours, or None when it is none we know."""
    if isinstance(exc, NoesisError):
        return exc
    name = type(exc).__name__
    text = str(exc)
    if name == "OutOfMemoryError" or "CUDA out of memory" in text:
        first = text.splitlines()[0][:160] if text else ""
        return OutOfMemoryError(first)
    if name == "SafetensorError" or "Error while deserializing header" in text:
        match = re.search(r"(/\S+)", text)
        return CorruptedCheckpointError(match.group(1) if match else "(unknown)", text[:120])
    if name == "UnpicklingError" or "Weights only load failed" in text:
        match = re.search(r"(/\S+\.(?:pt|pth|bin))", text)
        first = " ".join(text.split())[:120]
        return CorruptedCheckpointError(
            match.group(1) if match else "(a pickled file: optimizer.pt, rng_state.pth...)",
            f"not plain tensors: {first}",
        )
    if name == "AuthError" and "token" in text.lower():
        return ModalTokenMissingError()
    return None
