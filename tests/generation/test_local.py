"""TransformersGenerator and model rewriting, end to end with the tiny random Llama.

The replies of a random model are noise; what is tested is the plumbing: batching, order,
determinism, and that the rewritten text reaches the variations with their provenance.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from noesis_trainer import Dataset
from noesis_trainer.generation import TextGenerator
from noesis_trainer.variations import VariationGenerator

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    from noesis_trainer.testing import build_tiny_llama

    # float32: batched and single greedy decoding then agree to the last bit on CPU.
    return build_tiny_llama(tmp_path_factory.mktemp("tiny"), dtype="float32", seed=3)


@pytest.fixture(scope="module")
def generator(tiny_model):
    from noesis_trainer.generation.local import TransformersGenerator

    # A random model never stops by itself: cap the replies so the tests stay fast.
    return TransformersGenerator(tiny_model, batch_size=4, max_new_tokens_cap=40)


CONVERSATIONS = [
    [{"role": "user", "content": "O que é entropia?"}],
    [{"role": "system", "content": "Seja breve."}, {"role": "user", "content": "Explain logic."}],
    [
        {
            "role": "user",
            "content": "Uma pergunta bem mais longa que as outras, com várias palavras "
            "para forçar padding à esquerda no lote.",
        }
    ],
    [{"role": "user", "content": "Por quê?"}],
    [{"role": "user", "content": "Compare Kant e Mill."}],
]


def test_it_is_a_text_generator(generator):
    assert isinstance(generator, TextGenerator)


def test_batch_gives_one_reply_per_conversation_in_order_equal_to_one_by_one(generator):
    batch = generator.generate(CONVERSATIONS, max_new_tokens=12)
    single = [generator.generate([c], max_new_tokens=12)[0] for c in CONVERSATIONS]
    assert len(batch) == len(CONVERSATIONS)
    assert batch == single
    assert len(set(batch)) > 1  # different inputs, different replies (they are not constant)
    assert all(isinstance(r, str) and r for r in batch)
    assert not any("<|eot_id|>" in r or "<|start_header_id|>" in r for r in batch)


def test_greedy_is_deterministic_and_sampling_follows_the_seed(generator):
    assert generator.generate(CONVERSATIONS[:2], max_new_tokens=10) == generator.generate(
        CONVERSATIONS[:2], max_new_tokens=10
    )
    a = generator.generate(CONVERSATIONS[:2], max_new_tokens=10, temperature=1.0, seed=5)
    b = generator.generate(CONVERSATIONS[:2], max_new_tokens=10, temperature=1.0, seed=5)
    assert a == b
    assert generator.generate([], max_new_tokens=4) == []


def test_missing_model_folder_is_a_clear_error(tmp_path):
    from noesis_trainer.generation.local import TransformersGenerator

    with pytest.raises(FileNotFoundError, match="model folder not found"):
        TransformersGenerator(tmp_path / "nope")


def test_importing_the_backend_does_not_import_torch():
    code = (
        "import sys, noesis_trainer.generation.local, noesis_trainer.variations; "
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_model_rewrites_pass_the_gate_or_are_refused_and_counted(generator, project_seeds):
    # The random tiny model writes gibberish that never ends by itself: every rewrite must be
    # refused by the output-failure gate (never written as training data), each refusal with its
    # reason, the same ones on a second run. Real rewrites that pass the gate are
    # tested on SmolLM2 (tests/generation/test_smollm2_rewrites.py).
    seeds = project_seeds.select(range(4))
    rewritten = VariationGenerator(["simplify", "critique"], batch_size=8).generate(
        seeds, 4, seed=1, generator=generator
    )
    again = VariationGenerator(["simplify", "critique"], batch_size=8).generate(
        seeds, 4, seed=1, generator=generator
    )
    assert len(rewritten.dataset) == 0
    assert rewritten.summary.slots_given_up == 4
    reasons = {r.reason for r in rewritten.refusals}
    # reasons: model_<output-failure kind> or unfaithful_<why> (variations.rewrite_gate)
    assert reasons and all(r.startswith(("model_", "unfaithful_")) for r in reasons), reasons
    assert all(r.detail for r in rewritten.refusals)  # each refusal says what was wrong
    assert [(r.parent_id, r.reason, r.detail) for r in rewritten.refusals] == [
        (r.parent_id, r.reason, r.detail) for r in again.refusals
    ]  # deterministic


def test_cli_generate_with_a_model(tiny_model, project_seeds, tmp_path):
    from typer.testing import CliRunner

    from noesis_trainer.cli import app

    src = project_seeds.select(range(3)).save(tmp_path / "seeds.jsonl")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(
        app,
        [
            "generate",
            str(src),
            "-o",
            str(out),
            "-n",
            "3",
            "--techniques",
            "depth",
            "--model",
            str(tiny_model),
            "--max-new-tokens",
            "40",
        ],
    )
    # Nothing the random model writes passes the gate: no row, and the refusals are counted.
    assert res.exit_code in (0, 1), res.output
    assert "Traceback" not in res.output
    made = Dataset.load(out) if out.exists() else []
    assert len(made) == 0
    assert "model_" in res.output, res.output
