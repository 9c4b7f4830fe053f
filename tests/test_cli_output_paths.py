"""Output paths that cannot be written (a folder for a file, a file as a parent) fail with one
line and exit 2 before any work, in every command that writes; `split`/`tokens` mistakes too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from noesis_trainer.cli import app

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "data" / "seeds.jsonl"
runner = CliRunner()


def _one_line_error(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return " ".join(result.output.split())


@pytest.fixture
def as_parent(tmp_path: Path) -> Path:
    """A regular file that the user gives as if it were a folder."""
    path = tmp_path / "plain.txt"
    path.write_text("x", encoding="utf-8")
    return path


def test_convert_out_is_a_folder(tmp_path: Path) -> None:
    src = tmp_path / "chat.jsonl"
    row = {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}
    src.write_text(json.dumps(row) + "\n", encoding="utf-8")
    msg = _one_line_error(["convert", str(src), "-o", str(tmp_path)])
    assert msg == f"error: --out {tmp_path}: is a folder, expected a file"


def test_generate_output_under_a_file(tmp_path: Path, as_parent: Path) -> None:
    target = as_parent / "g.jsonl"
    msg = _one_line_error(["generate", str(SEEDS), "-o", str(target), "-n", "3"])
    assert msg == f"error: --out {target}: {as_parent} is a file, not a folder"
    assert as_parent.read_text(encoding="utf-8") == "x"


def test_evaluate_out_is_a_folder(tmp_path: Path) -> None:
    msg = _one_line_error(
        ["evaluate", "--prompts", str(SEEDS), "--model", str(tmp_path), "-o", str(tmp_path)]
    )
    assert msg == f"error: --out {tmp_path}: is a folder, expected a file"


def test_split_out_is_a_file(as_parent: Path) -> None:
    msg = _one_line_error(["split", str(SEEDS), "-o", str(as_parent)])
    assert msg == f"error: --out {as_parent}: is a file, expected a folder"


def test_split_out_under_a_file(as_parent: Path) -> None:
    target = as_parent / "sub"
    msg = _one_line_error(["split", str(SEEDS), "-o", str(target)])
    assert msg == f"error: --out {target}: {as_parent} is a file, not a folder"


def test_split_valid_out_still_writes(tmp_path: Path) -> None:
    out = tmp_path / "new" / "split"
    result = runner.invoke(app, ["split", str(SEEDS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["eval.jsonl", "manifest.json", "train.jsonl"]


@pytest.mark.integration
def test_tokens_unloadable_tokenizer_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["tokens", str(SEEDS), "--tokenizer", str(tmp_path)])
    assert result.exit_code == 2, result.output
    lines = [x for x in result.output.splitlines() if x.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"error: --tokenizer {tmp_path}: cannot load a tokenizer (")
