"""examples/quickstart.ipynb runs top to bottom with nbclient, on the tiny model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("transformers")

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.integration
def test_quickstart_notebook_executes(tmp_path: Path) -> None:
    work = tmp_path / "examples"
    work.mkdir()
    shutil.copy(REPO / "examples" / "quickstart.ipynb", work)
    shutil.copy(REPO / "examples" / "pipeline.yaml", work)
    shutil.copytree(REPO / "examples" / "data", work / "data")
    nb = nbformat.read(work / "quickstart.ipynb", as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(work)}}
    )
    client.execute()
    text = "\n".join(
        out.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
    )
    assert "train/eval:" in text and "eval rows flagged by the overlap check: 0" in text
    assert "| ours: packing |" in text and "| original: pad to 2048 |" in text
    assert "epoch 0: train loss" in text and "Tribunal: avg score" in text
    assert "[PASS] epochs done: 1 of 1" in text
    assert "[PASS] merge: 1 shard(s)" in text
    run = work / "runs" / "notebook"
    assert (run / "report.html").is_file() and (run / "figures" / "loss.png").is_file()
    image = nb.cells[-1].outputs[0]
    assert "image/png" in image["data"]
