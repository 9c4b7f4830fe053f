"""Named models: the GGUF inside a package becomes a cached, hash-checked safetensors folder."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from noesis_trainer.core.named_models import (
    MANIFEST,
    NAMED_MODELS,
    NamedModel,
    NamedModelError,
    _manifest_ok,
    gguf_source,
    resolve,
    sha256_file,
)
from noesis_trainer.pipeline.config import PipelineConfig, PipelineConfigError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_a_missing_package_is_one_line_naming_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        NAMED_MODELS,
        "absent-1m",
        NamedModel(
            name="absent-1m",
            package="noesis_no_such_package",
            distribution="noesis-no-such-package==1.0",
            extra="absent",
            gguf_file="absent.gguf",
            description="a package that is not installed",
        ),
    )
    with pytest.raises(NamedModelError) as err:
        gguf_source("absent-1m")
    line = err.value.line()
    assert "\n" not in line
    assert "noesis-no-such-package" in line and "noesis-trainer[absent]" in line
    with pytest.raises(PipelineConfigError, match=r"model: .*noesis-trainer\[absent\]"):
        PipelineConfig.from_dict(
            {"name": "x", "seeds": [str(EXAMPLES / "data" / "seeds.jsonl")], "model": "absent-1m"}
        )


def test_an_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(NamedModelError) as err:
        gguf_source("smollm9-1t")
    assert "smollm9-1t" in err.value.line() and "smollm2-135m" in err.value.line()


@pytest.mark.integration
def test_the_conversion_is_cached_hash_checked_and_reused(smollm2_dir: Path) -> None:
    manifest = json.loads((smollm2_dir / MANIFEST).read_text(encoding="utf-8"))
    source = gguf_source("smollm2-135m")
    assert manifest["source_sha256"] == sha256_file(source)
    assert {"config.json", "model.safetensors", "tokenizer.json"} <= set(manifest["files"])
    config = json.loads((smollm2_dir / "config.json").read_text(encoding="utf-8"))
    assert config["num_hidden_layers"] == 30 and config["hidden_size"] == 576
    assert "quantization_config" not in config
    weights = smollm2_dir / "model.safetensors"
    before = weights.stat().st_mtime_ns
    assert resolve("smollm2-135m") == smollm2_dir  # reused, not converted again
    assert weights.stat().st_mtime_ns == before


@pytest.mark.integration
def test_a_damaged_cache_entry_fails_its_check(smollm2_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "entry"
    copy.mkdir()
    for f in smollm2_dir.iterdir():
        if f.name == "model.safetensors":
            os.symlink(f, copy / f.name)  # 538 MB: linked, not copied
        else:
            shutil.copy(f, copy / f.name)
    source_sha = json.loads((copy / MANIFEST).read_text(encoding="utf-8"))["source_sha256"]
    assert _manifest_ok(copy, source_sha)
    assert not _manifest_ok(copy, "0" * 64)  # another GGUF
    config = copy / "config.json"
    config.write_text(config.read_text(encoding="utf-8").replace('"silu"', '"gelu"'))
    assert not _manifest_ok(copy, source_sha)
    (copy / MANIFEST).unlink()
    assert not _manifest_ok(copy, source_sha)


@pytest.mark.integration
def test_the_converted_model_answers_like_the_instruct_model(smollm2_dir: Path) -> None:
    from noesis_trainer.generation.local import TransformersGenerator

    tokenizer_config = json.loads((smollm2_dir / "tokenizer_config.json").read_text("utf-8"))
    assert tokenizer_config.get("eos_token") == "<|im_end|>"
    gen = TransformersGenerator(smollm2_dir, batch_size=2)
    replies = gen.generate(
        [
            [{"role": "user", "content": "What is the capital of France? One word."}],
            [{"role": "user", "content": "What is 2 + 2? Answer with a number."}],
        ],
        max_new_tokens=12,
    )
    assert "paris" in replies[0].lower()
    assert "4" in replies[1]
    assert gen.finished == [True, True]  # both stopped at <|im_end|>
