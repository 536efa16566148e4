"""The URL scheme of a series site, in one place: every address the generator publishes.

Addresses are site-relative (`episodes/les-enjeux/`), as MkDocs writes them with
directory URLs. An episode's addresses come from its slug alone, never from its number
or date, so that renumbering or redating never breaks a link (`urls.txt` guards them).
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

EPISODES = "episodes/"
THEMES = "themes/"
RESOURCES = "ressources/"
NETWORK = "reseau/"
SEARCH = "recherche/"
# Feeds of the series (RSS for podcast apps, Atom, JSON Feed) and its open data.
RSS = "episodes/feed.xml"
ATOM = "episodes/atom.xml"
JSON_FEED = "episodes/feed.json"
API = "api/episodes.json"
# An episode's chapters as JSON, beside its page (podcast:chapters).
CHAPTERS_FILE = "chapitres.json"
# An episode's transcript as plain text, beside its page (podcast:transcript).
TRANSCRIPT_FILE = "transcription.txt"
# The generator's own stylesheets and script, published under fingerprinted names.
STYLESHEET = "assets/episodes/episodes.css"
SCRIPT = "assets/episodes/episodes.js"
EMBED_STYLESHEET = "assets/episodes/embed.css"
POSTERS = "assets/posters/"
# Pages 2, 3… of a list shift as episodes come: not addresses to keep.
_SHIFTING = re.compile(r"(^|/)page/\d+/$")


def source(url: str) -> str:
    """The Markdown file a generated page is made from: `episodes/x/` → `episodes/x/index.md`."""
    return f"{url}index.md"


def episode(slug: str) -> str:
    return f"{EPISODES}{slug}/"


def embed(slug: str) -> str:
    return f"{EPISODES}{slug}/embed/"


def embed_file(slug: str) -> str:
    """Where the embed page is written, with or without directory URLs."""
    return f"{embed(slug)}index.html"


def episode_file(slug: str, name: str) -> str:
    """A file published beside an episode's page (video, captions, chapters)."""
    return f"{EPISODES}{slug}/{name}"


def chapters(slug: str) -> str:
    return episode_file(slug, CHAPTERS_FILE)


def transcript_text(slug: str) -> str:
    return episode_file(slug, TRANSCRIPT_FILE)


def podcast_cover(digest: str, suffix: str) -> str:
    """The square cover of the podcast feed, named by its content."""
    return f"assets/podcast/couverture.{digest}.{suffix}"


def theme(slug: str) -> str:
    return f"{THEMES}{slug}/"


def theme_feed(slug: str) -> str:
    return f"{THEMES}{slug}/feed.xml"


def list_page(number: int, base: str = EPISODES) -> str:
    """A page of a list: `episodes/`, then `episodes/page/2/`…"""
    return base if number == 1 else f"{base}page/{number}/"


def poster(stem: str, width: int, digest: str) -> str:
    """A poster variant, named by its content: shared by episodes, renamed when it changes."""
    return f"{POSTERS}{stem}-{width}.{digest}.webp"


def fingerprinted(uri: str, digest: str) -> str:
    """`assets/x.css` → `assets/x.1a2b3c4d5e.css`: hosts may cache it for a year."""
    stem, _, suffix = uri.rpartition(".")
    return f"{stem}.{digest}.{suffix}"


def is_shifting(url: str) -> bool:
    return bool(_SHIFTING.search(url))


def redirect_source(url: str) -> str:
    """Where the static page redirecting `/old/` is written: `old/index.html`."""
    return url.strip("/") + "/index.html" if url.endswith("/") else url.strip("/")


def absolute_path(value: str) -> str:
    """A redirect key as the URL list writes it: `/doctrine/page/`."""
    return "/" + str(value).strip().lstrip("/")


# Hosts that only the build machine reaches: what `mkdocs serve` previews.
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0", ""}


def is_local_preview(site_url: str | None) -> bool:
    """Whether absolute addresses made from `site_url` would point at the local preview
    (or nowhere) rather than at the published site."""
    return (urlparse(site_url or "").hostname or "") in _LOCAL_HOSTS
