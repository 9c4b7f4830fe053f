"""Accent folding and word splitting, shared by the Tribunal's judges and its output-failure gate.

`fold` lowercases and drops accents ("Não" -> "nao"; NFKD, then ASCII only); `words` splits a
folded text into its runs of ``[a-z0-9]``. Both run on every answer judged or validated, so Latin-1
text (English, Portuguese, Spanish, French...) goes through byte tables built once from NFKD
itself: the same output, several times faster than normalizing and a regex. Other text takes the
plain path; property tests hold both paths to one output. Where the compiled helper
(`core._fold`, built by setup.py) is there, it walks the same tables in one pass.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable

from noesis_trainer.core import native
from noesis_trainer.errors import NoesisError

WORD = re.compile(r"[a-z0-9]+")
"""A word of folded text."""


_TYPOGRAPHIC = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201b\u02bc", "'"),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    }
)
"""Typographic apostrophes and dashes, as their ASCII marks: NFKD keeps them, and dropped they
would join words ("can’t" would read "cant" where "can't" reads "can" and "t"; "kidney—failure"
one word)."""


def fold_plain(text: str) -> str:
    """The definition of `fold`: lowercase, typographic apostrophes and dashes as ASCII
    (`_TYPOGRAPHIC`), NFKD, ASCII only."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    lowered = lowered.translate(_TYPOGRAPHIC)
    return unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode("ascii")


def _latin1_tables() -> tuple[bytes, bytes, tuple[tuple[bytes, bytes], ...]]:
    """Per Latin-1 byte: the ASCII byte `fold_plain` leaves of it (lowercase included), the
    bytes it deletes (no ASCII part), and (byte, ASCII bytes) for the few it expands to several
    ("¼" -> "14"). Folding is character by character on Latin-1 text (lowercasing there never
    looks at neighbours, and NFKD only reorders combining marks, which leave no ASCII), so the
    tables give `fold_plain`'s output; lowercasing in the table spares a `str.lower` pass."""
    table = bytearray(range(256))
    drop = bytearray()
    expands: list[tuple[bytes, bytes]] = []
    for code in range(256):
        kept = fold_plain(chr(code)).encode("ascii")
        if len(kept) > 1:
            expands.append((bytes([code]), kept))
        elif kept:
            table[code] = kept[0]
        else:
            drop.append(code)
    return bytes(table), bytes(drop), tuple(expands)


_FOLD, _DROP, _EXPANDS = _latin1_tables()
_NOT_WORD = bytes(c if (97 <= c <= 122 or 48 <= c <= 57) else 32 for c in range(256))
_FOLD_WORD = bytes(_NOT_WORD[_FOLD[c]] for c in range(256))
"""`_FOLD`, then every byte that is not a folded word character to a space: folding and word
splitting in one pass."""


def latin1_word_bytes() -> list[bytes]:
    """Per Latin-1 character, what `folded_words` makes of it: word bytes (``[a-z0-9]``), a
    space (a word break), several bytes ("¼" -> "14") or none (dropped: the word goes on).
    Folding Latin-1 is character by character, so these 256 entries are the whole of it (the
    native prescreen of the output-failure detectors reads them)."""
    return [_fold_latin1(bytes([code]), _FOLD_WORD) for code in range(256)]


def _fold_latin1(raw: bytes, table: bytes) -> bytes:
    """Latin-1 bytes through `table` (expanding bytes replaced first: a memchr each, the byte
    given as an integer: ``bytes in bytes`` would first format and clear a TypeError)."""
    for byte, ascii_part in _EXPANDS:
        if byte[0] in raw:
            raw = raw.replace(byte, ascii_part)
    return raw.translate(table, _DROP)


