"""The Validator's dataset-level ``boilerplate`` warning, on generated files read back."""

from __future__ import annotations

import json
from pathlib import Path

from noesis_trainer import Dataset
from noesis_trainer.validation import Validator

STOCK = "Documente o que aprendeu para a equipe."


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def _variation(seed: dict[str, object], k: int, answer: str) -> dict[str, object]:
    return {
        **seed,
        "id": f"{seed['id']}-v{k}",
        "source_id": seed["id"],
        "parent_id": seed["id"],
        "technique": "practical",
        "response_revised": answer,
    }


def test_warns_with_figures_and_worst_sentences(project_seeds: Dataset, tmp_path: Path) -> None:
    seeds = [ex.to_record() for ex in list(project_seeds)[:12]]
    rows = [_variation(s, 0, f"{str(s['response_revised']).split('.')[0]}. {STOCK}") for s in seeds]
    report = Validator().validate(_write(tmp_path / "stock.jsonl", rows))
    found = [f for f in report.dataset_findings if f.rule == "boilerplate"]
    assert len(found) == 1
    assert "100.0% of rows are mostly boilerplate" in found[0].message
    assert "(12 seeds)" in found[0].message and "documente o que aprendeu" in found[0].message
    assert found[0].figures is not None
    assert found[0].figures["mostly_boilerplate_rows"] == 12
    assert found[0].figures["worst"][0]["seeds"] == 12
    assert report.rows_for("boilerplate") == [] and report.rows_with_warnings == 0


def test_silent_on_the_seed_grounded_generator(project_seeds: Dataset, tmp_path: Path) -> None:
    from noesis_trainer.variations import VariationGenerator

    out = VariationGenerator().generate(project_seeds, 120, seed=1).dataset
    path = out.save(tmp_path / "variations.jsonl")
    report = Validator().validate(path)
    assert not [f for f in report.dataset_findings if f.rule == "boilerplate"]
    assert "boilerplate" in {r["id"] for r in Validator().describe_rules()}
