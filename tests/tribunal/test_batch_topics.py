"""`judges.batch_topics` gives what the two formulas it replaced gave, to the last bit.

The gate's MISPLACED check (`output_failures.misplaced`) and the judges' batch relevance
(`judges.relevance.batch_relevance`) each built the same batch topic weighting inline (topics of
the prompts, IDF weights over the distinct answers, an inverted index stem -> topics, weighted
coverage), with their own formulas and thresholds. Both now call `BatchTopics`. The two old
bodies are kept below, verbatim but for names, as plain references: on generated batches (and on
the original data's answers shuffled across prompts) every reason, score and off-topic call of
the new code equals theirs, floats compared exactly.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.native_build import assert_built_where_a_compiler_is, printed_with_native_off

from noesis_trainer.tribunal.judge import JudgeItem
from noesis_trainer.tribunal.judges import relevance as R
from noesis_trainer.tribunal.judges.background import stem_weight
from noesis_trainer.tribunal.judges.batch_topics import BatchTopics, batch_topics
from noesis_trainer.tribunal.judges.text import (
    combine,
    gram_coverage,
    prompt_features,
    relevance_of,
    response_features,
)
from noesis_trainer.tribunal.output_failures import (
    _COMMON_STEM_SHARE,
    MISPLACED_MIN_COVERAGE,
    MISPLACED_RATIO,
    _quote,
    misplaced,
)

# -- the two formulas as they were before the fold (references) ----------------------------------


def reference_misplaced(items: Sequence[tuple[str, str]]) -> dict[int, str]:
    """`output_failures.misplaced` before `BatchTopics`: index -> reason."""
    topics: dict[str, tuple[str, ...]] = {}
    example_prompt: dict[str, str] = {}
    for prompt, _ in items:
        p = prompt_features(prompt)
        if len(p.stems) >= 2 and p.topic not in topics:
            topics[p.topic] = tuple(s[1:] for s in p.stems)
            example_prompt[p.topic] = prompt
    if len(topics) < 2:
        return {}
    wanted = {k for keys in topics.values() for k in keys}
    answers = {a: response_features(a).prefixes for _, a in items}
    if len(answers) < 2:
        return {}
    df: Counter[str] = Counter()
    for prefixes in answers.values():
        df.update(wanted.intersection(prefixes))
    weight = {k: math.log((len(answers) + 1) / max(df[k], 1)) for k in wanted}
    total = {t: sum(weight[k] for k in keys) for t, keys in topics.items()}
    prompt_df: Counter[str] = Counter(k for keys in topics.values() for k in keys)
    limit = max(2, int(_COMMON_STEM_SHARE * len(topics)))
    index: dict[str, list[str]] = {}
    for topic, keys in topics.items():
        for k in keys:
            if prompt_df[k] <= limit:
                index.setdefault(k, []).append(topic)

    def coverage(topic: str, prefixes: frozenset[str]) -> float:
        return sum(weight[k] for k in topics[topic] if k in prefixes) / max(total[topic], 1e-9)

    found: dict[int, str] = {}
    for i, (prompt, answer) in enumerate(items):
        p = prompt_features(prompt)
        if not p.stems:
            continue
        prefixes = answers[answer]
        own_keys = [s[1:] for s in p.stems]
        own_total = sum(weight.get(k, 0.0) for k in own_keys)
        own_hit = sum(weight.get(k, 0.0) for k in own_keys if k in prefixes)
        own = own_hit / own_total if own_total > 0 else 1.0
        if own * MISPLACED_RATIO >= 1.0:
            continue
        votes: Counter[str] = Counter()
        for k in sorted(index.keys() & prefixes):
            votes.update(index[k])
        votes.pop(p.topic, None)
        for topic, _ in votes.most_common(3):
            other = coverage(topic, prefixes)
            hits = sum(k in prefixes for k in topics[topic])
            if other >= MISPLACED_MIN_COVERAGE and hits >= 2 and other >= MISPLACED_RATIO * own:
                found[i] = (
                    f"answers another prompt of the batch ({_quote(example_prompt[topic], 50)}): "
                    f"covers {other:.0%} of its topic, {own:.0%} of its own"
                )
                break
    return found


def reference_batch_relevance(
    items: Sequence[JudgeItem], relative: bool, off_topic_below: float | None
) -> list[R.Relevance]:
    """`judges.relevance._batch_relevance` before `BatchTopics` (uncached), with the rarest-word
    rule of round 20 written out."""
    prompts = [prompt_features(it.prompt) for it in items]
    responses = [response_features(it.response) for it in items]
    topics: dict[str, tuple[str, ...]] = {}
    for p in prompts:
        if p.stems and p.topic not in topics:
            topics[p.topic] = tuple(s[1:] for s in p.stems)
    if len(topics) < 2:
        if off_topic_below is not None:
            plain = [relevance_of(it.prompt, it.response) for it in items]
            return [R.Relevance(x, x < off_topic_below) for x in plain]
        return [R._alone(p, r) for p, r in zip(prompts, responses, strict=True)]
    explicit = off_topic_below
    wanted = {k for keys in topics.values() for k in keys}
    distinct: dict[str, object] = {}
    for it, r in zip(items, responses, strict=True):
        distinct.setdefault(it.response, r)
    found: dict[str, set[str]] = {}
    df: Counter[str] = Counter()
    m = len(distinct)
    by_batch = m >= R.MIN_IDF_ANSWERS
    for it, r in zip(items, responses, strict=True):
        if it.response not in found:
            found[it.response] = stems = wanted.intersection(r.prefixes)
            if by_batch:
                df.update(stems)
    if by_batch:
        weight = {k: 1.0 + math.log(m / max(1, df[k])) for k in wanted}
    else:
        weight = {k: stem_weight(k) for k in wanted}
    threshold = R.OFF_TOPIC_COVERAGE if by_batch else R.BACKGROUND_OFF_TOPIC_COVERAGE
    index: dict[str, list[str]] = {}
    total: dict[str, float] = {}
    for topic, keys in topics.items():
        total[topic] = sum(weight[k] for k in keys)
        for k in keys:
            index.setdefault(k, []).append(topic)
    out: list[R.Relevance] = []
    for it, p, r in zip(items, prompts, responses, strict=True):
        if not p.stems:
            out.append(R.Relevance(1.0, False))
            continue
        keys = topics[p.topic]
        taken = found[it.response]
        hits = [k for k in keys if k in taken]
        own = sum(weight[k] for k in hits) / total[p.topic]
        best_other, other_hits = 0.0, 0
        if relative or own * R.MISPLACED_RATIO < 1.0:
            covered: dict[str, float] = {}
            for k in sorted(taken):
                w = weight[k]
                for topic in index[k]:
                    covered[topic] = covered.get(topic, 0.0) + w
            covered.pop(p.topic, None)
            if not relative:
                covered = {t: c for t, c in covered.items() if c / total[t] >= R.MISPLACED_COVERAGE}
            if covered:
                best = max(covered, key=lambda t: (covered[t] / total[t], t))
                best_other = covered[best] / total[best]
                other_hits = len(taken.intersection(topics[best]))
        plain_stems = len(hits) / len(keys)
        gram_cov = gram_coverage(p, r.joined, plain_stems)
        rel = combine(own, gram_cov)
        own_s, other_s = min(1.0, 2.0 * own), min(1.0, 2.0 * best_other)
        if relative and other_s > own_s:
            rel *= (own_s + R.RELATIVE_FLOOR) / (other_s + R.RELATIVE_FLOOR)
        is_misplaced = (
            best_other >= R.MISPLACED_COVERAGE
            and other_hits >= 2
            and best_other >= R.MISPLACED_RATIO * own
        )
        if explicit is not None:
            off_topic = combine(plain_stems, gram_cov) < explicit
        else:
            top = max(weight[k] for k in keys)  # its rarest word, rare in general language too
            names_rarest = any(
                weight[k] >= top and k.isalpha() and stem_weight(k) >= R.RAREST_BACKGROUND_WEIGHT
                for k in hits
            )
            off_topic = own < threshold and not names_rarest
        if relative:
            off_topic = off_topic and other_s >= R.OTHER_TOPIC_EVIDENCE
        off_topic = off_topic or (explicit is None and is_misplaced)
        out.append(R.Relevance(rel, off_topic))
    return out


# -- generated batches ----------------------------------------------------------------------------

TOPIC_WORDS = (
    *("entropia", "shannon", "pitagoras", "harmonia", "turing", "parada", "godel"),
    *("incompletude", "kuramoto", "sincronia", "platao", "caverna", "lambda", "church"),
    *("boole", "algebra", "leibniz", "calculo", "heidegger", "tecnica", "qualia"),
    *("consciencia", "diffie", "hellman", "peano", "axiomas", "sistema", "verdade"),
    *("informacao", "numero"),
)
"""Topic words of distinct 5-letter stems, a few common in general language (background
weights tell them apart) and a few shared by many prompts (common stems)."""
FILLER = ("isso", "porque", "quando", "muito", "sobre", "ainda", "mesmo", "entre", "the", "and")
FRAMINGS = ("", "Explique de forma simples: ", "Qual a evolução histórica de: ")
SIZES = (0, 1, 2, 3, 4)


def drawn_batch(rng: random.Random) -> list[tuple[str, str]]:
    """Prompts of 0-4 topic words (framed variants of one another now and then); answers that
    take up their own prompt, another prompt, both, or neither, with filler, often repeated."""
    cores = [rng.sample(TOPIC_WORDS, rng.choice(SIZES)) for _ in range(rng.randint(1, 7))]
    items: list[tuple[str, str]] = []
    for _ in range(rng.randint(1, 18)):
        asked = rng.randrange(len(cores))
        if items and rng.randrange(6) == 0:  # an answer given twice
            answer = rng.choice(items)[1]
        else:
            answered = cores[rng.randrange(len(cores))] or TOPIC_WORDS
            words = rng.choices(answered, k=rng.randint(0, 5))
            words += rng.choices(TOPIC_WORDS + FILLER, k=rng.randint(0, 8))
            rng.shuffle(words)
            answer = " ".join(words)
        items.append((rng.choice(FRAMINGS) + " ".join(cores[asked]) + "?", answer))
    return items


BATCHES = st.randoms(use_true_random=False).map(drawn_batch)
"""Hypothesis drives (and shrinks) the draws of `drawn_batch`."""


def _same_relevance(items: Sequence[tuple[str, str]]) -> None:
    judged = [JudgeItem(p, a) for p, a in items]
    for relative in (False, True):
        for below in (None, 0.05, 0.2):
            R.clear_cache()
            got = R.batch_relevance(judged, relative=relative, off_topic_below=below)
            # `unclaimed` came later than the old formula: the rest must be what it gave
            plain = [r._replace(unclaimed=False) for r in got]
            assert plain == reference_batch_relevance(judged, relative, below), (relative, below)
            for r in got:  # unclaimed: off topic, in a batch, and taken up by no other prompt
                assert not r.unclaimed or (r.off_topic and not r.misplaced and below is None)


@settings(max_examples=250, deadline=None)
@given(BATCHES)
def test_misplaced_gives_what_its_old_formula_gave(items: list[tuple[str, str]]) -> None:
    assert {i: f.reason for i, f in misplaced(items).items()} == reference_misplaced(items)


@settings(max_examples=150, deadline=None)
@given(BATCHES)
def test_batch_relevance_gives_what_its_old_formula_gave(items: list[tuple[str, str]]) -> None:
    _same_relevance(items)


def test_generated_batches_reach_every_branch_of_both_formulas() -> None:
    """The batches drawn above are worth their examples: among 300 of them, some have answers
    called misplaced by each formula, some are weighed by IDF (8+ distinct answers) and some by
    background weights, and relative relevance scales some scores down."""
    rng = random.Random(3)
    gate_misplaced = judge_misplaced = idf_batches = background_batches = scaled = 0
    for _ in range(300):
        items = drawn_batch(rng)
        gate_misplaced += bool(reference_misplaced(items))
        if len(batch_topics(prompt_features(p) for p, _ in items)) < 2:
            continue
        distinct = len({a for _, a in items})
        idf_batches += distinct >= R.MIN_IDF_ANSWERS
        background_batches += distinct < R.MIN_IDF_ANSWERS
        judged = [JudgeItem(p, a) for p, a in items]
        plain = reference_batch_relevance(judged, False, None)
        relative = reference_batch_relevance(judged, True, None)
        scaled += any(r.score < q.score for r, q in zip(relative, plain, strict=True))
        own = [R._alone(prompt_features(p), response_features(a)) for p, a in items]
        # off topic in the batch while on topic alone: the misplaced rule (or IDF) decided
        pairs = zip(plain, own, strict=True)
        judge_misplaced += any(b.off_topic and not o.off_topic for b, o in pairs)
    assert gate_misplaced >= 5
    assert judge_misplaced >= 5
    assert idf_batches >= 5
    assert background_batches >= 5
    assert scaled >= 5


def test_the_shared_weighting_is_what_both_formulas_weigh_with() -> None:
    """`BatchTopics.weigh` by hand on a small batch: IDF weights, the index with and without the
    common-stem cut, coverage, share and the walk to other topics."""
    prompts = [prompt_features(p) for p in ("Turing parada?", "Godel turing?", "Peano turing?")]
    topics = batch_topics(prompts, min_stems=2)
    assert topics == {
        " parad turin": ("parad", "turin"),
        " godel turin": ("godel", "turin"),
        " peano turin": ("peano", "turin"),
    }
    texts = ("turing parada", "godel", "turing godel peano")
    answers = {a: response_features(a).prefixes for a in texts}
    batch = BatchTopics.weigh(
        topics, answers, idf=lambda m, df: math.log((m + 1) / max(df, 1)), common_share=0.2
    )
    # 3 distinct answers: "turin" and "godel" in two of them, "parad" and "peano" in one
    twice, once = math.log(4 / 2), math.log(4 / 1)
    assert batch.weight == {"turin": twice, "godel": twice, "parad": once, "peano": once}
    assert batch.taken == {
        "turing parada": {"turin", "parad"},
        "godel": {"godel"},
        "turing godel peano": {"turin", "godel", "peano"},
    }
    # "turin" is held by all three prompts, more than max(2, int(0.2 * 3)) = 2: left out
    assert batch.index == {
        "parad": [" parad turin"],
        "godel": [" godel turin"],
        "peano": [" peano turin"],
    }
    assert batch.coverage(" parad turin", {"turin"}) == (twice / (once + twice), 1)
    assert batch.share(["turin", "zzzzz"], {"turin"}) == 1.0  # "zzzzz" weighs nothing
    assert batch.share(["zzzzz"], set()) == 1.0  # nothing weighs: no evidence either way
    taken = batch.taken["turing godel peano"]
    assert batch.other_topics(taken, " godel turin", weighted=False) == {" peano turin": 1.0}
    assert batch.other_topics(taken, " parad turin", weighted=True) == {
        " godel turin": twice,
        " peano turin": once,
    }
    background = BatchTopics.weigh(topics, answers, idf=None)
    assert background.weight["peano"] == stem_weight("peano") > background.weight["parad"]
    assert background.index["turin"] == list(topics)  # no common-stem cut asked for


def _philosophical(shared_data: Path) -> list[tuple[str, str]]:
    """The shared philosophical seed file's (prompt, revised answer) pairs."""
    records = []
    for line in (shared_data / "seed_examples_philosophical.jsonl").read_text().splitlines():
        if line.strip():
            record = json.loads(line)
            records.append((record["prompt"], record["response_revised"]))
    return records


