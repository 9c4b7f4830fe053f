"""Near-duplicate detection: MinHash signatures of word 5-gram shingles, LSH banding, verification.

Why this design: the seed's variations are mostly one answer with a sentence appended, so the
similarity that matters is the overlap of word sequences (Jaccard of word n-gram sets). Hashing
is vectorized over a whole batch of texts with numpy (no Python loop per shingle):

* text -> lower case -> UTF-8 -> words (runs of bytes above 0x20) -> 64-bit polynomial word
  hashes from one prefix sum -> word ``shingle``-gram hashes;
* one-permutation MinHash (each shingle hash falls in one of ``num_perm`` bins, the bin keeps its
  minimum) with rotation densification of empty bins, so one pass gives ``num_perm`` minima;
* LSH banding with ``bands x rows`` chosen for ``threshold`` (false negatives weighted more than
  false positives, since every candidate pair is then verified on the full signature).

`jaccard` computes the exact value on the same shingles, for checks and tests.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import multiprocessing
import os
import re
import weakref
from array import array
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from noesis_trainer.processes import exit_with_parent, fork_available, start_or_close, widen_pipe

U64 = np.uint64
_MASK64 = (1 << 64) - 1
_MIX1 = U64(0xBF58476D1CE4E5B9)
_MIX2 = U64(0x94D049BB133111EB)
_EMPTY = np.uint32(0xFFFFFFFF)
_TOP = U64(1 << 63)
_WORD_RE = re.compile(rb"[^\x00-\x20]+")

U32Array = npt.NDArray[np.uint32]
U64Array = npt.NDArray[np.uint64]


def _words(text: str) -> list[bytes]:
    return _WORD_RE.findall(text.encode("utf-8", "surrogatepass").lower())


def shingles(text: str, shingle: int = 5) -> set[tuple[bytes, ...]]:
    """The exact shingle set: word `shingle`-grams of the lower-cased text (all words if fewer)."""
    words = _words(text)
    if len(words) < shingle:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + shingle]) for i in range(len(words) - shingle + 1)}


def jaccard(a: str, b: str, shingle: int = 5) -> float:
    """Exact Jaccard similarity of the two texts' shingle sets (1.0 for two empty texts)."""
    sa, sb = shingles(a, shingle), shingles(b, shingle)
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)


_CHUNK_CHARS = 1 << 20
"""Texts are hashed in batches of at most about this many characters (bounded temporary memory:
a batch costs roughly 60 bytes of numpy temporaries per character)."""

_K = U64(0x9E3779B97F4A7C15)  # odd multiplier that chains word hashes into a shingle hash
_BYTE_MASKS = np.array(
    [0, *((1 << (8 * i)) - 1 for i in range(1, 8)), _MASK64], dtype=U64
)  # _BYTE_MASKS[k] keeps the first k bytes of a little-endian 8-byte load


def _mix(h: U64Array) -> U64Array:
    """splitmix64 finalizer, in place: spreads every input bit over the whole word."""
    with np.errstate(over="ignore"):
        h ^= h >> U64(30)
        h *= _MIX1
        h ^= h >> U64(27)
        h *= _MIX2
        h ^= h >> U64(31)
    return h


def _batch_bytes(texts: Sequence[str]) -> bytes:
    """`_joined_bytes` of the texts joined by NUL.

    A NUL inside a text is a word separator anyway (every byte <= 0x20 is), so it is replaced
    by a space and NUL then marks text boundaries only.
    """
    joined = "\0".join(texts)
    if joined.count("\0") != max(len(texts) - 1, 0):
        joined = "\0".join(t.replace("\0", " ") for t in texts)
    return _joined_bytes(joined)


def _word_hashes(data: bytes, n: int, seed: int) -> tuple[U64Array, npt.NDArray[np.intp]]:
    """A 64-bit hash of every word (run of bytes > 0x20) of ``data[:n]``, and the word starts.

    Each word is read 8 bytes at a time with unaligned little-endian loads (one gather per 8
    bytes of word, no work per byte besides finding the word edges), then mixed.
    """
    a = np.frombuffer(data, dtype=np.uint8, count=n)
    is_word = a > 32
    edges = np.flatnonzero(is_word[1:] != is_word[:-1])
    edges += 1
    starts, ends = edges[0::2], edges[1::2]  # data starts and ends with NUL: edges pair up
    lens = ends - starts
    loads = np.ndarray((n,), dtype="<u8", buffer=data, strides=(1,))  # 8 bytes from any offset
    words = loads[starts]
    words &= _BYTE_MASKS[np.minimum(lens, 8)]
    long = np.flatnonzero(lens > 8)
    offset = 8
    with np.errstate(over="ignore"):
        while long.size:
            rest = lens[long] - offset
            part = loads[starts[long] + offset]
            part &= _BYTE_MASKS[np.minimum(rest, 8)]
            words[long] = _mix(words[long]) ^ part
            long = long[rest > 8]
            offset += 8
        words ^= U64(seed & _MASK64)
    return _mix(words), starts


