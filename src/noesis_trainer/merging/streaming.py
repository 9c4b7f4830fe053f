"""Shard-by-shard LoRA merge: peak memory is about one tensor plus the adapter, not the model.

An 8B model is 16 GB in bf16; loading it whole to call PEFT's ``merge_and_unload`` needs that much
RAM and more. Here each base tensor is read from its safetensors shard, merged if the adapter
touches it, and appended to its output shard at once (see `safetensors_io`).
The arithmetic is PEFT's (float32 delta added to the 16-bit weight, one rounding), so the result
equals ``merge_and_unload`` bit for bit.
"""

from __future__ import annotations

import ctypes
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from noesis_trainer.merging.adapter import MergeError, MergePlan
from noesis_trainer.merging.safetensors_io import (
    PlannedShardWriter,
    TensorEntry,
    read_header,
    read_tensor,
)

if TYPE_CHECKING:  # pragma: no cover
    import torch

INDEX_NAME = "model.safetensors.index.json"
SINGLE_NAME = "model.safetensors"


@dataclass(frozen=True)
class ShardStats:
    """What the streaming merge wrote: shard files, tensors merged, bytes."""

    shards: tuple[str, ...]
    merged_tensors: int
    replaced_tensors: int
    total_bytes: int
    largest_input_shard_bytes: int


def base_shards(base_dir: Path) -> list[Path]:
    """The base checkpoint's safetensors files, in index order."""
    index = base_dir / INDEX_NAME
    if index.is_file():
        try:
            weight_map = json.loads(index.read_text(encoding="utf-8"))["weight_map"]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise MergeError(f"{index}: not a safetensors index (no 'weight_map')") from None
        names = list(dict.fromkeys(weight_map.values()))
        missing = [n for n in names if not (base_dir / n).is_file()]
        if missing:
            raise MergeError(f"{index}: shard {missing[0]} is listed but missing")
        return [base_dir / n for n in names]
    single = base_dir / SINGLE_NAME
    if single.is_file():
        return [single]
    raise MergeError(
        f"{base_dir}: no {INDEX_NAME} or {SINGLE_NAME} (the base must be saved as safetensors)"
    )


def is_4bit_target(key: str, tensor: torch.Tensor) -> bool:
    """Weights bitsandbytes quantizes when a Llama is loaded in 4 bit: 2-D Linear weights of the
    decoder layers (embeddings and lm_head stay 16-bit)."""
    return (
        tensor.ndim == 2
        and key.endswith(".weight")
        and ".layers." in key
        and "embed" not in key
        and "lm_head" not in key
    )


def nf4_round_trip(tensor: torch.Tensor) -> torch.Tensor:
    """Quantize to NF4 (blocksize 64, double quantization, as QLoRA loads it) and back."""
    try:
        import bitsandbytes.functional as bnbf
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise MergeError(
            "the 4-bit round trip needs bitsandbytes: pip install bitsandbytes"
        ) from err
    quant, state = bnbf.quantize_4bit(
        tensor.contiguous(), blocksize=64, compress_statistics=True, quant_type="nf4"
    )
    out: torch.Tensor = bnbf.dequantize_4bit(quant, state, blocksize=64, quant_type="nf4")
    return out.to(tensor.dtype)


def merge_tensor(
    key: str, tensor: torch.Tensor, plan: MergePlan, *, from_4bit: bool, inplace: bool = False
) -> torch.Tensor:
    """One base tensor after the merge (PEFT's arithmetic: fp32 delta, in-place add, one round)."""
    if key in plan.replacements:
        replacement = plan.replacements[key]
        if replacement.shape != tensor.shape:
            raise MergeError(
                f"adapter full copy of {key} has shape {tuple(replacement.shape)}, "
                f"base has {tuple(tensor.shape)}"
            )
        tensor = replacement.to(tensor.dtype)
    elif from_4bit and is_4bit_target(key, tensor):
        tensor = nf4_round_trip(tensor)
    delta = plan.deltas.get(key)
    if delta is None:
        return tensor
    update = delta.delta()
    if tuple(update.shape) != tuple(tensor.shape):
        raise MergeError(
            f"adapter update for {key} has shape {tuple(update.shape)}, base has "
            f"{tuple(tensor.shape)} (adapter trained on another base model?)"
        )
    if delta.embedding:
        # PEFT rounds an embedding's delta to the weight dtype before adding (Linear does not).
        update = update.to(tensor.dtype)
    owned = (
        inplace and key not in plan.replacements and not (from_4bit and is_4bit_target(key, tensor))
    )
    merged = tensor if owned else tensor.clone()
    merged += update
    return merged


def _nbytes(tensor: torch.Tensor) -> int:
    return int(tensor.numel() * tensor.element_size())


