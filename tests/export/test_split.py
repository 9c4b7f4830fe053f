"""The leak-free split: group integrity (property tests), overlap check, files, real data."""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from noesis_trainer import Dataset, Example
from noesis_trainer.cli import app
from noesis_trainer.export.split import SplitResult, assign_groups, ngram_overlap, split_dataset

WORDS = [
    f"{a}{b}{c}"
    for a in "bcdfglmnprstvz"
    for b in ("ala", "eno", "iru", "oca", "uma", "ete")
    for c in ("", "s", "r", "n", "l")
]


def text(k: int, size: int = 14, offset: int = 0) -> str:
    """Distinct texts for distinct (k, offset): random word draws that share no 5-gram."""
    rng = random.Random(f"{k}/{offset}")
    return " ".join(rng.sample(WORDS, size)) + f" fim{k}."


def example(i: int, answer: str, prompt: str, source: str | None = None) -> Example:
    return Example(
        id=f"r{i}",
        category="teste",
        prompt=prompt,
        response_initial="curta",
        critique="[VERITAS] x",
        response_revised=answer,
        reasoning="porque",
        values_applied=["verdade"],
        difficulty="medium",
        source_id=source,
    )


rows_strategy = st.lists(
    st.tuples(
        st.one_of(st.none(), st.integers(0, 4)),  # provenance (source seed) or none
        st.integers(0, 9),  # answer: equal numbers are exact copies
        st.integers(0, 9),  # prompt: likewise
    ),
    min_size=1,
    max_size=40,
)


def build(rows) -> Dataset:
    return Dataset(
        example(i, text(a), "pergunta " + text(p, 8, 3), None if s is None else f"s{s}")
        for i, (s, a, p) in enumerate(rows)
    )


def side(result: SplitResult) -> dict[str, str]:
    out = {e.id: "train" for e in result.train}
    out.update({e.id: "eval" for e in result.eval})
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=rows_strategy, seed=st.integers(0, 2**16), fraction=st.floats(0.05, 0.6))
def test_no_group_straddles_no_row_lost_same_seed_same_split(rows, seed, fraction):
    ds = build(rows)
    result = split_dataset(ds, eval_fraction=fraction, seed=seed)
    where = side(result)
    # Partition: every row exactly once.
    ids = [e.id for e in result.train] + [e.id for e in result.eval]
    assert sorted(ids) == sorted(ds.ids)
    # Related rows (same source, same answer, same prompt) are on the same side.
    for i, (s1, a1, p1) in enumerate(rows):
        for j, (s2, a2, p2) in enumerate(rows[:i]):
            if (s1 is not None and s1 == s2) or a1 == a2 or p1 == p2:
                assert where[f"r{i}"] == where[f"r{j}"]
    # The reported groups agree with the sides.
    for g in set(result.groups):
        assert len({where[f"r{i}"] for i, gi in enumerate(result.groups) if gi == g}) == 1
    # Never above the target; deterministic.
    assert len(result.eval) <= round(fraction * len(ds))
    again = split_dataset(ds, eval_fraction=fraction, seed=seed)
    assert [e.id for e in again.eval] == [e.id for e in result.eval]
    assert result.overlap.count == 0


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 60), seed=st.integers(0, 2**16), fraction=st.floats(0.0, 0.9))
def test_eval_size_hits_the_target_when_every_group_is_one_row(n, seed, fraction):
    ds = Dataset(example(i, text(i, 14), "pergunta " + text(i, 8, 3)) for i in range(n))
    result = split_dataset(ds, fraction, seed)
    assert len(set(result.groups)) == n
    assert len(result.eval) == round(fraction * n)


def test_different_seeds_give_different_splits():
    ds = Dataset(example(i, text(i), "pergunta " + text(i, 8, 3)) for i in range(40))
    evals = {tuple(e.id for e in split_dataset(ds, 0.25, seed=s).eval) for s in range(5)}
    assert len(evals) == 5


def test_near_duplicate_answers_without_provenance_are_grouped():
    base = text(1, 40)
    rows = [
        example(0, base, "pergunta um qualquer"),
        example(1, base + " Para aprofundar, veja as implicações.", "pergunta dois outra"),
        example(2, text(2, 40), "pergunta três diversa"),
    ]
    groups = assign_groups(rows)
    assert groups[0] == groups[1] != groups[2]
    assert assign_groups(rows, near_duplicate_threshold=0.99)[0] != groups[2]


def test_overlap_flags_copies_and_ignores_boilerplate():
    shared_phrase = "considere as implicações filosóficas e matemáticas desta ideia com calma"
    train = [
        example(i, f"{text(i, 20)} {shared_phrase}", f"pergunta {text(i, 8, 3)}") for i in range(30)
    ]
    copy = example(100, text(3, 20) + " e mais duas palavras", "pergunta nova sem relação alguma")
    fresh = example(101, f"{text(50, 20, 7)} {shared_phrase}", "outra pergunta inédita aqui")
    report = ngram_overlap(train, [copy, fresh], boilerplate_groups=20)
    assert [h.eval_id for h in report.flagged] == ["r100"]
    assert report.flagged[0].train_ids[0] == "r3"
    assert report.flagged[0].containment >= 0.5
    # The phrase found in all 30 train groups is boilerplate: it does not count for the fresh
    # row. Counted (rule disabled), it makes up part of that row's n-grams.
    assert ngram_overlap(train, [fresh], boilerplate_groups=20).mean_containment == 0.0
    counted = ngram_overlap(train, [fresh], boilerplate_groups=10_000).mean_containment
    assert 0.1 < counted < 0.5


