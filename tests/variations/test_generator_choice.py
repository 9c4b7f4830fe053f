"""The pipeline's `variations.generator` option and the Modal rewrite cost in `noesis plan`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from noesis_trainer.cli import app
from noesis_trainer.generation.local import TransformersGenerator
from noesis_trainer.generation.openai_compat import OpenAICompatGenerator
from noesis_trainer.pipeline.config import PipelineConfig, PipelineConfigError
from noesis_trainer.pipeline.plan import rewrite_estimate
from noesis_trainer.variations.model_choice import text_generator_for

REPO = Path(__file__).resolve().parents[2]


def _config(tmp_path: Path, variations: str) -> Path:
    """examples/pipeline.yaml with its seeds made absolute and its `variations:` section replaced
    by the given YAML lines."""
    import yaml

    data = yaml.safe_load((REPO / "examples" / "pipeline.yaml").read_text(encoding="utf-8"))
    data["seeds"] = [str(REPO / "examples" / "data" / "seeds.jsonl")]
    data["variations"] = yaml.safe_load(variations)
    path = tmp_path / "pipeline.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_each_choice_builds_its_generator(tmp_path: Path) -> None:
    local = PipelineConfig.load(
        _config(tmp_path, f"  count: 4\n  generator: local\n  model: {tmp_path}\n")
    )
    assert isinstance(text_generator_for(local.variations), TransformersGenerator)
    server = PipelineConfig.load(
        _config(
            tmp_path,
            "  count: 4\n  generator: openai\n  model: smollm2\n"
            "  base_url: http://127.0.0.1:8080/v1\n",
        )
    )
    made = text_generator_for(server.variations)
    assert isinstance(made, OpenAICompatGenerator) and made.model == "smollm2"
    plain = PipelineConfig.load(_config(tmp_path, "  count: 4\n"))
    assert (
        plain.variations.generator == "templates" and text_generator_for(plain.variations) is None
    )


@pytest.mark.parametrize(
    ("variations", "message"),
    [
        ("  count: 4\n  generator: local\n", "needs variations.model"),
        ("  count: 4\n  generator: openai\n  model: m\n", "needs variations.base_url"),
        ("  count: 4\n  generator: vllm\n", "'templates', 'local', 'openai' or 'modal'"),
        ("  count: 4\n  generator: modal\n  gpu: L40\n", "did you mean 'L40S'"),
    ],
)
def test_bad_choices_name_the_field(tmp_path: Path, variations: str, message: str) -> None:
    with pytest.raises(PipelineConfigError, match=message):
        PipelineConfig.load(_config(tmp_path, variations))


def test_plan_prints_the_modal_rewrite_cost(tmp_path: Path) -> None:
    config = _config(tmp_path, "  count: 5500\n  generator: modal\n  gpu: H100\n")
    result = CliRunner().invoke(app, ["plan", str(config)])
    assert result.exit_code == 0, result.output
    expected = rewrite_estimate(5500, "H100")
    assert f"variations on Modal: 5500 rewrites on H100, {expected.containers} containers" in (
        result.output
    )
    assert f"~${expected.dollars:.2f}" in result.output
