"""Training benchmark: tokens computed vs real tokens (seed padding vs our packing), and steps/s.

Part 1 renders the seed's 600 hand-written examples with the seed's own system prompt and
critique block, tokenizes them with the tiny BPE tokenizer (trained on those texts), and counts
the tokens each batching scheme makes the model compute, by running the real collators:
the seed's ``padding="max_length"`` to 2,048; TRL's padded batches (pad to the longest in the
batch, what Unsloth's CPU backend uses); and our packing (best-fit decreasing into 2,048-token
rows, padding-free).

Part 2 trains the tiny random Llama (4-bit) on 16 seed examples with each engine, each in its own
process (importing Unsloth patches TRL process-wide), and reports optimizer steps/s and tokens/s.

Run: ``.venv/bin/python -m bench.bench_train`` (about 3 minutes on 2 cores).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(
    os.environ.get("NOESIS_SHARED_DATA", ROOT.parent / "shared" / "data" / "noesis-original")
)
BATCH = 2
SEQ = 2048


def _seed_examples() -> list[Any]:
    from noesis_trainer.core.dataset import Dataset

    return list(Dataset.load(SHARED / "seed_examples_philosophical.jsonl"))


def _seed_format() -> Any:
    from noesis_trainer.core.formatting import ChatFormat
    from noesis_trainer.training.seed_mapping import map_seed_files

    cfg, _ = map_seed_files(SHARED / "training_config.yaml", SHARED / "lora_config.yaml")
    return cfg, ChatFormat(system_prompt=cfg.data.system_prompt, include_critique=True)


def _texts(examples: list[Any], system: str) -> list[str]:
    texts = [system]
    for ex in examples:
        texts += [ex.prompt, ex.critique, ex.response_revised]
    return texts


def token_counts(workdir: Path) -> dict[str, Any]:
    from datasets import Dataset as HFDataset
    from transformers import AutoTokenizer
    from trl.data_utils import pack_dataset
    from trl.trainer.sft_trainer import DataCollatorForLanguageModeling

    from noesis_trainer.core.formatting import render
    from noesis_trainer.testing import build_tiny_tokenizer
    from noesis_trainer.training.data import tokenize_examples

    examples = _seed_examples()
    cfg, fmt = _seed_format()
    tok_dir = build_tiny_tokenizer(workdir / "tok", _texts(examples, fmt.system_for()))
    tokenizer = AutoTokenizer.from_pretrained(tok_dir)
    tok = tokenize_examples(examples, tokenizer, fmt, SEQ)
    real = tok.total_tokens
    answer = tok.completion_tokens
    order = list(range(len(tok.input_ids)))
    random.Random(42).shuffle(order)

    # The seed: every example tokenized with padding="max_length" (and truncation) to 2,048.
    texts = [render(ex, tokenizer, fmt) for ex in examples]
    seed_computed = 0
    for i in range(0, len(order), BATCH):
        batch = [texts[j] for j in order[i : i + BATCH]]
        enc = tokenizer(
            batch,
            padding="max_length",
            truncation=True,
            max_length=SEQ,
            add_special_tokens=False,
            return_tensors="pt",
        )
        seed_computed += int(enc["input_ids"].numel())

    rows = [{"input_ids": tok.input_ids[j], "labels": tok.labels[j]} for j in order]
    padded = DataCollatorForLanguageModeling(pad_token_id=tokenizer.pad_token_id)
    padded_computed = sum(
        int(padded(rows[i : i + BATCH])["input_ids"].numel()) for i in range(0, len(rows), BATCH)
    )

    packed_ds = pack_dataset(
        HFDataset.from_dict({"input_ids": tok.input_ids, "labels": tok.labels}), SEQ, "bfd"
    )
    packed_rows = [packed_ds[i] for i in range(len(packed_ds))]
    free = DataCollatorForLanguageModeling(pad_token_id=tokenizer.pad_token_id, padding_free=True)
    packed_computed = sum(
        int(free(packed_rows[i : i + BATCH])["input_ids"].numel())
        for i in range(0, len(packed_rows), BATCH)
    )
    # Padding-free: a batch is one flat row of real tokens; nothing is padded or dropped.
    assert packed_computed == real, (packed_computed, real)
    return {
        "examples": len(examples),
        "real_tokens": real,
        "answer_tokens": answer,
        "mean_tokens": real / len(examples),
        "max_tokens": max(tok.lengths),
        "seed_computed": seed_computed,
        "padded_computed": padded_computed,
        "packed_rows": len(packed_rows),
        "packed_computed": packed_computed,
        "seed_max_length": cfg.model.max_seq_length,
    }


def engine_worker(engine: str, model: Path, data: Path, out: Path) -> dict[str, Any]:
    """One engine's run, in this (fresh) process."""
    from noesis_trainer.training import Trainer, TrainingConfig

    cfg = TrainingConfig.model_validate(
        {
            "engine": engine,
            "model": {
                "base_model": str(model),
                "max_seq_length": 1024,
                "load_in_4bit": True,
                "gradient_checkpointing": False,
            },
            "lora": {"r": 16, "alpha": 32},
            "optim": {
                "num_epochs": 2,
                "per_device_train_batch_size": BATCH,
                "gradient_accumulation_steps": 1,
                "learning_rate": 1e-3,
            },
            "data": {"train_file": str(data)},
            "checkpoint": {"output_dir": str(out), "save_steps": None},
            "logging": {"logging_steps": 1, "progress_bar": False},
        }
    )
    result = Trainer(cfg, log=lambda _: None).train()
    seconds = sum(e.seconds or 0.0 for e in result.epochs)
    return {
        "engine": engine,
        "steps": result.global_step,
        "seconds": seconds,
        "steps_per_s": result.global_step / seconds,
        "tokens": result.tokens_seen,
        "tokens_per_s": result.tokens_seen / seconds,
        "packing": result.packing,
        "load_in_4bit": result.load_in_4bit,
        "train_loss": [round(e.train_loss or 0.0, 3) for e in result.epochs],
    }


