"""The base model's eval loss is measured without transformers' raw log dicts on stdout."""

from __future__ import annotations

from pathlib import Path

import pytest

from noesis_trainer.training.run import base_eval_loss
from tests.training.examples import memorization_set, tiny_config

pytestmark = pytest.mark.integration


def test_base_eval_loss_prints_no_raw_log_dict(
    tiny_model: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    config = tiny_config(tiny_model, tmp_path / "out", model__load_in_4bit=False)
    loss = base_eval_loss(
        config, eval_examples=memorization_set(4), output_dir=tmp_path / "base", log=lambda _: None
    )
    assert loss is not None and loss > 0
    out, _ = capfd.readouterr()
    assert "eval_loss" not in out, out