def test_real_answers_shuffled_across_prompts_agree_with_the_old_formulas(
    shared_data: Path,
) -> None:
    """The original data's answers, half of them moved to another prompt of the batch: both
    formulas and their replacements agree on batches of 5 to 400 items."""
    records = _philosophical(shared_data)
    rng = random.Random(12)
    found = 0
    for size in (5, 9, 40, 400):
        chosen = rng.sample(records, size)
        answers = [a for _, a in chosen]
        rng.shuffle(answers)
        moved = zip(chosen, answers, strict=True)
        items = [(p, a if rng.random() < 0.5 else own) for (p, own), a in moved]
        got = {i: f.reason for i, f in misplaced(items).items()}
        assert got == reference_misplaced(items)
        found += len(got)
        _same_relevance(items)
    assert found >= 10  # the shuffled answers are caught: the comparison is not vacuous


# -- other topics found through their leading stems (round 31) -----------------------------------


def theme_batch(rng: random.Random, prompts: int) -> list[tuple[str, str]]:
    """A batch of one theme: `prompts` questions of 2-6 words out of a vocabulary where a few
    words are in most prompts and most words in few (as a dataset's prompts share its theme),
    answered with their own words, another prompt's, both or neither."""
    vocab = ["".join(rng.choices("bcdfgjklmnpqrstvxz", k=3)) + "ando" for _ in range(120)]
    used = [1.0 / (rank + 1) for rank in range(len(vocab))]  # Zipf: a few words everywhere
    cores = [rng.choices(vocab, weights=used, k=rng.randint(2, 6)) for _ in range(prompts)]
    items = []
    for core in cores:
        other = rng.choice(cores)
        words = {0: core, 1: other, 2: core + other, 3: []}[rng.randrange(4)]
        words = rng.sample(words, rng.randint(0, len(words))) + rng.choices(vocab, k=3)
        items.append((" ".join(core) + "?", " ".join(words)))
    return items


