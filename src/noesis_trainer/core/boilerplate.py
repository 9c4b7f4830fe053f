"""Boilerplate in generated answers: sentences that many different seeds' variations share.

A model trained on variations learns whatever they repeat. The measure (issue 17):

- a **sentence** is boilerplate when it appears in the answers (``response_revised``) of rows of
  at least `min_seeds` (10) different seed groups, a row's group being its ``source_id``, or its
  own ``id`` where it has none;
- a **row** is mostly boilerplate when at least half (`row_share`) of its answer's sentences are.

Sentences are cut on line breaks and after ``.``/``!``/``?``/``…`` followed by a space; list
markers, heading marks and emphasis are dropped and spaces and case folded before comparing, so
"1. **Custo**: x." and "- Custo: x." count as one sentence. That splitting is on the strict side
(more, shorter sentences repeat more easily), never tuned to make a file look better.

Torch-free and linear in the text size: the generate summary, the Validator and the pipeline
report all call `measure`; the `VariationGenerator` keeps a `BoilerplateIndex` while it works.
"""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from noesis_trainer.core import native

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import numpy.typing as npt

    I64Array = npt.NDArray[np.int64]

MIN_SEEDS = 10
"""A sentence shared by the answers of this many different seed groups is boilerplate."""
ROW_SHARE = 0.5
"""A row is mostly boilerplate when at least this share of its answer's sentences are."""

_LINE_MARK = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*•+]\s+|\d{1,3}[.)]\s+|\|)+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_EMPHASIS = re.compile(r"\*\*|__|`|\*")
_SPACES = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


_LINE_MARKS = re.compile(
    r"^[^\S\n]*(?:#{1,6}[^\S\n]+|>[^\S\n]*|[-*•+][^\S\n]+|\d{1,3}[.)][^\S\n]+|\|)+", re.MULTILINE
)
_PIECE_END = re.compile(r"([.!?…])\s+")
_RARE_END = re.compile(r"[.!?…][^\S\n]")
_SLOW_PATH_CHARS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x00"
"""Line breaks other than ``\\n``, and NUL: texts holding one take the line-by-line path.
`sentences` tests them one by one (substring scans in C beat one regex search)."""


_LOWER_LATIN_1 = bytes(range(256)).decode("latin-1").lower().encode("latin-1")
"""``str.lower`` as a byte table for Latin-1 text: one C pass instead of a per-character case
lookup. Over Latin-1, ``lower`` equals ``casefold`` but for "ß" and "µ" (a test checks all 256)."""


def _folded(text: str) -> tuple[str, bool]:
    """``text.casefold()``, and whether the text is Latin-1 (its only whitespace other than space
    and line breaks can then be tab, U+001F and no-break space)."""
    if text.isascii():
        return text.lower(), True
    if "ß" in text or "µ" in text:
        return text.casefold(), False
    try:
        return text.encode("latin-1").translate(_LOWER_LATIN_1).decode("latin-1"), True
    except UnicodeEncodeError:
        return text.casefold(), False


def _may_start_with_mark(line: str) -> bool:
    """Whether `_LINE_MARKS` can match at the start of `line`: its first character must be a
    space (``[^\\S\\n]``), a digit (``\\d``) or a mark; a string test before a regex call."""
    first = line[:1]
    return bool(first) and (first in "#>-*•+|" or first.isspace() or first.isdecimal())


