"""The Tribunal on held-out failure sets (`tribunal.heldout`): real good answers, and the same
rows corrupted the ways fine-tuned models fail. The off-topic settings (`OFF_TOPIC_COVERAGE`,
`MISPLACED_COVERAGE`, `MISPLACED_RATIO` in `judges.relevance`) were chosen on the hand-written
`philosophical` files of ../shared/data/noesis-original (the setting with the highest
min(good approved, off-topic rejected) there); the other families are held out: the seed file, the
`generated` batches (anti_sycophancy, code_theory, tribunal) and our own examples/data.
docs/benchmarks.md (## Tribunal) lists them with the length-only baseline. Judged one by one
(no batch to weigh words by), the background-weighted threshold (`BACKGROUND_OFF_TOPIC_COVERAGE`,
`judges.background`) was chosen on the same `philosophical` family; the others are held out.

Tolerances: the lexical Tribunal and the corruptions are pure Python with a fixed seed, so the
figures are identical on every CPU (no float kernels involved); the pins still use abs=0.01,
the cross-CPU spread measured for the semantic setting, so a harmless change of one item in a
few hundred does not fail the suite. Bars (>= 0.95 ...) are asserted where the figure meets them.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from tests.tribunal.real_rows import rows_of

from noesis_trainer.tribunal import Status, Tribunal, length_baseline_judges
from noesis_trainer.tribunal.heldout import (
    CLASSES,
    GOOD,
    Row,
    failure_sets,
    rejection_rates,
    restated_drafts,
)
from noesis_trainer.tribunal.judge import JudgeItem

REPO = Path(__file__).resolve().parents[2]
DETECTOR_CLASSES = ("template_leak", "echo", "loop", "skeleton", "generic_one_liner")
"""Classes the gate or the length factor catch by construction: >= 95% rejected everywhere."""


@pytest.fixture(scope="module")
def tribunal() -> Tribunal:
    return Tribunal()


@pytest.fixture(scope="module")
def baseline() -> Tribunal:
    return Tribunal(length_baseline_judges(), use_plugins=False, gate=False)


def test_failure_sets_are_built_from_every_row() -> None:
    rows = rows_of([REPO / "examples" / "data" / "seeds.jsonl"])
    sets = failure_sets(rows, seed=1)
    assert set(sets) == {GOOD, *CLASSES}
    assert len(sets[GOOD]) == len(rows) > 10
    for name in CLASSES:
        assert len(sets[name]) >= 0.9 * len(rows), name
        assert all(b.prompt == g.prompt for b, g in zip(sets[name], sets[GOOD], strict=False))
    assert all(len(b.response) <= len(g.response) // 8 + 1 for b, g in
               zip(sets["truncated_1_8"], sets[GOOD], strict=True))  # fmt: skip
    assert failure_sets(rows, seed=1) == sets  # deterministic


def test_our_own_examples(tribunal: Tribunal, baseline: Tribunal) -> None:
    sets = failure_sets(rows_of([REPO / "examples" / "data" / "seeds.jsonl"]))
    ours = rejection_rates(tribunal, sets)
    base = rejection_rates(baseline, sets)
    assert ours[GOOD] >= 0.9
    assert ours["off_topic"] >= 0.9  # held out: the bar holds here
    for name in DETECTOR_CLASSES:
        # the seeds' drafts stand in for generic lines here (`heldout._generic`): unwise answers
        # on the topic ("Just take his car keys..."), which the word vectors see as on topic;
        # 36 of 40 rejected since round 34 (38 before), the issue's 90% bar for one-line drafts
        assert ours[name] >= (0.9 if name == "generic_one_liner" else 0.95), (name, ours[name])
    assert ours["template_leak"] > base["template_leak"] + 0.5
    assert ours["loop"] > base["loop"] + 0.5


FAMILIES = {
    "seed": lambda root: [root / "seed_examples_philosophical.jsonl"],
    "philosophical": lambda root: sorted((root / "philosophical").glob("*.jsonl")),
    "generated": lambda root: [
        root / "generated" / name
        for name in ("anti_sycophancy_batch1.jsonl", "code_theory_generated.jsonl",
                     "tribunal_generated.jsonl")
    ],
    "alma": lambda root: sorted((root / "alma_manual_600").glob("*.jsonl")),
}  # fmt: skip


@pytest.mark.external
@pytest.mark.parametrize(
    ("family", "expected"),
    [
        (   # held out: terse answers that often never name their topic (see docs)
            "seed",
            {GOOD: 0.545, "off_topic": 0.9317, "generic_one_liner": 1.0,
             "template_leak": 1.0, "truncated_1_8": 0.995, "echo": 1.0, "loop": 1.0,
             "skeleton": 1.0},
        ),
        (   # the selection family of the off-topic settings
            "philosophical",
            {GOOD: 0.9274, "off_topic": 0.9032, "generic_one_liner": 0.9839,
             "template_leak": 1.0, "truncated_1_8": 1.0, "echo": 1.0, "loop": 1.0,
             "skeleton": 1.0},
        ),
        (   # long structured answers (references, diagrams, code): the gate's structural
            # checks and MISPLACED_STRONG_* were chosen here (with philosophical); 25 of 27 good
            # answers were rejected by the gate before (reference lists read as cut sentences)
            "alma",
            {GOOD: 1.0, "off_topic": 0.963, "generic_one_liner": 1.0, "template_leak": 1.0,
             "truncated_1_8": 1.0, "echo": 1.0, "loop": 1.0, "skeleton": 1.0},
        ),
        (   # held out: templated answers reused across prompts
            "generated",
            # (round 40: three one-line drafts are terse answers without talk: 0.9959 before;
            # round 44: five cuts of one canned reply, "APROVADO (Score: 0.95).", are the
            # nearest answer to their prompt for the second look, conditional: 0.9753)
            {GOOD: 0.642, "off_topic": 0.9177, "generic_one_liner": 0.9877,
             "template_leak": 1.0, "truncated_1_8": 0.9753, "echo": 1.0, "loop": 1.0,
             "skeleton": 1.0},
        ),
    ],
)  # fmt: skip
def test_held_out_families(
    shared_data: Path, tribunal: Tribunal, family: str, expected: dict[str, float]
) -> None:
    got = rejection_rates(tribunal, failure_sets(rows_of(FAMILIES[family](shared_data))))
    assert got == pytest.approx(expected, abs=0.01)
    for name in (*DETECTOR_CLASSES, "truncated_1_8", "off_topic"):
        assert got[name] >= 0.9 if name == "off_topic" else got[name] >= 0.95, (name, got[name])


@pytest.mark.external
def test_off_topic_without_its_true_prompt_in_the_batch(
    shared_data: Path, tribunal: Tribunal
) -> None:
    """Absolute relevance alone (IDF-weighted over the batch): the swapped answers judged as a
    batch of their own, none of their true prompts present."""
    sets = failure_sets(rows_of(FAMILIES["philosophical"](shared_data)))
    swapped = list(sets["off_topic"])
    rejected = [v.status.value == "REJECTED" for v in tribunal.verdicts(swapped)]
    assert sum(rejected) / len(rejected) == pytest.approx(0.9032, abs=0.01)


ONE_BY_ONE_DETECTORS = {name: 1.0 for name in DETECTOR_CLASSES}

WRITTEN = REPO / "tests" / "tribunal" / "written"


@pytest.mark.parametrize(
    ("family", "batch", "alone"),
    [
        (   # Portuguese, long, conversational and markdown-heavy
            "pt_long",
            {GOOD: 0.975, "off_topic": 0.975, "truncated_1_8": 0.95},
            {GOOD: 0.9, "off_topic": 1.0, "truncated_1_8": 0.975},
        ),
        (   # English: code, math, how-tos (in sample for two truncation rules, see README)
            "en_mixed",
            {GOOD: 1.0, "off_topic": 0.925, "truncated_1_8": 0.975},
            {GOOD: 0.975, "off_topic": 0.925, "truncated_1_8": 0.975},
        ),
        (   # short answers, 29-67 words: in sample for the brief-request rules (77.1% / 72.9%
            # before them); "Quem escreveu Dom Casmurro?" answered "Foi Machado de Assis..."
            # still shares no word with its prompt
            "short_mixed",
            {GOOD: 0.9792, "off_topic": 1.0, "truncated_1_8": 0.9792},
            {GOOD: 0.9167, "off_topic": 1.0, "truncated_1_8": 0.9792},
        ),
        (   # 8-51 words: held out for the first brief-request rules (26.6% -> 35.9%), read
            # for the later ones (in sample)
            "short_b",
            {GOOD: 0.9688, "off_topic": 0.9844, "truncated_1_8": 0.9531},
            {GOOD: 0.8438, "off_topic": 0.9844, "truncated_1_8": 0.9844},
        ),
        (   # 10-56 words: held out for the brief-request rules (37.5% -> 53.1%), read for the
            # cannot-know answers, code spans and single-quoted passages (in sample)
            "short_c",
            {GOOD: 0.9844, "off_topic": 0.9844, "truncated_1_8": 0.9688},
            {GOOD: 0.8125, "off_topic": 1.0, "truncated_1_8": 0.9688},
        ),
        (   # 10-61 words: held out for the judges' rules of steps 1-3 of round 17 (40.6% ->
            # 57.8% in a batch); in sample since
            # round 49: in a batch +1 off-topic rejected; alone +1 off-topic rejected
            "short_d",
            {GOOD: 1.0, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.7969, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # 9-56 words: held out for every rule of round 17 (37.5% -> 59.4% in a batch), in
            # sample since
            "short_e",
            {GOOD: 1.0, "off_topic": 0.9531, "truncated_1_8": 0.9688},
            {GOOD: 0.7969, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # 8-60 words: held out for the wider brief requests (54.7% -> 71.9% in a batch),
            # in sample since
            "short_f",
            {GOOD: 0.9688, "off_topic": 0.9844, "truncated_1_8": 0.9688},
            {GOOD: 0.8594, "off_topic": 0.9844, "truncated_1_8": 0.9688},
        ),
        (   # terser answers: held out for the wider brief requests (29.7% -> 42.2%) and for
            # the answers of the kind asked for (-> 43.8%); read for the later rules
            # round 50: in a batch +1 good approved
            "short_g",
            {GOOD: 0.9844, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.8281, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # held out for the rules of round 18 up to answers of the kind asked for (35.9%
            # -> 59.4% in a batch), read for the last ones (code of the tool named, verse,
            # quoted slogans, casual closed questions)
            "short_h",
            {GOOD: 0.9844, "off_topic": 1.0, "truncated_1_8": 1.0},
            {GOOD: 0.7656, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # held out for every rule of round 18 (29.7% -> 65.6% in a batch; off-topic
            # answers rejected 95.3% -> 92.2%); 67.2% once a unit test found that "Em SQL,"
            # did not name SQL for the code check; 71.9% after the last rules, some read from
            # its misses (in sample since)
            "short_i",
            {GOOD: 0.9531, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.6875, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # held out for every rule of round 18, the last ones included (28.1% -> 71.9% in
            # a batch, 26.6% -> 57.8% one by one)
            "short_j",
            {GOOD: 0.9844, "off_topic": 0.9688, "truncated_1_8": 0.9531},
            {GOOD: 0.7031, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # written in round 19 after every rule, held out for all of them (the retrieval
            # backend's hub correction was chosen looking at its retrieval figures)
            "short_k",
            {GOOD: 0.9844, "off_topic": 0.9688, "truncated_1_8": 0.9844},
            {GOOD: 0.7344, "off_topic": 1.0, "truncated_1_8": 0.9844},
        ),
        (   # as short_k, terser (6-47 words, half under 25); its haiku was read as cut
            # before the gate's verse rule (56.2% / 48.4%)
            "short_l",
            {GOOD: 0.9688, "off_topic": 0.9688, "truncated_1_8": 0.9844},
            {GOOD: 0.6875, "off_topic": 0.9844, "truncated_1_8": 0.9844},
        ),
        (   # written after the definition rule (round 19), held out for it, the verse and
            # echo rules and the retrieval backend: 43.8% -> 53.1% with the definition rule;
            # 65.6% with the advice rule, read from its misses (off-topic 98.4% -> 93.8%)
            "short_m",
            {GOOD: 0.9688, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.625, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # written after the advice rule (round 19), held out for every rule: 50.0% ->
            # 70.3% with it, off-topic 96.9% -> 93.8%; in sample for round 20 (its misses read)
            "short_n",  # a loop of '"`' x 12 is under the symbol-loop bar (16 copies)
            {GOOD: 0.9688, "off_topic": 0.9688, "truncated_1_8": 0.9844, "loop": 0.9844},
            {GOOD: 0.6094, "off_topic": 1.0, "truncated_1_8": 0.9844, "loop": 0.9844},
        ),
        (   # round 20: written after round 19; held out for round 20's first rules (yes/no,
            # comparisons, names as facts, brief wisdom: 54.7% -> 64.1%), read for the rest
            # round 47: in a batch -1 cuts rejected; alone -1 cuts rejected
            "short_o",
            {GOOD: 1.0, "off_topic": 0.9688, "truncated_1_8": 0.9844},
            {GOOD: 0.8281, "off_topic": 1.0, "truncated_1_8": 0.9844},
        ),
        (   # round 20: telegraphic, lowercase, no question marks; held out for the first rules
            # (34.4% -> 43.8%), read for the rest
            "short_p",
            {GOOD: 0.9062, "off_topic": 0.9844, "truncated_1_8": 0.9688},
            {GOOD: 0.5781, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 20: chat abbreviations ("vc", "pq", "qdo"); held out for every rule of the
            # round, never read (39.1% -> 48.4%; 50.0% once a unit test found that "356 °F"
            # folds to "356 f" for the conversion kind)
            # round 48: in a batch -1 cuts rejected; alone -1 cuts rejected
            "short_q",
            {GOOD: 0.8594, "off_topic": 0.9844, "truncated_1_8": 0.9688},
            {GOOD: 0.5312, "off_topic": 1.0, "truncated_1_8": 0.9844},
        ),
        (   # round 20: answer first, then why; a quarter with a personal situation first; held
            # out for the first rules (71.9% -> 71.9%), read for the rarest-word rule (-> 81.2%)
            "short_r",
            {GOOD: 0.9688, "off_topic": 0.9531, "truncated_1_8": 0.9375},
            {GOOD: 0.7031, "off_topic": 0.9688, "truncated_1_8": 0.9531},
        ),
        (   # round 20: a careful assistant's answers of 19-54 words; held out for every rule of
            # the round, never read (87.5% -> 96.9%)
            "short_s",
            {GOOD: 1.0, "off_topic": 1.0, "truncated_1_8": 0.9844},
            {GOOD: 0.7969, "off_topic": 1.0, "truncated_1_8": 0.9844},
        ),
        (   # round 20: real-traffic prompts (typos, no accents, Brazilian bureaucracy); held
            # out for every rule of the round, never read (62.5% -> 70.3%)
            "short_t",
            {GOOD: 0.9375, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.6875, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 21: the usual mix, 6-50 words; its misses were read for the round's rules
            # (64.1% before them)
            "short_u",
            {GOOD: 0.9844, "off_topic": 1.0, "truncated_1_8": 0.9844},
            {GOOD: 0.6719, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 21: terse texted answers (4-35 words); read for the round's rules (34.4%
            # before them)
            # round 47: alone +1 good approved
            # round 49: in a batch +1 good approved
            "short_v",
            {GOOD: 0.9531, "off_topic": 0.9531, "truncated_1_8": 0.9844},
            {GOOD: 0.5625, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 21: a careful assistant, 15-70 words, some markdown; held out for every
            # rule of the round, never read (95.3% before)
            # round 50: in a batch +1 cuts rejected
            "short_w",
            {GOOD: 0.9844, "off_topic": 0.9844, "truncated_1_8": 0.9844},
            {GOOD: 0.9219, "off_topic": 0.9844, "truncated_1_8": 0.9844},
        ),
        (   # round 21: bare facts and search-box prompts; held out for every rule of the
            # round, never read (59.4% before)
            "short_x",
            {GOOD: 0.9688, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.625, "off_topic": 0.9688, "truncated_1_8": 1.0},
        ),
        (   # round 21: a small instruction-tuned model's style, 8-60 words; written after
            # most rules, never read (78.1% before them)
            "short_y",
            {GOOD: 0.9688, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.7656, "off_topic": 0.9688, "truncated_1_8": 1.0},
        ),
        (   # round 21: 44 Portuguese rows from every kind of user (students, polite
            # elders, slang), 5-55 words; held out until its misses were read late in the
            # round (62.5% before the round, 68.8% when first measured)
            "short_z",
            {GOOD: 1.0, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.6719, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 21: written after every rule of the round, never read (67.2% before
            # the round)
            # round 47: alone +1 good approved
            "short_aa",
            {GOOD: 0.9375, "off_topic": 0.9844, "truncated_1_8": 0.9531},
            {GOOD: 0.7656, "off_topic": 0.9844, "truncated_1_8": 0.9844},
        ),
        (   # round 21: terse answers (3-30 words, most under 15) to casual prompts,
            # written after every rule of the round, never read (29.7% before the round)
            "short_ab",
            {GOOD: 0.9219, "off_topic": 0.9375, "truncated_1_8": 1.0},
            {GOOD: 0.5312, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 22: terse answers (3-20 words) to casual prompts; read for the round's
            # rules (29.7% before them)
            # round 49: in a batch +1 good approved
            "short_ac",
            {GOOD: 0.875, "off_topic": 0.9219, "truncated_1_8": 1.0},
            {GOOD: 0.4688, "off_topic": 0.9375, "truncated_1_8": 1.0},
        ),
        (   # round 22: a careful assistant, 14-49 words, context often first; its answers
            # never read (82.8% before the round)
            "short_ad",
            {GOOD: 0.9844, "off_topic": 0.9688, "truncated_1_8": 0.9688},
            {GOOD: 0.5781, "off_topic": 0.9844, "truncated_1_8": 0.9844},
        ),
        (   # round 22: all Portuguese, WhatsApp style (slang, "kkk"), 7-28 words; read for
            # the round's rules (40.6% before them)
            "short_ae",
            {GOOD: 0.9062, "off_topic": 0.9688, "truncated_1_8": 0.9844},
            {GOOD: 0.4844, "off_topic": 0.9688, "truncated_1_8": 1.0},
        ),
        (   # round 22: search-snippet answers, 5-30 words, mostly English; its answers never
            # read (79.7% before the round)
            "short_af",
            {GOOD: 0.9531, "off_topic": 1.0, "truncated_1_8": 1.0},
            {GOOD: 0.6562, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 22: chat answers of 3-31 words; written after the first rules, read late
            # in the round (56.2% before it, 62.5% when first measured)
            "short_ag",
            {GOOD: 0.9375, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.4062, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 22: a small assistant model, 7-35 words, half English; written after the
            # first rules, never read (76.6% before the round and when first measured)
            "short_ah",
            {GOOD: 0.9375, "off_topic": 1.0, "truncated_1_8": 1.0},
            {GOOD: 0.7188, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 22: written after every rule of the round, never read (56.2% before the
            # round)
            # round 47: alone +1 good approved
            "short_ai",
            {GOOD: 0.8906, "off_topic": 1.0, "truncated_1_8": 0.9531},
            {GOOD: 0.6094, "off_topic": 1.0, "truncated_1_8": 0.9688},
        ),
        (   # round 22: a friendly careful assistant, 12-43 words, written after every rule
            # of the round, never read (75.0% before the round)
            # round 47: alone +1 good approved
            "short_aj",
            {GOOD: 0.9844, "off_topic": 0.9844, "truncated_1_8": 0.9375},
            {GOOD: 0.7031, "off_topic": 0.9844, "truncated_1_8": 0.9844},
        ),
        (   # round 23: terse (3-35 words), half the answers in words of their own; written
            # before the round's rules and held out for the first two (59.4% before and after
            # them), then read for the measures and the unknowable questions
            # round 47: alone +1 good approved
            # round 50: alone +1 good approved
            "short_ak",
            {GOOD: 0.9531, "off_topic": 0.9375, "truncated_1_8": 0.9844},
            {GOOD: 0.5312, "off_topic": 0.9531, "truncated_1_8": 1.0},
        ),
        (   # round 23: a knowledgeable friend, 4-40 words, half in words of their own; held
            # out for the first two rules (60.9% before and after), then read
            "short_al",
            {GOOD: 0.9375, "off_topic": 0.9844, "truncated_1_8": 0.9688},
            {GOOD: 0.4531, "off_topic": 0.9844, "truncated_1_8": 0.9688},
        ),
        (   # round 23: written after the code and word-choice rules, before the rest; never
            # read (51.6% before the round)
            # round 48: in a batch -1 cuts rejected
            "short_am",
            {GOOD: 0.9062, "off_topic": 0.9844, "truncated_1_8": 0.9844},
            {GOOD: 0.375, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 23: a concise expert, 4-45 words; never read (62.5% before the round)
            "short_an",
            {GOOD: 0.9531, "off_topic": 1.0, "truncated_1_8": 1.0},
            {GOOD: 0.4844, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 24: written before the round's rules with labelled drafts; held out for
            # the first step (70.3% before it, 73.4% after), then read
            "short_ao",
            {GOOD: 1.0, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.5156, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 24: written before the round's rules; never read (56.2% before the round)
            # round 46: one good answer more ("Tokyo–Kyoto–Osaka": an en dash no longer joins words)
            "short_ap",
            {GOOD: 0.9062, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.4219, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 25: casual chat, context first; written blind before the round, read for
            # its rules (54.7% before it)
            "short_as",
            {GOOD: 0.9062, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.4688, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 25: students and office workers, search fragments; written blind before the
            # round, read for its rules (65.6% before it)
            "short_at",
            {GOOD: 0.9844, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.625, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 25: hobbyists and home users; written blind before the round, never read
            # (56.2% before it)
            # round 46: one good answer more ("recristaliza", a verb of how a thing comes about)
            "short_au",
            {GOOD: 0.9375, "off_topic": 1.0, "truncated_1_8": 1.0},
            {GOOD: 0.5, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 25: developers, small business, bureaucracy; written blind before the
            # round, never read (62.5% before it)
            # round 47: alone +1 good approved
            # round 48: in a batch -1 cuts rejected
            "short_av",
            {GOOD: 0.875, "off_topic": 0.9844, "truncated_1_8": 0.9688},
            {GOOD: 0.5312, "off_topic": 1.0, "truncated_1_8": 0.9844},
        ),
        (   # round 25: every kind of user; written blind after the first step, never read
            # (68.8% before the round)
            # round 48: in a batch -2 cuts rejected
            "short_aw",
            {GOOD: 0.9375, "off_topic": 0.9688, "truncated_1_8": 0.9531},
            {GOOD: 0.5, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 25: terse chat, word questions, quick math; written blind after the first
            # step, never read (46.9% before the round)
            "short_ax",
            {GOOD: 0.8906, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.5312, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 26: home, cooking, pets, first aid; written blind before the round, read for
            # its second step (59.4% before the round)
            "short_ay",
            {GOOD: 0.9219, "off_topic": 1.0, "truncated_1_8": 1.0},
            {GOOD: 0.3438, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 26: students' homework; written blind, read for the second step (60.9%)
            "short_az",
            {GOOD: 0.9219, "off_topic": 1.0, "truncated_1_8": 1.0},
            {GOOD: 0.4375, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 26: office, money, paperwork; written blind, read for the second step (73.4%)
            # round 48: in a batch -1 cuts rejected; alone -1 cuts rejected
            "short_ba",
            {GOOD: 0.9375, "off_topic": 0.9844, "truncated_1_8": 0.9844},
            {GOOD: 0.5938, "off_topic": 0.9844, "truncated_1_8": 0.9844},
        ),
        (   # round 26: travel, culture, leisure; written blind, read for the second step (46.9%)
            "short_bb",
            {GOOD: 0.8438, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.2656, "off_topic": 0.9688, "truncated_1_8": 1.0},
        ),
        (   # round 26: body, health, nature; written blind during the round, never read (40.6%
            # before the round)
            # round 45: one good answer more (a count after its subject: "An adult has 206.")
            "short_bc",
            {GOOD: 0.8125, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.2344, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 26: technology and general knowledge; written blind during the round, never
            # read (68.8% before the round)
            # round 46: one good answer more ("Stingy — also selfish...": a dash sets off an aside)
            "short_bd",
            {GOOD: 0.9531, "off_topic": 0.9375, "truncated_1_8": 1.0},
            {GOOD: 0.4531, "off_topic": 0.9688, "truncated_1_8": 1.0},
        ),
        (   # round 27: sports, fitness, music and games; written blind, never read
            "short_be",
            {GOOD: 0.9219, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.2656, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 27: consumer rights, everyday law, driving and housing; written blind, never
            # read
            # round 47: in a batch +1 good approved
            "short_bf",
            {GOOD: 0.7812, "off_topic": 0.9375, "truncated_1_8": 1.0},
            {GOOD: 0.1875, "off_topic": 0.9688, "truncated_1_8": 1.0},
        ),
        (   # round 27: questions a number answers (counts, durations, prices, doses...);
            # written blind during the round, never read
            # round 48: in a batch -1 cuts rejected
            "short_bg",
            {GOOD: 0.9688, "off_topic": 0.9219, "truncated_1_8": 0.9844},
            {GOOD: 0.2031, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 27: parenting, school, careers, etiquette, grammar, history and geography;
            # written blind during the round, never read
            # round 48: in a batch -1 cuts rejected
            "short_bh",
            {GOOD: 0.7969, "off_topic": 0.9688, "truncated_1_8": 0.9844},
            {GOOD: 0.25, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 28: food, shopping, home repair, gardening, weather, recycling, cars; written
            # blind before the round, never read
            # round 45: one good answer more (a season answers "when")
            "short_bi",
            {GOOD: 0.8594, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.2344, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 28: science trivia, school math, programming, spreadsheets, phones, online
            # safety; written blind before the round, never read
            "short_bj",
            {GOOD: 0.8438, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.3594, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 28: words, history, arts, feelings, work, documents, money, health; written
            # blind before the round, never read
            "short_bk",
            {GOOD: 0.9062, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.2031, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 28: questions a number answers; written blind during the round, its approved
            # answers to other questions read for the round's unit rules
            # round 48: in a batch -1 cuts rejected
            "short_bl",
            {GOOD: 0.9531, "off_topic": 0.875, "truncated_1_8": 0.9844},
            {GOOD: 0.2969, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 28: questions a number, an amount or a date answers; written blind during the
            # round, used to choose between the round's rules (two answers read)
            # round 47: in a batch +1 good approved
            "short_bm",
            {GOOD: 0.9219, "off_topic": 0.9219, "truncated_1_8": 1.0},
            {GOOD: 0.2969, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 28: the same, asked by ordinary people; written blind after the round's rules,
            # never read
            # round 48: in a batch -1 cuts rejected
            "short_bn",
            {GOOD: 0.9688, "off_topic": 0.875, "truncated_1_8": 0.9688},
            {GOOD: 0.4062, "off_topic": 0.9688, "truncated_1_8": 1.0},
        ),
        (   # round 29: everyday life of every kind of user; written blind before the round,
            # measured after its first rules, then read
            "short_bo",
            {GOOD: 0.9531, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.3125, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 29: knowledge questions and small tasks; the same
            "short_bp",
            {GOOD: 0.8438, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.5156, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 29: questions a number answers; the same
            "short_bq",
            {GOOD: 0.9688, "off_topic": 0.8906, "truncated_1_8": 1.0},
            {GOOD: 0.5312, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 29: every kind of question; written blind after the round's reading, never read
            "short_br",
            {GOOD: 0.9375, "off_topic": 1.0, "truncated_1_8": 1.0},
            {GOOD: 0.3906, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 29: questions a number answers; the same, never read before round 30
            "short_bs",
            {GOOD: 0.9688, "off_topic": 0.9219, "truncated_1_8": 0.9844},
            {GOOD: 0.5, "off_topic": 0.9688, "truncated_1_8": 1.0},
        ),
        (   # round 30: every kind of question, everyday topics; written blind before the
            # round, never read
            # round 47: alone +1 good approved
            "short_bt",
            {GOOD: 0.9219, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.5, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 30: questions a number answers; the same, never read
            "short_bu",
            {GOOD: 0.9531, "off_topic": 0.9219, "truncated_1_8": 1.0},
            {GOOD: 0.4688, "off_topic": 0.9688, "truncated_1_8": 1.0},
        ),
        (   # round 30: students, office workers, developers; the same, measured before the
            # round's rules, then its misses read
            # round 47: alone +1 good approved
            "short_bv",
            {GOOD: 0.8594, "off_topic": 0.9688, "truncated_1_8": 0.9844},
            {GOOD: 0.4375, "off_topic": 1.0, "truncated_1_8": 0.9844},
        ),
        (   # round 32: everyday questions of every kind; written blind, measured once, then read
            "short_bw",
            {GOOD: 0.9219, "off_topic": 1.0, "truncated_1_8": 1.0},
            {GOOD: 0.3281, "off_topic": 0.9688, "truncated_1_8": 1.0},
        ),
        (   # round 32: bare facts (1-13 words) for students, travellers and cooks; the same
            # round 47: in a batch +3 good approved; alone +2 good approved
            # round 49: in a batch +2 good approved; alone +1 good approved
            "short_bx",
            {GOOD: 0.8438, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.25, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 32: a small chat model's answers; the same
            # round 45: one good answer more (a count after its restated subject)
            "short_by",
            {GOOD: 0.9531, "off_topic": 0.9375, "truncated_1_8": 1.0},
            {GOOD: 0.4688, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 32: bare facts (1-14 words); measured once after the first rules, then read
            # round 46: one good answer more ("Yes—a berry, in fact.": a dash joins no words)
            # round 47: in a batch +4 good approved; alone +4 good approved
            "short_bz",
            {GOOD: 0.8125, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.2344, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 32: a concise assistant on everyday matters; the same
            "short_ca",
            {GOOD: 0.9375, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.375, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 32: bare facts to phone chat; written blind, measured once after every rule
            # round 45: one good answer more (a season answers "when")
            # round 46: one good answer more ("breaks down", a verb of how a thing comes about)
            # round 49: in a batch +1 good approved; alone +1 good approved
            "short_cb",
            {GOOD: 0.8281, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.2969, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 32: a concise friendly assistant; the same
            "short_cc",
            {GOOD: 0.9062, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.4375, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 33: quick questions on a phone, 1-38 words; measured before the round, then read
            "short_cd",
            {GOOD: 0.9375, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.4062, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 33: a fine-tuned assistant's thoughtful answers, 30-137 words; the same
            # round 50: in a batch +1 cuts rejected
            "short_ce",
            {GOOD: 0.9688, "off_topic": 0.9844, "truncated_1_8": 0.9375},
            {GOOD: 0.7969, "off_topic": 0.9844, "truncated_1_8": 0.9844},
        ),
        (   # round 33: quick questions of every kind of user, 1-34 words; measured before the
            # round and once after its first rules, then read
            "short_cf",
            {GOOD: 0.9531, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.3125, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 33: a careful assistant's answers, 29-110 words; the same
            # round 50: in a batch +1 cuts rejected
            "short_cg",
            {GOOD: 0.9531, "off_topic": 0.9688, "truncated_1_8": 0.9844},
            {GOOD: 0.7344, "off_topic": 0.9531, "truncated_1_8": 0.9844},
        ),
        (   # round 33: everyday questions, 1-54 words; written blind, measured once after the
            # round's rules, never read
            # round 47: alone +2 good approved
            "short_ch",
            {GOOD: 0.875, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.4062, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 33: reflective answers, 32-176 words; the same
            "short_ci",
            {GOOD: 0.9688, "off_topic": 0.9375, "truncated_1_8": 1.0},
            {GOOD: 0.7188, "off_topic": 0.9688, "truncated_1_8": 1.0},
        ),
        (   # round 34, written blind before the word vectors were chosen: gardeners, mechanics,
            # nurses, musicians and shop owners, 1-30 words
            "short_cj",
            {GOOD: 0.8594, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.3594, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 34: students, office workers, banks and public services, 1-27 words
            # round 45: one good answer more (where a thing sits: "In the pancreas.")
            # round 49: in a batch +1 good approved
            "short_ck",
            {GOOD: 0.8594, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.375, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 34: a careful assistant on economics, law, health and work, 33-140 words
            "short_cl",
            {GOOD: 0.8281, "off_topic": 0.9531, "truncated_1_8": 0.9219},
            {GOOD: 0.7656, "off_topic": 1.0, "truncated_1_8": 0.9688},
        ),
        (   # round 34: curious questions of all ages, half terse, half 40-98 words
            # round 49: in a batch +2 cuts rejected
            # round 50: in a batch +1 cuts rejected
            "short_cm",
            {GOOD: 0.9375, "off_topic": 0.9375, "truncated_1_8": 0.9844},
            {GOOD: 0.6875, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 35, written blind and measured with round 34's code before any change: casual
            # questions, 1-22 words (its passing answers to other questions read)
            # round 45: one good answer more (a short "explain how" is as brief as its question)
            # and one answer to another question fewer (a hedge is no definition)
            # round 47: in a batch +1 good approved; alone +1 good approved
            "short_cn",
            {GOOD: 0.9062, "off_topic": 0.9062, "truncated_1_8": 1.0},
            {GOOD: 0.3594, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 35: a sentence of the asker's situation, then the question; 16-32 words (read:
            # `question_after_context` came from its 48% of good answers approved)
            # round 47: alone +1 good approved
            # round 48: alone +1 good approved (a pH is a measure a number answers)
            "short_co",
            {GOOD: 0.9375, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.5938, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 35: a careful assistant, 75-125 words, long drafts (its approved hedges,
            # generic drafts and refusal read: `noncommittal` came from them; its cuts read)
            "short_cp",
            {GOOD: 1.0, "off_topic": 0.9688, "truncated_1_8": 0.9219},
            {GOOD: 0.9688, "off_topic": 0.9844, "truncated_1_8": 0.9375},
        ),
        (   # round 35: mixed lengths, 2-107 words; measured, never read
            # round 49: in a batch +1 cuts rejected
            "short_cq",
            {GOOD: 0.9531, "off_topic": 0.9688, "truncated_1_8": 0.9844},
            {GOOD: 0.6562, "off_topic": 0.9844, "truncated_1_8": 0.9844},
        ),
        (   # round 35: the asker's situation, then the question, 16-44 words; written blind after
            # `question_after_context`, measured once with it, then read
            # round 47: in a batch -1 off-topic rejected
            "short_cr",
            {GOOD: 0.9219, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.5781, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 35: a thorough assistant, 95-158 words, long drafts; written blind after
            # `noncommittal`, measured once with it; its cuts and approved refusals read after
            # round 49: in a batch +2 cuts rejected; alone +1 cuts rejected
            "short_cs",
            {GOOD: 0.9844, "off_topic": 0.9219, "truncated_1_8": 0.9219},
            {GOOD: 0.9375, "off_topic": 0.9375, "truncated_1_8": 0.9219},
        ),
        (   # round 35: very terse, 1-16 words; measured, never read
            # round 45: one good answer more (a short "explain how")
            "short_ct",
            {GOOD: 0.9062, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.3594, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 36, written blind and measured with round 35's code before any change: casual
            # questions, 3-9 words, 1-22-word answers (the prompt map's settings chosen on it,
            # short_cv and round 35's seven; some misses read)
            # round 45: one good answer more (a short "explain how")
            # round 47: in a batch +2 good approved; alone +1 good approved
            "short_cu",
            {GOOD: 0.9688, "off_topic": 0.9375, "truncated_1_8": 1.0},
            {GOOD: 0.4219, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 36: quiz questions, 1-14-word answers (as short_cu)
            # round 47: in a batch +3 good approved; alone +1 good approved
            "short_cv",
            {GOOD: 0.8906, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.2812, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 36: mixed lengths, 1-117 words; measured before and after, never read
            "short_cw",
            {GOOD: 0.9375, "off_topic": 0.9531, "truncated_1_8": 0.9531},
            {GOOD: 0.5469, "off_topic": 1.0, "truncated_1_8": 0.9844},
        ),
        (   # round 36: the question, then why it is asked, 14-41-word answers (read after its
            # measure with the map: `question_in_context` reads a question before its situation
            # since)
            "short_cx",
            {GOOD: 0.9219, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.375, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 36: the question, then the asker's situation; written blind after that rule,
            # measured once with it (its approved refusals read)
            # round 47: alone +1 good approved
            "short_cy",
            {GOOD: 0.9531, "off_topic": 0.9688, "truncated_1_8": 0.9688},
            {GOOD: 0.3906, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 36: something about the asker anywhere in the prompt, 12-33-word answers;
            # written blind after both changes, measured once with them, never read
            # round 47: in a batch -1 off-topic rejected
            "short_cz",
            {GOOD: 0.9062, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.5, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 37: quiz or search-box questions, 1-15-word answers; measured with round
            # 36's code before it was read (76.6 / 92.2), then its misses read
            # round 45: one good answer more (a short "explain how")
            # round 47: in a batch +1 good approved; alone +1 good approved
            "short_da",
            {GOOD: 0.9062, "off_topic": 0.9375, "truncated_1_8": 1.0},
            {GOOD: 0.3281, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 37: casual chat with typos, 7-76-word answers; measured with round 36's code
            # before it was read (84.4 / 95.3), then its misses read
            # round 45: one good answer more (a count after its verb: "There are 8 bits...")
            "short_db",
            {GOOD: 0.875, "off_topic": 0.9375, "truncated_1_8": 0.9688},
            {GOOD: 0.625, "off_topic": 0.9844, "truncated_1_8": 0.9844},
        ),
        (   # round 37: a situation, then the question, 38-66-word answers; measured with round
            # 36's code before it was read (93.8 / 96.9; 4 of its 11 generic drafts approved:
            # a rule for replies of courtesies only was tried on them and dropped)
            "short_dc",
            {GOOD: 0.9375, "off_topic": 0.9531, "truncated_1_8": 0.9688},
            {GOOD: 0.7031, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 38: a situation told in 20-55 words, warm answers of 44-64 words; written
            # blind after the distilled word vectors, measured before it was read (round 37's
            # vectors 95.3 / 95.3, the distilled 96.9 / 96.9)
            "short_dd",
            {GOOD: 0.9688, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.5469, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 38: phone-typed questions of 3-20 words, direct answers of 4-38 words;
            # written blind after the distilled word vectors, measured before it was read
            # (round 37's vectors 92.2 / 92.2, the distilled 93.8 / 92.2)
            # round 47: in a batch +1 good approved
            "short_de",
            {GOOD: 0.9688, "off_topic": 0.9219, "truncated_1_8": 1.0},
            {GOOD: 0.5625, "off_topic": 0.9688, "truncated_1_8": 1.0},
        ),
        (   # round 39: casual typed questions of 3-11 words, direct answers of 8-27 words;
            # measured before it was read (round 38's code 92.2 / 90.6), never read
            # round 45: one good answer more (a short "explica como")
            "short_df",
            {GOOD: 0.9531, "off_topic": 0.9062, "truncated_1_8": 0.9688},
            {GOOD: 0.4531, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 39: who asks or why, then the question, 14-27 words; answers of 24-41 words;
            # measured before it was read (round 38's code 92.2 / 100.0), never read
            # round 47: in a batch +1 good approved
            "short_dg",
            {GOOD: 0.9531, "off_topic": 1.0, "truncated_1_8": 0.9531},
            {GOOD: 0.625, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 39: formal quiz questions of 7-15 words, answer-key answers of 2-31 words;
            # measured before it was read (round 38's code 75.0 / 92.2), then its misses read
            # round 45: four good answers more (short requests to explain)
            "short_dh",
            {GOOD: 0.8906, "off_topic": 0.9375, "truncated_1_8": 1.0},
            {GOOD: 0.4688, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 39: formal quiz questions of 7-17 words, answer-key answers of 4-34 words (as
            # short_dh, to measure what its misses taught); measured before it was read (round
            # 38's code 82.8 / 93.8), never read
            # round 45: two good answers more (short requests to explain) and one answer to
            # another question fewer (a hedge is no definition)
            # round 47: alone +1 good approved
            "short_di",
            {GOOD: 0.875, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.8125, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 39: chat questions, assistant answers of 77-117 words; measured before it
            # was read (round 38's code 98.4 / 98.4), then its approved drafts read (long
            # evasions)
            # round 49: in a batch +1 cuts rejected; alone +1 cuts rejected
            "short_dj",
            {GOOD: 0.9844, "off_topic": 0.9844, "truncated_1_8": 0.9688},
            {GOOD: 0.9219, "off_topic": 1.0, "truncated_1_8": 0.9688},
        ),
        (   # round 39: chat questions, assistant answers of 65-117 words (as short_dj, to
            # measure what its drafts taught); measured before it was read (round 38's code
            # 98.4 / 95.3), never read
            # round 45: one answer to another question fewer (a hedge is no definition)
            "short_dk",
            {GOOD: 0.9844, "off_topic": 0.9688, "truncated_1_8": 0.9688},
            {GOOD: 0.9062, "off_topic": 1.0, "truncated_1_8": 0.9844},
        ),
        (   # round 40: casual typed questions of 3-9 words, terse answers of 1-13 words; measured
            # before it was read (round 39's code 65.6 / 93.8), then its misses read
            # round 46: one good answer more ("recrystallizes", a verb of how a thing comes about)
            # round 48: in a batch +1 good approved ("7, a 25 °C." for "qual é o ph da água pura")
            "short_dl",
            {GOOD: 0.8906, "off_topic": 0.9219, "truncated_1_8": 1.0},
            {GOOD: 0.3125, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 40: formal quiz questions of 8-19 words, answer-key answers of 2-26 words;
            # measured before it was read (round 39's code 70.3 / 93.8), then its misses read
            # round 47: in a batch +2 good approved
            "short_dm",
            {GOOD: 0.9375, "off_topic": 0.9375, "truncated_1_8": 1.0},
            {GOOD: 0.4375, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 40: what people type to an assistant (half with their situation first),
            # answers of 32-54 words; measured before it was read (round 39's code 95.3 / 98.4),
            # never read
            "short_dn",
            {GOOD: 0.9844, "off_topic": 0.9844, "truncated_1_8": 0.9688},
            {GOOD: 0.8906, "off_topic": 0.9844, "truncated_1_8": 0.9688},
        ),
        (   # round 40: chat questions, thorough answers of 101-140 words with markdown, drafts of
            # 53-85 words; measured before it was read (round 39's code 100.0 / 96.9), then its
            # approved drafts read (long refusals and hedges)
            # round 50: in a batch +1 cuts rejected
            "short_do",
            {GOOD: 1.0, "off_topic": 0.9688, "truncated_1_8": 0.9531},
            {GOOD: 1.0, "off_topic": 1.0, "truncated_1_8": 0.9531},
        ),
        (   # round 40: as short_dl (home, food, animals, sport, music, travel, money); measured
            # before it was read (round 39's code 64.1 / 96.9), never read
            # round 47: in a batch +1 good approved; alone +2 good approved
            "short_dp",
            {GOOD: 0.9062, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.2812, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 40: as short_dm (geology, astronomy, anatomy, economics, language, law, art);
            # measured before it was read (round 39's code 68.8 / 98.4), never read
            "short_dq",
            {GOOD: 0.8906, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.2969, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 40: as short_do (health, parenting, work, software, gardening, money);
            # measured before it was read (round 39's code 100.0 / 98.4), never read
            "short_dr",
            {GOOD: 1.0, "off_topic": 0.9844, "truncated_1_8": 0.9688},
            {GOOD: 0.9844, "off_topic": 0.9844, "truncated_1_8": 0.9688},
        ),
        (   # round 40: as short_dl, written after the round's first rules; measured with round
            # 39's code (62.5 / 96.9) and the round's, never read
            # round 47: in a batch +3 good approved; alone +1 good approved
            "short_ds",
            {GOOD: 0.9062, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.3125, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 40: as short_dm, written after the round's first rules; measured with round
            # 39's code (67.2 / 98.4) and the round's, never read
            # round 45: one good answer more (a short "explain what")
            # round 47: in a batch +1 good approved; alone +1 good approved
            "short_dt",
            {GOOD: 0.875, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.3594, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 40: as short_do, written after the round's first rules; measured with round
            # 39's code (96.9 / 98.4) and the round's, never read
            "short_du",
            {GOOD: 0.9844, "off_topic": 0.9844, "truncated_1_8": 0.9531},
            {GOOD: 0.9531, "off_topic": 0.9688, "truncated_1_8": 0.9531},
        ),
        (   # round 41: as short_dl (cars, weather, insects, the sea...); measured with round
            # 40's code (73.4 / 93.8), then its misses read
            # round 47: in a batch +2 good approved
            "short_dv",
            {GOOD: 0.8125, "off_topic": 0.9375, "truncated_1_8": 1.0},
            {GOOD: 0.3438, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 41: as short_dl (plants, medicine, cinema, rivers...); measured with round
            # 40's code (78.1 / 95.3) and the round's; its misses read in round 43 (79.7 -> 81.2)
            # round 47: in a batch +4 good approved
            "short_dw",
            {GOOD: 0.875, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.2812, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 41: as short_dm (physics, zoology, literature...); measured with round 40's
            # code (76.6 / 90.6), then its misses read
            # round 47: in a batch +2 good approved
            "short_dx",
            {GOOD: 0.8281, "off_topic": 0.9062, "truncated_1_8": 1.0},
            {GOOD: 0.2656, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 41: as short_dm (microbiology, statistics, grammar...); measured with round
            # 40's code (65.6 / 93.8) and the round's; its misses read in round 43 (73.4 -> 75.0)
            "short_dy",
            {GOOD: 0.75, "off_topic": 0.9375, "truncated_1_8": 1.0},
            {GOOD: 0.2031, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 41: ethics and how to live, thoughtful answers of 30-120 words; measured
            # with round 40's code (92.2 / 95.3) and the round's, never read
            "short_dz",
            {GOOD: 0.9375, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.8125, "off_topic": 0.9688, "truncated_1_8": 1.0},
        ),
        (   # round 43: terse chat answers, written blind; measured with round 42's and 43's
            # code (79.7 / 95.3), then round 44's second look (82.8), then its misses read
            # round 47: in a batch +1 good approved; alone +3 good approved
            "short_ea",
            {GOOD: 0.8906, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.3906, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 43: quiz questions answered in a sentence or two, written blind; measured
            # with round 42's and 43's code (78.1 / 95.3), then its misses read in round 44
            "short_eb",
            {GOOD: 0.875, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.5625, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 45: one-line quiz and chat questions, terse answers (a third with no verb);
            # measured with round 44's code (81.2 / 95.3), then its misses read
            # round 47: in a batch +1 good approved
            "short_ei",
            {GOOD: 0.9375, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.4531, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 45: as short_ei (birds, baking, banking, sport, myths...); measured with
            # round 44's code (70.3 / 95.3), then its misses read
            # round 46: one good answer more ("slows", a verb of how a thing comes about)
            # round 47: in a batch +1 good approved, -1 off-topic rejected
            "short_ej",
            {GOOD: 0.8125, "off_topic": 0.9062, "truncated_1_8": 1.0},
            {GOOD: 0.3438, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 46: terse answers texted back (1-11 words, a third no verb), written blind;
            # measured with round 45's code (81.2 / 96.9), then read for the round's first rules
            # round 47: in a batch +3 good approved; alone +3 good approved
            "short_ek",
            {GOOD: 0.9219, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.375, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 46: an assistant's direct answers of 22-38 words, written blind; measured
            # with round 45's code (96.9 / 96.9), then its two misses read
            # round 47: alone +2 good approved
            "short_el",
            {GOOD: 0.9844, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.7969, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 46: a thoughtful assistant's answers of 61-91 words, written blind; measured
            # with round 45's code (98.4 / 95.3), never read
            "short_em",
            {GOOD: 0.9844, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.9219, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 46: a chat log of mixed lengths (4-84 words), written blind; measured with
            # round 45's code (96.9 / 96.9), then its two misses read
            "short_en",
            {GOOD: 0.9844, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.6719, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 46: as short_ek, written blind; measured with round 45's code and the
            # round's first rules (78.1 / 96.9 both), then read for its second
            # round 47: in a batch +1 good approved; alone +2 good approved
            "short_eo",
            {GOOD: 0.8438, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.2969, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 46: answer-key and search-snippet answers of 1-15 words, written blind;
            # measured as short_eo (78.1 / 92.2 both), then read
            # round 47: in a batch +5 good approved; alone +1 good approved
            "short_ep",
            {GOOD: 0.8594, "off_topic": 0.9219, "truncated_1_8": 1.0},
            {GOOD: 0.2344, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 46: terse chat answers of 1-10 words, written blind after the round's first
            # rules; measured with round 45's code (78.1) and the round's (79.7), never read
            # round 47: in a batch +2 good approved; alone +1 good approved
            "short_eq",
            {GOOD: 0.8281, "off_topic": 0.9375, "truncated_1_8": 1.0},
            {GOOD: 0.2656, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 46: a concise assistant's answers of 2-13 words, written blind after the
            # round's first rules; measured with round 45's code (81.2) and the round's (82.8),
            # never read
            # round 47: in a batch +2 good approved; alone +2 good approved
            "short_er",
            {GOOD: 0.8594, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.3594, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 47: terse answers texted back (1-11 words, a third no verb), written blind;
            # measured with round 46's code (75.0 / 95.3), then read for the round's rules
            "short_es",
            {GOOD: 0.8281, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.3281, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 47: one-sentence answers of 8-16 words, written blind; measured with round
            # 46's code (84.4 / 98.4), then read for the round's rules
            "short_et",
            {GOOD: 0.9531, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.8125, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 47: answer-key fragments of 1-8 words, written blind; measured with round
            # 46's code (67.2 / 93.8), then read for the round's rules
            "short_eu",
            {GOOD: 0.75, "off_topic": 0.9375, "truncated_1_8": 1.0},
            {GOOD: 0.2656, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 47: an answer with its reason or method, 6-14 words, written blind; measured
            # with round 46's code (90.6 / 98.4), then read for the round's rules
            "short_ev",
            {GOOD: 0.9219, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.4219, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 47: chat replies in lowercase with no final stop, 1-12 words, written blind;
            # measured with round 46's code (4.7 / 100.0), then read for the round's rules
            # round 48: in a batch +5 good approved
            # round 50: in a batch +3 good approved; alone +1 good approved
            "short_ew",
            {GOOD: 0.6719, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.1875, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 47: short answers in the answerer's own words, 2-11 words, written blind;
            # measured with round 46's code (68.8 / 92.2), then read for the round's rules
            "short_ex",
            {GOOD: 0.7656, "off_topic": 0.9219, "truncated_1_8": 1.0},
            {GOOD: 0.2031, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 47: terse answers with capitals and stops, 1-11 words, written blind after
            # the round's rules; measured with round 46's code (67.2 / 100.0), never read
            "short_ey",
            {GOOD: 0.7188, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.2188, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 47: an assistant model's answers of 10-24 words that restate the question's
            # subject, written blind after the rules; round 46's code (93.8 / 92.2), never read
            "short_ez",
            {GOOD: 0.9375, "off_topic": 0.9219, "truncated_1_8": 1.0},
            {GOOD: 0.8594, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 47: a busy expert's answers of 3-14 words, written blind after the round's
            # rules; measured with round 46's code (85.9 / 98.4), never read
            "short_fa",
            {GOOD: 0.8906, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.3594, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 48: chat replies of 1-8 words all in lowercase, names too, written blind;
            # measured with round 47's code (40.6 / 96.9), then read for the round's rules
            # round 50: in a batch +3 good approved; alone +2 good approved
            "short_fb",
            {GOOD: 0.5938, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.2188, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 48: chat replies of 1-10 words that open with the figure, most with no final
            # stop, written blind; round 47's code (18.8 / 95.3), then read for the round's rules
            # round 50: in a batch +3 good approved
            "short_fc",
            {GOOD: 0.3906, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.1406, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 48: terse answers of 1-10 words sharing few words with the question, written
            # blind; measured with round 47's code (75.0 / 87.5), then read for the round's rules
            "short_fd",
            {GOOD: 0.75, "off_topic": 0.875, "truncated_1_8": 1.0},
            {GOOD: 0.125, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 48: an answer of 12-18 words with a caution, tip or limit, written blind;
            # measured with round 47's code (92.2 / 96.9), then read for the round's rules
            "short_fe",
            {GOOD: 0.9219, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.4531, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 48: a voice assistant's spoken answers of 9-22 words, written blind; measured
            # with round 47's code (95.3 / 98.4), then read for the round's rules
            "short_ff",
            {GOOD: 0.9688, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.875, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 48: a coworker's chat answers of 2-13 words, some opening "Yep," or "I think",
            # written blind; round 47's code (76.6 / 100.0), then read for the round's rules
            "short_fg",
            {GOOD: 0.7812, "off_topic": 1.0, "truncated_1_8": 1.0},
            {GOOD: 0.2656, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 48: terse answers of 1-12 words, a few all lowercase, written blind; measured
            # with round 47's code (79.7 / 98.4), never read
            # round 50: in a batch +1 good approved; alone +1 good approved
            "short_fh",
            {GOOD: 0.8125, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.2969, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 48: one-sentence answers of 10-18 words, answer first, written blind; measured
            # with round 47's code (95.3 / 98.4), never read
            "short_fi",
            {GOOD: 0.9531, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.6406, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 49: quiz answers of 1-8 words with capitals, most with no final stop, written
            # blind; measured with round 48's code (15.6 / 100.0), then read for the round's rules
            "short_fj",
            {GOOD: 0.1562, "off_topic": 1.0, "truncated_1_8": 1.0},
            {GOOD: 0.0469, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 49: a small instruction-tuned model's answers of 32-54 words, written blind;
            # measured with round 48's code (100.0 / 100.0), then read for the round's rules
            "short_fk",
            {GOOD: 1.0, "off_topic": 1.0, "truncated_1_8": 0.9688},
            {GOOD: 0.9844, "off_topic": 0.9844, "truncated_1_8": 0.9688},
        ),
        (   # round 49: small tasks (rewrite, translate, extract, sort, title, slogan) of 1-25
            # words, written blind; round 48's code (57.8 / 96.9), then read for the round's rules
            "short_fl",
            {GOOD: 0.8125, "off_topic": 0.9844, "truncated_1_8": 1.0, "echo": 0.9844},
            {GOOD: 0.7656, "off_topic": 1.0, "truncated_1_8": 1.0, "echo": 0.9844},
        ),
        (   # round 49: markdown answers of 34-60 words, a line then bullets or steps, written
            # blind; round 48's code (100.0 / 95.3), then read for the round's rules
            "short_fm",
            {GOOD: 1.0, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.875, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 49: a teacher's answers to children, 26-38 words, written blind; measured
            # with round 48's code (92.2 / 100.0), then read for the round's rules
            "short_fn",
            {GOOD: 0.9219, "off_topic": 1.0, "truncated_1_8": 1.0},
            {GOOD: 0.7969, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 49: a support assistant's replies on everyday services, 18-29 words, written
            # blind; round 48's code (81.2 / 95.3), then read for the round's rules
            "short_fo",
            {GOOD: 0.8125, "off_topic": 0.9531, "truncated_1_8": 1.0},
            {GOOD: 0.5625, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 49: terse answers of 1-15 words typed in mixed ways, written blind; measured
            # with round 48's code (64.1 / 98.4), never read
            # round 50: in a batch +1 good approved
            "short_fp",
            {GOOD: 0.6562, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.2656, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 49: a well-tuned assistant's answers of 28-46 words, written blind; measured
            # with round 48's code (98.4 / 98.4), never read
            "short_fq",
            {GOOD: 0.9844, "off_topic": 0.9844, "truncated_1_8": 0.9844},
            {GOOD: 0.8125, "off_topic": 0.9844, "truncated_1_8": 0.9844},
        ),
        (   # round 50: chat replies typed in lowercase without a stop, 5-23 words, written blind;
            # measured with round 49's code (18.8 / 100.0), then read for the round's rules
            "short_fr",
            {GOOD: 0.7344, "off_topic": 1.0, "truncated_1_8": 0.9375},
            {GOOD: 0.3125, "off_topic": 1.0, "truncated_1_8": 0.9844},
        ),
        (   # round 50: a support assistant's replies on everyday services, 24-35 words, blind;
            # measured with round 49's code (87.5 / 98.4), then read for the round's rules
            "short_fs",
            {GOOD: 0.8906, "off_topic": 0.9844, "truncated_1_8": 0.9531},
            {GOOD: 0.6562, "off_topic": 0.9844, "truncated_1_8": 0.9531},
        ),
        (   # round 50: reflective answers on ethics and decisions, 104-124 words, written blind;
            # measured with round 49's code (98.4 / 98.4), then read for the round's rules
            "short_ft",
            {GOOD: 0.9844, "off_topic": 0.9844, "truncated_1_8": 1.0},
            {GOOD: 0.9062, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 50: a small general model's wordy answers, 80-110 words, written blind;
            # measured with round 49's code (100.0 / 98.4), then read for the round's rules
            "short_fu",
            {GOOD: 1.0, "off_topic": 0.9844, "truncated_1_8": 0.9531},
            {GOOD: 1.0, "off_topic": 0.9688, "truncated_1_8": 0.9531},
        ),
        (   # round 50: small tasks (messages, slogans, extraction, rewrites), 3-30 words, blind;
            # measured with round 49's code (85.9 / 96.9), then read for the round's rules
            "short_fv",
            {GOOD: 0.9688, "off_topic": 0.9688, "truncated_1_8": 0.9844},
            {GOOD: 0.8125, "off_topic": 0.9844, "truncated_1_8": 0.9844},
        ),
        (   # round 50: markdown, a line then bullets or steps, 44-79 words, written blind;
            # measured with round 49's code (95.3 / 96.9), then read for the round's rules
            "short_fw",
            {GOOD: 0.9531, "off_topic": 0.9688, "truncated_1_8": 1.0},
            {GOOD: 0.8906, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 50: everyday answers in every register, 10-35 words, written blind;
            # measured with round 49's code (92.2 / 95.3), never read
            "short_fx",
            {GOOD: 0.9219, "off_topic": 0.9531, "truncated_1_8": 0.9844},
            {GOOD: 0.6875, "off_topic": 0.9844, "truncated_1_8": 1.0},
        ),
        (   # round 50: a fine-tuned assistant's answers, 34-64 words, written blind;
            # measured with round 49's code (98.4 / 100.0), never read
            "short_fy",
            {GOOD: 0.9844, "off_topic": 1.0, "truncated_1_8": 0.9688},
            {GOOD: 0.9062, "off_topic": 0.9844, "truncated_1_8": 0.9688},
        ),
        (   # round 50: lowercase chat replies, names lowercase too, 5-26 words, written blind;
            # measured with round 49's code (18.8 / 100.0), never read
            "short_fz",
            {GOOD: 0.7031, "off_topic": 0.9844, "truncated_1_8": 0.9219},
            {GOOD: 0.375, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 50: markdown with a closing tip line without a stop, 51-85 words, blind;
            # measured with round 49's code (4.7 / 100.0), then read for the closing-tip rule
            "short_ga",
            {GOOD: 0.9688, "off_topic": 0.9844, "truncated_1_8": 0.9219},
            {GOOD: 0.9062, "off_topic": 0.9844, "truncated_1_8": 0.9531},
        ),
        (   # round 50: small tasks (notes, invitations, questions on a quoted text), 2-34 words;
            # measured with round 49's code (62.5 / 100.0), then read
            "short_gb",
            {GOOD: 0.6875, "off_topic": 1.0, "truncated_1_8": 1.0},
            {GOOD: 0.6406, "off_topic": 1.0, "truncated_1_8": 1.0},
        ),
        (   # round 50: a warm, careful assistant's answers, 68-98 words, written blind;
            # measured with round 49's code (98.4 / 96.9), never read
            "short_gc",
            {GOOD: 0.9844, "off_topic": 0.9688, "truncated_1_8": 0.9531},
            {GOOD: 0.8906, "off_topic": 0.9844, "truncated_1_8": 0.9531},
        ),
    ],
)  # fmt: skip
def test_written_families(
    tribunal: Tribunal, family: str, batch: dict[str, float], alone: dict[str, float]
) -> None:
    """Families written by this team in styles the original data lack (tests/tribunal/written:
    held out for every setting of the prompt-based judges). Long answers in both languages meet
    every bar in a batch; short ones show where word overlap cannot tell (docs/benchmarks.md)."""
    sets = failure_sets(rows_of([WRITTEN / f"{family}.jsonl"]))
    for expected, one_by_one in ((batch, False), (alone, True)):
        got = rejection_rates(tribunal, sets, one_by_one=one_by_one)
        assert got == pytest.approx({**ONE_BY_ONE_DETECTORS, **expected}, abs=0.01), one_by_one
        assert got["off_topic"] >= OFF_TOPIC_BAR_MISSED.get((family, one_by_one), 0.9)
        assert got["truncated_1_8"] >= TRUNCATION_BAR_MISSED.get((family, one_by_one), 0.95)


TRUNCATION_BAR_MISSED = {
    ("short_aj", False): 0.93,
    ("short_ce", False): 0.92,
    ("short_cl", False): 0.92,
    ("short_cm", False): 0.93,
    ("short_cp", False): 0.92,
    ("short_cp", True): 0.92,
    ("short_cs", False): 0.89,
    ("short_cs", True): 0.89,
    ("short_do", False): 0.93,
    ("short_r", False): 0.93,
    ("short_fr", False): 0.93,
    ("short_fz", False): 0.92,
    ("short_ga", False): 0.92,
}
"""Where answers cut to an eighth are rejected less than the 95% bar, as measured. Round 50's
`short_fr` 60 of 64, `short_fz` and `short_ga` 59 of 64 in a batch, as with round 49's code: an
eighth of a lowercase chat reply is a few whole words ("saturn, it passed"), an eighth of a
markdown answer its first line, whole. `short_aj` and
`short_cl` 60 of 64, each family's four misses cuts that read as whole answers ("Use git reset
--soft HEAD~1", "18% of $64.50 = 64.50", "Use M = C × (1 + i)^n:\n- C = 1.000;"); `short_cl`
(round 34) misses it with the words alone too; in `short_aj` the word vectors' second look puts
one more on topic (the git command, judged with its prompt's batch, 61 of 64 before). In
`short_ce` (round 36) 60 of 64 now: the prompt map puts "Comece pelo básico:\n\n1. Anote seus
gastos por um mês p" on its prompt's topic. Round 35's long-answer families, in a batch and
alone: `short_cp` (75-125 words) 59 of 64 and `short_cs` (95-158 words) 57 of 64 (56 before round
35's empty-item rule). An eighth of a long answer is often its first paragraph, whole ('...da
**retrogradação do amido**, e não apenas por "secar".', "An adult human typically has **206
bones**."), or a cut where a new paragraph or item opens ("Babies are b", "Alguns", "holds th").
A lone letter at the end is no sign of a cut ("alternativa c", "ctrl c", "hepatite b"), and a
single word opens many a last paragraph. Round 38's distilled word vectors put one more
whole-reading cut on its prompt's topic in `short_r`, `short_ce`, `short_cl` and `short_cm` (60,
59, 59, 60 of 64); over every written family, judged alone, cuts are rejected 98.74% of the time
(98.82% before). Since round 39 a one-line cut of five words or more that stops on a word, in a
batch whose answers end with a full stop, is a cut (`output_failures.cut_against_style`):
`short_r` 61 of 64 in a batch, and round 39's `short_dg` (59 before). Round 40: a one-line
cut with no word of talk no longer "talks about the topic" (`lexicon.TALK_WORDS`), and
`short_r` is back to 60 of 64 in a batch; round 40's `short_do` (answers of 101-140 words in
markdown) 60 of 64, its eighths cut after a bold fact ("...cada time tem **6 jogadores** ") or
inside the first item of a list ("1. **Walk–run intervals**: w")."""


OFF_TOPIC_BAR_MISSED = {
    ("short_cn", False): 0.87,
    ("short_bl", False): 0.85,
    ("short_bn", False): 0.84,
    ("short_bq", False): 0.88,
    ("short_fd", False): 0.87,
}
"""Where answers to other questions are rejected less than the 90% bar, as measured (a known miss,
not a goal): questions a number answers, and (round 48's `short_fd`, 56 of 64 with round 47's
code and 48's) terse answers of one to four words, names and places under other "who", "where"
and "which" questions ("Saturno, atualmente." for "where were the first modern Olympics held?",
"Marc Chagall, in 1964." for "quem compôs Garota de Ipanema?"). In a batch, `short_bl` (round
28, its misses read) 55 of 64, `short_bn` (round 28, never read before round 29) 54, `short_bq`
(round 29, read after its first measure) 57 (round 34: the word vectors' second look lets one
more through in `short_bl` and in `short_bn`); `short_bs` (59, round 34) and `short_bg` (59,
round 29) are over the bar. Another question's number in the same unit ("Cerca de 40 semanas"
for how long food keeps out of the fridge), or a bare count for a count ("366" for the teeth of
an adult), shares no word with any prompt: the words cannot tell which question it counts for,
and a bare number beside another measure may be the one asked ("At 350 for about 10 minutes"); a
count of a unit may be answered in a neighbouring unit ("Uns 50 minutos" for "quantas horas de
voo"), so "5,280 feet" for "how many miles is a marathon" passes too (docs/benchmarks.md, "Round
28", "Round 29", "Round 30"). `short_cn` (round 35, written blind, 56 of 64 with round 34's code
and with round 35's): four names for another "who" or "which" question of the batch ("Mercúrio."
for "quem escreveu dom casmurro", "Machado de Assis, publicado em 1899." for the planet nearest
the sun), the form asked for, which the word vectors do not put far enough from the prompt to
take away; four whole answers to other questions (the five senses for "onde fica machu picchu")."""


def test_our_own_examples_one_by_one(tribunal: Tribunal) -> None:
    """Each item judged alone: an answer to another question is rejected by its words' rarity in
    general language (62.5% rejected by the plain overlap before), good answers still approved."""
    sets = failure_sets(rows_of([REPO / "examples" / "data" / "seeds.jsonl"]))
    got = rejection_rates(tribunal, sets, one_by_one=True)
    # round 21: "É falsa, obviamente..." picks a side in absolute words and earns no brief
    # allowance; "É só reflexo..." picks one without them and stays conditional
    # round 26: "Conta agora, sem pensar duas vezes!" is a terse answer to a short question
    expected = {**ONE_BY_ONE_DETECTORS, GOOD: 0.925, "off_topic": 0.975, "truncated_1_8": 1.0,
                "generic_one_liner": 0.95}  # fmt: skip
    assert got == pytest.approx(expected, abs=0.01)
    assert got[GOOD] >= 0.9
    assert got["off_topic"] >= 0.9


@pytest.mark.external
@pytest.mark.parametrize(
    ("family", "good", "off_topic", "truncated"),
    [
        ("philosophical", 0.9032, 0.9274, 1.0),  # the selection family (was 96.8% / 71.8%)
        ("seed", 0.545, 0.9433, 0.995),  # held out (was 66.2% / 71.5%)
        ("generated", 0.5926, 0.9506, 0.9959),  # held out (was 73.7% / 73.7%)
    ],
)
def test_held_out_families_one_by_one(
    shared_data: Path,
    tribunal: Tribunal,
    family: str,
    good: float,
    off_topic: float,
    truncated: float,
) -> None:
    sets = failure_sets(rows_of(FAMILIES[family](shared_data)))
    got = rejection_rates(tribunal, sets, one_by_one=True)
    expected = {GOOD: good, "off_topic": off_topic, "truncated_1_8": truncated,
                **ONE_BY_ONE_DETECTORS}  # fmt: skip
    assert got == pytest.approx(expected, abs=0.01)
    assert got["off_topic"] >= 0.9


@pytest.mark.external
def test_long_answers_judged_one_by_one(shared_data: Path, tribunal: Tribunal) -> None:
    """Known gap: judged alone, a long answer to another question of the same theme takes up
    more than `BACKGROUND_OFF_TOPIC_COVERAGE` of its new prompt by chance (general-language
    weights cannot see a theme the whole family shares), so only about half are rejected; in a
    batch the other prompts give the evidence (96.3%, above)."""
    sets = failure_sets(rows_of(FAMILIES["alma"](shared_data)))
    got = rejection_rates(tribunal, sets, one_by_one=True)
    expected = {GOOD: 1.0, "off_topic": 0.4815, "truncated_1_8": 1.0, **ONE_BY_ONE_DETECTORS}
    assert got == pytest.approx(expected, abs=0.01)


# -- with reference answers (what `noesis run` passes: the eval row's revised answer) ----------


def _references() -> dict[str, str]:
    """Reference answers written by the team apart from the answers they judge (each writer saw
    only the prompts): by prompt for the written families, by the prompt's sha256 for the shared
    data's (so that no text of the shared data is kept here)."""
    refs = {}
    for line in (WRITTEN / "references.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        refs[rec["prompt"]] = rec["reference"]
    for line in (WRITTEN / "shared_references.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        refs[rec["prompt_sha256"]] = rec["reference"]
    return refs


def _with_references(rows: list[Row]) -> list[Row]:
    refs = _references()

    def ref(prompt: str) -> str:
        return refs.get(prompt) or refs[hashlib.sha256(prompt.encode()).hexdigest()]

    return [Row(r.prompt, r.answer, r.draft, ref(r.prompt)) for r in rows]


WITH_REFERENCES = [
    ("pt_long", {GOOD: 1.0, "off_topic": 0.95, "truncated_1_8": 0.95},
     {GOOD: 1.0, "off_topic": 0.975, "truncated_1_8": 0.975}),
    # alone, an answer about honesty given to "What's the difference between a list and a tuple
    # in Python? When should I use each?" is no longer held back by "should I" (round 21)
    ("en_mixed", {GOOD: 1.0, "off_topic": 0.925, "truncated_1_8": 0.975},
     {GOOD: 1.0, "off_topic": 0.925, "truncated_1_8": 0.975}),
    # a cut "2 elevado a 10 é 102" states a number of its own: no echo since round 20
    ("short_mixed", {GOOD: 0.9792, "off_topic": 1.0, "truncated_1_8": 0.9792},
     {GOOD: 0.9792, "off_topic": 1.0, "truncated_1_8": 0.9792}),
]  # fmt: skip


@pytest.mark.parametrize(("family", "batch", "alone"), WITH_REFERENCES)
def test_written_families_with_references(
    tribunal: Tribunal, family: str, batch: dict[str, float], alone: dict[str, float]
) -> None:
    """`REFERENCE_EXCESS` was chosen here. Before it, a reference's plain overlap vouched for
    almost any long answer: answers to other questions were rejected 2.5% (pt_long) and 22.5%
    (en_mixed) of the time once a reference was given."""
    sets = failure_sets(_with_references(rows_of([WRITTEN / f"{family}.jsonl"])))
    for expected, one_by_one in ((batch, False), (alone, True)):
        got = rejection_rates(tribunal, sets, one_by_one=one_by_one)
        assert got == pytest.approx({**expected, **ONE_BY_ONE_DETECTORS}, abs=0.01), one_by_one
        assert got["off_topic"] >= 0.9


@pytest.mark.external
@pytest.mark.parametrize(
    ("family", "batch", "alone"),
    [
        (   # held out: both bars met with references (without: 54.5% / 93.2%)
            "seed",
            {GOOD: 0.9283, "off_topic": 0.925, "truncated_1_8": 0.9917},
            {GOOD: 0.905, "off_topic": 0.9367, "truncated_1_8": 0.9917},
        ),
        (   # held out: 150 of its 243 "good" rows are three canned replies behind the original
            # pipeline's own verdict label (see test_generated_real_answers)
            "generated",
            # round 44: 0.9959 -> 0.9753 cut answers rejected (five cuts of one canned reply)
            {GOOD: 0.6708, "off_topic": 0.9095, "truncated_1_8": 0.9753,
             "generic_one_liner": 0.9877},
            {GOOD: 0.6255, "off_topic": 0.9424, "truncated_1_8": 0.9959},
        ),
        (   # known gap: long answers of one theme take up any reference of that theme beyond
            # general-language chance; only strong MISPLACED evidence keeps them off topic
            # (96.3% / 48.1% without references)
            "alma",
            {GOOD: 1.0, "off_topic": 0.8519, "truncated_1_8": 0.963},
            {GOOD: 1.0, "off_topic": 0.3704, "truncated_1_8": 0.963},
        ),
    ],
)  # fmt: skip
def test_held_out_families_with_references(
    shared_data: Path,
    tribunal: Tribunal,
    family: str,
    batch: dict[str, float],
    alone: dict[str, float],
) -> None:
    sets = failure_sets(_with_references(rows_of(FAMILIES[family](shared_data))))
    for expected, one_by_one in ((batch, False), (alone, True)):
        got = rejection_rates(tribunal, sets, one_by_one=one_by_one)
        assert got == pytest.approx({**ONE_BY_ONE_DETECTORS, **expected}, abs=0.01), one_by_one
        if family != "alma":
            assert got["off_topic"] >= 0.9


VERDICT_LABEL = re.compile(r"^(?:PARCIALMENTE APROVADO|APROVADO|REJEITADO) \(Score: [0-9.]+\)\.")


@pytest.mark.external
def test_generated_real_answers(shared_data: Path, tribunal: Tribunal) -> None:
    """`generated`'s good set without its generator artifacts: 150 of its 243 rows are three
    canned replies, each reused for 18-25 prompts behind the original pipeline's own verdict
    ("APROVADO (Score: 0.95). Excelente pergunta filosofica. Vou apresentar os principais
    argumentos..."). On the 93 real answers both bars hold in a batch, without references."""
    rows = [
        r for r in rows_of(FAMILIES["generated"](shared_data)) if not VERDICT_LABEL.match(r.answer)
    ]
    assert len(rows) == 93 and all(isinstance(r, Row) for r in rows)
    sets = failure_sets(rows)
    got = rejection_rates(tribunal, sets)
    # round 40: three one-line drafts are terse answers without a word of talk, approved in a
    # batch ("São habilidades que surgem quando modelos ficam grandes o suficiente."; 0.9892)
    expected = {GOOD: 0.9355, "off_topic": 0.9032, "truncated_1_8": 0.9892, **ONE_BY_ONE_DETECTORS,
                "generic_one_liner": 0.9677}  # fmt: skip
    assert got == pytest.approx(expected, abs=0.01)
    alone = rejection_rates(tribunal, sets, one_by_one=True)
    assert alone == pytest.approx(
        {**expected, GOOD: 0.8817, "off_topic": 0.9355, "generic_one_liner": 0.9892}, abs=0.01
    )


RESTATED_FAMILIES = ("short_mixed", "short_b", "short_c", "short_d", "short_e", "short_f",
                     "short_g", "short_h", "short_i", "short_j", "short_k", "short_l", "short_m",
                     "short_n", "short_o", "short_p", "short_q", "short_r", "short_s",
                     "short_t", "short_u", "short_v", "short_w", "short_x", "short_y",
                     "short_z", "short_aa", "short_ab", "short_ac", "short_ad", "short_ae",
                     "short_af", "short_ag", "short_ah", "short_ai", "short_aj", "short_ak",
                     "short_al", "short_am", "short_an", "short_ao", "short_ap", "short_as",
                     "short_at", "short_au", "short_av", "short_aw", "short_ax", "short_ay",
                     "short_az", "short_ba", "short_bb", "short_bc", "short_bd", "short_be",
                     "short_bf", "short_bg", "short_bh", "short_bi", "short_bj", "short_bk",
                     "short_bl", "short_bm", "short_bn", "short_bo", "short_bp", "short_bq",
                     "short_br", "short_bs", "short_bt", "short_bu", "short_bv", "short_bw",
                     "short_bx", "short_by", "short_bz", "short_ca", "short_cb", "short_cc",
                     "pt_long", "en_mixed")  # fmt: skip


def _restated_rates(tribunal: Tribunal, rows: list[Row]) -> tuple[float, float]:
    sets = {GOOD: failure_sets(rows)[GOOD], "restated": restated_drafts(rows)}
    batch = rejection_rates(tribunal, sets)["restated"]
    return batch, rejection_rates(tribunal, sets, one_by_one=True)["restated"]


@pytest.mark.parametrize("family", RESTATED_FAMILIES)
def test_restating_a_prompt_is_no_answer(tribunal: Tribunal, family: str) -> None:
    """One-line drafts made of the prompt's own topic words and filler ("Slogan padaria bairro é
    um tema importante e interessante.") are rejected in a batch and alone: the brief-request
    allowance needs a fact, the items asked for or words the prompt lacks (`BRIEF_MIN_ADDED`).
    Before it, 84-97% of them were rejected on the short families and 2-14% approved
    (docs/benchmarks.md). The
    probe's filler words are in `lexicon.VACUOUS`, so these figures are in sample for that
    list; the drafts a writer made up for `short_g` are not (docs/benchmarks.md)."""
    batch, alone = _restated_rates(tribunal, rows_of([WRITTEN / f"{family}.jsonl"]))
    # short_n's "Duas dicas decorar é um tema importante e interessante." (conditional until
    # round 21) "talks about the question" now (`text.evasion`)
    assert batch == pytest.approx(1.0, abs=0.001)
    assert alone == pytest.approx(1.0, abs=0.001)


@pytest.mark.external
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_restating_a_prompt_is_no_answer_on_the_shared_data(
    shared_data: Path, tribunal: Tribunal, family: str
) -> None:
    batch, alone = _restated_rates(tribunal, rows_of(FAMILIES[family](shared_data)))
    assert batch == pytest.approx(1.0, abs=0.01)
    assert alone == pytest.approx(1.0, abs=0.01)


@pytest.mark.parametrize(
    ("family", "batch", "alone"),
    [
        # written in round 18 for `short_g`, read for its rules (90.6% before them); 96.9%
        # after round 20 ("Overheating laptops are a common issue..." names the rarest word),
        # 98.4% after round 21's evasions
        ("short_g", 1.0, 1.0),
        # round 21, one failure type each told (praise, "it depends", a promise, talk about
        # the topic, generic advice, deflection): read for the evasions (67.2% and 65.6%)
        ("short_u", 0.9531, 0.9688),
        ("short_v", 0.9688, 0.9688),
        # round 21, free-form dodges: `short_w`'s and `short_y`'s read for the evasions and for
        # "gives none of what was asked for" (34.4% and 26.6% before), `short_x`'s and
        # `short_z`'s never read (54.7% and 23.4% before)
        ("short_w", 0.8281, 0.9219),
        # round 47: +1 drafts rejected in a batch, +1 alone
        ("short_x", 0.7344, 0.8906),
        ("short_y", 0.5938, 0.6406),
        ("short_z", 0.6562, 0.7188),
        # written after every rule of round 21, never read (46.9% and 42.2% before the round)
        ("short_aa", 0.6562, 0.8594),
        # round 47: -2 drafts rejected in a batch, -2 alone
        ("short_ab", 0.75, 0.7812),
        # round 22, free-form dodges from the prompts alone: `short_ac`'s, `short_ad`'s and
        # `short_af`'s read for the round's evasions (51.6%, 53.1% and 51.6% before), the
        # others never read (`short_ae` 51.6%, `short_ag` 48.4%, `short_ah` 60.9%, `short_ai`
        # 62.5%, `short_aj` 65.6% before the round)
        ("short_ac", 0.7188, 0.75),
        ("short_ad", 0.5, 0.5781),
        ("short_ae", 0.5938, 0.6719),
        ("short_af", 0.5938, 0.6406),
        ("short_ag", 0.5469, 0.6094),
        ("short_ah", 0.6719, 0.7188),
        ("short_ai", 0.6094, 0.7031),
        ("short_aj", 0.6875, 0.7812),
        # round 23, written with the answers by their writers, who were told to make them
        # plausible (confidently wrong facts, a neighbouring question, background only); never
        # read (`short_ak` 51.6%, `short_al` 39.1%, `short_am` 46.9%, `short_an` 35.9% before
        # the round)
        ("short_ak", 0.3906, 0.5625),
        ("short_al", 0.3281, 0.4219),
        ("short_am", 0.4219, 0.6094),
        ("short_an", 0.2969, 0.4062),
        # round 24, labelled by kind (wrong fact, neighbouring question, background, generic,
        # refusal, hedge; see test_generic_drafts_are_rejected); never read before the round
        ("short_ao", 0.5781, 0.6094),
        ("short_ap", 0.5, 0.6875),
        # round 25, labelled by kind, written blind: short_as/short_at read for the round's rules,
        # the others never read (short_aw's two generic drafts that the first step let through
        # were read to fix that)
        ("short_as", 0.6719, 0.75),
        ("short_at", 0.6875, 0.7812),
        ("short_au", 0.5625, 0.7031),
        ("short_av", 0.6875, 0.7344),
        ("short_aw", 0.6562, 0.7344),
        ("short_ax", 0.6719, 0.7969),
        # round 26, labelled by kind, written blind: short_ay to short_bb read for the round's
        # second step, short_bc and short_bd never read
        ("short_ay", 0.5625, 0.6562),
        # round 47: -1 drafts rejected in a batch, +0 alone
        ("short_az", 0.6094, 0.7812),
        ("short_ba", 0.5938, 0.6875),
        ("short_bb", 0.5938, 0.7656),
        ("short_bc", 0.7344, 0.8125),
        ("short_bd", 0.625, 0.7188),
        # round 27, labelled by kind, written blind, never read
        ("short_be", 0.5938, 0.7188),
        ("short_bf", 0.6406, 0.7969),
        ("short_bg", 0.6875, 0.7656),
        ("short_bh", 0.6406, 0.7812),
        # round 28, labelled by kind, written blind: short_bi to short_bk and short_bn never
        # read, short_bl and short_bm read for the round's unit rules
        ("short_bi", 0.7344, 0.8125),
        # round 47: -1 drafts rejected in a batch, -1 alone
        ("short_bj", 0.5781, 0.6562),
        ("short_bk", 0.5938, 0.6719),
        ("short_bl", 0.6875, 0.7344),
        # round 48: +1 drafts rejected in a batch, +1 alone (talk of the population of a
        # country, no number, under "populacao do brasil")
        ("short_bm", 0.6719, 0.75),
        ("short_bn", 0.6719, 0.7031),
        # round 29, labelled by kind, written blind: short_bo to short_bq read after their
        # first measure, short_br and short_bs never read
        ("short_bo", 0.6094, 0.7812),
        ("short_bp", 0.5469, 0.6562),
        ("short_bq", 0.6562, 0.7344),
        ("short_br", 0.6094, 0.6719),
        ("short_bs", 0.6094, 0.7031),
        # round 30, labelled by kind, written blind: short_bt and short_bu never read,
        # short_bv read after its first measure
        ("short_bt", 0.6562, 0.75),
        ("short_bu", 0.6094, 0.6406),
        ("short_bv", 0.6562, 0.7344),
        # round 32, labelled by kind, written blind: short_bw to short_ca read after their first
        # measure, short_cb and short_cc measured once after every rule
        # round 47: -1 drafts rejected in a batch, -1 alone
        ("short_bw", 0.6094, 0.75),
        # round 47: -1 drafts rejected in a batch, +0 alone
        ("short_bx", 0.7188, 0.8594),
        ("short_by", 0.6406, 0.7656),
        # round 47: -1 drafts rejected in a batch, +0 alone
        ("short_bz", 0.7188, 0.875),
        ("short_ca", 0.6406, 0.8125),
        # round 45: a wrong place approved ("Under the spare tire in the trunk.")
        ("short_cb", 0.6875, 0.8438),
        ("short_cc", 0.6406, 0.7969),
        # round 33, labelled by kind, written blind: short_cd to short_cg read after their first
        # measure, short_ch and short_ci measured once after every rule
        ("short_cd", 0.7188, 0.8438),
        # round 47: -2 drafts rejected in a batch, -1 alone
        ("short_ce", 0.5938, 0.6406),
        # round 50: +1 drafts rejected in a batch, +0 alone
        ("short_cf", 0.6406, 0.7812),
        ("short_cg", 0.6094, 0.6875),
        ("short_ch", 0.5938, 0.75),
        ("short_ci", 0.6406, 0.8125),
        # round 34, written blind before the word vectors were chosen and measured once with
        # them (short_cl's and short_cm's approved drafts then read for the speaker rule)
        ("short_cj", 0.6875, 0.7656),
        # round 45: a wrong count approved ("Carbon has six valence electrons.")
        ("short_ck", 0.5938, 0.6875),
        ("short_cl", 0.6406, 0.7969),
        ("short_cm", 0.6562, 0.7656),
        # round 35, written blind (see test_written_families for what was read)
        # round 45: a background draft approved (a short "explain how")
        # round 47: -1 drafts rejected in a batch, +0 alone
        ("short_cn", 0.625, 0.7344),
        # round 50: +1 drafts rejected in a batch, +0 alone
        ("short_co", 0.5781, 0.8281),
        ("short_cp", 0.5156, 0.5469),
        ("short_cq", 0.5156, 0.5781),
        ("short_cr", 0.5156, 0.7812),
        ("short_cs", 0.4688, 0.5625),
        # round 47: -1 drafts rejected in a batch, +0 alone
        ("short_ct", 0.6406, 0.75),
        # round 36, written blind (see test_written_families for what was read)
        # round 45: a wrong fact and a background draft approved (short "explain how")
        # round 47: +0 drafts rejected in a batch, -1 alone
        ("short_cu", 0.5625, 0.6875),
        # round 47: -2 drafts rejected in a batch, +0 alone
        ("short_cv", 0.7344, 0.9219),
        ("short_cw", 0.5312, 0.6875),
        ("short_cx", 0.5469, 0.7188),
        ("short_cy", 0.625, 0.9062),
        ("short_cz", 0.5938, 0.75),
        # round 37, written blind (see test_written_families for what was read)
        # round 45: a background draft approved (a short "explain how")
        # round 47: -2 drafts rejected in a batch, -1 alone
        ("short_da", 0.5469, 0.7031),
        ("short_db", 0.5312, 0.5938),
        ("short_dc", 0.5312, 0.7656),
        ("short_dd", 0.5781, 0.8906),
        ("short_de", 0.5625, 0.625),
        # round 39, written blind (see test_written_families for what was read)
        # round 47: -1 drafts rejected in a batch, -1 alone
        ("short_df", 0.6719, 0.75),
        ("short_dg", 0.5781, 0.7344),
        # round 47: -1 drafts rejected in a batch, +0 alone
        ("short_dh", 0.5469, 0.7188),
        ("short_di", 0.5938, 0.6719),
        ("short_dj", 0.4219, 0.4844),
        ("short_dk", 0.5312, 0.5625),
        # round 40, written blind (see test_written_families for what was read)
        # round 47: -1 drafts rejected in a batch, +0 alone
        ("short_dl", 0.6406, 0.8281),
        ("short_dm", 0.6094, 0.7812),
        # round 50: +1 drafts rejected in a batch, +0 alone
        ("short_dn", 0.4688, 0.625),
        ("short_do", 0.5469, 0.5625),
        # round 47: -1 drafts rejected in a batch, -1 alone
        ("short_dp", 0.6094, 0.7812),
        # round 48: -1 drafts rejected in a batch, -1 alone
        ("short_dq", 0.5469, 0.7969),
        ("short_dr", 0.4688, 0.625),
        ("short_ds", 0.6875, 0.875),
        ("short_dt", 0.6406, 0.7969),
        ("short_du", 0.4375, 0.5156),
        # round 41, written blind (see test_written_families for what was read)
        ("short_dv", 0.7031, 0.875),
        # round 45: a background draft approved (a short "explica como")
        ("short_dw", 0.7031, 0.8125),
        # round 47: -1 drafts rejected in a batch, +0 alone
        ("short_dx", 0.6094, 0.8594),
        ("short_dy", 0.6406, 0.7969),
        ("short_dz", 0.5625, 0.6719),
        # round 43, written blind (see test_written_families for what was read)
        # round 47: -1 drafts rejected in a batch, -1 alone
        ("short_ea", 0.6094, 0.75),
        ("short_eb", 0.5469, 0.6719),
        # round 45, written and read this round (see test_written_families)
        ("short_ei", 0.6562, 0.8125),
        # round 47: -1 drafts rejected in a batch, +0 alone
        ("short_ej", 0.7344, 0.8906),
        # round 46, written blind (see test_written_families for what was read)
        ("short_ek", 0.7656, 0.9375),
        ("short_el", 0.5625, 0.6562),
        ("short_em", 0.5625, 0.5938),
        # round 50: +3 drafts rejected in a batch, +2 alone
        ("short_en", 0.6562, 0.7812),
        # round 47: -1 drafts rejected in a batch, -1 alone
        ("short_eo", 0.7344, 0.9062),
        # round 47: -2 drafts rejected in a batch, +0 alone
        ("short_ep", 0.7344, 0.875),
        # round 47: -2 drafts rejected in a batch, +0 alone
        ("short_eq", 0.7344, 0.9688),
        # round 47: -3 drafts rejected in a batch, +0 alone
        ("short_er", 0.6719, 0.8594),
        # round 47, written blind (see test_written_families for what was read)
        ("short_es", 0.6562, 0.8906),
        ("short_et", 0.7188, 0.7344),
        ("short_eu", 0.7812, 0.9375),
        ("short_ev", 0.6562, 0.8594),
        # round 48: +0 drafts rejected in a batch, +1 alone
        ("short_ew", 0.8125, 0.9062),
        ("short_ex", 0.7188, 0.9062),
        ("short_ey", 0.7188, 0.8438),
        ("short_ez", 0.5312, 0.5938),
        # round 50: +1 drafts rejected in a batch, +0 alone
        ("short_fa", 0.6562, 0.8281),
        # round 48, written blind (see test_written_families for what was read)
        # round 50: -1 drafts rejected in a batch, +0 alone
        ("short_fb", 0.75, 0.8906),
        ("short_fc", 0.8906, 0.9531),
        ("short_fd", 0.75, 0.9219),
        ("short_fe", 0.6562, 0.8281),
        ("short_ff", 0.5625, 0.6094),
        ("short_fg", 0.6406, 0.8281),
        ("short_fh", 0.7656, 0.875),
        # round 50: +1 drafts rejected in a batch, +0 alone
        ("short_fi", 0.6719, 0.7812),
        # round 49, written blind (see test_written_families for what was read)
        ("short_fj", 0.875, 0.9531),
        ("short_fk", 0.5, 0.6406),
        ("short_fl", 0.5938, 0.7188),
        ("short_fm", 0.5312, 0.5312),
        ("short_fn", 0.5312, 0.6094),
        ("short_fo", 0.5625, 0.7031),
        ("short_fp", 0.6562, 0.8125),
        # round 50: +1 drafts rejected in a batch, +0 alone
        ("short_fq", 0.5625, 0.6094),
        # round 50, written blind (see test_written_families for what was read)
        ("short_fr", 0.7969, 0.8438),
        ("short_fs", 0.5938, 0.6719),
        ("short_ft", 0.6094, 0.75),
        ("short_fu", 0.5, 0.5312),
        ("short_fv", 0.5938, 0.7812),
        ("short_fw", 0.5469, 0.625),
        ("short_fx", 0.5469, 0.6875),
        ("short_fy", 0.5156, 0.6094),
        ("short_fz", 0.6562, 0.7812),
        ("short_ga", 0.6562, 0.7344),
        ("short_gb", 0.6875, 0.7969),
        ("short_gc", 0.5156, 0.625),
    ],
)
def test_drafts_a_writer_made_up_are_rejected(
    tribunal: Tribunal, family: str, batch: float, alone: float
) -> None:
    """One bad draft per prompt of a written family, written from the prompts alone by a writer
    told to reply without answering, judged in a batch with the family's good answers and
    alone. Known gap (docs/benchmarks.md, "Round 21", "Round 22"): a fluent reply that talks
    about the topic, with a name or a date of its own ("Tocantins é um estado relativamente
    novo, criado com a Constituição de 1988..."), still reads as an answer to the words; only
    `short_g`, `short_u` and `short_v` reach the 90% bar."""
    rows = rows_of([WRITTEN / f"{family}.jsonl"])
    drafts = [json.loads(line) for line in (WRITTEN / f"{family}_drafts.jsonl").open()]
    assert [d["prompt"] for d in drafts] == [r.prompt for r in rows]
    sets = {
        GOOD: failure_sets(rows)[GOOD],
        "drafts": [JudgeItem(d["prompt"], d["draft"]) for d in drafts],
    }
    assert rejection_rates(tribunal, sets)["drafts"] == pytest.approx(batch, abs=0.01)
    got = rejection_rates(tribunal, sets, one_by_one=True)["drafts"]
    assert got == pytest.approx(alone, abs=0.01)


KIND_FAMILIES = ("short_ao", "short_ap", "short_as", "short_at", "short_au", "short_av",
                 "short_aw", "short_ax", "short_ay", "short_az", "short_ba", "short_bb",
                 "short_bc", "short_bd", "short_be", "short_bf", "short_bg",
                 "short_bh", "short_bi", "short_bj", "short_bk", "short_bl", "short_bm",
                 "short_bn", "short_bo", "short_bp", "short_bq", "short_br",
                 "short_bs", "short_bt", "short_bu", "short_bv", "short_bw", "short_bx",
                 "short_by", "short_bz", "short_ca", "short_cb", "short_cc", "short_cd", "short_ce",
                 "short_cf", "short_cg", "short_ch", "short_ci", "short_cj", "short_ck",
                 "short_cl", "short_cm", "short_cn", "short_co", "short_cp", "short_cq",
                 "short_cr", "short_cs", "short_ct", "short_cu", "short_cv", "short_cw",
                 "short_cx", "short_cy", "short_cz", "short_da", "short_db",
                 "short_dc", "short_dd", "short_de", "short_df", "short_dg", "short_dh",
                 "short_di", "short_dj", "short_dk", "short_dl", "short_dm", "short_dn",
                 "short_do", "short_dp", "short_dq", "short_dr", "short_ds", "short_dt",
                 "short_du", "short_dv", "short_dw", "short_dx", "short_dy",
                 "short_dz", "short_ea", "short_eb", "short_ei", "short_ej", "short_ek",
                 "short_el", "short_em", "short_en", "short_eo", "short_ep", "short_eq",
                 "short_er", "short_es", "short_et", "short_eu", "short_ev", "short_ew",
                 "short_ex", "short_ey", "short_ez", "short_fa", "short_fb", "short_fc",
                 "short_fd", "short_fe", "short_ff", "short_fg", "short_fh",
                 "short_fi", "short_fj", "short_fk", "short_fl", "short_fm", "short_fn",
                 "short_fo", "short_fp", "short_fq", "short_fr", "short_fs", "short_ft",
                 "short_fu", "short_fv", "short_fw", "short_fx", "short_fy", "short_fz",
                 "short_ga", "short_gb", "short_gc")  # fmt: skip
"""Families whose drafts carry the kind of failure their writer meant (rounds 24 to 50)."""


@pytest.mark.parametrize(
    ("kind", "batch"),
    [
        # round 41: long quiz questions, choices, comparisons side by side, and round 41's
        # five families (the 83 through round 40 with round 41's code: 0.9539, 0.9798,
        # 0.9524, 0.4079, 0.2423, 0.1892; with round 40's: 0.9539, 0.9798, 0.9512, 0.4046,
        # 0.2445, 0.1936; round 40 measured the 73 before it and the 83 with round 39's code)
        # round 44: with short_ea and short_eb (90 families) and round 44's code; the 88
        # before them with it: 0.9545, 0.9809, 0.9517, 0.4095, 0.245, 0.1887
        # round 45: with short_ei and short_ej (92 families) and round 45's code; the 90
        # before them with it: 0.9545, 0.9813, 0.9516, 0.4014, 0.2457, 0.1855 (a background
        # draft of a short "explain how" reads as its brief answer, a wrong count or place as
        # the count or place asked for)
        # round 46: with its eight families (100 families) and round 46's code; the 92 before
        # them unchanged by it, the 100 with round 45's code the same but for one wrong fact
        # more rejected (0.1879: "Yes — short distances, like chickens." for "Can penguins
        # fly?" is a verdict now that a dash sets it off)
        # round 47: with its nine families (109 families) and round 47's code; the 100 before
        # them with it: 0.9569, 0.9832, 0.9558, 0.4186, 0.2594, 0.1687 (generic, refusal and
        # hedge as before; a one-sentence cause, explanation or instruction now reads as the
        # brief answer, wrong or not); the 109 with round 46's code: 0.9585, 0.9845, 0.9588,
        # 0.4299, 0.2866, 0.2008
        # round 48: with its eight families (117 families) and round 48's code; the 109 before
        # them with it: 0.9585, 0.9845, 0.9588, 0.4274, 0.2790, 0.1731 (two wrong facts more
        # approved, of the form a chat reply or a list now delivers; one neighbour more
        # rejected; one background more rejected: a population asks for a number); the 117 with
        # round 47's code: 0.9603, 0.9856, 0.9618, 0.4362, 0.2926, 0.1831
        # round 50: with its twelve families (137 families) and round 50's code; the 125 before
        # them with it: 0.9657, 0.9865, 0.9652, 0.4301, 0.2892, 0.1779 (evasions in bold or
        # bullets, courtesies alone and platitudes now rejected); the 137 with round 49's code:
        # 0.9576, 0.9848, 0.9600, 0.4323, 0.3004, 0.1816 (the new families' lowercase and
        # closing-tip drafts were rejected as cuts, which they were not)
        ("generic", 0.9644),  # the acceptance bar: generic one-line drafts rejected 90% or more
        ("refusal", 0.9862),
        ("hedge", 0.9670),
        ("background", 0.4250),
        ("neighbour", 0.2904),
        ("wrong_fact", 0.1696),
    ],
)
def test_drafts_by_kind(tribunal: Tribunal, kind: str, batch: float) -> None:
    """The drafts of `KIND_FAMILIES` by the kind their writers labelled them, each judged in a
    batch with its family's good answers. Generic one-liners, refusals of a harmless question and
    hedges are what the heuristic judges read; a wrong fact, a neighbouring question's answer or
    background on the topic read as answers to the words (docs/benchmarks.md, "Round 24")."""
    rejected = total = 0
    for family in KIND_FAMILIES:
        rows = rows_of([WRITTEN / f"{family}.jsonl"])
        drafts = [json.loads(line) for line in (WRITTEN / f"{family}_drafts.jsonl").open()]
        items = [JudgeItem(d["prompt"], d["draft"]) for d in drafts]
        good = list(failure_sets(rows)[GOOD])
        verdicts = tribunal.verdicts(items + good)[: len(items)]
        for d, v in zip(drafts, verdicts, strict=True):
            if d["kind"] == kind:
                total += 1
                rejected += v.status is Status.REJECTED
    assert total >= 20
    assert rejected / total == pytest.approx(batch, abs=0.01)
