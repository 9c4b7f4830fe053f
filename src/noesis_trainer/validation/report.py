"""`ValidationReport`: what a validation run found, as data (JSON), as Markdown and on a console.

The pass rate is the share of rows with no error-level finding: the figure the seed printed as
"100% success rate", except that here a row stops nothing and every rule is counted.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field, computed_field
from rich.console import Console
from rich.table import Table

from noesis_trainer.dataset import DatasetStats
from noesis_trainer.validation.rules import SEVERITY_RANK, Severity


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
    """``path:line`` of every member; the first is the one kept."""
    preview: str | None = None


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
    """Row-level findings, in reading order."""
    dataset_findings: list[Finding] = Field(default_factory=list)
    clusters: list[Cluster] = Field(default_factory=list)
    stats: DatasetStats | None = None
    options: dict[str, Any] = Field(default_factory=dict)
    seconds: float = 0.0

    # -- figures -----------------------------------------------------------------------------
    @computed_field  # type: ignore[prop-decorator]
    @property
    def valid_rows(self) -> int:
        return self.total_rows - self.rows_with_errors

    @computed_field  # type: ignore[prop-decorator]
    @property
    def pass_rate(self) -> float:
        """Share of rows with no error (1.0 for an empty input)."""
        return self.valid_rows / self.total_rows if self.total_rows else 1.0

    @property
    def counts(self) -> dict[str, int]:
        """Findings per rule id (row and dataset level), rules without findings left out."""
        return {r.id: r.findings for r in self.rules if r.findings}

    def count(self, rule_id: str) -> int:
        return self.counts.get(rule_id, 0)

    def rows_for(self, rule_id: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule_id]

    def clusters_for(self, rule_id: str, kind: str | None = None) -> list[Cluster]:
        return [c for c in self.clusters if c.rule == rule_id and (kind is None or c.kind == kind)]

    def failing(self, strict: bool = False) -> list[Finding]:
        """Findings at the failing level: errors, plus warnings with `strict`."""
        floor = SEVERITY_RANK["warning" if strict else "error"]
        return [
            f
            for f in (*self.findings, *self.dataset_findings)
            if SEVERITY_RANK[f.severity] >= floor
        ]

    def ok(self, strict: bool = False) -> bool:
        """No finding at the failing level (errors; warnings too with `strict`)."""
        floor = SEVERITY_RANK["warning" if strict else "error"]
        return not any(
            SEVERITY_RANK[f.severity] >= floor
            for findings in (self.dataset_findings, self.findings)
            for f in findings
        )

    def rejected_locations(self, strict: bool = False) -> dict[tuple[str, int], list[Finding]]:
        """``(path, line)`` of each row to quarantine, with every finding of that row."""
        floor = SEVERITY_RANK["warning" if strict else "error"]
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
            f"{len(self.clusters)} clusters"
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
            by_rule = Counter((c.rule, c.kind) for c in self.clusters)
            lines += ["", "## Clusters", ""]
            lines += [f"- `{rule}` ({kind}): {n}" for (rule, kind), n in sorted(by_rule.items())]
            lines += ["", "Largest:", ""]
            for c in sorted(self.clusters, key=lambda c: -c.size)[:10]:
                shown = ", ".join(c.locations[:4]) + (" ..." if c.size > 4 else "")
                lines.append(f"- `{c.rule}` {c.kind}, {c.size} rows: {shown}")
        if self.findings:
            lines += ["", "## Findings", ""]
            for f in self.findings[:max_findings]:
                field = f" `{f.field}`" if f.field else ""
                msg = f.message.replace("|", "\\|")
                lines.append(f"- `{f.location}`{field} **{f.rule}** ({f.severity}): {msg}")
            if len(self.findings) > max_findings:
                lines.append(f"- ... and {len(self.findings) - max_findings} more")
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
        if len(self.findings) > max_findings:
            console.print(
                f"... {len(self.findings) - max_findings} more findings in the report", markup=False
            )
