"""`noesis generate --model` with the REAL SmolLM2-135M-Instruct: what it writes is checked.

A 135M model loops, echoes and drifts language often; the gate must refuse each such output,
count it by reason, and write only what passes. Few seeds and short replies: CPU is scarce.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from noesis_trainer import Dataset
from noesis_trainer.cli import app
from noesis_trainer.generation.local import TransformersGenerator
from noesis_trainer.tribunal.output_failures import FailureKind, detect
from noesis_trainer.variations import VariationGenerator
from noesis_trainer.variations.rewrite_gate import faithfulness, unfaithful
from noesis_trainer.variations.text import detect_language

pytestmark = pytest.mark.integration

FORBIDDEN = {FailureKind.LOOP, FailureKind.ECHO, FailureKind.LANGUAGE}


def _pt_seeds(project_seeds: Dataset, n: int) -> list:  # type: ignore[type-arg]
    """The `n` shortest Portuguese seeds (prompt length drives CPU time)."""
    pt = [e for e in project_seeds if detect_language(e.prompt + e.response_revised) == "pt"]
    return sorted(pt, key=lambda e: len(e.prompt) + len(e.response_revised))[:n]


def test_real_rewrites_are_gated_and_counted(project_seeds: Dataset, smollm2_dir: Path) -> None:
    seeds = _pt_seeds(project_seeds, 2)
    model = TransformersGenerator(smollm2_dir, batch_size=8, max_new_tokens_cap=32)
    gen = VariationGenerator(["simplify"], max_attempts=2, batch_size=8)
    result = gen.generate(seeds, 2, seed=0, generator=model)
    by_id = {e.id: e for e in seeds}
    for ex in result.dataset:
        failures = {f.kind for f in detect(ex.prompt, ex.response_revised)}
        assert not failures & FORBIDDEN, (ex.prompt, ex.response_revised)
        seed = by_id[ex.parent_id]
        assert unfaithful(faithfulness(seed, "pt", ex.prompt, ex.response_revised), "") is None
    # Every attempt is either kept or refused with a reason; the tiny model gets refused.
    refused = result.summary.refusals
    attempts = len(result.dataset) + sum(refused.values())
    assert attempts >= 2 and sum(refused.values()) == len(result.refusals)
    model_reasons = {r for r in refused if r.startswith(("model_", "unfaithful_"))}
    assert model_reasons, refused
    assert all(r.detail for r in result.refusals if r.reason in model_reasons)


def test_cli_generate_with_the_real_model(
    project_seeds: Dataset, smollm2_dir: Path, tmp_path: Path
) -> None:
    seeds = Dataset(_pt_seeds(project_seeds, 1))
    src = seeds.save(tmp_path / "seeds.jsonl")
    out = tmp_path / "out.jsonl"
    args = ["generate", str(src), "-o", str(out), "-n", "1", "--model", str(smollm2_dir)]
    args += ["--max-new-tokens", "32", "--max-attempts", "1", "--techniques", "simplify"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    for row in rows:
        kinds = {f.kind for f in detect(row["prompt"], row["response_revised"])}
        assert not kinds & FORBIDDEN
    written = int(result.output.split("wrote ")[1].split()[0])
    assert written == len(rows)
    assert ("attempts refused:" in result.output) or written == 1
    assert (result.exit_code == 0) == (written == 1)
