"""The merged folder's non-weight files, laid out as transformers, vLLM and llama.cpp read them.

config.json and the tokenizer come from the base (the tokenizer from the adapter folder when the
training saved one there, since training may change the template); generation_config.json is
written so that generation stops at ``<|eot_id|>``, the end-of-turn token of the Llama 3 chat
format, and not only at ``<|end_of_text|>``, which a chat model rarely emits.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from noesis_trainer.io.atomic import sweep_stale_temps
from noesis_trainer.io.paths import OutputPathError, check_replaceable
from noesis_trainer.merging.adapter import MergeError

EOT_TOKEN = "<|eot_id|>"
TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "chat_template.jinja",
    "chat_template.json",
    "tokenizer.model",
    "added_tokens.json",
)
EXTRA_FILES = ("noesis_tiny_model.json",)

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KIB|MIB|GIB)?\s*$", re.IGNORECASE)
_UNITS = {"B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "KIB": 2**10, "MIB": 2**20, "GIB": 2**30}


def parse_size(size: str | int) -> int:
    """'5GB', '200MB', '1.5GiB' or a byte count -> bytes."""
    if isinstance(size, int):
        if size <= 0:
            raise MergeError(f"shard size must be positive, got {size}")
        return size
    m = _SIZE.match(size)
    if m is None:
        raise MergeError(f"shard size {size!r} is not like '5GB', '500MB' or a byte count")
    value = int(float(m[1]) * _UNITS[(m[2] or "B").upper()])
    if value <= 0:
        raise MergeError(f"shard size must be positive, got {size!r}")
    return value


def _read_json(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise MergeError(f"{path}:{err.lineno}: invalid JSON: {err.msg}") from None
    if not isinstance(value, dict):
        raise MergeError(f"{path}: expected a JSON object")
    return value


def tokenizer_source(base_dir: Path, adapter_dir: Path | None) -> Path:
    """The folder whose tokenizer the merged model ships: the adapter's if it has one."""
    if adapter_dir is not None and (adapter_dir / "tokenizer.json").is_file():
        return adapter_dir
    if (base_dir / "tokenizer.json").is_file() or (base_dir / "tokenizer.model").is_file():
        return base_dir
    raise MergeError(f"{base_dir}: no tokenizer.json (the merged model needs its tokenizer)")


def special_token_id(tokenizer_dir: Path, content: str) -> int | None:
    """The id of an added token (e.g. ``<|eot_id|>``) from tokenizer.json, or None."""
    path = tokenizer_dir / "tokenizer.json"
    if not path.is_file():
        return None
    for token in _read_json(path).get("added_tokens", []):
        if isinstance(token, dict) and token.get("content") == content:
            return int(token["id"])
    return None


def has_chat_template(tokenizer_dir: Path) -> bool:
    if (tokenizer_dir / "chat_template.jinja").is_file():
        return True
    if (tokenizer_dir / "chat_template.json").is_file():
        return True
    cfg = tokenizer_dir / "tokenizer_config.json"
    return cfg.is_file() and bool(_read_json(cfg).get("chat_template"))


def chat_templates(tokenizer_dir: Path) -> list[str]:
    """The Jinja chat templates a tokenizer folder declares, in the places `has_chat_template`
    looks: ``chat_template.jinja``, ``chat_template.json`` and the ``chat_template`` of
    tokenizer_config.json (a string, or a list of named templates). Unreadable or invalid files
    count as declaring none (this reads, `has_chat_template` checks)."""
    found: list[str] = []
    with contextlib.suppress(OSError, UnicodeDecodeError):
        found.append((tokenizer_dir / "chat_template.jinja").read_text(encoding="utf-8"))
    for name in ("chat_template.json", "tokenizer_config.json"):
        try:
            config = json.loads((tokenizer_dir / name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        declared = config.get("chat_template") if isinstance(config, dict) else None
        if isinstance(declared, str):
            found.append(declared)
        elif isinstance(declared, list):
            found += [t["template"] for t in declared if isinstance(t, dict) and
                      isinstance(t.get("template"), str)]  # fmt: skip
    return found


def _as_list(value: Any) -> list[int]:
    if value is None:
        return []
    if isinstance(value, list):
        return [int(v) for v in value]
    return [int(value)]


def write_layout(
    base_dir: Path, adapter_dir: Path | None, out_dir: Path, *, chat_template: str | None = None
) -> tuple[int, ...]:
    """Write config, generation config, tokenizer and chat template into `out_dir`.

    Returns the generation config's end-of-sequence ids (always including ``<|eot_id|>`` when
    the tokenizer has it).
    """
    config_path = base_dir / "config.json"
    if not config_path.is_file():
        raise MergeError(f"{base_dir}: no config.json")
    config = _read_json(config_path)
    tok_dir = tokenizer_source(base_dir, adapter_dir)
    for name in TOKENIZER_FILES:
        if (tok_dir / name).is_file():
            shutil.copyfile(tok_dir / name, out_dir / name)
    for name in EXTRA_FILES:
        if (base_dir / name).is_file():
            shutil.copyfile(base_dir / name, out_dir / name)
    if chat_template is not None:
        (out_dir / "chat_template.jinja").write_text(chat_template, encoding="utf-8")
    elif not has_chat_template(out_dir):
        raise MergeError(
            f"{tok_dir}: the tokenizer has no chat template; pass chat_template= (the Llama 3.1 "
            "template) so the merged model formats conversations as it was trained"
        )
    # vLLM releases that predate transformers 5 read torch_dtype; transformers 5 writes dtype.
    if "dtype" in config and "torch_dtype" not in config:
        config["torch_dtype"] = config["dtype"]
    (out_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")

    gen_path = base_dir / "generation_config.json"
    gen = _read_json(gen_path) if gen_path.is_file() else {}
    eos = _as_list(gen.get("eos_token_id", config.get("eos_token_id")))
    eot = special_token_id(out_dir, EOT_TOKEN)
    if eot is not None and eot not in eos:
        eos.append(eot)
    if eos:
        gen["eos_token_id"] = eos
    for key in ("bos_token_id", "pad_token_id"):
        if key not in gen and config.get(key) is not None:
            gen[key] = config[key]
    (out_dir / "generation_config.json").write_text(
        json.dumps(gen, indent=2) + "\n", encoding="utf-8"
    )
    return tuple(eos)


@contextlib.contextmanager
def atomic_directory(out_dir: Path, *, overwrite: bool) -> Iterator[Path]:
    """Yield a temporary folder beside `out_dir`; on success it replaces `out_dir` by rename.

    A failed or interrupted merge leaves no half-written model where a loader would find it; the
    temp folders of a killed merge are removed by the next one. `overwrite` only replaces a
    folder this library wrote (it carries `io.paths.MARKER`, or a merge's noesis_merge.json).
    """
    if os.path.lexists(out_dir):
        if not overwrite:
            raise MergeError(f"{out_dir} already exists (pass overwrite=True / --overwrite)")
        if not (out_dir / "noesis_merge.json").is_file():
            try:
                check_replaceable(out_dir)
            except OutputPathError as err:
                raise MergeError(str(err)) from None
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{out_dir.name[:80]}."
    sweep_stale_temps(out_dir.parent, prefix)
    tmp = out_dir.parent / f"{prefix}{os.getpid()}.tmp-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        yield tmp  # the merge writes noesis_merge.json: the mark of a folder we wrote
        if out_dir.exists():
            old = out_dir.parent / f"{prefix}{os.getpid()}.old-{uuid.uuid4().hex[:8]}"
            os.replace(out_dir, old)
            os.replace(tmp, out_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out_dir)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
