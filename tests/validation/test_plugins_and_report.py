"""Plugin rules through the plugin manager, user rules, broken rules; report outputs."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from noesis_trainer import hookimpl
from noesis_trainer.plugins import get_plugin_manager
from noesis_trainer.validation import (
    DatasetRule,
    GroupHit,
    Hit,
    RowRule,
    ValidationReport,
    Validator,
)
from tests.validation.helpers import record, write_jsonl


class NoQuestionMark(RowRule):
    id = "test.no-question-mark"
    severity = "info"
    message = "prompt has no question mark"
    fix = "ask a question"

    def check(self, record: Mapping[str, Any]) -> Iterable[Hit]:
        prompt = record.get("prompt")
        if isinstance(prompt, str) and "?" not in prompt:
            return (Hit("no '?'", "prompt"),)
        return ()


class Exploding(RowRule):
    id = "test.exploding"
    severity = "warning"
    message = "always raises"
    fix = "-"

    def check(self, record: Mapping[str, Any]) -> Iterable[Hit]:
        raise KeyError("boom")


class RowCounter(DatasetRule):
    id = "test.row-count"
    severity = "info"
    message = "counts rows"
    fix = "-"

    def reset(self, options: Any) -> None:
        self.n = 0

    def observe(self, row: int, record: Mapping[str, Any], valid: bool) -> None:
        self.n += 1

    def finish(self, stats: Any) -> Iterable[GroupHit]:
        yield GroupHit(f"{self.n} rows seen, {stats.total} valid", figures={"rows": self.n})


class _Plugin:
    @hookimpl
    def register_rules(self, register: Callable[[Any], None]) -> None:
        register(NoQuestionMark())
        register(RowCounter())


@pytest.fixture
def plugin() -> Iterator[None]:
    pm = get_plugin_manager()
    pm.register(_Plugin(), name="test-validation-plugin")
    try:
        yield
    finally:
        pm.unregister(name="test-validation-plugin")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "p.jsonl", [record(1), record(2, prompt="Explique a prudência.")])


def test_plugin_rules_are_collected(plugin: None, data: Path) -> None:
    report = Validator().validate(data)
    assert [(f.rule, f.line) for f in report.findings] == [("test.no-question-mark", 2)]
    (counted,) = [f for f in report.dataset_findings if f.rule == "test.row-count"]
    assert counted.message == "2 rows seen, 2 valid" and counted.figures == {"rows": 2}
    assert report.ok(strict=True) is True  # info findings never fail, not even with --strict
    assert {r.id: r.severity for r in report.rules}["test.no-question-mark"] == "info"


def test_plugin_unregistered_is_gone(data: Path) -> None:
    ids = {r.id for r in Validator().rules}
    assert "test.no-question-mark" not in ids
    assert "duplicate-response" in ids  # built-ins come through the same hook


def test_user_rules_disable_and_broken_rule(data: Path) -> None:
    report = Validator([NoQuestionMark(), Exploding()], disable=["critique-parts"]).validate(data)
    by_rule: dict[str, list[int | None]] = {}
    for f in report.findings:
        by_rule.setdefault(f.rule, []).append(f.line)
    assert by_rule == {"test.no-question-mark": [2], "test.exploding": [1, 2]}
    boom = report.rows_for("test.exploding")[0]
    assert boom.severity == "error" and "KeyError" in boom.message
    assert Validator(plugins=False).rules == []


def test_not_a_rule_is_refused() -> None:
    with pytest.raises(TypeError, match="missing id"):
        Validator([object()])

    class BadSeverity(NoQuestionMark):
        severity = "fatal"  # type: ignore[assignment]

    with pytest.raises(TypeError, match="severity"):
        Validator([BadSeverity()])


def test_report_outputs_round_trip(data: Path, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [record(1), record(2, difficulty="x"), "[1]"])
    report = Validator().validate(path)
    again = ValidationReport.model_validate_json(report.to_json())
    assert again.total_rows == 3 and again.valid_rows == 1
    assert [(f.rule, f.line) for f in again.findings] == [
        ("difficulty-vocabulary", 2),
        ("not-an-object", 3),
    ]
    assert json.loads(report.to_json())["pass_rate"] == pytest.approx(1 / 3)
    md = report.to_markdown()
    assert "(**33.3%** pass rate)" in md
    assert f"- `{path}:2` `difficulty` **difficulty-vocabulary** (error): got 'x'" in md
    buf = io.StringIO()
    report.print_summary(Console(file=buf, width=200, color_system=None))
    text = buf.getvalue()
    assert text.startswith("1/3 rows without errors (33.3% pass rate)")
    assert "difficulty-vocabulary" in text and "not-an-object" in text
    assert report.stats is not None and report.stats.total == 1
