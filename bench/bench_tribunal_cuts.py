"""Benchmark: answers cut at random points, caught by the gate's detectors (issue 12).

    .venv/bin/python bench/bench_tribunal_cuts.py [--cuts 10] [--seed 0]

The held-out failure sets cut every answer at one eighth of its length; a model stopped by
`max_new_tokens` (or a broken stream) cuts anywhere. For every distinct real answer of each
family of ../shared/data/noesis-original (and our examples/data and the written families of
tests/tribunal/written) that the detectors pass whole,
`--cuts` cut points are drawn uniformly between 10% and 90% of its characters, and
`output_failures.detect` (the Tribunal's gate, `finished` unknown) judges each cut answer from
its text alone. A cut that lands right after a sentence ends reads as a complete, shorter
answer; the table gives that share apart, as the part no text-only detector can catch.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from noesis_trainer.tribunal.heldout import Row, random_cuts
from noesis_trainer.tribunal.output_failures import detect

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(
    os.environ.get("NOESIS_SHARED_DATA", ROOT.parent / "shared" / "data" / "noesis-original")
)
FAMILIES = {
    "alma_manual_600": lambda: sorted((SHARED / "alma_manual_600").glob("*.jsonl")),
    "philosophical": lambda: sorted((SHARED / "philosophical").glob("*.jsonl")),
    "seed file": lambda: [SHARED / "seed_examples_philosophical.jsonl"],
    "generated": lambda: [
        SHARED / "generated" / name
        for name in (
            "anti_sycophancy_batch1.jsonl",
            "code_theory_generated.jsonl",
            "tribunal_generated.jsonl",
        )
    ],
    "ours (examples/data)": lambda: [ROOT / "examples" / "data" / "seeds.jsonl"],
    **{
        f"written: {name}": (lambda name=name: [ROOT / "tests" / "tribunal" / "written" / name])
        for name in (
            "pt_long.jsonl",
            "en_mixed.jsonl",
            "short_mixed.jsonl",
            "short_b.jsonl",
            "short_c.jsonl",
            "short_d.jsonl",
            "short_e.jsonl",
            "short_f.jsonl",
            "short_g.jsonl",
            "short_h.jsonl",
            "short_i.jsonl",
            "short_j.jsonl",
            "short_k.jsonl",
            "short_l.jsonl",
            "short_m.jsonl",
            "short_n.jsonl",
            "short_o.jsonl",
            "short_p.jsonl",
            "short_q.jsonl",
            "short_r.jsonl",
            "short_s.jsonl",
            "short_t.jsonl",
            "short_u.jsonl",
            "short_v.jsonl",
            "short_w.jsonl",
            "short_x.jsonl",
            "short_y.jsonl",
            "short_z.jsonl",
            "short_aa.jsonl",
            "short_ab.jsonl",
            "short_ac.jsonl",
            "short_ad.jsonl",
            "short_ae.jsonl",
            "short_af.jsonl",
            "short_ag.jsonl",
            "short_ah.jsonl",
            "short_ai.jsonl",
            "short_aj.jsonl",
        )
    },
}


def pairs(paths: list[Path]) -> list[tuple[str, str]]:
    """Distinct (prompt, answer) pairs: the revised answer, else the response."""
    found: dict[tuple[str, str], None] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            answer = rec.get("response_revised") or rec.get("response")
            if isinstance(rec.get("prompt"), str) and isinstance(answer, str):
                found[(rec["prompt"], answer)] = None
    return list(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cuts", type=int, default=10, help="cut points per answer")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not SHARED.is_dir():
        raise SystemExit(f"the shared data are missing: {SHARED}")
    print(f"{args.cuts} random cuts per answer (10-90% of its characters), seed {args.seed}")
    print("| family | answers passed whole | cuts | caught | cut after a sentence end |")
    print("|---|---|---|---|---|")
    for family, paths in FAMILIES.items():
        whole = [Row(p, a) for p, a in pairs(paths()) if not detect(p, a)]
        caught = at_stop = total = 0
        for item in random_cuts(whole, per_answer=args.cuts, seed=args.seed):
            total += 1
            if detect(item.prompt, item.response):
                caught += 1
            elif item.response.rstrip()[-1:] in ".!?":
                at_stop += 1
        print(
            f"| {family} | {len(whole)} | {total} | {caught / total:.1%} | "
            f"{at_stop / total:.1%} (uncaught) |"
        )


if __name__ == "__main__":
    main()
