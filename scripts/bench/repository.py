"""What the bench takes from the repository: its mkdocs.yml, read by MkDocs and checked by
the plugin's own settings (budget, themes, folders), its doctrine pages and its posters.

Nothing here restates a value of mkdocs.yml: a change there changes what is measured.
"""

from __future__ import annotations

import logging
import os
from functools import cache
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from mkdocs_episodes.core.settings import Budget, Settings

REPO = Path(__file__).resolve().parents[2]
# Synthetic themes added to the repository's own (doctrine pages cite those): twelve in
# all with the repository's six.
EXTRA_THEMES = {
    "achats": "Les achats responsables",
    "reemploi": "Le réemploi des équipements",
    "donnees": "La sobriété des données",
    "services-en-ligne": "Les services en ligne écoconçus",
    "mesure": "La mesure de l'empreinte",
    "formation": "La formation des agents",
}


@cache
def config() -> MkDocsConfig:
    """The repository's mkdocs.yml as MkDocs loads it (its !ENV tags resolved)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # MkDocs logs its own configuration warnings; a failed load raises anyway.
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    return load_config(config_file=str(REPO / "mkdocs.yml"))


@cache
def settings() -> Settings:
    """The episodes plugin's settings, checked by the plugin itself."""
    plugin = config().plugins.get("episodes")
    if plugin is None:
        raise SystemExit("mkdocs.yml : le greffon « episodes » n'est pas activé")
    return plugin.config.settings()


def budget() -> Budget:
    """The budget of every page (mkdocs.yml: plugins > episodes > budget)."""
    return settings().budget


@cache
def themes() -> dict[str, str]:
    """The repository's themes, then the synthetic ones: slug → label."""
    declared = dict(settings().themes)
    return declared | {slug: label for slug, label in EXTRA_THEMES.items() if slug not in declared}


def site_folders() -> list[str]:
    """What our site is built from besides mkdocs.yml and the episodes: the docs folder,
    the theme's custom_dir and the folders of the data files, those present."""
    loaded, declared = config(), settings()
    paths = [Path(loaded.docs_dir)]
    if loaded.theme.custom_dir:
        paths.append(Path(loaded.theme.custom_dir))
    paths += [REPO / name for name in (declared.resources_file, declared.network_file) if name]
    folders: list[str] = []
    for path in paths:
        top = path.resolve().relative_to(REPO).parts[0]
        if top not in folders and (REPO / top).is_dir():
            folders.append(top)
    return folders


def site_files() -> list[str]:
    """Single files mkdocs.yml names outside those folders (the sharing card, the
    publisher's logo, the podcast cover), relative to the repository."""
    declared = settings()
    named = (declared.card_image, declared.publisher.logo, declared.podcast.cover)
    return [name for name in named if name and (REPO / name).is_file()]


def doctrine_pages() -> list[str]:
    """Doctrine pages, as episodes link to them (relative to the docs folder)."""
    prefix = settings().doctrine_dir
    folder = Path(config().docs_dir) / prefix
    return sorted(
        f"{prefix}/{path.name}" for path in folder.glob("*.md") if path.name != "index.md"
    )


def poster_sources() -> list[Path]:
    return sorted((REPO / settings().episodes_dir / "posters").glob("episode-*.png"))
