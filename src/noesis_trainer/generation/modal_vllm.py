"""Rewriting variations at scale: vLLM on a Modal GPU, fanned out over seed batches with `.map`.

The seeds are cut into batches of `batch_seeds`; each batch is one call of the remote function
`rewrite_batch`, which runs the same `VariationGenerator` (templates as the brief, the model's
rewrite, the output gate) with a `VLLMGenerator` and keeps its finished batch on the volume
(``/vol/variations/<run>/batch-0003.jsonl``): a rerun of the same run skips the batches already
done, so a preempted or interrupted job resumes. A budget guard refuses to start when the
estimate (`noesis_trainer.pipeline.plan.rewrite_estimate`) exceeds ``max_cost``.

Nothing touches Modal or vLLM at import time: `ModalRewriter.build()` creates the `modal.App`,
its image (vLLM pinned), volume, secret and function. The remote body `rewrite_batch` is a plain
function: tests run it through ``Function.local()`` with the transformers generator standing in
for vLLM. The same generation runs against any OpenAI-compatible server (vLLM, llama.cpp,
Ollama) with `OpenAICompatGenerator` (``noesis generate --base-url``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from noesis_trainer.generation.base import Conversation, TextGenerator
from noesis_trainer.pins import CORE_REQUIREMENTS

VLLM_PINS: dict[str, str] = {"vllm": "0.33.0"}
"""vLLM in the rewrite image (it brings its own torch and transformers)."""
VOLUME_MOUNT = "/vol"
RUNS_DIR = "variations"


class RewriteConfig(BaseModel):
    """Where and how the rewrite runs on Modal; validated before any Modal call."""

    model_config = ConfigDict(extra="forbid")

    model: str = "meta-llama/Llama-3.1-8B-Instruct"
    gpu: str = "L40S"
    app_name: str = "noesis-variations"
    volume_name: str = "noesis-variations"
    secret_name: str = "huggingface-token"
    python_version: str = "3.12"
    timeout_s: int = 3600
    batch_seeds: int = Field(default=50, ge=1)
    """Seeds per remote call (one container each, in parallel up to Modal's limits)."""
    max_new_tokens: int = Field(default=512, ge=16, le=8192)
    max_model_len: int = Field(default=8192, ge=512)
    max_attempts: int = Field(default=4, ge=1, le=16)
    max_cost: float | None = Field(default=None, gt=0)
    """Refuse to start when the estimate exceeds this many dollars."""
    request_timeout_s: float = Field(default=600.0, gt=0)
    """Per request to an OpenAI-compatible server (`run_local`): a CPU server is slow."""

    @field_validator("gpu")
    @classmethod
    def _gpu(cls, value: str) -> str:
        from noesis_trainer.training.backends.modal import validate_gpu

        return validate_gpu(value)

    @field_validator("timeout_s")
    @classmethod
    def _timeout(cls, value: int) -> int:
        from noesis_trainer.training.backends.modal import validate_timeout

        return validate_timeout(value)

    def image_requirements(self) -> list[str]:
        from noesis_trainer.pins import requirement_lines

        return requirement_lines(VLLM_PINS) + list(CORE_REQUIREMENTS)


class VLLMGenerator:
    """`TextGenerator` on vLLM's offline engine (inside the container): one batched `chat` call
    renders every conversation with the model's chat template and generates them together."""

    def __init__(self, model: str, *, max_model_len: int = 8192) -> None:
        self.model = model
        self.max_model_len = max_model_len
        self._llm: Any = None
        self.finished: list[bool | None] = []

    def generate(
        self,
        conversations: Sequence[Conversation],
        *,
        max_new_tokens: int = 256,
        temperature: float = 0.0,
        seed: int | None = None,
    ) -> list[str]:
        if not conversations:
            return []
        from vllm import LLM, SamplingParams  # type: ignore[import-not-found]

        if self._llm is None:
            self._llm = LLM(model=self.model, max_model_len=self.max_model_len)
        params = SamplingParams(max_tokens=max_new_tokens, temperature=temperature, seed=seed)
        outputs = self._llm.chat([list(c) for c in conversations], params, use_tqdm=False)
        self.finished = [o.outputs[0].finish_reason == "stop" for o in outputs]
        return [str(o.outputs[0].text).strip() for o in outputs]


GeneratorFactory = Callable[[dict[str, Any]], TextGenerator]


def _default_generator(job: dict[str, Any]) -> TextGenerator:
    """vLLM for ``backend: vllm`` (on Modal); ``openai``: any OpenAI-compatible server at
    ``base_url`` (vLLM, llama.cpp, Ollama); ``transformers``: a local folder (how the tests stand
    in for vLLM under ``.local()``)."""
    if job.get("backend") == "openai":
        from noesis_trainer.generation.openai_compat import OpenAICompatGenerator

        return OpenAICompatGenerator(
            str(job["base_url"]),
            str(job["model"]),
            timeout_s=float(job.get("request_timeout_s", 600.0)),
        )
    if job.get("backend", "vllm") == "transformers":
        from noesis_trainer.generation.local import TransformersGenerator

        return TransformersGenerator(
            job["model"], max_new_tokens_cap=job.get("max_new_tokens"), batch_size=8
        )
    return VLLMGenerator(job["model"], max_model_len=int(job.get("max_model_len", 8192)))


def batch_path(run_root: str, index: int) -> Path:
    return Path(run_root) / f"batch-{index:04d}.jsonl"


def rewrite_batch(
    run_root: str,
    job: dict[str, Any],
    *,
    commit: Callable[[], None] = lambda: None,
    make_generator: GeneratorFactory = _default_generator,
) -> dict[str, Any]:
    """The remote body: variations of one batch of seeds, kept on the volume.

    `job`: ``index``, ``seeds`` (records), ``count``, ``seed``, ``techniques``, ``model``,
    ``backend``, ``max_new_tokens``, ``max_attempts``. A batch whose file exists is returned as
    is (resume). Returns the rows and the summary.
    """
    from noesis_trainer.core.dataset import Dataset
    from noesis_trainer.core.schema import Example
    from noesis_trainer.io.atomic import write_json_atomic
    from noesis_trainer.variations import VariationGenerator

    out = batch_path(run_root, int(job["index"]))
    summary_path = out.with_suffix(".summary.json")
    if out.is_file() and summary_path.is_file():
        rows = [json.loads(line) for line in out.read_text("utf-8").splitlines() if line]
        summary = json.loads(summary_path.read_text("utf-8"))
        return {"index": job["index"], "rows": rows, "summary": summary, "resumed": True}
    seeds = [Example.model_validate(r) for r in job["seeds"]]
    generator = make_generator(job)
    gen = VariationGenerator(
        job.get("techniques"),
        max_attempts=int(job.get("max_attempts", 4)),
        batch_size=int(job.get("batch_size", 64)),
    )
    result = gen.generate(
        seeds, int(job["count"]), seed=int(job.get("seed", 0)), generator=generator
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    summary = json.loads(result.summary.model_dump_json())
    Dataset(list(result.dataset)).save(out)
    write_json_atomic(summary_path, summary)
    commit()
    rows = [ex.to_record() for ex in result.dataset]
    return {"index": job["index"], "rows": rows, "summary": summary, "resumed": False}


def plan_batches(
    records: Sequence[dict[str, Any]], count: int, batch_seeds: int
) -> list[tuple[list[dict[str, Any]], int]]:
    """Seeds cut into batches of `batch_seeds`, each with its share of `count` (sum == count,
    proportional to the batch's seeds, the remainder to the first batches)."""
    if not records:
        raise ValueError("no seeds to rewrite")
    chunks = [list(records[i : i + batch_seeds]) for i in range(0, len(records), batch_seeds)]
    n = len(records)
    counts = [count * len(c) // n for c in chunks]
    for i in range(count - sum(counts)):
        counts[i % len(chunks)] += 1
    return list(zip(chunks, counts, strict=True))


@dataclass
class BuiltRewriter:
    """The Modal objects, for tests and for callers that run the app themselves."""

    app: Any
    image: Any
    volume: Any
    secret: Any
    rewrite: Any
    requirements: list[str]


class ModalRewriter:
    """Builds the Modal app on first use; `run` fans the seed batches out with `.map`."""

    def __init__(self, settings: RewriteConfig | None = None, **overrides: Any) -> None:
        base = settings.model_dump() if settings else {}
        self.settings = RewriteConfig.model_validate({**base, **overrides})
        self._built: BuiltRewriter | None = None

    def build(self) -> BuiltRewriter:
        if self._built is not None:
            return self._built
        import modal

        s = self.settings
        requirements = s.image_requirements()
        image = (
            modal.Image.debian_slim(python_version=s.python_version)
            .pip_install(*requirements)
            .env({"TOKENIZERS_PARALLELISM": "false", "VLLM_LOGGING_LEVEL": "WARNING"})
            .add_local_python_source("noesis_trainer")
        )
        volume = modal.Volume.from_name(s.volume_name, create_if_missing=True)
        secret = modal.Secret.from_name(s.secret_name)
        app = modal.App(s.app_name)
        volume_name = s.volume_name

        def rewrite(run_root: str, job: dict[str, Any]) -> dict[str, Any]:
            return rewrite_batch(run_root, job, commit=_commit(volume_name))

        rewrite.__name__ = rewrite.__qualname__ = "noesis_rewrite_batch"
        fn = app.function(
            image=image,
            gpu=s.gpu,
            volumes={VOLUME_MOUNT: volume},
            secrets=[secret],
            timeout=s.timeout_s,
            serialized=True,
            retries=2,
        )(rewrite)
        self._built = BuiltRewriter(app, image, volume, secret, fn, requirements)
        return self._built

    def jobs(
        self,
        records: Sequence[dict[str, Any]],
        count: int,
        *,
        seed: int = 0,
        techniques: list[str] | None = None,
        backend: str = "vllm",
    ) -> list[dict[str, Any]]:
        s = self.settings
        return [
            {
                "index": i,
                "seeds": chunk,
                "count": n,
                "seed": seed,
                "techniques": techniques,
                "model": s.model,
                "backend": backend,
                "max_new_tokens": s.max_new_tokens,
                "max_model_len": s.max_model_len,
                "max_attempts": s.max_attempts,
                "request_timeout_s": s.request_timeout_s,
            }
            for i, (chunk, n) in enumerate(plan_batches(records, count, s.batch_seeds))
        ]

    def run_local(
        self,
        records: Sequence[dict[str, Any]],
        count: int,
        *,
        root: str | os.PathLike[str],
        base_url: str,
        seed: int = 0,
        techniques: list[str] | None = None,
    ) -> list[dict[str, Any]]:
        """The same batches, one after the other on this machine, against an OpenAI-compatible
        server (`settings.model` is the server's model name); resumable from `root` as on
        Modal."""
        jobs = self.jobs(records, count, seed=seed, techniques=techniques, backend="openai")
        return [rewrite_batch(os.fspath(root), {**job, "base_url": base_url}) for job in jobs]

    def check_budget(self, count: int) -> float:
        """The estimate in dollars; raises `BudgetExceededError` above ``max_cost``."""
        from noesis_trainer.errors import BudgetExceededError
        from noesis_trainer.pipeline.plan import rewrite_estimate

        s = self.settings
        estimate = rewrite_estimate(
            count, s.gpu, max_new_tokens=s.max_new_tokens, batch_seeds=s.batch_seeds
        )
        if s.max_cost is not None and estimate.dollars > s.max_cost:
            raise BudgetExceededError(estimate.dollars, s.max_cost)
        return estimate.dollars

    def run(
        self,
        records: Sequence[dict[str, Any]],
        count: int,
        *,
        run_name: str,
        seed: int = 0,
        techniques: list[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Every batch's result (rows and summary), in batch order (needs a Modal token)."""
        self.check_budget(count)
        built = self.build()
        root = f"{VOLUME_MOUNT}/{RUNS_DIR}/{run_name}"
        jobs = self.jobs(records, count, seed=seed, techniques=techniques)
        with built.app.run():
            results = list(built.rewrite.map([root] * len(jobs), jobs))
        return sorted(results, key=lambda r: int(r["index"]))


def _commit(volume_name: str) -> Callable[[], None]:
    """Inside a container: commit the volume so a finished batch survives. Locally: no-op."""
    import modal

    if modal.is_local():
        return lambda: None
    volume = modal.Volume.from_name(volume_name)
    return volume.commit  # type: ignore[no-any-return]
