"""Benchmark: full validation (every rule, dedup included) against the seed's stage-3 assert loop.

    .venv/bin/python bench/bench_validate.py [--rows 300000] [--out bench/out] [--repeat N]
                                             [--breakdown]

Makes (once) a dataset shaped like the seed's with the library: seed groups of one example and
nine variations (a framing added to the prompt, a sentence appended to the answer), ~970 bytes
a row, difficulty 60/30/10, 25 categories, critiques with the Tribunal's three parts. Every row
passes the seed's asserts, so its loop reads the whole file. Each contender runs in its own
subprocess, so its time and peak RSS (``ru_maxrss``) are its own; "2 p" is the default (a second
process hashes and clusters for the near-duplicate rules: its CPU time is added, its peak RSS
shown beside), "1 p" is ``workers=1``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# Our own vocabulary (not the corpus' text): neutral Portuguese words to build sentences from.
WORDS = (  # noqa: SIM905 - a word list reads better as text
    "a o de que e do da em um para com não uma os no se na por mais as dos como mas ao "
    "ele das seu sua ou quando muito nos já eu também só pelo pela até isso ela entre "
    "depois sem mesmo aos seus quem nas me esse eles você essa num nem suas meu minha "
    "numa pelos elas qual nós lhe deles essas esses pelas este dele tu te vocês vos lhes "
    "meus minhas teu tua teus tuas nosso nossa nossos nossas dela delas esta estes estas "
    "aquele aquela aqueles aquelas isto aquilo estar ter haver ser fazer poder dizer ir "
    "ver dar saber querer chegar passar dever ficar contar começar pensar viver sentir "
    "tornar levar deixar conhecer razão verdade justiça sabedoria virtude número forma "
    "ideia mundo tempo vida modelo sistema pergunta resposta exemplo conceito problema "
    "método prova lógica ética dever escolha pessoa comunidade linguagem sentido "
    "estrutura medida ordem causa efeito prática teoria cálculo argumento premissa "
    "conclusão hipótese experiência memória atenção cuidado limite erro"
).split()
CATEGORIES = [f"tema_{i:02d}" for i in range(25)]
VALUES = ["verdade", "sabedoria", "justica", "florescimento", "alianca", "humildade"]
FRAMINGS = [
    "Explique de forma simples: {p}",
    "Como aplicar na prática: {p}",
    "{p} Dê exemplos concretos.",
    "Em profundidade: {p}",
    "Compare com outra visão: {p}",
    "Qual a história desta ideia? {p}",
    "{p} Responda com cuidado.",
    "Critique a pergunta e responda: {p}",
    "Para um iniciante: {p}",
]


def _sentence(rng: random.Random, lo: int, hi: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(lo, hi))
    return " ".join(words).capitalize() + "."


def generate_records(rows: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """Seed-shaped records through `Example` (validated by the library), ten per seed group."""
    from noesis_trainer import Example

    rng = random.Random(seed)
    pool = [_sentence(rng, 6, 10) for _ in range(40_000)]
    difficulties = ["hard"] * 6 + ["medium"] * 3 + ["easy"]
    made = 0
    group = 0
    while made < rows:
        group += 1
        category = CATEGORIES[group % len(CATEGORIES)]
        prompt = " ".join(rng.sample(pool, 2)).rstrip(".") + "?"
        answer = " ".join(rng.sample(pool, 6))
        initial = _sentence(rng, 6, 12)  # its own sentence: not a generic one
        critique = (
            f"[VERITAS] {rng.choice(pool)} [SOPHIA] {rng.choice(pool)} [DIKE] {rng.choice(pool)}"
        )
        reasoning = rng.choice(pool)
        values = rng.sample(VALUES, 2)
        difficulty = rng.choice(difficulties)
        for k in range(10):
            if made >= rows:
                break
            is_seed = k == 0
            ex = Example(
                id=f"{category}_{group:06d}_{k}",
                category=category,
                prompt=prompt if is_seed else FRAMINGS[k - 1].format(p=prompt),
                response_initial=initial,
                critique=critique,
                response_revised=answer if is_seed else f"{answer} {rng.choice(pool)}",
                reasoning=reasoning,
                values_applied=values,  # type: ignore[arg-type]
                difficulty=difficulty,  # type: ignore[arg-type]
                source_id=None if is_seed else f"{category}_{group:06d}_0",
                technique=None if is_seed else f"framing_{k}",
            )
            yield ex.to_record()
            made += 1


def make_dataset(path: Path, rows: int) -> None:
    from noesis_trainer.io.atomic import write_jsonl_atomic

    write_jsonl_atomic(path, generate_records(rows))


def seed_loop(path: str) -> int:
    """Stage 3 of the seed process, as written there (asserts, stops at the first bad row)."""
    required = [
        "id", "category", "prompt", "response_initial", "critique", "response_revised",
        "reasoning", "values_applied", "difficulty",
    ]  # fmt: skip
    n = 0
    for line in open(path, encoding="utf-8"):  # noqa: SIM115 - the seed's own code
        ex = json.loads(line)
        assert all(f in ex for f in required)
        assert isinstance(ex["values_applied"], list)
        assert ex["difficulty"] in ["easy", "medium", "hard"]
        assert len(ex["prompt"]) >= 10
        assert len(ex["response_revised"]) >= 50
        assert "TODO" not in ex["response_revised"]
        assert "FIXME" not in ex["response_revised"]
        assert "lorem ipsum" not in ex["response_revised"].lower()
        n += 1
    return n


def full_validation(
    path: str, disable: tuple[str, ...] = (), workers: int | None = None
) -> dict[str, Any]:
    from noesis_trainer.validation import Validator

    report = Validator(disable=disable, workers=workers).validate_paths(path)
    return {
        "rows": report.total_rows,
        "headline": report.headline(),
        "counts": report.counts,
        "clusters": len(report.clusters),
    }


def _child(kind: str, path: str) -> None:
    if kind != "seed":
        import noesis_trainer.validation  # noqa: F401 - import time is not validation time
    start, cpu_start = time.perf_counter(), time.process_time()
    if kind == "seed":
        result: Any = seed_loop(path)
    elif kind == "validate":  # the default: a second process for an input this large
        result = full_validation(path)
    elif kind == "validate1":
        result = full_validation(path, workers=1)
    else:  # the breakdown: every rule but the two near-duplicate ones
        result = full_validation(path, ("duplicate-prompt", "duplicate-response"), workers=1)
    seconds = time.perf_counter() - start
    times = os.times()  # the child processes have been joined: their CPU time is counted
    cpu = time.process_time() - cpu_start + times.children_user + times.children_system
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": cpu,
                "peak_rss_mb": rss_mb,
                "child_rss_mb": child_mb,
                "result": result,
            }
        )
    )


def _run_child(kind: str, path: Path) -> dict[str, Any]:
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    data: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--breakdown", action="store_true", help="also time validation without the dedup rules"
    )
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    path = args.out / f"validate_{args.rows}.jsonl"
    if not path.exists():
        start = time.perf_counter()
        make_dataset(path, args.rows)
        print(f"generated {path} in {time.perf_counter() - start:.1f} s")
    size_mb = path.stat().st_size / 1e6
    print(
        f"dataset: {args.rows} rows, {size_mb:.1f} MB ({path.stat().st_size / args.rows:.0f} B/row)"
    )
    best: dict[str, dict[str, Any]] = {}
    kinds = ["seed", "validate", "validate1"]
    if args.breakdown:
        kinds.append("nodedup")
    for _ in range(args.repeat):
        for kind in kinds:
            r = _run_child(kind, path)
            if kind not in best or r["seconds"] < best[kind]["seconds"]:
                best[kind] = r
    seed, val, one = best["seed"], best["validate"], best["validate1"]
    rows = args.rows
    for label, r in (
        ("seed assert loop", seed),
        ("validation, 2 p", val),
        ("validation, 1 p", one),
    ):
        child = f" + child {r['child_rss_mb']:.0f} MB" if r["child_rss_mb"] > 20 else ""
        print(
            f"{label:16} : {r['seconds']:.2f} s wall ({r['cpu']:.2f} s CPU, all processes), "
            f"{rows / r['seconds']:,.0f} rows/s, peak RSS {r['peak_rss_mb']:.0f} MB{child}"
        )
    for label, r in (("ratio, 2 p", val), ("ratio, 1 p", one)):
        print(
            f"{label:16} : {r['seconds'] / seed['seconds']:.2f}x wall, "
            f"{r['cpu'] / seed['cpu']:.2f}x CPU (target <= 3x)"
        )
    if "nodedup" in best:
        nd = best["nodedup"]
        print(
            f"without dedup    : {nd['seconds']:.2f} s wall ({nd['cpu']:.2f} s CPU), "
            f"peak RSS {nd['peak_rss_mb']:.0f} MB, {nd['cpu'] / seed['cpu']:.2f}x CPU"
        )
    print(f"load average     : {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"report           : {val['result']['headline']}")
    print(f"findings by rule : {val['result']['counts']}")


if __name__ == "__main__":
    main()