def sentences(text: str) -> list[str]:
    """The normalized sentences of `text`, in order (repeats kept).

    Whole-text passes and C string methods instead of a dozen regex calls per line: the
    Validator runs this on every answer of 300,000-row files. Texts with line breaks other than
    ``\\n`` (or a NUL) take the line-by-line path; a property test holds both to one output."""
    if (
        "\r" in text
        or "\x0b" in text
        or "\x0c" in text
        or "\x1c" in text
        or "\x1d" in text
        or "\x1e" in text
        or "\x85" in text
        or "\u2028" in text
        or "\u2029" in text
        or "\x00" in text
    ):  # `_SLOW_PATH_CHARS`
        return _sentences_by_line(text)
    cut, latin_1 = _folded(text)
    # Only spaces and line feeds between words: no tab or other space can follow a sentence end,
    # and splitting on line feeds is all the cutting left to do once no two spaces touch.
    plain = latin_1 and "\t" not in cut and "\x1f" not in cut and "\xa0" not in cut
    if "\n" in cut or _may_start_with_mark(cut):  # else no line starts with a mark
        cut = _LINE_MARKS.sub("", cut)
    # A one-character test (memchr) before each replace: a two-character scan is slower.
    cut = cut.replace(". ", ".\n")
    if "?" in cut:
        cut = cut.replace("? ", "?\n")
    if "!" in cut:
        cut = cut.replace("! ", "!\n")
    if "…" in cut:
        cut = cut.replace("… ", "…\n")
    if not plain and _RARE_END.search(cut):  # a tab or another space after a sentence end
        cut = _PIECE_END.sub("\\1\n", cut)
    if "*" in cut or "_" in cut or "`" in cut:
        cut = _EMPHASIS.sub("", cut)
    if plain and "  " not in cut:
        pieces = cut.split("\n")
    else:  # runs of spaces collapse in one pass over the text; NUL marks the sentence breaks
        pieces = " ".join(cut.replace("\n", "\x00").split()).split("\x00")
    return [s for p in pieces if (s := p.strip(" |")) and (s[0].isalpha() or _LETTER.search(s))]


def _load_native() -> Callable[[str], tuple[int, ...] | None] | None:
    """The compiled `sentence_hashes` fast path (`core._sentences`), set up with this module's
    own tables, or None where it was not built or ``NOESIS_NATIVE=0``."""
    if not native.native_allowed():
        return None
    try:
        from noesis_trainer.core import _sentences
    except ImportError:
        return None
    chars = [chr(c) for c in range(256)]
    folded = [_LOWER_LATIN_1[c : c + 1].decode("latin-1") for c in range(256)]
    _sentences.setup(
        bytes(bool(_LETTER.match(f)) or f.isalpha() for f in folded),
        _LOWER_LATIN_1,
        # Whatever takes `sentences` off its plain path: other line breaks and NUL, the two
        # letters casefold changes, tab and the rarer spaces, line breaks, emphasis marks.
        bytes(
            ch in _SLOW_PATH_CHARS or ch in "ßµ" or f in "\t\x1f\xa0\n*_`"
            for ch, f in zip(chars, folded, strict=True)
        ),
        bytes(_may_start_with_mark(f) for f in folded),
    )
    return _sentences.hashes


_NATIVE_HASHES = _load_native()


def sentence_hashes(text: str) -> tuple[int, ...]:
    """``tuple(map(hash, sentences(text)))``, by the compiled fast path where it is built and
    the text has the plain shape it handles (one paragraph of Latin-1 prose), else in Python."""
    if _NATIVE_HASHES is not None:
        got = _NATIVE_HASHES(text)
        if got is not None:
            return got
    return tuple(map(hash, sentences(text)))


def native_sentences() -> bool:
    """Whether `sentence_hashes` has its compiled fast path."""
    return _NATIVE_HASHES is not None


def _sentences_by_line(text: str) -> list[str]:
    out: list[str] = []
    for line in text.splitlines():
        line = _LINE_MARK.sub("", line)
        for piece in _SENTENCE_END.split(line):
            norm = _SPACES.sub(" ", _EMPHASIS.sub("", piece)).strip(" |").casefold()
            if _LETTER.search(norm):
                out.append(norm)
    return out


def group_of(record: Mapping[str, Any]) -> str:
    """The seed group of a record: its ``source_id``, else its ``id``."""
    source = record.get("source_id")
    if isinstance(source, str) and source:
        return source
    return str(record.get("id", ""))


def _record(row: Any) -> Mapping[str, Any]:
    if isinstance(row, Mapping):
        return row
    to_record = getattr(row, "to_record", None)
    if callable(to_record):
        found = to_record()
        if isinstance(found, Mapping):
            return found
    raise TypeError(f"not an example or a record: {type(row).__name__}")


@dataclass(frozen=True)
class SharedSentence:
    """A boilerplate sentence and how many seed groups' answers contain it."""

    text: str
    seeds: int
    rows: int


@dataclass(frozen=True)
class TechniqueFigures:
    """Boilerplate and diversity of the rows of one technique (or of seeds: ``"(seed)"``)."""

    rows: int
    mostly_boilerplate: int
    boilerplate_sentence_share: float
    distinct_sentence_share: float
    """Distinct sentences over all sentences in these rows: 1.0 means nothing repeats."""

    @property
    def mostly_boilerplate_share(self) -> float:
        return self.mostly_boilerplate / self.rows if self.rows else 0.0


