"""The core must stay usable without MkDocs: a future adapter replaces only the plugin."""

import subprocess
import sys


def test_core_imports_nothing_from_mkdocs():
    code = (
        "import sys, mkdocs_episodes.core, mkdocs_episodes.core.views;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'mkdocs', 'material'}))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


def test_plugin_is_registered_under_the_name_episodes():
    from importlib.metadata import entry_points

    (entry,) = entry_points(group="mkdocs.plugins", name="episodes")
    assert entry.value == "mkdocs_episodes.plugin:EpisodesPlugin"
