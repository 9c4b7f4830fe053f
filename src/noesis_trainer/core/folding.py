"""Accent folding and word splitting, shared by the Tribunal's judges and its output-failure gate.

`fold` lowercases and drops accents ("Não" -> "nao"; NFKD, then ASCII only); `words` splits a
folded text into its runs of ``[a-z0-9]``. Both run on every answer judged or validated, so Latin-1
text (English, Portuguese, Spanish, French...) goes through byte tables built once from NFKD
itself: the same output, several times faster than normalizing and a regex. Other text takes the
plain path; property tests hold both paths to one output.
"""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[a-z0-9]+")
"""A word of folded text."""


def fold_plain(text: str) -> str:
    """The definition of `fold`: lowercase, NFKD, ASCII only."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode("ascii")


def _latin1_tables() -> tuple[bytes, bytes, tuple[bytes, ...]]:
    """Per Latin-1 byte: the ASCII byte `fold_plain` leaves of it (lowercase included), the
    bytes it deletes (no ASCII part), and the bytes it expands to several (those take the plain
    path). Lowercasing in the table spares a `str.lower` pass over the text."""
    table = bytearray(range(256))
    drop = bytearray()
    expands: list[bytes] = []
    for code in range(256):
        kept = fold_plain(chr(code)).encode("ascii")
        if len(kept) > 1:
            expands.append(bytes([code]))
        elif kept:
            table[code] = kept[0]
        else:
            drop.append(code)
    return bytes(table), bytes(drop), tuple(expands)


_FOLD, _DROP, _EXPANDS = _latin1_tables()
_NOT_WORD = bytes(c if (97 <= c <= 122 or 48 <= c <= 57) else 32 for c in range(256))
_EXPANDS_RE = re.compile(b"[" + b"".join(re.escape(c) for c in _EXPANDS) + b"]")
"""One search for any byte of `_EXPANDS` (a generator of `in` tests: three scans and a frame)."""


def fold(text: str) -> str:
    """Lowercase and strip accents ("Não" -> "nao"); non-Latin symbols are dropped."""
    if text.isascii():
        return text.lower()
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        return fold_plain(text)
    if _EXPANDS_RE.search(raw) is not None:
        return fold_plain(text)
    return raw.translate(_FOLD, _DROP).decode("ascii")


def words(folded: str) -> list[str]:
    """``WORD.findall(folded)`` for a folded (ASCII) text, through a byte table."""
    return folded.encode("ascii").translate(_NOT_WORD).decode("ascii").split()


def folded_words(text: str) -> list[str]:
    """The words of `text` once folded."""
    return words(fold(text))


def lowered_bytes(text: str) -> bytes:
    """Bytes in which an ASCII needle is found exactly where it is in ``text.lower()``.

    Latin-1 text is lowered as bytes (no Latin-1 character lowers to an ASCII one, so the ASCII
    positions agree), several times cheaper than `str.lower`; other text is lowered, then UTF-8
    encoded (no multi-byte sequence holds an ASCII byte). For case-insensitive pre-tests of
    ASCII markers ("lorem", "ipsum") on every row of large files."""
    try:
        return text.encode("latin-1").lower()
    except UnicodeEncodeError:
        return text.lower().encode("utf-8", "surrogatepass")
