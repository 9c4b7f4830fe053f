"""Benchmark: `noesis validate F --out C --rejects R --report r.json` against the seed's stage-3
assert loop on the same file, in the same run, for two shapes of data.

    .venv/bin/python bench/bench_validate.py [--rows 300000] [--profile clean|messy|both]
                                             [--out /tmp/noesis-bench] [--repeat N]
                                             [--workers N]

Profiles (both built by `noesis_trainer.testing`):

* ``clean``: `synthetic_records`, every row valid, unique prompts and answers (~1 KB a row);
* ``messy``: `messy_records`, the shape of the original pipeline's 300,000-row generated file
  (issue 15): no reasoning/values_applied/difficulty, ~39% unrendered ``{concept}``, 24 distinct
  prompts, 18 distinct answers, one generic response_initial on ~19% of rows, every critique
  lacking a part: about 7-8 findings a row.

The seed loop is the mission's, with one change so that it reads the messy file at all: a row
stops at its first failed assert and the loop goes on with the next row. Each contender runs in
its own subprocess, the command as its own `noesis` process (interpreter start, imports and
exit included); the command's figures include its children (CPU time added; the peak memory
of the tree sampled from /proc every 50 ms: RSS, each process counted whole and never less than
the parent's peak plus its largest child's, an upper bound; and PSS, shared pages split between
the processes that share them, read at each new RSS peak). The data files live under
``--out`` (default /tmp), never in the repository. Ratios in one run are what count on a shared
machine: the load average is printed beside them. With ``--repeat N`` the ratio is of the best
times, and each round's own ratio (command over the seed loop run just before it) is printed too:
their median drifts less with the machine than either best time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

REQUIRED = [
    "id", "category", "prompt", "response_initial", "critique", "response_revised",
    "reasoning", "values_applied", "difficulty",
]  # fmt: skip


def seed_loop(path: str) -> int:
    """Stage 3 of the seed process, as written there; a row stops at its first failed assert."""
    n = 0
    for line in open(path, encoding="utf-8"):  # noqa: SIM115 - the seed's own code
        ex = json.loads(line)
        try:
            assert all(f in ex for f in REQUIRED)
            assert isinstance(ex["values_applied"], list)
            assert ex["difficulty"] in ["easy", "medium", "hard"]
            assert len(ex["prompt"]) >= 10
            assert len(ex["response_revised"]) >= 50
            assert "TODO" not in ex["response_revised"]
            assert "FIXME" not in ex["response_revised"]
            assert "lorem ipsum" not in ex["response_revised"].lower()
            n += 1
        except AssertionError:
            pass
    return n


def make_dataset(profile: str, path: Path, rows: int) -> None:
    from noesis_trainer.testing import write_messy_jsonl, write_synthetic_jsonl

    path.parent.mkdir(parents=True, exist_ok=True)
    (write_messy_jsonl if profile == "messy" else write_synthetic_jsonl)(path, rows)


_PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20 if hasattr(os, "sysconf") else 4096 / 2**20


def _tree_pids(pid: int) -> list[int]:
    """`pid` and all its descendants now (Linux /proc)."""
    out: list[int] = []
    todo = [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return out


def _rss_mb(pids: list[int]) -> float:
    """Summed RSS (cheap: /proc/PID/statm); pages a forked child shares count once per process."""
    total = 0.0
    for p in pids:
        try:
            with open(f"/proc/{p}/statm", encoding="ascii") as fh:
                total += int(fh.read().split()[1]) * _PAGE_MB
        except (OSError, ValueError, IndexError):
            continue
    return total


def _pss_mb(pids: list[int]) -> float:
    """Summed PSS (/proc/PID/smaps_rollup; costly, walks the page tables): shared pages split
    between the processes that share them, so the sum is the memory the tree really holds."""
    total = 0.0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) / 1024
                        break
        except (OSError, ValueError):
            continue
    return total


class _TreePeak:
    """Samples this process tree's summed RSS every 50 ms in a thread, and its PSS whenever the
    RSS sum reaches a new peak (5% above the last one read); keeps both peaks."""

    def __init__(self, root: int | None = None) -> None:
        self._root = os.getpid() if root is None else root
        self.rss = self.pss = 0.0
        self._pss_at = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            pids = _tree_pids(self._root)
            rss = _rss_mb(pids)
            self.rss = max(self.rss, rss)
            if rss > 1.05 * self._pss_at:
                self._pss_at = rss
                self.pss = max(self.pss, _pss_mb(pids))

    def stop(self) -> tuple[float, float]:
        self._stop.set()
        self._thread.join()
        return self.rss, self.pss


def _child(kind: str, path: str, outdir: str) -> None:
    """One contender, timed here: the seed loop in this process, the command as the user runs
    it (its own `noesis` process: interpreter start, imports and exit included; the tree sampled
    from that process down)."""
    start, cpu_start = time.perf_counter(), time.process_time()
    if kind == "seed":
        sampler = _TreePeak() if os.path.exists("/proc/self/smaps_rollup") else None
        result: Any = seed_loop(path)
    else:
        out = Path(outdir)
        argv = [
            sys.executable, "-m", "noesis_trainer.cli", "validate", path,
            "--out", str(out / "accepted.jsonl"), "--rejects", str(out / "rejects.jsonl"),
            "--report", str(out / "report.json"),
        ]  # fmt: skip
        if os.environ.get("NOESIS_BENCH_WORKERS"):
            argv += ["--workers", os.environ["NOESIS_BENCH_WORKERS"]]
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
        sampler = _TreePeak(proc.pid) if os.path.exists("/proc/self/smaps_rollup") else None
        result = proc.wait()
    seconds = time.perf_counter() - start
    times = os.times()  # every child has been waited for: their CPU time is counted
    cpu = time.process_time() - cpu_start + times.children_user + times.children_system
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    tree, tree_pss = sampler.stop() if sampler is not None else (0.0, 0.0)
    if kind != "seed":
        own = 0.0  # this process only waited: the command's memory is its own tree's
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": cpu,
                "rss": own,
                "child_rss": child,
                "tree": tree,
                "pss": tree_pss,
                "r": result,
            }
        )
    )


def _run_child(kind: str, path: Path, outdir: Path) -> dict[str, Any]:
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path), str(outdir)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{proc.stderr[-2000:]}")
    data: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return data


def _lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)


def bench_profile(profile: str, rows: int, out: Path, repeat: int) -> dict[str, Any]:
    path = out / f"validate_{profile}_{rows}.jsonl"
    if not path.exists():
        start = time.perf_counter()
        make_dataset(profile, path, rows)
        print(f"generated {path} in {time.perf_counter() - start:.1f} s")
    work = out / f"outputs_{profile}"
    work.mkdir(parents=True, exist_ok=True)
    best: dict[str, dict[str, Any]] = {}
    paired: list[float] = []  # each round's command wall time over its own seed loop's
    for _ in range(repeat):
        got: dict[str, float] = {}
        for kind in ("seed", "command"):
            r = _run_child(kind, path, work)
            got[kind] = r["seconds"]
            if kind not in best or r["seconds"] < best[kind]["seconds"]:
                best[kind] = r
        paired.append(got["command"] / got["seed"])
    seed, cmd = best["seed"], best["command"]
    accepted, rejected = _lines(work / "accepted.jsonl"), _lines(work / "rejects.jsonl")
    report = json.loads((work / "report.json").read_text("utf-8"))
    return {
        "profile": profile,
        "rows": rows,
        "mb": path.stat().st_size / 1e6,
        "seed_s": seed["seconds"],
        "seed_cpu": seed["cpu"],
        "cmd_s": cmd["seconds"],
        "cmd_cpu": cmd["cpu"],
        "wall_ratio": cmd["seconds"] / seed["seconds"],
        "paired_ratios": paired,
        "cpu_ratio": cmd["cpu"] / seed["cpu"],
        "tree_rss_mb": max(
            cmd["tree"], cmd["rss"] + (cmd["child_rss"] if cmd["child_rss"] > 20 else 0)
        ),
        "tree_pss_mb": cmd["pss"],
        "report_mb": (work / "report.json").stat().st_size / 1e6,
        "rejects_mb": (work / "rejects.jsonl").stat().st_size / 1e6,
        "accepted": accepted,
        "rejected": rejected,
        "balanced": accepted + rejected == rows == report["total_rows"],
        "findings": sum(r["findings"] for r in report["rules"]),
        "exit": cmd["r"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--profile", choices=["clean", "messy", "both"], default="both")
    parser.add_argument("--out", type=Path, default=Path("/tmp/noesis-bench"))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="pass --workers N to the command (default: its own choice)",
    )
    parser.add_argument("--child", nargs=3, metavar=("KIND", "PATH", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    if args.workers is not None:
        os.environ["NOESIS_BENCH_WORKERS"] = str(args.workers)
    profiles = ["messy", "clean"] if args.profile == "both" else [args.profile]
    for profile in profiles:
        r = bench_profile(profile, args.rows, args.out, args.repeat)
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(
            f"{profile:5} {r['rows']:,} rows ({r['mb']:.0f} MB), {r['findings']:,} findings: "
            f"seed loop {r['seed_s']:.2f} s ({r['seed_cpu']:.2f} s CPU); command "
            f"{r['cmd_s']:.2f} s ({r['cmd_cpu']:.2f} s CPU) = {r['wall_ratio']:.2f}x wall, "
            f"{r['cpu_ratio']:.2f}x CPU (target <= 3x); peak RSS (tree) {r['tree_rss_mb']:.0f} MB, "
            f"PSS {r['tree_pss_mb']:.0f} MB; "
            f"report {r['report_mb']:.2f} MB; rejects {r['rejects_mb']:.0f} MB; accepted "
            f"{r['accepted']:,} + rejected {r['rejected']:,} = input: {r['balanced']}; "
            f"exit {r['exit']}; load average {load}"
        )
        if len(r["paired_ratios"]) > 1:
            pr = sorted(r["paired_ratios"])
            print(
                f"{profile:5} round by round (each command over the seed loop run just before it): "
                f"median {statistics.median(pr):.2f}x, {pr[0]:.2f}x to {pr[-1]:.2f}x"
            )


if __name__ == "__main__":
    main()
