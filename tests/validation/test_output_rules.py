"""The output-failure rules in the Validator: registered like the built-ins, one clear finding
naming the failure, on `response_revised` only."""

from __future__ import annotations

from pathlib import Path

from noesis_trainer.validation import Validator
from tests.validation.helpers import record, write_jsonl

GOOD = (
    "A prudência pesa o caso antes da regra: primeiro ouvir as partes, depois medir o risco, e "
    "só então escolher. Por isso duas situações parecidas podem pedir respostas diferentes."
)


def test_generation_failures_in_revised_answers_are_findings(tmp_path: Path) -> None:
    rows = [
        record(1, response_revised=GOOD),
        record(2, response_revised=GOOD + " <|eot_id|><|start_header_id|>user<|end_header_id|>"),
        record(3, response_revised="A prudência é " + "o meio certo, " * 12 + "o meio certo."),
        record(4, response_revised="[ANÁLISE DETALHADA COM CITAÇÕES]\n\n" + GOOD),
        record(5, response_revised=GOOD + " E por isso a prudência pede que a gente"),
        # The flawed draft is flawed on purpose: not checked.
        record(6, response_revised=GOOD, response_initial="ok ok ok ok ok ok ok ok ok ok"),
    ]
    report = Validator().validate(write_jsonl(tmp_path / "r.jsonl", rows))
    mine = [
        (f.rule, f.line, f.field) for f in report.findings if f.rule.startswith("response-output")
    ]
    assert mine == [
        ("response-output-failure", 2, "response_revised"),
        ("response-output-failure", 3, "response_revised"),
        ("response-output-failure", 4, "response_revised"),
        ("response-output-doubt", 5, "response_revised"),
    ]
    by_line = {f.line: f for f in report.findings if f.rule.startswith("response-output")}
    text = {line: f.message for line, f in by_line.items()}
    assert "<|eot_id|>" in text[2]
    assert "x 13" in text[3]
    assert "ANÁLISE DETALHADA" in text[4]
    assert "mid-sentence" in text[5]
    severities = {r.id: r.severity for r in report.rules}
    assert severities["response-output-failure"] == "error"
    assert severities["response-output-doubt"] == "warning"
