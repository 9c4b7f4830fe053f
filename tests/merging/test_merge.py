"""The merge on a real tiny Llama and real PEFT adapters: exactness, layout, atomicity, 4-bit."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from noesis_trainer.merging import MergeError, Merger
from tests.merging.helpers import TARGETS, make_adapter

pytestmark = pytest.mark.integration


def _load_folder(folder: Path) -> dict[str, Any]:
    from safetensors.torch import load_file

    index = json.loads((folder / "model.safetensors.index.json").read_text())
    tensors: dict[str, Any] = {}
    for shard in sorted(set(index["weight_map"].values())):
        tensors.update(load_file(str(folder / shard)))
    assert set(tensors) == set(index["weight_map"])
    return tensors


def _peft_merged_state(base: Path, adapter: Path) -> dict[str, Any]:
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.bfloat16)
    merged = PeftModel.from_pretrained(model, str(adapter)).merge_and_unload()
    return {k: v.detach() for k, v in merged.state_dict().items()}


def test_streaming_merge_equals_peft_merge_and_unload_bit_for_bit(
    tiny_base: Path, tiny_adapter: Path, merged_streaming: Path
) -> None:
    import torch
    from safetensors.torch import load_file

    ours = _load_folder(merged_streaming)
    reference = _peft_merged_state(tiny_base, tiny_adapter)
    base = load_file(str(tiny_base / "model.safetensors"))
    assert set(ours) == set(base)
    changed = 0
    for key, tensor in ours.items():
        assert tensor.dtype == base[key].dtype == torch.bfloat16, key
        assert torch.equal(tensor, reference[key]), key
        changed += not torch.equal(tensor, base[key])
    assert changed == 2 * len(TARGETS)  # every targeted projection of both layers moved


def test_streaming_equals_in_memory_for_rslora_patterns_embedding_lora_and_modules_to_save(
    tiny_base: Path, merged_streaming: Path, tmp_path: Path
) -> None:
    """A sharded base (6 files) and an adapter using every scaling rule PEFT has."""
    import torch

    adapter = make_adapter(
        tiny_base,
        tmp_path / "adapter",
        seed=2,
        use_rslora=True,
        rank_pattern={"q_proj": 4},
        alpha_pattern={"down_proj": 8},
        target_modules=[*TARGETS, "embed_tokens"],
        modules_to_save=["lm_head"],
    )
    sharded_base = merged_streaming  # any sharded checkpoint of the same architecture
    assert len(list(sharded_base.glob("model-*.safetensors"))) > 1
    merger = Merger(sharded_base, adapter, max_shard_size="1MB")
    streamed = merger.merge(tmp_path / "streaming", streaming=True)
    in_memory = merger.merge(tmp_path / "in-memory", streaming=False)
    assert streamed.merged_tensors == in_memory.merged_tensors == 2 * len(TARGETS) + 1
    a, b = _load_folder(tmp_path / "streaming"), _load_folder(tmp_path / "in-memory")
    assert set(a) == set(b)
    for key in a:
        assert torch.equal(a[key], b[key]), key
    # modules_to_save: lm_head is the adapter's full copy, not the base's.
    from safetensors.torch import load_file

    saved = load_file(str(adapter / "adapter_model.safetensors"))
    assert torch.equal(a["lm_head.weight"], saved["base_model.model.lm_head.weight"])


def _logits(model: Any, ids: Any) -> Any:
    import torch

    with torch.no_grad():
        return model(input_ids=ids).logits.float()


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
def test_merged_logits_equal_adapter_logits(dtype: str, tmp_path: Path) -> None:
    """float32: equal up to float reassociation (measured 1.5e-6; tolerance 2e-5 on logits up to
    about 4). bfloat16: the merged weights are rounded once to bf16 while the adapter model adds
    its fp32 LoRA branch at run time, and activations and logits are bf16 (8 significant bits):
    tolerance four bf16 ulps of the largest logit (measured: 0.017, about two ulps at |x| < 2),
    and the greedy token may differ only where two logits tie within that (measured 97% of
    positions equal; bound 90%)."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from noesis_trainer.testing import build_tiny_llama

    base = build_tiny_llama(tmp_path / "base", dtype=dtype)
    adapter = make_adapter(base, tmp_path / "adapter", seed=3, scale_b=0.1)
    out = Merger(base, adapter).merge(tmp_path / "merged", streaming=True).out_dir
    tok = AutoTokenizer.from_pretrained(out)
    text = tok.apply_chat_template(
        [{"role": "user", "content": "O que é justiça? A verdade exige humildade."}],
        tokenize=False,
        add_generation_prompt=True,
    )
    ids = tok(text, return_tensors="pt", add_special_tokens=False).input_ids
    torch_dtype = getattr(torch, dtype)
    merged = AutoModelForCausalLM.from_pretrained(out, dtype=torch_dtype)
    with_adapter = PeftModel.from_pretrained(
        AutoModelForCausalLM.from_pretrained(base, dtype=torch_dtype), str(adapter)
    )
    plain = AutoModelForCausalLM.from_pretrained(base, dtype=torch_dtype)
    lm, la, lb = _logits(merged, ids), _logits(with_adapter, ids), _logits(plain, ids)
    diff = (lm - la).abs().max().item()
    effect = (la - lb).abs().max().item()
    assert effect > 0.3  # the adapter really changes the outputs ...
    if dtype == "float32":
        assert diff < 2e-5, diff  # ... and the merged model reproduces them
    else:
        top = la.abs().max().item()
        ulp = 2.0 ** (math.floor(math.log2(top)) - 7)  # bf16 keeps 8 significant bits
        assert diff <= 4 * ulp, (diff, ulp)
        agree = (lm.argmax(-1) == la.argmax(-1)).float().mean().item()
        assert agree >= 0.9, agree


