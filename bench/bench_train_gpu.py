"""QLoRA training throughput on an 8B-shaped Llama with random weights (no download).

Three variants, each in its own process (importing Unsloth patches transformers process-wide),
on the same random model and the same token budget:

- ``unsloth``: the library's Unsloth engine, 4-bit NF4 base, LoRA r=64 on every linear layer,
  rows packed to ``--seq`` real tokens (padding-free);
- ``peft-bnb``: the transformers engine (PEFT + bitsandbytes 4-bit), same LoRA, same packed rows;
- ``seed-pad``: the seed's config on the transformers engine: every example padded to 2,048
  tokens (``padding="max_length"``), examples of the seed's real length (about 280 tokens).

Each reports real (non-pad) tokens/s, computed tokens/s, peak GPU memory, and MFU: 6 x (base
parameters) x computed tokens/s over the GPU's dense bf16 peak (for QLoRA the frozen base's
weight-gradient matmuls are skipped, so 6N overstates the work a little; the same N serves
all three, so the ratios hold). Models load through `noesis_trainer.training.backends.local`,
the code the pipeline trains with.

GPU: ``.venv/bin/python -m bench.bench_train_gpu`` (8B shapes; about 16 GB of disk for the
random model, 10 minutes on an L40S). CPU, tiny shapes (what tests/bench/test_bench_train_gpu.py
runs): ``.venv/bin/python -m bench.bench_train_gpu --shape tiny --steps 2 --seq 256``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = ("unsloth", "peft-bnb", "seed-pad")
SEED_PAD_TO = 2048
SEED_EXAMPLE_TOKENS = 280
"""A seed example renders to about 280 Llama 3 tokens (GUIDE: measured on the original data)."""

SHAPES: dict[str, dict[str, int]] = {
    # Llama 3.1 8B: 32 layers, hidden 4096, MLP 14336, 32 heads (8 KV), vocabulary 128,256.
    "8b": dict(
        hidden_size=4096,
        intermediate_size=14336,
        num_hidden_layers=32,
        num_attention_heads=32,
        num_key_value_heads=8,
        vocab_size=128256,
    ),
    # Rows a multiple of 256 so bitsandbytes and the 4-bit kernels accept them on CPU.
    "tiny": dict(
        hidden_size=256,
        intermediate_size=512,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        vocab_size=1024,
    ),
}

PEAK_BF16_TFLOPS: dict[str, float] = {
    "L40S": 362.0,
    "A100": 312.0,
    "H100": 989.0,
    "H200": 989.0,
    "A10G": 125.0,
    "L4": 121.0,
}
"""Dense bf16 tensor-core peaks from the vendors' data sheets (no sparsity)."""