@dataclass(frozen=True)
class BoilerplateReport:
    """What `measure` found; JSON-ready through `to_dict`."""

    rows: int
    sentences: int
    boilerplate_sentences: int
    mostly_boilerplate_rows: int
    min_seeds: int
    row_share: float
    per_technique: dict[str, TechniqueFigures] = field(default_factory=dict)
    worst: tuple[SharedSentence, ...] = ()
    flagged_rows: tuple[int, ...] = ()
    """Row indices (input order) that are mostly boilerplate."""

    @property
    def sentence_share(self) -> float:
        return self.boilerplate_sentences / self.sentences if self.sentences else 0.0

    @property
    def row_share_mostly(self) -> float:
        return self.mostly_boilerplate_rows / self.rows if self.rows else 0.0

    def lines(self, worst: int = 3) -> list[str]:
        """Human summary: the two shares, per technique, then the worst sentences."""
        out = [
            f"boilerplate: {self.sentence_share:.1%} of sentences shared by >= {self.min_seeds} "
            f"seeds; {self.row_share_mostly:.1%} of rows mostly boilerplate "
            f"({self.mostly_boilerplate_rows} of {self.rows})"
        ]
        if self.per_technique:
            out.append(
                "per technique (mostly boilerplate, distinct sentences): "
                + ", ".join(
                    f"{name} {f.mostly_boilerplate_share:.0%}/{f.distinct_sentence_share:.0%}"
                    for name, f in self.per_technique.items()
                )
            )
        for s in self.worst[:worst]:
            out.append(f"  shared by {s.seeds} seeds: {s.text[:90]!r}")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "sentences": self.sentences,
            "boilerplate_sentences": self.boilerplate_sentences,
            "boilerplate_sentence_share": round(self.sentence_share, 4),
            "mostly_boilerplate_rows": self.mostly_boilerplate_rows,
            "mostly_boilerplate_share": round(self.row_share_mostly, 4),
            "min_seeds": self.min_seeds,
            "row_share": self.row_share,
            "per_technique": {
                k: {
                    "rows": f.rows,
                    "mostly_boilerplate_share": round(f.mostly_boilerplate_share, 4),
                    "boilerplate_sentence_share": round(f.boilerplate_sentence_share, 4),
                    "distinct_sentence_share": round(f.distinct_sentence_share, 4),
                }
                for k, f in self.per_technique.items()
            },
            "worst": [{"text": s.text, "seeds": s.seeds, "rows": s.rows} for s in self.worst],
        }


def measure(
    rows: Iterable[Any],
    *,
    min_seeds: int = MIN_SEEDS,
    row_share: float = ROW_SHARE,
    worst: int = 10,
) -> BoilerplateReport:
    """Boilerplate figures of `rows` (`Example`s or record dicts with ``response_revised``)."""
    counter = BoilerplateCounter(min_seeds=min_seeds, row_share=row_share)
    for row in rows:
        counter.add_record(_record(row))
    return counter.report(worst=worst)


MEMO_TEXTS = 4096
"""Distinct answers whose sentences are kept split (files that repeat a few answers often)."""
BLOCK_SENTENCES = 1 << 16
"""Sentences a `BoilerplateCounter` gathers before counting them in one vectorized pass."""
BLOCK_CHARS = 1 << 25
"""Characters of answers a block may hold (for the texts of new boilerplate) before it is
counted: long answers of one sentence each must not pile up until `BLOCK_SENTENCES`."""