def _leading_taken(batch: BatchTopics, stems: set[str], share: float) -> bool:
    """Whether `topics_reaching` takes the leading stems (not the walk) for these stems."""
    leading = batch._leading(share)
    led = sum(len(leading.get(k, ())) for k in stems)
    return 2 * led < sum(len(batch.index.get(k, ())) for k in stems)


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False), st.sampled_from((0.2, 0.4, 0.5, 0.75)))
def test_topics_reaching_finds_every_topic_taken_up_that_much(
    rng: random.Random, share: float
) -> None:
    """Every other topic an answer takes up `share` of or more is found, with the walk's sum to
    the last bit; the topics found below it carry the walk's sums too."""
    items = theme_batch(rng, rng.randint(20, 120))
    prompts = [prompt_features(p) for p, _ in items]
    answers = {a: response_features(a).prefixes for _, a in items}
    batch = BatchTopics.weigh(batch_topics(prompts), answers, idf=R._batch_idf)
    for (_, answer), p in zip(items, prompts, strict=True):
        taken = batch.taken[answer]
        walked = batch.other_topics(taken, p.topic, weighted=True)
        found = batch.topics_reaching(taken, p.topic, share)
        assert all(found[t] == walked[t] for t in found)
        assert {t for t, c in walked.items() if c / batch.total[t] >= share} <= found.keys()
        if share == R.REACH_SHARE:  # what each check of `_in_batch` reads from them agrees
            own = batch.coverage(p.topic, taken)[0]
            assert R._best_other(batch, found, taken, False) == R._best_other(
                batch, walked, taken, False
            )
            if own >= share:  # relative takes the leading stems only then: the best other
                # topic is the walk's, or both fall under the share, where (2x under own's 2x)
                # it neither scales the relevance nor counts as evidence
                found_best = R._best_other(batch, found, taken, True)
                walked_best = R._best_other(batch, walked, taken, True)
                assert found_best == walked_best or max(found_best[0], walked_best[0]) < share
            for threshold in (R.OFF_TOPIC_COVERAGE, R.BACKGROUND_OFF_TOPIC_COVERAGE):
                assert R._claimed(batch, found, taken, threshold) == R._claimed(
                    batch, walked, taken, threshold
                )
            assert R._strongly_other(batch, found, taken, own) == R._strongly_other(
                batch, walked, taken, own
            )


