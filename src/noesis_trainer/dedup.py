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

import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

U64 = np.uint64
_MASK64 = (1 << 64) - 1
_BASE = 0x100000001B3  # odd: invertible modulo 2**64
_MIX1 = U64(0xBF58476D1CE4E5B9)
_MIX2 = U64(0x94D049BB133111EB)
_EMPTY = np.uint32(0xFFFFFFFF)
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


_POW_CACHED = 1 << 21
_CHUNK_BYTES = _POW_CACHED - 1
"""Texts are hashed in batches of at most this many UTF-8 bytes (bounded temporary memory)."""


def _powers(n: int) -> tuple[U64Array, U64Array]:
    """BASE**i and BASE**-i modulo 2**64 for i < n (the common size is computed once)."""
    if n <= _POW_CACHED:
        return _powers_of(_POW_CACHED)
    return _powers_of.__wrapped__(n)


@functools.lru_cache(maxsize=1)
def _powers_of(n: int) -> tuple[U64Array, U64Array]:
    inv = pow(_BASE, -1, 1 << 64)
    with np.errstate(over="ignore"):
        pw = np.full(n, _BASE, dtype=U64)
        pw[0] = 1
        np.cumprod(pw, out=pw)
        ipw = np.full(n, inv, dtype=U64)
        ipw[0] = 1
        np.cumprod(ipw, out=ipw)
    return pw, ipw


def _mix(h: U64Array) -> U64Array:
    """splitmix64 finalizer, in place: spreads every input bit over the whole word."""
    with np.errstate(over="ignore"):
        h ^= h >> U64(30)
        h *= _MIX1
        h ^= h >> U64(27)
        h *= _MIX2
        h ^= h >> U64(31)
    return h


def _shingle_hashes(
    texts: Sequence[str], shingle: int, seed: int
) -> tuple[U64Array, npt.NDArray[np.intp]]:
    """Hash of every word `shingle`-gram of every text, with the index of its text."""
    data = b"\n".join(t.encode("utf-8", "surrogatepass") for t in texts).lower() + b"\n"
    a = np.frombuffer(data, dtype=np.uint8)
    n = a.size
    is_word = a > 32
    edges = np.flatnonzero(np.diff(is_word.view(np.int8), prepend=np.int8(0)))
    starts, ends = edges[0::2], edges[1::2]
    if starts.size == 0:
        return np.empty(0, dtype=U64), np.empty(0, dtype=np.intp)
    pw, ipw = _powers(n + 1)
    with np.errstate(over="ignore"):
        prefix = np.empty(n + 1, dtype=U64)
        prefix[0] = 0
        np.cumsum(a.astype(U64) * pw[:n], out=prefix[1:])
        words = (prefix[ends] - prefix[starts]) * ipw[starts]
        words ^= U64(seed & _MASK64)
        words = _mix(words)
    # Text of each word: texts are separated by one newline each.
    newlines = np.flatnonzero(a == 10)
    sep_lens = np.fromiter((t.count("\n") for t in texts), dtype=np.intp, count=len(texts))
    text_end = newlines[np.cumsum(sep_lens + 1) - 1]
    words_before = np.searchsorted(starts, text_end)  # words that start before each text's end
    per_text = np.diff(words_before, prepend=0)
    tid = np.repeat(np.arange(len(texts), dtype=np.intp), per_text)
    m = words.size
    k = shingle
    if m >= k:
        same = tid[: m - k + 1] == tid[k - 1 :]
        with np.errstate(over="ignore"):
            sh = words[: m - k + 1].copy()
            for j in range(1, k):
                sh = (sh * U64(0x9E3779B97F4A7C15)) ^ words[j : m - k + 1 + j]
        sh_tid = tid[: m - k + 1][same]
        sh = sh[same]
    else:
        sh = np.empty(0, dtype=U64)
        sh_tid = np.empty(0, dtype=np.intp)
    # Texts with fewer than k words: one shingle made of all their words.
    counts = np.bincount(tid, minlength=len(texts))
    short = np.flatnonzero((counts > 0) & (counts < k))
    if short.size:
        first = np.searchsorted(tid, short)
        extra = np.empty(short.size, dtype=U64)
        with np.errstate(over="ignore"):
            for i, (f, c) in enumerate(zip(first.tolist(), counts[short].tolist(), strict=True)):
                h = U64(0)
                for w in words[f : f + c]:
                    h = (h * U64(0x9E3779B97F4A7C15)) ^ w
                extra[i] = h
        sh = np.concatenate([sh, extra])
        sh_tid = np.concatenate([sh_tid, short])
    return _mix(sh), sh_tid


