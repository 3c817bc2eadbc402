"""The package's shape: no import cycles (imports inside functions count), an error
module that imports nothing of the package, and short functions."""

from __future__ import annotations

import ast
from pathlib import Path

import otpmsg

PACKAGE = Path(otpmsg.__file__).parent
MODULES = {p.stem: ast.parse(p.read_text(encoding="utf-8")) for p in PACKAGE.glob("_*.py")}
MAX_FUNCTION_LINES = 60


def _imports(tree: ast.Module) -> set[str]:
    """The package's private modules that ``tree`` imports, anywhere in it."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("otpmsg."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "otpmsg":
            found.update(a.name for a in node.names if a.name.startswith("_"))
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("otpmsg."))
    return found & MODULES.keys()


def test_no_import_cycles() -> None:
    graph = {name: _imports(tree) for name, tree in MODULES.items()}
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, " -> ".join((*path, name))
        if name in done:
            return
        for other in sorted(graph[name]):
            visit(other, (*path, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())


def test_errors_import_nothing_of_the_package() -> None:
    assert _imports(MODULES["_errors"]) == set()


def test_functions_are_short() -> None:
    long = [
        f"{name}.{node.name}: {node.end_lineno - node.lineno + 1} lines"
        for name, tree in MODULES.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []
