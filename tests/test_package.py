"""Package-level promises: light import, typed, one pinned version set."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import noesis_trainer
from noesis_trainer.pins import (
    GGUF_PINS,
    MODAL_PINS,
    SEMANTIC_PINS,
    TRAIN_PINS,
    requirement_lines,
)

ROOT = Path(__file__).resolve().parents[1]


def test_import_does_not_pull_torch() -> None:
    code = (
        "import sys, noesis_trainer, noesis_trainer.cli; "
        "heavy = [m for m in ('torch', 'transformers', 'trl', 'peft', 'unsloth', 'datasets', "
        "'modal', 'llama_cpp') if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_py_typed_shipped() -> None:
    assert (Path(noesis_trainer.__file__).parent / "py.typed").is_file()


def test_pyproject_extras_match_pins() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert sorted(extras["train"]) == sorted(requirement_lines(TRAIN_PINS))
    assert sorted(extras["modal"]) == sorted(requirement_lines(MODAL_PINS))
    assert sorted(extras["gguf"]) == sorted(requirement_lines(GGUF_PINS))
    assert sorted(extras["semantic"]) == sorted(requirement_lines(SEMANTIC_PINS))


def test_installed_versions_are_the_pins() -> None:
    from importlib.metadata import PackageNotFoundError, version

    for name, pinned in TRAIN_PINS.items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            continue
        assert installed.split("+")[0] == pinned, name


def test_lazy_public_names_resolve_to_modules() -> None:
    for _name, module in noesis_trainer._LAZY.items():
        assert module.startswith("noesis_trainer.")
    assert noesis_trainer.Example.__name__ == "Example"
