"""schema.org data of the pages: an episode (VideoObject, Episode, BreadcrumbList), the
home page (WebSite, Organization) and the series index (CreativeWorkSeries, ItemList).

No `transcript` property: the transcript is the page's own text, and a copy here would
double the weight of every episode page.

The VideoObject holds what Google's video rich results read: `uploadDate` with its time
and zone, chapters as `Clip` parts whose URL carries the moment as a query parameter
(`?t=135`, which the page honours as it does `#t=135`), the `publisher`. The episode's
number and series are said by an `Episode` node whose `video` it is: `episodeNumber` and
`partOfSeries` are no VideoObject properties.

The template writes it with Jinja's `tojson`, which escapes everything but ASCII; the
characters no text may hold (which the readers refuse already) are dropped first, so
that no escape of a lone surrogate or control character reaches a search engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs_episodes.core.calendar import paris_midnight
from mkdocs_episodes.core.feeds import PublishedEpisode
from mkdocs_episodes.core.text import without_forbidden_characters
from mkdocs_episodes.core.timecode import iso_duration


@dataclass(frozen=True)
class SiteFacts:
    """What every graph says of the site: absolute addresses, names, the publisher."""

    name: str
    description: str
    home: str
    series_url: str
    publisher_name: str
    publisher_url: str
    logo: str | None = None

    @property
    def series_id(self) -> str:
        return f"{self.series_url}#serie"

    @property
    def publisher_id(self) -> str:
        return f"{self.home}#editeur"

    def publisher(self) -> dict[str, Any]:
        node: dict[str, Any] = {
            "@type": "Organization",
            "@id": self.publisher_id,
            "name": self.publisher_name,
            "url": self.publisher_url,
        }
        if self.logo:
            node["logo"] = {"@type": "ImageObject", "url": self.logo}
        return node

    def series(self) -> dict[str, Any]:
        return {
            "@type": "CreativeWorkSeries",
            "@id": self.series_id,
            "name": self.name,
            "url": self.series_url,
            "inLanguage": "fr",
            "publisher": {"@id": self.publisher_id},
        }


def episode_graph(item: PublishedEpisode, site: SiteFacts, thumbnails: list[str]) -> dict[str, Any]:
    """`thumbnails`: absolute image URLs, the link card (JPEG) first."""
    episode = item.episode
    video: dict[str, Any] = {
        "@type": "VideoObject",
        "@id": f"{item.url}#video",
        "name": episode.title,
        "description": episode.summary,
        "thumbnailUrl": thumbnails,
        "uploadDate": paris_midnight(episode.date).isoformat(),
        "url": item.url,
        "inLanguage": "fr",
        "isPartOf": {"@id": site.series_id},
        "publisher": {"@id": site.publisher_id},
        "isAccessibleForFree": True,
    }
    if episode.duration:
        video["duration"] = iso_duration(episode.duration)
    if item.videos:
        video["contentUrl"] = max(item.videos, key=lambda m: m.height or 0).url
        video["encodingFormat"] = item.videos[0].type
    video["embedUrl"] = episode.video.embed_url or item.embed_page
    if episode.chapters:
        ends = [c.start for c in episode.chapters[1:]] + [episode.duration]
        video["hasPart"] = [
            {
                "@type": "Clip",
                "name": chapter.title,
                "startOffset": chapter.start,
                **({"endOffset": end} if end else {}),
                "url": f"{item.url}?t={chapter.start}",
            }
            for chapter, end in zip(episode.chapters, ends, strict=True)
        ]
    numbered: dict[str, Any] = {
        "@type": "Episode",
        "@id": f"{item.url}#episode",
        "name": episode.title,
        "url": item.url,
        "partOfSeries": {"@id": site.series_id},
        "video": {"@id": video["@id"]},
        "datePublished": episode.date.isoformat(),
    }
    # An episode outside the numbering (a special) is part of the series all the same.
    if episode.number is not None:
        numbered["episodeNumber"] = episode.number
    breadcrumbs = {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Accueil", "item": site.home},
            {"@type": "ListItem", "position": 2, "name": "Épisodes", "item": site.series_url},
            {"@type": "ListItem", "position": 3, "name": episode.title, "item": item.url},
        ],
    }
    graph = [video, numbered, breadcrumbs, site.series(), site.publisher()]
    return _clean({"@context": "https://schema.org", "@graph": graph})


def home_graph(site: SiteFacts) -> dict[str, Any]:
    """The home page: the site and who publishes it."""
    website = {
        "@type": "WebSite",
        "@id": f"{site.home}#site",
        "name": site.name,
        "description": site.description,
        "url": site.home,
        "inLanguage": "fr",
        "publisher": {"@id": site.publisher_id},
    }
    return _clean({"@context": "https://schema.org", "@graph": [website, site.publisher()]})


def series_graph(site: SiteFacts, episodes: list[tuple[str, str]]) -> dict[str, Any]:
    """The series index: the series and its episodes in the order shown, `(url, title)`."""
    listing = {
        "@type": "ItemList",
        "@id": f"{site.series_url}#episodes",
        "name": f"Les épisodes de {site.name}",
        "numberOfItems": len(episodes),
        "itemListElement": [
            {"@type": "ListItem", "position": position, "url": url, "name": title}
            for position, (url, title) in enumerate(episodes, start=1)
        ],
    }
    series = {**site.series(), "hasPart": [{"@id": f"{url}#episode"} for url, _ in episodes]}
    return _clean({"@context": "https://schema.org", "@graph": [series, listing, site.publisher()]})


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return without_forbidden_characters(value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value
