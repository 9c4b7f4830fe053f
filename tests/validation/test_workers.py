"""A second process (``workers=2``) must give exactly the report of one process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer import Dataset
from noesis_trainer.core.dedup import NearDuplicateFinder
from noesis_trainer.processes import fork_available
from noesis_trainer.validation import Validator
from tests.validation.helpers import record, words

DEDUP = ("duplicate-prompt", "duplicate-response")
pytestmark = pytest.mark.skipif(not fork_available(), reason="needs fork (Linux)")


def _report(validator: Validator, source: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(validator.validate(source).to_json())
    data.pop("seconds")
    return data


def _planted_file(path: Path, rows: int) -> None:
    """A few MB: unique rows, near-duplicate and exact groups, then bad rows of every kind."""
    lines = []
    for i in range(rows):
        rec = record(i, id=f"row_{i:05d}", category=f"tema_{i % 25:02d}")
        rec["response_revised"] = f"Resposta {i}: {words(i, 120, 'r')}."
        if i % 7 == 3:  # a variation of the row before: the same answer plus one sentence
            rec["response_revised"] = f"Resposta {i - 1}: {words(i - 1, 120, 'r')}. Mais um."
            rec["prompt"] = f"Pergunta {i - 1}: {words(i - 1, 12, 'p')}?"
        lines.append(json.dumps(rec, ensure_ascii=False))
    lines[100] = json.dumps(record(100, response_revised="TODO: escrever " + words(1, 30)))
    lines[200] = json.dumps(record(200, difficulty="dificil", values_applied="verdade"))
    lines[300] = json.dumps(record(300, id="row_00001"))  # a duplicate id
    lines.insert(400, "")
    lines.insert(500, '{"id": "quebrado", "prompt": ')  # bad JSON: the located reader takes over
    lines.append("[1, 2, 3]")
    lines.append(json.dumps(record(rows + 1, prompt="curto")))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_two_processes_give_the_same_report(tmp_path: Path) -> None:
    path = tmp_path / "planted.jsonl"
    _planted_file(path, 4000)
    assert path.stat().st_size > 3_000_000
    one = _report(Validator(workers=1), path)
    two = _report(Validator(workers=2), path)
    assert one == two
    counts = {r["id"]: r["findings"] for r in one["rules"]}
    assert counts["duplicate-response"] == 570  # row 101 lost its twin (row 100 is a TODO)
    assert counts["duplicate-prompt"] == 571
    assert counts["placeholder-marker"] == 1 and counts["duplicate-id"] == 1
    assert one["total_rows"] == 4003
    lines = {f["rule"]: f["line"] for f in one["findings"] if f["rule"] not in DEDUP}
    assert lines == {
        "placeholder-marker": 101,
        "values-as-string": 201,
        "difficulty-vocabulary": 201,
        "duplicate-id": 301,
        "invalid-json": 501,
        "not-an-object": 4003,
        "prompt-too-short": 4004,  # line numbers hold after the located reader takes over
    }


def test_two_processes_on_clean_file_and_dataset(tmp_path: Path) -> None:
    path = tmp_path / "clean.jsonl"
    rows = [record(i, id=f"r{i}") for i in range(300)] + [record(5, id="again")]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert _report(Validator(workers=1), path) == _report(Validator(workers=2), path)
    dataset = Dataset.load(path)
    one = _report(Validator(workers=1), dataset)
    assert one == _report(Validator(workers=2), dataset)
    assert {c["kind"] for c in one["clusters"]} >= {"exact"}


def test_finder_in_a_child_process_matches_and_stops() -> None:
    texts = [words(i % 50, 30) + (" fim." if i >= 50 else "") for i in range(400)]
    texts[7] = "um\0dois " + texts[7]  # a NUL inside: the batch goes as a list
    texts[200] = "um — travessão " + texts[200]  # outside Latin-1: the batch goes as a string
    local = NearDuplicateFinder(0.5, chunk_size=64)
    local.extend(texts)
    remote = NearDuplicateFinder(0.5, chunk_size=64, worker=True)
    assert remote.uses_process
    remote.extend(texts)
    remote.start_clusters()
    assert remote.clusters() == local.clusters()
    assert remote.identical_clusters(remote.clusters()) == local.identical_clusters(
        local.clusters()
    )
    remote.close()
    remote.close()  # idempotent


def test_workers_must_be_positive() -> None:
    with pytest.raises(ValueError, match="workers"):
        Validator(workers=0)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 12), max_size=60), st.integers(1, 9))
def test_finder_digests_kept_in_batches_group_the_same_texts(picks: list[int], batch: int) -> None:
    """Digests gathered in a list and converted a batch at a time group identical texts as the
    plain definition does (each text with the first index of its text), whatever the batch."""
    import noesis_trainer.core.dedup as D

    texts = [words(i, 8) for i in picks]
    saved = D._DIGEST_BATCH
    D._DIGEST_BATCH = batch
    try:
        finder = NearDuplicateFinder(0.5, chunk_size=16)
        finder.extend(texts)
        got = finder.exact_clusters()
    finally:
        D._DIGEST_BATCH = saved
    first: dict[str, int] = {}
    groups: dict[int, list[int]] = {}
    for i, t in enumerate(texts):
        groups.setdefault(first.setdefault(t, i), []).append(i)
    assert got == sorted(g for g in groups.values() if len(g) > 1)
    assert finder.count == len(texts)
