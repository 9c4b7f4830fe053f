"""Validation rules from the output-failure detectors: a training answer must not teach a failure.

The same detectors the Tribunal's gate uses (`tribunal.output_failures`), on each record's
`response_revised` (the answer the model is trained to give; `response_initial` is the flawed
draft on purpose and is not checked). Registered through the ``register_rules`` hook like any
plugin (listed in ``plugins.manager.BUILTIN_PLUGINS``).

Empty answers and TODO / ``{x}`` placeholders are left to the built-in rules that already name
them (empty-field, response-too-short, placeholder-marker, unrendered-template).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from noesis_trainer.plugins import hookimpl
from noesis_trainer.tribunal.output_failures import (
    FailureKind,
    OutputFailure,
    detect,
    surely_clean,
)
from noesis_trainer.validation.rules import Hit, RowRule

FIELD = "response_revised"
_LEFT_TO_BUILTINS = ("placeholder: ", "template slot: '{")


MEMO_PAIRS = 4096
"""(prompt, answer) pairs whose failures are remembered: the two rules below look at each
record in turn, and generated files repeat a few prompts and answers thousands of times."""


@functools.lru_cache(maxsize=MEMO_PAIRS)
def _failures(prompt: str, response: str) -> tuple[OutputFailure, ...]:
    return tuple(detect(prompt, response))


_last: tuple[str, str, tuple[OutputFailure, ...]] = ("", "", ())
"""The last (prompt, response, failures) answered: both rules ask about the same record in turn.
Matched by identity: a string object never changes, so the same two objects mean the same text."""


def record_failures(record: Mapping[str, Any]) -> tuple[OutputFailure, ...]:
    """Every output failure of the record's revised response, of any kind (memoized); none
    where the rules below look no further (no answer, or a blank one). Empty: neither rule
    fires, which the validator checks once per record instead of asking each rule. The memo
    comes first: a record that reaches the rules repeats a text more often than not (generated
    files); `detect` itself starts with the native prescreen on a text it has not seen."""
    global _last
    prompt, response = record.get("prompt"), record.get(FIELD)
    if type(response) is not str:
        return ()
    prompt = prompt if type(prompt) is str else ""
    last = _last
    if response is last[1] and prompt is last[0]:
        return last[2]
    found = _failures(prompt, response) if response.strip() else ()
    _last = (prompt, response, found)
    return found


def record_surely_clean(record: Mapping[str, Any]) -> bool:
    """True when `record_failures` is surely empty, by the native prescreen alone (no memo, no
    hashing): the validator asks this first of a schema-valid row, which is usually unique."""
    response = record.get(FIELD)
    if type(response) is not str:
        return True
    prompt = record.get("prompt")
    return surely_clean(prompt if type(prompt) is str else "", response)


def _hits_of(found: tuple[OutputFailure, ...], kinds: frozenset[FailureKind]) -> tuple[Hit, ...]:
    if any(f.reason.startswith(_LEFT_TO_BUILTINS[0]) for f in found):
        return ()  # a draft with TODO / lorem ipsum: placeholder-marker says it all
    return tuple(
        Hit(f.reason, FIELD)
        for f in found
        if f.kind in kinds and not f.reason.startswith(_LEFT_TO_BUILTINS)
    )


class _OutputRule(RowRule):
    """A rule that reports the `record_failures` of its `kinds`. Its hits for one failures tuple
    are built once and returned as the same tuple, which the validator recognises and turns into
    finding keys once (repeated texts give the memo's same tuple)."""

    kinds: frozenset[FailureKind] = frozenset()

    def __init__(self) -> None:
        self._memo: dict[int, tuple[tuple[OutputFailure, ...], tuple[Hit, ...]]] = {}

    def check(self, record: Mapping[str, Any]) -> Iterable[Hit]:
        found = record_failures(record)
        if not found:
            return ()
        memo = self._memo
        got = memo.get(id(found))
        if got is not None and got[0] is found:
            return got[1]
        hits = _hits_of(found, self.kinds)
        if len(memo) >= MEMO_PAIRS:
            memo.clear()
        memo[id(found)] = (found, hits)  # holds `found`: its id stays unique while kept
        return hits


class ResponseOutputFailureRule(_OutputRule):
    id = "response-output-failure"
    severity = "error"
    message = (
        "the revised response shows a generation failure: a repetition loop, chat-template "
        "tokens, an unfilled skeleton, or the prompt echoed back"
    )
    fix = "rewrite the answer; a model trained on it learns to loop, leak or leave slots empty"
    kinds = frozenset(
        {FailureKind.LOOP, FailureKind.TEMPLATE_LEAK, FailureKind.SKELETON, FailureKind.ECHO}
    )


class ResponseOutputDoubtRule(_OutputRule):
    id = "response-output-doubt"
    severity = "warning"
    message = "the revised response seems cut mid-sentence, or is in another language"
    fix = "finish the last sentence; answer in the prompt's language (or mean it)"
    kinds = frozenset({FailureKind.TRUNCATED, FailureKind.LANGUAGE})


OUTPUT_RULE_TYPES: tuple[type[RowRule], ...] = (ResponseOutputFailureRule, ResponseOutputDoubtRule)
"""The rules of this module: each finds nothing where `record_failures` is empty."""


def output_rules() -> list[RowRule]:
    return [ResponseOutputFailureRule(), ResponseOutputDoubtRule()]


@hookimpl
def register_rules(register: Callable[[Any], None]) -> None:
    for rule in output_rules():
        register(rule)
