"""TRL's `SFTTrainer`, with a loss path that works where Triton has no device.

TRL 1.15 computes the SFT loss through a fused LM head whose kernel is Triton (CUDA/XPU only);
on a CPU it fails with "0 active drivers". Unsloth's CPU backend reroutes that kernel itself;
without Unsloth we take the model's own causal-LM loss, which is the same mean negative
log-likelihood over the completion tokens of the accumulated batch. Imported inside a run only.
"""

from __future__ import annotations

from typing import Any

from transformers import Trainer
from trl import SFTTrainer


def fused_head_available(model: Any) -> bool:
    """True where TRL's fused loss can run: a CUDA/XPU model, or Unsloth's CPU reroute installed."""
    from trl.trainer import utils as trl_utils

    kernel = getattr(trl_utils, "_ChunkedLogProbFunction", None)
    if getattr(kernel, "_unsloth_cpu_dispatch", False):
        return True
    try:
        device = next(model.parameters()).device.type
    except StopIteration:
        return False
    return kernel is not None and device in ("cuda", "xpu")


class NoesisSFTTrainer(SFTTrainer):  # type: ignore[misc]
    """`SFTTrainer` that falls back to the model's own loss where the fused head cannot run."""

    def compute_loss(
        self,
        model: Any,
        inputs: dict[str, Any],
        return_outputs: bool = False,
        num_items_in_batch: Any = None,
    ) -> Any:
        if fused_head_available(model):
            return super().compute_loss(model, inputs, return_outputs, num_items_in_batch)
        # No KV cache: with packing, position_ids then give each example its own causal block.
        inputs["use_cache"] = False
        return Trainer.compute_loss(self, model, inputs, return_outputs, num_items_in_batch)
