"""The boilerplate measure of issue 17, on hand-made rows whose figures are counted by hand."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from noesis_trainer import Dataset
from noesis_trainer.core.boilerplate import BoilerplateIndex, measure, sentences
from noesis_trainer.variations import VariationGenerator

STOCK = "Documente o que aprendeu para a equipe."


def _row(i: int, seed: str, answer: str, technique: str = "depth") -> dict[str, str]:
    return {"id": f"r{i}", "source_id": seed, "technique": technique, "response_revised": answer}


def test_sentences_cut_on_lines_and_ends_and_drop_markup() -> None:
    text = "1. **Custo**: aplicar tem custos. Outra frase!\n- Custo: aplicar tem custos.\n\n```"
    assert sentences(text) == [
        "custo: aplicar tem custos.",
        "outra frase!",
        "custo: aplicar tem custos.",
    ]


def test_hand_counted_case() -> None:
    # Seeds s0..s9 (ten groups) each end with the stock sentence; s0..s8 (nine) share another.
    rows = []
    for k in range(10):
        rows.append(_row(k, f"s{k}", f"Fato próprio {k}. {STOCK}"))
    for k in range(9):
        rows.append(_row(10 + k, f"s{k}", f"Quase comum aqui. Fato {k}a. Fato {k}b."))
    # Two rows of one seed repeating a sentence do not make it boilerplate: groups, not rows.
    rows.append(_row(30, "lonely", "Repetida só aqui. Repetida só aqui."))
    rows.append(_row(31, "lonely", "Repetida só aqui. Outra."))
    report = measure(rows)
    # Only STOCK is in >= 10 groups: 10 of the 10 + 27 + 4 = 41 sentences.
    assert report.sentences == 20 + 27 + 4
    assert report.boilerplate_sentences == 10
    # A row with 1 boilerplate sentence of 2 is "mostly" (at least half): the first ten rows.
    assert report.mostly_boilerplate_rows == 10
    assert report.flagged_rows == tuple(range(10))
    assert report.worst[0].text == STOCK.casefold() and report.worst[0].seeds == 10
    assert len(report.worst) == 1
    # One group fewer and nothing is boilerplate.
    assert measure(rows[1:]).boilerplate_sentences == 0


def test_group_is_own_id_without_source_id() -> None:
    rows = [{"id": f"x{k}", "response_revised": STOCK} for k in range(10)]
    assert measure(rows).mostly_boilerplate_rows == 10
    same_id = [{"id": "x", "response_revised": STOCK} for _ in range(10)]
    assert measure(same_id).mostly_boilerplate_rows == 0


def test_per_technique_figures() -> None:
    rows = [_row(k, f"s{k}", STOCK, "critique") for k in range(10)]
    rows += [_row(10 + k, f"s{k}", f"Própria {k}.", "history") for k in range(10)]
    per = measure(rows).per_technique
    assert per["critique"].mostly_boilerplate_share == 1.0
    assert per["critique"].distinct_sentence_share == pytest.approx(0.1)
    assert per["history"].mostly_boilerplate_share == 0.0
    assert per["history"].distinct_sentence_share == 1.0


@given(
    st.lists(
        st.tuples(st.integers(0, 14), st.lists(st.integers(0, 5), min_size=1, max_size=4)),
        min_size=1,
        max_size=60,
    )
)
def test_matches_a_direct_count(spec: list[tuple[int, list[int]]]) -> None:
    """measure == counting groups per sentence directly, on random small corpora."""
    rows = [
        _row(i, f"s{seed}", " ".join(f"Frase {n}." for n in picks))
        for i, (seed, picks) in enumerate(spec)
    ]
    groups: dict[int, set[int]] = {}
    for seed, picks in spec:
        for n in picks:
            groups.setdefault(n, set()).add(seed)
    shared = {n for n, g in groups.items() if len(g) >= 10}
    hits = [sum(n in shared for n in picks) for _, picks in spec]
    report = measure(rows)
    assert report.boilerplate_sentences == sum(hits)
    assert report.mostly_boilerplate_rows == sum(
        2 * h >= len(picks) for h, (_, picks) in zip(hits, spec, strict=True)
    )


def test_index_refuses_the_row_that_would_be_mostly_boilerplate() -> None:
    index = BoilerplateIndex()
    for k in range(9):
        assert index.check(STOCK, f"s{k}")[0] is False
        index.add(STOCK, f"s{k}")
    assert index.check(STOCK, "s8")[0] is False  # a seed already counted adds no group
    mostly, worst = index.check(f"Uma frase própria. {STOCK}", "s9")
    assert mostly and worst == STOCK.casefold()
    assert index.check(f"Uma. Duas próprias. {STOCK}", "s9")[0] is False


class StockTechnique:
    """Answers every seed with the same closing sentence after the seed's first line."""

    name = "stock"

    def vary(self, example, rng, generator=None):  # type: ignore[no-untyped-def]
        first = example.response_revised.split(".")[0].strip()
        return example.model_copy(
            update={
                "prompt": " ".join(f"palavra{rng.randrange(10**6)}" for _ in range(8)) + "?",
                "response_revised": f"{first}. {STOCK}",
            }
        )


