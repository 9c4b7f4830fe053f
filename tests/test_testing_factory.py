"""The tiny model factory builds a loadable Llama with the Llama 3 chat format, offline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from noesis_trainer.testing import EOT, SPECIAL_TOKENS, build_tiny_llama, is_tiny_model

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_llama(tmp_path_factory.mktemp("tiny"), ["Olá mundo, o que é verdade?"])


def test_layout_and_config(tiny: Path) -> None:
    for name in ("config.json", "generation_config.json", "model.safetensors", "tokenizer.json"):
        assert (tiny / name).is_file(), name
    config = json.loads((tiny / "config.json").read_text())
    assert config["model_type"] == "llama"
    assert config["hidden_size"] % 256 == 0 and config["intermediate_size"] % 256 == 0
    assert is_tiny_model(tiny)


def test_loads_by_path_and_generates(tiny: Path) -> None:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(tiny)
    model = AutoModelForCausalLM.from_pretrained(tiny)
    for t in SPECIAL_TOKENS:
        assert tok.convert_tokens_to_ids(t) != tok.unk_token_id
        assert len(tok(t, add_special_tokens=False).input_ids) == 1
    assert tok.eos_token == EOT
    assert model.config.eos_token_id[-1] == tok.convert_tokens_to_ids(EOT)
    enc = tok.apply_chat_template(
        [{"role": "user", "content": "O que é verdade?"}],
        add_generation_prompt=True,
        return_tensors="pt",
        return_dict=True,
    )
    out = model.generate(**enc, max_new_tokens=4, do_sample=False)
    assert out.shape[1] == enc["input_ids"].shape[1] + 4 or EOT in tok.decode(out[0])
    assert isinstance(out, torch.Tensor)


def test_same_seed_same_weights(tmp_path: Path, tiny: Path) -> None:
    from safetensors.torch import load_file

    other = build_tiny_llama(tmp_path / "again", ["Olá mundo, o que é verdade?"])
    a, b = load_file(tiny / "model.safetensors"), load_file(other / "model.safetensors")
    assert a.keys() == b.keys()
    assert all(bool((a[k] == b[k]).all()) for k in a)
