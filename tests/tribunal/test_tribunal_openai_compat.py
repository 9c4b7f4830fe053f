"""The OpenAI-compatible client against real HTTP servers started here.

Fast tests use a minimal stdlib chat-completions server (see conftest.ChatServer) backed by a
deterministic text source; the integration test backs it with the real tiny transformers model.
The llama.cpp server test (test_tribunal_llama_server.py) runs when llama-cpp-python is installed.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from noesis_trainer.generation.base import Conversation, TextGenerator
from noesis_trainer.generation.openai_compat import GenerationError, OpenAICompatGenerator
from noesis_trainer.tribunal import JudgeItem, Tribunal
from noesis_trainer.tribunal.llm_judge import llm_judges


class EchoScorer:
    """Text source for the stdlib server: "Score: N/10" where N = number of messages + 5."""

    def generate(
        self,
        conversations: Sequence[Conversation],
        *,
        max_new_tokens: int = 256,
        temperature: float = 0.0,
        seed: int | None = None,
    ) -> list[str]:
        return [f"Score: {len(c) + 5}/10\nbecause." for c in conversations]


Start = Callable[..., Any]


@pytest.fixture
def server(chat_server: Start) -> Any:
    return chat_server(EchoScorer(), model="tiny")


def test_client_is_a_text_generator(server: Any) -> None:
    client = OpenAICompatGenerator(server.base_url, "tiny")
    assert isinstance(client, TextGenerator)
    replies = client.generate(
        [
            [{"role": "user", "content": "hi"}],
            [{"role": "system", "content": "s"}, {"role": "user", "content": "hi"}],
        ],
        max_new_tokens=7,
        seed=3,
    )
    assert replies == ["Score: 6/10\nbecause.", "Score: 7/10\nbecause."]
    assert server.requests[0]["max_tokens"] == 7
    assert server.requests[0]["seed"] == 3
    assert server.requests[0]["temperature"] == 0.0
    assert server.requests[1]["messages"][0] == {"role": "system", "content": "s"}


def test_concurrent_requests_keep_order(server: Any) -> None:
    client = OpenAICompatGenerator(server.base_url, "tiny", concurrency=4)
    convs: list[Conversation] = [[{"role": "user", "content": "x"}] * (1 + i % 3) for i in range(9)]
    assert client.generate(convs) == [f"Score: {len(c) + 5}/10\nbecause." for c in convs]


def test_retries_on_503_then_succeeds(chat_server: Start) -> None:
    s = chat_server(EchoScorer(), model="tiny", fail_first=2)
    client = OpenAICompatGenerator(s.base_url, "tiny", max_retries=2, backoff_s=0.0)
    assert client.generate([[{"role": "user", "content": "q"}]]) == ["Score: 6/10\nbecause."]
    assert len(s.requests) == 3


def test_client_errors_are_clear(server: Any) -> None:
    wrong_model = OpenAICompatGenerator(server.base_url, "nope", backoff_s=0.0)
    with pytest.raises(GenerationError, match=r"HTTP 404: .*model 'nope' not found"):
        wrong_model.generate([[{"role": "user", "content": "q"}]])
    assert len(server.requests) == 1  # a 404 is not retried
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    down = OpenAICompatGenerator(f"http://127.0.0.1:{port}/v1", "x", max_retries=1, backoff_s=0.0)
    with pytest.raises(GenerationError, match="cannot reach the server"):
        down.generate([[{"role": "user", "content": "q"}]])
    with pytest.raises(ValueError, match="http:// or https://"):
        OpenAICompatGenerator("localhost:8000", "x")


def test_llm_judges_over_http(server: Any) -> None:
    client = OpenAICompatGenerator(server.base_url, "tiny")
    tribunal = Tribunal(llm_judges(client, model_id="tiny@server"), use_plugins=False)
    (verdict,) = tribunal.verdicts([JudgeItem("q?", "an answer")])
    assert verdict.total == pytest.approx(0.7)  # system + user -> "Score: 7/10" from every judge


@pytest.mark.integration
def test_server_backed_by_the_tiny_model(tiny_model: Path, chat_server: Start) -> None:
    from noesis_trainer.tribunal.evaluation import load_generator

    local = load_generator(tiny_model)
    s = chat_server(local, model="tiny")
    client = OpenAICompatGenerator(s.base_url, "tiny")
    conv: list[Conversation] = [[{"role": "user", "content": "O que é a verdade?"}]]
    over_http = client.generate(conv, max_new_tokens=10)
    direct = local.generate(conv, max_new_tokens=10)
    assert over_http == [direct[0].strip()]
    assert over_http[0]  # the random model does write something
    # evaluate_model adds the system prompt of the chat format: same text over HTTP and locally.
    from noesis_trainer.core.formatting import prompt_messages

    report = Tribunal().evaluate_model(client, ["O que é a verdade?"], max_new_tokens=10)
    local_reply = local.generate([prompt_messages("O que é a verdade?")], max_new_tokens=10)
    assert report.verdicts[0].response == local_reply[0].strip()


def test_cli_evaluate_against_a_server(server: Any, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from noesis_trainer.cli import app

    prompts = tmp_path / "p.txt"
    prompts.write_text("O que é a verdade?\nWhat is wisdom?\n", encoding="utf-8")
    out = tmp_path / "r.json"
    runner = CliRunner(env={"COLUMNS": "300"})
    args = ["evaluate", "--base-url", server.base_url, "--server-model", "tiny"]
    result = runner.invoke(app, [*args, "--prompts", str(prompts), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(server.requests) == 2
    assert server.requests[0]["messages"][0]["role"] == "system"  # the chat format's system turn
    assert '"n": 2' in out.read_text(encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "evaluate",
            "--base-url",
            server.base_url,
            "--server-model",
            "other",
            "--prompts",
            str(prompts),
        ],
    )
    assert result.exit_code == 2
    assert "HTTP 404" in result.output
