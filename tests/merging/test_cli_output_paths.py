"""`noesis export-gguf --out` and `noesis merge --out` that cannot be written are one line and
exit 2 before any conversion starts (not an os.replace/mkdir traceback at the end)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from noesis_trainer.cli import app

runner = CliRunner()


def _error(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


def test_export_out_is_a_folder(tmp_path: Path) -> None:
    merged = tmp_path / "merged"
    merged.mkdir()
    msg = _error(["export-gguf", str(merged), "--out", str(tmp_path)])
    assert msg == f"error: --out {tmp_path}: is a folder, expected a file"


def test_export_out_under_a_file(tmp_path: Path) -> None:
    plain = tmp_path / "notes.txt"
    plain.write_text("x", encoding="utf-8")
    target = plain / "model.gguf"
    msg = _error(["export-gguf", str(tmp_path), "--out", str(target)])
    assert msg == f"error: --out {target}: {plain} is a file, not a folder"


def test_merge_out_is_a_file(tmp_path: Path) -> None:
    plain = tmp_path / "merged"
    plain.write_text("x", encoding="utf-8")
    args = ["merge", "--base", str(tmp_path), "--adapter", str(tmp_path), "--out", str(plain)]
    assert _error(args) == f"error: --out {plain}: is a file, expected a folder"
    assert plain.read_text(encoding="utf-8") == "x"
