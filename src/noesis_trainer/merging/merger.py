"""`Merger`: a LoRA adapter merged into the ORIGINAL 16-bit base, written as a standalone model.

The original pipeline loaded the base in 4 bit and saved "merged_16bit", which merges into
dequantized weights and bakes the quantization noise into every layer. Here the default is the
exact merge into the 16-bit checkpoint; the 4-bit round trip is an explicit option
(``from_4bit=True``) for reproducing what a QLoRA-loaded model computed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from noesis_trainer.io.paths import OutputPathError, guard_output
from noesis_trainer.merging.adapter import (
    MergeError,
    MergePlan,
    load_merge_plan,
    read_adapter_config,
)
from noesis_trainer.merging.layout import atomic_directory, parse_size, write_layout
from noesis_trainer.merging.streaming import (
    ShardWriter,
    base_shards,
    is_4bit_target,
    nf4_round_trip,
    streaming_merge,
)

if TYPE_CHECKING:  # pragma: no cover
    from noesis_trainer.merging.gguf import GGUFExport, Quant

MergeMode = Literal["in_memory", "streaming"]


@dataclass(frozen=True)
class MergeResult:
    """Where the merged model is and how it was made."""

    out_dir: Path
    mode: MergeMode
    from_4bit: bool
    shards: tuple[str, ...]
    merged_tensors: int
    eos_token_ids: tuple[int, ...]


class Merger:
    """Merge `adapter` (a PEFT LoRA folder) into `base` (a transformers safetensors folder).

    ``merge(out)`` loads the model with transformers and merges with PEFT's ``merge_and_unload``;
    ``merge(out, streaming=True)`` reads and writes one shard at a time with the same arithmetic
    (equal tensors, a fraction of the memory). Both write the same layout (see `layout`).
    """

    def __init__(
        self,
        base: str | Path,
        adapter: str | Path,
        *,
        max_shard_size: str | int = "5GB",
        chat_template: str | None = None,
    ) -> None:
        self.base = Path(base)
        self.adapter = Path(adapter)
        if not self.base.is_dir():
            raise MergeError(f"base model folder not found: {self.base}")
        if not self.adapter.is_dir():
            raise MergeError(f"adapter folder not found: {self.adapter}")
        self.max_shard_bytes = parse_size(max_shard_size)
        self.chat_template = chat_template
        self.adapter_config = read_adapter_config(self.adapter)

    def _check_weights(self) -> None:
        """Every base shard and the adapter's weights must be whole safetensors files: a
        truncated or foreign file is named here, not a SafetensorError mid-merge."""
        from noesis_trainer.merging.adapter import ADAPTER_WEIGHTS
        from noesis_trainer.training.checkpoints import safetensors_problem

        files = [*base_shards(self.base)]
        if (self.adapter / ADAPTER_WEIGHTS).is_file():
            files.append(self.adapter / ADAPTER_WEIGHTS)
        for path in files:
            try:
                problem = safetensors_problem(path)
            except (OSError, ValueError, OverflowError) as err:
                problem = f"{path.name}: unreadable ({err})"
            if problem:
                raise MergeError(
                    f"{path.parent}/{problem}; not a whole safetensors file (re-save or re-copy it)"
                )

    def merge(
        self,
        out_dir: str | Path,
        *,
        streaming: bool = False,
        from_4bit: bool = False,
        overwrite: bool = False,
    ) -> MergeResult:
        """Write the merged model to `out_dir` atomically (temp folder, then rename)."""
        out = Path(out_dir)
        try:
            guard_output("out_dir", out, [self.base, self.adapter])
        except OutputPathError as err:
            raise MergeError(str(err)) from None
        self._check_weights()  # a missing or torn file fails here, before any heavy work
        plan = load_merge_plan(self.adapter_config)
        with atomic_directory(out, overwrite=overwrite) as tmp:
            if streaming:
                stats = streaming_merge(
                    self.base, plan, tmp, max_shard_bytes=self.max_shard_bytes, from_4bit=from_4bit
                )
                shards, merged = stats.shards, stats.merged_tensors
            else:
                shards, merged = self._merge_in_memory(plan, tmp, from_4bit=from_4bit)
            eos = write_layout(self.base, self.adapter, tmp, chat_template=self.chat_template)
            provenance = {
                "base": str(self.base),
                "adapter": str(self.adapter),
                "mode": "streaming" if streaming else "in_memory",
                "from_4bit": from_4bit,
                "merged_tensors": merged,
            }
            (tmp / "noesis_merge.json").write_text(
                json.dumps(provenance, indent=2) + "\n", encoding="utf-8"
            )
        return MergeResult(
            out_dir=out,
            mode="streaming" if streaming else "in_memory",
            from_4bit=from_4bit,
            shards=shards,
            merged_tensors=merged,
            eos_token_ids=eos,
        )

    def _merge_in_memory(
        self, plan: MergePlan, out: Path, *, from_4bit: bool
    ) -> tuple[tuple[str, ...], int]:
        """PEFT's own merge on the whole model; written with the same shard writer."""
        import torch
        from peft import PeftModel
        from safetensors import safe_open
        from transformers import AutoModelForCausalLM

        base_keys: list[str] = []
        for shard in base_shards(self.base):
            with safe_open(str(shard), framework="pt") as f:
                base_keys.extend(f.keys())
        model = AutoModelForCausalLM.from_pretrained(self.base, dtype="auto")
        if from_4bit:
            with torch.no_grad():
                for name, param in model.named_parameters():
                    if is_4bit_target(name, param):
                        param.data = nf4_round_trip(param.data)
        peft_model = PeftModel.from_pretrained(model, str(self.adapter))
        merged_model = peft_model.merge_and_unload()
        state = merged_model.state_dict()
        missing = [k for k in base_keys if k not in state]
        if missing:
            raise MergeError(
                f"{self.base}: merged model lacks checkpoint tensor {missing[0]} "
                "(use streaming=True for this checkpoint)"
            )
        writer = ShardWriter(out, self.max_shard_bytes)
        for key in base_keys:
            writer.add(key, state[key].detach())
        merged = sum(1 for k in base_keys if k in plan.deltas)
        return writer.finish(), merged

    @staticmethod
    def to_gguf(
        merged_dir: str | Path,
        out_path: str | Path,
        quant: Quant = "f16",
        *,
        tokenizer_pre: str | None = None,
        modelfile: bool = False,
        chat_format: str | None = None,
    ) -> GGUFExport:
        """Convert a merged folder to GGUF with llama.cpp's converter (see `merging.gguf`); the
        Modelfile takes the folder's own chat format unless `chat_format` names one."""
        from noesis_trainer.merging.gguf import export_gguf

        return export_gguf(
            merged_dir,
            out_path,
            quant,
            tokenizer_pre=tokenizer_pre,
            modelfile=modelfile,
            chat_format=chat_format,
        )
