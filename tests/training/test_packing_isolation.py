"""Packing relies on position_ids giving each packed example its own causal block.

TRL warns that packing without FlashAttention may let packed examples attend to each other. With
transformers 5.17 and SDPA, position_ids that restart at 0 make the mask block-diagonal; this
test pins that guarantee on the tiny model, so an upgrade that breaks it fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.integration


def test_packed_examples_do_not_attend_to_each_other(tiny_model: Path) -> None:
    import torch
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(tiny_model, dtype=torch.float32)
    gen = torch.Generator().manual_seed(0)
    a = torch.randint(0, 500, (1, 9), generator=gen)
    b = torch.randint(0, 500, (1, 6), generator=gen)
    packed = torch.cat([a, b], dim=1)
    positions = torch.cat([torch.arange(9), torch.arange(6)]).unsqueeze(0)
    with torch.no_grad():
        together = model(input_ids=packed, position_ids=positions, use_cache=False).logits
        alone = model(input_ids=b, use_cache=False).logits
        leaky = model(input_ids=packed, use_cache=False).logits
    assert (together[0, 9:] - alone[0]).abs().max().item() < 1e-4
    # Without restarting positions the second example does see the first: the check can fail.
    assert (leaky[0, 9:] - alone[0]).abs().max().item() > 1e-3
