"""`noesis generate` in template-only mode: output file, summary, one-line errors."""

from __future__ import annotations

from typer.testing import CliRunner

from noesis_trainer import Dataset
from noesis_trainer.cli import app
from tests.variations.conftest import SEEDS


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_generate_writes_balanced_variations(tmp_path):
    out = tmp_path / "v.jsonl"
    res = CliRunner().invoke(app, ["generate", str(SEEDS), "-o", str(out), "-n", "80"])
    assert res.exit_code == 0, res.output
    made = Dataset.load(out)
    assert len(made) == 80 and not made.problems
    assert "80 of 80 variations from 40 seeds (2-2 per seed)" in one_line(res.output)
    again = tmp_path / "w.jsonl"
    CliRunner().invoke(app, ["generate", str(SEEDS), "-o", str(again), "-n", "80"])
    assert again.read_bytes() == out.read_bytes()


def test_generate_errors_are_one_clear_line(tmp_path):
    runner = CliRunner()
    res = runner.invoke(
        app, ["generate", str(SEEDS), "-o", str(tmp_path / "x"), "--techniques", "deep"]
    )
    assert res.exit_code == 2
    assert "error: unknown technique 'deep'; registered: compare, critique" in one_line(res.output)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "category": "c", "prompt": 3}\n', encoding="utf-8")
    res = runner.invoke(app, ["generate", str(bad), "-o", str(tmp_path / "y")])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert "bad.jsonl:1 [prompt]" in one_line(res.output)
    res = runner.invoke(app, ["generate", str(SEEDS), "-o", str(tmp_path / "z"), "-n", "0"])
    assert res.exit_code == 2 and "--count must be between 1 and 1,000,000 (got 0)" in res.output
    assert not (tmp_path / "z").exists()
