"""`noesis schema`, `noesis stats`, `noesis convert` through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from noesis_trainer.cli import app
from noesis_trainer.core.dataset import Dataset
from tests.core.test_schema import valid_record

runner = CliRunner()


def test_every_command_has_help() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    commands = [
        line.split()[0]
        for line in result.output.split("Commands:")[1].splitlines()
        if line.startswith("  ") and line.split()
    ]
    assert {"schema", "stats", "convert"} <= set(commands)
    for name in commands:
        sub = runner.invoke(app, [name, "--help"])
        assert sub.exit_code == 0, name
        assert "Usage" in sub.output


def test_schema_prints_2020_12() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["$schema"].endswith("2020-12/schema")


def test_stats_json_and_missing_path(tmp_path: Path) -> None:
    p = tmp_path / "d.jsonl"
    p.write_text(json.dumps(valid_record()) + "\n{bad\n", "utf-8")
    result = runner.invoke(app, ["stats", str(p), "--json"])
    assert result.exit_code == 1  # a load problem: exit 1 (issue 14, item 10)
    payload = json.loads(result.output)
    assert payload["total"] == 1 and payload["problems"] == 1
    assert payload["problem_list"][0]["line"] == 2
    missing = runner.invoke(app, ["stats", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2
    assert "no such file" in missing.output
    assert "Traceback" not in missing.output


def test_convert_messages(tmp_path: Path) -> None:
    src = tmp_path / "chat.jsonl"
    src.write_text(
        json.dumps(
            {
                "messages": [
                    {"role": "user", "content": "Uma pergunta suficiente"},
                    {"role": "assistant", "content": "r" * 60},
                ]
            }
        )
        + "\n",
        "utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["convert", str(src), "-o", str(out), "--category", "x"])
    assert result.exit_code == 0, result.output
    ds = Dataset.load(out)
    assert len(ds) == 1 and ds[0].category == "x"
    bad = runner.invoke(app, ["convert", str(src), "-o", str(out), "--from", "csv"])
    assert bad.exit_code == 2 and "--from must be one of" in bad.output


def test_console_script_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "noesis"
    result = subprocess.run([str(exe), "schema"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert json.loads(result.stdout)["title"] == "Example"
