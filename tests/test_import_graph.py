"""The import graph of `src/noesis_trainer` has no cycle other than through re-export facades.

Every module is parsed with `ast` (nothing is imported). An edge A -> B is a module-level import
in A of B: statements at the top of the module, also inside plain ``if``/``try`` blocks, but not
under ``if TYPE_CHECKING:`` (mypy only) and not inside functions or methods. Function-local
imports are lazy by design (they keep ``import noesis_trainer`` torch-free and run after every
module has loaded), so they cannot break loading; they are counted separately, in a second graph
that adds them, which must have no cycle either (a lazy cycle is still a tangle to read).
``from pkg import name`` is an edge to the submodule ``pkg.name`` when that is a module, else to
``pkg`` itself.

A cycle is accepted only when it passes through a package ``__init__`` that is a facade: a
module whose body is nothing but a docstring, imports, ``__all__`` and other plain assignments.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "noesis_trainer"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level_imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _module_level_imports(node.body)
            yield from _module_level_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _module_level_imports(block)
            for handler in node.handlers:
                yield from _module_level_imports(handler.body)


class _AllImports(ast.NodeVisitor):
    """Every import statement, function-local ones included, except under TYPE_CHECKING."""

    def __init__(self) -> None:
        self.found: list[ast.Import | ast.ImportFrom] = []

    def visit_Import(self, node: ast.Import) -> None:
        self.found.append(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.found.append(node)

    def visit_If(self, node: ast.If) -> None:
        if not _is_type_checking(node.test):
            for child in node.body:
                self.visit(child)
        for child in node.orelse:
            self.visit(child)


def _imports(tree: ast.Module, lazy: bool) -> list[ast.Import | ast.ImportFrom]:
    if not lazy:
        return list(_module_level_imports(tree.body))
    visitor = _AllImports()
    visitor.visit(tree)
    return visitor.found


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        here = module.split(".") if is_package else module.split(".")[:-1]
        here = here[: len(here) - (node.level - 1)]
        base = ".".join([*here, base] if base else here)
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def _is_facade(tree: ast.Module) -> bool:
    for i, node in enumerate(tree.body):
        docstring = i == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        if not (docstring or isinstance(node, ast.Import | ast.ImportFrom | ast.Assign)):
            return False
    return True


def edges(
    tree: ast.Module, name: str, is_package: bool, modules: set[str], *, lazy: bool = False
) -> set[str]:
    """The modules among `modules` that module `name` (parsed as `tree`) imports at load time
    (with `lazy`, also inside its functions)."""
    deps: set[str] = set()
    for node in _imports(tree, lazy):
        targets = _targets(node, name, is_package)
        if isinstance(node, ast.ImportFrom):
            base, names = targets[0], targets[1:]
            submodules = [t for t in names if t in modules]
            deps.update(submodules)
            if len(submodules) < len(names) and base in modules:
                deps.add(base)
        else:
            deps.update(t for t in targets if t in modules)
    deps.discard(name)
    return deps


def import_graph(*, lazy: bool = False) -> tuple[dict[str, set[str]], set[str]]:
    """Module -> modules it imports at module level (`lazy`: anywhere); and the facades."""
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    facades: set[str] = set()
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        if is_package and _is_facade(tree):
            facades.add(name)
        graph[name] = edges(tree, name, is_package, set(files), lazy=lazy)
    return graph, facades


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm (iterative); components of more than one module, i.e. cycles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def cycles_besides_facades(graph: dict[str, set[str]], facades: set[str]) -> list[list[str]]:
    without = {m: deps - facades for m, deps in graph.items() if m not in facades}
    return strongly_connected(without)


def test_the_graph_sees_the_package() -> None:
    graph, facades = import_graph()
    assert "noesis_trainer.pipeline.runner" in graph
    assert "noesis_trainer.pipeline.config" in graph["noesis_trainer.pipeline.runner"]
    assert "noesis_trainer.core.schema" in graph["noesis_trainer.core.dataset"]
    assert "noesis_trainer.plugins" in facades
    assert "noesis_trainer.pipeline.stages" not in facades


def test_no_import_cycle_except_through_facades() -> None:
    graph, facades = import_graph()
    assert cycles_besides_facades(graph, facades) == []


def test_no_cycle_with_function_local_imports_either() -> None:
    graph, facades = import_graph(lazy=True)
    assert cycles_besides_facades(graph, facades) == []
    eager, _ = import_graph()
    assert all(eager[m] <= graph[m] for m in graph)
    # the lazy graph really holds the function-local imports: the stage bodies import their
    # components when they run
    assert "noesis_trainer.export.split" in graph["noesis_trainer.pipeline.stages"]
    assert "noesis_trainer.export.split" not in eager["noesis_trainer.pipeline.stages"]


def test_the_checker_finds_a_cycle_and_forgives_a_facade() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert strongly_connected(graph) == [["a", "b", "c"]]
    assert cycles_besides_facades(graph, {"c"}) == []
    assert cycles_besides_facades(graph, {"d"}) == [["a", "b", "c"]]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from noesis_trainer.core import schema", {"noesis_trainer.core.schema"}),
        ("from noesis_trainer.core.schema import Example", {"noesis_trainer.core.schema"}),
        ("import noesis_trainer.core.schema", {"noesis_trainer.core.schema"}),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n import noesis_trainer.core", set()),
        ("def f():\n    import noesis_trainer.core.schema", set()),
        (
            "if TYPE_CHECKING:\n import noesis_trainer.core\n"
            "else:\n import noesis_trainer.core.schema",
            {"noesis_trainer.core.schema"},
        ),
    ],
)
def test_which_imports_are_edges(source: str, expected: set[str]) -> None:
    modules = {"noesis_trainer.core", "noesis_trainer.core.schema"}
    assert edges(ast.parse(source), "noesis_trainer.x", False, modules) == expected


def test_relative_imports_resolve_against_the_package() -> None:
    modules = {"noesis_trainer.core", "noesis_trainer.core.schema", "noesis_trainer.errors"}
    tree = ast.parse("from . import schema\nfrom ..errors import NoesisError")
    assert edges(tree, "noesis_trainer.core.dataset", False, modules) == {
        "noesis_trainer.core.schema",
        "noesis_trainer.errors",
    }
    assert edges(ast.parse("from . import schema"), "noesis_trainer.core", True, modules) == {
        "noesis_trainer.core.schema"
    }


def test_lazy_edges_include_function_bodies_but_not_type_checking() -> None:
    modules = {"noesis_trainer.core", "noesis_trainer.core.schema", "noesis_trainer.errors"}
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import noesis_trainer.errors\n"
        "def f():\n    from noesis_trainer.core import schema\n"
    )
    tree = ast.parse(source)
    assert edges(tree, "noesis_trainer.x", False, modules) == set()
    assert edges(tree, "noesis_trainer.x", False, modules, lazy=True) == {
        "noesis_trainer.core.schema"
    }
