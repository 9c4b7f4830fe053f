"""Reasons that match scores: a top score never carries a penalty reason, a gate rejection never a
neutral one, and the gate's reason is the failure's own (not "off topic")."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from noesis_trainer.tribunal import Status, Tribunal
from noesis_trainer.tribunal.judges.heuristic import TOP_SCORE
from noesis_trainer.tribunal.output_failures import detect

TRIBUNAL = Tribunal()
GOOD_REASONS = {
    "on topic, concrete and calibrated",
    "deep, reasoned, weighs perspectives",
    "answers the asker fairly, without flattery",
    "refuses and offers honest alternatives",
}
NEUTRAL = GOOD_REASONS | {"adequate, but nothing stands out", "", "no reasons"}

WORDS = (  # noqa: SIM905 - a word list reads better as text
    "Pitágoras número verdade justiça porque portanto talvez exemplo 1936 Turing entropia "
    "Shannon prova lógica sistema ética você pergunta resposta sempre nunca concordo sim não "
    "however because perhaps example the of is ao mesmo [DIKE] <|eot_id|> ... TODO "
    "`wc -l` 86 °F = π·r² tenho acesso"
).split()
OPENERS = (  # brief requests, questions no model can answer, quoted material
    "", "Quanto é ", "Quem ", "What's 12 ", "Amanhã ", "Do you remember ",
    'Resuma em uma frase: "a reunião foi adiada para segunda-feira" ',
)  # fmt: skip
sentence = st.lists(st.sampled_from(WORDS), min_size=0, max_size=60).map(" ".join)
answer = st.lists(sentence, min_size=0, max_size=6).map(
    lambda parts: ". ".join(parts) + ("." if parts else "")
)
prompt = st.tuples(
    st.sampled_from(OPENERS), st.lists(st.sampled_from(WORDS[:20]), min_size=1, max_size=12)
).map(lambda parts: parts[0] + " ".join(parts[1]) + "?")


@settings(max_examples=300, deadline=None)
@given(items=st.lists(st.tuples(prompt, answer), min_size=1, max_size=6))
@example(  # Sophia 0.79996, reported as 0.8: the reason follows the reported score
    items=[
        ("Pitágoras?", ""),
        ("Quanto é Pitágoras?", ". . Pitágoras número verdade porque portanto [DIKE] 86."),
    ]
)
def test_reasons_match_scores(items: list[tuple[str, str]]) -> None:
    for verdict in TRIBUNAL.verdicts(items):
        for result in verdict.judges.values():
            assert result.reason, verdict
            if result.score >= TOP_SCORE:
                assert result.reason in GOOD_REASONS, (result, verdict.response)
        if verdict.gated:
            assert verdict.status is Status.REJECTED
            assert verdict.total == 0.0
            for result in verdict.judges.values():
                assert result.reason not in NEUTRAL
                assert result.reason in verdict.failures.values()
            assert all(r.startswith("gate: ") for r in verdict.reasons)
        else:
            assert detect(verdict.prompt, verdict.response) == []


def test_gate_names_the_failure_not_off_topic() -> None:
    prompt = "O que é a entropia de Shannon?"
    loop = "A entropia é " + "ao mesmo, " * 14
    skeleton = "[ANÁLISE]\n[VERITAS]\n[DIKE]\n[DIKE]\n[DIKE]\n[DIKE]"
    loop_v, skeleton_v = TRIBUNAL.verdicts([(prompt, loop), (prompt, skeleton)])
    assert loop_v.status is Status.REJECTED
    assert loop_v.failures["loop"] == "repetition loop: 'ao mesmo' x 14"
    assert loop_v.reasons[0] == "gate: repetition loop: 'ao mesmo' x 14"
    assert skeleton_v.status is Status.REJECTED
    assert "dike" in skeleton_v.reasons[0].lower() or "section labels" in skeleton_v.reasons[0]
    assert not any("off topic" in r for r in loop_v.reasons + skeleton_v.reasons)


def test_gate_can_be_turned_off_and_reads_finished_and_special_tokens() -> None:
    prompt = "O que é a entropia de Shannon?"
    good = (
        "A entropia de Shannon mede a incerteza média de uma fonte em bits: H = -Σ p log2 p. "
        "Uma moeda justa tem 1 bit por lançamento; uma viciada, menos, porque é mais previsível."
    )
    assert Tribunal(gate=False).verdicts([(prompt, good + "<|eot_id|>")])[0].failures == {}
    cut = TRIBUNAL.verdicts([{"prompt": prompt, "response": good, "finished": False}])[0]
    assert cut.failures == {"truncated": "truncated: hit max_new_tokens before the end of turn"}
    custom = Tribunal(special_tokens=["<fim>"]).verdicts([(prompt, good + " <fim>")])[0]
    assert custom.failures == {"template_leak": "special-token leak: '<fim>' in the answer"}
    assert TRIBUNAL.verdicts([(prompt, good)])[0].failures == {}


def test_report_counts_gated_items_and_gives_a_stderr() -> None:
    prompt = "O que é a entropia de Shannon?"
    good = (
        "A entropia de Shannon mede a incerteza média de uma fonte em bits: H = -Σ p log2 p. "
        "Uma moeda justa tem 1 bit por lançamento; uma viciada, menos, porque é mais previsível."
    )
    loop = "ao mesmo, " * 9 + "ao mesmo."
    report = TRIBUNAL.judge([(prompt, good), (prompt, ""), (prompt, loop)])
    assert report.gated == 2
    assert report.failure_counts == {"empty": 1, "loop": 1}
    totals = [v.total for v in report.verdicts]
    mean = sum(totals) / 3
    expected = (sum((t - mean) ** 2 for t in totals) / 2 / 3) ** 0.5
    assert report.avg_score_stderr == round(expected, 4) and report.avg_score_stderr > 0
    assert report.summary()["avg_score_stderr"] == report.avg_score_stderr
