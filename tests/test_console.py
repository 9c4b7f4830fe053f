"""The `noesis` console: global flags, command order, third-party noise, the final summary."""

from __future__ import annotations

import logging
import subprocess
import sys

from typer.testing import CliRunner

import noesis_trainer
from noesis_trainer.cli import COMMAND_ORDER, app
from noesis_trainer.console import run_summary, verbosity_level

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"noesis-trainer {noesis_trainer.__version__}"


def test_help_lists_commands_in_stage_order() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    listed = [
        line.split()[0]
        for line in result.output.split("Commands:", 1)[1].splitlines()
        if line.startswith("  ") and line.split()
    ]
    known = [c for c in listed if c in COMMAND_ORDER]
    assert known == [c for c in COMMAND_ORDER if c in listed]
    assert listed[0] == "run" and {"validate", "train", "plugins"} <= set(listed)
    for flag in ("--verbose", "--quiet", "--version"):
        assert flag in result.output


def test_verbosity_levels() -> None:
    assert verbosity_level(0, 0) == logging.INFO
    assert verbosity_level(1, 0) == logging.DEBUG
    assert verbosity_level(3, 0) == logging.DEBUG
    assert verbosity_level(0, 1) == logging.WARNING
    assert verbosity_level(0, 5) == logging.ERROR


def test_summary_ends_with_tribunal_per_epoch_and_report(tmp_path: object) -> None:
    summaries = {
        "model": (1.2, {}),
        "train-epoch-0": (75.0, {"epoch": 0, "metrics": {"eval_loss": 6.665}}),
        "tribunal-epoch-0": (5.1, {"epoch": 0, "avg_score": 0.4, "pass_rate": 0.25}),
        "train-epoch-1": (61.0, {"epoch": 1, "metrics": {"eval_loss": 6.5}}),
        "tribunal-epoch-1": (4.0, {"epoch": 1, "avg_score": 0.61, "pass_rate": 0.5}),
        "select": (0.0, {"selected_epoch": 1}),
    }
    lines = run_summary(summaries, skipped=["model"], report=tmp_path / "report.html")  # type: ignore[operator]
    assert lines[0] == "stages:"
    assert lines[1].split() == ["model", "up", "to", "date"]
    assert lines[2].split() == ["train-epoch-0", "1m15s"]
    assert lines[3].split() == ["tribunal-epoch-0", "5.1s"]
    assert lines[-3] == "  epoch 0: eval loss 6.665; Tribunal 0.40, 25% approved"
    assert lines[-2] == "  epoch 1: eval loss 6.500; Tribunal 0.61, 50% approved  <- selected"
    assert lines[-1] == f"report: {tmp_path}/report.html"


def test_summary_without_tribunal_says_so() -> None:
    lines = run_summary({"train-epoch-0": (3.0, {"epoch": 0, "metrics": {}})})
    assert lines[-1] == "  epoch 0: eval loss -; Tribunal not run"


def test_third_party_noise_is_quietened_at_the_source() -> None:
    """torchao's "Failed to load" lines and torch's pytree warnings go through their loggers,
    which `quiet_third_party` raises to ERROR; nothing of theirs reaches stderr."""
    code = (
        "from noesis_trainer.console import quiet_third_party; quiet_third_party(); "
        "import torch, torchao, logging; "
        "logging.getLogger('torchao').warning('Failed to load x.so'); "
        "logging.getLogger('transformers.tokenization_utils_base').warning('a notice'); "
        "logging.getLogger('trl.trainer.sft_trainer').warning('cross-contamination'); "
        "import warnings; warnings.warn('Using packing: cross-contamination', UserWarning); "
        "print('ok')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=600, check=True
    )
    assert out.stdout.strip() == "ok"
    assert out.stderr == ""


def test_without_quieting_the_same_lines_show() -> None:
    """The control of the test above: the same calls do print when nothing is quietened."""
    code = (
        "import logging; logging.getLogger('torchao').warning('Failed to load x.so'); "
        "import warnings; warnings.warn('Using packing: cross-contamination', UserWarning)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "Failed to load x.so" in out.stderr
    assert "cross-contamination" in out.stderr


def test_one_spelling_per_flag_old_ones_hidden(tmp_path: object) -> None:
    from pathlib import Path

    tmp = Path(str(tmp_path))
    seeds = Path(__file__).resolve().parents[1] / "examples" / "data" / "seeds.jsonl"
    gen_help = runner.invoke(app, ["generate", "--help"]).output
    assert "--out" in gen_help and "--output" not in gen_help.replace("--out ", "")
    assert "[default: 42]" in gen_help  # one default RNG seed across commands
    train_help = runner.invoke(app, ["train", "--help"]).output
    assert "--out" in train_help and "--output-dir" not in train_help
    old = runner.invoke(app, ["generate", str(seeds), "--output", str(tmp / "a.jsonl"), "-n", "5"])
    new = runner.invoke(app, ["generate", str(seeds), "--out", str(tmp / "b.jsonl"), "-n", "5"])
    assert old.exit_code == new.exit_code == 0, old.output + new.output
    assert (tmp / "a.jsonl").read_bytes() == (tmp / "b.jsonl").read_bytes()
    missing = runner.invoke(app, ["generate", str(seeds)])
    assert missing.exit_code == 2
    import json

    def counts(args: list[str]) -> tuple[int, int, int]:
        data = json.loads(runner.invoke(app, ["validate", str(seeds), *args]).output)
        return data["total_rows"], data["rows_with_errors"], len(data["rules"])

    assert counts(["--json"]) == counts(["--format", "json"])
    assert counts(["--json"])[0] == 40


def test_each_running_stage_is_wrapped_in_progress_and_skips_are_not(tmp_path: object) -> None:
    from collections.abc import Iterator
    from contextlib import contextmanager
    from pathlib import Path

    from noesis_trainer.pipeline.config import PipelineConfig
    from noesis_trainer.pipeline.runner import Pipeline

    tmp = Path(str(tmp_path))
    seeds = Path(__file__).resolve().parents[1] / "examples" / "data" / "seeds.jsonl"
    cfg = PipelineConfig.from_dict({"name": "p", "seeds": [str(seeds)]}, base_dir=tmp)
    shown: list[str] = []
    lines: list[str] = []

    @contextmanager
    def progress(name: str) -> Iterator[None]:
        shown.append(f"start {name}")
        yield
        shown.append(f"end {name}")

    def body() -> dict[str, object]:
        shown.append("body")
        (cfg.run_path / "out.txt").write_text("x")
        return {"epoch": 0}

    for _ in range(2):
        pipe = Pipeline(cfg, log=lines.append, progress=progress)
        pipe.root.mkdir(parents=True, exist_ok=True)
        pipe.stage(
            "demo", inputs=[seeds], params={"a": 1}, outputs=[pipe.root / "out.txt"], body=body
        )
    assert shown == ["start demo", "body", "end demo"]  # the second run skipped it
    assert lines == ["[demo] running", "[demo] up to date, skipped"]
