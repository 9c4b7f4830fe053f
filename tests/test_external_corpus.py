"""Every file of the original pipeline's data loads, or fails with located, readable problems."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from noesis_trainer.core.dataset import Dataset
from noesis_trainer.io.importers import messages_importer

pytestmark = pytest.mark.external

# path relative to the corpus root -> (valid examples, problems, most common problem code)
EXPECTED: dict[str, tuple[int, int, str | None]] = {
    "seed_examples_philosophical.jsonl": (600, 0, None),
    "generated/variations_batch2.jsonl": (3606, 0, None),
    "generated/tribunal_generated.jsonl": (150, 0, None),
    "generated/anti_sycophancy_batch1.jsonl": (50, 0, None),
    "generated/code_theory_generated.jsonl": (0, 233, "schema.enum"),
    "exports/combined_all.jsonl": (2444, 200, "schema.missing"),
    "exports/eval.jsonl": (610, 0, None),
    "manual_examples_batch1.jsonl": (0, 2, "foreign.messages"),
    "philosophical_seed_manual_60.jsonl": (0, 6, "foreign.messages"),
    "exports/statistics.json": (0, 1, "multiline_record"),
    "training_config.yaml": (0, 1, "not_jsonl"),
    "README.md": (0, 1, "not_jsonl"),
    "LICENSE": (0, 1, "not_jsonl"),
}


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_pinned_figures(shared_data: Path, rel: str) -> None:
    ds = Dataset.load(shared_data / rel)
    valid, n_problems, top_code = EXPECTED[rel]
    assert (len(ds), len(ds.problems)) == (valid, n_problems)
    if top_code is not None:
        assert Counter(p.code for p in ds.problems).most_common(1)[0][0] == top_code
    for p in ds.problems:
        assert p.path.endswith(Path(rel).name) and p.line >= 1
        assert "Traceback" not in p.message and len(p.message) > 10


def test_every_file_loads_or_fails_located(shared_data: Path) -> None:
    files = sorted(f for f in shared_data.rglob("*") if f.is_file())
    assert len(files) >= 50
    for f in files:
        ds = Dataset.load(f)
        assert len(ds) + len(ds.problems) > 0, f
        for p in ds.problems:
            assert str(p).startswith(f"{f}:{p.line}")


def test_alma_files_name_each_missing_field(shared_data: Path) -> None:
    ds = Dataset.load(shared_data / "alma_manual_600")
    assert len(ds) == 0
    fields = Counter(p.field for p in ds.problems)
    assert fields["critique"] == 27 and fields["difficulty"] == 27
    assert fields["response_revised"] == 3


def test_multiline_messages_file_imports_with_chat_importer(shared_data: Path) -> None:
    path = shared_data / "philosophical_seed_manual_60.jsonl"
    plain = Dataset.load(path)
    spread = [p for p in plain.problems if p.code == "multiline_record"]
    assert [(p.line, p.end_line) for p in spread] == [(3, 5)]
    imported = Dataset.load(path, importer=messages_importer())
    assert len(imported) == 6 and imported.problems == []
    assert imported[2].id == "philosophical_seed_manual_60_00003"
    assert imported[0].extra_fields["system"].startswith("Você é Noesis")
    batch = Dataset.load(shared_data / "manual_examples_batch1.jsonl", importer=messages_importer())
    assert len(batch) == 2


def test_whole_folder_totals(shared_data: Path) -> None:
    ds = Dataset.load(shared_data)
    assert len(ds) == 7584
    assert len(ds.problems) == 579  # a folder is read for its .jsonl files only