def _shingle_hashes(
    texts: Sequence[str], shingle: int, seed: int
) -> tuple[U64Array, npt.NDArray[np.intp]]:
    """Hash of every word `shingle`-gram of every text, with the index of its text."""
    return _shingle_hashes_of(_batch_bytes(texts), len(texts), shingle, seed)


def _shingle_hashes_of(
    data: bytes, n_texts: int, shingle: int, seed: int
) -> tuple[U64Array, npt.NDArray[np.intp]]:
    """`_shingle_hashes` of the `n_texts` texts that `_batch_bytes` put in `data`."""
    n = len(data) - 8
    words, starts = _word_hashes(data, n, seed)
    if starts.size == 0:
        return np.empty(0, dtype=U64), np.empty(0, dtype=np.intp)
    text_end = np.flatnonzero(np.frombuffer(data, dtype=np.uint8, count=n) == 0)[1:]
    per_text = np.diff(np.searchsorted(starts, text_end), prepend=0)
    tid = np.repeat(np.arange(n_texts, dtype=np.intp), per_text)
    m, k = words.size, shingle
    if m >= k:
        with np.errstate(over="ignore"):
            sh = words[: m - k + 1] * _K
            for j in range(1, k):
                sh ^= words[j : m - k + 1 + j]
                if j < k - 1:
                    sh *= _K
        same = tid[: m - k + 1] == tid[k - 1 :]  # the shingle does not cross a text boundary
        sh_tid = tid[: m - k + 1][same]
        sh = sh[same]
    else:
        sh = np.empty(0, dtype=U64)
        sh_tid = np.empty(0, dtype=np.intp)
    # Texts with fewer than k words: one shingle made of all their words.
    short = np.flatnonzero((per_text > 0) & (per_text < k))
    if short.size:
        first = np.searchsorted(tid, short)
        count = per_text[short]
        with np.errstate(over="ignore"):
            extra = words[first]
            for j in range(1, k - 1):
                more = np.flatnonzero(count > j)
                extra[more] = (extra[more] * _K) ^ words[first[more] + j]
        sh = np.concatenate([sh, extra])
        sh_tid = np.concatenate([sh_tid, short])
    return _mix(sh), sh_tid


def _check_num_perm(num_perm: int) -> None:
    if num_perm < 2 or num_perm & (num_perm - 1):
        raise ValueError("num_perm must be a power of two >= 2")


def _batches(texts: Sequence[str], max_texts: int = 1 << 16) -> Iterable[tuple[int, int]]:
    """``(start, stop)`` ranges of at most `max_texts` texts and about `_CHUNK_CHARS` chars."""
    n = len(texts)
    start = 0
    while start < n:
        stop, size = start, 0
        while stop < n and stop - start < max_texts and (stop == start or size < _CHUNK_CHARS):
            size += len(texts[stop])
            stop += 1
        yield start, stop
        start = stop


def minhash_signatures(
    texts: Sequence[str], *, num_perm: int = 64, shingle: int = 5, seed: int = 1
) -> U32Array:
    """One-permutation MinHash signatures, shape ``(len(texts), num_perm)``, dtype uint32.

    A text without words gets the all-empty signature (equal only to other empty texts).
    """
    _check_num_perm(num_perm)
    return np.ascontiguousarray(_signatures_t(texts, num_perm, shingle, seed).T)


def _signatures_t(texts: Sequence[str], num_perm: int, shingle: int, seed: int) -> U32Array:
    """Signatures slot-major, shape ``(num_perm, len(texts))``: slot rows are contiguous."""
    ranges = list(_batches(texts))
    if len(ranges) == 1:
        return _batch_signatures_t(texts, num_perm, shingle, seed)
    out = np.empty((num_perm, len(texts)), dtype=np.uint32)
    for start, stop in ranges:
        out[:, start:stop] = _batch_signatures_t(texts[start:stop], num_perm, shingle, seed)
    return out


def _batch_signatures_t(texts: Sequence[str], num_perm: int, shingle: int, seed: int) -> U32Array:
    return _signatures_of(_batch_bytes(texts), len(texts), num_perm, shingle, seed)


