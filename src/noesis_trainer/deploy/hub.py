"""Stage 8: publish a merged model to the Hugging Face Hub.

The Hub token is a secret: it is taken from the caller or ``HF_TOKEN``, handed to huggingface_hub
and nowhere else. It is never printed, logged, written to a file, or carried by an exception we
raise (errors from the Hub client are re-raised as `HubPushError` with the token masked and the
original exception not chained, since its arguments may hold request details).
"""

from __future__ import annotations

import glob
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from noesis_trainer.errors import NoesisError

logger = logging.getLogger(__name__)

TOKEN_ENV = "HF_TOKEN"
ENDPOINT_ENV = "HF_ENDPOINT"


class HubPushError(NoesisError, RuntimeError):
    """Publishing failed; the message never contains the token."""


@dataclass(frozen=True)
class PushPlan:
    """What `push_to_hub` uploads (or, in dry-run, would upload)."""

    repo_id: str
    files: tuple[tuple[str, int], ...]
    private: bool
    dry_run: bool
    url: str | None = None

    @property
    def total_bytes(self) -> int:
        return sum(size for _, size in self.files)

    def describe(self) -> str:
        head = "would upload" if self.dry_run else "uploaded"
        lines = [f"{head} {len(self.files)} files ({self.total_bytes:,} bytes) to {self.repo_id}"]
        lines += [f"  {name}  {size:,} B" for name, size in self.files]
        return "\n".join(lines)


def upload_list(folder: Path) -> tuple[tuple[str, int], ...]:
    """Files of `folder` to publish: everything but hidden files (temporary or private) and
    symlinks that lead outside the folder (a link to /etc/shadow or ~/.ssh is never sent)."""
    root = folder.resolve()
    files = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if not path.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_symlink() or any(p.is_symlink() for p in path.parents if folder in p.parents):
            real = path.resolve()
            if real != root and root not in real.parents:
                logger.warning("not uploading %s: a link to %s, outside %s", rel, real, folder)
                continue
        files.append((rel.as_posix(), path.stat().st_size))
    return tuple(files)


def _mask(text: str, secret: str | None) -> str:
    """`text` with the token hidden in every form a server may echo (plain, URL, base64)."""
    from noesis_trainer.untrusted import mask, strip_terminal_controls

    return strip_terminal_controls(mask(text, [secret]))


def push_to_hub(
    folder: str | Path,
    repo_id: str,
    *,
    token: str | None = None,
    private: bool = True,
    dry_run: bool = False,
    commit_message: str = "Upload merged model (noesis-trainer)",
    endpoint: str | None = None,
) -> PushPlan:
    """Create `repo_id` if needed and upload `folder` (a merged model) to the Hugging Face Hub.

    `token` defaults to ``HF_TOKEN``; `endpoint` to ``HF_ENDPOINT`` read at call time. With
    `dry_run` nothing leaves the machine: the returned plan lists the files and sizes.
    """
    src = Path(folder)
    if not src.is_dir():
        raise HubPushError(f"folder not found: {src}")
    if "/" not in repo_id or repo_id.count("/") != 1 or not all(repo_id.split("/")):
        raise HubPushError(f"repo id {repo_id!r} must look like 'user-or-org/model-name'")
    files = upload_list(src)
    if not files:
        raise HubPushError(f"{src}: nothing to upload")
    plan = PushPlan(repo_id=repo_id, files=files, private=private, dry_run=dry_run)
    if dry_run:
        logger.info("dry run: %d files for %s", len(files), repo_id)
        return plan
    from noesis_trainer.errors import hf_token

    secret = token or hf_token()
    if not secret:
        raise HubPushError(
            f"no Hub token: set {TOKEN_ENV} or run `hf auth login` (it is never printed or stored)"
        )
    try:
        url = _upload(src, repo_id, files, secret, private, commit_message, endpoint)
    except Exception as err:  # the Hub client raises many types; none may leak the token
        message = _mask(f"{type(err).__name__}: {err}", secret)
        raise HubPushError(f"upload to {repo_id} failed: {message}") from None
    logger.info("uploaded %d files to %s", len(files), repo_id)
    return PushPlan(repo_id=repo_id, files=files, private=private, dry_run=False, url=url)


def _upload(
    src: Path,
    repo_id: str,
    files: tuple[tuple[str, int], ...],
    token: str,
    private: bool,
    commit_message: str,
    endpoint: str | None,
) -> str:
    from huggingface_hub import HfApi

    api: Any = HfApi(endpoint=endpoint or os.environ.get(ENDPOINT_ENV) or None, token=token)
    api.create_repo(repo_id, private=private, exist_ok=True, repo_type="model")
    info = api.upload_folder(
        folder_path=str(src),
        repo_id=repo_id,
        repo_type="model",
        allow_patterns=[glob.escape(name) for name, _ in files],  # names, not patterns
        commit_message=commit_message,
    )
    return str(getattr(info, "commit_url", info))
