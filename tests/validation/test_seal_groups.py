"""`RowVerdicts.seal` gives each flagged row its row-rule set plus its dataset-rule keys. The
grouped path (one `set_id` per distinct combination, groups found by a hash and checked key by
key) must intern exactly what the row-by-row definition interns, in the same order."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer.validation import rows as rows_module
from noesis_trainer.validation.rows import RowVerdicts


def _verdicts(n_rows: int, row_sets: list[int]) -> RowVerdicts:
    rows = RowVerdicts()
    pid = rows.path_id("f.jsonl")
    for k in range(6):
        rows.key(f"rule{k}", "warning" if k % 2 else "error", None, f"m{k}")
    known = [(), (0,), (1, 2), (3,)]
    for i in range(n_rows):
        rows.add_row(pid, i + 1, i * 10, rows.set_id(known[row_sets[i % len(row_sets)] % 4]))
    return rows


_FLAGS = st.lists(
    st.tuples(st.integers(0, 8), st.lists(st.integers(0, 39), min_size=1, max_size=12)),
    max_size=6,
)


def _groups(flags: list[tuple[int, list[int]]]) -> tuple[np.ndarray, ...]:
    """Flagged rows, and their keys grouped per row as `seal` groups them."""
    rows = np.concatenate([np.array(sorted(set(f)), dtype=np.intp) for _, f in flags])
    keys = np.concatenate([np.full(len(set(f)), k % 6, dtype=np.intp) for k, f in flags])
    order = np.argsort(rows, kind="stable")
    rows, keys = rows[order], keys[order]
    cuts = np.flatnonzero(np.diff(rows)) + 1
    starts = np.concatenate(([0], cuts)).astype(np.intp)
    stops = np.concatenate((cuts, [rows.size])).astype(np.intp)
    return rows[starts], keys, starts, stops


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=1, max_size=5), _FLAGS.filter(bool))
def test_grouped_sets_intern_what_the_plain_definition_does(
    row_sets: list[int], flags: list[tuple[int, list[int]]]
) -> None:
    flagged, keys, starts, stops = _groups(flags)
    grouped, plain = _verdicts(40, row_sets), _verdicts(40, row_sets)
    base = np.frombuffer(grouped.reason_set, dtype=np.uint32).astype(np.intp)[flagged]
    got = rows_module._grouped_sets(grouped, base, keys, starts, stops)
    want = rows_module._grouped_sets_plain(plain, base, keys, starts, stops)
    assert got is not None
    assert got.tolist() == want.tolist()
    assert grouped.sets == plain.sets  # the same new sets, created in the same order


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=1, max_size=5), _FLAGS.filter(bool))
def test_seal_gives_each_flagged_row_its_keys_in_flag_order(
    row_sets: list[int], flags: list[tuple[int, list[int]]]
) -> None:
    rows = _verdicts(40, row_sets)
    before = [rows.sets[s] for s in rows.reason_set.tolist()]
    for key, flagged in flags:
        rows.flag(np.array(sorted(set(flagged)), dtype=np.intp), key % 6)
    rows.seal()
    for row in range(40):
        extra = tuple(k % 6 for k, f in flags if row in f)
        assert rows.sets[rows.reason_set[row]] == before[row] + extra


def test_a_hash_collision_falls_back_to_the_plain_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a base of 0 every group's hash is its first key: groups that differ later collide,
    the key-by-key check sees it, and `seal` still gives the plain result."""
    rows = _verdicts(10, [0])
    rows.flag(np.array([1, 2], dtype=np.intp), 0)
    rows.flag(np.array([1], dtype=np.intp), 3)
    rows.flag(np.array([2], dtype=np.intp), 4)  # rows 1 and 2: (0, 3) and (0, 4)
    base = np.zeros(2, dtype=np.intp)
    keys = np.array([0, 3, 0, 4], dtype=np.intp)
    starts, stops = np.array([0, 2], dtype=np.intp), np.array([2, 4], dtype=np.intp)
    monkeypatch.setattr(rows_module, "_HASH_BASE", np.uint64(0))
    assert rows_module._grouped_sets(rows, base, keys, starts, stops) is None
    rows.seal()
    assert [rows.sets[s] for s in rows.reason_set.tolist()[1:3]] == [(0, 3), (0, 4)]
