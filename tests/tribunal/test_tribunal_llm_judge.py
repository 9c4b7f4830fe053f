"""LLM-as-judge: parsing, retries, caching and position swap.

`ScriptedModel` below stands in for the judge *model* (an external component whose replies we
need to control); everything of ours - prompts, parsing, retries, cache, swap - runs for real.
The integration test at the end drives a real (tiny, random) transformers model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from noesis_trainer.generation.base import Conversation, TextGenerator
from noesis_trainer.tribunal import JudgeItem, Tribunal, Virtue
from noesis_trainer.tribunal.llm_judge import JudgeCache, JudgeReplyError, LLMJudge, llm_judges


class ScriptedModel:
    """Replies with `reply(user_message, call_number)`; records every conversation it saw."""

    def __init__(self, reply: Callable[[str, int], str]) -> None:
        self.reply = reply
        self.seen: list[str] = []

    def generate(
        self,
        conversations: Sequence[Conversation],
        *,
        max_new_tokens: int = 256,
        temperature: float = 0.0,
        seed: int | None = None,
    ) -> list[str]:
        out = []
        for conversation in conversations:
            user = conversation[-1]["content"]
            self.seen.append(user)
            out.append(self.reply(user, len(self.seen)))
        return out


ITEM = JudgeItem("O que é entropia?", "Entropia mede a incerteza média de uma fonte, em bits.")


def test_scripted_model_is_a_text_generator() -> None:
    assert isinstance(ScriptedModel(lambda u, n: ""), TextGenerator)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [("Score: 8/10\nClear.", 0.8), ("7.5", 0.75), ("0.8 (good)", 0.8), ("Nota: 9 de 10", 0.9)],
)
def test_scores_are_parsed_and_the_judge_sees_prompt_and_reference(
    reply: str, expected: float
) -> None:
    model = ScriptedModel(lambda u, n: reply)
    judge = LLMJudge(model, Virtue.SOPHIA, model_id="m")
    (score,) = judge.score_batch([JudgeItem(ITEM.prompt, ITEM.response, "uma referência")])
    assert score.score == pytest.approx(expected)
    assert "O que é entropia?" in model.seen[0]
    assert "uma referência" in model.seen[0]
    assert "SOPHIA" in model.seen[0]


def test_unparsable_reply_is_retried_with_a_stricter_request() -> None:
    model = ScriptedModel(lambda u, n: "a fine answer" if n == 1 else "Score: 6/10")
    judge = LLMJudge(model, "veritas", model_id="m")
    (score,) = judge.score_batch([ITEM])
    assert score.score == pytest.approx(0.6)
    assert len(model.seen) == 2
    assert "no readable score" in model.seen[1]


def test_failure_policy_neutral_or_raise() -> None:
    never = ScriptedModel(lambda u, n: "I cannot decide.")
    neutral = LLMJudge(never, "dike", model_id="m", retries=2)
    (score,) = neutral.score_batch([ITEM])
    assert not score.scored and "unscored" in score.reason  # left out of means (issue 14)
    assert len(never.seen) == 3
    strict = LLMJudge(never, "dike", model_id="m", retries=1, on_failure="raise")
    with pytest.raises(JudgeReplyError, match="no score after 2 tries"):
        strict.score_batch([ITEM])


def test_generator_errors_are_retried() -> None:
    def flaky(user: str, n: int) -> str:
        if n == 1:
            raise ConnectionError("server restarting")
        return "Score: 9/10"

    judge = LLMJudge(ScriptedModel(flaky), "veritas", model_id="m", backoff_s=0.0)
    assert judge.score_batch([ITEM])[0].score == pytest.approx(0.9)


def test_cache_by_model_rubric_and_item_persisted(tmp_path: Path) -> None:
    model = ScriptedModel(lambda u, n: "Score: 7/10")
    cache = JudgeCache(tmp_path / "cache.json")
    judge = LLMJudge(model, "veritas", model_id="model-a", cache=cache)
    judge.score_batch([ITEM, ITEM])
    assert len(model.seen) == 2  # both uncached in the first batch
    judge.score_batch([ITEM])
    assert len(model.seen) == 2  # cached
    reloaded = LLMJudge(model, "veritas", model_id="model-a", cache=JudgeCache(cache.path))
    assert reloaded.score_batch([ITEM])[0].score == pytest.approx(0.7)
    assert len(model.seen) == 2
    other_model = LLMJudge(model, "veritas", model_id="model-b", cache=cache)
    other_model.score_batch([ITEM])
    assert len(model.seen) == 3
    other_rubric = LLMJudge(model, "veritas", model_id="model-a", cache=cache, rubric="Be kind.")
    other_rubric.score_batch([ITEM])
    assert len(model.seen) == 4


def test_position_swap_cancels_a_position_biased_judge() -> None:
    biased = LLMJudge(ScriptedModel(lambda u, n: "A"), "sophia", model_id="m")
    assert biased.compare("q?", "first answer", "second answer", swap=False) == "A"
    assert biased.compare("q?", "first answer", "second answer") == "tie"

    def prefers_detail(user: str, n: int) -> str:
        a = user.split("Answer A:\n")[1].split("\n\nAnswer B:")[0]
        return "A" if "detailed" in a else "B"

    fair = LLMJudge(ScriptedModel(prefers_detail), "sophia", model_id="m")
    assert fair.compare("q?", "short", "a detailed answer") == "B"
    assert fair.compare("q?", "a detailed answer", "short") == "A"


def test_llm_judges_in_a_tribunal() -> None:
    model = ScriptedModel(lambda u, n: "Score: 2/10" if "DIKE" in u else "Score: 9/10")
    tribunal = Tribunal(llm_judges(model, model_id="m"), use_plugins=False)
    (verdict,) = tribunal.verdicts([ITEM])
    assert verdict.total == pytest.approx(0.4 * 0.9 + 0.3 * 0.9 + 0.3 * 0.2)


@pytest.mark.integration
def test_real_tiny_model_gibberish_is_retried_then_neutral(tiny_model: Path) -> None:
    from noesis_trainer.tribunal.evaluation import load_generator

    generator = load_generator(tiny_model)
    judge = LLMJudge(generator, "veritas", model_id=str(tiny_model), retries=1, max_new_tokens=8)
    scores = judge.score_batch([ITEM, JudgeItem("What is truth?", "Truth is what is the case.")])
    # The random model (seed 0) writes letter salad, never a score: two tries, then neutral.
    assert [s.scored for s in scores] == [False, False]
    assert all(s.reason.startswith("unscored (judge reply unreadable") for s in scores)
    assert judge.calls == 2