def test_theme_batches_take_the_leading_stems() -> None:
    """The property above is not vacuous: in batches of one theme many answers' other topics are
    found through their leading stems, not through the walk (280 of 750 here)."""
    rng = random.Random(31)
    taken = walked = 0
    for _ in range(5):
        items = theme_batch(rng, 150)
        prompts = [prompt_features(p) for p, _ in items]
        answers = {a: response_features(a).prefixes for _, a in items}
        batch = BatchTopics.weigh(batch_topics(prompts), answers, idf=R._batch_idf)
        for _, answer in items:
            if batch.taken[answer]:
                leads = _leading_taken(batch, batch.taken[answer], R.REACH_SHARE)
                taken, walked = taken + leads, walked + (not leads)
    assert taken >= 150 and walked >= 150


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_batch_relevance_of_theme_batches_gives_what_its_old_formula_gave(
    rng: random.Random,
) -> None:
    """Batches of one theme, large enough for the leading stems to be taken: relevance as the
    old formula, which walked every topic, gave it."""
    _same_relevance(theme_batch(rng, rng.randint(40, 160)))


def test_a_batch_with_common_stems_cut_walks_its_index() -> None:
    """A batch weighed with common stems left out of its index (the gate's) is walked: the
    leading stems would reach topics through stems the caller left out."""
    prompts = [prompt_features(p) for p in ("Turing parada?", "Godel turing?", "Peano turing?")]
    answers = {a: response_features(a).prefixes for a in ("turing parada", "turing godel")}
    batch = BatchTopics.weigh(
        batch_topics(prompts, min_stems=2), answers, idf=R._batch_idf, common_share=0.2
    )
    taken = batch.taken["turing godel"]
    assert batch.topics_reaching(taken, " parad turin", 0.4) == batch.other_topics(
        taken, " parad turin", weighted=True
    )


