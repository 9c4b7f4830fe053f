"""Peak memory of the streaming merge against PEFT's in-memory merge, on a model of a few GB.

    .venv/bin/python -m bench.bench_merge [--layers 24] [--shard-size 500MB] [--keep]

Writes a random Llama-architecture checkpoint (hidden 2048, intermediate 5632, vocabulary
32,000, bf16; 24 layers is about 2.2 GB) in several safetensors shards, and a PEFT-format LoRA
adapter (r=64, alpha=128, all seven projections, float32 as PEFT saves trained adapters) under
bench/out/merge. Then each merge runs in its own child process, one after the other in this
run, and reports its peak RSS (VmHWM) and its RSS after imports:

* peft: `Merger.merge(streaming=False)`: transformers loads the model, PEFT ``merge_and_unload``;
* streaming: `Merger.merge(streaming=True)`: one tensor at a time.

Target: streaming peak <= 1.5 x (largest input shard + adapter file). With ``--verify`` (default)
the two outputs are compared tensor by tensor. Files are deleted at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out" / "merge"
TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


def _status(field: str) -> int:
    """A /proc/self/status memory field in bytes (VmRSS: now; VmHWM: peak of this process).

    VmHWM, not ru_maxrss: Linux carries ru_maxrss over fork and exec, so a child would report
    its parent's peak."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def _shapes(
    layers: int, hidden: int, inter: int, vocab: int, kv: int
) -> list[tuple[str, tuple[int, ...]]]:
    out: list[tuple[str, tuple[int, ...]]] = [("model.embed_tokens.weight", (vocab, hidden))]
    for i in range(layers):
        p = f"model.layers.{i}."
        out += [
            (p + "input_layernorm.weight", (hidden,)),
            (p + "self_attn.q_proj.weight", (hidden, hidden)),
            (p + "self_attn.k_proj.weight", (kv, hidden)),
            (p + "self_attn.v_proj.weight", (kv, hidden)),
            (p + "self_attn.o_proj.weight", (hidden, hidden)),
            (p + "post_attention_layernorm.weight", (hidden,)),
            (p + "mlp.gate_proj.weight", (inter, hidden)),
            (p + "mlp.up_proj.weight", (inter, hidden)),
            (p + "mlp.down_proj.weight", (hidden, inter)),
        ]
    out += [("model.norm.weight", (hidden,)), ("lm_head.weight", (vocab, hidden))]
    return out


def make_checkpoint(args: argparse.Namespace) -> tuple[Path, Path]:
    """Random base (sharded safetensors + config + tokenizer) and a PEFT-format adapter."""
    import torch
    from safetensors.torch import save_file

    from noesis_trainer.merging.layout import parse_size
    from noesis_trainer.testing import build_tiny_tokenizer

    hidden, inter, vocab, heads, kv_heads = 2048, 5632, 32000, 16, 4
    kv = kv_heads * hidden // heads
    base, adapter = OUT / "base", OUT / "adapter"
    for folder in (base, adapter):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    gen = torch.Generator().manual_seed(0)
    limit = parse_size(args.shard_size)
    shards: list[dict[str, torch.Tensor]] = [{}]
    size = 0
    for name, shape in _shapes(args.layers, hidden, inter, vocab, kv):
        tensor = (
            torch.ones(shape, dtype=torch.bfloat16)
            if len(shape) == 1
            else (torch.randn(shape, generator=gen) * 0.02).to(torch.bfloat16)
        )
        nbytes = tensor.numel() * 2
        if shards[-1] and size + nbytes > limit:
            shards.append({})
            size = 0
        shards[-1][name] = tensor
        size += nbytes
    weight_map = {}
    for i, shard in enumerate(shards, start=1):
        fname = f"model-{i:05d}-of-{len(shards):05d}.safetensors"
        save_file(shard, str(base / fname), metadata={"format": "pt"})
        weight_map.update(dict.fromkeys(shard, fname))
    shards.clear()
    total = sum(p.stat().st_size for p in base.glob("*.safetensors"))
    (base / "model.safetensors.index.json").write_text(
        json.dumps({"metadata": {"total_size": total}, "weight_map": weight_map}, indent=2)
    )
    config = {
        "architectures": ["LlamaForCausalLM"],
        "model_type": "llama",
        "hidden_size": hidden,
        "intermediate_size": inter,
        "num_hidden_layers": args.layers,
        "num_attention_heads": heads,
        "num_key_value_heads": kv_heads,
        "head_dim": hidden // heads,
        "vocab_size": vocab,
        "max_position_embeddings": 4096,
        "rms_norm_eps": 1e-5,
        "rope_theta": 500000.0,
        "hidden_act": "silu",
        "tie_word_embeddings": False,
        "dtype": "bfloat16",
    }
    (base / "config.json").write_text(json.dumps(config, indent=2))
    build_tiny_tokenizer(base)
    lora: dict[str, torch.Tensor] = {}
    dims = {"q_proj": (hidden, hidden), "k_proj": (kv, hidden), "v_proj": (kv, hidden)}
    dims |= {"o_proj": (hidden, hidden), "gate_proj": (inter, hidden), "up_proj": (inter, hidden)}
    dims |= {"down_proj": (hidden, inter)}
    for i in range(args.layers):
        for mod in TARGETS:
            part = "self_attn" if mod in TARGETS[:4] else "mlp"
            out_f, in_f = dims[mod]
            key = f"base_model.model.model.layers.{i}.{part}.{mod}"
            lora[f"{key}.lora_A.weight"] = torch.randn((64, in_f), generator=gen) * 0.01
            lora[f"{key}.lora_B.weight"] = torch.randn((out_f, 64), generator=gen) * 0.01
    save_file(lora, str(adapter / "adapter_model.safetensors"), metadata={"format": "pt"})
    (adapter / "adapter_config.json").write_text(
        json.dumps(
            {
                "peft_type": "LORA",
                "task_type": "CAUSAL_LM",
                "r": 64,
                "lora_alpha": 128,
                "lora_dropout": 0.0,
                "target_modules": list(TARGETS),
                "bias": "none",
                "base_model_name_or_path": str(base),
            },
            indent=2,
        )
    )
    return base, adapter


