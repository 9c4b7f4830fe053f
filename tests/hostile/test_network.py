"""Issue 14 item 7 (and the null/numeric reply of item 10): a hostile OpenAI-compatible server.

A real stdlib HTTP server started here misbehaves in one way per test: it echoes the API key (as
is, URL-encoded, base64), redirects, sends a huge reply, trickles a byte at a time, embeds
terminal escape sequences, or answers null or a number. The client must mask, refuse, cap, time
out, strip and fail clearly.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from noesis_trainer.generation.openai_compat import GenerationError, OpenAICompatGenerator
from noesis_trainer.untrusted import mask, strip_terminal_controls
from tests.hostile.conftest import assert_one_line_error, noesis

KEY = "sk-live_Secret/Key+123=abc"
Behaviour = Callable[[BaseHTTPRequestHandler, dict[str, str]], None]


def _reply(handler: BaseHTTPRequestHandler, content: Any, status: int = 200) -> None:
    body = json.dumps({"choices": [{"message": {"content": content}}]}).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture
def hostile() -> Iterator[Callable[[Behaviour], tuple[str, list[dict[str, str]]]]]:
    servers: list[ThreadingHTTPServer] = []

    def start(behaviour: Behaviour) -> tuple[str, list[dict[str, str]]]:
        seen: list[dict[str, str]] = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                headers["path"] = self.path
                seen.append(headers)
                behaviour(self, headers)

            do_POST = _handle
            do_GET = _handle

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/v1", seen

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _client(url: str, **kw: Any) -> OpenAICompatGenerator:
    return OpenAICompatGenerator(url, "m", api_key=KEY, max_retries=0, **kw)


def _ask(client: OpenAICompatGenerator) -> str:
    return client.generate([[{"role": "user", "content": "oi"}]])[0]


@pytest.mark.parametrize(
    "echo",
    [
        KEY,
        urllib.parse.quote(KEY, safe=""),
        urllib.parse.quote_plus(KEY),
        base64.b64encode(f"Bearer {KEY}".encode()).decode(),
        base64.b64encode(f"user:{KEY}".encode()).decode(),
        base64.urlsafe_b64encode(f"xy{KEY}".encode()).decode(),
    ],
)
def test_echoed_key_is_masked_in_answers_and_errors(hostile: Any, echo: str) -> None:
    url, _ = hostile(lambda h, _: _reply(h, f"your key is {echo} thanks"))
    answer = _ask(_client(url))
    assert KEY not in answer and echo not in answer
    assert "***" in answer and answer.startswith("your key is ")

    def refuse(h: BaseHTTPRequestHandler, _: dict[str, str]) -> None:
        _reply(h, f"bad key {echo}", status=401)

    url2, _ = hostile(refuse)
    with pytest.raises(GenerationError) as err:
        _ask(_client(url2))
    assert echo not in str(err.value) and KEY not in str(err.value)


def test_redirect_is_not_followed_with_the_key(hostile: Any) -> None:
    target_url, target_seen = hostile(lambda h, _: _reply(h, "Score: 9/10"))

    def redirect(h: BaseHTTPRequestHandler, _: dict[str, str]) -> None:
        h.send_response(307)
        h.send_header("Location", target_url + "/chat/completions")
        h.send_header("Content-Length", "0")
        h.end_headers()

    url, _ = hostile(redirect)
    with pytest.raises(GenerationError, match="redirect"):
        _ask(_client(url))
    assert target_seen == []  # the second host never saw a request, let alone the key


def test_reply_size_is_capped(hostile: Any) -> None:
    def huge(h: BaseHTTPRequestHandler, _: dict[str, str]) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        h.end_headers()
        h.wfile.write(b'{"choices": [{"message": {"content": "')
        block = b"a" * 65536
        try:
            for _ in range(64):  # 4 MiB, four times the cap below
                h.wfile.write(block)
        except (BrokenPipeError, ConnectionResetError):
            pass

    url, _ = hostile(huge)
    with pytest.raises(GenerationError, match="larger than 1,048,576 bytes"):
        _ask(_client(url, max_reply_bytes=1 << 20))


def test_timeout_is_total_not_per_read(hostile: Any) -> None:
    def trickle(h: BaseHTTPRequestHandler, _: dict[str, str]) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        h.end_headers()
        try:
            for byte in b'{"choices": [{"message": {"content": "' + b"x" * 200:
                h.wfile.write(bytes([byte]))
                h.wfile.flush()
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass

    url, _ = hostile(trickle)
    start = time.monotonic()
    with pytest.raises(GenerationError, match="within 1 s"):
        _ask(_client(url, timeout_s=1.0))
    assert time.monotonic() - start < 5  # the server would trickle for 20 s


def test_terminal_escapes_are_stripped(hostile: Any) -> None:
    evil = "ok\x1b]0;pwned\x07 \x1b[2J\x1b[31mred\x1b[0m\x9b1m\x07 end"
    url, _ = hostile(lambda h, _: _reply(h, evil))
    assert _ask(_client(url)) == "ok red end"
    assert strip_terminal_controls("tab\there\nline") == "tab\there\nline"


@pytest.mark.parametrize("content", [None, 7, ["Score: 9/10"], {"a": 1}])
def test_non_text_content_is_an_error(hostile: Any, content: Any) -> None:
    url, _ = hostile(lambda h, _: _reply(h, content))
    with pytest.raises(GenerationError, match="not text"):
        _ask(_client(url))


def test_non_json_reply_is_an_error(hostile: Any) -> None:
    def junk(h: BaseHTTPRequestHandler, _: dict[str, str]) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "9")
        h.end_headers()
        h.wfile.write(b"<html>hi!")

    url, _ = hostile(junk)
    with pytest.raises(GenerationError, match="not JSON"):
        _ask(_client(url))


def test_evaluate_timeout_option_and_masked_report(hostile: Any, tmp_path: Path) -> None:
    url, seen = hostile(lambda h, hd: _reply(h, f"Resposta honesta. {hd.get('authorization')}"))
    prompts = tmp_path / "p.txt"
    prompts.write_text("Por que o ceu e azul?\n", encoding="utf-8")
    report = tmp_path / "r.json"
    import os

    os.environ["OPENAI_API_KEY"] = KEY
    try:
        ran = noesis(
            "evaluate", "--prompts", prompts, "--base-url", url, "--timeout", "5", "-o", report
        )
    finally:
        del os.environ["OPENAI_API_KEY"]
    assert ran.code == 0, ran.err
    assert seen and seen[0]["authorization"] == f"Bearer {KEY}"
    text = report.read_text(encoding="utf-8")
    assert KEY not in text and KEY not in ran.out + ran.err
    assert "Bearer ***" in text
    bad = noesis("evaluate", "--prompts", prompts, "--base-url", url, "--timeout", "0")
    assert "--timeout must be in" in assert_one_line_error(bad)


TERSE_DH = (
    "Troca de chaves em canal público: Alice envia g^a mod p, Bob envia g^b mod p, e os dois "
    "calculam g^ab mod p. Quem escuta precisaria resolver o logaritmo discreto."
)
DH_REFERENCE = (
    "Diffie-Hellman é um protocolo de troca de chaves: duas partes combinam um segredo comum "
    "por um canal público. Cada uma envia g elevado ao seu número secreto módulo p e eleva o "
    "que recebe ao próprio segredo; as duas chegam a g^ab mod p. Um espião veria g^a e g^b, mas "
    "teria de resolver o logaritmo discreto. Sem autenticação, um atacante no meio engana ambas."
)


def test_evaluate_takes_references_from_the_prompts_file(hostile: Any, tmp_path: Path) -> None:
    """A JSONL of prompts with a `reference` (or a dataset's `response_revised`) judges each
    answer against it too: a terse answer that never names its topic is on topic by it."""
    url, _ = hostile(lambda h, hd: _reply(h, TERSE_DH))
    prompts = tmp_path / "p.jsonl"
    prompts.write_text(
        json.dumps({"prompt": "Explique Diffie-Hellman.", "response_revised": DH_REFERENCE}) + "\n",
        encoding="utf-8",
    )
    reasons = {}
    for flag in ("--references", "--no-references"):
        report = tmp_path / f"r{flag}.json"
        ran = noesis("evaluate", "--prompts", prompts, "--base-url", url, flag, "-o", report)
        assert ran.code == 0, ran.err
        data = json.loads(report.read_text(encoding="utf-8"))
        assert data["metadata"]["references"] is (flag == "--references")
        reasons[flag] = data["verdicts"][0]["judges"]["sophia"]["reason"]
    assert "another question" not in reasons["--references"]
    assert "another question" in reasons["--no-references"]
    prompts.write_text('{"prompt": "Explique RSA.", "reference": 3}\n', encoding="utf-8")
    line = assert_one_line_error(noesis("evaluate", "--prompts", prompts, "--base-url", url))
    assert f"{prompts}:1 [reference]: must be text, got int" in line


def test_mask_leaves_other_text_alone() -> None:
    assert mask("nothing secret here", [KEY, None, ""]) == "nothing secret here"
    assert mask(f"a{KEY}b", [KEY]) == "a***b"
