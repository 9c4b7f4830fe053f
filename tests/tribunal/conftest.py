"""Fixtures of the Tribunal tests: a tiny random Llama (built once per session)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random tiny Llama + tokenizer saved with save_pretrained (chat template included)."""
    pytest.importorskip("torch")
    from noesis_trainer.testing import build_tiny_llama

    return build_tiny_llama(
        tmp_path_factory.mktemp("tiny-llama"),
        texts=["Score: 7/10. Resposta clara.", "O que é verdade? What is truth?"],
        dtype="float32",
    )


class ChatServer:
    """A minimal real OpenAI-compatible HTTP server (stdlib) answering with a `TextGenerator`.

    ``fail_first`` makes the first N requests answer HTTP 503 (to exercise client retries); a
    request for a model other than ``model`` gets HTTP 404 with an OpenAI-style error body.
    """

    def __init__(self, generator: Any, model: str = "tiny", fail_first: int = 0) -> None:
        import http.server
        import json
        import threading

        self.generator = generator
        self.model = model
        self.fail_first = fail_first
        self.requests: list[dict[str, Any]] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                body = json.dumps(payload).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                request = json.loads(self.rfile.read(length))
                server.requests.append(request)
                if self.path != "/v1/chat/completions":
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                elif server.fail_first > 0:
                    server.fail_first -= 1
                    self._send(503, {"error": {"message": "loading model"}})
                elif request.get("model") != server.model:
                    self._send(
                        404, {"error": {"message": f"model {request.get('model')!r} not found"}}
                    )
                else:
                    (text,) = server.generator.generate(
                        [request["messages"]],
                        max_new_tokens=int(request.get("max_tokens", 16)),
                        temperature=float(request.get("temperature", 0.0)),
                        seed=request.get("seed"),
                    )
                    self._send(
                        200,
                        {
                            "object": "chat.completion",
                            "model": server.model,
                            "choices": [
                                {
                                    "index": 0,
                                    "message": {"role": "assistant", "content": text},
                                    "finish_reason": "stop",
                                }
                            ],
                        },
                    )

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def chat_server() -> Iterator[Callable[..., ChatServer]]:
    """Start `ChatServer`s (``chat_server(generator, model=..., fail_first=...)``); all are shut
    down at the end of the test."""
    started: list[ChatServer] = []

    def start(generator: Any, model: str = "tiny", fail_first: int = 0) -> ChatServer:
        server = ChatServer(generator, model=model, fail_first=fail_first)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()