def minhash_signatures(
    texts: Sequence[str], *, num_perm: int = 64, shingle: int = 5, seed: int = 1
) -> U32Array:
    """One-permutation MinHash signatures, shape ``(len(texts), num_perm)``, dtype uint32.

    A text without words gets the all-empty signature (equal only to other empty texts).
    """
    if num_perm < 2 or num_perm & (num_perm - 1):
        raise ValueError("num_perm must be a power of two >= 2")
    n = len(texts)
    out = np.empty((n, num_perm), dtype=np.uint32)
    start = 0
    while start < n:
        stop, size = start, 0
        while stop < n and (stop == start or size + len(texts[stop]) <= _CHUNK_BYTES // 4):
            size += len(texts[stop])
            stop += 1
        out[start:stop] = _signatures(texts[start:stop], num_perm, shingle, seed)
        start = stop
    return out


def _signatures(texts: Sequence[str], num_perm: int, shingle: int, seed: int) -> U32Array:
    n = len(texts)
    sig = np.full(n * num_perm, _EMPTY, dtype=np.uint32)
    h, tid = _shingle_hashes(texts, shingle, seed)
    bits = num_perm.bit_length() - 1
    bins = (h >> U64(64 - bits)).astype(np.intp)
    values = (h & U64(0xFFFFFFFF)).astype(np.uint32)
    np.minimum(values, np.uint32(0xFFFFFFFE), out=values)  # keep _EMPTY for empty bins only
    np.minimum.at(sig, tid * num_perm + bins, values)
    out = sig.reshape(n, num_perm)
    _densify(out)
    return out


def _densify(sig: U32Array) -> None:
    """Fill each empty bin from the next non-empty bin (circular), salted by the distance."""
    empty = sig == _EMPTY
    rows = np.flatnonzero(empty.any(axis=1) & ~empty.all(axis=1))
    if rows.size == 0:
        return
    sub = sig[rows]
    hole = empty[rows]
    m, p = sub.shape
    if m < 256:
        # Few rows (an incremental index): one suffix-minimum over a doubled row.
        col = np.arange(2 * p)
        where = np.where(np.concatenate([hole, hole], axis=1), 4 * p, col[None, :])
        nxt = np.minimum.accumulate(where[:, ::-1], axis=1)[:, ::-1][:, :p]
    else:
        # Many rows: index (in a doubled, circular row) of the next non-empty bin, one column
        # at a time from the right: 2p cheap vector steps instead of an (m, 2p) scan.
        nxt = np.empty((m, p), dtype=np.int64)
        cur = np.full(m, 2 * p, dtype=np.int64)
        for j in range(2 * p - 1, -1, -1):
            np.copyto(cur, j, where=~hole[:, j % p])
            if j < p:
                nxt[:, j] = cur
    dist = (nxt - np.arange(p)).astype(np.uint32)
    src = np.take_along_axis(sub, nxt % p, axis=1)
    salted = src ^ (dist * np.uint32(0x9E3779B9))
    np.minimum(salted, np.uint32(0xFFFFFFFE), out=salted)
    sig[rows] = np.where(hole, salted, sub)


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


def _band_hashes(sig: U32Array, bands: Iterable[int], rows: int) -> U64Array:
    """One 64-bit hash per (text, band) for the given bands, shape ``(n, len(bands))``."""
    n = sig.shape[0]
    cols = [b * rows + j for b in bands for j in range(rows)]
    part = sig[:, cols].reshape(n, -1, rows)
    with np.errstate(over="ignore"):
        h = np.zeros((n, part.shape[1]), dtype=U64)
        for j in range(rows):
            h *= U64(0x9E3779B97F4A7C15)
            h ^= part[:, :, j]
            h ^= h >> U64(29)
    return h


def candidate_pairs(sig: U32Array, bands: int, rows: int) -> npt.NDArray[np.intp]:
    """Pairs ``(i, j)``, ``i < j``, that share at least one LSH band bucket, shape ``(p, 2)``.

    Buckets are found by sorting 64-bit keys: the high bits hold the band hash (salted by the
    band number), the low bits the row index; a few bands are sorted together, so temporary
    memory stays near 16 MB per step whatever the number of rows. Within a bucket each member
    is paired with the bucket's first member and with its predecessor, which is enough for
    clustering and linear in the bucket size.
    """
    n = sig.shape[0]
    if n < 2:
        return np.empty((0, 2), dtype=np.intp)
    bits = max(1, (n - 1).bit_length())
    low = U64((1 << bits) - 1)
    step = max(1, (1 << 21) // n)
    found: list[npt.NDArray[np.int64]] = [np.empty(0, dtype=np.int64)]
    row_ids = np.arange(n, dtype=U64)[:, None]
    for first_band in range(0, bands, step):
        these = range(first_band, min(bands, first_band + step))
        with np.errstate(over="ignore"):
            bh = _band_hashes(sig, these, rows)
            bh += np.asarray(these, dtype=U64) * U64(0xD1B54A32D192ED03)
            _mix(bh)
            keys = np.sort(((bh & ~low) | row_ids).ravel())
        del bh
        bucket = keys & ~low
        same = bucket[1:] == bucket[:-1]
        del bucket
        if not same.any():
            continue
        row = (keys & low).astype(np.int64)
        idx = np.flatnonzero(same) + 1  # positions that continue a bucket
        run_start = np.flatnonzero(np.concatenate(([True], ~same)))
        first_of = run_start[np.searchsorted(run_start, idx, side="right") - 1]
        # rows are sorted within a bucket, so (earlier, later) pairs come out ordered
        found.append(row[idx - 1] * n + row[idx])
        found.append(row[first_of] * n + row[idx])
    pair_keys = np.sort(np.concatenate(found))
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
    bands, rows = lsh_params(threshold, sig.shape[1])
    pairs = candidate_pairs(sig, bands, rows)
    keep: list[npt.NDArray[np.intp]] = [np.empty((0, 2), dtype=np.intp)]
    step = 1 << 16
    for s in range(0, len(pairs), step):
        chunk = pairs[s : s + step]
        est = estimated_jaccard(sig[chunk[:, 0]], sig[chunk[:, 1]])
        keep.append(chunk[est >= threshold])
    return np.concatenate(keep)


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
    ``chunk_size`` (default 8192) bounds the memory of one hashing batch.
    """
    chunk = int(kw.pop("chunk_size", 8192))
    unknown = set(kw) - {"num_perm", "shingle", "seed"}
    if unknown:
        raise TypeError(f"unexpected keyword argument(s): {', '.join(sorted(unknown))}")
    finder = NearDuplicateFinder(threshold, chunk_size=chunk, **kw)
    finder.extend(texts)
    return finder.clusters()


class NearDuplicateFinder:
    """Batch near-duplicate clustering over a stream of texts in bounded memory.

    Texts are buffered and hashed `chunk_size` at a time; only their signatures (``num_perm``
    uint32 each, 256 bytes at the default) and an exact-text digest are kept. Exact duplicates
    are grouped by digest first, so one representative per distinct text goes through LSH.
    """

    def __init__(
        self,
        threshold: float = 0.8,
        *,
        num_perm: int = 64,
        shingle: int = 5,
        seed: int = 1,
        chunk_size: int = 8192,
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self.seed = seed
        self.chunk_size = chunk_size
        self._pending: list[str] = []
        self._pending_chars = 0
        self._sigs: list[U32Array] = []
        self._digest_first: dict[int, int] = {}
        self._exact_of: list[int] = []  # index of the first identical text, per text
        self._distinct: list[int] = []  # indices hashed into signatures, in order
        self.count = 0

    def add(self, text: str) -> int:
        """Queue one text; returns its index."""
        index = self.count
        self.count += 1
        digest = hash(text)
        first = self._digest_first.setdefault(digest, index)
        self._exact_of.append(first)
        if first == index:
            self._distinct.append(index)
            self._pending.append(text)
            self._pending_chars += len(text)
            if len(self._pending) >= self.chunk_size or self._pending_chars > _CHUNK_BYTES // 4:
                self._flush()
        return index

    def extend(self, texts: Iterable[str]) -> None:
        for t in texts:
            self.add(t)

    def _flush(self) -> None:
        if self._pending:
            if self.num_perm < 2 or self.num_perm & (self.num_perm - 1):
                raise ValueError("num_perm must be a power of two >= 2")
            # The batch is already bounded in size: hash it in one go.
            self._sigs.append(_signatures(self._pending, self.num_perm, self.shingle, self.seed))
            self._pending = []
            self._pending_chars = 0

    def all_identical(self, indices: Sequence[int]) -> bool:
        """Whether the texts at `indices` are all the same text."""
        exact_of = self._exact_of
        first = exact_of[indices[0]]
        return all(exact_of[i] == first for i in indices)

    def exact_clusters(self) -> list[list[int]]:
        """Groups (>= 2) of identical texts, each sorted, ordered by first index."""
        groups: dict[int, list[int]] = {}
        for i, first in enumerate(self._exact_of):
            if first != i:
                groups.setdefault(first, [first]).append(i)
        return sorted(groups.values(), key=lambda g: g[0])

    def clusters(self) -> list[list[int]]:
        """Near-duplicate clusters (exact duplicates included), each sorted, ordered by first."""
        self._flush()
        exact_of = np.asarray(self._exact_of, dtype=np.intp)
        idx = np.arange(self.count, dtype=np.intp)
        dup = exact_of != idx
        parts = [np.stack([exact_of[dup], idx[dup]], axis=1)]
        if len(self._distinct) > 1:
            sig = np.concatenate(self._sigs)
            local = verified_pairs(sig, self.threshold)
            distinct = np.asarray(self._distinct, dtype=np.intp)
            parts.append(distinct[local])
        return _clusters_from_pairs(self.count, np.concatenate(parts))


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
