"""Stage 7: LoRA adapter -> standalone merged model (safetensors), and GGUF exports.

Importing this package does not import torch; the heavy stacks load inside the methods.
"""

from __future__ import annotations

from noesis_trainer.merging.adapter import AdapterConfig, MergeError, read_adapter_config
from noesis_trainer.merging.gguf import (
    GGUFExport,
    GGUFExportError,
    ToolingMissingError,
    chat_format_of,
    export_gguf,
    quantize_gguf,
    write_modelfile,
)
from noesis_trainer.merging.merger import Merger, MergeResult

__all__ = [
    "AdapterConfig",
    "GGUFExport",
    "GGUFExportError",
    "MergeError",
    "MergeResult",
    "Merger",
    "ToolingMissingError",
    "chat_format_of",
    "export_gguf",
    "quantize_gguf",
    "read_adapter_config",
    "write_modelfile",
]
