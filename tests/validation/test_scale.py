"""Validation at scale (issue 15): a bounded report, every reason in the rejects and the findings
stream, MinHash on distinct texts, and a second process that dies with its parent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

from noesis_trainer.cli import app
from noesis_trainer.core.dedup import NearDuplicateFinder
from noesis_trainer.core.schema import Example
from noesis_trainer.testing import messy_records, write_messy_jsonl
from noesis_trainer.validation import Validator
from noesis_trainer.validation.builtin_rules import SCHEMA_RULES, schema_valid
from noesis_trainer.validation.quarantine import quarantine
from tests.validation.helpers import record

runner = CliRunner()


def _report_size(rows: int, tmp_path: Path, examples: int = 5) -> tuple[int, Any]:
    path = write_messy_jsonl(tmp_path / f"m{rows}.jsonl", rows)
    report = Validator(examples=examples, workers=1).validate_paths(path)
    return len(report.to_json()), report


def test_messy_profile_has_the_issue_shape() -> None:
    rows = list(messy_records(4000))
    assert not any({"reasoning", "values_applied", "difficulty"} & r.keys() for r in rows)
    assert len({r["prompt"] for r in rows}) == 24
    assert len({r["response_revised"] for r in rows}) == 18
    templated = sum(
        "{concept}" in r["prompt"] and "{concept}" in r["response_revised"] for r in rows
    )
    assert 0.35 < templated / len(rows) < 0.43  # 116,757 of 300,000 in the real file
    generic = max(
        sum(r["response_initial"] == t for r in rows) for t in {r["response_initial"] for r in rows}
    )
    assert 0.17 < generic / len(rows) < 0.22  # 58,380 of 300,000
    assert all("[DIKE]" not in r["critique"] for r in rows)


def test_report_size_does_not_grow_with_findings(tmp_path: Path) -> None:
    small_size, small = _report_size(400, tmp_path)
    big_size, big = _report_size(4000, tmp_path)
    assert sum(r.findings for r in big.rules) > 9 * sum(r.findings for r in small.rules)
    assert big_size < 1.3 * small_size
    per_rule: dict[str, int] = {}
    for f in big.findings:
        per_rule[f.rule] = per_rule.get(f.rule, 0) + 1
    assert per_rule and max(per_rule.values()) == 5  # the first K of each rule, K = 5
    assert big.count("required-field") == 3 * 4000  # counts stay exact
    assert big.rows_with_errors == 4000
    prompts = big.clusters_for("duplicate-prompt")
    assert len(prompts) == 24 and sum(c.size for c in prompts) == 4000
    assert big.cluster_counts["duplicate-prompt/exact"] == 24
    for c in prompts:
        assert len(c.locations) == 5 and c.id > 0
        assert c.preview and c.preview.endswith("?")  # the representative prompt, read back


def test_markdown_and_console_stay_short(tmp_path: Path) -> None:
    _, report = _report_size(3000, tmp_path)
    markdown = report.to_markdown()
    assert len(markdown.splitlines()) < 300
    assert "more (the rejects file or `--findings` has every one)" in markdown


def test_rejects_and_findings_hold_every_reason(tmp_path: Path) -> None:
    data = write_messy_jsonl(tmp_path / "m.jsonl", 600)
    out, rej, fnd, rep = (tmp_path / n for n in ("c.jsonl", "r.jsonl", "f.jsonl", "r.json"))
    args = ["validate", str(data), "--out", str(out), "--rejects", str(rej)]
    result = runner.invoke(app, [*args, "--findings", str(fnd), "--report", str(rep)])
    assert result.exit_code == 1, result.output
    report = json.loads(rep.read_text("utf-8"))
    rejected = [json.loads(x) for x in rej.read_text("utf-8").splitlines()]
    accepted = out.read_text("utf-8").splitlines()
    assert len(rejected) + len(accepted) == report["total_rows"] == 600
    row_findings = sum(r["findings"] for r in report["rules"]) - len(report["dataset_findings"])
    assert sum(len(r["reasons"]) for r in rejected) == row_findings
    findings = [json.loads(x) for x in fnd.read_text("utf-8").splitlines()]
    assert len(findings) == row_findings
    assert findings[0]["line"] == 1 and findings[-1]["line"] == 600
    assert {"path", "line", "rule", "severity", "field", "message"} <= findings[0].keys()
    assert rejected[0]["record"] == json.loads(data.read_text("utf-8").splitlines()[0])
    reasons = {(x["rule"], x.get("field")) for x in rejected[0]["reasons"]}
    assert ("required-field", "reasoning") in reasons and ("critique-parts", "critique") in reasons
    assert len(report["findings"]) <= 20 * len(report["rules"])


def test_quarantine_needs_the_run(tmp_path: Path) -> None:
    data = write_messy_jsonl(tmp_path / "m.jsonl", 10)
    report = Validator(workers=1).validate_paths(data)
    loaded = type(report).model_validate_json(report.to_json())
    with pytest.raises(ValueError, match="validate again"):
        quarantine(loaded, out=tmp_path / "o.jsonl")


def test_minhash_runs_on_distinct_texts_only() -> None:
    finder = NearDuplicateFinder(0.5)
    texts = ["um texto repetido muitas vezes aqui e ali", "outro texto bem diferente do primeiro"]
    for i in range(1000):
        finder.add(texts[i % 2])
    finder.add("um texto repetido muitas vezes aqui e ali de novo")
    assert sum(block.shape[1] for block in finder._blocks()) == 3
    clusters = finder.clusters()
    assert sorted(len(c) for c in clusters) == [500, 501]
    assert 1000 in max(clusters, key=len)  # the near-duplicate joins its cluster


_text = st.one_of(st.text(max_size=70), st.integers(), st.none(), st.lists(st.text(max_size=9)))
_values = st.one_of(
    st.lists(st.sampled_from(["verdade", "sabedoria", "justica", "x", 3]), max_size=3),
    st.text(max_size=10),
    st.none(),
)


@settings(max_examples=400, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "id",
                "category",
                "prompt",
                "response_initial",
                "critique",
                "response_revised",
                "reasoning",
                "source_id",
                "technique",
            ]
        ),
        _text,
    ),
    _values,
    st.one_of(st.sampled_from(["easy", "medium", "hard", "Hard", ""]), st.integers()),
    st.booleans(),
)
def test_schema_rules_agree_with_the_schema(
    fields: dict[str, Any], values: Any, difficulty: Any, complete: bool
) -> None:
    """The validator trusts the built-in rules for validity: they must agree with pydantic."""
    data = {**record(1), **fields} if complete else dict(fields)
    data["values_applied"] = values
    data["difficulty"] = difficulty
    if isinstance(data.get("id"), str) and data["id"] and not data["id"].strip():
        data["id"] = "x"  # whitespace-only ids: the empty-field rule is stricter by design
    if isinstance(data.get("category"), str) and data["category"] and not data["category"].strip():
        data["category"] = "x"
    try:
        Example.model_validate(data)
        expected = True
    except ValidationError:
        expected = False
    assert schema_valid(data) is expected
    fired = any(list(rule().check(data)) for rule in SCHEMA_RULES.values())
    assert fired is not expected


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and fork: Linux only")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_worker_dies_with_killed_validate(tmp_path: Path, sig: signal.Signals) -> None:
    """Issue 14 item 4: a killed `noesis validate` must not leave its hashing children behind."""
    data = write_messy_jsonl(tmp_path / "m.jsonl", 30_000)
    code = "from noesis_trainer.cli import main; main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "validate", str(data), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children: list[int] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        children = _children(proc.pid)
        if len(children) >= 2:
            break
        time.sleep(0.05)
    if proc.poll() is not None or not children:
        pytest.skip("validation ended before its children could be seen (machine too fast)")
    proc.send_signal(sig)
    proc.wait(30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(c) for c in children):
        time.sleep(0.05)
    assert not [c for c in children if _alive(c)]


def test_cli_examples_option_bounds_the_report(tmp_path: Path) -> None:
    data = write_messy_jsonl(tmp_path / "m.jsonl", 300)
    rep = tmp_path / "r.json"
    result = runner.invoke(app, ["validate", str(data), "--report", str(rep), "--examples", "3"])
    assert result.exit_code == 1, result.output
    report = json.loads(rep.read_text("utf-8"))
    kept: dict[str, int] = {}
    for f in report["findings"]:
        kept[f["rule"]] = kept.get(f["rule"], 0) + 1
    assert set(kept.values()) == {3}
    assert {c["size"] for c in report["clusters"]} and all(
        len(c["locations"]) == 3 for c in report["clusters"]
    )
    bad = runner.invoke(app, ["validate", str(data), "--examples", "-1"])
    assert bad.exit_code == 2