def _signatures_of(data: bytes, n: int, num_perm: int, shingle: int, seed: int) -> U32Array:
    """Slot-major signatures of the `n` texts that `_batch_bytes` put in `data`."""
    sig = np.full(num_perm * n, _EMPTY, dtype=np.uint32)
    h, tid = _shingle_hashes_of(data, n, shingle, seed)
    bits = num_perm.bit_length() - 1
    cell = (h >> U64(64 - bits)).astype(np.intp)  # the bin: the top bits of the hash
    cell *= n
    cell += tid
    values = h.astype(np.uint32)  # the value: the low 32 bits
    np.minimum(values, np.uint32(0xFFFFFFFE), out=values)  # keep _EMPTY for empty bins only
    np.minimum.at(sig, cell, values)
    out = sig.reshape(num_perm, n)
    _densify_t(out)
    return out


def _densify_t(sig: U32Array) -> None:
    """Fill each empty bin from the next non-empty bin (circular), salted by the distance.

    Slot-major layout ``(num_perm, n)``, no loop over the slots: each bin becomes a 64-bit key,
    its slot index in the high half and its value in the low half (an empty bin also gets the
    top bit), so one suffix minimum along the slots finds, for every bin, the next non-empty bin
    and carries its value along; the circular wrap is one more minimum with the first
    non-empty bin's key one turn later. A non-empty bin finds itself (distance 0, its value
    unchanged), so the result is written over the whole array. A property test holds it to the
    plain definition (and to the slot-by-slot sweep it replaced).
    """
    p, n = sig.shape
    hole = sig == _EMPTY
    if n == 0 or not hole.any():
        return
    keys = np.bitwise_or(sig, (np.arange(p, dtype=U64) << U64(32))[:, None])
    keys |= np.left_shift(hole, 63, dtype=U64)
    del hole
    backwards = keys[::-1]
    np.minimum.accumulate(backwards, axis=0, out=backwards)  # next non-empty bin at or after
    first = keys[0]  # each text's first non-empty bin (the top bit set: the text has none)
    with np.errstate(over="ignore"):
        np.minimum(keys, first + U64(p << 32), out=keys)  # none after: wrap to the first
        dist = (keys >> U64(32)).astype(np.uint32)
        dist -= np.arange(p, dtype=np.uint32)[:, None]
        dist *= np.uint32(0x9E3779B9)
    filled = keys.astype(np.uint32)
    filled ^= dist
    np.minimum(filled, np.uint32(0xFFFFFFFE), out=filled)
    sig[...] = filled
    empty = first >= _TOP
    if empty.any():
        sig[:, empty] = _EMPTY  # a text without words keeps the all-empty signature


@functools.lru_cache(maxsize=64)
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows), ``bands*rows <= num_perm``, minimizing the weighted FP/FN probability mass.

    False negatives weigh 0.95 (a missed pair is lost), false positives 0.05 (they only cost a
    verification); the candidate probability at the threshold itself is kept >= 0.9.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError("threshold must be in (0, 1]")
    xs = np.linspace(0.0, 1.0, 401)
    best: tuple[float, int, int] | None = None
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            p = 1.0 - (1.0 - xs**r) ** b
            fp = float(np.trapezoid(np.where(xs < threshold, p, 0.0), xs))
            fn = float(np.trapezoid(np.where(xs >= threshold, 1.0 - p, 0.0), xs))
            cost = 0.05 * fp + 0.95 * fn
            if 1.0 - (1.0 - threshold**r) ** b < 0.9:
                cost += 1.0  # keep candidate recall at the threshold itself >= 90%
            if best is None or cost < best[0]:
                best = (cost, b, r)
    assert best is not None
    return best[1], best[2]


def estimated_jaccard(a: U32Array, b: U32Array) -> npt.NDArray[np.float64]:
    """Fraction of equal signature slots, row by row (the MinHash estimate of Jaccard)."""
    equal = np.asarray(np.count_nonzero(a == b, axis=-1), dtype=np.float64)
    out: npt.NDArray[np.float64] = equal / a.shape[-1]
    return out