def test_generator_refuses_mostly_boilerplate_and_counts_it(project_seeds: Dataset) -> None:
    seeds = list(project_seeds)[:20]
    result = VariationGenerator([StockTechnique()], max_attempts=2).generate(seeds, 20)
    assert result.summary.refusals.get("mostly_boilerplate", 0) > 0
    assert measure(result.dataset).mostly_boilerplate_rows == 0
    kept_groups = Counter(e.group_key for e in result.dataset)
    assert len(kept_groups) == 9  # the tenth seed would make the stock sentence boilerplate
    off = VariationGenerator([StockTechnique()], refuse_boilerplate=False).generate(seeds, 20)
    assert measure(off.dataset).mostly_boilerplate_rows == 20


def test_summary_reports_boilerplate(project_seeds: Dataset) -> None:
    result = VariationGenerator().generate(project_seeds, 60, seed=3)
    figures = result.summary.boilerplate
    assert figures is not None and figures["rows"] == 60
    assert any(line.startswith("boilerplate: ") for line in result.summary.lines())
    assert set(figures["per_technique"]) == {e.technique for e in result.dataset}


def test_duplicate_seeds_counted_and_collapsed(project_seeds: Dataset) -> None:
    seeds = list(project_seeds)[:6]
    copies = [s.model_copy(update={"id": f"{s.id}-copy"}) for s in seeds[:2]]
    plain = VariationGenerator().generate(seeds + copies, 16, seed=0)
    assert plain.summary.duplicate_seeds == 2 and plain.summary.seeds == 8
    collapsed = VariationGenerator(collapse_duplicate_seeds=True).generate(seeds + copies, 16)
    assert collapsed.summary.seeds == 6
    assert {e.parent_id for e in collapsed.dataset} == {s.id for s in seeds}


_MARKUP = st.sampled_from(
    [
        *"ab Á.!?…*_`#>-•+|12\n\t",
        "  ",
        "**",
        "1. ",
        "- ",
        "# ",
        "ß",
        "İ",
        "Σ",
        "\n\n",
        " \n",
        "#\n",
        "1.\n",
        "\xa0",
        ". ",
    ]
)


@given(st.lists(_MARKUP, max_size=40).map("".join))
def test_whole_text_sentences_equal_the_line_by_line_reading(text: str) -> None:
    """The fast path of `sentences` (whole-text passes) cuts and folds as the plain reading
    does: line by line, then at sentence ends, then markup and spaces."""
    from noesis_trainer.core.boilerplate import _sentences_by_line

    assert sentences(text) == _sentences_by_line(text)


def test_counter_memory_keeps_hashes_not_texts() -> None:
    """Rows of one repeated answer: the counter keeps one split and one text per shared
    sentence, whatever the number of rows."""
    from noesis_trainer.core.boilerplate import BoilerplateCounter

    counter = BoilerplateCounter()
    for k in range(5000):
        counter.add(f"{STOCK} Própria.", f"s{k}", "depth")
    report = counter.report()
    assert report.rows == 5000 and report.mostly_boilerplate_rows == 5000
    assert report.worst[0].seeds == 5000 and report.worst[0].rows == 5000
    assert len(counter._memo) == 1 and len(counter._shared) == 2  # STOCK and "própria."
