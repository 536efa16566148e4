"""Shared fixtures: a copy of the demo site in a temporary folder, built for real."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from chromium import chromium
from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parent.parent
SITE_PARTS = ("mkdocs.yml", "docs", "episodes", "overrides", "donnees", "images", "urls.txt")
# Resized posters are shared by every build of the test run: encoding them is the
# slowest step of a first build.
os.environ.setdefault("EPISODES_CACHE_DIR", str(REPO / ".cache" / "episodes"))


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path

    def html(self, url: str) -> BeautifulSoup:
        """The page served at `url` (site-relative, such as `episodes/les-enjeux/`)."""
        path = self.site / url
        if url == "" or url.endswith("/"):
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def copy_site(destination: Path) -> Path:
    """A copy of the demo site that a test may change freely."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, destination / part)
        else:
            shutil.copy2(source, destination / part)
    return destination


def folder_files(folder: Path, pattern: str = "*") -> dict[str, bytes]:
    """Every file of a folder matching `pattern`, by its path inside it: two builds are
    compared byte for byte."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob(pattern)
        if p.is_file()
    }


def copy_episode(
    project: Path, number: int, slug: str, changes: dict[str, str] | None = None, extra: str = ""
) -> Path:
    """A new episode made from « Les enjeux »: its number and slug, then `changes` (old
    text → new text) and `extra` lines appended."""
    text = (project / "episodes" / "02-les-enjeux.yml").read_text(encoding="utf-8")
    for old, new in {"number: 2\n": f"number: {number}\n", "slug: les-enjeux\n": f"slug: {slug}\n",
                     **(changes or {})}.items():  # fmt: skip
        assert old in text, old
        text = text.replace(old, new)
    path = project / "episodes" / f"{number}-{slug}.yml"
    path.write_text(text + extra, encoding="utf-8")
    return path


def set_plugin_option(project: Path, key: str, value: object) -> None:
    """Change an option of the episodes plugin that the demo's mkdocs.yml sets."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text, count = re.subn(rf"(\n      {key}:)[^\n]*", rf"\1 {value}", text, count=1)
    assert count == 1, key
    config.write_text(text, encoding="utf-8")


def add_hook(project: Path, name: str, code: str) -> None:
    """A MkDocs hook (run after the plugins) added to the site: another plugin's doing."""
    (project / f"{name}.py").write_text(code, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + f"\nhooks:\n  - {name}.py\n", encoding="utf-8")


def build_site(project: Path, *extra: str) -> BuildResult:
    """`mkdocs build --strict`, as the Makefile runs it, in a separate process."""
    site = project / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site), *extra],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    return BuildResult(completed.returncode, completed.stdout + completed.stderr, site)


def run_episodes(
    project: Path, *arguments: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The `episodes` command, as a publisher runs it in the site's folder (no terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_episodes", *arguments],
        cwd=project,
        capture_output=True,
        text=True,
        env=env or {**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdin=subprocess.DEVNULL,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The demo site as committed, built once for every test that only reads it."""
    project = copy_site(tmp_path_factory.mktemp("demo"))
    result = build_site(project)
    assert result.returncode == 0, result.output
    return result


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    return copy_site(tmp_path / "project")


@pytest.fixture
def build() -> Callable[..., BuildResult]:
    return build_site


# Whole files whose every test drives a browser, a server or ffmpeg.
_SLOW_FILES = {
    "test_browser.py",
    "test_player.py",
    "test_serve.py",
    "test_media.py",
    "test_site_swap.py",
}
# Fixtures that build a site for real.
_SLOW_FIXTURES = {"demo_build", "site_copy", "build"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`slow`: a test that builds a site, drives a browser, a server or ffmpeg; the rest
    (`pytest -m "not slow"`, `make test-fast`) runs in seconds."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.path.name in _SLOW_FILES or fixtures & _SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One chromium per test module, as Debian ships it."""
    with chromium() as launched:
        yield launched


# The smallest series: one episode on Dailymotion, its poster, a home page.
ONE_EPISODE = """\
number: 1
slug: les-enjeux
title: Les enjeux
date: 2024-07-21
summary: L'empreinte du numérique public.
themes: [enjeux]
video: {host: dailymotion, id: x9368gg}
poster: affiche.png
"""


def one_episode_site(
    root: Path, *, site_url: str, options: str = "", themes: str = "enjeux: Les enjeux"
) -> Path:
    """A site of one episode in `root`: `options` are more lines of the plugin's settings
    (indented as they are), `themes` its declared themes, one per line."""
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Accueil\n", encoding="utf-8")
    (root / "episodes").mkdir()
    (root / "episodes" / "01-les-enjeux.yml").write_text(ONE_EPISODE, encoding="utf-8")
    shutil.copy(REPO / "episodes" / "posters" / "episode-02.png", root / "episodes" / "affiche.png")
    declared = "".join(f"        {line}\n" for line in themes.splitlines())
    (root / "mkdocs.yml").write_text(
        f"site_name: Petite série\nsite_url: {site_url}\n"
        "theme:\n  name: material\n  language: fr\n  font: false\n"
        "plugins:\n  - episodes:\n"
        '      resources_file: ""\n      network_file: ""\n'
        f"{options}      themes:\n{declared}",
        encoding="utf-8",
    )
    return root
