"""Background word weights (`judges.background`) and the relevance of an answer judged alone.

Real word lists (wordfreq's, a core dependency), real judges; no batch involved unless named.
"""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer.core.folding import fold
from noesis_trainer.tribunal import JudgeItem, Tribunal
from noesis_trainer.tribunal.judges.background import MAX_RARITY, stem_frequency, stem_weight
from noesis_trainer.tribunal.judges.relevance import batch_relevance
from noesis_trainer.tribunal.judges.text import OFF_TOPIC_RELEVANCE, relevance_of

PROMPT = "Que formas de verdade o axioma de indução de Peano garante?"
SHARES_COMMON_WORDS = (
    "Existem muitas formas de buscar a verdade na vida: conversar com amigos, ler bons livros, "
    "refletir com calma sobre o que se sabe e o que não se sabe, e aceitar que nem tudo tem "
    "resposta."
)
SHARES_RARE_WORDS = (
    "O axioma de indução de Peano diz que uma propriedade vale para todo número natural se vale "
    "para zero e passa de n para n+1: é o que garante as demonstrações por indução."
)
MAX_WEIGHT = 1.0 + math.log(MAX_RARITY)
REAL_WORDS = (
    "verdade", "virtude", "sistema", "computação", "formalismo", "informação", "justiça",
    "sabedoria", "conhecimento", "consciência", "democracia", "algorithm", "knowledge",
    "question", "probability", "platonismo", "aristotelian", "entropia", "criptografia",
)  # fmt: skip


def test_common_shared_words_weigh_less_than_rare_ones() -> None:
    common = [stem_weight(s) for s in ("forma", "verda", "siste", "quest")]  # formas, system...
    rare = [stem_weight(s) for s in ("peano", "axiom", "plata", "induc")]
    assert max(common) < 3.6 < 5.0 < min(rare)
    assert stem_weight("peano") == pytest.approx(MAX_WEIGHT)  # in neither list: the cap
    assert stem_frequency("forma") > 1e-3  # "forma", "formas", "formal", "format", ...
    assert stem_frequency("2") > stem_frequency("1789") > 0.0  # numbers: wordfreq's estimate


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.sampled_from(REAL_WORDS).map(fold),
        st.text(alphabet="abcdefghijlmnoprstuvz", min_size=5, max_size=9),
    )
)
def test_a_shorter_stem_is_at_least_as_common(word: str) -> None:
    """A stem's frequency sums every word that starts with it, so cutting it never makes it
    rarer; the weight falls with the frequency and stays in [1, 1 + ln(MAX_RARITY)]."""
    heads = [word[:n] for n in (5, 4, 3)]
    freqs = [stem_frequency(h) for h in heads]
    weights = [stem_weight(h) for h in heads]
    assert freqs == sorted(freqs)
    assert weights == sorted(weights, reverse=True)
    assert all(1.0 <= w <= MAX_WEIGHT for w in weights)


def test_alone_an_answer_sharing_only_common_words_is_off_topic() -> None:
    # The plain overlap (the test before background weights) took it for on topic.
    assert relevance_of(PROMPT, SHARES_COMMON_WORDS) >= OFF_TOPIC_RELEVANCE
    (common,) = batch_relevance([JudgeItem(PROMPT, SHARES_COMMON_WORDS)])
    (rare,) = batch_relevance([JudgeItem(PROMPT, SHARES_RARE_WORDS)])
    assert common.off_topic and not rare.off_topic
    assert common.score < rare.score == 1.0
    verdicts = Tribunal().verdicts(
        [JudgeItem(PROMPT, SHARES_COMMON_WORDS), JudgeItem(PROMPT, SHARES_RARE_WORDS)]
    )  # one prompt: judged as if alone; a short question, so the answer on its terms suffices
    assert [v.status.value for v in verdicts] == ["REJECTED", "APPROVED"]
    assert "off topic" in verdicts[0].judges["veritas"].reason


def test_a_small_batch_weighs_words_as_one_item_alone() -> None:
    """Below `MIN_IDF_ANSWERS` distinct answers the batch's own word counts say nothing: two
    prompts, three answers, the same background weights (and flags) as each item alone."""
    other = "Como funciona a fotossíntese nas plantas?"
    light = (
        "A fotossíntese usa a luz do sol para transformar água e gás carbônico em glicose e "
        "oxigênio, nos cloroplastos das folhas, graças à clorofila."
    )
    batch = [
        JudgeItem(PROMPT, SHARES_COMMON_WORDS),
        JudgeItem(PROMPT, SHARES_RARE_WORDS),
        JudgeItem(other, light),
    ]
    together = batch_relevance(batch)
    alone = [batch_relevance([item])[0] for item in batch]
    assert [r.off_topic for r in together] == [r.off_topic for r in alone] == [True, False, False]
    assert [r.score for r in together] == pytest.approx([r.score for r in alone])


def test_word_lists_load_on_first_use_only() -> None:
    code = (
        "import sys, noesis_trainer, noesis_trainer.tribunal; "
        "from noesis_trainer.tribunal import JudgeItem, Tribunal; t = Tribunal(); "
        "before = 'wordfreq' in sys.modules; "
        "t.verdicts([JudgeItem('O que é a indução de Peano?', 'Uma resposta.')]); "
        "print(before, 'wordfreq' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
