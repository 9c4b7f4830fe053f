"""bench/bench_train_gpu.py runs end to end on CPU with tiny shapes (the GPU run uses 8B shapes)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("bitsandbytes")


@pytest.mark.integration
def test_the_gpu_bench_runs_on_cpu_with_tiny_shapes(tmp_path: Path) -> None:
    from bench.bench_train_gpu import main

    report = main(
        [
            "--shape",
            "tiny",
            "--steps",
            "2",
            "--seq",
            "256",
            "--batch",
            "2",
            "--variants",
            "peft-bnb,seed-pad",
            "--out",
            str(tmp_path / "out.json"),
        ]
    )
    assert (tmp_path / "out.json").is_file()
    by_name = {r["variant"]: r for r in report["results"]}
    assert set(by_name) == {"peft-bnb", "seed-pad"}
    assert all("error" not in r for r in by_name.values()), by_name
    packed, padded = by_name["peft-bnb"], by_name["seed-pad"]
    assert packed["real_tokens"] == packed["computed_tokens"] == 2 * 2 * 256
    # The seed's padding computes 2,048 tokens per example of 280 real ones.
    assert padded["computed_tokens"] == 2 * 2 * 2048 and padded["real_tokens"] == 2 * 2 * 280
    assert packed["quantized_4bit"] and padded["quantized_4bit"]
    assert packed["device"] == "cpu" and packed["mfu"] is None  # no GPU peak to divide by
    assert packed["real_tokens_per_second"] > 0 and padded["real_tokens_per_second_vs_seed"] == 1.0
