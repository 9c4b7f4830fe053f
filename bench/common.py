"""Shared benchmark helpers: a peak-RSS sampler and the seed-shaped data file.

Benchmarks report ratios against a baseline measured in the same run, never absolute timings
as pass/fail; this module only measures.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import psutil

from noesis_trainer.testing import write_synthetic_jsonl

OUT = Path(__file__).resolve().parent / "out"


def seed_shaped_file(rows: int = 300_000, *, seed: int = 42) -> Path:
    """The benchmark dataset (made with the library, cached under bench/out/)."""
    path = OUT / f"synthetic_{rows}_{seed}.jsonl"
    if not path.exists():
        write_synthetic_jsonl(path, rows, seed=seed)
    return path


@dataclass
class Measurement:
    seconds: float = 0.0
    rss_start_mb: float = 0.0
    rss_peak_mb: float = 0.0

    @property
    def rss_growth_mb(self) -> float:
        return self.rss_peak_mb - self.rss_start_mb


class measure:
    """Context manager: wall time and peak RSS (sampled every 5 ms) of the block it wraps."""

    def __init__(self) -> None:
        self.result = Measurement()
        self._proc = psutil.Process(os.getpid())
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _rss(self) -> float:
        return float(self._proc.memory_info().rss) / 2**20

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.result.rss_peak_mb = max(self.result.rss_peak_mb, self._rss())
            time.sleep(0.005)

    def __enter__(self) -> Measurement:
        self.result.rss_start_mb = self.result.rss_peak_mb = self._rss()
        self._t0 = time.perf_counter()
        self._thread.start()
        return self.result

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.result.seconds = time.perf_counter() - self._t0
        self._stop.set()
        self._thread.join()
        self.result.rss_peak_mb = max(self.result.rss_peak_mb, self._rss())
