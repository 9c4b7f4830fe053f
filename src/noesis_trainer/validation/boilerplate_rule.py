"""Dataset rule ``boilerplate``: answers whose sentences many different seeds share.

Registered through the ``register_rules`` hook like any plugin. It speaks once per run when more
than `MAX_MOSTLY_SHARE` of the rows are mostly boilerplate (`noesis_trainer.core.boilerplate`): the
figures, the worst sentences and how many seeds share each. Near-duplicate rules cannot see this:
the answers differ as wholes while repeating the same scaffolding sentence by sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from noesis_trainer.core.boilerplate import BoilerplateCounter
from noesis_trainer.plugins import hookimpl
from noesis_trainer.validation.rules import DatasetRule, GroupHit, ValidatorConfig

if TYPE_CHECKING:  # pragma: no cover
    from noesis_trainer.core.dataset import DatasetStats

MAX_MOSTLY_SHARE = 0.10
"""Share of mostly-boilerplate rows above which the rule warns (issue 17's acceptance bar)."""


class BoilerplateRule(DatasetRule):
    id = "boilerplate"
    severity = "warning"
    message = "answers mostly made of sentences that the variations of many seeds share"
    fix = (
        "build each variation from its own seed's material (noesis generate does); a model "
        "trained on shared scaffolding learns the scaffolding, not the reasoning"
    )

    def reset(self, options: ValidatorConfig) -> None:
        self._counter = BoilerplateCounter()

    summarizes = True

    def summarize(self, record: Mapping[str, Any], valid: bool) -> tuple[int, ...] | None:
        """The answer's sentence hashes (the costly part: splitting), for a valid record."""
        answer = record.get("response_revised")
        if valid and isinstance(answer, str):
            return self._counter.hashes(answer)
        return None

    def observe(self, row: int, record: Mapping[str, Any], valid: bool) -> None:
        self.observe_summary(row, record, valid, self.summarize(record, valid))

    def observe_summary(
        self, row: int, record: Mapping[str, Any], valid: bool, summary: Any
    ) -> None:
        if summary is not None:
            self._counter.add_record_hashed(record, summary)

    def finish(self, stats: DatasetStats) -> Iterable[GroupHit]:
        report = self._counter.report()
        if not report.rows:
            return
        if report.row_share_mostly <= MAX_MOSTLY_SHARE:
            return
        worst = "; ".join(f"{s.text[:60]!r} ({s.seeds} seeds)" for s in report.worst[:3])
        # Dataset level only: the rows are not wrong one by one (with --strict, per-row warnings
        # would quarantine them); the figures name the worst sentences instead.
        yield GroupHit(
            f"{report.row_share_mostly:.1%} of rows are mostly boilerplate "
            f"({report.sentence_share:.1%} of sentences shared by >= {report.min_seeds} seeds); "
            f"worst: {worst}",
            field="response_revised",
            figures=report.to_dict(),
        )


@hookimpl
def register_rules(register: Callable[[Any], None]) -> None:
    register(BoilerplateRule())
