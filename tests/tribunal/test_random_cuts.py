"""Answers cut at random points (`tribunal.heldout.random_cuts`), judged by the gate's detectors
from their text alone. The figures of docs/benchmarks.md ("Random cuts"), per family, session
start -> now: the structural cut rules were made from the misses of this measurement on
`alma_manual_600` and the seed file; the other families show what they do elsewhere.

Pure Python with a fixed seed: identical on every CPU (abs=0.01 leaves room for a harmless
change of a few cuts). A cut right after a full stop reads as a shorter complete answer, so no
family reaches 100%."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.tribunal.real_rows import rows_of

from noesis_trainer.tribunal.heldout import Row, random_cuts
from noesis_trainer.tribunal.output_failures import detect

REPO = Path(__file__).resolve().parents[2]


def whole_answers(paths: list[Path]) -> list[Row]:
    """Distinct rows whose answer the detectors pass whole."""
    distinct = dict.fromkeys((r.prompt, r.answer) for r in rows_of(paths))
    return [Row(p, a) for p, a in distinct if not detect(p, a)]


def caught(rows: list[Row]) -> float:
    cuts = random_cuts(rows, per_answer=10, seed=0)
    assert len(cuts) == 10 * len(rows)
    return sum(bool(detect(c.prompt, c.response)) for c in cuts) / len(cuts)


def test_cuts_are_drawn_inside_each_answer() -> None:
    rows = [Row("p", "x" * 100), Row("q", "y" * 37)]
    cuts = random_cuts(rows, per_answer=50, seed=3)
    assert all(10 <= len(c.response) <= 90 for c in cuts[:50])
    assert all(3 <= len(c.response) <= 33 and c.prompt == "q" for c in cuts[50:])
    assert random_cuts(rows, per_answer=50, seed=3) == cuts  # deterministic


def test_our_own_examples() -> None:
    rows = whole_answers([REPO / "examples" / "data" / "seeds.jsonl"])
    assert len(rows) == 40
    assert caught(rows) == pytest.approx(0.9775, abs=0.01)


@pytest.mark.parametrize(
    ("family", "expected"),
    [
        # round 49 (a list's last item cut short): was 86.0%
        ("pt_long", 0.8725),
        # round 49 (a list's last item cut short): was 81.5%
        ("en_mixed", 0.87),
        ("short_mixed", 0.8915),  # 47 whole answers (43 before the quantity rule): 84.9%
        # round 49 (a list's last item cut short): was 75.2%
        ("short_b", 0.7672),  # was 70.5% (58 whole answers)
        ("short_c", 0.7508),  # was 72.5% (56)
        # round 49 (a list's last item cut short): was 79.4%
        ("short_d", 0.8125),  # was 74.8% (60); the two-sentence rule was read from its misses
        # round 49 (a list's last item cut short): was 76.4%
        # round 50 (typed replies, lists cut at one word, closing tips): was 77.7%
        ("short_e", 0.7703),  # was 73.9% (56); held out for every rule of round 17; 75.3%
        # before round 32 (a code span left open is a cut)
        # round 49 (a list's last item cut short): was 79.1%
        ("short_f", 0.8063),  # written after the gate's last rules of round 17
        # round 49 (a list's last item cut short): was 77.5%
        ("short_g", 0.7906),  # 76.1% before the verse rule, 76.3% before round 32's open code span
        # round 49 (a list's last item cut short): was 77.3%
        ("short_h", 0.7859),
        # round 49 (a list's last item cut short): was 81.6%
        ("short_i", 0.8266),  # 80.5% before round 32's open code span
        # round 49 (a list's last item cut short): was 78.1%
        ("short_j", 0.7953),
        # round 49 (a list's last item cut short): was 75.5%
        ("short_k", 0.7641),  # written in round 19
        # round 49 (a list's last item cut short): was 72.0%
        ("short_l", 0.7344),  # 64 whole answers (63 before the verse rule: a haiku)
        # round 49 (a list's last item cut short): was 75.5%
        ("short_m", 0.7656),  # 64 whole (63 before the echo rule's numbers: "raiz quadrada")
        # round 49 (a list's last item cut short): was 70.3%
        ("short_n", 0.7219),  # written in round 19, the tersest answers (6-41 words)
        # round 49 (a list's last item cut short): was 73.4%
        ("short_o", 0.7453),  # written in round 20
        # round 49 (a list's last item cut short): was 69.1%
        ("short_p", 0.6984),  # telegraphic prompts, answers of 5-50 words
        ("short_q", 0.7578),
        ("short_r", 0.8688),  # answer first, then one or two sentences of why
        # round 49 (a list's last item cut short): was 85.2%
        ("short_s", 0.8641),
        ("short_t", 0.7797),
        ("short_u", 0.7188),  # written in round 21
        ("short_v", 0.5719),  # the tersest yet (4-35 words): cuts of a few words look whole
        # round 49 (a list's last item cut short): was 85.5%
        ("short_w", 0.8656),
        ("short_x", 0.729),  # 62 whole answers
        ("short_y", 0.7531),
        ("short_z", 0.7312),
        # round 50 (typed replies, lists cut at one word, closing tips): was 75.9%
        ("short_aa", 0.7656),
        ("short_ab", 0.5297),  # 3-30 words
        ("short_ac", 0.5703),  # round 22: 3-20 words
        ("short_ad", 0.8625),
        ("short_ae", 0.6625),  # "kkk" and emoji endings
        ("short_af", 0.6312),  # round 25: 64 whole answers (a rewrite after a colon, no echo)
        ("short_ag", 0.6031),
        ("short_ah", 0.7406),  # round 25: 64 whole answers (a rewrite after a colon, no echo)
        ("short_ai", 0.6156),
        ("short_aj", 0.8391),
    ],
)
def test_written_families(family: str, expected: float) -> None:
    """The team's written families (tests/tribunal/written): lists written without full stops
    leave whole-word cuts uncaught."""
    rows = whole_answers([REPO / "tests" / "tribunal" / "written" / f"{family}.jsonl"])
    assert caught(rows) == pytest.approx(expected, abs=0.01)


@pytest.mark.external
@pytest.mark.parametrize(
    ("family", "expected"),
    [
        # round 49 (a list's last item cut short): was 97.0%
        ("alma_manual_600", 0.9778),  # was 80.0% of the 2 answers the gate passed whole
        ("philosophical", 0.9282),  # was 89.3%, 90.8% before the two-sentence rule
        # round 49 (a list's last item cut short): was 86.5%
        ("seed", 0.88),  # was 76.2%, 82.8% before the two-sentence rule
    ],
)
def test_shared_families(shared_data: Path, family: str, expected: float) -> None:
    paths = {
        "alma_manual_600": sorted((shared_data / "alma_manual_600").glob("*.jsonl")),
        "philosophical": sorted((shared_data / "philosophical").glob("*.jsonl")),
        "seed": [shared_data / "seed_examples_philosophical.jsonl"],
    }[family]
    assert caught(whole_answers(paths)) == pytest.approx(expected, abs=0.01)
