"""The package's module-level imports form no cycle, and a records-level import stays cheap.

The graph is read from the source with ``ast``: every ``import`` and ``from … import``
executed when a module loads (those inside functions, and those under
``if TYPE_CHECKING:``, are not). ``from package import name`` counts as an import
of ``package.name`` when that is a module, else of ``package``.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import khronika

PACKAGE = Path(khronika.__file__).resolve().parent
ROOT = PACKAGE.parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _load_time_imports(body: list[ast.stmt]) -> list[ast.Import | ast.ImportFrom]:
    """The import statements a module runs as it loads: its top level, and inside
    top-level ``if`` / ``try`` / ``with`` blocks (not functions, not TYPE_CHECKING)."""
    found: list[ast.Import | ast.ImportFrom] = []
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                found += _load_time_imports(node.body)
            found += _load_time_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                found += _load_time_imports(block)
        elif isinstance(node, ast.With):
            found += _load_time_imports(node.body)
    return found


def _imported(module: str, path: Path) -> set[str]:
    is_package = path.name == "__init__.py"
    targets: set[str] = set()
    for node in _load_time_imports(ast.parse(path.read_text(encoding="utf-8")).body):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
            continue
        if node.level:  # relative: from the module's package upwards
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - node.level + 1]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        for alias in node.names:
            submodule = f"{source}.{alias.name}"
            targets.add(submodule if submodule in MODULES else source)
    return {target for target in targets if target in MODULES and target != module}


def import_graph() -> dict[str, set[str]]:
    return {module: _imported(module, path) for module, path in MODULES.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle (its modules, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            cycle = visit(module)
            if cycle:
                return cycle
    return None


def test_the_graph_is_read_from_every_module() -> None:
    graph = import_graph()
    assert len(graph) > 50
    assert "khronika.api" in graph["khronika.cli.common"]  # an edge that must be there


def test_a_cycle_is_found_when_there_is_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_among_module_level_imports() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, " -> ".join(cycle or [])


# the top of the layers (records <- … <- run <- api <- views <- cli): who may import each
UPPER_LAYERS = {
    "khronika.cli": ("khronika.cli",),
    "khronika.views": ("khronika.views", "khronika.cli"),
    "khronika.api": ("khronika.api", "khronika.views", "khronika.cli"),
    "khronika.offline": ("khronika.views", "khronika.cli"),
}


def _within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes)


def test_the_api_views_and_cli_are_imported_only_from_above() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in import_graph().items()
        for target in targets
        for layer, importers in UPPER_LAYERS.items()
        if _within(target, (layer,)) and not _within(module, importers)
    ]
    assert upward == []


def test_the_results_are_records_level() -> None:
    graph = import_graph()
    results = [module for module in graph if _within(module, ("khronika.results",))]
    assert results and all(_within(t, ("khronika.results", "khronika.records")) for m in results for t in graph[m])


def test_importing_the_records_loads_few_khronika_modules() -> None:
    code = "import json, sys, khronika.records; print(json.dumps(sorted(m for m in sys.modules if m.startswith('khronika'))))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(result.stdout)
    assert "khronika.records" in loaded
    assert len(loaded) < 10, loaded


def test_the_api_loads_on_first_use() -> None:
    code = (
        "import json, sys, khronika; before = 'khronika.api' in sys.modules; api = khronika.open;"
        " print(json.dumps([before, 'khronika.api' in sys.modules, api.__module__]))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [False, True, "khronika.api"]