class NearDuplicateIndex:
    """An incremental LSH index: add texts under integer keys, ask which indexed texts are close.

    Candidates from the LSH buckets are verified on the full signature, so `query` returns keys
    whose *estimated* Jaccard similarity is at least `threshold`.
    """

    def __init__(
        self, threshold: float = 0.8, *, num_perm: int = 64, shingle: int = 5, seed: int = 1
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self.seed = seed
        self.bands, self.rows = lsh_params(threshold, num_perm)
        self._buckets: list[dict[bytes, list[int]]] = [{} for _ in range(self.bands)]
        self._sigs: dict[int, U32Array] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, key: object) -> bool:
        return key in self._sigs

    def signature(self, text: str) -> U32Array:
        sig = minhash_signatures(
            [text], num_perm=self.num_perm, shingle=self.shingle, seed=self.seed
        )
        row: U32Array = sig[0]
        return row

    def _band_keys(self, sig: U32Array) -> list[bytes]:
        r = self.rows
        return [sig[i * r : (i + 1) * r].tobytes() for i in range(self.bands)]

    def _query_sig(self, sig: U32Array, band_keys: list[bytes]) -> list[int]:
        cands: set[int] = set()
        for bucket, bk in zip(self._buckets, band_keys, strict=True):
            found = bucket.get(bk)
            if found:
                cands.update(found)
        if not cands:
            return []
        keys = sorted(cands)
        mat = np.stack([self._sigs[k] for k in keys])
        est = estimated_jaccard(mat, sig[None, :])
        return [k for k, e in zip(keys, est.tolist(), strict=True) if e >= self.threshold]

    def _add_sig(self, key: int, sig: U32Array, band_keys: list[bytes]) -> None:
        if key in self._sigs:
            raise KeyError(f"key {key} is already in the index")
        self._sigs[key] = sig
        for bucket, bk in zip(self._buckets, band_keys, strict=True):
            bucket.setdefault(bk, []).append(key)

    def add(self, key: int, text: str) -> None:
        sig = self.signature(text)
        self._add_sig(key, sig, self._band_keys(sig))

    def query(self, text: str) -> list[int]:
        """Keys of indexed texts whose estimated Jaccard with `text` is >= threshold (sorted)."""
        sig = self.signature(text)
        return self._query_sig(sig, self._band_keys(sig))

    def _signatures(self, texts: Sequence[str]) -> U32Array:
        return minhash_signatures(
            texts, num_perm=self.num_perm, shingle=self.shingle, seed=self.seed
        )

    def add_many(self, keys: Sequence[int], texts: Sequence[str]) -> None:
        """`add` for many texts, hashed in one vectorized batch (much faster per text)."""
        if len(keys) != len(texts):
            raise ValueError("keys and texts must have the same length")
        for key, sig in zip(keys, self._signatures(texts), strict=True):
            self._add_sig(key, sig, self._band_keys(sig))

    def query_many(self, texts: Sequence[str]) -> list[list[int]]:
        """`query` for many texts (against the index as it is), hashed in one batch."""
        return [self._query_sig(sig, self._band_keys(sig)) for sig in self._signatures(texts)]

    def add_and_query(self, key: int, text: str) -> list[int]:
        """`query`, then `add`: the near-duplicates among the texts indexed before this one."""
        sig = self.signature(text)
        band_keys = self._band_keys(sig)
        found = self._query_sig(sig, band_keys)
        self._add_sig(key, sig, band_keys)
        return found


def _band_keys_t(sig_t: U32Array, band: int, rows: int) -> U64Array:
    """One 64-bit hash per text of one LSH band, from slot-major signatures."""
    part = sig_t[band * rows : (band + 1) * rows]
    h = part[0].astype(U64)
    with np.errstate(over="ignore"):
        h += U64(band + 1) * U64(0xD1B54A32D192ED03)
        for j in range(1, rows):
            h *= _K
            h ^= part[j].astype(U64)
    return _mix(h)


def candidate_pairs(sig: U32Array, bands: int, rows: int) -> npt.NDArray[np.intp]:
    """Pairs ``(i, j)``, ``i < j``, that share at least one LSH band bucket, shape ``(p, 2)``.

    `sig` is ``(n, num_perm)`` as `minhash_signatures` returns it. Within a bucket each member
    is paired with the bucket's first member and with its predecessor: enough for clustering,
    and linear in the bucket size.
    """
    return _candidate_pairs_t(np.ascontiguousarray(sig.T), range(bands), rows)


