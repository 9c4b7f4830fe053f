"""Every name a module of the package binds at its top level is bound once.

Neither ruff nor mypy flags a module-level constant assigned twice, and a long module of rules
(``tribunal/judges/text.py``) can silently lose a pattern to a later one of the same name: a
refinement gets a name of its own instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "noesis_trainer"


def top_level_bindings(tree: ast.Module) -> dict[str, list[int]]:
    """The lines at which each name is bound directly in a module's body (definitions, plain,
    augmented and annotated assignments with a value); a bare annotation binds nothing."""
    bound: dict[str, list[int]] = {}
    for node in tree.body:
        names: list[str] = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names = [node.name]
        elif isinstance(node, ast.Assign):
            names = [n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)]
        elif isinstance(node, ast.AugAssign) or (
            isinstance(node, ast.AnnAssign) and node.value is not None
        ):
            names = [node.target.id] if isinstance(node.target, ast.Name) else []
        for name in names:
            bound.setdefault(name, []).append(node.lineno)
    return bound


def twice_bound(source: str) -> dict[str, list[int]]:
    bound = top_level_bindings(ast.parse(source))
    return {name: lines for name, lines in bound.items() if len(lines) > 1}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("A = 1\nB = 2\n", {}),
        ("A = 1\nA = 2\n", {"A": [1, 2]}),
        ("A: int = 1\ndef A(): pass\n", {"A": [1, 2]}),
        ("A, B = 1, 2\nclass B: pass\n", {"B": [1, 2]}),
        ("A: int\nA = 1\n", {}),  # a declaration, then the value
        ("A = (1,)\nA += (2,)\n", {"A": [1, 2]}),
        ("def f():\n    A = 1\nA = 2\n", {}),  # a local is not the module's
    ],
)
def test_twice_bound_finds_a_second_binding(source: str, expected: dict[str, list[int]]) -> None:
    assert twice_bound(source) == expected


def test_no_module_binds_a_name_twice() -> None:
    found = {
        f"{path.relative_to(SRC)}:{name}": lines
        for path in sorted(SRC.rglob("*.py"))
        for name, lines in twice_bound(path.read_text(encoding="utf-8")).items()
    }
    assert found == {}, f"names bound twice at module level (give the second its own name): {found}"
