"""One typed pipeline config: nested overrides merge, conflicting values are errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noesis_trainer.pipeline.config import (
    PipelineConfig,
    PipelineConfigError,
    deep_merge,
    parse_set_options,
)
from noesis_trainer.training.config import TrainingConfig

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "pipeline.yaml"
SEEDS = REPO / "examples" / "data" / "seeds.jsonl"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pipeline.yaml"
    path.write_text(f"name: demo\nseeds: [{SEEDS}]\n" + body, encoding="utf-8")
    return path


def test_training_section_is_typed() -> None:
    cfg = PipelineConfig.load(EXAMPLE)
    assert isinstance(cfg.training, TrainingConfig)
    assert cfg.training.engine == "transformers"
    assert cfg.training.lora.r == 16  # examples/pipeline.yaml


def test_python_override_merges_into_the_example() -> None:
    cfg = PipelineConfig.load(EXAMPLE, training={"lora": {"r": 4}})
    assert cfg.training.lora.r == 4
    assert cfg.training.lora.alpha == 32  # the example's, kept
    assert cfg.training.engine == "transformers"  # not the default 'unsloth'
    assert cfg.training.model.max_seq_length == 768


def test_cli_set_overrides_merge() -> None:
    overrides = parse_set_options(["training.lora.r=8", "variations.count=3", "backend=local"])
    assert overrides == {
        "training": {"lora": {"r": 8}},
        "variations": {"count": 3},
        "backend": "local",
    }
    cfg = PipelineConfig.load(EXAMPLE, **overrides)
    assert (cfg.training.lora.r, cfg.training.lora.alpha, cfg.variations.count) == (8, 32, 3)


@pytest.mark.parametrize("bad", ["training.lora.r", "=3", "training..r=2"])
def test_bad_set_option(bad: str) -> None:
    with pytest.raises(PipelineConfigError, match=r"expected dotted\.key=value"):
        parse_set_options([bad])


def test_set_of_unknown_field_names_it() -> None:
    with pytest.raises(PipelineConfigError, match=r"training\.lora\.rank: Extra inputs"):
        PipelineConfig.load(EXAMPLE, **parse_set_options(["training.lora.rank=4"]))


def test_epochs_conflict_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "epochs: 3\ntraining: {optim: {num_epochs: 2}}\n")
    with pytest.raises(PipelineConfigError) as info:
        PipelineConfig.load(path)
    assert str(info.value) == (
        f"{path}: training.optim.num_epochs: 2 conflicts with epochs: 3; "
        "set the number of epochs once (epochs:)"
    )


def test_epochs_given_once_is_used(tmp_path: Path) -> None:
    cfg = PipelineConfig.load(_write(tmp_path, "training: {optim: {num_epochs: 5}}\n"))
    assert cfg.epochs == 5
    assert cfg.training_dict("model")["optim"]["num_epochs"] == 5
    same = PipelineConfig.load(_write(tmp_path, "epochs: 2\ntraining: {optim: {num_epochs: 2}}\n"))
    assert same.epochs == 2


def test_base_model_conflict_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "training: {model: {base_model: meta-llama/Llama-3.1-8B}}\n")
    with pytest.raises(PipelineConfigError, match="conflicts with model: 'tiny'"):
        PipelineConfig.load(path)


def test_split_paths_in_training_are_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "training: {data: {train_file: x.jsonl}}\n")
    with pytest.raises(PipelineConfigError, match=r"data\.train_file is set by the pipeline"):
        PipelineConfig.load(path)


nested = st.recursive(
    st.integers() | st.text(max_size=3),
    lambda kids: st.dictionaries(st.sampled_from("abc"), kids, max_size=3),
    max_leaves=8,
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(st.sampled_from("abc"), nested), st.dictionaries(st.sampled_from("abc"), nested)
)
def test_deep_merge_keeps_base_keys_and_override_leaves(
    base: dict[str, object], over: dict[str, object]
) -> None:
    merged = deep_merge(base, over)
    assert set(merged) == set(base) | set(over)
    for key, value in over.items():
        if not isinstance(value, dict) or not isinstance(base.get(key), dict):
            assert merged[key] == value
        else:
            assert deep_merge(base[key], value) == merged[key]  # type: ignore[arg-type]
    assert deep_merge(base, {}) == base


def test_a_dumped_config_loads_again() -> None:
    cfg = PipelineConfig.load(EXAMPLE)
    again = PipelineConfig.from_dict(cfg.model_dump(mode="json"), base_dir=cfg.base_dir)
    assert again == cfg
    assert again.training.optim.num_epochs == again.epochs == 2
