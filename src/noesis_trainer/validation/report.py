"""`ValidationReport`: what a validation run found, as data (JSON), as Markdown and on a console.

The pass rate is the share of rows with no error-level finding: the figure the seed printed as
"100% success rate", except that here a row stops nothing and every rule is counted.

The report is bounded: per-rule counts, the first K findings of each rule (``findings``), the
largest clusters with K sample locations each, and the dataset-level findings. Its size does not
grow with the number of findings; every row's reasons stay with the run (`RowVerdicts`, attached
to the report object, not serialized) for the rejects file and the findings stream.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field, PrivateAttr, computed_field
from rich.console import Console
from rich.table import Table

from noesis_trainer.core.dataset import DatasetStats
from noesis_trainer.validation.rules import SEVERITY_RANK, Severity

if TYPE_CHECKING:  # pragma: no cover
    from noesis_trainer.validation.rows import RowVerdicts


@dataclass(slots=True)
class Finding:
    """One problem: which rule, how serious, where (``path:line`` and field), and why.

    A plain dataclass (pydantic serializes it inside the report): a large file can have
    hundreds of thousands of findings and building a model per finding would dominate the run.
    """

    rule: str
    severity: Severity
    message: str
    path: str | None = None
    line: int | None = None
    end_line: int | None = None
    field: str | None = None
    row: int | None = None
    """Index of the row in reading order (0-based); None for dataset-level findings."""
    figures: dict[str, Any] | None = None
    """The numbers behind a dataset-level finding (shares, counts)."""

    @property
    def location(self) -> str:
        if self.path is None:
            return "(dataset)"
        return f"{self.path}:{self.line}"

    def __str__(self) -> str:
        where = self.location + (f" [{self.field}]" if self.field else "")
        return f"{where}: {self.severity} {self.rule}: {self.message}"


@dataclass(slots=True)
class Cluster:
    """A group of rows found together: duplicates of one text, or a shared generic sentence."""

    rule: str
    kind: Literal["exact", "near"]
    field: str | None
    size: int
    locations: list[str]
    """``path:line`` of the first K members (K: the report's ``examples_per_rule``); the first
    is the one kept."""
    preview: str | None = None
    """The representative text (the first member's, cut at 300 characters)."""
    id: int = 0
    """Number of the cluster within the run (1-based, in the order the rules found them)."""


class RuleSummary(BaseModel):
    id: str
    severity: Severity
    scope: str
    message: str
    fix: str
    findings: int = 0
    rows: int = 0


class ValidationReport(BaseModel):
    """Totals, per-rule counts, located findings, clusters and statistics of one run."""

    sources: list[str] = Field(default_factory=list)
    total_rows: int = 0
    """Records read: each non-blank line, or each block of lines a multi-line object spans."""
    rows_with_errors: int = 0
    rows_with_warnings: int = 0
    rules: list[RuleSummary] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    """The first `examples_per_rule` row-level findings of each rule, in reading order; the
    counts are in ``rules``, every finding in the rejects file or the findings stream."""
    dataset_findings: list[Finding] = Field(default_factory=list)
    clusters: list[Cluster] = Field(default_factory=list)
    """The largest clusters of each rule; ``cluster_counts`` counts them all."""
    cluster_counts: dict[str, int] = Field(default_factory=dict)
    """Clusters found per ``rule/kind``."""
    examples_per_rule: int = 20
    stats: DatasetStats | None = None
    options: dict[str, Any] = Field(default_factory=dict)
    seconds: float = 0.0
    _rows: RowVerdicts | None = PrivateAttr(default=None)

    def attach_rows(self, rows: RowVerdicts) -> None:
        """Keep the run's per-row verdicts with this report (for `quarantine`, findings)."""
        self._rows = rows

    @property
    def row_verdicts(self) -> RowVerdicts | None:
        """Every row's reasons, when this report comes from a run (not from JSON)."""
        return self._rows

    # -- figures -----------------------------------------------------------------------------
    @computed_field  # type: ignore[prop-decorator]
    @property
    def valid_rows(self) -> int:
        return self.total_rows - self.rows_with_errors

    @computed_field  # type: ignore[prop-decorator]
    @property
    def pass_rate(self) -> float:
        """Share of rows with no error (0.0 for an empty input: nothing passed)."""
        return self.valid_rows / self.total_rows if self.total_rows else 0.0

    @property
    def counts(self) -> dict[str, int]:
        """Findings per rule id (row and dataset level), rules without findings left out."""
        return {r.id: r.findings for r in self.rules if r.findings}

    def count(self, rule_id: str) -> int:
        return self.counts.get(rule_id, 0)

    def rows_for(self, rule_id: str) -> list[Finding]:
        """The kept findings of `rule_id` (at most `examples_per_rule`; the count is `count`)."""
        return [f for f in self.findings if f.rule == rule_id]

    def clusters_for(self, rule_id: str, kind: str | None = None) -> list[Cluster]:
        return [c for c in self.clusters if c.rule == rule_id and (kind is None or c.kind == kind)]

    def failing(self, strict: bool = False) -> list[Finding]:
        """Kept findings at the failing level: errors, plus warnings with `strict`."""
        floor = SEVERITY_RANK["warning" if strict else "error"]
        return [
            f
            for f in (*self.findings, *self.dataset_findings)
            if SEVERITY_RANK[f.severity] >= floor
        ]

    def ok(self, strict: bool = False) -> bool:
        """No finding at the failing level (errors; warnings too with `strict`)."""
        floor = SEVERITY_RANK["warning" if strict else "error"]
        if self.rows_with_errors or (strict and self.rows_with_warnings):
            return False
        return not any(
            SEVERITY_RANK[f.severity] >= floor
            for findings in (self.dataset_findings, self.findings)
            for f in findings
        )

    def rejected_locations(self, strict: bool = False) -> dict[tuple[str, int], list[Finding]]:
        """``(path, line)`` of each row to quarantine, with every finding of that row."""
        floor = SEVERITY_RANK["warning" if strict else "error"]
        rows = self._rows
        if rows is not None:
            failing = rows.failing(strict).tolist()
            out: dict[tuple[str, int], list[Finding]] = {}
            for row, keys in rows.row_keys():
                if failing[row]:
                    path, line = rows.paths[rows.row_path[row]], rows.row_line[row]
                    out[(path, line)] = [
                        Finding(r, s, m, path, line, rows.end_lines.get(row), f, row)  # type: ignore[arg-type]
                        for r, s, f, m in (rows.keys[k] for k in keys)
                    ]
            return out
        by_row: dict[tuple[str, int], list[Finding]] = {}
        for f in self.findings:
            if f.path is not None and f.line is not None:
                by_row.setdefault((f.path, f.line), []).append(f)
        return {
            k: v for k, v in by_row.items() if any(SEVERITY_RANK[f.severity] >= floor for f in v)
        }

    # -- output ------------------------------------------------------------------------------
    def to_json(self, *, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.model_dump_json())
        return data

    def headline(self) -> str:
        return (
            f"{self.valid_rows}/{self.total_rows} rows without errors "
            f"({self.pass_rate:.1%} pass rate); {self.rows_with_warnings} rows with warnings; "
            f"{sum(self.cluster_counts.values()) or len(self.clusters)} clusters"
        )

    def to_markdown(self, *, max_findings: int = 200) -> str:
        lines = [
            "# Validation report",
            "",
            f"- Sources: {', '.join(f'`{s}`' for s in self.sources) or '(in memory)'}",
            f"- Rows: {self.total_rows}; without errors: {self.valid_rows} "
            f"(**{self.pass_rate:.1%}** pass rate)",
            f"- Rows with warnings: {self.rows_with_warnings}",
            f"- Time: {self.seconds:.2f} s",
            "",
            "## Rules",
            "",
            "| rule | severity | findings | rows | what to do |",
            "|---|---|---:|---:|---|",
        ]
        for r in self.rules:
            if r.findings:
                fix = r.fix.replace("|", "\\|")
                lines.append(f"| `{r.id}` | {r.severity} | {r.findings} | {r.rows} | {fix} |")
        if self.dataset_findings:
            lines += ["", "## Dataset", ""]
            lines += [f"- **{f.rule}** ({f.severity}): {f.message}" for f in self.dataset_findings]
        if self.clusters:
            by_rule = self.cluster_counts or {
                f"{rule}/{kind}": n
                for (rule, kind), n in Counter((c.rule, c.kind) for c in self.clusters).items()
            }
            lines += ["", "## Clusters", ""]
            lines += [f"- `{key}`: {n}" for key, n in sorted(by_rule.items())]
            lines += ["", "Largest:", ""]
            for c in sorted(self.clusters, key=lambda c: -c.size)[:10]:
                shown = ", ".join(c.locations[:4]) + (" ..." if c.size > 4 else "")
                text = (c.preview or "")[:80].replace("|", "\\|").replace("\n", " ")
                lines.append(f"- #{c.id} `{c.rule}` {c.kind}, {c.size} rows: {shown} {text!r}")
        if self.findings:
            lines += ["", f"## Findings (the first {self.examples_per_rule} of each rule)", ""]
            for f in self.findings[:max_findings]:
                field = f" `{f.field}`" if f.field else ""
                msg = f.message.replace("|", "\\|")
                lines.append(f"- `{f.location}`{field} **{f.rule}** ({f.severity}): {msg}")
            total = sum(r.findings for r in self.rules if r.scope != "dataset") or len(
                self.findings
            )
            if total > max_findings:
                lines.append(
                    f"- ... and {total - max_findings} more (the rejects file or "
                    "`--findings` has every one)"
                )
        return "\n".join(lines) + "\n"

    def print_summary(self, console: Console | None = None, *, max_findings: int = 10) -> None:
        """A short rich summary: the headline, a table of rules with findings, first findings."""
        console = console or Console(highlight=False)
        style = "green" if self.ok() else "red"
        console.print(self.headline(), style=style, markup=False)
        hit = [r for r in self.rules if r.findings]
        if hit:
            table = Table(show_header=True, header_style="bold")
            table.add_column("rule")
            table.add_column("severity")
            table.add_column("findings", justify="right")
            table.add_column("rows", justify="right")
            for r in hit:
                colour = {"error": "red", "warning": "yellow"}.get(r.severity, "cyan")
                table.add_row(
                    r.id, f"[{colour}]{r.severity}[/{colour}]", str(r.findings), str(r.rows)
                )
            console.print(table)
        for f in self.dataset_findings:
            console.print(f"{f.severity} {f.rule}: {f.message}", markup=False)
        for f in self.findings[:max_findings]:
            console.print(str(f), markup=False)
        total = sum(r.findings for r in self.rules) - len(self.dataset_findings)
        if total > max_findings:
            console.print(
                f"... {total - max_findings} more findings (every one in --rejects or --findings)",
                markup=False,
            )
