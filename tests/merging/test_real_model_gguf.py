"""GGUF of the real SmolLM2-135M-Instruct: f16 and q8_0 give transformers' first greedy tokens,
q4_k_m generates and stops at ChatML's end of turn (<|im_end|>) by itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from noesis_trainer.merging import Merger
from noesis_trainer.merging.gguf import quantize_gguf
from tests.merging.test_gguf import _greedy_llama_cpp, _is_eog, _llama, needs_llama_cpp

pytestmark = [pytest.mark.integration, needs_llama_cpp]

PROMPT = "What is the capital of France? Answer in one short sentence."


@pytest.fixture(scope="module")
def real_f16(smollm2_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("real-gguf") / "smollm2-f16.gguf"
    return Merger.to_gguf(smollm2_dir, out, "f16", modelfile=True)


def _ids(model_dir: Path) -> list[int]:
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(model_dir)
    text = tok.apply_chat_template(
        [{"role": "user", "content": PROMPT}], tokenize=False, add_generation_prompt=True
    )
    return list(tok(text, add_special_tokens=False).input_ids)


def _transformers_greedy(model_dir: Path, ids: list[int], n: int) -> list[int]:
    import torch
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    with torch.no_grad():
        out = model.generate(
            input_ids=torch.tensor([ids]), max_new_tokens=n, do_sample=False, pad_token_id=2
        )
    return list(out[0, len(ids) :].tolist())


@pytest.mark.parametrize("quant", ["f16", "q8_0"])
def test_gguf_gives_the_first_greedy_tokens_of_transformers(
    quant: str, real_f16: Any, smollm2_dir: Path, tmp_path: Path
) -> None:
    path = (
        real_f16.path
        if quant == "f16"
        else quantize_gguf(real_f16.path, tmp_path / "smollm2-q8_0.gguf", "q8_0")
    )
    # Both engines get transformers' prompt ids. (llama.cpp's own tokenizer splits this ChatML
    # prompt differently around a newline, so its text path is not compared here.)
    ids = _ids(smollm2_dir)
    llm = _llama(path)
    n = 4
    ours = _greedy_llama_cpp(llm, ids, n)
    expected = _transformers_greedy(smollm2_dir, ids, n)
    assert ours == expected[: len(ours)] and len(ours) == n, (ours, expected)


def test_q4_k_m_generates_and_stops_at_end_of_turn(
    real_f16: Any, smollm2_dir: Path, tmp_path: Path
) -> None:
    q4 = quantize_gguf(real_f16.path, tmp_path / "smollm2-q4_k_m.gguf", "q4_k_m")
    assert 0 < q4.stat().st_size < real_f16.size_bytes
    llm = _llama(q4)
    im_end = llm.tokenize(b"<|im_end|>", add_bos=False, special=True)
    assert len(im_end) == 1 and _is_eog(llm, im_end[0])
    out = _greedy_llama_cpp(llm, _ids(smollm2_dir), 64)
    assert 2 <= len(out) < 64 and out[-1] == im_end[0], out  # stopped on its own
    answer = llm.detokenize(out[:-1]).decode("utf-8", errors="replace")
    assert "paris" in answer.lower(), answer


def test_modelfile_speaks_the_models_own_chat_format(real_f16: Any) -> None:
    text = real_f16.modelfile.read_text(encoding="utf-8")
    assert "<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>" in text
    assert "<|eot_id|>" not in text and "<|start_header_id|>" not in text
    llm = _llama(real_f16.path)
    stops = [line.split('"')[1] for line in text.splitlines() if line.startswith("PARAMETER stop")]
    first = llm.tokenize(stops[0].encode(), add_bos=False, special=True)
    assert len(first) == 1 and _is_eog(llm, first[0])  # the first stop is the model's end of turn
