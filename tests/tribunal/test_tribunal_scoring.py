"""Score parsing from judge-model text: the formats models really use, and a property test."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from noesis_trainer.tribunal.scoring import parse_choice, parse_score


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7.5", 0.75),
        ("7/10", 0.7),
        ("0.8 (good)", 0.8),
        ("Score: 8 out of 10", 0.8),
        ("85%", 0.85),
        ("Nota: 7,5", 0.75),
        ("Score: **9**/10 because it is precise", 0.9),
        ("Rating: 4 out of 5", 0.8),
        ("The answer is decent. Score: 6", 0.6),
        ("2 + 2 = 4 is right. Score: 7/10", 0.7),
        ("Pontuação: 3 de 10 - superficial", 0.3),
        (".5", 0.5),
        ("10/10", 1.0),
        ("0", 0.0),
    ],
)
def test_parse_score_formats(text: str, expected: float) -> None:
    assert parse_score(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "no number here", "Score: 150", "11/10", "excellent!"])
def test_parse_score_gives_none_when_there_is_no_valid_score(text: str) -> None:
    assert parse_score(text) is None


TEMPLATES = (
    "{x10}",
    "{x10}/10",
    "Score: {x10}/10",
    "Score: {x10} out of 10",
    "score: {x10} out of 10. The answer is fine.",
    "Nota: {x10c}",
    "Nota: {x10c} de 10",
    "{pct}%",
    "{x1} (reasonable)",
    "Rating: {x10} / 10\nReason: it explains the idea.",
)


@given(
    value=st.integers(min_value=0, max_value=100).map(lambda v: v / 10),
    template=st.sampled_from(TEMPLATES),
)
def test_parse_score_recovers_the_written_value(value: float, template: str) -> None:
    # A bare number <= 1 is read on the unit scale (documented), so it is ambiguous on 0-10.
    bare_ten = template in ("{x10}", "Nota: {x10c}")
    assume(not (bare_ten and value <= 1))
    x10 = f"{value:g}"
    text = template.format(
        x10=x10, x10c=x10.replace(".", ","), pct=f"{value * 10:g}", x1=f"{value / 10:g}"
    )
    parsed = parse_score(text)
    assert parsed is not None
    assert parsed == pytest.approx(value / 10, abs=1e-9)
    assert 0.0 <= parsed <= 1.0


@given(st.text(max_size=300))
def test_parse_score_never_leaves_the_unit_interval(text: str) -> None:
    parsed = parse_score(text)
    assert parsed is None or 0.0 <= parsed <= 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [("A", "A"), ("Answer B is better.", "B"), ("Resposta: (B)", "B"), ("b", "B"), ("Both", None)],
)
def test_parse_choice(text: str, expected: str | None) -> None:
    assert parse_choice(text) == expected
