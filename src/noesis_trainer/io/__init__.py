"""Reading and writing dataset files: located JSONL parsing, importers, atomic writes."""

from noesis_trainer.io.atomic import (
    atomic_open,
    write_bytes_atomic,
    write_json_atomic,
    write_jsonl_atomic,
    write_text_atomic,
)
from noesis_trainer.io.jsonl import (
    InputPathError,
    LoadProblem,
    RawRecord,
    expand_paths,
    iter_jsonl,
    read_jsonl,
)

__all__ = [
    "InputPathError",
    "LoadProblem",
    "RawRecord",
    "atomic_open",
    "expand_paths",
    "iter_jsonl",
    "read_jsonl",
    "write_bytes_atomic",
    "write_json_atomic",
    "write_jsonl_atomic",
    "write_text_atomic",
]
