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


def record_failures(record: Mapping[str, Any]) -> tuple[OutputFailure, ...]:
    """Every output failure of the record's revised response, of any kind (memoized); none
    where the rules below look no further (no answer, or a blank one). Empty: neither rule
    fires, which the validator checks once per record instead of asking each rule."""
    prompt, response = record.get("prompt"), record.get(FIELD)
    if type(response) is not str or not response.strip():
        return ()
    prompt = prompt if type(prompt) is str else ""
    if surely_clean(prompt, response):  # one native pass, before hashing both for the memo
        return ()
    return _failures(prompt, response)


def _hits(record: Mapping[str, Any], kinds: frozenset[FailureKind]) -> list[Hit]:
    found = record_failures(record)
    if not found:
        return []
    if any(f.reason.startswith(_LEFT_TO_BUILTINS[0]) for f in found):
        return []  # a draft with TODO / lorem ipsum: placeholder-marker says it all
    return [
        Hit(f.reason, FIELD)
        for f in found
        if f.kind in kinds and not f.reason.startswith(_LEFT_TO_BUILTINS)
    ]


class ResponseOutputFailureRule(RowRule):
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

    def check(self, record: Mapping[str, Any]) -> Iterable[Hit]:
        return _hits(record, self.kinds)


class ResponseOutputDoubtRule(RowRule):
    id = "response-output-doubt"
    severity = "warning"
    message = "the revised response seems cut mid-sentence, or is in another language"
    fix = "finish the last sentence; answer in the prompt's language (or mean it)"
    kinds = frozenset({FailureKind.TRUNCATED, FailureKind.LANGUAGE})

    def check(self, record: Mapping[str, Any]) -> Iterable[Hit]:
        return _hits(record, self.kinds)


OUTPUT_RULE_TYPES: tuple[type[RowRule], ...] = (ResponseOutputFailureRule, ResponseOutputDoubtRule)
"""The rules of this module: each finds nothing where `record_failures` is empty."""


def output_rules() -> list[RowRule]:
    return [ResponseOutputFailureRule(), ResponseOutputDoubtRule()]


@hookimpl
def register_rules(register: Callable[[Any], None]) -> None:
    for rule in output_rules():
        register(rule)
