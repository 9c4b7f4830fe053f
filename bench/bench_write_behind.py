"""Write-behind: the wall time of a large atomic write made while the writer is busy.

`noesis validate --rejects` streams up to 600 MB into `atomic_open` while its rules run, and
the final fsync used to wait for all of it (1.2-1.4 s on a 2-core machine with a virtual
disk). Here the same process writes `--mb` MiB through `atomic_open` in 1 MiB pieces, doing a
fixed amount of CPU work per piece (zlib level 1 of a quarter of it, about 10 ms on a 2-core
x86-64; the validator spends about 25 ms of CPU per MiB of rejects on messy rows), with the
default write-behind, with it keeping the synced pages cached (``keep_cached=True``), with it
off (``write_behind=None``), and past the page cache (``direct=True``, `io.direct_write`: what
`noesis validate` uses for its outputs), alternating, `--rounds` times.
It prints each pair's ratio and the median: machine speed drifts between rounds, a pair run
back to back drifts much less.

    .venv/bin/python -m bench.bench_write_behind [--mb 600] [--rounds 3] [--out /tmp]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import zlib
from pathlib import Path

from noesis_trainer.io.atomic import atomic_open
from noesis_trainer.io.write_behind import WRITE_BEHIND_BYTES


def write_while_busy(
    target: Path,
    mb: int,
    write_behind: int | None,
    keep_cached: bool = False,
    direct: bool = False,
) -> float:
    piece = os.urandom(1 << 19) * 2  # 1 MiB, compressible by half
    start = time.perf_counter()
    with atomic_open(
        target, "wb", write_behind=write_behind, keep_cached=keep_cached, direct=direct
    ) as fh:
        for _ in range(mb):
            zlib.compress(piece[: 1 << 18], 1)
            fh.write(piece)
    seconds = time.perf_counter() - start
    target.unlink()
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args(argv)
    target = args.out / "bench_write_behind.bin"
    ratios, kept, direct = [], [], []
    for r in range(args.rounds):
        off = write_while_busy(target, args.mb, None)
        keep = write_while_busy(target, args.mb, WRITE_BEHIND_BYTES, keep_cached=True)
        on = write_while_busy(target, args.mb, WRITE_BEHIND_BYTES)
        past = write_while_busy(target, args.mb, WRITE_BEHIND_BYTES, direct=True)
        ratios.append(on / off)
        kept.append(keep / off)
        direct.append(past / off)
        print(
            f"round {r + 1}: sync at the end {off:.2f} s, write-behind keeping the pages cached "
            f"{keep:.2f} s = {keep / off:.2f}x, dropping them (the default) {on:.2f} s = "
            f"{on / off:.2f}x, direct {past:.2f} s = {past / off:.2f}x"
        )
    print(
        f"{args.mb} MiB, median over sync-at-end: write-behind (default) "
        f"{statistics.median(ratios):.2f}x, keeping pages cached {statistics.median(kept):.2f}x, "
        f"direct {statistics.median(direct):.2f}x"
    )


if __name__ == "__main__":
    main()
