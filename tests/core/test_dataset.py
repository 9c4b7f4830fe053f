"""Dataset: load with located problems, save atomically, combine, stats, HF interop, HTML."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from noesis_trainer.core.dataset import Dataset, IdCollisionError, percentiles
from noesis_trainer.core.schema import Example
from tests.core.test_schema import valid_record


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def test_load_reports_each_bad_field_with_location(tmp_path: Path) -> None:
    p = write_jsonl(
        tmp_path / "d.jsonl",
        [
            valid_record(id="a"),
            valid_record(id="b", difficulty="extreme", prompt="short"),
            {"messages": [{"role": "user", "content": "hi"}]},
            valid_record(id="c"),
        ],
    )
    ds = Dataset.load(p)
    assert ds.ids == ["a", "c"]
    assert ds.locations == [f"{p}:1", f"{p}:4"]
    found = sorted((x.line, x.field) for x in ds.problems)
    assert found == [(2, "difficulty"), (2, "prompt"), (3, None)]
    chat = next(x for x in ds.problems if x.line == 3)
    assert chat.code == "foreign.messages" and "noesis convert --from messages" in chat.message


def test_stream_is_lazy(tmp_path: Path) -> None:
    p = write_jsonl(tmp_path / "d.jsonl", [valid_record(id=str(i)) for i in range(5)])
    stream = Dataset.stream(p)
    first = next(stream)
    assert not isinstance(first, list)
    assert first[1].id == "0"  # type: ignore[index]


def test_save_is_atomic_and_round_trips(tmp_path: Path) -> None:
    p = write_jsonl(tmp_path / "in.jsonl", [valid_record(id="a", extra={"k": [1]})])
    ds = Dataset.load(p)
    out = tmp_path / "out" / "saved.jsonl"
    ds.save(out)
    assert json.loads(out.read_text("utf-8")) == valid_record(id="a", extra={"k": [1]})
    assert Dataset.load(out).examples == ds.examples
    # A failing write leaves the previous file intact and no temp file behind.

    class Boom(Example):
        def to_record(self) -> dict[str, object]:
            raise RuntimeError("disk on fire")

    bad = Dataset([Boom.model_validate(valid_record(id="z"))])
    with pytest.raises(RuntimeError):
        bad.save(out)
    assert json.loads(out.read_text("utf-8"))["id"] == "a"
    assert os.listdir(out.parent) == ["saved.jsonl"]


def test_combine_detects_collisions(tmp_path: Path) -> None:
    a = Dataset([Example.model_validate(valid_record(id=i)) for i in ("x", "y")], name="A")
    b = Dataset([Example.model_validate(valid_record(id=i)) for i in ("y", "z")], name="B")
    with pytest.raises(IdCollisionError) as info:
        Dataset.combine(a, b)
    assert list(info.value.collisions) == ["y"]
    assert "'y'" in str(info.value)
    assert Dataset.combine(a, b, on_collision="keep_first").ids == ["x", "y", "z"]
    assert Dataset.combine(a, b, on_collision="rename").ids == ["x", "y", "y__2", "z"]
    assert Dataset.combine(a, b, b, on_collision="rename").ids[-2:] == ["y__3", "z__2"]


def test_stats_counts_and_percentiles() -> None:
    ds = Dataset(
        [
            Example.model_validate(valid_record(id="1", category="a", difficulty="hard")),
            Example.model_validate(
                valid_record(id="2", category="a", difficulty="easy", values_applied=["verdade"])
            ),
            Example.model_validate(valid_record(id="3", category="b", difficulty="hard")),
        ]
    )
    s = ds.stats()
    assert s.total == 3
    assert s.categories == {"a": 2, "b": 1}
    assert s.difficulties == {"hard": 2, "easy": 1}
    assert s.values == {"justica": 2, "sabedoria": 2, "verdade": 1}
    assert s.prompt_chars is not None and s.prompt_chars.p50 == len(valid_record()["prompt"])
    assert json.loads(s.to_json())["total"] == 3


def test_percentiles_nearest_rank() -> None:
    p = percentiles(list(range(1, 101)))
    assert p is not None
    assert (p.min, p.p50, p.p90, p.p99, p.max) == (1, 50, 90, 99, 100)
    assert percentiles([]) is None


def test_hf_round_trip() -> None:
    ds = Dataset(
        [
            Example.model_validate(valid_record(id="1", language="pt")),
            Example.model_validate(valid_record(id="2", source_id="1", technique="depth")),
        ]
    )
    hf = ds.to_hf()
    assert hf.num_rows == 2
    assert {"prompt", "values_applied", "language", "source_id"} <= set(hf.column_names)
    back = Dataset.from_hf(hf)
    assert back.examples == ds.examples
    assert back.problems == []


def test_from_hf_reports_bad_rows() -> None:
    import datasets

    hf = datasets.Dataset.from_list([valid_record(id="1"), valid_record(id="2", difficulty="x")])
    back = Dataset.from_hf(hf, name="mine")
    assert back.ids == ["1"]
    assert [(p.path, p.line, p.field) for p in back.problems] == [("mine", 2, "difficulty")]


def test_repr_html_shows_counts_and_escapes() -> None:
    ds = Dataset([Example.model_validate(valid_record(id="<b>x</b>", category="a&b"))], name="n")
    html = ds._repr_html_()
    assert "1 examples" in html and "a&amp;b" in html and "<b>x</b>" not in html
