"""Reading a PEFT LoRA adapter folder without PEFT: its config, its tensors, and the merge plan.

The streaming merge must know, for every base weight, which LoRA pair (or full replacement) applies
and with what scale, exactly as PEFT would compute it; this module is that mapping, kept apart from
the shard I/O so it can be checked on its own.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from noesis_trainer.errors import NoesisError

if TYPE_CHECKING:  # pragma: no cover
    import torch

ADAPTER_CONFIG = "adapter_config.json"
ADAPTER_WEIGHTS = "adapter_model.safetensors"
_PEFT_PREFIX = "base_model.model."


class MergeError(NoesisError, ValueError):
    """A merge input is unusable; the message names the file and what is wrong."""


@dataclass(frozen=True)
class AdapterConfig:
    """The parts of PEFT's ``adapter_config.json`` that decide the merged weights."""

    path: Path
    r: int
    lora_alpha: float
    use_rslora: bool = False
    fan_in_fan_out: bool = False
    rank_pattern: dict[str, int] = field(default_factory=dict)
    alpha_pattern: dict[str, float] = field(default_factory=dict)
    base_model_name_or_path: str | None = None

    def scaling(self, module: str, rank: int) -> float:
        """PEFT's scale for `module`: alpha / r, or alpha / sqrt(r) with rsLoRA."""
        r = _pattern_value(self.rank_pattern, module, self.r)
        if rank != r:
            raise MergeError(
                f"{self.path / ADAPTER_CONFIG}: module {module} has rank {rank} in the weights "
                f"but r={r} in the config"
            )
        alpha = _pattern_value(self.alpha_pattern, module, self.lora_alpha)
        return float(alpha / math.sqrt(r) if self.use_rslora else alpha / r)


def _pattern_value(patterns: dict[str, Any], module: str, default: Any) -> Any:
    """PEFT's rank/alpha pattern lookup: a pattern matches the module name or its dotted suffix."""
    for pattern, value in patterns.items():
        if re.match(rf"(.*\.)?({pattern})$", module):
            return value
    return default