def test_a_contained_row_missed_by_jaccard_is_repaired_into_its_group():
    # Row 1's answer is the first half of row 0's: Jaccard ~0.45 (below the grouping
    # threshold), containment 1.0. Row 1 in eval with row 0 in train is a leak the split must
    # repair; the reverse (row 0 in eval: under half of it is in train) is not one.
    whole = text(7, 60)
    half = " ".join(whole.split()[:30])
    rows = [example(0, whole, "pergunta alfa beta gama")]
    rows.append(example(1, half, "pergunta delta épsilon zeta"))
    rows += [example(i, text(i + 20, 30), f"pergunta {text(i, 8, 3)}") for i in range(2, 12)]
    assert len(set(assign_groups(rows))) == 12
    repaired = 0
    for seed in range(12):
        result = split_dataset(rows, 0.5, seed)
        assert result.overlap.count == 0
        where = side(result)
        assert not (where["r1"] == "eval" and where["r0"] == "train")
        repaired += result.repairs
    assert repaired > 0


def test_write_files_and_manifest(tmp_path):
    ds = Dataset(example(i, text(i), "pergunta " + text(i, 8, 3)) for i in range(20))
    result = split_dataset(ds, eval_fraction=0.2, seed=7)
    manifest = result.write(tmp_path / "out")
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["eval.jsonl", "manifest.json", "train.jsonl"]
    saved = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert saved["seed"] == 7 and saved["config"]["eval_fraction"] == 0.2
    assert saved["counts"]["train"] == 16 and saved["counts"]["eval"] == 4
    for name in ("train.jsonl", "eval.jsonl"):
        blob = (tmp_path / "out" / name).read_bytes()
        assert saved["files"][name]["sha256"] == hashlib.sha256(blob).hexdigest()
        assert saved["files"][name]["rows"] == blob.count(b"\n")
    assert manifest.files["eval.jsonl"].rows == 4
    reloaded = Dataset.load(tmp_path / "out" / "eval.jsonl")
    assert reloaded.ids == result.eval.ids
    # Same input, same seed: byte-identical output.
    again = split_dataset(ds, eval_fraction=0.2, seed=7).write(tmp_path / "again")
    assert again.files == manifest.files


def test_bad_options_are_refused():
    ds = Dataset([example(0, text(0), "pergunta " + text(0, 8, 3))])
    with pytest.raises(ValueError, match="group_by"):
        split_dataset(ds, group_by="category")
    with pytest.raises(ValueError):
        split_dataset(ds, eval_fraction=1.5)


def test_cli_split_writes_the_folder(tmp_path):
    ds = Dataset(example(i, text(i), "pergunta " + text(i, 8, 3)) for i in range(30))
    src = ds.save(tmp_path / "in.jsonl")
    runner = CliRunner()
    res = runner.invoke(app, ["split", str(src), "--out", str(tmp_path / "o"), "--seed", "3"])
    assert res.exit_code == 0, res.output
    assert "train 27, eval 3" in res.output
    assert json.loads((tmp_path / "o" / "manifest.json").read_text())["seed"] == 3
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "prompt": "curto"}\n', encoding="utf-8")
    res = runner.invoke(app, ["split", str(bad), "--out", str(tmp_path / "p")])
    assert res.exit_code == 2 and "bad.jsonl:1" in res.output and "Traceback" not in res.output


@pytest.mark.external
def test_split_of_real_seeds_plus_generated_variations_keeps_seed_groups(shared_data):
    from noesis_trainer.variations import VariationGenerator

    seeds = Dataset.load(shared_data / "seed_examples_philosophical.jsonl")
    variations = VariationGenerator().generate(seeds, 1200, seed=0).dataset
    rows = Dataset.combine(seeds, variations)
    result = split_dataset(rows, eval_fraction=0.1, seed=42)
    assert result.overlap.count == 0 and result.repairs == 0
    # Groups are the seeds' own (exact copies among the 600 seeds joined): never one blob.
    seed_groups = len(set(result.groups[: len(seeds)]))
    assert len(set(result.groups)) == seed_groups > 90
    assert max(Counter(result.groups).values()) < 0.1 * len(rows)
    where = side(result)
    for v in variations:
        assert where[v.id] == where[v.source_id]


@pytest.mark.external
def test_real_export_leak_is_flagged_and_our_split_has_none(shared_data):
    exports = shared_data / "exports"
    train = Dataset.load(exports / "combined_all.jsonl")
    evaluation = Dataset.load(exports / "eval.jsonl")
    assert (len(train), len(evaluation)) == (2444, 610)
    report = ngram_overlap(train.examples, evaluation.examples)
    flagged = {h.eval_index for h in report.flagged}
    answers = {e.response_revised for e in train}
    exact = {i for i, e in enumerate(evaluation) if e.response_revised in answers}
    # 465 eval rows repeat a training answer verbatim; 106 more repeat one with a template
    # sentence added ("Para aprofundar: ..."). All are flagged, nothing else is.
    assert len(exact) == 465 and exact <= flagged
    assert report.count == 571
    # Our own split of the same rows (259 eval rows are verbatim copies of train rows).
    both = Dataset.combine(train, evaluation, on_collision="keep_first")
    assert len(both) == 2795
    result = split_dataset(both, eval_fraction=0.1, seed=42)
    assert result.overlap.count == 0
    assert 0.08 * len(both) <= len(result.eval) <= round(0.1 * len(both))
    eval_answers = Counter(e.response_revised for e in result.eval)
    assert not set(eval_answers) & {e.response_revised for e in result.train}
