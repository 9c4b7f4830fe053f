"""GGUF export through llama.cpp's own converter and quantizer, run by llama.cpp itself."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from noesis_trainer.merging import MergeError, Merger, ToolingMissingError
from noesis_trainer.merging.gguf import (
    CHAT_FORMATS,
    chat_format_of,
    declared_pre_tokenizer,
    export_gguf,
    find_converter,
    quantize_gguf,
    render_modelfile,
    write_modelfile,
)

EOT = "<|eot_id|>"


def test_modelfile_has_the_chat_format_and_stops_at_end_of_turn(tmp_path: Path) -> None:
    gguf = tmp_path / "noesis-q4_k_m.gguf"
    gguf.write_bytes(b"GGUF")
    path = write_modelfile(gguf, system_prompt='Você é Noesis. Diga """não""" ao erro.')
    text = path.read_text(encoding="utf-8")
    assert path == tmp_path / "Modelfile"
    assert text.startswith("FROM ./noesis-q4_k_m.gguf\n")
    assert 'PARAMETER stop "<|eot_id|>"' in text.splitlines()
    assert "<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n{{ .Content }}<|eot_id|>" in text
    assert text.count('"""') == 4  # TEMPLATE and SYSTEM blocks; the inner quotes are escaped
    assert 'SYSTEM """Você é Noesis. Diga \\"\\"\\"não\\"\\"\\" ao erro."""' in text
    assert "SYSTEM" not in render_modelfile("m.gguf")


@pytest.mark.parametrize(
    ("name", "turn", "stop"),
    [
        ("llama3", "<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n{{ .Content }}<|eot_id|>",
         "<|eot_id|>"),
        ("chatml", "<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n", "<|im_end|>"),
        ("gemma", "<start_of_turn>{{ if eq .Role \"assistant\" }}model{{ else }}user{{ end }}\n"
         "{{ .Content }}<end_of_turn>\n", "<end_of_turn>"),
    ],
)  # fmt: skip
def test_modelfile_of_each_chat_format(name: str, turn: str, stop: str) -> None:
    text = render_modelfile("m.gguf", chat_format=name)
    template = text.split('TEMPLATE """', 1)[1].split('"""', 1)[0]
    assert template.startswith("{{- range .Messages }}" + turn + "{{ end }}")
    stops = [line.split('"')[1] for line in text.splitlines() if line.startswith("PARAMETER stop")]
    assert stops[0] == stop and set(stops) == set(CHAT_FORMATS[name].stops)
    for other in CHAT_FORMATS.values():  # no other family's markers leak into this one
        if other.name != name:
            assert other.marker not in text and other.stops[0] not in text


def test_unknown_chat_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MergeError, match=r"unknown chat format 'alpaca'.*llama3, chatml, gemma"):
        render_modelfile("m.gguf", chat_format="alpaca")
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(MergeError, match="unknown chat format 'alpaca'"):  # before converting
        export_gguf(tmp_path, tmp_path / "x.gguf", "f16", modelfile=True, chat_format="alpaca")


def test_chat_format_of_reads_the_folders_own_template(tmp_path: Path) -> None:
    assert chat_format_of(tmp_path) == "llama3"  # none declared: the mission's model
    (tmp_path / "tokenizer_config.json").write_text("not json")
    assert chat_format_of(tmp_path) == "llama3"
    chatml = "{% for m in messages %}<|im_start|>{{ m.role }}{% endfor %}"
    (tmp_path / "tokenizer_config.json").write_text(json.dumps({"chat_template": chatml}))
    assert chat_format_of(tmp_path) == "chatml"
    named = [{"name": "default", "template": "{{ '<start_of_turn>user' }}"}]
    (tmp_path / "tokenizer_config.json").write_text(json.dumps({"chat_template": named}))
    assert chat_format_of(tmp_path) == "gemma"
    (tmp_path / "chat_template.jinja").write_text("<|start_header_id|>{{ role }}<|end_header_id|>")
    assert chat_format_of(tmp_path) == "llama3"  # transformers 5 writes the template here
    (tmp_path / "chat_template.jinja").write_text("### Instruction: {{ content }}")
    assert chat_format_of(tmp_path) == "gemma"  # an unknown file: the config's template decides
    (tmp_path / "chat_template.json").write_text(json.dumps({"chat_template": chatml}))
    assert chat_format_of(tmp_path) == "chatml"  # the older transformers file comes before it


