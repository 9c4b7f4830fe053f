"""Calibration grid: how the semantic relevance settings were chosen, reproducibly.

    .venv/bin/python bench/bench_semantic_grid.py [--floors 0.55,0.6,0.65] [--lows -2,-1.5,-1]
                                                  [--highs 3,3.5,4] [--json bench/out/grid.json]

For each (ceiling floor, low, high) of the grid, the Tribunal with `SemanticRelevance` is
calibrated on five parts of ../shared/data/noesis-original, each judged as its own batch: all
rows (seed + generated files), the seed file, the generated files, and the two topic folds of all
rows (`topic_folds`). A row's margin is the smallest distance above issue 6's bars (good approved
>= 90%, bad rejected >= 90%, on-topic preferred >= 85%) over the five parts; the setting with the
largest margin is the one shipped (`judges.semantic.LOW`/`HIGH`, `judges.relevance.CEILING_FLOOR`).

This measures, it asserts nothing. Embeddings are computed once (about 1.5 minutes on one core)
and shared by every setting; each setting then takes a few seconds.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")

from noesis_trainer.io.jsonl import RawRecord, read_jsonl
from noesis_trainer.tribunal import (
    Tribunal,
    Triple,
    off_topic_triples,
    revision_triples,
    topic_folds,
)
from noesis_trainer.tribunal.judges.semantic import SemanticRelevance, semantic_judges

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "noesis-original"
BARS = (0.9, 0.9, 0.85)
"""Good approved, bad rejected, on-topic preferred (issue 6)."""


def _records(paths: list[Path]) -> list[dict[str, Any]]:
    return [r.data for p in paths for r in read_jsonl(p) if isinstance(r, RawRecord)]


def parts(shared: Path) -> dict[str, tuple[list[Triple], list[Triple]]]:
    """(revision triples, off-topic triples) of each part of the shared data."""
    seed = _records([shared / "seed_examples_philosophical.jsonl"])
    generated = _records(sorted((shared / "generated").glob("*.jsonl")))
    out = {
        name: (revision_triples(rows), off_topic_triples(rows))
        for name, rows in (("all", seed + generated), ("seed", seed), ("generated", generated))
    }
    revised, topic = out["all"]
    for i, (r, t) in enumerate(zip(topic_folds(revised), topic_folds(topic), strict=True)):
        out[f"fold-{i}"] = (r, t)
    return out


def score(
    encoder: SemanticRelevance, data: dict[str, tuple[list[Triple], list[Triple]]]
) -> dict[str, tuple[float, float, float]]:
    tribunal = Tribunal(semantic_judges(encoder), use_plugins=False)
    figures = {}
    for name, (revised, topic) in data.items():
        r = tribunal.calibrate(revised)
        on_topic = tribunal.calibrate(topic).pairwise_accuracy
        figures[name] = (r.good_approved, r.bad_rejected, on_topic)
    return figures


def margin(figures: dict[str, tuple[float, float, float]]) -> float:
    """The smallest distance above a bar over every part (negative: a bar is missed)."""
    return min(v - bar for row in figures.values() for v, bar in zip(row, BARS, strict=True))


def _floats(text: str) -> list[float]:
    return [float(x) for x in text.split(",") if x.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--floors", default="0.55,0.6,0.65")
    parser.add_argument("--lows", default="-2,-1.5,-1")
    parser.add_argument("--highs", default="3,3.5,4")
    parser.add_argument("--json", type=Path, default=None, help="Write the grid as JSON here.")
    args = parser.parse_args()
    if not SHARED.is_dir():
        raise SystemExit(f"{SHARED} is missing: this benchmark needs the shared real data")
    data = parts(SHARED)
    shared_cache: dict[Any, Any] = {}
    rows = []
    print("floor  low   high | " + " | ".join(f"{n}: appr rej topic" for n in data) + " | margin")
    grid = itertools.product(_floats(args.floors), _floats(args.lows), _floats(args.highs))
    for floor, low, high in grid:
        encoder = SemanticRelevance(low=low, high=high, ceiling_floor=floor, threads=1)
        encoder._cache = shared_cache  # one encoding pass for the whole grid
        figures = score(encoder, data)
        rows.append({"floor": floor, "low": low, "high": high, "figures": figures})
        cells = " | ".join(" ".join(f"{100 * v:5.1f}" for v in row) for row in figures.values())
        print(f"{floor:.2f} {low:5.1f} {high:5.1f} | {cells} | {100 * margin(figures):5.1f}")
    best = max(rows, key=lambda r: margin(r["figures"]))
    print(
        f"largest smallest margin: floor {best['floor']}, low {best['low']}, high {best['high']}"
        f" ({100 * margin(best['figures']):.1f} points)"
    )
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
