"""The rewriter's local path over real HTTP: a minimal OpenAI-compatible chat-completions server
on loopback whose replies come from the real SmolLM2 through `TransformersGenerator`, driven by
`OpenAICompatGenerator` (``ModalRewriter.run_local`` and ``noesis generate --base-url``).

llama-cpp-python's server is the other target (test_rewrite_llama_server.py); this one needs
only the standard library and transformers, so the HTTP path is exercised wherever the model is.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from noesis_trainer import Dataset
from noesis_trainer.cli import app
from noesis_trainer.generation.local import TransformersGenerator
from noesis_trainer.generation.modal_vllm import ModalRewriter
from noesis_trainer.tribunal.output_failures import FailureKind, detect

pytestmark = pytest.mark.integration

FORBIDDEN = {FailureKind.LOOP, FailureKind.ECHO, FailureKind.LANGUAGE}


@pytest.fixture(scope="module")
def loopback_server(smollm2_dir: Path) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    model = TransformersGenerator(smollm2_dir, batch_size=1)
    model.generate([[{"role": "user", "content": "Oi"}]], max_new_tokens=1)  # load it now
    seen: list[dict[str, Any]] = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with lock:
                seen.append(body)
                reply = model.generate(
                    [body["messages"]],
                    max_new_tokens=int(body.get("max_tokens", 16)),
                    temperature=float(body.get("temperature", 0.0)),
                    seed=body.get("seed"),
                )[0]
            done = model.finished[0]
            payload = {
                "choices": [
                    {
                        "message": {"role": "assistant", "content": reply},
                        "finish_reason": "stop" if done else "length",
                    }
                ]
            }
            data = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", seen
    finally:
        server.shutdown()
        server.server_close()


def test_run_local_over_http_resumes(
    project_seeds: Dataset, loopback_server: tuple[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    base_url, seen = loopback_server
    seed = next(e for e in project_seeds if e.id == "etica_003")
    rewriter = ModalRewriter(model="smollm2", max_new_tokens=32, max_attempts=1, batch_seeds=1)
    first = rewriter.run_local(
        [seed.to_record()], 1, root=tmp_path, base_url=base_url, techniques=["simplify"]
    )
    calls = len(seen)
    assert calls >= 1 and seen[0]["model"] == "smollm2"
    assert seen[0]["messages"][0]["role"] == "system"
    assert max(b["max_tokens"] for b in seen) <= 512
    summary = first[0]["summary"]
    assert summary["produced"] + sum(summary["refusals"].values()) >= 1
    for row in first[0]["rows"]:
        assert not {f.kind for f in detect(row["prompt"], row["response_revised"])} & FORBIDDEN
    again = rewriter.run_local(
        [seed.to_record()], 1, root=tmp_path, base_url=base_url, techniques=["simplify"]
    )
    assert again[0]["resumed"] and again[0]["rows"] == first[0]["rows"]
    assert len(seen) == calls  # the finished batch was read back, no new request


def test_cli_generate_base_url(
    project_seeds: Dataset, loopback_server: tuple[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    base_url, seen = loopback_server
    before = len(seen)
    src = Dataset([next(e for e in project_seeds if e.id == "ciencia_005")]).save(
        tmp_path / "seeds.jsonl"
    )
    out = tmp_path / "out.jsonl"
    args = ["generate", str(src), "-o", str(out), "-n", "1", "--base-url", base_url]
    args += ["--api-model", "smollm2", "--max-new-tokens", "24", "--max-attempts", "1"]
    result = CliRunner().invoke(app, [*args, "--techniques", "simplify"])
    assert result.exit_code in (0, 1), result.output
    assert len(seen) - before == 2  # one question and one answer, both over HTTP
    assert all(b["max_tokens"] <= 24 for b in seen[before:])  # --max-new-tokens caps the server
    written = int(result.output.split("wrote ")[1].split()[0])
    rows = out.read_text().splitlines() if out.exists() else []
    assert written == len(rows) and (result.exit_code == 0) == (written == 1)
