"""A stage imports its component plainly; a missing extra is one line naming the stage."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from noesis_trainer.errors import ComponentMissingError, NoesisError, component

STAGES = Path(__file__).resolve().parents[2] / "src" / "noesis_trainer" / "pipeline" / "stages.py"


def test_a_missing_module_becomes_one_line_naming_stage_and_module() -> None:
    with pytest.raises(ComponentMissingError) as info, component("deploy"):
        import noesis_trainer_extra_not_installed  # type: ignore[import-not-found]  # noqa: F401
    line = info.value.line()
    assert line.startswith("stage 'deploy' cannot run: noesis_trainer_extra_not_installed (")
    assert "(fix: pip install 'noesis-trainer[train]')" in line
    assert isinstance(info.value, NoesisError) and info.value.__cause__ is None


def test_a_missing_name_in_an_installed_module_is_named_too() -> None:
    expected = r"stage 'split' cannot run: .*no_such_name"
    with pytest.raises(ComponentMissingError, match=expected), component("split"):
        from noesis_trainer.export.split import no_such_name  # type: ignore[attr-defined]  # noqa: F401


def test_other_errors_and_success_pass_through() -> None:
    with component("split"):
        from noesis_trainer.export.split import split_dataset
    assert callable(split_dataset)
    with pytest.raises(ValueError, match="not an import problem"), component("split"):
        raise ValueError("not an import problem")


def test_stages_name_their_components_by_plain_imports_not_strings() -> None:
    tree = ast.parse(STAGES.read_text(encoding="utf-8"))
    calls = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert "require" not in calls and "import_module" not in calls
    guarded = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.With)
        and any(
            isinstance(item.context_expr, ast.Call)
            and isinstance(item.context_expr.func, ast.Name)
            and item.context_expr.func.id == "component"
            for item in node.items
        )
    ]
    assert len(guarded) >= 5
    assert all(isinstance(stmt, ast.ImportFrom) for w in guarded for stmt in w.body)