def _native_and_python(batch: BatchTopics, taken: set[str], own: str, share: float) -> None:
    """`topics_reaching` (compiled where built) gives what `python_topics_reaching` gives: the
    same topics in the same order, the same sums to the last bit."""
    native = batch.topics_reaching(taken, own, share)
    python = batch.python_topics_reaching(taken, own, share)
    assert list(native.items()) == list(python.items())


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False), st.sampled_from((0.2, R.REACH_SHARE, 0.5, 0.75)))
def test_native_topics_reaching_equals_its_python_definition(
    rng: random.Random, share: float
) -> None:
    items = theme_batch(rng, rng.randint(20, 120))
    prompts = [prompt_features(p) for p, _ in items]
    answers = {a: response_features(a).prefixes for _, a in items}
    batch = BatchTopics.weigh(batch_topics(prompts), answers, idf=R._batch_idf)
    for (_, answer), p in zip(items, prompts, strict=True):
        _native_and_python(batch, batch.taken[answer], p.topic, share)
        # an answer's own topic among the others (a prompt of the batch answered elsewhere)
        _native_and_python(batch, batch.taken[answer], rng.choice(list(batch.topics)), share)


def test_native_topics_reaching_on_real_answers_shuffled(shared_data: Path) -> None:
    records = _philosophical(shared_data)
    rng = random.Random(43)
    answers = [a for _, a in records]
    rng.shuffle(answers)
    rows = [(p, a) for (p, _), a in zip(records, answers, strict=True)]
    prompts = [prompt_features(p) for p, _ in rows]
    batch = BatchTopics.weigh(
        batch_topics(prompts),
        {a: response_features(a).prefixes for _, a in rows},
        idf=R._batch_idf,
    )
    for (_, answer), p in zip(rows, prompts, strict=True):
        _native_and_python(batch, batch.taken[answer], p.topic, R.REACH_SHARE)


