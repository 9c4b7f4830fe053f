"""Hypothesis-generated hostile JSONL and YAML for every command that reads them.

Each generated file goes through the real command (in-process through Typer, cheap enough for
many examples): the exit code is 0, 1 or 2, nothing escapes as an exception or a traceback, a
usage error is one line, and the input file is byte-identical afterwards. Deep nesting, huge
integers and lone surrogates are the JSONL reader's own tests (issue 15) and are left out here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from noesis_trainer.cli import app
from tests.hostile.conftest import SEEDS

runner = CliRunner()
BASE = json.loads(SEEDS.read_text(encoding="utf-8").splitlines()[0])
FIELDS = [*BASE, "messages", "response", "reference", "instruction", "output", "source_id"]

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60) | st.sampled_from(
    ["", " ", "\x1b[31mred\x1b[0m", "\u202eevil", "a\u0000b", "\ufeff", "NaN"]
)
scalar = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | text
)
value = st.recursive(
    scalar,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)


@st.composite
def record(draw: st.DrawFn) -> dict[str, Any]:
    data = dict(BASE)
    for key in draw(st.lists(st.sampled_from(FIELDS), max_size=4)):
        if draw(st.booleans()):
            data.pop(key, None)
        else:
            data[key] = draw(value)
    if draw(st.booleans()):
        data["messages"] = [
            {
                "role": draw(st.sampled_from(["user", "assistant", "system", "x"])),
                "content": draw(value),
            }
            for _ in range(draw(st.integers(0, 3)))
        ]
    return data


line = (
    record().map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8"))
    | value.map(lambda v: json.dumps(v).encode("utf-8"))
    | st.binary(max_size=40).map(lambda b: b.replace(b"\n", b" "))
    | st.sampled_from([b"", b"{", b"}", b"[]", b"\xef\xbb\xbf{}", b"{}\r", b"null", b"\xff\xfe"])
)
jsonl = st.lists(line, min_size=0, max_size=6).map(lambda ls: b"\n".join(ls) + b"\n")

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _check(args: list[str], inputs: list[Path]) -> None:
    before = {p: p.read_bytes() for p in inputs}
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        errors = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
        assert len(errors) == 1, result.output
    assert {p: p.read_bytes() for p in inputs} == before


COMMANDS: dict[str, list[str]] = {
    "validate": ["validate", "{f}", "--out", "{o}/a.jsonl", "--rejects", "{o}/r.jsonl"],
    "validate-json": ["validate", "{f}", "--format", "json", "--report", "{o}/r.md"],
    "stats": ["stats", "{f}", "--json"],
    "split": ["split", "{f}", "-o", "{o}/sd", "--skip-invalid"],
    "convert": ["convert", "{f}", "-o", "{o}/c.jsonl"],
    "convert-alpaca": ["convert", "{f}", "--from", "alpaca", "-o", "{o}/c.jsonl"],
    "generate": ["generate", "{f}", "-n", "3", "-o", "{o}/g.jsonl", "--skip-invalid"],
    "judge": ["judge", "{f}", "-o", "{o}/j.json", "--markdown", "{o}/j.md"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_hostile_jsonl(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    @SETTINGS
    @given(content=jsonl)
    def run(content: bytes) -> None:
        folder = tmp_path_factory.mktemp(name)
        src = folder / "in.jsonl"
        src.write_bytes(content)
        args = [a.format(f=src, o=folder) for a in COMMANDS[name]]
        _check(args, [src])

    run()


yaml_value = st.recursive(
    scalar | st.sampled_from(["1e26", "q99", "/etc/passwd", "~", "!!python/object:os.system"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
PIPELINE_KEYS = [
    "name", "seeds", "model", "backend", "epochs", "variations", "split", "training",
    "tribunal", "deploy", "modal", "budget", "run_dir", "merge",
]  # fmt: skip


@st.composite
def pipeline_yaml(draw: st.DrawFn) -> bytes:
    import yaml

    data: dict[str, Any] = {"name": "fuzz", "seeds": [str(SEEDS)], "model": "tiny"}
    for key in draw(st.lists(st.sampled_from(PIPELINE_KEYS), max_size=3)):
        data[key] = draw(yaml_value)
    body = yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
    tail = draw(st.sampled_from([b"", b"\n: :\n", b"\t- x", b"\xff\xfe", b"&a [*a]", b"{{{"]))
    return body + tail


@pytest.mark.parametrize("command", [["plan", "{f}"], ["doctor", "{f}"]])
def test_hostile_pipeline_yaml(
    command: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    @SETTINGS
    @given(content=pipeline_yaml())
    def run(content: bytes) -> None:
        folder = tmp_path_factory.mktemp("yaml")
        src = folder / "p.yaml"
        src.write_bytes(content)
        _check([a.format(f=src) for a in command], [src, SEEDS])

    run()