def build_random_llama(out: Path, shape: str, *, seed: int = 0) -> Path:
    """A random Llama of `shape` saved in bf16 with the tiny tokenizer (vocabulary padded)."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    from noesis_trainer.testing import build_tiny_tokenizer

    dims = SHAPES[shape]
    build_tiny_tokenizer(out)
    config = LlamaConfig(
        **dims,
        head_dim=dims["hidden_size"] // dims["num_attention_heads"],
        max_position_embeddings=4096,
        rope_theta=500000.0,
        tie_word_embeddings=False,
        bos_token_id=0,
        eos_token_id=1,
        pad_token_id=2,
    )
    torch.manual_seed(seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    with torch.device(device):
        model = LlamaForCausalLM(config).to(torch.bfloat16)
    model.save_pretrained(out, safe_serialization=True)
    return out


def _rows(variant: str, seq: int, batch: int, vocab: int, steps: int) -> list[Any]:
    """Input batches: packed rows of `seq` real tokens, or seed examples padded to 2,048."""
    import torch

    g = torch.Generator().manual_seed(0)
    batches = []
    for _ in range(steps):
        if variant == "seed-pad":
            ids = torch.randint(3, vocab, (batch, SEED_PAD_TO), generator=g)
            mask = torch.zeros(batch, SEED_PAD_TO, dtype=torch.long)
            mask[:, :SEED_EXAMPLE_TOKENS] = 1
            ids[mask == 0] = 2
        else:
            ids = torch.randint(3, vocab, (batch, seq), generator=g)
            mask = torch.ones(batch, seq, dtype=torch.long)
        batches.append((ids, mask))
    return batches


def run_variant(
    variant: str, model_dir: Path, *, steps: int, seq: int, batch: int
) -> dict[str, Any]:
    """Load through the library's engine, train `steps` optimizer steps, measure."""
    if variant == "unsloth":
        import unsloth  # noqa: F401  (before transformers, as the engine does)
    import torch

    from noesis_trainer.training.config import TrainingConfig
    from noesis_trainer.training.model import load_model

    cuda = torch.cuda.is_available()
    config = TrainingConfig.from_dict(
        {
            "engine": "unsloth" if variant == "unsloth" else "transformers",
            "model": {
                "base_model": str(model_dir),
                "max_seq_length": max(seq, SEED_PAD_TO),
                "load_in_4bit": True,
                "gradient_checkpointing": True,
                "dtype": "bfloat16" if cuda else "float32",
            },
            "lora": {"r": 64, "alpha": 128},
        }
    )
    loaded = load_model(config)
    model = loaded.model
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-4)
    base_params = sum(p.numel() for p in model.parameters() if not p.requires_grad)
    vocab = int(model.config.vocab_size)
    device = next(model.parameters()).device
    batches = _rows(variant, seq, batch, vocab, steps + 1)
    if cuda:
        torch.cuda.reset_peak_memory_stats()

    def step(ids: Any, mask: Any) -> None:
        ids, mask = ids.to(device), mask.to(device)
        labels = ids.masked_fill(mask == 0, -100)
        loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)

    step(*batches[0])  # warm-up: kernels, allocator
    if cuda:
        torch.cuda.synchronize()
    started = time.perf_counter()
    real = computed = 0
    for ids, mask in batches[1:]:
        step(ids, mask)
        real += int(mask.sum())
        computed += int(mask.numel())
    if cuda:
        torch.cuda.synchronize()
    seconds = time.perf_counter() - started
    gpu = torch.cuda.get_device_name(0) if cuda else None
    peak = _peak_tflops(gpu)
    computed_tps = computed / seconds
    return {
        "variant": variant,
        "device": gpu or "cpu",
        "steps": steps,
        "batch": batch,
        "real_tokens": real,
        "computed_tokens": computed,
        "seconds": round(seconds, 3),
        "real_tokens_per_second": round(real / seconds, 2),
        "computed_tokens_per_second": round(computed_tps, 2),
        "peak_gpu_memory_gb": round(torch.cuda.max_memory_allocated() / 2**30, 2) if cuda else None,
        "peak_rss_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2),
        "base_params": base_params,
        "mfu": round(6 * base_params * computed_tps / (peak * 1e12), 4) if peak else None,
        "quantized_4bit": bool(loaded.load_in_4bit),
    }


def _peak_tflops(gpu: str | None) -> float | None:
    if not gpu:
        return None
    for name, tflops in PEAK_BF16_TFLOPS.items():
        if name in gpu:
            return tflops
    return None


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=sorted(SHAPES), default="8b")
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--seq", type=int, default=2048, help="packed row length")
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--model-dir", type=Path, default=None, help="reuse a built model")
    parser.add_argument("--one", default=None, help=argparse.SUPPRESS)  # child process
    parser.add_argument("--out", type=Path, default=None, help="write the JSON here")
    args = parser.parse_args(argv)
    if args.one:
        result = run_variant(
            args.one, args.model_dir, steps=args.steps, seq=args.seq, batch=args.batch
        )
        print("RESULT " + json.dumps(result), flush=True)
        return result
    variants = [v for v in args.variants.split(",") if v]
    unknown = sorted(set(variants) - set(VARIANTS))
    if unknown:
        parser.error(f"unknown variants {unknown}; choose from {', '.join(VARIANTS)}")
    with tempfile.TemporaryDirectory(prefix="bench-train-gpu-") as tmp:
        model_dir = args.model_dir or build_random_llama(Path(tmp) / "model", args.shape)
        results = []
        for variant in variants:
            cmd = [sys.executable, "-m", "bench.bench_train_gpu", "--one", variant]
            cmd += ["--model-dir", str(model_dir), "--steps", str(args.steps)]
            cmd += ["--seq", str(args.seq), "--batch", str(args.batch)]
            proc = subprocess.run(
                cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ}, check=False
            )
            line = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")]
            if proc.returncode or not line:
                tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
                results.append({"variant": variant, "error": tail[0][:300]})
                continue
            results.append(json.loads(line[-1].removeprefix("RESULT ")))
    baseline = next(
        (r for r in results if r.get("variant") == "seed-pad" and "error" not in r), None
    )
    for r in results:
        if baseline and "error" not in r:
            r["real_tokens_per_second_vs_seed"] = round(
                r["real_tokens_per_second"] / baseline["real_tokens_per_second"], 2
            )
    report = {"shape": args.shape, "seq": args.seq, "batch": args.batch, "results": results}
    text = json.dumps(report, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return report


if __name__ == "__main__":
    main()