def _candidate_pairs_t(sig_t: U32Array, bands: Iterable[int], rows: int) -> npt.NDArray[np.intp]:
    """`candidate_pairs` of the given bands on slot-major signatures ``(num_perm, n)``.

    Buckets are found by sorting one band at a time: a 64-bit key holds the band hash in its
    high bits and the text index in its low bits, so equal band hashes end up adjacent, in text
    order.
    """
    n = sig_t.shape[1]
    if n < 2:
        return np.empty((0, 2), dtype=np.intp)
    bits = max(1, (n - 1).bit_length())
    low = U64((1 << bits) - 1)
    row_ids = np.arange(n, dtype=U64)
    found: list[npt.NDArray[np.int64]] = [np.empty(0, dtype=np.int64)]
    for band in bands:
        keys = _band_keys_t(sig_t, band, rows)
        keys &= ~low
        keys |= row_ids
        keys.sort()
        high = keys >> U64(bits)
        same = high[1:] == high[:-1]
        del high
        idx = np.flatnonzero(same)
        if idx.size == 0:
            continue
        idx += 1  # positions that continue a bucket
        keys &= low
        row = keys.view(np.int64)  # the text indices, in bucket order
        starts = np.flatnonzero(~same) + 1  # positions that open a new bucket (besides 0)
        first_of = np.zeros(n, dtype=np.int64)
        first_of[starts] = starts
        np.maximum.accumulate(first_of, out=first_of)
        head = first_of[idx]
        keep = head != idx - 1  # else the same pair as the predecessor's
        later = row[idx]
        # text order within a bucket: (earlier, later)
        a = np.concatenate([row[idx - 1], row[head[keep]]])
        b = np.concatenate([later, later[keep]])
        found.append(a * n + b)
    pair_keys = np.concatenate(found)
    pair_keys.sort()
    if pair_keys.size:
        pair_keys = pair_keys[np.concatenate(([True], pair_keys[1:] != pair_keys[:-1]))]
    return np.stack([pair_keys // n, pair_keys % n], axis=1).astype(np.intp)


def clusters_from_signatures(sig: U32Array, threshold: float) -> list[list[int]]:
    """Clusters (size >= 2, sorted) of rows whose estimated Jaccard >= threshold."""
    n = sig.shape[0]
    if n < 2:
        return []
    return _clusters_from_pairs(n, verified_pairs(sig, threshold))


def verified_pairs(sig: U32Array, threshold: float) -> npt.NDArray[np.intp]:
    """LSH candidate pairs whose estimated Jaccard is >= threshold, shape ``(p, 2)``."""
    return _verified_pairs_t(np.ascontiguousarray(sig.T), threshold)


def _verify(sig: U32Array, pairs: npt.NDArray[np.intp], threshold: float) -> npt.NDArray[np.intp]:
    """The pairs whose estimated Jaccard (share of equal signature slots) is >= threshold.

    `sig` is text-major ``(n, num_perm)``; pairs are compared a few thousand at a time, so the
    gathered rows stay in cache.
    """
    if pairs.size == 0:
        return pairs
    p = sig.shape[1]
    need = min(k for k in range(p + 1) if k / p >= threshold)  # equal slots that pass
    keep = np.empty(len(pairs), dtype=bool)
    step = 1 << 12
    for s in range(0, len(pairs), step):
        a, b = pairs[s : s + step, 0], pairs[s : s + step, 1]
        keep[s : s + len(a)] = np.count_nonzero(sig[a] == sig[b], axis=1) >= need
    out: npt.NDArray[np.intp] = pairs[keep]
    return out


def _verified_pairs_t(sig_t: U32Array, threshold: float) -> npt.NDArray[np.intp]:
    """`verified_pairs` on slot-major signatures ``(num_perm, n)``."""
    bands, rows = lsh_params(threshold, sig_t.shape[0])
    pairs = _candidate_pairs_t(sig_t, range(bands), rows)
    return _verify(np.ascontiguousarray(sig_t.T), pairs, threshold)


def connected_labels(n: int, pairs: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """Component label (smallest member) of each of `n` nodes joined by `pairs` (hook+jump)."""
    labels = np.arange(n, dtype=np.intp)
    if pairs.size == 0:
        return labels
    a, b = pairs[:, 0], pairs[:, 1]
    while True:
        la, lb = labels[a], labels[b]
        low = np.minimum(la, lb)
        new = labels.copy()
        np.minimum.at(new, la, low)
        np.minimum.at(new, lb, low)
        while True:  # pointer jumping: point every node at its root
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, labels):
            return labels
        labels = new


def _clusters_from_pairs(n: int, pairs: npt.NDArray[np.intp]) -> list[list[int]]:
    labels = connected_labels(n, pairs)
    in_pair = np.zeros(n, dtype=bool)
    in_pair[pairs.ravel()] = True
    nodes = np.flatnonzero(in_pair)  # only nodes of some pair can be in a cluster
    order = nodes[np.argsort(labels[nodes], kind="stable")]
    sorted_labels = labels[order]
    cuts = np.flatnonzero(sorted_labels[1:] != sorted_labels[:-1]) + 1
    bounds = [0, *cuts.tolist(), order.size]
    members = order.tolist()
    return [members[a:b] for a, b in itertools.pairwise(bounds) if b - a > 1]


def near_duplicate_clusters(
    texts: Sequence[str], threshold: float = 0.8, **kw: Any
) -> list[list[int]]:
    """Clusters (lists of >= 2 indices into `texts`) of near-duplicates, exact ones included.

    Keyword arguments ``num_perm``, ``shingle``, ``seed`` go to `minhash_signatures`;
    ``chunk_size`` bounds the number of texts of one hashing batch.
    """
    chunk = int(kw.pop("chunk_size", _CHUNK_TEXTS))
    unknown = set(kw) - {"num_perm", "shingle", "seed"}
    if unknown:
        raise TypeError(f"unexpected keyword argument(s): {', '.join(sorted(unknown))}")
    finder = NearDuplicateFinder(threshold, chunk_size=chunk, **kw)
    finder.extend(texts)
    return finder.clusters()


_CHUNK_TEXTS = 16384
_DIGEST_BATCH = 4096
"""Digests a finder gathers in a list before converting them to its array at once."""


class NearDuplicateFinder:
    """Batch near-duplicate clustering over a stream of texts in bounded memory.

    Texts are buffered and hashed `chunk_size` at a time (or about `_CHUNK_CHARS` characters);
    only their signatures (``num_perm`` uint32 each, 256 bytes at the default) and a 64-bit
    digest of the exact text are kept. Identical texts are grouped by digest at the end, so one
    representative per distinct text goes through LSH.

    ``worker=True`` (Linux) moves the hashing and the clustering to a forked child process, so
    they run on a second core while the caller keeps reading rows; the clusters are the same.
    Call `close` (or drop the finder) to stop the child.
    """

    def __init__(
        self,
        threshold: float = 0.8,
        *,
        num_perm: int = 64,
        shingle: int = 5,
        seed: int = 1,
        chunk_size: int = _CHUNK_TEXTS,
        worker: bool = False,
    ) -> None:
        _check_num_perm(num_perm)
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self.seed = seed
        self.chunk_size = max(1, chunk_size)
        self._pending: list[str] = []
        self._pending_chars = 0
        self._sigs: list[U32Array] = []  # slot-major ``(num_perm, m)`` blocks, in text order
        self._digests = array("q")  # hash() of each text
        self._recent: list[int] = []  # the latest digests, moved to `_digests` in batches
        self._nul = False  # a pending text holds a NUL
        self._seen: set[int] = set()  # digests of the texts already queued for hashing
        self._exact: npt.NDArray[np.intp] | None = None
        self.count = 0
        self._chunk_chars = _CHUNK_CHARS
        self._worker: _HashingProcess | None = None
        if worker and fork_available():
            with contextlib.suppress(ValueError):  # a bad threshold is the child's to report
                lsh_params(threshold, num_perm)  # cached before the fork: children inherit it
            try:
                self._worker = _HashingProcess(num_perm, shingle, seed)
            except OSError:  # no process to be had (a process limit, no memory): hash here
                self._worker = None
            else:
                self._chunk_chars = _CHUNK_CHARS // 4  # small messages: the pipe holds several
        self._requested = False

    @property
    def uses_process(self) -> bool:
        """Whether hashing and clustering run in a child process."""
        return self._worker is not None

    def add(self, text: str) -> int:
        """Queue one text; returns its index. A text seen before is not hashed again: only
        distinct texts get a MinHash signature (messy files repeat a few texts many times)."""
        digest = hash(text)
        recent = self._recent
        recent.append(digest)  # a list: `array("q").append` parses each int as an argument
        if len(recent) >= _DIGEST_BATCH:
            self._keep_digests()
        self.count += 1
        self._exact = None
        if digest in self._seen:
            return self.count - 1
        self._seen.add(digest)
        if "\0" in text:
            self._nul = True
        pending = self._pending
        pending.append(text)
        self._pending_chars += len(text)
        if len(pending) >= self.chunk_size or self._pending_chars >= self._chunk_chars:
            self._flush()
        return self.count - 1

    def extend(self, texts: Iterable[str]) -> None:
        for t in texts:
            self.add(t)

    def _keep_digests(self) -> None:
        """Move the recent digests into `_digests` (one numpy conversion for the batch)."""
        recent = self._recent
        if recent:
            self._digests.frombytes(np.fromiter(recent, np.int64, len(recent)).tobytes())
            recent.clear()

    def _flush(self) -> None:
        if self._pending:
            pending = self._pending
            if self._worker is not None:
                msg: bytes | str | list[str] = pending
                if not self._nul:  # joined by NUL: one string pickles far faster than a list
                    joined = "\0".join(pending)
                    try:  # Latin-1 text: one copy (pickle encodes UTF-8 a character at a time)
                        msg = joined.encode("latin-1")
                    except UnicodeEncodeError:
                        msg = joined
                self._worker.send(msg)
            else:
                self._sigs.append(_signatures_t(pending, self.num_perm, self.shingle, self.seed))
            self._nul = False
            self._pending = []
            self._pending_chars = 0
            self._exact = None

    def _blocks(self) -> list[U32Array]:
        """Every signature block, the pending texts hashed first."""
        self._flush()
        return self._sigs

    def _exact_of(self) -> npt.NDArray[np.intp]:
        """Per text, the index of the first text identical to it (itself if none before)."""
        self._flush()
        self._keep_digests()
        if self._exact is None:
            digests = np.frombuffer(self._digests, dtype=np.int64)
            order = np.argsort(digests, kind="stable")  # equal digests: first index first
            ordered = digests[order]
            opens = np.ones(order.size, dtype=bool)
            opens[1:] = ordered[1:] != ordered[:-1]
            head = np.flatnonzero(opens)
            exact = np.empty(order.size, dtype=np.intp)
            exact[order] = order[head][np.cumsum(opens) - 1]
            self._exact = exact
        return self._exact

    def all_identical(self, indices: Sequence[int]) -> bool:
        """Whether the texts at `indices` are all the same text."""
        exact_of = self._exact_of()
        return bool((exact_of[np.asarray(indices)] == exact_of[indices[0]]).all())

    def identical_clusters(self, clusters: Sequence[Sequence[int]]) -> list[bool]:
        """`all_identical` for many clusters at once (one vectorized pass)."""
        if not clusters:
            return []
        exact_of = self._exact_of()
        sizes = np.fromiter(map(len, clusters), dtype=np.intp, count=len(clusters))
        members = exact_of[np.fromiter(itertools.chain.from_iterable(clusters), dtype=np.intp)]
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        same = np.minimum.reduceat(members, starts) == np.maximum.reduceat(members, starts)
        out: list[bool] = same.tolist()
        return out

    def exact_clusters(self) -> list[list[int]]:
        """Groups (>= 2) of identical texts, each sorted, ordered by first index."""
        exact_of = self._exact_of()
        dup = np.flatnonzero(exact_of != np.arange(exact_of.size))
        groups: dict[int, list[int]] = {}
        for i, first in zip(dup.tolist(), exact_of[dup].tolist(), strict=True):
            groups.setdefault(first, [first]).append(i)
        return sorted(groups.values(), key=lambda g: g[0])

    def start_clusters(self) -> None:
        """Let the child process start clustering now (no-op without one); `clusters` collects."""
        if self._worker is not None and not self._requested:
            self._worker.send((self._exact_of(), self.threshold))
            self._requested = True

    def clusters(self) -> list[list[int]]:
        """Near-duplicate clusters (exact duplicates included), each sorted, ordered by first."""
        if self._worker is not None:
            self.start_clusters()
            self._requested = False
            return self._worker.result()
        return _cluster_blocks(self._blocks(), self._exact_of(), self.threshold)

    def close(self) -> None:
        """Stop the child process, if any (the finder then can no longer add or cluster)."""
        if self._worker is not None:
            self._worker.close()


def _hashing_main(
    inbox: Any, outbox: Any, num_perm: int, shingle: int, seed: int, parent: int = 0
) -> None:
    """The child: hash every batch of texts it receives; cluster on request; stop on None."""
    if parent:
        exit_with_parent(parent)
    _keep_heap()
    blocks: list[U32Array] = []
    while True:
        try:
            msg = inbox.recv()
        except EOFError:
            return
        if msg is None:
            return
        if isinstance(msg, (bytes, str)):  # texts joined by NUL (Latin-1 bytes, or a str)
            blocks.append(_joined_signatures_t(msg, num_perm, shingle, seed))
            continue
        if isinstance(msg, list):
            blocks.append(_signatures_t(msg, num_perm, shingle, seed))
            continue
        exact_of, threshold = msg
        if len(blocks) > 1:  # one block, the pieces freed: one copy fewer at the peak
            blocks[:] = [np.concatenate(blocks, axis=1)]
        try:
            result: Any = _cluster_blocks(blocks, exact_of, threshold)
        except Exception as err:  # reported to the parent, which raises it
            result = f"{type(err).__name__}: {err}"
        outbox.send(result)


def _hashing_child(
    inbox: Any, outbox: Any, num_perm: int, shingle: int, seed: int, parent: int = 0
) -> None:
    """`_hashing_main` as the forked child runs it: it leaves by ``os._exit`` whatever happens,
    writing no traceback and flushing none of the streams it inherited (a thread of the parent,
    such as a progress bar's, may have held their locks at the fork). If it fails, the parent
    sees its pipe close and says so."""
    code = 1
    try:
        _hashing_main(inbox, outbox, num_perm, shingle, seed, parent)
        code = 0
    finally:
        os._exit(code)


def _joined_bytes(joined: bytes | str) -> bytes:
    """The lower-cased UTF-8 of the texts joined by NUL in `joined` (none holding a NUL), each
    between NUL bytes, plus 8 bytes of padding: what `_word_hashes` reads. The hashing child
    reads its message this way as it is (no split into texts and join again). Latin-1 bytes are
    lowered first (``bytes.lower`` touches ASCII only, so before or after the UTF-8 encoding is
    one)."""
    if isinstance(joined, bytes):
        utf8 = joined.lower().decode("latin-1").encode("utf-8")
    else:
        utf8 = joined.encode("utf-8", "surrogatepass").lower()
    return b"".join((b"\0", utf8, b"\0" * 9))


def _joined_signatures_t(joined: bytes | str, num_perm: int, shingle: int, seed: int) -> U32Array:
    """`_signatures_t` of the texts joined by NUL in `joined` (one batch: a message is small)."""
    count = (joined.count(b"\0") if isinstance(joined, bytes) else joined.count("\0")) + 1
    return _signatures_of(_joined_bytes(joined), count, num_perm, shingle, seed)


def _keep_heap() -> None:
    """In the child only: let malloc reuse freed numpy buffers instead of unmapping them.

    Every batch allocates the same large temporaries; served by fresh ``mmap``s they cost a
    page fault per 4 KiB each time (over a second of system time on 300,000 answers).
    """
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None)
        libc.mallopt(-1, 1 << 30)  # M_TRIM_THRESHOLD: keep freed memory
        libc.mallopt(-3, 1 << 30)  # M_MMAP_THRESHOLD: large blocks from the heap


class _HashingProcess:
    """A forked child that hashes and clusters the texts of one finder: a second core.

    The parent only pickles each batch of texts down a pipe and keeps the 64-bit digests (its
    own `hash`), so the clusters are exactly those of the in-process path. Forked, not
    spawned: nothing is re-imported and the user's script needs no ``__main__`` guard.
    """

    def __init__(self, num_perm: int, shingle: int, seed: int) -> None:
        ctx = multiprocessing.get_context("fork")
        child_in, parent_out = ctx.Pipe(duplex=False)
        parent_in, child_out = ctx.Pipe(duplex=False)
        widen_pipe(parent_out)
        self._proc = ctx.Process(
            target=_hashing_child,
            args=(child_in, child_out, num_perm, shingle, seed, os.getpid()),
            name="noesis-dedup",
            daemon=True,
        )
        start_or_close(self._proc, child_in, parent_out, parent_in, child_out)
        child_in.close()
        child_out.close()
        self._out = parent_out
        self._in = parent_in
        self._finalizer = weakref.finalize(self, _stop, parent_out, parent_in, self._proc)

    def send(self, msg: object) -> None:
        self._out.send(msg)

    def result(self) -> list[list[int]]:
        try:
            result = self._in.recv()
        except EOFError:
            raise RuntimeError("the near-duplicate child process died") from None
        if isinstance(result, str):
            raise RuntimeError(f"near-duplicate clustering failed in the child: {result}")
        out: list[list[int]] = result
        return out

    def close(self) -> None:
        self._finalizer()


def _stop(out: Any, inbox: Any, proc: Any) -> None:
    with contextlib.suppress(Exception):
        out.send(None)
    proc.join(5)
    if proc.is_alive():
        proc.kill()
        proc.join()
    out.close()
    inbox.close()


def _cluster_blocks(
    blocks: list[U32Array], exact_of: npt.NDArray[np.intp], threshold: float
) -> list[list[int]]:
    """Clusters of the texts; the slot-major signature blocks hold the distinct texts only (the
    first of each group of identical texts), in order."""
    count = exact_of.size
    idx = np.arange(count, dtype=np.intp)
    dup = exact_of != idx
    parts = [np.stack([exact_of[dup], idx[dup]], axis=1)]
    distinct = np.flatnonzero(~dup)
    if distinct.size > 1:
        sig_t = blocks[0] if len(blocks) == 1 else np.concatenate(blocks, axis=1)
        parts.append(distinct[_verified_pairs_t(sig_t, threshold)])
    return _clusters_from_pairs(count, np.concatenate(parts))


__all__ = [
    "NearDuplicateFinder",
    "NearDuplicateIndex",
    "candidate_pairs",
    "estimated_jaccard",
    "jaccard",
    "lsh_params",
    "minhash_signatures",
    "near_duplicate_clusters",
    "shingles",
]
