"""Every core module has a unit test, and the core never loads MkDocs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import mkdocs_episodes.core

CORE = Path(mkdocs_episodes.core.__file__).parent
UNIT = Path(__file__).parent
PACKAGE = "mkdocs_episodes.core"


def core_modules() -> set[str]:
    return {path.stem for path in CORE.glob("*.py") if not path.stem.startswith("_")}


def imported_core_modules(source: str) -> set[str]:
    """Core modules a test file imports, in any of the three ways Python allows."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == PACKAGE:  # from mkdocs_episodes.core import urls
                names = [f"{PACKAGE}.{alias.name}" for alias in node.names]
            else:
                names = [node.module]
        else:
            continue
        found |= {
            name.removeprefix(f"{PACKAGE}.").split(".")[0]
            for name in names
            if name.startswith(f"{PACKAGE}.")
        }
    return found


def test_the_import_finder_sees_each_form():
    source = (
        "import mkdocs_episodes.core.gate\n"
        "from mkdocs_episodes.core.urls import episode\n"
        "from mkdocs_episodes.core import views, Series\n"
        "from mkdocs_episodes.build import core\n"
    )
    assert imported_core_modules(source) == {"gate", "urls", "views", "Series"}


def test_every_core_module_is_imported_by_a_unit_test():
    imported: set[str] = set()
    for path in UNIT.glob("*.py"):
        imported |= imported_core_modules(path.read_text(encoding="utf-8"))
    missing = sorted(core_modules() - imported)
    assert len(core_modules()) >= 28
    assert missing == [], f"core modules without a unit test in tests/unit/: {missing}"


def test_importing_the_whole_core_loads_neither_mkdocs_nor_material():
    modules = sorted(core_modules())
    code = "\n".join(
        [
            "import importlib, sys",
            f"for name in {modules!r}:",
            f"    importlib.import_module('{PACKAGE}.' + name)",
            "print(sorted(m for m in sys.modules if m.split('.')[0] in {'mkdocs', 'material'}))",
            f"print(len([m for m in sys.modules if m.startswith('{PACKAGE}.')]))",
        ]
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.returncode == 0, completed.stderr
    leaked, count = completed.stdout.splitlines()
    assert leaked == "[]"
    assert int(count) >= len(modules)
