"""Streaming load of a 300,000-row JSONL file: rows/s and peak RSS, against the seed's loop.

The seed's stage 3 reads with ``for line in open(path): json.loads(line)``. We run that loop and
`Dataset.stream` (parse + located errors + schema validation) over the same file in this process
and print both, and their ratio. `Dataset.stream` holds one record at a time, so its RSS growth
must stay flat whatever the file size.

    .venv/bin/python -m bench.bench_load [--rows 300000]
"""

from __future__ import annotations

import argparse
import gc
import json
import os

from bench.common import measure, seed_shaped_file
from noesis_trainer.core.dataset import Dataset


def seed_loop(path: str) -> int:
    n = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            json.loads(line)
            n += 1
    return n


def ours(path: str) -> int:
    n = 0
    for item in Dataset.stream(path):
        n += isinstance(item, tuple)
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=300_000)
    args = parser.parse_args()
    path = str(seed_shaped_file(args.rows))
    size_mb = os.path.getsize(path) / 2**20
    print(f"file: {path} ({args.rows} rows, {size_mb:.0f} MiB)")
    seed_loop(path)  # warm the page cache so neither side pays the first read
    results = {}
    for name, fn in (("seed json.loads loop", seed_loop), ("Dataset.stream", ours)):
        gc.collect()
        with measure() as m:
            rows = fn(path)
        assert rows == args.rows, (name, rows)
        results[name] = m
        print(
            f"{name:>22}: {rows / m.seconds:>10,.0f} rows/s  {m.seconds:6.2f} s  "
            f"peak RSS {m.rss_peak_mb:7.1f} MiB (+{m.rss_growth_mb:.1f} during the run)"
        )
    base, mine = results["seed json.loads loop"], results["Dataset.stream"]
    print(f"time ratio Dataset.stream / seed loop: {mine.seconds / base.seconds:.2f}x")


if __name__ == "__main__":
    main()
