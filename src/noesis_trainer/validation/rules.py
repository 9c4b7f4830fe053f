"""What a validation rule is: an id, a severity, a message, a fix hint, and a check.

Two kinds exist because they cost differently. A `RowRule` looks at one raw record at a time
(the dict as read from the file, before any schema coercion, so it can say *what exactly* is
wrong). A `DatasetRule` observes every row and speaks once at the end (duplicates, distributions);
it is reset before each run, so one instance serves many runs.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

if TYPE_CHECKING:  # pragma: no cover
    from noesis_trainer.core.dataset import DatasetStats

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


@runtime_checkable
class Rule(Protocol):
    """Anything with these four attributes describes a rule; see `RowRule` and `DatasetRule`."""

    id: str
    severity: Severity
    message: str
    fix: str


@dataclass(frozen=True, slots=True)
class Hit:
    """One problem a row rule found in a record: a detail sentence and the field concerned."""

    detail: str
    field: str | None = None


@dataclass(slots=True)
class GroupHit:
    """What a dataset rule reports at the end.

    ``flag_rows`` get a per-row finding (row indices in reading order); ``rows`` are all the
    rows concerned (a duplicate cluster: the kept first row and the flagged others). ``kind``
    marks clusters (``"exact"`` or ``"near"``); ``figures`` carries the numbers behind a
    distribution warning.
    """

    detail: str
    rows: tuple[int, ...] = ()
    flag_rows: tuple[int, ...] = ()
    kind: str | None = None
    field: str | None = None
    preview: str | None = None
    figures: dict[str, Any] = dc_field(default_factory=dict)
    row_detail: str | None = None
    """Message for each flagged row; ``{first}`` is replaced by the first row's location."""


@dataclass(frozen=True, slots=True)
class ValidatorConfig:
    """Tunable thresholds shared with dataset rules at the start of each run."""

    duplicate_threshold: float = 0.5
    """Estimated Jaccard (word 5-grams) from which two texts are near-duplicates; see docs."""
    generic_min_rows: int = 20
    """A one-sentence `response_initial` reused by at least this many rows is generic."""
    distribution_min_rows: int = 200
    """Category/difficulty/value distribution rules speak only from this many valid rows."""
    category_range: tuple[int, int] = (20, 30)
    difficulty_target: tuple[tuple[str, float], ...] = (
        ("hard", 0.6),
        ("medium", 0.3),
        ("easy", 0.1),
    )
    difficulty_tolerance: float = 0.15
    value_min_share: float = 0.05
    reference_texts: tuple[str, ...] = ()
    """Answers of another split (training rows): rows of this run that repeat one are leaks."""
    reference_label: str = "reference"
    workers: int = 1
    """Processes a run may use (set by `Validator` per run; >1 moves dedup to a child)."""


class _RuleBase:
    id: str = ""
    severity: Severity = "error"
    message: str = ""
    fix: str = ""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} ({self.severity})>"


class RowRule(_RuleBase, ABC):
    """A rule on one raw record. `check` must not raise on any dict (wrong types included).

    ``schema_only = True`` declares that the rule can only fire on records the `Example` schema
    rejects too; the validator then skips it for records that pass the schema (speed).
    """

    schema_only: bool = False

    @abstractmethod
    def check(self, record: Mapping[str, Any]) -> Iterable[Hit]:
        """The problems of `record` (empty when it is fine)."""


class DatasetRule(_RuleBase, ABC):
    """A rule on the whole dataset: `reset`, then `observe` every row, then `finish` once.

    A rule that needs only the statistics of the valid rows sets ``observes = False``: it is
    not called per row and reads ``stats`` (a `DatasetStats`) in `finish`.
    """

    observes: bool = True
    summarizes: bool = False
    """True: the rule's per-row work is `summarize`, a pure function of one record, whose result
    `observe_summary` receives; the validator may compute it in its row worker process."""

    def reset(self, options: ValidatorConfig) -> None:
        """Forget the previous run; read thresholds from `options`."""

    def observe(self, row: int, record: Mapping[str, Any], valid: bool) -> None:
        """See one record (`valid`: it also passed the schema)."""

    def summarize(self, record: Mapping[str, Any], valid: bool) -> Any:
        """What `observe_summary` needs of one record (picklable; depends on nothing else)."""
        return None

    def observe_summary(
        self, row: int, record: Mapping[str, Any], valid: bool, summary: Any
    ) -> None:
        """`observe` with the record's `summarize` already computed."""
        self.observe(row, record, valid)

    def end_of_input(self) -> None:
        """Every row was observed: start slow work now (another process), `finish` collects."""

    @abstractmethod
    def finish(self, stats: DatasetStats) -> Iterable[GroupHit]:
        """What the rule has to say about everything it observed."""


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A rule known only by its description: the load-level problems of the reader."""

    id: str
    severity: Severity
    message: str
    fix: str


def describe(rule: Rule) -> dict[str, str]:
    kind = (
        "row"
        if isinstance(rule, RowRule)
        else "dataset"
        if isinstance(rule, DatasetRule)
        else "load"
    )
    return {
        "id": rule.id,
        "severity": rule.severity,
        "scope": kind,
        "message": rule.message,
        "fix": rule.fix,
    }


def check_rule(rule: object) -> Rule:
    """Refuse a registered object that is not a usable rule, naming what is missing."""
    missing = [a for a in ("id", "severity", "message", "fix") if not hasattr(rule, a)]
    if missing:
        raise TypeError(f"{rule!r} is not a validation rule: missing {', '.join(missing)}")
    severity = getattr(rule, "severity", None)
    if severity not in SEVERITIES:
        raise TypeError(f"rule {getattr(rule, 'id', rule)!r}: severity must be one of {SEVERITIES}")
    if not isinstance(rule, (RowRule, DatasetRule)) and not callable(getattr(rule, "check", None)):
        raise TypeError(
            f"rule {getattr(rule, 'id', rule)!r} has no check(record) method; subclass "
            "noesis_trainer.validation.RowRule or DatasetRule"
        )
    assert isinstance(rule, Rule)
    return rule
