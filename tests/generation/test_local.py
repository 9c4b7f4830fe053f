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


def test_variations_rewritten_by_the_model_end_to_end(generator, project_seeds):
    seeds = project_seeds.select(range(4))
    vg = VariationGenerator(["simplify", "critique"], batch_size=8)
    template = vg.generate(seeds, 4, seed=1)
    rewritten = vg.generate(seeds, 4, seed=1, generator=generator)
    again = VariationGenerator(["simplify", "critique"], batch_size=3).generate(
        seeds, 4, seed=1, generator=generator
    )
    assert len(rewritten.dataset) == 4
    assert rewritten.refusals == [] and template.refusals == []  # same attempts, same RNGs
    recs = [e.to_record() for e in rewritten.dataset]
    assert recs == [e.to_record() for e in again.dataset]  # deterministic, batch-independent
    by_id = {e.id: e for e in seeds}
    for t, r in zip(template.dataset, rewritten.dataset, strict=True):
        assert r.parent_id in by_id and r.source_id == r.parent_id
        assert r.technique in ("simplify", "critique") and r.id == t.id
        # The model's text, not the template's, is the new prompt and answer...
        assert r.prompt != t.prompt and r.response_revised != t.response_revised
        # ...while critique/reasoning stay the technique's.
        assert r.critique == t.critique
    # The rewritten prompt is exactly what the backend answers to the rewrite request.
    from noesis_trainer.variations.builtin_techniques import _REWRITE_PROMPT, REWRITE_INSTRUCTIONS

    first, draft = rewritten.dataset[0], template.dataset[0]
    parent = by_id[first.parent_id]
    ask = _REWRITE_PROMPT["pt"].format(
        goal=REWRITE_INSTRUCTIONS["pt"][first.technique], q=parent.prompt, draft=draft.prompt
    )
    reply = generator.generate([[{"role": "user", "content": ask}]], max_new_tokens=96)[0]
    assert reply.strip() == first.prompt


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
    assert res.exit_code == 0, res.output
    made = Dataset.load(out)
    assert len(made) == 3 and {e.technique for e in made} == {"depth"}
