"""The combined pass of the built-in row rules (`builtin_row_hits`) must say exactly what the
rules say one by one, on any record; and a validator with a rule in the middle of the built-ins
(which turns the combined pass off) must give the same report as the default one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer.testing import write_messy_jsonl
from noesis_trainer.validation import Validator
from noesis_trainer.validation.builtin_rules import (
    BUILTIN_ROW_RULES,
    builtin_row_hits,
    schema_valid,
)
from tests.validation.helpers import record

_FIELDS = [
    "id", "category", "prompt", "response_initial", "critique", "response_revised",
    "reasoning", "values_applied", "difficulty", "source_id", "parent_id", "technique",
]  # fmt: skip
_text = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "",
            "   ",
            "TODO later",
            "a FIXME b",
            "Lorem Ipsum dolor",
            "a {concept} b",
            "{{x}}",
            "[VERITAS] a [SOPHIA] b [DIKE] c",
            "[veritas] only",
            "x" * 60,
            "easy",
            "hard",
            "verdade",
        ]
    ),
)
_value = st.one_of(
    _text,
    st.none(),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.lists(st.one_of(st.sampled_from(["verdade", "sabedoria", "justica", "x"]), st.integers())),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _one_by_one(data: dict[str, Any], light: bool) -> list[tuple[int, list[Any]]]:
    out = []
    for i, cls in enumerate(BUILTIN_ROW_RULES):
        if light and getattr(cls, "schema_only", False):
            continue
        hits = list(cls().check(data))
        if hits:
            out.append((i, hits))
    return out


@settings(max_examples=600, deadline=None)
@given(st.dictionaries(st.sampled_from(_FIELDS), _value), st.booleans())
def test_combined_pass_equals_rule_by_rule(fields: dict[str, Any], complete: bool) -> None:
    data = {**record(1), **fields} if complete else fields
    got = [(i, list(h)) for i, h in builtin_row_hits(data)]
    assert got == _one_by_one(data, light=False)
    if schema_valid(data):  # the validator's fast path: schema-only rules skipped
        light = [(i, list(h)) for i, h in builtin_row_hits(data, True)]
        assert light == _one_by_one(data, light=True)
        assert light == got  # and they had nothing to say anyway


def test_combined_pass_finds_each_rule() -> None:
    """Each rule fires through the combined pass (the property test above could miss some)."""
    bad: dict[str, Any] = {
        "id": " ",
        "category": 3,
        "prompt": "short",
        "response_initial": "x",
        "critique": "[VERITAS] only",
        "response_revised": "TODO {concept}",
        "values_applied": "verdade, nope",
    }
    fired = {i for i, _ in builtin_row_hits(bad)}
    assert fired == {0, 1, 2, 3, 5, 6, 7, 8, 9, 10}
    assert {i for i, _ in builtin_row_hits({**record(1), "difficulty": "Hard"})} == {4}


def test_report_same_with_and_without_the_combined_pass(tmp_path: Path) -> None:
    from noesis_trainer.validation.builtin_rules import RequiredFieldRule

    class LateRequired(RequiredFieldRule):
        """Same rule, another class: the row rules no longer start with the built-ins."""

    path = write_messy_jsonl(tmp_path / "m.jsonl", 600)
    with (tmp_path / "m.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"id": "", "prompt": 5, "values_applied": "x", "difficulty": "Hard"}\n')
    combined = Validator(workers=1, examples=1000)
    plain = Validator([LateRequired()], workers=1, examples=1000)
    a = combined.validate_paths(path)
    b = plain.validate_paths(path)
    order = [r.id for r in combined.rules]
    assert [r.id for r in plain.rules] != order  # required-field moved: combined pass off

    def per_row(report: Any) -> list[tuple[Any, ...]]:
        return sorted((f.line, f.rule, f.field, f.message) for f in report.findings)

    assert per_row(a) == per_row(b)
    assert {r.id: r.findings for r in a.rules} == {r.id: r.findings for r in b.rules}
    assert a.rows_with_errors == b.rows_with_errors == 601


def test_validate_restores_the_gc_state(tmp_path: Path) -> None:
    """Automatic GC is off only while rows stream in, and comes back as it was."""
    import gc

    path = write_messy_jsonl(tmp_path / "m.jsonl", 50)
    assert gc.isenabled()
    report = Validator(workers=1).validate_paths(path)
    assert gc.isenabled() and report.total_rows == 50
    gc.disable()
    try:
        Validator(workers=1).validate_paths(path)
        assert not gc.isenabled()
    finally:
        gc.enable()
