"""adapter_config.json parsing and PEFT's scaling rules (fast, no model)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from noesis_trainer.merging import MergeError, read_adapter_config
from noesis_trainer.merging.layout import parse_size


def _adapter(tmp_path: Path, config: dict[str, object] | str, *, weights: bool = True) -> Path:
    folder = tmp_path / "adapter"
    folder.mkdir()
    text = config if isinstance(config, str) else json.dumps(config, indent=2)
    (folder / "adapter_config.json").write_text(text, encoding="utf-8")
    if weights:
        (folder / "adapter_model.safetensors").write_bytes(b"")
    return folder


def test_plain_scaling_is_alpha_over_r(tmp_path: Path) -> None:
    cfg = read_adapter_config(_adapter(tmp_path, {"peft_type": "LORA", "r": 64, "lora_alpha": 128}))
    assert cfg.scaling("model.layers.0.self_attn.q_proj", 64) == 2.0


def test_rslora_scaling_is_alpha_over_sqrt_r(tmp_path: Path) -> None:
    cfg = read_adapter_config(_adapter(tmp_path, {"r": 16, "lora_alpha": 32, "use_rslora": True}))
    assert cfg.scaling("model.layers.1.mlp.up_proj", 16) == pytest.approx(32 / math.sqrt(16))


def test_rank_and_alpha_patterns_match_module_suffix(tmp_path: Path) -> None:
    cfg = read_adapter_config(
        _adapter(
            tmp_path,
            {
                "r": 16,
                "lora_alpha": 32,
                "rank_pattern": {"q_proj": 4},
                "alpha_pattern": {"down_proj": 8},
            },
        )
    )
    assert cfg.scaling("model.layers.0.self_attn.q_proj", 4) == 8.0
    assert cfg.scaling("model.layers.0.mlp.down_proj", 16) == 0.5
    assert cfg.scaling("model.layers.0.mlp.up_proj", 16) == 2.0
    with pytest.raises(MergeError, match="rank 16 in the weights but r=4"):
        cfg.scaling("model.layers.0.self_attn.q_proj", 16)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"r": 8, "lora_alpha": 16, "use_dora": True}, "use_dora=true is not supported"),
        ({"peft_type": "IA3", "r": 8}, "peft_type 'IA3' is not supported"),
        ({"lora_alpha": 16}, "field 'r'"),
        ({"r": 0, "lora_alpha": 16}, "must be positive"),
        ({"r": 8, "lora_bias": True}, "lora_bias"),
    ],
)
def test_unsupported_configs_are_refused_by_name(
    tmp_path: Path, config: dict[str, object], message: str
) -> None:
    with pytest.raises(MergeError, match=message):
        read_adapter_config(_adapter(tmp_path, config))


def test_invalid_json_names_file_and_line(tmp_path: Path) -> None:
    folder = _adapter(tmp_path, '{\n  "r": 8,\n  "lora_alpha": \n}')
    with pytest.raises(MergeError) as err:
        read_adapter_config(folder)
    assert f"{folder / 'adapter_config.json'}:4:" in str(err.value)


def test_missing_weights_and_bin_weights_are_explained(tmp_path: Path) -> None:
    folder = _adapter(tmp_path, {"r": 8, "lora_alpha": 16}, weights=False)
    with pytest.raises(MergeError, match=r"no adapter_model\.safetensors$"):
        read_adapter_config(folder)
    (folder / "adapter_model.bin").write_bytes(b"")
    with pytest.raises(MergeError, match=r"re-save it as safetensors"):
        read_adapter_config(folder)


def test_not_an_adapter_folder(tmp_path: Path) -> None:
    with pytest.raises(MergeError, match=r"no adapter_config\.json"):
        read_adapter_config(tmp_path)


@pytest.mark.parametrize(
    ("text", "value"),
    [("5GB", 5 * 10**9), ("600KB", 600_000), ("1.5GiB", int(1.5 * 2**30)), ("123", 123), (7, 7)],
)
def test_parse_size(text: str | int, value: int) -> None:
    assert parse_size(text) == value


@pytest.mark.parametrize("text", ["5 parsecs", "", "-1GB", 0])
def test_parse_size_rejects_nonsense(text: str | int) -> None:
    with pytest.raises(MergeError):
        parse_size(text)
