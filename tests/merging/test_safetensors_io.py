"""Tensor-at-a-time safetensors I/O agrees with the reference safetensors library."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noesis_trainer.merging import MergeError
from noesis_trainer.merging.safetensors_io import (
    PlannedShardWriter,
    TensorEntry,
    read_header,
    read_tensor,
)
from noesis_trainer.merging.streaming import plan_output_shards

torch = pytest.importorskip("torch")


def _tensors() -> dict[str, object]:
    gen = torch.Generator().manual_seed(0)
    return {
        "a.weight": torch.randn((3, 5), generator=gen).to(torch.bfloat16),
        "b.bias": torch.randn((7,), generator=gen),
        "c.f16": torch.randn((2, 2, 3), generator=gen).to(torch.float16),
        "d.ids": torch.arange(5, dtype=torch.int64),
        "e.empty": torch.zeros((0, 4), dtype=torch.float32),
    }


def test_reads_what_safetensors_writes_and_writes_what_it_reads(tmp_path: Path) -> None:
    from safetensors import safe_open
    from safetensors.torch import save_file

    tensors = _tensors()
    src = tmp_path / "ref.safetensors"
    save_file(tensors, str(src), metadata={"format": "pt", "note": "x"})
    entries, metadata = read_header(src)
    assert metadata == {"format": "pt", "note": "x"}
    assert [e.begin for e in entries] == sorted(e.begin for e in entries)
    with open(src, "rb") as fh:
        read = {e.name: read_tensor(e, fh) for e in entries}
    assert set(read) == set(tensors)
    for name, tensor in tensors.items():
        assert torch.equal(read[name], tensor), name

    dst = tmp_path / "ours.safetensors"
    writer = PlannedShardWriter(dst, entries, {"format": "pt"})
    for entry in entries:
        writer.write(entry.name, read[entry.name])
    writer.close()
    header_len = int.from_bytes(dst.read_bytes()[:8], "little")
    assert (8 + header_len) % 8 == 0  # data starts 8-byte aligned
    with safe_open(str(dst), framework="pt") as f:
        assert f.metadata() == {"format": "pt"}
        for name, tensor in tensors.items():
            assert torch.equal(f.get_tensor(name), tensor), name


def test_writer_refuses_a_tensor_out_of_plan(tmp_path: Path) -> None:
    entry = TensorEntry("w", "BF16", (2, 2), tmp_path / "x", 0, 8)
    writer = PlannedShardWriter(tmp_path / "o.safetensors", [entry], {})
    with pytest.raises(MergeError, match=r"expected w\[2, 2\], got w\[2, 3\]"):
        writer.write("w", torch.zeros((2, 3), dtype=torch.bfloat16))
    with pytest.raises(MergeError, match=r"is torch\.float32, planned BF16"):
        writer.write("w", torch.zeros((2, 2)))
    with pytest.raises(MergeError, match="wrote 0 of 1 tensors"):
        writer.close()


def test_not_a_safetensors_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"\x05\x00\x00\x00\x00\x00\x00\x00{oops")
    with pytest.raises(MergeError, match="bad JSON header"):
        read_header(bad)
    bad.write_bytes(b"abc")
    with pytest.raises(MergeError, match="too short"):
        read_header(bad)


@settings(max_examples=200, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=0, max_value=1000), max_size=40),
    limit=st.integers(min_value=1, max_value=1500),
)
def test_output_shards_keep_order_and_respect_the_limit(sizes: list[int], limit: int) -> None:
    entries = [TensorEntry(f"t{i}", "U8", (n,), Path("x"), 0, n) for i, n in enumerate(sizes)]
    groups = plan_output_shards(entries, limit)
    assert [e for g in groups for e in g] == entries
    assert all(g for g in groups)
    for group in groups:
        total = sum(e.nbytes for e in group)
        assert total <= limit or len(group) == 1  # only a lone oversized tensor may exceed it
    for before, after in itertools.pairwise(groups):
        # a shard is closed only when the next tensor would not fit
        assert sum(e.nbytes for e in before) + after[0].nbytes > limit
