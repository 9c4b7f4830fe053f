"""`_Run.verdict`'s shortcut for quiet records (schema-valid, no built-in fires, no output
failure) says exactly what the rule-by-rule path says, on records built to sit on either side
of each condition: answers that loop, leak, echo, stop mid-sentence or are blank, fields that
break the schema, markers and placeholders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noesis_trainer.validation import Validator
from noesis_trainer.validation.output_rules import record_failures
from noesis_trainer.validation.validator import _Run
from tests.validation.helpers import record, words

_ANSWERS = st.one_of(
    st.builds(lambda i: f"Resposta: {words(i, 40, 'r')}.", st.integers(0, 50)),
    st.sampled_from(
        [
            "   \n  ",
            "",
            "Uma resposta curta, mas",
            "ao mesmo, " * 12 + "fim.",
            "Claro. <|eot_id|> Mais texto aqui para passar do mínimo de caracteres.",
            "Resposta com TODO no meio e texto bastante para passar do mínimo.",
            "Resposta pronta. TODO: escrever o resto com calma e cuidado aqui.",
            "Resposta longa o bastante: insira aqui o exemplo que faltou no texto.",
            "Resposta com {concept} no meio e texto bastante para passar do mínimo.",
            "[VERITAS] [SOPHIA] resposta com rótulos e texto bastante para passar.",
            "The answer is in English and it is long enough to be an answer to this.",
            "│ " * 20 + "fim.",
        ]
    ),
    st.text(max_size=120),
)
_OVERRIDES = st.fixed_dictionaries(
    {},
    optional={
        "response_revised": _ANSWERS,
        "prompt": st.one_of(st.just("Oi?"), st.text(max_size=40), st.integers()),
        "difficulty": st.sampled_from(["hard", "Hard", 3]),
        "values_applied": st.sampled_from([["verdade"], [], "verdade", ["x"]]),
        "critique": st.sampled_from(["[VERITAS] a", "[VERITAS] a [SOPHIA] b [DIKE] c"]),
        "id": st.sampled_from(["", "x1"]),
        "technique": st.sampled_from([None, "t", "{slot}"]),
    },
)


def _verdicts(run: _Run, rows: list[dict[str, Any]]) -> list[tuple[list[Any], bool | None]]:
    out = []
    for i, data in enumerate(rows):
        keys, valid = run.verdict("x.jsonl", i + 1, data)
        out.append(([run.rows.keys[k] for k in keys], valid))
    return out


_VALIDATOR = Validator(workers=1)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 200), _OVERRIDES), min_size=1, max_size=4))
def test_quiet_shortcut_gives_the_rule_by_rule_verdict(
    drawn: list[tuple[int, dict[str, Any]]],
) -> None:
    rows = [record(i, **over) for i, over in drawn]
    fast = _Run(_VALIDATOR)
    plain = _Run(_VALIDATOR)
    assert fast._quiet_path
    plain._quiet_path = False
    assert _verdicts(fast, rows) == _verdicts(plain, rows)


def test_quiet_shortcut_needs_no_failure_at_all() -> None:
    """A record whose only output failure is one both rules leave to the built-ins (a stub
    phrase the placeholder-marker rule does not name) goes the long way, and has no finding."""
    data = record(3, response_revised="Resposta longa o bastante: insira aqui o exemplo certo.")
    assert record_failures(data)  # the skeleton detector sees the stub phrase
    run = _Run(_VALIDATOR)
    assert run.verdict("x.jsonl", 1, data) == ([], True)
    data = record(4, response_revised="Resposta longa. TODO: escrever o resto com calma aqui.")
    keys, valid = run.verdict("x.jsonl", 2, data)
    assert [run.rows.keys[k][0] for k in keys] == ["placeholder-marker"]
    assert valid is True


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Oi, tudo bem?", "Explique X."]), _ANSWERS), max_size=8))
def test_output_rules_memo_never_answers_for_another_text(pairs: list[tuple[str, str]]) -> None:
    """The output rules remember the last record's failures (by string identity) and each
    failures tuple's hits: the same record dict, edited between calls, and repeated texts give
    exactly what the detectors say of each text afresh."""
    from noesis_trainer.tribunal.output_failures import detect
    from noesis_trainer.validation.output_rules import output_rules

    rules = output_rules()
    data = record(1)
    for prompt, answer in pairs * 2:  # every text twice: the memo's answers are checked too
        data["prompt"], data["response_revised"] = prompt, "".join(answer)  # a new object
        expected = () if not answer.strip() else tuple(detect(prompt, answer))
        assert record_failures(data) == expected
        for rule in rules:
            got = [(h.field, h.detail) for h in rule.check(data)]
            wanted = [
                ("response_revised", f.reason)
                for f in expected
                if f.kind in rule.kinds  # type: ignore[attr-defined]
                and not f.reason.startswith(("placeholder: ", "template slot: '{"))
            ]
            if any(f.reason.startswith("placeholder: ") for f in expected):
                wanted = []
            assert got == wanted


def test_shortcut_off_when_a_plugin_rule_runs(tmp_path: Path) -> None:
    from noesis_trainer.validation.rules import Hit, RowRule

    class Always(RowRule):
        id = "always"
        message = fix = "x"

        def check(self, record: dict[str, Any]) -> list[Hit]:
            return [Hit("always", "id")]

    run = _Run(Validator([Always()], workers=1))
    assert not run._quiet_path
    keys, valid = run.verdict("x.jsonl", 1, record(1))
    assert [run.rows.keys[k][0] for k in keys] == ["always"] and valid is True


def _plain_counts(rows: list[dict[str, Any]]) -> list[list[tuple[str, int]]]:
    """The definition: four counters updated row by row."""
    from collections import Counter

    categories: Counter[str] = Counter()
    difficulties: Counter[str] = Counter()
    values: Counter[str] = Counter()
    techniques: Counter[str] = Counter()
    for data in rows:
        categories[data["category"]] += 1
        difficulties[data["difficulty"]] += 1
        values.update(data["values_applied"])
        techniques[data.get("technique") or "(seed)"] += 1
    return [list(c.items()) for c in (categories, difficulties, values, techniques)]


_COUNTED = st.fixed_dictionaries(
    {
        "category": st.sampled_from(["a", "b", "c", "d"]),
        "difficulty": st.sampled_from(["easy", "medium", "hard"]),
        "values_applied": st.lists(st.sampled_from(["verdade", "sabedoria", "justica"])),
        "prompt": st.just("p"),
        "response_revised": st.just("r"),
    },
    optional={"technique": st.sampled_from([None, "", "t1", "t2"])},
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_COUNTED, max_size=40), st.integers(1, 6))
def test_counts_by_combination_equal_row_by_row_counters(
    rows: list[dict[str, Any]], limit: int
) -> None:
    """Same counts in the same first-seen order (ties of `most_common` keep it), however often
    the pending combinations are flushed."""
    import noesis_trainer.validation.validator as V

    saved = V.MAX_COUNT_COMBOS
    V.MAX_COUNT_COMBOS = limit
    try:
        run = _Run(_VALIDATOR)
        for data in rows:
            run._count(data)
        run._flush_counts()
    finally:
        V.MAX_COUNT_COMBOS = saved
    got = [list(c.items()) for c in (run.categories, run.difficulties, run.values, run.techniques)]
    assert got == _plain_counts(rows)
    assert list(run.prompt_lengths) == [1] * len(rows)