def engine_speeds(workdir: Path) -> list[dict[str, Any]]:
    from noesis_trainer.testing import build_tiny_llama

    examples = _seed_examples()[:16]
    _, fmt = _seed_format()
    model = build_tiny_llama(workdir / "model", _texts(_seed_examples(), fmt.system_for()))
    data = workdir / "train.jsonl"
    data.write_text(
        "".join(json.dumps(e.to_record(), ensure_ascii=False) + "\n" for e in examples),
        encoding="utf-8",
    )
    results = []
    for engine in ("transformers", "unsloth"):
        out = workdir / f"run-{engine}"
        proc = subprocess.run(
            [sys.executable, "-m", "bench.bench_train", "--worker", engine, model, data, out],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"{engine} run failed:\n{proc.stderr[-2000:]}")
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return results


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--worker":
        _, _, engine, model, data, out = sys.argv
        print(json.dumps(engine_worker(engine, Path(model), Path(data), Path(out))))
        return
    if not SHARED.is_dir():
        sys.exit(f"shared data not found at {SHARED} (set NOESIS_SHARED_DATA)")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        counts = token_counts(Path(tmp))
        speeds = engine_speeds(Path(tmp))
        total = time.perf_counter() - t0
    c = counts
    print(f"seed examples: {c['examples']}, real tokens {c['real_tokens']:,} (answer, i.e. loss-")
    print(f"  bearing: {c['answer_tokens']:,}), mean {c['mean_tokens']:.0f}, max {c['max_tokens']}")
    print("tokens computed per epoch (batch 2):")
    for name, key in (
        ("seed: pad to max_length 2048", "seed_computed"),
        ("padded to longest in batch", "padded_computed"),
        (f"ours: packed ({c['packed_rows']} rows), padding-free", "packed_computed"),
    ):
        n = c[key]
        print(
            f"  {name:45} {n:>10,}  real/computed {c['real_tokens'] / n:6.1%}"
            f"  vs seed {c['seed_computed'] / n:5.2f}x fewer"
        )
    print("engines on the tiny model (4-bit, 16 seed examples, 2 epochs, batch 2, CPU):")
    base = speeds[0]
    for s in speeds:
        print(
            f"  {s['engine']:12} {s['steps']} steps in {s['seconds']:.2f} s: "
            f"{s['steps_per_s']:.2f} steps/s, {s['tokens_per_s']:.0f} tokens/s "
            f"(packing {s['packing']}, 4-bit {s['load_in_4bit']}), steps/s ratio to "
            f"{base['engine']} {s['steps_per_s'] / base['steps_per_s']:.2f}; loss {s['train_loss']}"
        )
    print(f"total {total:.0f} s")
    print(json.dumps({"tokens": counts, "engines": speeds}))


if __name__ == "__main__":
    main()
