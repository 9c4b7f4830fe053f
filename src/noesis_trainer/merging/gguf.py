"""GGUF export through llama.cpp's own converter and quantizer, plus an Ollama Modelfile.

llama.cpp's ``convert_hf_to_gguf.py`` is not in the llama-cpp-python wheel; it ships in that
package's source distribution (vendor/llama.cpp). ``scripts/install_llama_cpp.sh`` builds
llama-cpp-python and unpacks the converter into ``.build/llama.cpp``; `NOESIS_LLAMA_CPP_DIR` points
elsewhere. F32/F16/BF16/Q8_0 come straight from the converter; other types (K-quants, Q4_0...)
are quantized from an F16 file by ``llama_cpp.llama_model_quantize``.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from noesis_trainer.errors import NoesisError
from noesis_trainer.io.atomic import place_file, temp_path_for, write_text_atomic
from noesis_trainer.merging.adapter import MergeError
from noesis_trainer.merging.layout import chat_templates
from noesis_trainer.processes import die_with_parent

Quant = Literal[
    "f32", "f16", "bf16", "q8_0", "q6_k", "q5_k_m", "q5_k_s", "q4_k_m", "q4_k_s", "q4_0"
]
QUANTS: tuple[str, ...] = get_args(Quant)
_CONVERTER_TYPES = {"f32", "f16", "bf16", "q8_0"}
CONVERTER_ENV = "NOESIS_LLAMA_CPP_DIR"
PRE_TOKENIZER_KEY = "gguf_pre_tokenizer"
_REPO_ROOT = Path(__file__).resolve().parents[3]
INSTALL_HINT = (
    "run scripts/install_llama_cpp.sh from the noesis-trainer repository (it builds "
    "llama-cpp-python and unpacks llama.cpp's converter into .build/llama.cpp)"
)


class ToolingMissingError(NoesisError, RuntimeError):
    """llama.cpp's converter or llama-cpp-python is not installed; the message says how to fix."""


class GGUFExportError(NoesisError, RuntimeError):
    """The converter or quantizer ran and failed; the message carries the end of its output."""


@dataclass(frozen=True)
class GGUFExport:
    """A written GGUF file (and its Modelfile, when asked for)."""

    path: Path
    quant: str
    size_bytes: int
    modelfile: Path | None
    tokenizer_pre: str | None


def find_converter(candidates: list[Path] | None = None) -> Path:
    """The folder holding llama.cpp's ``convert_hf_to_gguf.py`` (with gguf-py beside it).

    Looked for in `candidates`, by default ``$NOESIS_LLAMA_CPP_DIR`` then the repository's
    ``.build/llama.cpp`` (where scripts/install_llama_cpp.sh puts it).
    """
    if candidates is None:
        candidates = []
        if os.environ.get(CONVERTER_ENV):
            candidates.append(Path(os.environ[CONVERTER_ENV]))
        candidates.append(_REPO_ROOT / ".build" / "llama.cpp")
    for folder in candidates:
        if (folder / "convert_hf_to_gguf.py").is_file():
            return folder
    raise ToolingMissingError(
        "llama.cpp's converter (convert_hf_to_gguf.py) was not found in "
        + ", ".join(str(c) for c in candidates)
        + f"; {INSTALL_HINT}, or set {CONVERTER_ENV} to a llama.cpp source folder"
    )


def require_llama_cpp() -> None:
    """Fail with an install hint when llama-cpp-python is not importable."""
    try:
        import llama_cpp  # noqa: F401
    except ImportError as err:
        raise ToolingMissingError(
            f"llama-cpp-python is not installed ({err}); {INSTALL_HINT}, "
            "or pip install llama-cpp-python"
        ) from err


def declared_pre_tokenizer(model_dir: Path) -> str | None:
    """The pre-tokenizer name a tokenizer declares in tokenizer_config.json, if any."""
    cfg = model_dir / "tokenizer_config.json"
    if not cfg.is_file():
        return None
    try:
        value = json.loads(cfg.read_text(encoding="utf-8")).get(PRE_TOKENIZER_KEY)
    except (json.JSONDecodeError, AttributeError):
        return None
    return str(value) if value else None


