"""The package is shaped like the flow: stages in order, imports only backwards, no circles, small files.

The import graph is read from the source (every ``import`` and ``from ... import``, inside functions and
under ``TYPE_CHECKING`` too), so a lazy import or a type-only import that runs against the order counts.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "assistant"

#: Each stage and what it may import besides itself: any stage of a lower rank. Features (rank 7) do not
#: import one another; the composition root wires them together.
RANKS: dict[str, int] = {
    "assistant": 0, "assistant.config": 0, "assistant.types": 0, "assistant.memory": 0,
    "assistant.text": 1,
    "assistant.ingest": 2,
    "assistant.index": 3,
    "assistant.query": 4,
    "assistant.retrieval": 5,
    "assistant.answer": 6,
    "assistant.backends": 7, "assistant.schemes": 7, "assistant.store": 7,
    "assistant.service": 8,
    "assistant.evaluation": 9, "assistant.operations": 9,
    "assistant.api": 10,
    "assistant.cli": 11,
}
#: Modules directly under assistant/ at most (the issue: "at most about 10").
MAX_TOP_MODULES = 10
#: Lines a Python file may have at most.
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every assistant module ``path`` imports (``from a import b`` counts as ``a.b`` when that is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.update(f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES else node.module
                         for alias in node.names)
    return {name for name in found if name == "assistant" or name.startswith("assistant.")}


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: imports_of(path) - {name} for name, path in MODULES.items()}


def stage_of(module: str) -> str:
    """The stage a module belongs to: the longest prefix in RANKS."""
    parts = module.split(".")
    return next(".".join(parts[:n]) for n in range(len(parts), 0, -1) if ".".join(parts[:n]) in RANKS)


def upward_imports(graph: dict[str, set[str]], module: str) -> list[str]:
    """The modules ``module`` imports from its own stage's rank or a later one (its own stage excepted)."""
    stage = stage_of(module)
    return sorted(imported for imported in graph[module]
                  if stage_of(imported) != stage and RANKS[stage_of(imported)] >= RANKS[stage])


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """An import circle as a list of modules (first = last), or ``None``: depth-first search for a back edge."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return [*path[path.index(target):], target]
            if target in graph and target not in state and (cycle := visit(target)):
                return cycle
        state[module] = 2
        path.pop()
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def test_every_module_belongs_to_a_stage():
    assert all(stage_of(m) in RANKS for m in MODULES)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_only_back_up_the_stages(module):
    upward = upward_imports(GRAPH, module)
    assert not upward, f"{module} (stage {stage_of(module)}) imports {upward}"


def test_there_is_no_import_circle():
    cycle = find_cycle(GRAPH)
    assert cycle is None, " -> ".join(cycle)


def test_the_checks_catch_an_upward_import_and_a_circle():
    graph = {"assistant.text.a": {"assistant.answer.b"}, "assistant.answer.b": {"assistant.text.a"},
             "assistant.answer.c": {"assistant.answer.b", "assistant.ingest.d"}, "assistant.ingest.d": set()}
    assert upward_imports(graph, "assistant.text.a") == ["assistant.answer.b"]
    assert upward_imports(graph, "assistant.answer.c") == []  # its own stage and an earlier one
    assert find_cycle(graph) == ["assistant.answer.b", "assistant.text.a", "assistant.answer.b"]
    assert find_cycle({k: v - {"assistant.text.a"} for k, v in graph.items()}) is None


def test_type_only_and_lazy_imports_count(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    from assistant.service import Assistant\ndef f():\n    import assistant.api.app\n")
    assert imports_of(source) == {"assistant.service", "assistant.api.app"}


def test_few_modules_sit_directly_under_the_package():
    top = [p.name for p in PACKAGE.glob("*.py")]
    assert len(top) <= MAX_TOP_MODULES, top


def test_no_python_file_is_too_long():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long


def test_every_browser_test_is_marked_so_it_can_be_selected():
    browser = PACKAGE.parent / "tests" / "browser"
    unmarked = [p.name for p in browser.glob("test_*.py") if "pytest.mark.browser" not in p.read_text(encoding="utf-8")]
    assert list(browser.glob("test_*.py")) and not unmarked, unmarked


def test_the_tests_mirror_the_stages():
    tests = PACKAGE.parent / "tests"
    stages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert stages <= {p.name for p in tests.iterdir() if p.is_dir()}, stages - {p.name for p in tests.iterdir()}
