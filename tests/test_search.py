"""Search: in every page's header, an index of the search content only, Pagefind started
as soon as it can read the site and given the cores."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import set_plugin_option

from mkdocs_episodes.build.search_chunks import SIGNATURE


def _search_content(site: Path) -> set[str]:
    """The URL of every page that Pagefind indexes."""
    return {
        "/" if folder == "." else f"/{folder}/"
        for page in site.rglob("index.html")
        if "data-pagefind-body" in page.read_text(encoding="utf-8")
        and (folder := page.parent.relative_to(site).as_posix())
    }


def _build_in_this_process(project: Path, monkeypatch) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.chdir(project)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    mkdocs_build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site")))


_WATCH_PRIORITIES = """
import json, multiprocessing, os, sys
from mkdocs_episodes.build import session as plugin

seen = {}

class Watched(plugin.Pagefind):
    def __init__(self, *args):
        seen["build before"] = os.getpriority(os.PRIO_PROCESS, 0)
        super().__init__(*args)
        seen["pagefind"] = os.getpriority(os.PRIO_PROCESS, self._process.pid)

    def finish(self, *args):
        seen["build after"] = os.getpriority(os.PRIO_PROCESS, 0)
        seen["workers"] = sorted(
            os.getpriority(os.PRIO_PROCESS, child.pid) for child in multiprocessing.active_children()
        )
        super().finish(*args)

plugin.Pagefind = Watched
from mkdocs.__main__ import cli
try:
    cli(["build", "--strict", "--quiet"])
finally:
    with open(sys.argv[1], "w") as out:
        json.dump(seen, out)
"""


def test_search_is_in_every_page_header_and_has_its_page(demo_build):
    for url in ("", "episodes/", "doctrine/rgesn/"):
        form = demo_build.html(url).select_one("form[role=search]")
        assert form["action"].endswith("recherche/")
        assert form.select_one("label[for=ep-search-input]")
    assert demo_build.html("recherche/").select_one("#ep-search-page") is not None
    # Index pages are not searchable, episode and doctrine pages are.
    assert demo_build.html("episodes/les-enjeux/").select_one("[data-pagefind-body]")
    assert demo_build.html("doctrine/rgesn/").select_one("[data-pagefind-body]")
    assert not demo_build.html("episodes/").select_one("[data-pagefind-body]")


def test_the_search_index_holds_every_page_with_search_content_and_no_other(demo_build):
    site = demo_build.site
    searchable = _search_content(site)
    indexed = set()
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(SIGNATURE)
        indexed.add(json.loads(data)["url"])
    assert {"/episodes/les-enjeux/", "/reseau/", "/ressources/", "/doctrine/rgesn/"} <= indexed
    assert indexed == searchable


def test_pagefind_starts_once_every_search_page_is_written_while_lists_are(
    site_copy: Path, monkeypatch
):
    # In this process, to see the site at the moment Pagefind is started.
    from mkdocs_episodes.build import session as plugin

    site = site_copy / "site"
    seen: dict[str, set[str]] = {}

    class Watched(plugin.Pagefind):
        def __init__(self, *args: Any) -> None:
            seen["search"] = _search_content(site)
            seen["lists"] = {p.parent.name for p in (site / "themes").rglob("index.html")}
            super().__init__(*args)

    monkeypatch.setattr(plugin, "Pagefind", Watched)
    _build_in_this_process(site_copy, monkeypatch)

    assert seen["search"] == _search_content(site)
    assert "/reseau/" in seen["search"]
    # Theme pages come last: not all of them were written yet.
    written = {p.parent.name for p in (site / "themes").rglob("index.html")}
    assert seen["lists"] < written


def test_pagefind_gets_the_cores_while_the_build_and_its_workers_yield(
    site_copy: Path, tmp_path: Path
):
    # Pagefind is the build's last long step: once it starts, what else `mkdocs build`
    # has to do runs in the gaps Pagefind leaves, not against it.
    if os.getpriority(os.PRIO_PROCESS, 0) >= 19:
        pytest.skip("the tests already run at the lowest priority: nothing to lower")
    set_plugin_option(site_copy, "workers", 1)
    script, seen = tmp_path / "watch.py", tmp_path / "seen.json"
    script.write_text(_WATCH_PRIORITIES, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), str(seen)],
        cwd=site_copy,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    priorities = json.loads(seen.read_text(encoding="utf-8"))
    before = priorities["build before"]
    assert priorities["pagefind"] == before < 19
    assert priorities["build after"] == 19
    assert priorities["workers"] == [19]