def test_missing_converter_names_the_install_script(tmp_path: Path) -> None:
    with pytest.raises(ToolingMissingError, match=r"scripts/install_llama_cpp\.sh"):
        find_converter([tmp_path])


def test_unknown_quant_and_non_model_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(MergeError, match="unknown GGUF type 'q3_xyz'"):
        export_gguf(tmp_path, tmp_path / "x.gguf", "q3_xyz")
    with pytest.raises(MergeError, match=r"no config\.json"):
        export_gguf(tmp_path, tmp_path / "x.gguf", "f16")
    with pytest.raises(MergeError, match="cannot quantize to 'f16'"):
        quantize_gguf(tmp_path / "x.gguf", tmp_path / "y.gguf", "f16")


def test_declared_pre_tokenizer(tmp_path: Path) -> None:
    assert declared_pre_tokenizer(tmp_path) is None
    (tmp_path / "tokenizer_config.json").write_text('{"gguf_pre_tokenizer": "llama-bpe"}')
    assert declared_pre_tokenizer(tmp_path) == "llama-bpe"


# --- llama.cpp itself -------------------------------------------------------------------------

needs_llama_cpp = pytest.mark.skipif(
    importlib.util.find_spec("llama_cpp") is None,
    reason="llama-cpp-python is not installed (scripts/install_llama_cpp.sh installs it and "
    "llama.cpp's converter; CI runs it)",
)


