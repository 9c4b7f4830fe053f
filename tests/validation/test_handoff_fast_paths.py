"""Fast paths of the row worker's hand-over and of the quarantine, each against its plain
definition: the chunk digest both sides compare, and rejects lines formatted through `map`."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer.validation import row_worker
from noesis_trainer.validation.quarantine import _REJECT_LINE, _reasons, _rejects_block
from noesis_trainer.validation.rows import RowVerdicts


def chunk_digest_plain(lines: list[bytes]) -> tuple[int, int, int, bytes]:
    """`row_worker.chunk_digest` in plain Python integers (the definition)."""
    data = b"".join(lines)
    n = len(data) // 8
    size, mask = row_worker._DIGEST_WORDS, (1 << 64) - 1
    weights = [int(w) for w in row_worker._WEIGHTS]
    acc = 0
    for start in range(0, n, size):
        block = 0
        for j in range(start, min(n, start + size)):
            word = int.from_bytes(data[8 * j : 8 * j + 8], "little")
            block = (block + word * weights[j - start]) & mask
        acc = (acc * row_worker._BLOCK_MIX + block) & mask
    return len(lines), len(data), acc, data[n * 8 :]


def rejects_block_plain(
    rows: RowVerdicts,
    reason_bytes: list[bytes | None],
    head: bytes,
    lines: list[bytes],
    base: int,
    block: list[int],
    sets: list[int],
    fails: list[bool],
) -> bytes:
    """`quarantine._rejects_block` one row at a time (the definition)."""
    return b"".join(
        [
            _REJECT_LINE % (head, f, f, _reasons(rows, reason_bytes, s), lines[f - base].strip())
            for f, s, x in zip(block, sets, fails, strict=True)
            if x
        ]
    )


_LINE = st.binary(max_size=40).map(lambda b: b.replace(b"\n", b" ") + b"\n")


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(_LINE, max_size=12), block=st.integers(1, 6))
def test_chunk_digest_is_its_definition(lines: list[bytes], block: int) -> None:
    saved = row_worker._DIGEST_WORDS
    row_worker._DIGEST_WORDS = block  # several blocks of words in a short chunk
    try:
        assert row_worker.chunk_digest(lines) == chunk_digest_plain(lines)
    finally:
        row_worker._DIGEST_WORDS = saved


def test_chunk_digest_tells_apart_what_a_changed_file_would_give() -> None:
    base = [b'{"id": "a", "prompt": "primeira"}\n', b'{"id": "b", "prompt": "segunda!"}\n']
    digest = row_worker.chunk_digest(base)
    assert digest == row_worker.chunk_digest([bytes(bytearray(x)) for x in base])
    joined = b"".join(base)
    swapped = joined[8:16] + joined[:8] + joined[16:]  # two 8-byte words swapped
    moved = joined.replace(b"\n", b" ", 1)[:-1] + b"\n\n"  # a line break moved, same size
    others = [
        [base[1], base[0]],  # lines in another order
        [swapped],
        swapped.splitlines(keepends=True),
        moved.splitlines(keepends=True),
        [base[0], base[1].replace(b"b", b"c")],  # one byte
        base[:1],
    ]
    for lines in others:
        assert row_worker.chunk_digest(lines) != digest, lines


_HELD = st.lists(
    st.one_of(
        st.sampled_from([b'{"a": 1}\n', b'  {"b": [2, 3]} \t\n', b'{"c": "d"}\r\n', b"{}"]),
        st.binary(max_size=20).map(lambda b: b + b"\n"),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), held=_HELD, base=st.integers(1, 50))
def test_rejects_block_is_its_definition(data: st.DataObject, held: list[bytes], base: int) -> None:
    verdicts = RowVerdicts()
    for i in range(3):
        verdicts.set_id(tuple(verdicts.key(f"rule-{i}", "error", None, f"m {i}") for _ in (0,)))
    verdicts.set_id((0, 2))
    picks = data.draw(
        st.lists(st.integers(0, len(held) - 1), min_size=1, max_size=len(held), unique=True)
    )
    block = [base + k for k in sorted(picks)]  # consecutive or not
    sets = data.draw(st.lists(st.integers(0, 4), min_size=len(block), max_size=len(block)))
    fails = data.draw(st.lists(st.booleans(), min_size=len(block), max_size=len(block)))
    head = b'{"path":"f.jsonl","line":'
    fast_reasons: list[bytes | None] = [None] * len(verdicts.sets)
    plain_reasons: list[bytes | None] = [None] * len(verdicts.sets)
    fast = _rejects_block(verdicts, fast_reasons, head, held, base, block, sets, fails)
    plain = rejects_block_plain(verdicts, plain_reasons, head, held, base, block, sets, fails)
    assert fast == plain
    assert fast.count(b"\n") >= sum(fails)
