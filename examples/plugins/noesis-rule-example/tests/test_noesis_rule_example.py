"""The example plugin, registered directly and through a real entry point (no pip install)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

import noesis_rule_example  # noqa: E402

from noesis_trainer.plugins import ENTRY_POINT_GROUP, get_plugin_manager  # noqa: E402
from noesis_trainer.validation import Validator  # noqa: E402

RECORD = {
    "id": "ex_001",
    "category": "etica",
    "prompt": "Devo contar a verdade a um amigo quando ela magoa?",
    "response_initial": "Sim, sempre.",
    "critique": "[VERITAS] Simplista. [SOPHIA] Ignora o modo. [DIKE] Ignora o outro.",
    "response_revised": "A verdade importa, e o modo de a dizer também: escolha o momento, "
    "fale do que observou e não do que supõe, e deixe espaço para a resposta do amigo.",
    "reasoning": "Melhor.",
    "values_applied": ["verdade", "sabedoria"],
    "difficulty": "medium",
}


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    good = dict(RECORD, id="ex_002", reasoning="Une verdade e cuidado: diz o que fazer e porquê.")
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps(RECORD) + "\n" + json.dumps(good) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def registered() -> Iterator[None]:
    pm = get_plugin_manager()
    pm.register(noesis_rule_example, name="rule_example_test")
    try:
        yield
    finally:
        pm.unregister(name="rule_example_test")


def test_rule_unit() -> None:
    rule = noesis_rule_example.ThinReasoningRule(min_words=3)
    assert list(rule.check({"reasoning": "uma duas"})) == [
        noesis_rule_example.Hit("2 words (fewer than 3)", "reasoning")
    ]
    assert list(rule.check({"reasoning": "uma duas três"})) == []
    assert list(rule.check({"reasoning": 5})) == []


def test_registered_plugin_runs_with_builtin_rules(registered: None, data_file: Path) -> None:
    report = Validator().validate(data_file)
    found = report.rows_for("example.thin-reasoning")
    assert [(f.line, f.field, f.severity) for f in found] == [(1, "reasoning", "warning")]
    assert report.ok() and not report.ok(strict=True)


def test_not_registered_means_not_run(data_file: Path) -> None:
    assert Validator().validate(data_file).count("example.thin-reasoning") == 0


def test_entry_point_distribution(tmp_path: Path, data_file: Path) -> None:
    """A real `importlib.metadata` distribution on sys.path, loaded the way pip installs it."""
    dist = tmp_path / "site" / "noesis_rule_example-0.1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: noesis-rule-example\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (dist / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\nrule_example = noesis_rule_example\n", encoding="utf-8"
    )
    pm = get_plugin_manager()
    sys.path.insert(0, str(tmp_path / "site"))
    try:
        loaded = pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP, name="rule_example")
        assert loaded == 1
        assert pm.get_plugin("rule_example") is noesis_rule_example
        dists = {dist.project_name for _, dist in pm.list_plugin_distinfo()}
        assert "noesis-rule-example" in dists
        report = Validator().validate(data_file)
        assert report.count("example.thin-reasoning") == 1
    finally:
        sys.path.remove(str(tmp_path / "site"))
        if pm.get_plugin("rule_example") is not None:
            pm.unregister(name="rule_example")
    assert Validator().validate(data_file).count("example.thin-reasoning") == 0