@pytest.fixture(scope="module")
def gguf_f16(merged_streaming: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("gguf") / "noesis-f16.gguf"
    return Merger.to_gguf(merged_streaming, out, "f16", modelfile=True)


def _llama(path: Path) -> Any:
    from llama_cpp import Llama

    return Llama(model_path=str(path), n_ctx=512, n_threads=1, n_batch=64, verbose=False, seed=0)


def _prompt_ids(merged: Path) -> tuple[str, list[int]]:
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(merged)
    text = tok.apply_chat_template(
        [{"role": "user", "content": "O que é justiça? A verdade exige humildade."}],
        tokenize=False,
        add_generation_prompt=True,
    )
    return text, tok(text, add_special_tokens=False).input_ids


def _is_eog(llm: Any, token: int) -> bool:
    """llama.cpp's own end-of-generation test (EOS, EOT...) from the GGUF's vocabulary."""
    import llama_cpp

    return bool(llama_cpp.llama_vocab_is_eog(llama_cpp.llama_model_get_vocab(llm.model), token))


def _greedy_llama_cpp(llm: Any, ids: list[int], n: int, logits_processor: Any = None) -> list[int]:
    out: list[int] = []
    for token in llm.generate(
        ids, top_k=1, top_p=1.0, temp=0.0, repeat_penalty=1.0, logits_processor=logits_processor
    ):
        if _is_eog(llm, token):
            out.append(token)
            break
        out.append(token)
        if len(out) == n:
            break
    return out


@needs_llama_cpp
@pytest.mark.integration
def test_f16_gguf_tokenizes_and_generates_like_transformers(
    gguf_f16: Any, merged_streaming: Path
) -> None:
    """Same prompt ids, same first greedy tokens. transformers runs in float32 on the merged
    bf16 weights (exact upcast); llama.cpp holds them as f16 (exact for all but subnormal-range
    values) and computes in f32, so greedy choices agree except at near-ties."""
    import torch
    from transformers import AutoModelForCausalLM

    assert gguf_f16.tokenizer_pre == "llama-bpe" and gguf_f16.quant == "f16"
    assert gguf_f16.modelfile is not None and gguf_f16.modelfile.is_file()
    text, ids = _prompt_ids(merged_streaming)
    llm = _llama(gguf_f16.path)
    assert llm.tokenize(text.encode("utf-8"), add_bos=False, special=True) == ids
    # The declared "llama-bpe" is honest: llama.cpp splits and merges text as transformers does.
    from transformers import AutoTokenizer

    from noesis_trainer.testing import DEFAULT_CORPUS

    tok = AutoTokenizer.from_pretrained(merged_streaming)
    for sample in (*DEFAULT_CORPUS, "  Ação,\tdever 12345 ...?!\n\n  fim"):
        hf = tok(sample, add_special_tokens=False).input_ids
        assert llm.tokenize(sample.encode("utf-8"), add_bos=False, special=False) == hf, sample
    n = 8
    ours = _greedy_llama_cpp(llm, ids, n)
    model = AutoModelForCausalLM.from_pretrained(merged_streaming, dtype=torch.float32)
    with torch.no_grad():
        out = model.generate(
            input_ids=torch.tensor([ids]),
            max_new_tokens=n,
            do_sample=False,
            eos_token_id=None,
            pad_token_id=0,
        )
    expected = out[0, len(ids) :].tolist()
    assert ours == expected[: len(ours)] and len(ours) >= 4, (ours, expected)


def _stops_at_eot(path: Path, merged: Path) -> None:
    """Push <|eot_id|> up after three tokens: llama.cpp must end generation there by itself."""
    import numpy as np

    llm = _llama(path)
    import llama_cpp

    eot = llm.tokenize(EOT.encode(), add_bos=False, special=True)
    assert len(eot) == 1
    assert llama_cpp.llama_vocab_eot(llama_cpp.llama_model_get_vocab(llm.model)) == eot[0]
    _, ids = _prompt_ids(merged)
    start = len(ids)

    def boost_eot(input_ids: Any, scores: Any) -> Any:
        if len(input_ids) >= start + 3:
            scores = np.array(scores, copy=True)
            scores[eot[0]] = scores.max() + 10.0
        return scores

    out = _greedy_llama_cpp(llm, ids, 32, logits_processor=[boost_eot])
    assert out[-1] == eot[0] and len(out) == 4, out
    completion = llm.create_completion(
        llm.detokenize(ids, special=True).decode("utf-8"),
        max_tokens=32,
        temperature=0.0,
        logits_processor=[boost_eot],
    )
    assert completion["choices"][0]["finish_reason"] == "stop"
    assert completion["usage"]["completion_tokens"] <= 4


@needs_llama_cpp
@pytest.mark.integration
def test_f16_gguf_stops_at_end_of_turn(gguf_f16: Any, merged_streaming: Path) -> None:
    _stops_at_eot(gguf_f16.path, merged_streaming)


@needs_llama_cpp
@pytest.mark.integration
@pytest.mark.parametrize("quant", ["q8_0", "q4_k_m"])
def test_quantized_gguf_generates_and_stops_at_end_of_turn(
    quant: str, gguf_f16: Any, merged_streaming: Path, tmp_path: Path
) -> None:
    out = quantize_gguf(gguf_f16.path, tmp_path / f"noesis-{quant}.gguf", quant)
    assert 0 < out.stat().st_size < gguf_f16.size_bytes
    _stops_at_eot(out, merged_streaming)
    _, ids = _prompt_ids(merged_streaming)
    assert len(_greedy_llama_cpp(_llama(out), ids, 8)) >= 1


@needs_llama_cpp
@pytest.mark.integration
def test_export_gguf_command_writes_q4_k_m_and_modelfile(
    merged_streaming: Path, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from noesis_trainer.cli import app

    out = tmp_path / "noesis-q4_k_m.gguf"
    args = ["export-gguf", str(merged_streaming), "--out", str(out), "--quant", "q4_k_m"]
    result = CliRunner().invoke(app, [*args, "--modelfile", "--system", "Você é Noesis."])
    assert result.exit_code == 0, result.output
    assert f"wrote {out} (Q4_K_M," in result.stdout.replace("\n", "")
    assert out.read_bytes()[:4] == b"GGUF"
    modelfile = (tmp_path / "Modelfile").read_text(encoding="utf-8")
    assert modelfile.startswith("FROM ./noesis-q4_k_m.gguf") and "Você é Noesis." in modelfile
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Modelfile", "noesis-q4_k_m.gguf"]


@needs_llama_cpp
@pytest.mark.integration
def test_undeclared_pre_tokenizer_fails_with_the_fix(
    merged_streaming: Path, tmp_path: Path
) -> None:
    import json
    import shutil

    from noesis_trainer.merging.gguf import GGUFExportError

    folder = tmp_path / "merged"
    shutil.copytree(merged_streaming, folder)
    cfg_path = folder / "tokenizer_config.json"
    cfg = json.loads(cfg_path.read_text())
    del cfg["gguf_pre_tokenizer"]
    cfg_path.write_text(json.dumps(cfg))
    with pytest.raises(GGUFExportError, match="tokenizer_pre='llama-bpe'") as err:
        export_gguf(folder, tmp_path / "x.gguf", "f16")
    assert "--tokenizer-pre llama-bpe" in str(err.value)
    assert not any(p.suffix == ".gguf" or ".tmp-" in p.name for p in tmp_path.iterdir())
