"""The six built-in techniques: registered by the hook, and genuinely different outputs."""

from __future__ import annotations

import itertools
import random

import pytest

from noesis_trainer.core.dedup import jaccard
from noesis_trainer.core.schema import Difficulty, Example, Value
from noesis_trainer.plugins import collect
from noesis_trainer.variations import BatchTechnique, Technique, available_techniques
from noesis_trainer.variations.text import detect_language

SIX = ["depth", "simplify", "practical", "history", "compare", "critique"]


def test_builtin_techniques_come_through_the_plugin_hook():
    registered = [t.name for t in collect("register_techniques")]
    assert registered[:6] == SIX
    techniques = available_techniques()
    assert list(techniques)[:6] == SIX
    for t in techniques.values():
        assert isinstance(t, Technique)
        assert isinstance(t, BatchTechnique)


@pytest.mark.parametrize("name", SIX)
def test_each_technique_rewrites_prompt_and_answer_in_the_same_language(name, project_seeds):
    technique = available_techniques()[name]
    for seed in list(project_seeds)[::4]:
        out = technique.vary(seed, random.Random(7))
        assert isinstance(out, Example)
        lang = seed.extra_fields["language"]
        assert detect_language(out.prompt + "\n" + out.response_revised) == lang
        assert out.extra_fields.get("language") == lang
        # Not "prefix + source" nor "source + appended sentence".
        assert seed.response_revised.strip() not in out.response_revised
        assert out.prompt != seed.prompt and jaccard(seed.prompt, out.prompt) < 0.8
        assert jaccard(seed.response_revised, out.response_revised) < 0.5
        assert out.response_initial != seed.response_initial
        assert out.critique != seed.critique and out.critique.startswith("[VERITAS] ")
        assert out.reasoning != seed.reasoning
        assert set(seed.values_applied) <= set(out.values_applied)


def test_the_six_answers_differ_from_each_other(project_seeds):
    techniques = available_techniques()
    for seed in list(project_seeds)[:10]:
        answers = {n: techniques[n].vary(seed, random.Random(1)).response_revised for n in SIX}
        for a, b in itertools.combinations(SIX, 2):
            assert jaccard(answers[a], answers[b]) < 0.5, (seed.id, a, b)


def test_technique_specific_fields(project_seeds):
    techniques = available_techniques()
    seed = next(e for e in project_seeds if e.difficulty is Difficulty.HARD)
    assert techniques["simplify"].vary(seed, random.Random(0)).difficulty is Difficulty.MEDIUM
    assert techniques["depth"].vary(seed, random.Random(0)).difficulty is Difficulty.HARD
    assert Value.HUMILDADE in techniques["critique"].vary(seed, random.Random(0)).values_applied
    practical = techniques["practical"].vary(seed, random.Random(0)).response_revised
    assert "\n1. " in practical and "\n2. " in practical


def test_vary_is_deterministic_in_the_rng_and_batch_equals_single(project_seeds):
    technique = available_techniques()["compare"]
    seeds = list(project_seeds)[:6]
    one = [technique.vary(s, random.Random(f"k{i}")) for i, s in enumerate(seeds)]
    again = [technique.vary(s, random.Random(f"k{i}")) for i, s in enumerate(seeds)]
    batch = technique.vary_batch([(s, random.Random(f"k{i}")) for i, s in enumerate(seeds)])
    assert [e.model_dump() for e in one] == [e.model_dump() for e in again]
    assert [e.model_dump() for e in one] == [e.model_dump() for e in batch if e is not None]
    other = technique.vary(seeds[0], random.Random("another"))
    assert (other.prompt, other.response_revised) != (one[0].prompt, one[0].response_revised)


def test_prompts_about_a_recognized_topic_drop_the_original_wording():
    seed = Example(
        id="t1",
        category="logica",
        prompt="Explique a Navalha de Ockham e sua relevância para a ciência.",
        response_initial="É uma regra.",
        critique="[VERITAS] Vago\n[SOPHIA] Sem exemplo\n[DIKE] Não ajuda",
        response_revised=(
            "A Navalha de Ockham recomenda não multiplicar entidades sem necessidade. Entre duas "
            "explicações que dão conta dos mesmos dados, prefira a que supõe menos. Não é prova "
            "de verdade: é um critério de escolha quando a evidência empata."
        ),
        reasoning="Explicar o princípio e seu uso.",
        values_applied=[Value.SABEDORIA],
        difficulty=Difficulty.MEDIUM,
    )
    technique = available_techniques()["critique"]
    prompts = [technique.vary(seed, random.Random(i)).prompt for i in range(40)]
    topical = [p for p in prompts if "Navalha de Ockham" in p and "relevância" not in p]
    quoting = [p for p in prompts if "sua relevância para a ciência" in p]
    assert topical and quoting
    assert len(set(prompts)) >= 30


def test_english_templates_are_used_for_english_examples(project_seeds):
    seed = next(e for e in project_seeds if e.extra_fields["language"] == "en")
    out = available_techniques()["history"].vary(seed, random.Random(3))
    assert detect_language(out.response_revised) == "en"
    assert out.critique.startswith("[VERITAS] ") and detect_language(out.critique) == "en"
