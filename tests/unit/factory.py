"""A small series written to a temporary repository, loaded by the core and arranged as
the site shows it: episode views with plain URL callbacks, no site generator."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers import write_episode

from mkdocs_episodes.core import urls
from mkdocs_episodes.core.feeds import Channel
from mkdocs_episodes.core.loader import load_episodes
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.series import Series, SeriesSettings
from mkdocs_episodes.core.views import EpisodeView

THEMES = {
    "reseau": "Le réseau des référents",
    "enjeux": "Les enjeux environnementaux",
    "video-sobre": "La vidéo sobre",
}
TODAY = dt.date(2025, 1, 15)
CAPTIONS = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:04.000\nBonjour et bienvenue.\n\n"
    "00:00:04.000 --> 00:00:09.500\nParlons de la vidéo sobre.\n"
)


def add_episode(root: Path, number: int, slug: str, **changes: Any) -> Path:
    """`episodes/NN-slug.yml`, a valid episode with its poster, then `changes`."""
    changes.setdefault("title", f"Épisode {slug}")
    return write_episode(
        root / "episodes", f"{number:02d}-{slug}.yml", number=number, slug=slug, **changes
    )


def add_audio(root: Path, name: str = "son.ogg", size: int = 48_000) -> dict[str, Any]:
    """A sound file beside the episodes, as an episode's `audio` field names it."""
    (root / "episodes" / "media").mkdir(parents=True, exist_ok=True)
    if name.endswith(".m4a"):
        head, mime = b"\0\0\0\x18ftypM4A \0\0\x02\0isomiso2" + b"\0" * 40, "audio/mp4"
    else:
        head, mime = b"OggS" + b"\0" * 60, "audio/ogg"
    (root / "episodes" / "media" / name).write_bytes(head)
    return {"src": f"media/{name}", "type": mime, "size": size}


def add_captions(root: Path, name: str = "sous-titres.fr.vtt", text: str = CAPTIONS) -> dict:
    (root / "episodes" / "media").mkdir(parents=True, exist_ok=True)
    (root / "episodes" / "media" / name).write_text(text, encoding="utf-8")
    return {"src": f"media/{name}", "lang": "fr"}


def media_url(episode: Episode, loc: tuple[str | int, ...]) -> str:
    """Side files are published beside the episode's page, under their own name."""
    return urls.episode_file(episode.slug, episode.origin.side_files[loc].name)


def doc_link(link: str) -> tuple[str, str]:
    """`doctrine/rgesn.md#video` → `doctrine/rgesn/#video`, as directory URLs write it."""
    path, _, anchor = link.partition("#")
    url = path.removesuffix(".md") + "/" + (f"#{anchor}" if anchor else "")
    return url, f"Page {path}"


@dataclass
class Site:
    root: Path
    series: Series
    views: dict[str, EpisodeView]


def load_site(
    root: Path,
    *,
    themes: dict[str, str] | None = None,
    today: dt.date = TODAY,
    drafts: bool = False,
    per_page: int = 12,
    per_theme_page: int = 20,
) -> Site:
    """Every episode of `root/episodes`, as a series and the views of its episodes."""
    themes = THEMES if themes is None else themes
    loaded = load_episodes(root / "episodes", root, set(themes))
    settings = SeriesSettings(themes, today, per_page, per_theme_page, drafts)
    series = Series(loaded.episodes, settings)
    views = {
        episode.slug: EpisodeView(
            episode,
            series,
            page_url=lambda e: urls.episode(e.slug),
            media_url=media_url,
            doc_link=doc_link,
            theme_url=urls.theme,
        )
        for episode in series.episodes
    }
    return Site(root, series, views)


SITE = "https://serie.exemple.gouv.fr/"


def channel(**changes: Any) -> Channel:
    """The series' channel as feeds name it, with `changes`."""
    values: dict[str, Any] = {
        "title": "Série",
        "description": "Une série.",
        "home": SITE,
        "language": "fr",
        "author": "DINUM",
        "image": None,
        "rss_url": SITE + "feed.xml",
        "atom_url": SITE + "atom.xml",
        "json_url": SITE + "feed.json",
    }
    return Channel(**{**values, **changes})
