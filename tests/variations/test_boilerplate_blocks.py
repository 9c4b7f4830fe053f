"""`BoilerplateCounter` counts rows a block at a time (numpy runs of seen hashes, a Python loop
only for sentences seen before): its report must be the plain definition's, whatever the block."""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer.core.boilerplate import (
    BoilerplateCounter,
    BoilerplateReport,
    SharedSentence,
    TechniqueFigures,
    sentences,
)

_SENTENCES = st.sampled_from(
    [
        "Uma frase comum.",
        "Outra frase aqui.",
        "E mais uma!",
        "1. **Item**: x.",
        "- item y",
        "ok",
        "Frase rara um.",
        "Frase rara dois?",
    ]
)


def _plain_report(
    rows: list[tuple[object, str, str]], min_seeds: int, row_share: float, worst: int = 10
) -> BoilerplateReport:
    """The measure as its docstring defines it, on sentence texts (no hashes, no blocks)."""
    split = [sentences(a) if isinstance(a, str) else [] for a, _, _ in rows]
    groups: dict[str, set[str]] = {}
    occurrences: Counter[str] = Counter()
    for found, (_, group, _) in zip(split, rows, strict=True):
        for s in found:
            groups.setdefault(s, set()).add(group)
            occurrences[s] += 1
    shared = {s for s, g in groups.items() if len(g) >= min_seeds}
    mostly = [bool(f) and sum(s in shared for s in f) >= row_share * len(f) for f in split]
    names = {t or "(seed)" for _, _, t in rows}
    per_technique: dict[str, TechniqueFigures] = {}
    if len(names) > 1 or "(seed)" not in names:
        for name in sorted(names):
            mine = [i for i, (_, _, t) in enumerate(rows) if (t or "(seed)") == name]
            found = [s for i in mine for s in split[i]]
            n = len(found)
            per_technique[name] = TechniqueFigures(
                rows=len(mine),
                mostly_boilerplate=sum(mostly[i] for i in mine),
                boilerplate_sentence_share=sum(s in shared for s in found) / n if n else 0.0,
                distinct_sentence_share=len(set(found)) / n if n else 1.0,
            )
    ranked = sorted(shared, key=lambda s: (-len(groups[s]), -occurrences[s], s))[:worst]
    all_sentences = [s for f in split for s in f]
    return BoilerplateReport(
        rows=len(rows),
        sentences=len(all_sentences),
        boilerplate_sentences=sum(s in shared for s in all_sentences),
        mostly_boilerplate_rows=sum(mostly),
        min_seeds=min_seeds,
        row_share=row_share,
        per_technique=per_technique,
        worst=tuple(SharedSentence(s, len(groups[s]), occurrences[s]) for s in ranked),
        flagged_rows=tuple(i for i, m in enumerate(mostly) if m),
    )


_ROWS = st.lists(
    st.tuples(
        st.one_of(st.lists(_SENTENCES, max_size=5).map(" ".join), st.none()),
        st.integers(0, 12).map(lambda g: f"seed_{g}"),
        st.sampled_from(["", "", "template_1", "persona"]),
    ),
    max_size=80,
)


@settings(max_examples=200, deadline=None)
@given(_ROWS, st.integers(1, 4), st.sampled_from([1, 2, 3, 7, 16, 1 << 14]), st.booleans())
def test_block_counting_equals_the_plain_definition(
    rows: list[tuple[object, str, str]], min_seeds: int, block: int, hashed: bool
) -> None:
    """Any block size (one sentence, a few, all at once), min_seeds 1 to 4, repeated answers,
    rows without an answer; through `add` or `add_record_hashed`, reported once or twice."""
    counter = BoilerplateCounter(min_seeds=min_seeds, block=block)
    other = BoilerplateCounter()
    for answer, group, technique in rows:
        record: dict[str, Any] = {"response_revised": answer, "source_id": group}
        if technique:
            record["technique"] = technique
        if hashed:
            hashes = other.hashes(answer) if isinstance(answer, str) else ()
            counter.add_record_hashed(record, hashes)
        else:
            counter.add_record(record)
    want = _plain_report(rows, min_seeds, counter.row_share)
    assert counter.report() == want
    assert counter.report() == want  # a second report counts nothing twice


def test_runs_keep_one_entry_per_distinct_sentence() -> None:
    """Memory follows distinct sentences: 3,000 rows of 4 sentences of which 10 distinct keep
    10 hashes in the runs, and a sentence of 12 groups is named with its text."""
    counter = BoilerplateCounter(block=64)
    texts = [f"Frase número {k} aqui." for k in range(10)]
    for i in range(3000):
        answer = " ".join(texts[(i + j) % 10] for j in range(4))
        counter.add(answer, f"seed_{i % 12}")
    report = counter.report()
    assert sum(keys.size for keys, _ in counter._seen) == 10
    assert report.sentences == 12000 and report.mostly_boilerplate_rows == 3000
    assert {s.text for s in report.worst} == {t.lower() for t in texts}
    assert all(s.seeds == 12 and s.rows == 1200 for s in report.worst)


def test_answers_held_stay_bounded_by_the_block() -> None:
    """Rows without a sentence (no letter, or no answer) still end a block: the answers kept for
    the texts of new boilerplate never pile up."""
    counter = BoilerplateCounter(block=8)
    for i in range(100):
        counter.add("123 456." if i % 2 else None, f"seed_{i}")
        assert len(counter._answers) < 8
    report = counter.report()
    assert report.rows == 100 and report.sentences == 0 and report.mostly_boilerplate_rows == 0


def test_long_answers_end_a_block_by_their_characters() -> None:
    """One-sentence answers of 10,000 characters: the block is counted once the answers held
    reach `block_chars`, long before `block` sentences; the report is the plain one."""
    counter = BoilerplateCounter(min_seeds=2, block=1 << 16, block_chars=50_000)
    rows: list[tuple[object, str, str]] = []
    for i in range(40):
        answer = ("palavra " * 1250).strip() + (" comum." if i % 2 else f" {i}.")
        rows.append((answer, f"seed_{i}", ""))
        counter.add(answer, f"seed_{i}")
        assert sum(map(len, counter._answers)) < 50_000 + len(answer)
    assert counter.report() == _plain_report(rows, 2, counter.row_share)
