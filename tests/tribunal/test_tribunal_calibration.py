"""Calibration on real data: the original pipeline's files (external) and our own examples.

The figures are pinned: a change to the judges that moves them must update them here and in
docs/benchmarks.md (## Tribunal), next to the length-only baseline scored on the same rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from noesis_trainer.io.jsonl import RawRecord, read_jsonl
from noesis_trainer.tribunal import (
    CalibrationReport,
    DikeJudge,
    SophiaJudge,
    Tribunal,
    VeritasJudge,
    length_baseline_judges,
    off_topic_triples,
    revision_triples,
)
from noesis_trainer.tribunal.calibration import near_duplicates, shared_answers

REPO = Path(__file__).resolve().parents[2]


def records(paths: list[Path]) -> list[dict[str, Any]]:
    return [r.data for p in paths for r in read_jsonl(p) if isinstance(r, RawRecord)]


def figures(report: CalibrationReport) -> tuple[float, float, float]:
    return (report.pairwise_accuracy, report.good_approved, report.bad_rejected)


@pytest.fixture(scope="module")
def shared_rows(shared_data: Path) -> dict[str, list[dict[str, Any]]]:
    seed = records([shared_data / "seed_examples_philosophical.jsonl"])
    generated = records(sorted((shared_data / "generated").glob("*.jsonl")))
    return {"seed": seed, "generated": generated, "all": seed + generated}


@pytest.fixture(scope="module")
def heuristic() -> Tribunal:
    return Tribunal()


@pytest.fixture(scope="module")
def relative() -> Tribunal:
    judges = [VeritasJudge(relative=True), SophiaJudge(relative=True), DikeJudge(relative=True)]
    return Tribunal(judges, use_plugins=False)


@pytest.fixture(scope="module")
def baseline() -> Tribunal:
    return Tribunal(length_baseline_judges(), use_plugins=False, gate=False)  # length only


@pytest.mark.external
def test_row_counts(shared_rows: dict[str, list[dict[str, Any]]]) -> None:
    assert len(shared_rows["seed"]) == 600
    assert len(shared_rows["generated"]) == 3849
    assert len(revision_triples(shared_rows["all"])) == 4449
    assert len(off_topic_triples(shared_rows["all"])) == 4449
    # The data's own defect: 3 revised answers are given for prompts of 18-25 different topics
    # (150 rows); no off-topic answer is a near-duplicate of its on-topic one.
    assert len(revision_triples(shared_rows["all"], valid_only=True)) == 4299
    assert len(off_topic_triples(shared_rows["all"], valid_only=True)) == 4299
    assert len(shared_answers(revision_triples(shared_rows["all"]))) == 3


@pytest.mark.external
@pytest.mark.parametrize(
    ("subset", "expected"),
    [
        # round 40: three of the generated files' one-line drafts are terse answers without a
        # word of talk, approved ("São habilidades que surgem quando modelos ficam grandes o
        # suficiente." for what emergent capabilities are)
        ("all", (1.0, 0.5612, 0.9991)),  # 0.5608 before round 34's word vectors
        ("seed", (1.0, 0.545, 1.0)),
        ("generated", (1.0, 0.5638, 0.999)),  # 0.5633 before round 34's word vectors
    ],
)
def test_revised_versus_initial(
    shared_rows: dict[str, list[dict[str, Any]]],
    heuristic: Tribunal,
    subset: str,
    expected: tuple[float, float, float],
) -> None:
    report = heuristic.calibrate(revision_triples(shared_rows[subset]))
    assert figures(report) == pytest.approx(expected, abs=6e-4)
    # Acceptance bars that hold: every revised answer beats its initial one, >= 90% of the
    # initial answers are rejected. (Good-answer approval is below the 90% bar: these files'
    # terse answers often never name their topic; the off-topic test trades them, see docs.)
    valid = heuristic.calibrate(revision_triples(shared_rows[subset], valid_only=True))
    assert valid.good_approved >= report.good_approved
    assert report.pairwise_accuracy >= 0.99
    assert report.bad_rejected >= 0.9


@pytest.mark.external
def test_on_topic_versus_off_topic(
    shared_rows: dict[str, list[dict[str, Any]]], heuristic: Tribunal, baseline: Tribunal
) -> None:
    triples = off_topic_triples(shared_rows["all"])
    ours = heuristic.calibrate(triples)
    base = baseline.calibrate(triples)
    # 0.6867 before issue 12's off-topic cap, 0.6307 with a flat 0.45 cap (a terse good answer
    # that never names its topic tied with an off-topic one at the cap); the cap now grows with
    # relevance (0.3-0.45), so the closer answer still ranks first. Lexical figures are pure
    # Python: identical on every CPU.
    assert ours.pairwise_accuracy == pytest.approx(0.7615, abs=6e-4)
    assert base.pairwise_accuracy == pytest.approx(0.4853, abs=6e-4)
    valid = off_topic_triples(shared_rows["all"], valid_only=True)
    assert heuristic.calibrate(valid).pairwise_accuracy == pytest.approx(0.7588, abs=6e-4)
    assert baseline.calibrate(valid).pairwise_accuracy == pytest.approx(0.4857, abs=6e-4)
    # Reading the prompt is what beats the baseline here (length cannot tell topics apart): a
    # margin of 0.20 before issue 12, 0.145 with a flat off-topic cap, 0.276 now.
    assert ours.pairwise_accuracy > base.pairwise_accuracy + 0.25


@pytest.mark.external
def test_relative_relevance_trades_approval_for_topic_preference(
    shared_rows: dict[str, list[dict[str, Any]]], relative: Tribunal
) -> None:
    revised = relative.calibrate(revision_triples(shared_rows["all"]))
    topic = relative.calibrate(off_topic_triples(shared_rows["all"]))
    assert figures(revised) == pytest.approx((0.9996, 0.6837, 0.9978), abs=6e-4)
    assert topic.pairwise_accuracy == pytest.approx(0.8678, abs=6e-4)
    valid = relative.calibrate(off_topic_triples(shared_rows["all"], valid_only=True))
    assert valid.pairwise_accuracy == pytest.approx(0.8646, abs=6e-4)


@pytest.mark.external
def test_each_distinct_triple_counted_once(
    shared_rows: dict[str, list[dict[str, Any]]], heuristic: Tribunal, baseline: Tribunal
) -> None:
    # The files repeat rows (the seed file holds 600 rows but 130 distinct answers): counted once
    # each, the terse answers that never name their topic weigh far less. Information, not a bar.
    revised = list(dict.fromkeys(revision_triples(shared_rows["all"])))
    topic = list(dict.fromkeys(off_topic_triples(shared_rows["all"])))
    assert (len(revised), len(topic)) == (1068, 2686)
    # one initial answer in a thousand approved: a terse one to a short question (round 26);
    # (0.8221 and 0.7733 before round 34's word vectors; 0.824 before round 36's prompt map)
    # (round 40: 0.9963, four distinct one-line drafts approved, terse answers without talk)
    # (round 44: 0.823 -> 0.8249, the prompt's side of the second look)
    assert figures(heuristic.calibrate(revised)) == pytest.approx((1.0, 0.8249, 0.9963), abs=6e-4)
    assert heuristic.calibrate(topic).pairwise_accuracy == pytest.approx(0.7744, abs=6e-4)
    assert figures(baseline.calibrate(revised)) == pytest.approx((1.0, 0.7219, 1.0), abs=6e-4)
    assert baseline.calibrate(topic).pairwise_accuracy == pytest.approx(0.4952, abs=6e-4)


def test_valid_only_drops_shared_answers_and_near_duplicates() -> None:
    rows = [
        {"prompt": "Explique RSA.", "response_revised": "Chave pública: n = pq.", "category": "c"},
        {
            "prompt": "Explique de forma simples: Explique RSA.",
            "response_revised": "Chave pública: n = pq.",
            "category": "c",
        },
        {
            "prompt": "O que é entropia?",
            "response_revised": "Chave pública: n = pq.",
            "category": "d",
        },
        {
            "prompt": "O que é um qubit?",
            "response_revised": "Um qubit superpõe 0 e 1.",
            "category": "e",
        },
    ]
    for row in rows:
        row["response_initial"] = "curta"
    # The RSA answer is reused for an entropy prompt: not an answer to either in particular.
    # Framing ("Explique de forma simples: ...") does not make a different topic.
    assert len(revision_triples(rows)) == 4
    assert [t.prompt for t in revision_triples(rows, valid_only=True)] == ["O que é um qubit?"]
    assert shared_answers(revision_triples(rows[:2])) == set()
    assert near_duplicates("Um qubit superpõe 0 e 1.", "um qubit superpõe 0 e 1!")
    assert not near_duplicates("Um qubit superpõe 0 e 1.", "Chave pública: n = pq.")


@pytest.mark.external
def test_length_baseline_on_the_same_rows(
    shared_rows: dict[str, list[dict[str, Any]]], baseline: Tribunal
) -> None:
    report = baseline.calibrate(revision_triples(shared_rows["all"]))
    # Length alone orders every pair (initial answers are all shorter) but approves few good ones.
    assert figures(report) == pytest.approx((1.0, 0.2313, 1.0), abs=6e-4)


def test_our_own_examples(heuristic: Tribunal, baseline: Tribunal) -> None:
    seeds = REPO / "examples" / "data" / "seeds.jsonl"
    if not seeds.is_file():
        pytest.skip(f"{seeds} not present")
    rows = records([seeds])
    revised = heuristic.calibrate(revision_triples(rows))
    topic = heuristic.calibrate(off_topic_triples(rows))
    # Bars, not pins: that file is edited by hand. Figures at the time of writing (40 rows):
    # revised > initial 100%, good approved 100%, bad rejected 87.5%, on-topic preferred 100%.
    assert revised.pairwise_accuracy >= 0.95
    assert revised.good_approved >= 0.9
    assert revised.bad_rejected >= 0.8
    assert topic.pairwise_accuracy >= 0.9
    # Every answer there is long: length cannot tell on-topic from off-topic at all.
    assert baseline.calibrate(off_topic_triples(rows)).pairwise_accuracy < 0.1
