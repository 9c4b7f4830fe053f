"""Issue 14 items 9 and 10 (CLI side): unbounded or meaningless requests are one usage line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.conftest import SEEDS, assert_one_line_error, noesis


@pytest.mark.parametrize("count", ["99999999999999999999", "1000001", "0", "-3"])
def test_generate_count_is_bounded(tmp_path: Path, seeds: Path, count: str) -> None:
    out = tmp_path / "g.jsonl"
    line = assert_one_line_error(noesis("generate", seeds, "-n", count, "-o", out), code=2)
    assert "--count must be between 1 and 1,000,000" in line
    assert not out.exists()


@pytest.mark.parametrize("fraction", ["0.999", "1", "-0.1", "nan"])
def test_split_fraction_that_leaves_no_training_row(
    tmp_path: Path, seeds: Path, fraction: str
) -> None:
    out = tmp_path / "sd"
    line = assert_one_line_error(noesis("split", seeds, "-o", out, "--eval-fraction", fraction))
    assert "--eval-fraction must be in [0, 1)" in line or "leaves no training row" in line
    assert not (out / "train.jsonl").exists()


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--values", "foo", "--values 'foo': use one or more of verdade"),
        ("--values", ",", "--values ',': use one or more of"),
        ("--difficulty", "extreme", "--difficulty 'extreme': use one of easy, medium, hard"),
        ("--category", " ", "--category must not be empty"),
    ],
)
def test_convert_bad_defaults_are_one_usage_line(
    tmp_path: Path, option: str, value: str, expected: str
) -> None:
    src = tmp_path / "chat.jsonl"
    src.write_text(
        '{"messages": [{"role": "user", "content": "Uma pergunta longa o bastante?"},'
        ' {"role": "assistant", "content": "' + "Uma resposta. " * 6 + '"}]}\n',
        encoding="utf-8",
    )
    line = assert_one_line_error(noesis("convert", src, "-o", tmp_path / "o.jsonl", option, value))
    assert expected in line


def _config(tmp_path: Path, **overrides: str) -> Path:
    seeds = overrides.pop("seeds", f"[{SEEDS}]")
    lines = [
        "name: hostile",
        f"seeds: {seeds}",
        "model: tiny",
        f"epochs: {overrides.pop('epochs', '1')}",
        f"deploy: {{gguf_quant: {overrides.pop('quant', 'f16')}}}",
        f"variations: {{count: {overrides.pop('count', '0')}}}",
    ]
    path = tmp_path / "p.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"epochs": "1e26"}, "epochs"),
        ({"epochs": "5000"}, "epochs: 5000 is out of range (1 to 1000)"),
        ({"quant": "q99"}, "deploy.gguf_quant: 'q99' is not one of"),
        ({"count": "99999999999"}, "variations.count: 99999999999 is out of range"),
        ({"seeds": "[/etc/passwd]"}, "seeds: no valid example in /etc/passwd"),
    ],
)
def test_plan_refuses_meaningless_configs(
    tmp_path: Path, override: dict[str, str], expected: str
) -> None:
    ran = noesis("plan", _config(tmp_path, **override))
    line = assert_one_line_error(ran)
    assert expected in line