def test_layout_is_a_loadable_chat_model(merged_streaming: Path, tiny_base: Path) -> None:
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer, GenerationConfig

    names = {p.name for p in merged_streaming.iterdir()}
    shards = sorted(n for n in names if n.startswith("model-"))
    assert len(shards) > 1 and shards[0].endswith(f"-of-{len(shards):05d}.safetensors")
    assert {"config.json", "generation_config.json", "model.safetensors.index.json"} <= names
    assert {"tokenizer.json", "tokenizer_config.json", "chat_template.jinja"} <= names
    assert not any(n.startswith(".") for n in names)
    tok = AutoTokenizer.from_pretrained(merged_streaming)
    eot = tok.convert_tokens_to_ids("<|eot_id|>")
    gen = GenerationConfig.from_pretrained(merged_streaming)
    assert eot in gen.eos_token_id
    config = AutoConfig.from_pretrained(merged_streaming)
    assert config.architectures == ["LlamaForCausalLM"]
    raw = json.loads((merged_streaming / "config.json").read_text())
    assert raw["torch_dtype"] == "bfloat16"  # for vLLM releases that read the old key
    model = AutoModelForCausalLM.from_pretrained(merged_streaming)
    assert sum(p.numel() for p in model.parameters()) > 0
    rendered = tok.apply_chat_template(
        [{"role": "user", "content": "Oi"}], tokenize=False, add_generation_prompt=True
    )
    assert rendered.endswith("<|start_header_id|>assistant<|end_header_id|>\n\n")
    provenance = json.loads((merged_streaming / "noesis_merge.json").read_text())
    assert provenance["mode"] == "streaming" and provenance["merged_tensors"] == 14


def test_existing_output_is_refused_and_a_failed_merge_leaves_nothing(
    tiny_base: Path, tiny_adapter: Path, tmp_path: Path
) -> None:
    from noesis_trainer.testing import build_tiny_llama

    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(MergeError, match="already exists"):
        Merger(tiny_base, tiny_adapter).merge(out, streaming=True)
    assert (out / "keep.txt").read_text() == "mine"

    other = build_tiny_llama(tmp_path / "wide", hidden_size=512, intermediate_size=512)
    target = tmp_path / "never"
    with pytest.raises(MergeError, match=r"has shape .*adapter trained on another base"):
        Merger(other, tiny_adapter).merge(target, streaming=True)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

    # --overwrite never deletes a folder this library did not write (issue 14)
    with pytest.raises(MergeError, match="not written by noesis-trainer"):
        Merger(tiny_base, tiny_adapter).merge(out, streaming=True, overwrite=True)
    assert (out / "keep.txt").read_text() == "mine"
    (out / "keep.txt").unlink()
    out.rmdir()
    Merger(tiny_base, tiny_adapter).merge(out, streaming=True)
    (out / "stale.txt").write_text("old merge")
    Merger(tiny_base, tiny_adapter).merge(out, streaming=True, overwrite=True)
    assert not (out / "stale.txt").exists() and (out / "config.json").is_file()


def test_from_4bit_bakes_nf4_noise_into_linear_weights_only(
    tiny_base: Path, tiny_adapter: Path, merged_streaming: Path, tmp_path: Path
) -> None:
    import torch

    merger = Merger(tiny_base, tiny_adapter)
    out = merger.merge(tmp_path / "q", streaming=True, from_4bit=True)
    in_memory = merger.merge(tmp_path / "q-peft", from_4bit=True)  # PEFT on the same NF4 weights
    peft_side = _load_folder(in_memory.out_dir)
    for key, value in _load_folder(out.out_dir).items():
        assert torch.equal(value, peft_side[key]), key
    assert json.loads((out.out_dir / "noesis_merge.json").read_text())["from_4bit"] is True
    exact, rounded = _load_folder(merged_streaming), _load_folder(out.out_dir)
    for key, value in exact.items():
        if key.endswith("_proj.weight"):
            err = (rounded[key].float() - value.float()).abs()
            scale = value.float().abs().max().item()
            assert 0 < err.max().item() < 0.25 * scale, key  # NF4: 16 levels per block of 64
        else:  # embeddings, lm_head and norms are not quantized by bitsandbytes
            assert torch.equal(rounded[key], value), key
