"""The vectorized MinHash pieces against their plain definitions (same bits, not close ones)."""

from __future__ import annotations

import hashlib

import numpy as np
import numpy.typing as npt
from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer.core.dedup import (
    _EMPTY,
    _densify_t,
    _joined_signatures_t,
    _signatures_t,
    minhash_signatures,
)

U32 = npt.NDArray[np.uint32]
_SALT = 0x9E3779B9


def _densify_plain(sig: U32) -> U32:
    """The definition, one text and one bin at a time: an empty bin takes the value of the next
    non-empty bin (circular) XOR the distance times the salt, capped below the empty marker; a
    text without any non-empty bin stays all empty."""
    p, n = sig.shape
    out = sig.copy()
    for t in range(n):
        col = sig[:, t].tolist()
        if all(v == int(_EMPTY) for v in col):
            continue
        for j in range(p):
            if col[j] != int(_EMPTY):
                continue
            d = 1
            while col[(j + d) % p] == int(_EMPTY):
                d += 1
            out[j, t] = min(col[(j + d) % p] ^ ((d * _SALT) & 0xFFFFFFFF), 0xFFFFFFFE)
    return out


def _densify_sweep(sig: U32) -> None:
    """The slot-by-slot sweep `_densify_t` used before (a loop over the slots, vectorized over
    the texts), kept here as a second reference."""
    p, n = sig.shape
    hole = sig == _EMPTY
    if n == 0 or not hole.any():
        return
    filled = ~hole
    has_any = filled.any(axis=0)
    first = np.argmax(filled, axis=0)
    cur = sig[first, np.arange(n)]
    dist = first.astype(np.uint32)
    fill_val = np.empty_like(sig)
    fill_dist = np.empty_like(sig)
    for j in range(p - 1, -1, -1):
        dist += np.uint32(1)
        np.copyto(dist, 0, where=filled[j])
        np.copyto(cur, sig[j], where=filled[j])
        fill_val[j] = cur
        fill_dist[j] = dist
    with np.errstate(over="ignore"):
        fill_dist *= np.uint32(_SALT)
    fill_val ^= fill_dist
    np.minimum(fill_val, np.uint32(0xFFFFFFFE), out=fill_val)
    hole &= has_any
    np.copyto(sig, fill_val, where=hole)


@st.composite
def _hole_patterns(draw: st.DrawFn) -> U32:
    p = draw(st.sampled_from([2, 4, 8, 64, 128]))
    n = draw(st.sampled_from([0, 1, 3, 63, 64, 65, 150]))
    seed = draw(st.integers(0, 2**32 - 1))
    empty_share = draw(st.sampled_from([0.0, 0.3, 0.6, 0.95, 1.0]))
    rng = np.random.default_rng(seed)
    # values up to the cap, the cap itself included (a filled bin may hold 0xFFFFFFFE)
    sig = rng.integers(0, 0xFFFFFFFE, size=(p, n), dtype=np.uint32, endpoint=True)
    sig[rng.random((p, n)) < empty_share] = _EMPTY
    if n:
        sig[:, rng.random(n) < 0.2] = _EMPTY  # texts without any word
        sig[:, rng.random(n) < 0.1] = np.uint32(0xFFFFFFFE)
    return sig


@settings(max_examples=150, deadline=None)
@given(_hole_patterns(), st.booleans())
def test_densify_equals_the_definition_and_the_old_sweep(sig: U32, text_major: bool) -> None:
    """Random hole patterns, few and many texts, all-empty texts, a full row of capped
    values; slot-major arrays and transposed views of text-major ones alike."""
    want = _densify_plain(sig)
    swept = sig.copy()
    _densify_sweep(swept)
    got = np.ascontiguousarray(sig.T).T if text_major else sig.copy()  # (p, n), strided or not
    _densify_t(got)
    assert np.array_equal(swept, want)
    assert np.array_equal(got, want)


def test_densify_all_empty_and_all_full() -> None:
    empty = np.full((64, 70), _EMPTY, dtype=np.uint32)
    _densify_t(empty)
    assert (empty == _EMPTY).all()
    full = np.arange(64 * 70, dtype=np.uint32).reshape(64, 70)
    before = full.copy()
    _densify_t(full)
    assert np.array_equal(full, before)


_TEXTS = st.lists(
    st.text(
        alphabet=st.sampled_from([*"abcXYZ ção\tÁÉÿÀÇ.\n", "€", "😀", "\ud800", " "]),
        max_size=60,
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=100, deadline=None)
@given(_TEXTS)
def test_joined_message_hashes_as_the_list_of_texts(texts: list[str]) -> None:
    """The child hashes a message of texts joined by NUL without splitting it: Latin-1 bytes
    (upper-case accented letters included) and plain strings give the signatures of the list."""
    want = _signatures_t(texts, 64, 5, 1)
    joined = "\0".join(texts)
    assert np.array_equal(_joined_signatures_t(joined, 64, 5, 1), want)
    try:
        as_latin_1 = joined.encode("latin-1")
    except UnicodeEncodeError:
        return
    assert np.array_equal(_joined_signatures_t(as_latin_1, 64, 5, 1), want)


def test_signatures_are_those_of_the_released_hashing() -> None:
    """Fixed texts, fixed bits: signatures are stored and compared across versions, so a faster
    hashing must give the same ones (digests taken from the slot-loop version)."""
    texts = [
        "",
        "um",
        "Uma resposta com CINCO palavras ou mais, e ação.",
        "x " * 70,
        "ÁÉÍ ÓÚ ção ÿ € 😀 \ud800 um dois três",
        "a\x00b c d e f g",
        "  \n\t ",
    ]
    want = {
        2: "61eea7dc6c894c99",
        16: "9b204601b128c98c",
        64: "da7b9e6eed67b6f7",
        128: "3e519bc69acae50a",
    }
    for perm, digest in want.items():
        sig = minhash_signatures(texts, num_perm=perm)
        assert hashlib.sha256(sig.tobytes()).hexdigest()[:16] == digest
