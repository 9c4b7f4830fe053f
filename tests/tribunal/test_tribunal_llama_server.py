"""A REAL llama.cpp server (llama-cpp-python's `python -m llama_cpp.server`) serving the tiny
model exported to GGUF, driven through `OpenAICompatGenerator`, the LLM judges and
`Tribunal.evaluate_model`.

Needs llama-cpp-python with its server extra and llama.cpp's converter
(scripts/install_llama_cpp.sh); skips, saying which is missing, otherwise.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.llama_server import llama_cpp_server

from noesis_trainer.generation.openai_compat import OpenAICompatGenerator
from noesis_trainer.tribunal import Tribunal
from noesis_trainer.tribunal.llm_judge import llm_judges


def _missing_tooling() -> str | None:
    """Why the test cannot run here (checked at import: nothing is built before skipping)."""
    for module in ("llama_cpp", "fastapi", "uvicorn", "sse_starlette", "pydantic_settings"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install 'llama-cpp-python[server]')"
    from noesis_trainer.merging.gguf import ToolingMissingError, find_converter

    try:
        find_converter()
    except ToolingMissingError as err:
        return str(err)
    return None


MISSING = _missing_tooling()
pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(MISSING is not None, reason=MISSING or ""),
]


@pytest.fixture(scope="module")
def gguf_file(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from noesis_trainer.merging.gguf import export_gguf

    out = tmp_path_factory.mktemp("gguf") / "tiny-f16.gguf"
    # The tiny tokenizer splits text like Llama 3 but is unknown to llama.cpp's hash table.
    return export_gguf(tiny_model, out, "f16", tokenizer_pre="llama-bpe").path


@pytest.fixture(scope="module")
def llama_server(gguf_file: Path) -> Iterator[str]:
    log = gguf_file.parent / "server.log"
    with llama_cpp_server(
        gguf_file, "tiny", "llama-3", log, n_ctx=1024, start_timeout_s=120
    ) as base:
        yield base


def test_chat_completions_from_a_real_llama_cpp_server(llama_server: str) -> None:
    client = OpenAICompatGenerator(llama_server, "tiny", timeout_s=60)
    conversation = [{"role": "user", "content": "O que é a verdade?"}]
    first = client.generate([conversation], max_new_tokens=8, seed=0)
    again = client.generate([conversation], max_new_tokens=8, seed=0)
    assert isinstance(first[0], str)
    assert first == again  # greedy decoding on the server: deterministic


def test_llm_judges_and_evaluation_through_the_server(llama_server: str) -> None:
    client = OpenAICompatGenerator(llama_server, "tiny", timeout_s=60)
    judges = llm_judges(client, model_id="tiny-f16@llama.cpp", retries=1)
    for judge in judges:
        judge.max_new_tokens = 8
    tribunal = Tribunal(judges, use_plugins=False)
    report = tribunal.judge([("O que é a verdade?", "A verdade é a adequação ao real.")])
    assert report.n == 1
    # Whatever the random model writes, each judge ends with a valid score and a reason.
    for name, result in report.verdicts[0].judges.items():
        assert 0.0 <= result.score <= 1.0, name
        assert result.reason, name
    assert all(judge.calls >= 1 for judge in judges)
    heuristic = Tribunal().evaluate_model(
        client, ["O que é a verdade?", "What is wisdom?"], max_new_tokens=8
    )
    assert heuristic.n == 2
    assert heuristic.metadata["model"] == "OpenAICompatGenerator"
