"""Every exception class the library defines is a `NoesisError` (one root to catch)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import noesis_trainer
from noesis_trainer.errors import NoesisError


def _library_modules() -> list[str]:
    names = [noesis_trainer.__name__]
    for info in pkgutil.walk_packages(noesis_trainer.__path__, prefix="noesis_trainer."):
        names.append(info.name)
    return names


def _exception_classes() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for name in _library_modules():
        if name.startswith("noesis_trainer.cli"):
            continue  # the CLI defines no exceptions; importing it registers commands
        try:
            module = importlib.import_module(name)
        except ImportError as err:  # an optional extra that is not installed
            pytest.skip(f"{name} not importable here: {err}")
        for obj in vars(module).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseException)
                and obj.__module__.startswith("noesis_trainer")
            ):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return found


def test_every_library_exception_derives_from_noesis_error() -> None:
    classes = _exception_classes()
    assert len(classes) >= 25, sorted(classes)  # the walk reached the whole package
    stray = sorted(name for name, cls in classes.items() if not issubclass(cls, NoesisError))
    assert stray == []


@pytest.mark.parametrize(
    ("name", "builtin"),
    [
        ("noesis_trainer.io.config_files.ConfigFileError", ValueError),
        ("noesis_trainer.training.config.ConfigError", ValueError),
        ("noesis_trainer.generation.openai_compat.GenerationError", RuntimeError),
        ("noesis_trainer.merging.gguf.GGUFExportError", RuntimeError),
    ],
)
def test_former_builtin_bases_are_kept(name: str, builtin: type[Exception]) -> None:
    """Callers that caught ValueError / RuntimeError keep working."""
    module, _, cls_name = name.rpartition(".")
    cls = getattr(importlib.import_module(module), cls_name)
    err = cls("a message naming the field")
    assert isinstance(err, builtin) and isinstance(err, NoesisError)
    assert err.line() == "a message naming the field"
    assert str(err) == "a message naming the field"