class ShardWriter:
    """Buffers tensors and writes a shard whenever the next tensor would pass `max_shard_bytes`.

    Shards are named ``part-NNNNN`` while writing and renamed to transformers' convention
    (``model-00001-of-00004.safetensors``) with the index by `finish`.
    """

    def __init__(self, out_dir: Path, max_shard_bytes: int) -> None:
        self.out_dir = out_dir
        self.max_shard_bytes = max_shard_bytes
        self.weight_map: dict[str, str] = {}
        self.written: list[str] = []
        self.buffer: dict[str, torch.Tensor] = {}
        self.buffer_bytes = 0
        self.total_bytes = 0

    def add(self, key: str, tensor: torch.Tensor) -> None:
        if key in self.weight_map or key in self.buffer:
            raise MergeError(f"tensor {key} written twice")
        size = _nbytes(tensor)
        if self.buffer and self.buffer_bytes + size > self.max_shard_bytes:
            self._flush()
        self.buffer[key] = tensor.contiguous()
        self.buffer_bytes += size
        self.total_bytes += size

    def _flush(self) -> None:
        from safetensors.torch import save_file

        if not self.buffer:
            return
        name = f"part-{len(self.written) + 1:05d}.safetensors"
        save_file(self.buffer, str(self.out_dir / name), metadata={"format": "pt"})
        for key in self.buffer:
            self.weight_map[key] = name
        self.written.append(name)
        self.buffer = {}
        self.buffer_bytes = 0

    def finish(self) -> tuple[str, ...]:
        """Write the last shard, rename all to their final names, write the index."""
        self._flush()
        n = len(self.written)
        final = {
            name: f"model-{i:05d}-of-{n:05d}.safetensors" for i, name in enumerate(self.written, 1)
        }
        for old, new in final.items():
            os.replace(self.out_dir / old, self.out_dir / new)
        index = {
            "metadata": {"total_size": self.total_bytes},
            "weight_map": {k: final[v] for k, v in sorted(self.weight_map.items())},
        }
        (self.out_dir / INDEX_NAME).write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
        return tuple(final[name] for name in self.written)


_TRIM_BYTES = 1 << 20


def _trim() -> None:
    """Give freed heap memory back to the OS (glibc keeps freed blocks below its mmap threshold,
    which it raises after each large free, so RSS would creep up tensor after tensor)."""
    global _MALLOC_TRIM
    if _MALLOC_TRIM is None:
        try:
            _MALLOC_TRIM = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _MALLOC_TRIM = False
    if _MALLOC_TRIM:
        _MALLOC_TRIM(0)


_MALLOC_TRIM: Any = None


def plan_output_shards(entries: list[TensorEntry], max_shard_bytes: int) -> list[list[TensorEntry]]:
    """Group tensors, in order, into shards of at most `max_shard_bytes` (a bigger tensor alone)."""
    groups: list[list[TensorEntry]] = []
    size = 0
    for entry in entries:
        if not groups or (groups[-1] and size + entry.nbytes > max_shard_bytes):
            groups.append([])
            size = 0
        groups[-1].append(entry)
        size += entry.nbytes
    return groups


def streaming_merge(
    base_dir: Path,
    plan: MergePlan,
    out_dir: Path,
    *,
    max_shard_bytes: int,
    from_4bit: bool = False,
) -> ShardStats:
    """Merge `plan` into the base shards under `base_dir`, writing shards + index to `out_dir`.

    One tensor is in memory at a time (plus the adapter): input tensors are read with plain file
    reads, merged, and appended to an output shard whose header was written first.
    """
    shards = base_shards(base_dir)
    largest = max(os.path.getsize(s) for s in shards)
    entries: list[TensorEntry] = []
    for shard in shards:
        entries.extend(read_header(shard)[0])
    names = [e.name for e in entries]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise MergeError(f"{base_dir}: tensor {dup} appears in two shards")
    unused = sorted(plan.keys() - set(names))
    if unused:
        raise MergeError(
            f"the adapter changes {len(unused)} weight(s) the base does not have, e.g. {unused[0]} "
            "(adapter trained on another base model?)"
        )
    groups = plan_output_shards(entries, max_shard_bytes)
    n = len(groups)
    weight_map: dict[str, str] = {}
    written: list[str] = []
    handles: dict[Path, io.BufferedReader] = {}
    try:
        for i, group in enumerate(groups, start=1):
            name = f"model-{i:05d}-of-{n:05d}.safetensors"
            writer = PlannedShardWriter(out_dir / name, group, {"format": "pt"})
            try:
                for entry in group:
                    if entry.file not in handles:
                        handles[entry.file] = open(entry.file, "rb")  # noqa: SIM115
                    tensor = read_tensor(entry, handles[entry.file])
                    merged = merge_tensor(
                        entry.name, tensor, plan, from_4bit=from_4bit, inplace=True
                    )
                    del tensor
                    writer.write(entry.name, merged)
                    del merged
                    if entry.nbytes >= _TRIM_BYTES:
                        _trim()
                    weight_map[entry.name] = name
            except BaseException:
                writer.fh.close()
                raise
            writer.close()
            written.append(name)
    finally:
        for fh in handles.values():
            fh.close()
    total = sum(e.nbytes for e in entries)
    index = {"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))}
    (out_dir / INDEX_NAME).write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    return ShardStats(
        shards=tuple(written),
        merged_tensors=sum(1 for k in names if k in plan.deltas),
        replaced_tensors=sum(1 for k in names if k in plan.replacements),
        total_bytes=total,
        largest_input_shard_bytes=largest,
    )
