"""Tensor-at-a-time safetensors reading and writing, so a merge never holds a whole shard.

The format is an 8-byte little-endian header length, a JSON header (name -> dtype, shape,
[begin, end) byte offsets into the data that follows), then the raw little-endian data. Reading
with plain ``pread``-style calls (not a memory map) keeps the pages out of the process's resident
set; writing with a header computed up front (a merge never changes shapes or dtypes) lets each
merged tensor go to disk as soon as it is computed.
"""

from __future__ import annotations

import io
import json
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from noesis_trainer.merging.adapter import MergeError

if TYPE_CHECKING:  # pragma: no cover
    import torch

_HEADER_LIMIT = 100 * 1024 * 1024  # the reference implementation refuses larger headers too


@dataclass(frozen=True)
class TensorEntry:
    """One tensor of a safetensors file: where its bytes are and what they hold."""

    name: str
    dtype: str
    shape: tuple[int, ...]
    file: Path
    begin: int
    end: int

    @property
    def nbytes(self) -> int:
        return self.end - self.begin


def read_header(path: Path) -> tuple[list[TensorEntry], dict[str, str]]:
    """The tensors of `path` in file order (by data offset), and its ``__metadata__``."""
    with open(path, "rb") as fh:
        raw_len = fh.read(8)
        if len(raw_len) != 8:
            raise MergeError(f"{path}: not a safetensors file (too short)")
        (length,) = struct.unpack("<Q", raw_len)
        if length > _HEADER_LIMIT:
            raise MergeError(f"{path}: not a safetensors file (header of {length} bytes)")
        try:
            header: dict[str, Any] = json.loads(fh.read(length))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise MergeError(f"{path}: not a safetensors file (bad JSON header)") from None
    data_start = 8 + length
    metadata = {str(k): str(v) for k, v in (header.pop("__metadata__", None) or {}).items()}
    entries = []
    for name, info in header.items():
        begin, end = info["data_offsets"]
        entries.append(
            TensorEntry(
                name=name,
                dtype=str(info["dtype"]),
                shape=tuple(int(d) for d in info["shape"]),
                file=path,
                begin=data_start + int(begin),
                end=data_start + int(end),
            )
        )
    entries.sort(key=lambda e: e.begin)
    return entries, metadata


def _torch_dtypes() -> dict[str, torch.dtype]:
    import torch

    return {
        "F64": torch.float64,
        "F32": torch.float32,
        "F16": torch.float16,
        "BF16": torch.bfloat16,
        "I64": torch.int64,
        "I32": torch.int32,
        "I16": torch.int16,
        "I8": torch.int8,
        "U8": torch.uint8,
        "BOOL": torch.bool,
    }


def read_tensor(entry: TensorEntry, fh: io.BufferedReader) -> torch.Tensor:
    """Read one tensor's bytes from an open file into a fresh tensor (no memory map)."""
    import torch

    dtypes = _torch_dtypes()
    if entry.dtype not in dtypes:
        raise MergeError(f"{entry.file}: tensor {entry.name} has unsupported dtype {entry.dtype}")
    dtype = dtypes[entry.dtype]
    if entry.nbytes == 0:
        return torch.empty(entry.shape, dtype=dtype)
    buf = bytearray(entry.nbytes)
    fh.seek(entry.begin)
    if fh.readinto(buf) != entry.nbytes:
        raise MergeError(f"{entry.file}: truncated data for tensor {entry.name}")
    return torch.frombuffer(buf, dtype=dtype).reshape(entry.shape)


def dtype_name(tensor: torch.Tensor) -> str:
    for name, dtype in _torch_dtypes().items():
        if tensor.dtype == dtype:
            return name
    raise MergeError(f"unsupported dtype {tensor.dtype}")


class PlannedShardWriter:
    """Writes one safetensors file whose tensor list (names, dtypes, shapes) is known up front.

    The header goes first; then `write` appends each tensor in the planned order, checking that
    it matches the plan. Memory: one tensor at a time.
    """

    def __init__(self, path: Path, plan: list[TensorEntry], metadata: dict[str, str]) -> None:
        self.path = path
        self.plan = plan
        self.position = 0
        header: dict[str, Any] = {"__metadata__": metadata}
        offset = 0
        for entry in plan:
            header[entry.name] = {
                "dtype": entry.dtype,
                "shape": list(entry.shape),
                "data_offsets": [offset, offset + entry.nbytes],
            }
            offset += entry.nbytes
        encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
        encoded += b" " * (-len(encoded) % 8)  # data starts 8-byte aligned
        self.fh: BinaryIO = open(path, "wb")  # noqa: SIM115 - closed in close()
        self.fh.write(struct.pack("<Q", len(encoded)))
        self.fh.write(encoded)

    def write(self, name: str, tensor: torch.Tensor) -> None:
        entry = self.plan[self.position]
        if name != entry.name or tuple(tensor.shape) != entry.shape:
            raise MergeError(
                f"{self.path}: expected {entry.name}{list(entry.shape)}, got {name}"
                f"{list(tensor.shape)}"
            )
        if dtype_name(tensor) != entry.dtype:
            raise MergeError(f"{self.path}: {name} is {tensor.dtype}, planned {entry.dtype}")
        import torch

        data = tensor.contiguous().reshape(-1).view(torch.uint8).numpy()
        self.fh.write(memoryview(data))
        self.position += 1

    def close(self) -> None:
        self.fh.flush()
        self.fh.close()
        if self.position != len(self.plan):
            raise MergeError(f"{self.path}: wrote {self.position} of {len(self.plan)} tensors")
