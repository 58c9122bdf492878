"""The model's modules import one another without a cycle: each one can be imported
first, alone, in a fresh interpreter, and the graph of their imports has no loop."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

MODEL = Path(__file__).resolve().parents[1] / "plugins" / "residency_journal" / "model"
MODULES = sorted(p.stem for p in MODEL.glob("*.py") if p.stem != "__init__")

# A fresh interpreter where the package's __init__ (which imports entities, resolve...
# in its own order) does not run: the module named first really is imported first.
_IMPORT_FIRST = """
import importlib, sys, types
from pathlib import Path
model = Path(sys.argv[1])
for name, path in (("residency_journal", model.parent), ("residency_journal.model", model)):
    package = types.ModuleType(name)
    package.__path__ = [str(path)]
    sys.modules[name] = package
for module in sys.argv[2:]:
    importlib.import_module(f"residency_journal.model.{module}")
"""


# One interpreter per module (about 8 s in all): the slow tier; the graph test below
# finds a cycle in the fast one.
@pytest.mark.slow
@pytest.mark.parametrize("first", MODULES)
def test_each_model_module_imports_first_in_a_fresh_interpreter(first):
    order = [first, *reversed([m for m in MODULES if m != first])]
    done = subprocess.run([sys.executable, "-c", _IMPORT_FIRST, str(MODEL), *order],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def _runtime_imports(path: Path) -> set[str]:
    """Sibling modules ``path`` imports when it runs: top level and inside functions,
    not under ``if TYPE_CHECKING``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found & set(MODULES)


def test_the_model_imports_form_no_cycle():
    graph = {m: _runtime_imports(MODEL / f"{m}.py") for m in MODULES}
    assert graph["entities"] and graph["site"]  # the scan sees imports at all
    state: dict[str, str] = {}

    def walk(module: str, path: list[str]) -> None:
        if state.get(module) == "done":
            return
        assert state.get(module) != "open", " -> ".join([*path, module])
        state[module] = "open"
        for imported in sorted(graph[module]):
            walk(imported, [*path, module])
        state[module] = "done"

    for module in MODULES:
        walk(module, [])