def read_adapter_config(adapter_dir: str | Path) -> AdapterConfig:
    """Parse and check `adapter_dir`/adapter_config.json; refuse what a plain merge cannot do."""
    folder = Path(adapter_dir)
    cfg_path = folder / ADAPTER_CONFIG
    if not cfg_path.is_file():
        raise MergeError(f"{folder}: no {ADAPTER_CONFIG} (is this a PEFT LoRA adapter folder?)")
    try:
        raw = json.loads(cfg_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise MergeError(f"{cfg_path}:{err.lineno}: invalid JSON: {err.msg}") from None
    if not isinstance(raw, dict):
        raise MergeError(f"{cfg_path}: expected a JSON object")
    peft_type = raw.get("peft_type", "LORA")
    if peft_type != "LORA":
        raise MergeError(f"{cfg_path}: peft_type {peft_type!r} is not supported (only LORA)")
    for flag in ("use_dora", "use_qalora", "use_bdlora"):
        if raw.get(flag):
            raise MergeError(f"{cfg_path}: {flag}=true is not supported by the merge")
    if raw.get("lora_bias"):
        raise MergeError(f"{cfg_path}: lora_bias=true is not supported by the merge")
    if raw.get("trainable_token_indices"):
        raise MergeError(f"{cfg_path}: trainable_token_indices is not supported by the merge")
    if raw.get("layer_replication"):
        raise MergeError(f"{cfg_path}: layer_replication is not supported by the merge")
    if raw.get("target_parameters"):
        raise MergeError(f"{cfg_path}: target_parameters is not supported by the merge")
    try:
        r = int(raw["r"])
        alpha = float(raw.get("lora_alpha", r))
    except (KeyError, TypeError, ValueError):
        raise MergeError(
            f"{cfg_path}: field 'r' (int) and 'lora_alpha' (number) are required"
        ) from None
    if r <= 0:
        raise MergeError(f"{cfg_path}: field 'r' must be positive, got {r}")
    if not (folder / ADAPTER_WEIGHTS).is_file():
        other = (
            " (found adapter_model.bin: re-save it as safetensors)"
            if (folder / "adapter_model.bin").is_file()
            else ""
        )
        raise MergeError(f"{folder}: no {ADAPTER_WEIGHTS}{other}")
    return AdapterConfig(
        path=folder,
        r=r,
        lora_alpha=alpha,
        use_rslora=bool(raw.get("use_rslora", False)),
        fan_in_fan_out=bool(raw.get("fan_in_fan_out", False)),
        rank_pattern={str(k): int(v) for k, v in (raw.get("rank_pattern") or {}).items()},
        alpha_pattern={str(k): float(v) for k, v in (raw.get("alpha_pattern") or {}).items()},
        base_model_name_or_path=raw.get("base_model_name_or_path"),
    )


@dataclass(frozen=True)
class LoraDelta:
    """One base weight's low-rank update: W += scale * (B @ A), transposed where PEFT does."""

    module: str
    a: torch.Tensor
    b: torch.Tensor
    scale: float
    transpose: bool
    embedding: bool = False

    def delta(self) -> torch.Tensor:
        """The update in float32, computed in PEFT's order: (B @ A), transpose, * scale."""
        d = self.b.float() @ self.a.float()
        if self.transpose:
            d = d.T
        return d.mul_(self.scale)  # in place: one float32 matrix, same rounding as d * scale


@dataclass
class MergePlan:
    """What the merge does to each base weight key: replace the tensor (full copies saved with the
    adapter), then add the LoRA delta, in PEFT's order."""

    deltas: dict[str, LoraDelta]
    replacements: dict[str, torch.Tensor]

    def keys(self) -> set[str]:
        return set(self.deltas) | set(self.replacements)


_LORA_KEY = re.compile(
    r"^(?P<module>.+?)\.(?P<kind>lora_A|lora_B|lora_embedding_A|lora_embedding_B)"
    r"(?:\.(?P<adapter>[^.]+))?(?:\.weight)?$"
)


def load_merge_plan(config: AdapterConfig) -> MergePlan:
    """Load the adapter tensors and map them to base checkpoint keys (``<module>.weight``)."""
    from safetensors.torch import load_file

    weights_path = config.path / ADAPTER_WEIGHTS
    tensors = load_file(str(weights_path))
    pairs: dict[tuple[str, bool], dict[str, torch.Tensor]] = {}
    replacements: dict[str, torch.Tensor] = {}
    for key, tensor in tensors.items():
        name = key[len(_PEFT_PREFIX) :] if key.startswith(_PEFT_PREFIX) else key
        if "lora_magnitude_vector" in name:
            raise MergeError(f"{weights_path}: DoRA tensor {key} is not supported")
        m = _LORA_KEY.match(name)
        if m is None:
            # A full copy of a base weight: modules_to_save (<module>.weight, or with a
            # .modules_to_save segment) or a targeted embedding saved as <module>.base_layer.weight.
            base_key = re.sub(
                r"\.(modules_to_save(\.[^.]+)?|base_layer)\.(weight|bias)$", r".\3", name
            )
            replacements[base_key] = tensor
            continue
        embedding = m["kind"].startswith("lora_embedding")
        side = m["kind"][-1]
        pairs.setdefault((m["module"], embedding), {})[side] = tensor
    deltas: dict[str, LoraDelta] = {}
    for (module, embedding), sides in sorted(pairs.items()):
        if set(sides) != {"A", "B"}:
            raise MergeError(f"{weights_path}: module {module} has lora_A or lora_B missing")
        a, b = sides["A"], sides["B"]
        if a.ndim != 2 or b.ndim != 2 or b.shape[1] != a.shape[0]:
            raise MergeError(
                f"{weights_path}: module {module} has incompatible LoRA shapes "
                f"A{tuple(a.shape)} B{tuple(b.shape)}"
            )
        rank = int(a.shape[0])
        deltas[f"{module}.weight"] = LoraDelta(
            module=module,
            a=a,
            b=b,
            scale=config.scaling(module, rank),
            transpose=embedding or config.fan_in_fan_out,
            embedding=embedding,
        )
    return MergePlan(deltas=deltas, replacements=replacements)