def _fold_wider(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a run of characters outside Latin-1 ("—", "“", "ő", Cyrillic...)
    becomes its `fold_plain` (ASCII) inside the Latin-1 encoding, so text with a dash or a
    curly quote keeps the byte-table path instead of normalizing the whole text."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    folded = _fold_run(err.object[err.start : err.end])
    if folded is None:
        raise _NeedsPlain("folds to capital letters")
    return folded, err.end


def _fold_run(run: str) -> str | None:
    """The `fold_plain` of a run of characters outside Latin-1, or None where it folds to
    capital letters ("𝓐" -> "A": the tables would lowercase it; the whole text takes the plain
    path). The codec handler and the compiled helper fold such runs alike."""
    folded = fold_plain(run)
    return None if folded.lower() != folded else folded


class _NeedsPlain(NoesisError):
    """Raised through the codec when a run folds to capital ASCII letters (mathematical
    alphanumerics): the text takes the plain path. Never leaves this module."""


_WIDER = "noesis.fold-wider"
codecs.register_error(_WIDER, _fold_wider)


def _fold_bytes(text: str, table: bytes) -> bytes | None:
    """`text` folded through `table`, or None where only `fold_plain` can say."""
    try:
        return _fold_latin1(text.encode("latin-1", _WIDER), table)
    except _NeedsPlain:
        return None


STEM_CHARS = 5
"""Prefix length used as a stemmer of folded words: "computação", "computacional", "computer"
share "compu" (the Tribunal's topic stems and background weights)."""


def fold(text: str) -> str:
    """Lowercase and strip accents ("Não" -> "nao"); non-Latin symbols are dropped."""
    if text.isascii() or _NATIVE_FOLD is None:
        return python_fold(text)
    done = _NATIVE_FOLD(text, _FOLD_TABLE, _fold_run)
    return fold_plain(text) if done is None else done


def words(folded: str) -> list[str]:
    """``WORD.findall(folded)`` for a folded (ASCII) text, through a byte table."""
    return folded.encode("ascii").translate(_NOT_WORD).decode("ascii").split()


def folded_words(text: str) -> list[str]:
    """The words of `text` once folded: ``words(fold(text))`` in one byte-table pass."""
    if _NATIVE_FOLD is None:
        return python_folded_words(text)
    done = _NATIVE_FOLD(text, _FOLD_WORD_TABLE, _fold_run)
    return words(fold_plain(text)) if done is None else done.split()


def python_fold(text: str) -> str:
    """`fold` without the compiled helper: the byte-table path it is held to."""
    if text.isascii():
        return text.lower()
    raw = _fold_bytes(text, _FOLD)
    return fold_plain(text) if raw is None else raw.decode("ascii")


def python_folded_words(text: str) -> list[str]:
    """`folded_words` without the compiled helper."""
    raw = _fold_bytes(text, _FOLD_WORD)
    return words(fold_plain(text)) if raw is None else raw.decode("ascii").split()


_FOLD_TABLE = tuple(_fold_latin1(bytes([c]), _FOLD).decode("ascii") for c in range(256))
"""Per Latin-1 character, what `fold` makes of it (the compiled helper's table)."""
_FOLD_WORD_TABLE = tuple(b.decode("ascii") for b in latin1_word_bytes())
"""Per Latin-1 character, what `folded_words` makes of it before splitting."""


def _load_native_fold() -> (
    Callable[[str, tuple[str, ...], Callable[[str], str | None]], str | None] | None
):
    """The compiled `core._fold.fold`, or None where it was not built or ``NOESIS_NATIVE=0``."""
    if not native.native_allowed():
        return None
    try:
        from noesis_trainer.core import _fold
    except ImportError:
        return None
    return _fold.fold


_NATIVE_FOLD = _load_native_fold()


def native_fold() -> bool:
    """Whether `fold` and `folded_words` run the compiled helper."""
    return _NATIVE_FOLD is not None


_LAST_LOWERED: tuple[str, str] = ("", "")
"""The last text `lowered` saw and its result (one pair, replaced as a whole)."""


def lowered(text: str) -> str:
    """A string in which an ASCII needle is found exactly where it is in ``text.lower()``, for
    case-insensitive pre-tests of ASCII markers ("lorem", "ipsum") on every row of large files.

    Latin-1 text is lowered as bytes (no Latin-1 character lowers to an ASCII one, so the ASCII
    positions agree), several times cheaper than `str.lower`; other text gets ``text.lower()``.
    A substring test on a string costs no argument parsing (``bytes in bytes`` first tries the
    needle as an integer, and formats and clears a TypeError: 1,800 instructions a test on
    CPython 3.11). The last text's result is kept: the marker rule and the output-failure
    detectors look at the same answer one after the other."""
    global _LAST_LOWERED
    last_text, last = _LAST_LOWERED
    if last_text is text:
        return last
    if text.isascii():
        low = text.lower()
    else:
        try:
            low = text.encode("latin-1").lower().decode("latin-1")
        except UnicodeEncodeError:
            low = text.lower()
    _LAST_LOWERED = (text, low)
    return low
