"""The pipeline report states the boilerplate figures of the validated data."""

from __future__ import annotations

from pathlib import Path

import pytest

from noesis_trainer import Dataset
from noesis_trainer.pipeline.report import collect, write_report

STOCK = "Documente o que aprendeu para a equipe."


def test_report_states_boilerplate(project_seeds: Dataset, tmp_path: Path) -> None:
    run = tmp_path / "run"
    rows = []
    for k, seed in enumerate(list(project_seeds)[:12]):
        first = seed.response_revised.split(".")[0]
        rows.append(
            seed.model_copy(
                update={
                    "id": f"{seed.id}-v",
                    "source_id": seed.id,
                    "response_revised": f"{first}. {STOCK}" if k < 11 else seed.response_revised,
                }
            )
        )
    Dataset(rows).save(run / "data" / "clean.jsonl")
    data = collect(run)
    assert data["boilerplate"]["mostly_boilerplate_rows"] == 11
    assert data["boilerplate"]["worst"][0]["seeds"] == 11
    pytest.importorskip("matplotlib")
    write_report(run)
    markdown = (run / "report.md").read_text()
    assert "Boilerplate: 91.7% of rows mostly made of sentences shared by >= 10 seeds" in markdown
    assert "in 11 seeds" in markdown
