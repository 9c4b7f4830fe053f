"""A stage's cache follows the library's source, not only its version: every commit of a
development version is `0.1.0`, and a stage judged by older code must run again."""

from __future__ import annotations

from pathlib import Path

import noesis_trainer
from noesis_trainer.pipeline.runner import (
    _cache_environment,
    library_source_digest,
    source_digest,
)


def _tree(root: Path) -> Path:
    (root / "pkg" / "sub").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("x = 1\n")
    (root / "pkg" / "sub" / "rules.py").write_text("LIMIT = 15\n")
    return root / "pkg"


def test_the_digest_follows_every_source_file(tmp_path: Path) -> None:
    pkg = _tree(tmp_path)
    before = source_digest(pkg)
    assert source_digest(pkg) == before
    (pkg / "sub" / "rules.py").write_text("LIMIT = 16\n")  # a rule changed
    changed = source_digest(pkg)
    assert changed != before
    (pkg / "sub" / "words.txt").write_text("ontem\n")  # a data file added
    assert source_digest(pkg) != changed
    (pkg / "sub" / "words.txt").rename(pkg / "sub" / "list.txt")  # renamed
    assert source_digest(pkg) not in (before, changed)


def test_compiled_files_and_caches_do_not_count(tmp_path: Path) -> None:
    pkg = _tree(tmp_path)
    before = source_digest(pkg)
    (pkg / "__pycache__").mkdir()
    (pkg / "__pycache__" / "rules.cpython-311.pyc").write_bytes(b"\x00compiled")
    (pkg / "_words.cpython-311-x86_64-linux-gnu.so").write_bytes(b"\x7fELF")
    assert source_digest(pkg) == before


def test_stage_caches_key_on_this_librarys_source() -> None:
    here = Path(noesis_trainer.__file__).parent
    assert library_source_digest() == source_digest(here)
    environment = _cache_environment()
    assert environment["source"] == library_source_digest()
    assert environment["noesis_trainer"] == noesis_trainer.__version__