_PRE_HINT = (
    "llama.cpp does not know this tokenizer's pre-tokenizer (it recognises known models by a "
    "hash of their token ids); if the tokenizer splits text like Llama 3, pass "
    "tokenizer_pre='llama-bpe' (CLI: --tokenizer-pre llama-bpe) or add "
    f'"{PRE_TOKENIZER_KEY}": "llama-bpe" to tokenizer_config.json'
)


def _run_tool(args: list[str], what: str) -> None:
    env = dict(os.environ)
    env.setdefault("OMP_NUM_THREADS", "1")
    proc = subprocess.run(
        [sys.executable, "-m", "noesis_trainer.merging._llama_cpp_tool", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        preexec_fn=die_with_parent(),  # a killed `noesis run` must not leave the converter
    )
    if proc.returncode != 0:
        output = proc.stderr + proc.stdout
        if "pre-tokenizer was not recognized" in output:
            raise GGUFExportError(f"{what} failed: {_PRE_HINT}")
        tail = "\n".join(output.strip().splitlines()[-15:])
        raise GGUFExportError(f"{what} failed (exit code {proc.returncode}):\n{tail}")


def export_gguf(
    merged_dir: str | Path,
    out_path: str | Path,
    quant: str = "f16",
    *,
    tokenizer_pre: str | None = None,
    modelfile: bool = False,
    system_prompt: str | None = None,
    chat_format: str | None = None,
    threads: int = 1,
) -> GGUFExport:
    """Convert `merged_dir` (a transformers folder) to a GGUF file at `out_path`, atomically.

    `tokenizer_pre` names llama.cpp's pre-tokenizer for a vocabulary the converter does not
    recognise (default: the ``gguf_pre_tokenizer`` key of tokenizer_config.json, if present).
    `chat_format`: the Modelfile's template and stops (default: the folder's own chat template,
    `chat_format_of`).
    """
    src = Path(merged_dir)
    out = Path(out_path)
    quant = quant.lower()
    if quant not in QUANTS:
        raise MergeError(f"unknown GGUF type {quant!r}; choose one of {', '.join(QUANTS)}")
    if not (src / "config.json").is_file():
        raise MergeError(f"{src}: not a merged model folder (no config.json)")
    if chat_format is not None:
        _chat_format(chat_format)  # an unknown name fails before the conversion
    converter = find_converter()
    if quant not in _CONVERTER_TYPES:
        require_llama_cpp()
    pre = tokenizer_pre or declared_pre_tokenizer(src)
    tmp = temp_path_for(out, "gguf")
    f16_tmp = temp_path_for(out, "f16")
    try:
        outtype = quant if quant in _CONVERTER_TYPES else "f16"
        first = tmp if quant in _CONVERTER_TYPES else f16_tmp
        convert_args = ["convert", "--converter-dir", str(converter)]
        if pre:
            convert_args += ["--tokenizer-pre", pre]
        convert_args += ["--", str(src), "--outfile", str(first), "--outtype", outtype]
        _run_tool(convert_args, "llama.cpp convert_hf_to_gguf.py")
        if quant not in _CONVERTER_TYPES:
            _quantize_file(f16_tmp, tmp, quant, threads)
        place_file(tmp, out)
    finally:
        for leftover in (tmp, f16_tmp):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    mf = (
        write_modelfile(
            out, system_prompt=system_prompt, chat_format=chat_format or chat_format_of(src)
        )
        if modelfile
        else None
    )
    return GGUFExport(
        path=out, quant=quant, size_bytes=out.stat().st_size, modelfile=mf, tokenizer_pre=pre
    )


def _quantize_file(src: Path, dst: Path, quant: str, threads: int) -> None:
    _run_tool(
        ["quantize", str(src), str(dst), quant, "--threads", str(threads)],
        f"llama_model_quantize to {quant.upper()}",
    )


def quantize_gguf(src: str | Path, out_path: str | Path, quant: str, *, threads: int = 1) -> Path:
    """Quantize an F16/BF16/F32 GGUF to `quant` with llama.cpp (atomic; a child process)."""
    source, out = Path(src), Path(out_path)
    quant = quant.lower()
    if quant not in QUANTS or quant in {"f16", "bf16", "f32"}:
        raise MergeError(f"cannot quantize to {quant!r}; choose one of {', '.join(QUANTS[3:])}")
    if not source.is_file():
        raise MergeError(f"GGUF file not found: {source}")
    require_llama_cpp()
    tmp = temp_path_for(out, "gguf")
    try:
        _quantize_file(source, tmp, quant, threads)
        place_file(tmp, out)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return out


# Ollama templates are Go templates, not Jinja. Each chat format renders every message as its
# turn and then opens the assistant's turn; the stops end generation at the end of that turn.
OLLAMA_TEMPLATE = (
    "{{- range .Messages }}<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n"
    "{{ .Content }}<|eot_id|>{{ end }}<|start_header_id|>assistant<|end_header_id|>\n\n"
)
OLLAMA_STOPS = ("<|eot_id|>", "<|start_header_id|>", "<|end_header_id|>", "<|end_of_text|>")


@dataclass(frozen=True, slots=True)
class OllamaChatFormat:
    """How one family of chat templates looks to Ollama: its TEMPLATE and its stop strings."""

    name: str
    marker: str
    """A string only this family's Jinja chat template holds (how `chat_format_of` knows it)."""
    template: str
    stops: tuple[str, ...]


CHAT_FORMATS: dict[str, OllamaChatFormat] = {
    "llama3": OllamaChatFormat("llama3", "<|start_header_id|>", OLLAMA_TEMPLATE, OLLAMA_STOPS),
    "chatml": OllamaChatFormat(
        "chatml",
        "<|im_start|>",
        "{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}"
        "<|im_start|>assistant\n",
        ("<|im_end|>", "<|im_start|>"),
    ),
    # Gemma has two roles, user and model: a system message is sent as a user turn.
    "gemma": OllamaChatFormat(
        "gemma",
        "<start_of_turn>",
        '{{- range .Messages }}<start_of_turn>{{ if eq .Role "assistant" }}model'
        "{{ else }}user{{ end }}\n{{ .Content }}<end_of_turn>\n{{ end }}<start_of_turn>model\n",
        ("<end_of_turn>", "<start_of_turn>"),
    ),
}
"""The chat formats a Modelfile can be written for, by name."""
DEFAULT_CHAT_FORMAT = "llama3"
"""The mission's model (Llama 3.1), and what a folder without a chat template gets."""


def chat_format_of(model_dir: str | Path) -> str:
    """The `CHAT_FORMATS` name of the chat template in `model_dir` (the first family whose
    marker it holds), `DEFAULT_CHAT_FORMAT` when it declares none or an unknown one."""
    for template in chat_templates(Path(model_dir)):
        for name, chat in CHAT_FORMATS.items():
            if chat.marker in template:
                return name
    return DEFAULT_CHAT_FORMAT


def _chat_format(name: str) -> OllamaChatFormat:
    chat = CHAT_FORMATS.get(name)
    if chat is None:
        raise MergeError(
            f"unknown chat format {name!r} for the Modelfile; choose one of "
            f"{', '.join(CHAT_FORMATS)}"
        )
    return chat


def render_modelfile(
    gguf_name: str, *, system_prompt: str | None = None, chat_format: str = DEFAULT_CHAT_FORMAT
) -> str:
    """An Ollama Modelfile for `gguf_name` (a path relative to the Modelfile), in the template
    and stops of `chat_format` (a `CHAT_FORMATS` name)."""
    chat = _chat_format(chat_format)
    lines = [f"FROM ./{gguf_name}", "", f'TEMPLATE """{chat.template}"""', ""]
    if system_prompt:
        escaped = system_prompt.replace('"""', '\\"\\"\\"')
        lines += [f'SYSTEM """{escaped}"""', ""]
    lines += [f'PARAMETER stop "{stop}"' for stop in chat.stops]
    lines += ["PARAMETER temperature 0.7", ""]
    return "\n".join(lines)


def write_modelfile(
    gguf_path: str | Path,
    *,
    system_prompt: str | None = None,
    chat_format: str = DEFAULT_CHAT_FORMAT,
) -> Path:
    """Write ``Modelfile`` beside `gguf_path` (``ollama create NAME -f Modelfile``)."""
    path = Path(gguf_path)
    target = path.parent / "Modelfile"
    text = render_modelfile(path.name, system_prompt=system_prompt, chat_format=chat_format)
    write_text_atomic(target, text)
    return target