def worker(mode: str, base: str, adapter: str, out: str, shard_size: str) -> None:
    """Child process: import, note RSS, merge, print JSON with peak RSS."""
    import torch  # noqa: F401 - both modes need torch; measure the baseline with it loaded

    from noesis_trainer.merging import Merger

    if mode == "peft":
        import peft  # noqa: F401
        import transformers  # noqa: F401
    start = _status("VmRSS")
    t0 = time.perf_counter()
    Merger(base, adapter, max_shard_size=shard_size).merge(
        out, streaming=mode == "streaming", overwrite=True
    )
    seconds = time.perf_counter() - t0
    peak = _status("VmHWM")
    print(json.dumps({"mode": mode, "rss_start": start, "rss_peak": peak, "seconds": seconds}))


def run_worker(mode: str, base: Path, adapter: Path, shard_size: str) -> dict[str, float]:
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    cmd = [sys.executable, "-m", "bench.bench_merge", "--worker", mode, "--base", str(base)]
    cmd += [
        "--adapter",
        str(adapter),
        "--out",
        str(OUT / f"out-{mode}"),
        "--shard-size",
        shard_size,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{mode} worker failed:\n{proc.stderr[-3000:]}")
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def verify(a: Path, b: Path) -> int:
    """Compare two merged folders tensor by tensor; returns the number of tensors compared."""
    import torch
    from safetensors import safe_open

    index_a = json.loads((a / "model.safetensors.index.json").read_text())["weight_map"]
    index_b = json.loads((b / "model.safetensors.index.json").read_text())["weight_map"]
    assert set(index_a) == set(index_b), "different tensor names"
    for key in index_a:
        with (
            safe_open(str(a / index_a[key]), "pt") as fa,
            safe_open(str(b / index_b[key]), "pt") as fb,
        ):
            if not torch.equal(fa.get_tensor(key), fb.get_tensor(key)):
                raise SystemExit(f"outputs differ at {key}")
    return len(index_a)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--layers", type=int, default=24)
    parser.add_argument("--shard-size", default="500MB")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--no-verify", dest="verify", action="store_false")
    parser.add_argument("--worker", choices=["peft", "streaming"], help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    parser.add_argument("--adapter", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.base, args.adapter, args.out, args.shard_size)
        return
    t0 = time.perf_counter()
    base, adapter = make_checkpoint(args)
    shards = sorted(base.glob("model-*.safetensors"))
    largest = max(p.stat().st_size for p in shards)
    total = sum(p.stat().st_size for p in shards)
    adapter_bytes = (adapter / "adapter_model.safetensors").stat().st_size
    print(
        f"base: {len(shards)} shards, {total / 2**30:.2f} GiB; largest shard "
        f"{largest / 2**20:.0f} MiB; adapter {adapter_bytes / 2**20:.0f} MiB "
        f"(made in {time.perf_counter() - t0:.0f} s)"
    )
    results = {
        mode: run_worker(mode, base, adapter, args.shard_size) for mode in ("peft", "streaming")
    }
    budget = 1.5 * (largest + adapter_bytes)
    print("\n| merge | peak RSS | RSS after imports | peak - imports | time |")
    print("|---|---|---|---|---|")
    for mode, r in results.items():
        print(
            f"| {mode} | {r['rss_peak'] / 2**20:,.0f} MiB | {r['rss_start'] / 2**20:,.0f} MiB | "
            f"{(r['rss_peak'] - r['rss_start']) / 2**20:,.0f} MiB | {r['seconds']:.1f} s |"
        )
    s, p = results["streaming"], results["peft"]
    print(f"\nstreaming peak / PEFT peak: {s['rss_peak'] / p['rss_peak']:.2f}")
    print(
        f"target 1.5 x (largest shard + adapter) = {budget / 2**20:,.0f} MiB; streaming peak is "
        f"{s['rss_peak'] / budget:.2f} of it -> {'MET' if s['rss_peak'] <= budget else 'MISSED'}"
    )
    if args.verify:
        n = verify(OUT / "out-peft", OUT / "out-streaming")
        print(f"verified: {n} tensors bit-identical between the two outputs")
    if not args.keep:
        shutil.rmtree(OUT, ignore_errors=True)


if __name__ == "__main__":
    main()