def test_native_topics_reaching_leaves_other_types_to_python() -> None:
    """A `BatchTopics` built by hand with other containers (a frozenset of stems, a list of a
    topic's stems, whole-number weights) is read by the Python definition: same result."""
    batch = BatchTopics(
        topics={"a": ("x", "y"), "b": ("y", "z"), "c": ("z",)},
        weight={"x": 2.0, "y": 1.0, "z": 3.0},
        total={"a": 3.0, "b": 4.0, "c": 3.0},
        index={"x": ["a"], "y": ["a", "b"], "z": ["b", "c"]},
        taken={},
    )
    for stems in ({"y", "z"}, frozenset({"y", "z"})):
        _native_and_python(batch, set(stems), "a", 0.2)
    # stems each held by many prompts (the walk would visit more than the leading stems)
    odd = BatchTopics(
        topics={"a": ["x", "y"], "b": ["y", "z"]},  # type: ignore[dict-item]
        weight={"x": 2, "y": 1, "z": 3},  # type: ignore[dict-item]
        total={"a": 3.0, "b": 4.0},
        index={"x": ["a"], "y": ["a", "b", "c", "d"], "z": ["b", "c", "d"]},
        taken={},
    )
    assert odd.topics_reaching({"y", "z"}, "a", 0.2) == odd.python_topics_reaching(
        {"y", "z"}, "a", 0.2
    )
    helper = pytest.importorskip("noesis_trainer.tribunal._topics")
    leading = odd._leading(0.2)
    got = helper.reaching({"y", "z"}, "a", leading, odd.index, odd.topics, odd.weight)
    assert got is NotImplemented  # read by Python instead


