"""The house stays as ARCHITECTURE.md draws it: layers that import one way, no cycle, a
thin plugin, small modules and classes. Read from the source: no build needed."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "mkdocs_episodes"
# Which layer may import which (a layer may always import itself).
ALLOWED = {
    "core": set(),
    "build": {"core"},
    "adapter": {"core", "build"},
    "plugin": {"core", "build", "adapter"},
    "cli": {"core", "build", "adapter"},
    "__main__": {"cli"},
    "__init__": {"core"},
}
PLUGIN_LINES = 400
MODULE_LINES = 500
CLASS_LINES = 300


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(("mkdocs_episodes", *parts)).removesuffix(".__init__")
        found[name] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Every package module `name` imports, at any place in the file (TYPE_CHECKING
    blocks and function bodies included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        found.update(target for target in targets if target in known)
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, set(known)) for name, path in known.items()}


def layer(name: str) -> str:
    parts = name.split(".")
    if len(parts) == 1:
        return "__init__"
    # The `episodes` command: cli.py, and cli_*.py beside it for its larger parts.
    return "cli" if parts[1].startswith("cli_") else parts[1]


def test_no_import_cycle_at_any_depth():
    edges = graph()
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_layers_import_one_way():
    wrong = [
        f"{source} → {target}"
        for source, targets in graph().items()
        for target in targets
        if layer(target) != layer(source) and layer(target) not in ALLOWED[layer(source)]
    ]
    assert wrong == []


def test_the_core_and_the_build_machinery_never_import_mkdocs():
    for name, path in modules().items():
        if layer(name) in {"core", "build"}:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            imported = {
                alias.name.split(".")[0]
                for node in ast.walk(tree)
                if isinstance(node, ast.Import)
                for alias in node.names
            } | {
                (node.module or "").split(".")[0]
                for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom)
            }
            assert not imported & {"mkdocs", "material"}, name


def test_core_loads_without_mkdocs_at_run_time():
    code = (
        "import sys, pkgutil, importlib, mkdocs_episodes.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__): importlib.import_module('mkdocs_episodes.core.' + m.name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'mkdocs', 'material'}))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


def test_plugin_is_thin_and_modules_and_classes_are_small():
    too_long = []
    for name, path in modules().items():
        text = path.read_text(encoding="utf-8")
        limit = PLUGIN_LINES if name == "mkdocs_episodes.plugin" else MODULE_LINES
        if len(text.splitlines()) > limit:
            too_long.append(f"{name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno:
                length = node.end_lineno - node.lineno + 1
                if length > CLASS_LINES:
                    too_long.append(f"{name}.{node.name}: {length} lines")
    assert too_long == []


def test_plugin_is_registered_under_the_name_episodes():
    from importlib.metadata import entry_points

    (entry,) = entry_points(group="mkdocs.plugins", name="episodes")
    assert entry.value == "mkdocs_episodes.plugin:EpisodesPlugin"
