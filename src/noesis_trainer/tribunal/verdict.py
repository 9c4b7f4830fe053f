"""Verdicts: weights of the virtues, thresholds, and the per-item `Verdict`.

Defaults are the seed's: total = 0.4 Veritas + 0.3 Sophia + 0.3 Dikē; > 0.7 APPROVED,
0.5-0.7 CONDITIONAL, < 0.5 REJECTED.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from noesis_trainer.tribunal.judge import Virtue
from noesis_trainer.tribunal.output_failures import FailureKind
from noesis_trainer.tribunal.relevance_settings import RelevanceSetting


class Status(StrEnum):
    APPROVED = "APPROVED"
    CONDITIONAL = "CONDITIONAL"
    REJECTED = "REJECTED"


class TribunalConfig(BaseModel):
    """Weights per virtue (renormalised over the virtues that have judges) and thresholds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    weights: dict[Virtue, float] = Field(
        default_factory=lambda: {Virtue.VERITAS: 0.4, Virtue.SOPHIA: 0.3, Virtue.DIKE: 0.3}
    )
    approve_above: float = Field(default=0.7, ge=0.0, le=1.0)
    reject_below: float = Field(default=0.5, ge=0.0, le=1.0)
    gate: bool = Field(
        default=True,
        description=(
            "Run the output-failure detectors (tribunal.output_failures) before the judges: "
            "an empty, looping, truncated, leaking, skeletal, echoed, wrong-language or misplaced "
            "answer is REJECTED with that failure as the reason of every judge's 0 score."
        ),
    )
    gate_kinds: tuple[FailureKind, ...] = Field(
        default=tuple(k for k in FailureKind if k is not FailureKind.MISPLACED),
        description=(
            "The output-failure kinds the gate rejects. MISPLACED (fits another prompt of the "
            "batch better) is left out by default: on the original data it flags 4-8% of good, "
            "terse answers whose prompts share words; the judges' relevance handles topic."
        ),
    )
    relevance: Literal[RelevanceSetting, "custom"] = Field(
        default="vectors",
        description=(
            "How the heuristic judges tell whether an answer addresses its prompt: shared topic "
            "words with a second look by static e5 word vectors at the answers they call off "
            "topic (vectors, the default: judges.word_vectors), shared topic words alone "
            "(lexical), sentence embeddings plus shared words (semantic: the optional extra "
            "noesis-trainer[semantic]; the setting calibrated on the shared data), shared words "
            "with a second look by that encoder (retrieval: same extra; judges.retrieval), or a "
            "RelevanceBackend given to the Tribunal (custom)."
        ),
    )

    @field_validator("weights")
    @classmethod
    def _non_negative(cls, weights: dict[Virtue, float]) -> dict[Virtue, float]:
        for virtue, weight in weights.items():
            if weight < 0:
                raise ValueError(f"weight of {virtue.value} must be >= 0, got {weight}")
        if not any(w > 0 for w in weights.values()):
            raise ValueError("at least one virtue must have a positive weight")
        return weights

    @model_validator(mode="after")
    def _ordered(self) -> TribunalConfig:
        if self.reject_below > self.approve_above:
            raise ValueError(
                f"reject_below ({self.reject_below}) must not exceed "
                f"approve_above ({self.approve_above})"
            )
        return self

    def status(self, total: float) -> Status:
        if total > self.approve_above:
            return Status.APPROVED
        if total < self.reject_below:
            return Status.REJECTED
        return Status.CONDITIONAL


class JudgeResult(BaseModel):
    """One judge's score and reason inside a verdict."""

    model_config = ConfigDict(frozen=True)

    virtue: Virtue
    score: float
    reason: str


class Verdict(BaseModel):
    """The Tribunal's decision on one (prompt, response): virtue scores, total, status, reasons."""

    model_config = ConfigDict(frozen=True)

    index: int
    prompt: str
    response: str
    judges: dict[str, JudgeResult]
    virtues: dict[Virtue, float]
    total: float
    status: Status
    failures: dict[str, str] = Field(default_factory=dict)
    """Output failures found by the gate (kind -> reason); non-empty means REJECTED by the gate
    before any judge ran."""

    @property
    def gated(self) -> bool:
        return bool(self.failures)

    @property
    def reasons(self) -> list[str]:
        """The gate's failures, else the judges' reasons lowest score first (what to fix first)."""
        if self.failures:
            return [f"gate: {reason}" for reason in self.failures.values()]
        ordered = sorted(self.judges.items(), key=lambda kv: kv[1].score)
        return [f"{name} {r.score:.2f}: {r.reason}" for name, r in ordered]

    def to_record(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
