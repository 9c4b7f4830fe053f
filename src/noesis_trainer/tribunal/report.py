"""`TribunalReport`: what one Tribunal run concluded, for humans (markdown, console, notebook) and
machines (JSON). `avg_score` and `pass_rate` are the two numbers the seed tracks per epoch."""

from __future__ import annotations

import html
import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from noesis_trainer.tribunal.judge import Virtue
from noesis_trainer.tribunal.verdict import Status, TribunalConfig, Verdict

WORST_ITEMS = 5


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _stderr(values: list[float]) -> float:
    """Standard error of the mean (sample standard deviation / sqrt(n)); 0 below two values."""
    n = len(values)
    if n < 2:
        return 0.0
    mean = sum(values) / n
    return math.sqrt(sum((x - mean) ** 2 for x in values) / (n - 1) / n)


class TribunalReport(BaseModel):
    """Verdicts of a run plus their summary (computed once, at construction)."""

    model_config = ConfigDict(frozen=True)

    config: TribunalConfig
    verdicts: list[Verdict]
    judge_means: dict[str, float] = Field(default_factory=dict)
    virtue_means: dict[Virtue, float] = Field(default_factory=dict)
    avg_score: float = 0.0
    avg_score_stderr: float = 0.0
    """Standard error of `avg_score`: compare epochs (or base vs fine-tuned) as mean ± stderr."""
    pass_rate: float = 0.0
    gated: int = 0
    """Items the output-failure gate rejected before the judges."""
    failure_counts: dict[str, int] = Field(default_factory=dict)
    """Gate failures by kind (an item may have several)."""
    distribution: dict[Status, int] = Field(default_factory=dict)
    metadata: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def from_verdicts(
        cls,
        verdicts: list[Verdict],
        config: TribunalConfig,
        metadata: dict[str, Any] | None = None,
    ) -> TribunalReport:
        names = sorted({name for v in verdicts for name in v.judges})
        virtues = [v for v in Virtue if any(v in verdict.virtues for verdict in verdicts)]
        n = len(verdicts)
        return cls(
            config=config,
            verdicts=verdicts,
            judge_means={
                name: round(_mean([v.judges[name].score for v in verdicts if name in v.judges]), 4)
                for name in names
            },
            virtue_means={
                virtue: round(_mean([v.virtues[virtue] for v in verdicts]), 4) for virtue in virtues
            },
            avg_score=round(_mean([v.total for v in verdicts]), 4),
            avg_score_stderr=round(_stderr([v.total for v in verdicts]), 4),
            gated=sum(bool(v.failures) for v in verdicts),
            failure_counts=dict(Counter(k for v in verdicts for k in v.failures)),
            pass_rate=round(sum(v.status is Status.APPROVED for v in verdicts) / n, 4)
            if n
            else 0.0,
            distribution={s: sum(v.status is s for v in verdicts) for s in Status},
            metadata=dict(metadata or {}),
        )

    @property
    def n(self) -> int:
        return len(self.verdicts)

    def worst(self, k: int = WORST_ITEMS) -> list[Verdict]:
        """The `k` lowest totals (ties: earliest first): what to read first."""
        return sorted(self.verdicts, key=lambda v: (v.total, v.index))[:k]

    def summary(self) -> dict[str, Any]:
        """The per-epoch numbers: avg_score, pass_rate, distribution, per-virtue and judge means."""
        return {
            "n": self.n,
            "avg_score": self.avg_score,
            "avg_score_stderr": self.avg_score_stderr,
            "pass_rate": self.pass_rate,
            "gated": self.gated,
            "failures": dict(self.failure_counts),
            "distribution": {s.value: c for s, c in self.distribution.items()},
            "virtues": {v.value: m for v, m in self.virtue_means.items()},
            "judges": dict(self.judge_means),
        }

    def to_json(self, path: str | Path | None = None, *, indent: int = 2) -> str:
        """The full report as JSON; written atomically to `path` when given."""
        payload = {
            "summary": self.summary(),
            "config": self.config.model_dump(mode="json"),
            "metadata": self.metadata,
            "verdicts": [v.to_record() for v in self.verdicts],
        }
        text = json.dumps(payload, ensure_ascii=False, indent=indent)
        if path is not None:
            from noesis_trainer.io.atomic import write_text_atomic

            write_text_atomic(Path(path), text + "\n")
        return text

    def to_markdown(self, worst: int = WORST_ITEMS) -> str:
        lines = [
            "# Tribunal report",
            "",
            f"- items: {self.n}",
            f"- avg_score: {self.avg_score:.3f} ± {self.avg_score_stderr:.3f} (stderr)",
            f"- pass_rate: {self.pass_rate:.1%}",
            "- distribution: " + ", ".join(f"{s.value} {c}" for s, c in self.distribution.items()),
            f"- relevance: {self.config.relevance}",
            "",
            "| virtue | mean |",
            "|---|---|",
            *[f"| {v.value} | {m:.3f} |" for v, m in self.virtue_means.items()],
            "",
            "| judge | mean |",
            "|---|---|",
            *[f"| {name} | {m:.3f} |" for name, m in self.judge_means.items()],
        ]
        if self.verdicts and worst:
            lines += ["", f"## Worst {min(worst, self.n)} items", ""]
            for v in self.worst(worst):
                prompt = _one_line(v.prompt, 100)
                lines.append(f"- #{v.index} **{v.status.value}** {v.total:.3f} - {prompt}")
                lines += [f"  - {reason}" for reason in v.reasons]
        return "\n".join(lines) + "\n"

    def print(self, console: Any = None, worst: int = WORST_ITEMS) -> None:
        """Render to a rich console (the CLI's by default)."""
        from rich.console import Console
        from rich.table import Table

        out = console if console is not None else Console()
        table = Table(title=f"Tribunal: {self.n} items")
        table.add_column("metric")
        table.add_column("value", justify="right")
        table.add_row("avg_score", f"{self.avg_score:.3f}")
        table.add_row("pass_rate", f"{self.pass_rate:.1%}")
        for status, count in self.distribution.items():
            table.add_row(status.value, str(count))
        for virtue, mean in self.virtue_means.items():
            table.add_row(f"mean {virtue.value}", f"{mean:.3f}")
        for name, mean in self.judge_means.items():
            table.add_row(f"judge {name}", f"{mean:.3f}")
        out.print(table)
        for v in self.worst(worst):
            out.print(
                f"#{v.index} {v.status.value} {v.total:.3f}: {_one_line(v.prompt, 80)}",
                markup=False,
            )
            for reason in v.reasons:
                out.print(f"    {reason}", markup=False)

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><td>{esc(k)}</td><td>{esc(str(val))}</td></tr>"
            for k, val in [
                ("items", self.n),
                ("avg_score", f"{self.avg_score:.3f}"),
                ("pass_rate", f"{self.pass_rate:.1%}"),
                *[(s.value, c) for s, c in self.distribution.items()],
                *[(f"mean {v.value}", f"{m:.3f}") for v, m in self.virtue_means.items()],
            ]
        )
        worst = "".join(
            f"<li>#{v.index} <b>{esc(v.status.value)}</b> {v.total:.3f}: "
            f"{esc(_one_line(v.prompt, 100))}<br><small>{esc('; '.join(v.reasons))}</small></li>"
            for v in self.worst()
        )
        return (
            f"<div><h4>Tribunal report</h4><table>{rows}</table>"
            f"<p>Worst items</p><ol>{worst}</ol></div>"
        )


def _one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
