"""Built-in rules on crafted records: each rule fires where it should, with the specific id."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer import Dataset
from noesis_trainer.validation import Validator, ValidatorConfig
from tests.strategies import json_values
from tests.validation.helpers import record, write_jsonl


def _rules_of(report, row: int = 0) -> dict[str, list[str | None]]:
    out: dict[str, list[str | None]] = {}
    for f in report.findings:
        if f.row == row:
            out.setdefault(f.rule, []).append(f.field)
    return out


def test_clean_rows_have_no_row_findings(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "ok.jsonl", [record(i) for i in range(1, 4)])
    report = Validator().validate(path)
    assert report.total_rows == 3
    assert report.findings == []
    assert report.pass_rate == 1.0
    assert report.ok(strict=True)


def test_row_with_several_broken_rules_reports_all(tmp_path: Path) -> None:
    bad = record(
        1,
        prompt="curto",
        values_applied="verdade, sabedoria",
        difficulty="Hard",
        response_revised="TODO: escrever {concept} aqui",
        critique="só uma opinião",
    )
    del bad["reasoning"]
    path = write_jsonl(tmp_path / "bad.jsonl", [bad, record(2)])
    report = Validator().validate(path)
    rules = _rules_of(report, 0)
    assert rules == {
        "required-field": ["reasoning"],
        "values-as-string": ["values_applied"],
        "difficulty-vocabulary": ["difficulty"],
        "prompt-too-short": ["prompt"],
        "response-too-short": ["response_revised"],
        "placeholder-marker": ["response_revised"],
        "unrendered-template": ["response_revised"],
        "critique-parts": ["critique"],
    }
    assert all(f.location == f"{path}:1" for f in report.findings if f.row == 0)
    assert "schema" not in rules  # every schema problem was named by a specific rule
    assert report.total_rows == 2 and report.valid_rows == 1  # row 2 still checked, and clean
    assert _rules_of(report, 1) == {}


@pytest.mark.parametrize(
    ("over", "rule", "field"),
    [
        ({"values_applied": ["verdade", "coragem"]}, "values-vocabulary", "values_applied"),
        ({"values_applied": []}, "values-vocabulary", "values_applied"),
        ({"values_applied": 3}, "field-type", "values_applied"),
        ({"prompt": 42}, "field-type", "prompt"),
        ({"source_id": 7}, "field-type", "source_id"),
        ({"category": "  "}, "empty-field", "category"),
        ({"reasoning": "Use {{ nome }} aqui."}, "unrendered-template", "reasoning"),
        ({"response_revised": "x" * 60 + " lorem Ipsum"}, "placeholder-marker", "response_revised"),
        # Mixed case inside "ipsum": the cheap pre-test once looked only for "psum" and "PSUM".
        ({"response_revised": "x" * 60 + " Lorem IpSum"}, "placeholder-marker", "response_revised"),
        ({"response_revised": "x" * 60 + " FIXME"}, "placeholder-marker", "response_revised"),
    ],
)
def test_specific_rule(tmp_path: Path, over: dict, rule: str, field: str) -> None:
    path = write_jsonl(tmp_path / "one.jsonl", [record(1, **over)])
    rules = _rules_of(Validator().validate(path))
    assert rules.get(rule) == [field], rules


def test_lowercase_todo_is_portuguese_not_a_marker(tmp_path: Path) -> None:
    text = "Em todo caso, " + "a prudência pesa as consequências e os deveres. " * 2
    path = write_jsonl(tmp_path / "pt.jsonl", [record(1, response_revised=text)])
    assert Validator().validate(path).findings == []


def test_math_braces_are_not_templates(tmp_path: Path) -> None:
    text = "O conjunto {1, 2, 3} tem três elementos; " * 3
    path = write_jsonl(tmp_path / "m.jsonl", [record(1, response_revised=text)])
    assert Validator().validate(path).findings == []


def test_duplicates_exact_and_near_are_clusters(tmp_path: Path) -> None:
    rows = [record(i) for i in range(1, 5)]
    rows.append(record(5, prompt=rows[0]["prompt"]))  # exact duplicate prompt of row 1
    rows.append(record(6, response_revised=rows[1]["response_revised"] + " Mais uma frase."))
    rows.append(record(7, id="teste_001"))  # duplicate id
    path = write_jsonl(tmp_path / "d.jsonl", rows)
    report = Validator().validate(path)
    prompt = report.clusters_for("duplicate-prompt")
    assert [(c.kind, c.locations) for c in prompt] == [("exact", [f"{path}:1", f"{path}:5"])]
    resp = report.clusters_for("duplicate-response")
    assert [(c.kind, c.locations) for c in resp] == [("near", [f"{path}:2", f"{path}:6"])]
    assert [f.location for f in report.rows_for("duplicate-id")] == [f"{path}:7"]
    # the first of a cluster is kept; the others carry a warning naming it
    assert [f.row for f in report.rows_for("duplicate-prompt")] == [4]
    assert f"{path}:1" in report.rows_for("duplicate-prompt")[0].message
    assert report.ok() is False  # duplicate-id is an error
    assert report.rows_with_errors == 1


def test_generic_response_initial(tmp_path: Path) -> None:
    rows = [
        record(i, category=f"tema{i % 3}", response_initial=f"Resposta básica sobre tema{i % 3}.")
        for i in range(1, 7)
    ]
    path = write_jsonl(tmp_path / "g.jsonl", rows)
    report = Validator(options=ValidatorConfig(generic_min_rows=6)).validate(path)
    assert report.count("generic-response-initial") == 6
    (cluster,) = report.clusters_for("generic-response-initial")
    assert cluster.preview == "Resposta básica sobre {category}."
    assert (
        Validator(options=ValidatorConfig(generic_min_rows=7))
        .validate(path)
        .count("generic-response-initial")
        == 0
    )


def test_distribution_rules_give_figures(tmp_path: Path) -> None:
    rows = [record(i, difficulty="easy", values_applied=["verdade"]) for i in range(1, 11)]
    path = write_jsonl(tmp_path / "dist.jsonl", rows)
    report = Validator(options=ValidatorConfig(distribution_min_rows=10)).validate(path)
    by_rule = {f.rule: f for f in report.dataset_findings}
    assert set(by_rule) == {"category-count", "difficulty-mix", "value-distribution"}
    assert by_rule["category-count"].figures["categories"] == 1
    assert by_rule["difficulty-mix"].figures["shares"] == {"hard": 0.0, "medium": 0.0, "easy": 1.0}
    shares = by_rule["value-distribution"].figures["share_of_rows"]
    assert shares["verdade"] == 1.0 and shares["humildade"] == 0.0
    # warnings only: not failing unless strict
    assert report.ok() and not report.ok(strict=True)
    assert Validator().validate(path).dataset_findings == []  # below the 200-row default


def test_reference_overlap(tmp_path: Path) -> None:
    train = write_jsonl(tmp_path / "train.jsonl", [record(i) for i in range(1, 6)])
    ev_rows = [
        record(1, id="e1"),
        record(9, id="e2"),
        record(10, id="e3", response_revised=record(3)["response_revised"] + " Fim."),
    ]
    ev = write_jsonl(tmp_path / "eval.jsonl", ev_rows)
    report = Validator(reference=train).validate(ev)
    flagged = {f.line: f.message for f in report.rows_for("reference-overlap")}
    assert set(flagged) == {1, 3}
    assert "identical" in flagged[1] and "near-duplicate" in flagged[3]
    assert Validator().validate(ev).count("reference-overlap") == 0


def test_in_memory_dataset_and_load_problems(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "mix.jsonl",
        [record(1), record(2, values_applied="verdade"), "{not json", record(3)],
    )
    ds = Dataset.load(path)
    report = Validator().validate(ds)
    assert report.total_rows == 4
    assert report.valid_rows == 2
    assert {f.rule for f in report.findings} == {"values-as-string", "invalid-json"}
    assert {f.location for f in report.findings} == {f"{path}:2", f"{path}:3"}
    streamed = Validator().validate(path)
    assert {(f.rule, f.location) for f in streamed.findings} == {
        (f.rule, f.location) for f in report.findings
    }


JSON_VALUES = json_values(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([*record(1).keys(), "source_id", "technique", "messages", "x"]),
        JSON_VALUES,
        max_size=12,
    )
)
def test_any_record_gets_findings_never_an_exception(raw: dict) -> None:
    """Whatever the types, every rule runs and the row is counted exactly once."""
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.jsonl"
        path.write_text(json.dumps(raw) + "\n" + json.dumps(record(2)) + "\n", encoding="utf-8")
        report = Validator().validate(path)
    assert report.total_rows == 2
    assert not [f for f in report.findings if f.message.startswith("rule raised")]
    assert all(f.line in (1, 2) for f in report.findings)
    assert report.valid_rows >= 1  # the good row after it is still checked and valid
