"""Example schema: constraints of stage 1, extras kept, JSON Schema agrees with the model."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from noesis_trainer.core.schema import (
    REQUIRED_FIELDS,
    Difficulty,
    Example,
    Value,
    example_json_schema,
)


def valid_record(**overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "etica_001",
        "category": "etica",
        "prompt": "O que é uma ação justa?",
        "response_initial": "É fazer o certo.",
        "critique": "[VERITAS] vago\n[SOPHIA] raso\n[DIKE] ignora o outro",
        "response_revised": "Depende de quem pergunta e de qual tradição: Aristóteles, Kant "
        "e Rawls respondem de modos diferentes.",
        "reasoning": "Mostra perspectivas.",
        "values_applied": ["justica", "sabedoria"],
        "difficulty": "medium",
    }
    record.update(overrides)
    return record


def test_valid_record_round_trips_with_extras_kept() -> None:
    record = valid_record(language="pt", subcategory={"a": 1})
    example = Example.model_validate(record)
    assert example.values_applied == [Value.JUSTICA, Value.SABEDORIA]
    assert example.difficulty is Difficulty.MEDIUM
    assert example.extra_fields == {"language": "pt", "subcategory": {"a": 1}}
    assert example.to_record() == record
    assert example.group_key == "etica_001"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("prompt", "curta"),
        ("response_revised", "x" * 49),
        ("values_applied", []),
        ("values_applied", "verdade"),
        ("values_applied", ["coragem"]),
        ("difficulty", "extreme"),
        ("id", 7),
        ("critique", None),
    ],
)
def test_constraints_of_stage_one_reject(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as info:
        Example.model_validate(valid_record(**{field: value}))
    assert info.value.errors()[0]["loc"][0] == field


@pytest.mark.parametrize("field", REQUIRED_FIELDS)
def test_every_required_field_is_required(field: str) -> None:
    record = valid_record()
    del record[field]
    with pytest.raises(ValidationError):
        Example.model_validate(record)


def test_boundaries_are_inclusive() -> None:
    Example.model_validate(valid_record(prompt="x" * 10, response_revised="y" * 50))


def test_provenance_fields() -> None:
    e = Example.model_validate(valid_record(source_id="s1", parent_id="p1", technique="depth"))
    assert (e.source_id, e.parent_id, e.technique, e.group_key) == ("s1", "p1", "depth", "s1")
    assert e.to_record()["technique"] == "depth"


def test_json_schema_is_2020_12_and_valid() -> None:
    schema = example_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert set(REQUIRED_FIELDS) == set(schema["required"])


# -- property: pydantic and jsonschema accept and reject the same records ---------------------
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=60)
)
field_values: dict[str, st.SearchStrategy[Any]] = {
    "id": st.one_of(st.text(max_size=12), json_scalars),
    "category": st.one_of(st.text(max_size=12), json_scalars),
    "prompt": st.one_of(st.text(min_size=5, max_size=15), json_scalars),
    "response_initial": st.one_of(st.text(max_size=10), json_scalars),
    "critique": st.one_of(st.text(max_size=10), json_scalars),
    "response_revised": st.one_of(st.text(min_size=45, max_size=55), json_scalars),
    "reasoning": st.one_of(st.text(max_size=10), json_scalars),
    "values_applied": st.one_of(
        st.lists(st.sampled_from([v.value for v in Value] + ["coragem", ""]), max_size=3),
        json_scalars,
        st.lists(json_scalars, max_size=2),
    ),
    "difficulty": st.one_of(st.sampled_from(["easy", "medium", "hard", "Hard", ""]), json_scalars),
    "source_id": st.one_of(st.none(), st.text(max_size=5), st.integers()),
    "technique": st.one_of(st.none(), st.text(max_size=5), st.booleans()),
    "extra_field": json_scalars,
}


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    base = valid_record()
    out: dict[str, Any] = {}
    for name in [*list(REQUIRED_FIELDS), "source_id", "technique", "extra_field"]:
        mode = draw(st.sampled_from(["keep", "keep", "replace", "drop"]))
        if mode == "keep" and name in base:
            out[name] = base[name]
        elif mode == "replace":
            out[name] = draw(field_values[name])
    return out


VALIDATOR = jsonschema.Draft202012Validator(example_json_schema())


@settings(max_examples=400, deadline=None)
@given(records())
def test_pydantic_and_jsonschema_agree(record: dict[str, Any]) -> None:
    try:
        Example.model_validate(record)
        pydantic_ok = True
    except ValidationError:
        pydantic_ok = False
    assert VALIDATOR.is_valid(record) == pydantic_ok, record