class BoilerplateCounter:
    """`measure` one row at a time, in memory that grows with distinct sentences, not texts.

    Each sentence is kept as a 64-bit hash: every row's hashes go into one flat array (8 bytes a
    sentence), so that `report` can tell, at the end, which rows are mostly boilerplate. Rows
    are counted a block at a time (`BLOCK_SENTENCES`): every distinct hash seen, with the first
    seed group it was seen in, lives in a few sorted numpy runs (16 bytes a distinct sentence,
    looked up with one `searchsorted` per run), and only the sentences seen before, or twice in
    the block, go through the Python loop that keeps the set of their groups (and the text of
    those that become boilerplate, from the block's answers). On a clean file nearly every
    sentence is new: one dict of a million Python ints would cost far more time and memory.
    Two different sentences with one hash would count as one: at a million sentences the
    chance is about 3 in 100 million.
    """

    def __init__(
        self,
        *,
        min_seeds: int = MIN_SEEDS,
        row_share: float = ROW_SHARE,
        block: int = BLOCK_SENTENCES,
        block_chars: int = BLOCK_CHARS,
    ) -> None:
        if min_seeds < 1 or not 0.0 < row_share <= 1.0:
            raise ValueError("min_seeds must be >= 1 and row_share in (0, 1]")
        self.min_seeds = min_seeds
        self.row_share = row_share
        self._block = max(1, block)
        self._block_chars = max(1, block_chars)
        self._held_chars = 0  # characters of `_answers`
        self._seen: list[tuple[I64Array, I64Array]] = []  # sorted runs: hashes, first groups
        self._many: dict[int, set[int]] = {}
        self._shared: dict[int, str] = {}
        self._hashes = array("q")
        self._ends = array("q")
        self._group_of_row = array("q")  # hash() of each row's group
        self._technique_of_row = array("q")
        self._techniques: dict[str, int] = {}
        self._memo: dict[str, tuple[int, ...]] = {}  # answer -> its sentence hashes
        self._answers: list[str] = []  # the answers of the rows not counted yet
        self._counted_rows = 0
        self._counted = 0  # sentences counted

    def add_record(self, record: Mapping[str, Any]) -> None:
        """One record: its ``response_revised``, seed group (`group_of`) and ``technique``."""
        technique = record.get("technique")
        self.add(
            record.get("response_revised"),
            group_of(record),
            technique if isinstance(technique, str) else "",
        )

    def add(self, answer: object, group: str, technique: str = "") -> None:
        """One row: its answer (anything but a string counts as no sentences) and seed group."""
        if isinstance(answer, str):
            self._add(self.hashes(answer), answer, group, technique)
        else:
            self._add((), "", group, technique)

    def hashes(self, answer: str) -> tuple[int, ...]:
        """The sentence hashes of `answer` as `add` keeps them (a forked process computes the
        same: the hash seed is inherited)."""
        got = self._memo.get(answer)
        if got is None:
            got = sentence_hashes(answer)
            memo = self._memo
            if len(memo) >= MEMO_TEXTS:
                memo.clear()
            memo[answer] = got
        return got

    def add_record_hashed(self, record: Mapping[str, Any], hashes: tuple[int, ...]) -> None:
        """`add_record` with the answer's `hashes` computed before (maybe in another process):
        the answer is split again only when one of its sentences turns out to be boilerplate."""
        technique = record.get("technique")
        answer = record.get("response_revised")
        self._add(
            hashes,
            answer if isinstance(answer, str) else "",
            group_of(record),
            technique if isinstance(technique, str) else "",
        )

    def _add(self, hashes: tuple[int, ...], answer: str, group: str, technique: str) -> None:
        flat = self._hashes
        flat.extend(hashes)
        self._ends.append(len(flat))
        self._group_of_row.append(hash(group))
        answers = self._answers
        answers.append(answer)
        self._held_chars += len(answer)
        tid = self._techniques.setdefault(technique, len(self._techniques))
        self._technique_of_row.append(tid)
        # Rows without sentences count too: the answers held wait for a block either way.
        if (
            len(flat) - self._counted >= self._block
            or len(answers) >= self._block
            or self._held_chars >= self._block_chars
        ):
            self._count()

    def _count(self) -> None:
        """Count the sentences of the rows added since the last call, in their order.

        A sentence whose hash is in no run and appears once in the block is new, in one group:
        it only joins a run. Every other one goes, in order, through the loop that the counter
        ran for every sentence before: the sets of groups and the moment a sentence becomes
        boilerplate come out the same (a property test holds the report to the plain one).
        """
        import numpy as np

        row0, lo = self._counted_rows, self._counted
        if len(self._ends) == row0:
            return
        hashes = np.frombuffer(self._hashes, dtype=np.int64)[lo:].copy()
        ends = np.frombuffer(self._ends, dtype=np.int64)[row0:].copy()
        lengths = np.diff(ends, prepend=lo)
        groups = np.repeat(np.frombuffer(self._group_of_row, dtype=np.int64)[row0:], lengths)
        m = hashes.size
        self._answers, answers = [], self._answers
        self._held_chars = 0
        self._counted_rows, self._counted = len(self._ends), len(self._hashes)
        if not m:
            return
        order = np.argsort(hashes)
        ordered = hashes[order]  # sorted: the lookups below walk each run forward
        found_sorted = np.zeros(m, dtype=bool)
        first_sorted = np.zeros(m, dtype=np.int64)
        for keys, firsts in self._seen:
            at = np.searchsorted(keys, ordered)
            np.minimum(at, keys.size - 1, out=at)
            hit = keys[at] == ordered
            found_sorted |= hit
            first_sorted[hit] = firsts[at[hit]]
        again = ordered[1:] == ordered[:-1]
        watch = np.zeros(m, dtype=bool)  # seen before, or twice in the block
        watch[order] = found_sorted
        watch[order[1:][again]] = True
        watch[order[:-1][again]] = True
        if self.min_seeds <= 1:
            watch[:] = True  # every sentence is boilerplate from its first group on
        starts = np.flatnonzero(np.concatenate(([True], ~again)))  # each distinct hash, sorted
        if self._shared:
            # Sentences already boilerplate only gather groups: no order, no event to catch.
            shared = np.sort(np.fromiter(self._shared, dtype=np.int64, count=len(self._shared)))
            distinct = ordered[starts]
            at = np.searchsorted(shared, distinct)
            np.minimum(at, shared.size - 1, out=at)
            done = shared[at] == distinct
            if done.any():
                done_sorted = np.repeat(done, np.diff(starts, append=m))
                self._add_groups(ordered[done_sorted], groups[order[done_sorted]])
                watch[order[done_sorted]] = False
        watched = np.flatnonzero(watch)
        if watched.size:
            first = np.zeros(m, dtype=np.int64)
            first[order] = first_sorted
            found = np.zeros(m, dtype=bool)
            found[order] = found_sorted
            known = watched[found[watched]]
            row_of = np.searchsorted(ends, watched + lo, side="right")
            row_start = np.concatenate(([lo], ends[:-1]))[row_of]
            self._count_in_order(
                answers,
                hashes[watched].tolist(),
                groups[watched].tolist(),
                row_of.tolist(),
                (watched + lo - row_start).tolist(),
                dict(zip(hashes[known].tolist(), first[known].tolist(), strict=True)),
            )
        new = ~found_sorted[starts]
        if new.any():
            earliest = np.minimum.reduceat(order, starts)[new]  # a hash's first occurrence
            self._seen.append((ordered[starts[new]], groups[earliest]))
            seen = self._seen
            while len(seen) > 1 and seen[-2][0].size <= 2 * seen[-1][0].size:
                seen.append(_merged(seen.pop(), seen.pop()))

    def _add_groups(self, hashes: I64Array, groups: I64Array) -> None:
        """Add the `groups` to the group sets of the (boilerplate) `hashes`, sorted: one set
        update for each run of equal hashes."""
        import numpy as np

        cuts = np.flatnonzero(hashes[1:] != hashes[:-1]) + 1
        heads = np.concatenate(([0], cuts))
        many = self._many
        for h, part in zip(hashes[heads].tolist(), np.split(groups, cuts), strict=True):
            many[h].update(part.tolist())

    def _count_in_order(
        self,
        answers: list[str],
        hashes: list[int],
        groups: list[int],
        rows: list[int],
        positions: list[int],
        first: dict[int, int],
    ) -> None:
        """The per-sentence loop over the block's watched sentences (hash, group, row in the
        block, place in its answer's sentences): `first` holds the first group of every hash
        seen before the block; a hash new in the block gets the group of its first occurrence
        here."""
        many, shared, min_seeds = self._many, self._shared, self.min_seeds
        first_of = first.setdefault
        split_row, texts = -1, []
        for h, g, row, i in zip(hashes, groups, rows, positions, strict=True):
            f = first_of(h, g)
            if f == g and min_seeds > 1:
                continue  # g is already among the sentence's groups
            found = many.get(h)
            if found is None:
                found = many[h] = {f, g}
            else:
                found.add(g)
            if len(found) >= min_seeds and h not in shared:
                if row != split_row:
                    split_row, texts = row, sentences(answers[row])
                shared[h] = texts[i]

    def report(self, *, worst: int = 10) -> BoilerplateReport:
        import numpy as np

        self._count()
        flat = (
            np.frombuffer(self._hashes, dtype=np.int64) if self._hashes else np.zeros(0, np.int64)
        )
        ends = np.frombuffer(self._ends, dtype=np.int64) if self._ends else np.zeros(0, np.int64)
        starts = np.concatenate(([0], ends[:-1])).astype(np.int64)
        lengths = ends - starts
        keys = np.fromiter(self._shared, dtype=np.int64, count=len(self._shared))
        is_shared = np.isin(flat, keys)
        running = np.concatenate(([0], np.cumsum(is_shared, dtype=np.int64)))
        hits = running[ends] - running[starts]
        mostly = (lengths > 0) & (hits >= self.row_share * lengths)
        flagged = tuple(int(i) for i in np.flatnonzero(mostly))
        per_technique: dict[str, TechniqueFigures] = {}
        names = {tid: name or "(seed)" for name, tid in self._techniques.items()}
        if len(names) > 1 or "(seed)" not in names.values():
            tech_rows = np.frombuffer(self._technique_of_row, dtype=np.int64)
            tech_sentences = np.repeat(tech_rows, lengths)
            for tid, name in sorted(names.items(), key=lambda kv: kv[1]):
                in_rows = tech_rows == tid
                in_sentences = tech_sentences == tid
                n = int(in_sentences.sum())
                per_technique[name] = TechniqueFigures(
                    rows=int(in_rows.sum()),
                    mostly_boilerplate=int(mostly[in_rows].sum()),
                    boilerplate_sentence_share=int(is_shared[in_sentences].sum()) / n if n else 0.0,
                    distinct_sentence_share=(len(np.unique(flat[in_sentences])) / n if n else 1.0),
                )
        occurrences: dict[int, int] = {}
        if len(keys):
            found, counts = np.unique(flat[is_shared], return_counts=True)
            occurrences = {int(k): int(c) for k, c in zip(found, counts, strict=True)}
        ranked = sorted(
            self._shared,
            key=lambda h: (-len(self._many[h]), -occurrences.get(h, 0), self._shared[h]),
        )[:worst]
        return BoilerplateReport(
            rows=len(self._ends),
            sentences=len(flat),
            boilerplate_sentences=int(is_shared.sum()),
            mostly_boilerplate_rows=len(flagged),
            min_seeds=self.min_seeds,
            row_share=self.row_share,
            per_technique=per_technique,
            worst=tuple(
                SharedSentence(self._shared[h], len(self._many[h]), occurrences.get(h, 0))
                for h in ranked
            ),
            flagged_rows=flagged,
        )