def test_native_topics_reaching_is_loaded_where_built() -> None:
    from noesis_trainer.tribunal.judges.batch_topics import native_topics

    assert_built_where_a_compiler_is(native_topics(), "tribunal._topics")


def test_native_off_reaches_topics_in_python() -> None:
    code = "from noesis_trainer.tribunal.judges import batch_topics as b; print(b.native_topics())"
    assert printed_with_native_off(code) == "False"


class _Stem(str):
    """A stem whose hashing runs Python code (which could change the containers under a walk)."""

    def __hash__(self) -> int:
        return str.__hash__(self)


def test_native_topics_reaching_leaves_str_subclasses_to_python() -> None:
    helper = pytest.importorskip("noesis_trainer.tribunal._topics")
    batch = BatchTopics(
        topics={"a": ("x", "y"), "b": ("y", _Stem("z"))},
        weight={"x": 2.0, "y": 1.0, "z": 3.0},
        total={"a": 3.0, "b": 4.0},
        index={"x": ["a"], "y": ["a", "b", "c", "d"], "z": ["b", "c", "d"]},
        taken={},
    )
    leading = {"y": ["a", _Stem("b")], "z": ["b"]}
    args = (batch.index, batch.topics, batch.weight)
    assert helper.reaching({"y", "z"}, "a", leading, *args) is NotImplemented  # a topic
    assert helper.reaching({"y", "z"}, _Stem("a"), {"z": ["b"]}, *args) is NotImplemented
    assert helper.reaching({"y", "z"}, "a", {"z": ["b"]}, *args) is NotImplemented  # a stem
    assert batch.topics_reaching({"y", "z"}, "a", 0.2) == batch.python_topics_reaching(
        {"y", "z"}, "a", 0.2
    )
