"""The training example of stage 1: nine required fields, two vocabularies, optional provenance.

The model is the single source of truth for what a valid record is; `example_json_schema()` derives
the JSON Schema (2020-12) from it so that tools outside Python validate the same thing.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictStr

REQUIRED_FIELDS: tuple[str, ...] = (
    "id",
    "category",
    "prompt",
    "response_initial",
    "critique",
    "response_revised",
    "reasoning",
    "values_applied",
    "difficulty",
)
"""The nine fields every example must carry, in the seed's order."""

PROVENANCE_FIELDS: tuple[str, ...] = ("source_id", "parent_id", "technique")

MIN_PROMPT_CHARS = 10
MIN_RESPONSE_REVISED_CHARS = 50


class Value(StrEnum):
    """The six values of the seed; the first three are the Tribunal's virtues."""

    VERDADE = "verdade"
    SABEDORIA = "sabedoria"
    JUSTICA = "justica"
    FLORESCIMENTO = "florescimento"
    ALIANCA = "alianca"
    HUMILDADE = "humildade"


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class Example(BaseModel):
    """One constitutional training example (stage 1 of the seed process).

    Unknown fields are kept (``extra="allow"``) so that a load/save round trip loses nothing.
    Strings are strict: a number where text is expected is an error, not silently converted.
    """

    model_config = ConfigDict(
        extra="allow",
        frozen=False,
        use_enum_values=False,
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    id: StrictStr = Field(min_length=1, description="Unique identifier, e.g. 'ethics_001'.")
    category: StrictStr = Field(min_length=1, description="Topic category of the example.")
    prompt: StrictStr = Field(
        min_length=MIN_PROMPT_CHARS, description="The user's question or situation."
    )
    response_initial: StrictStr = Field(
        description="A shallow or wrong answer, the 'before' of Constitutional AI."
    )
    critique: StrictStr = Field(
        description="The Tribunal's critique: [VERITAS] ... [SOPHIA] ... [DIKE] ..."
    )
    response_revised: StrictStr = Field(
        min_length=MIN_RESPONSE_REVISED_CHARS, description="The good answer after the critique."
    )
    reasoning: StrictStr = Field(description="Why the revised answer is better.")
    values_applied: list[Value] = Field(
        min_length=1, description="Values the revised answer applies (at least one)."
    )
    difficulty: Difficulty = Field(description="easy, medium or hard.")

    source_id: StrictStr | None = Field(
        default=None, description="Id of the seed example this one derives from."
    )
    parent_id: StrictStr | None = Field(
        default=None, description="Id of the direct parent (a seed or another variation)."
    )
    technique: StrictStr | None = Field(
        default=None, description="Variation technique that produced this example."
    )

    @property
    def extra_fields(self) -> dict[str, Any]:
        """Fields outside the schema, kept as they were read."""
        return dict(self.__pydantic_extra__ or {})

    @property
    def group_key(self) -> str:
        """The seed this example belongs to: its `source_id`, or its own id for a seed."""
        return self.source_id or self.id

    def to_record(self) -> dict[str, Any]:
        """A plain JSON-ready dict: required fields first, provenance if set, then extras."""
        record: dict[str, Any] = {
            "id": self.id,
            "category": self.category,
            "prompt": self.prompt,
            "response_initial": self.response_initial,
            "critique": self.critique,
            "response_revised": self.response_revised,
            "reasoning": self.reasoning,
            "values_applied": [v.value for v in self.values_applied],
            "difficulty": self.difficulty.value,
        }
        for name in PROVENANCE_FIELDS:
            value = getattr(self, name)
            if value is not None:
                record[name] = value
        record.update(self.extra_fields)
        return record


def example_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of one example record, as accepted by `Example`."""
    schema = Example.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://noesis-trainer.dev/schema/example.json"
    schema["additionalProperties"] = True
    return schema