def _merged(
    a: tuple[I64Array, I64Array], b: tuple[I64Array, I64Array]
) -> tuple[I64Array, I64Array]:
    """Two sorted runs of distinct hashes (no hash in both), with their groups, as one sorted
    run: each of `a`'s hashes goes where `searchsorted` puts it in `b` (linear, no sort)."""
    import numpy as np

    (ka, fa), (kb, fb) = a, b
    at = np.searchsorted(kb, ka)
    at += np.arange(ka.size)  # the place of each of `a`'s hashes in the merged run
    from_a = np.zeros(ka.size + kb.size, dtype=bool)
    from_a[at] = True
    keys = np.empty(from_a.size, dtype=np.int64)
    firsts = np.empty(from_a.size, dtype=np.int64)
    keys[at], firsts[at] = ka, fa
    from_b = ~from_a
    keys[from_b], firsts[from_b] = kb, fb
    return keys, firsts


class BoilerplateIndex:
    """Which seed groups each sentence has appeared in so far, for refusing while generating.

    `would_be_mostly_boilerplate` says whether an answer, once added for `group`, would have at
    least `row_share` of its sentences shared by `min_seeds` groups: the generator refuses it.
    """

    def __init__(self, *, min_seeds: int = MIN_SEEDS, row_share: float = ROW_SHARE) -> None:
        self.min_seeds = min_seeds
        self.row_share = row_share
        self._groups: dict[str, set[str]] = defaultdict(set)

    def check(self, answer: str, group: str) -> tuple[bool, str]:
        """(mostly boilerplate?, the most shared sentence) for `answer` joining `group`."""
        found = sentences(answer)
        if not found:
            return False, ""
        counts = [len(self._groups.get(s, set()) | {group}) for s in found]
        hits = sum(c >= self.min_seeds for c in counts)
        top = max(range(len(found)), key=lambda i: counts[i])
        return hits >= self.row_share * len(found), found[top]

    def add(self, answer: str, group: str) -> None:
        for s in sentences(answer):
            self._groups[s].add(group)
