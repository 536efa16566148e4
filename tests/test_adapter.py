"""The adapter with a real MkDocs configuration, no build: settings as config options,
the files the series adds and the collisions it refuses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from mkdocs_episodes.adapter.config import SiteConfigError, load_site
from mkdocs_episodes.adapter.files import SeriesFiles
from mkdocs_episodes.core.settings import Budget

CONFIG = """site_name: Série
site_url: https://serie.exemple.gouv.fr/
theme:
  name: material
plugins:
  - episodes:
      per_page: 6
{extra}"""


def site(tmp_path: Path, extra: str = "") -> Path:
    (tmp_path / "docs").mkdir(parents=True, exist_ok=True)
    (tmp_path / "docs" / "index.md").write_text("# Accueil\n", encoding="utf-8")
    path = tmp_path / "mkdocs.yml"
    path.write_text(CONFIG.format(extra=extra), encoding="utf-8")
    return path


def test_settings_come_checked_with_their_defaults(tmp_path):
    config = load_site(str(site(tmp_path, "      budget: {requests: 12}\n")))
    settings = config.plugins["episodes"].config.settings()
    assert settings.per_page == 6
    assert settings.budget == Budget(requests=12)
    assert settings.episodes_dir == "episodes" and settings.workers == "auto"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "      feed_items: 0\n",
            "mkdocs.yml:8: plugins.episodes.feed_items: nombre entier positif",
        ),
        ("      workers: -1\n", "mkdocs.yml:8: plugins.episodes.workers: « auto » ou un nombre"),
        (
            "      themes:\n        Climat: Le climat\n",
            "mkdocs.yml:9: plugins.episodes.themes: thème « Climat » invalide",
        ),
        (
            "      per_pages: 3\n",
            "mkdocs.yml:8: plugins.episodes.per_pages: réglage inconnu ; vouliez-vous dire « per_page » ?",
        ),
        (
            "      episodes_dir: ../ailleurs\n",
            "mkdocs.yml:8: plugins.episodes.episodes_dir: chemin relatif",
        ),
    ],
)
def test_a_refused_setting_names_file_line_and_setting_in_french(tmp_path, extra, expected):
    with pytest.raises(SiteConfigError) as refused:
        load_site(str(site(tmp_path, extra)))
    assert str(refused.value).startswith(expected), str(refused.value)


def test_a_missing_mkdocs_yml_is_said(tmp_path):
    with pytest.raises(SiteConfigError, match="introuvable"):
        load_site(str(tmp_path / "mkdocs.yml"))


def files_of(tmp_path: Path, *docs: str) -> tuple[SeriesFiles, Files]:
    config = load_site(str(site(tmp_path)))
    # As during a build's `files` event: MkDocs records which plugin generated a file.
    config.plugins._current_plugin = "episodes"
    for name in docs:
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    files = Files(
        [
            File(name, config.docs_dir, config.site_dir, config.use_directory_urls)
            for name in ("index.md", *docs)
        ]
    )
    return SeriesFiles(files, config, None), files


def test_generated_files_are_added_once_each(tmp_path):
    added, files = files_of(tmp_path)
    added.publish("episodes/feed.xml", "<rss/>", "les flux")
    added.page("episodes/a/index.md", "# A", listed=False, owner="episodes/01-a.yml")
    assert files.get_file_from_path("episodes/feed.xml") is not None
    with pytest.raises(
        PluginError, match=re.escape("« episodes/feed.xml » est déjà prise par les flux")
    ):
        added.publish("episodes/feed.xml", "<rss/>", "un autre")


@pytest.mark.parametrize(
    ("doc", "uri"),
    [
        ("episodes/feed.xml", "episodes/feed.xml"),  # the same file
        ("episodes/a.md", "episodes/a/index.md"),  # the same page, as MkDocs writes it
        ("api", "api/episodes.json"),  # a file where a folder is needed
    ],
)
def test_a_publisher_file_in_the_way_is_named(tmp_path, doc, uri):
    added, _files = files_of(tmp_path, doc)
    with pytest.raises(PluginError, match=re.escape(f"est déjà prise par docs/{doc}")):
        added.publish(uri, "x", "la série")


def test_what_the_build_writes_itself_is_reserved(tmp_path):
    added, _files = files_of(tmp_path)
    with pytest.raises(PluginError, match="est déjà prise par la construction elle-même"):
        added.publish("404.html", "x", "la redirection « /404.html »")
    with pytest.raises(PluginError, match="la construction elle-même"):
        files_of(tmp_path / "autre", "sitemap.xml")
