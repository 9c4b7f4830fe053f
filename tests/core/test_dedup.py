"""Near-duplicate index: exact Jaccard, MinHash estimates, LSH recall, clusters."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer.core.dedup import (
    NearDuplicateFinder,
    NearDuplicateIndex,
    _HashingProcess,
    jaccard,
    lsh_params,
    minhash_signatures,
    near_duplicate_clusters,
    shingles,
)
from noesis_trainer.processes import fork_available

VOCAB = [f"w{i}" for i in range(5000)]


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(n))


def test_jaccard_exact_values() -> None:
    a = "a b c d e f"
    b = "a b c d e f g"
    # shingles of a: {abcde, bcdef}; b adds cdefg.
    assert jaccard(a, b) == pytest.approx(2 / 3)
    assert jaccard(a, a) == 1.0
    assert jaccard("", "") == 1.0
    assert jaccard("one two", "three four") == 0.0
    # case and whitespace do not matter; fewer than 5 words is one shingle of all of them
    assert jaccard("Um  Dois\ttrês", "um dois três") == 1.0
    assert shingles("x y", 5) == {(b"x", b"y")}


def test_signature_shape_and_determinism() -> None:
    texts = ["alpha beta gamma delta epsilon zeta", "", "short"]
    s1 = minhash_signatures(texts)
    s2 = minhash_signatures(list(reversed(texts)))[::-1]
    assert s1.shape == (3, 64) and s1.dtype == np.uint32
    assert (s1 == s2).all()  # a text's signature does not depend on its batch neighbours
    assert (s1[1] == 0xFFFFFFFF).all()  # no words: the empty signature
    assert not (s1[0] == 0xFFFFFFFF).any()  # densified: no empty bin left
    with pytest.raises(ValueError, match="power of two"):
        minhash_signatures(texts, num_perm=48)


def test_estimate_tracks_exact_jaccard() -> None:
    rng = random.Random(7)
    errors = []
    for _ in range(150):
        base = _text(rng, rng.randint(60, 200))
        words = base.split()
        cut = rng.randint(0, len(words) // 2)
        other = " ".join(words[cut:] + _text(rng, rng.randint(0, 80)).split())
        sig = minhash_signatures([base, other])
        est = float((sig[0] == sig[1]).mean())
        errors.append(est - jaccard(base, other))
    err = np.abs(np.array(errors))
    assert err.mean() < 0.06
    assert err.max() < 0.25


def test_lsh_params_recall_at_threshold() -> None:
    for threshold in (0.5, 0.7, 0.8):
        b, r = lsh_params(threshold, 64)
        assert b * r <= 64
        assert 1 - (1 - threshold**r) ** b >= 0.9
        assert 1 - (1 - 0.1**r) ** b < 0.05  # unrelated texts rarely become candidates


def test_index_finds_appended_sentence_and_not_unrelated() -> None:
    rng = random.Random(1)
    seed = _text(rng, 150)
    idx = NearDuplicateIndex(threshold=0.8)
    idx.add(10, seed)
    idx.add(11, _text(rng, 150))
    assert idx.query(seed + " e mais uma frase no fim") == [10]
    assert idx.query(_text(rng, 150)) == []
    assert idx.add_and_query(12, seed) == [10]
    assert idx.add_and_query(13, seed) == [10, 12]
    assert len(idx) == 4 and 12 in idx
    with pytest.raises(KeyError, match="already"):
        idx.add(10, "again")


def test_index_batch_methods_match_single_calls() -> None:
    rng = random.Random(2)
    seeds = [_text(rng, 80) for _ in range(20)]
    variants = [s + " " + _text(rng, 4) for s in seeds]
    one = NearDuplicateIndex(threshold=0.8)
    for k, t in enumerate(seeds):
        one.add(k, t)
    many = NearDuplicateIndex(threshold=0.8)
    many.add_many(list(range(20)), seeds)
    assert many.query_many(variants) == [one.query(v) for v in variants] == [[k] for k in range(20)]
    with pytest.raises(ValueError, match="same length"):
        many.add_many([1], [])


def test_clusters_exact_and_near() -> None:
    rng = random.Random(3)
    a, b = _text(rng, 120), _text(rng, 120)
    texts = [a, b, a, _text(rng, 40), a + " " + _text(rng, 5), "", ""]
    clusters = near_duplicate_clusters(texts, threshold=0.8)
    assert clusters == [[0, 2, 4], [5, 6]]
    assert near_duplicate_clusters(texts[:2]) == []
    with pytest.raises(TypeError, match="bogus"):
        near_duplicate_clusters(texts, bogus=1)


def test_finder_chunking_gives_same_clusters() -> None:
    rng = random.Random(5)
    seeds = [_text(rng, 100) for _ in range(30)]
    texts = [s + " " + _text(rng, rng.randint(0, 8)) for s in seeds for _ in range(3)]
    rng.shuffle(texts)
    small = NearDuplicateFinder(0.8, chunk_size=7)
    small.extend(texts)
    assert small.clusters() == near_duplicate_clusters(texts, 0.8, chunk_size=10_000)
    assert len(small.clusters()) == 30
    assert small.exact_clusters() == []


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a b c d e f g", "a b c d e f h", "x", "", "p q r s t u v w"]), max_size=12
    )
)
def test_clusters_partition_and_group_identical(texts: list[str]) -> None:
    clusters = near_duplicate_clusters(texts, threshold=0.9)
    members = [i for c in clusters for i in c]
    assert len(members) == len(set(members))
    assert all(len(c) >= 2 and c == sorted(c) for c in clusters)
    where = {i: k for k, c in enumerate(clusters) for i in c}
    for i, t in enumerate(texts):
        for j in range(i + 1, len(texts)):
            if texts[j] == t:
                assert i in where and where[i] == where[j]


def test_word_hashing_reads_whole_words_and_separators() -> None:
    # words are hashed 8 bytes at a time: a difference in the 30th byte of a word still counts
    long_a = "x" * 30 + " b c d e"
    long_b = "x" * 29 + "y b c d e"
    sig = minhash_signatures([long_a, long_b, long_a])
    assert (sig[0] == sig[2]).all()
    assert (sig[0] != sig[1]).mean() > 0.9  # one shingle each, and they differ
    # every byte <= 0x20 separates words, NUL included; a NUL never merges two texts
    texts = ["um\x00dois três quatro cinco seis", "um dois três quatro cinco seis", "ação"]
    sig = minhash_signatures(texts)
    assert (sig[0] == sig[1]).all() and jaccard(texts[0], texts[1]) == 1.0
    assert (sig[2] != minhash_signatures(["acao"])[0]).mean() > 0.9  # UTF-8 bytes, not ASCII
    # a batch gives each text the signature it gets alone
    alone = np.stack([minhash_signatures([t])[0] for t in texts])
    assert (alone == sig).all()


def test_finder_exact_groups_and_cluster_kinds() -> None:
    rng = random.Random(11)
    seeds = [_text(rng, 60) for _ in range(40)]
    texts = [s + " " + _text(rng, rng.randint(0, 6)) for s in seeds for _ in range(3)]
    texts += texts[:7]  # exact repeats
    rng.shuffle(texts)
    finder = NearDuplicateFinder(0.7, chunk_size=9)
    finder.extend(texts)
    clusters = finder.clusters()
    assert len(clusters) == 40
    assert clusters == near_duplicate_clusters(texts, 0.7)
    exact = finder.exact_clusters()
    assert sum(len(g) - 1 for g in exact) == 7
    assert all(len({texts[i] for i in g}) == 1 for g in exact)
    assert finder.identical_clusters(clusters) == [finder.all_identical(c) for c in clusters]
    assert finder.all_identical(exact[0]) and not any(finder.identical_clusters(clusters))


@pytest.mark.skipif(not fork_available(), reason="needs fork (Linux)")
def test_a_failing_hashing_child_leaves_quietly(capfd: pytest.CaptureFixture[str]) -> None:
    """The child leaves by ``os._exit``: no traceback written through a stream it inherited (a
    progress bar's thread may have held its lock at the fork), and the parent says it died."""
    child = _HashingProcess(num_perm=16, shingle=3, seed=1)
    try:
        child.send(5)  # neither texts nor a clustering request: the child's loop raises
        with pytest.raises(RuntimeError, match="child process died"):
            child.result()
        child._proc.join(10)
        assert child._proc.exitcode == 1
    finally:
        child.close()
    assert "Traceback" not in capfd.readouterr().err
