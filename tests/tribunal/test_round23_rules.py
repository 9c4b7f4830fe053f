"""Round 23's rules: two more kinds of terse answer that deliver what their prompt asks for.

- A how-to in a named tool answered by a command or formula of that tool, written to its end
  ("`git branch -m novo-nome` (renomeia a branch atual)." for "git renomear branch"): the code
  is the answer, as the year is for "when". A bare keyword ("Use a `WHERE`") is where a cut
  stops, not a command.
- A choice between two words answered by the use of each, both set apart in quotes or bold
  ("“Affect” is usually the verb, “effect” the noun"). Naming both side by side ("“Fewer” and
  “less” are both correct") tells nothing apart.

Held-out figures are in docs/benchmarks.md ("Round 23").
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.tribunal.test_short_question_kinds import in_a_batch

from noesis_trainer.tribunal import Status
from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges.heuristic import as_answered
from noesis_trainer.tribunal.judges.text import (
    gives_code,
    prompt_features,
    quotes_sides,
    response_features,
)


def _delivered(prompt: str, answer: str) -> bool:
    item = JudgeItem(prompt, answer)
    _, r = as_answered(item, prompt_features(prompt), response_features(answer))
    return r.delivered


# -- how-tos answered by their tool's code --------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("git renomear branch", "`git branch -m novo-nome` (renomeia a branch atual)."),
        ("como ver a versao do python no terminal", "`python --version` (ou `python3 --version`)."),
        ("undo my last commit in git", "`git reset --soft HEAD~1` keeps the changes."),
        ("somar a coluna A no excel", "`=SOMA(A:A)`."),
    ],
)  # fmt: skip
def test_a_command_of_the_named_tool_delivers_a_how_to(prompt: str, answer: str) -> None:
    assert gives_code(prompt, answer)
    assert _delivered(prompt, answer)
    assert in_a_batch(prompt, answer) is Status.APPROVED


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        # a bare keyword is where a cut of "Use a `WHERE` clause..." stops
        ("How do I filter rows by price in SQL?", "Use a `WHERE`"),
        # code of another tool answers another question
        ("git renomear branch", "`=SOMA(A:A)` resolve."),
        # no code at all: talk about the tool
        ("git renomear branch", "O git tem comandos pra isso, é bem simples."),
        # no tool named: not a how-to in a tool
        ("como renomear uma coisa", "`mv velho novo`."),
    ],
)
def test_a_keyword_other_code_or_no_code_delivers_nothing(prompt: str, answer: str) -> None:
    assert not _delivered(prompt, answer)


def test_a_cut_command_is_not_delivered() -> None:
    # the cut leaves no written end: the gate's business, and no brief allowance
    assert not _delivered("git renomear branch", "`git branch -m novo-nome` (renomeia a bra")


# -- a choice between words, told apart ----------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "answer"),
    [
        ("affect or effect", "“Affect” is usually the verb, “effect” the noun."),
        ("fewer or less", "“Fewer” for things you can count, “less” for things you can't."),
        ("concerto ou conserto", "**Concerto** é a apresentação; **conserto**, o reparo."),
    ],
)  # fmt: skip
def test_the_use_of_each_word_answers_a_choice_between_words(prompt: str, answer: str) -> None:
    assert quotes_sides(prompt_features(prompt), answer)
    assert _delivered(prompt, answer)
    assert in_a_batch(prompt, answer) is Status.APPROVED


@pytest.mark.parametrize(
    "answer",
    [
        "“Fewer” and “less” are often confused by native speakers too.",  # named side by side
        "“Fewer” is a very common word in English.",  # one side only
        "Both words are common and people mix them up all the time.",  # nothing set apart
    ],
)
def test_naming_the_words_is_not_telling_them_apart(answer: str) -> None:
    assert not quotes_sides(prompt_features("fewer or less"), answer)


def test_a_question_that_is_no_choice_has_no_sides() -> None:
    answer = "“Affect” is usually the verb, “effect” the noun."
    assert not quotes_sides(prompt_features("what does affect mean"), answer)


@given(st.text(max_size=300))
def test_quotes_sides_reads_any_text(answer: str) -> None:
    # hostile or odd text: a bool, never an error
    assert quotes_sides(prompt_features("fewer or less"), answer) in (True, False)
