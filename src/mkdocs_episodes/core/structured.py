"""schema.org data for an episode page: VideoObject, BreadcrumbList, CreativeWorkSeries.

No `transcript` property: the transcript is the page's own text, and a copy here would
double the weight of every episode page.

The template writes it with Jinja's `tojson`, which escapes everything but ASCII; the
characters no text may hold (which the readers refuse already) are dropped first, so
that no escape of a lone surrogate or control character reaches a search engine.
"""

from __future__ import annotations

from typing import Any

from mkdocs_episodes.core.feeds import PublishedEpisode
from mkdocs_episodes.core.text import without_forbidden_characters
from mkdocs_episodes.core.timecode import iso_duration


def episode_graph(
    item: PublishedEpisode, series_name: str, series_url: str, home_url: str
) -> dict[str, Any]:
    episode = item.episode
    series = {
        "@type": "CreativeWorkSeries",
        "@id": f"{series_url}#serie",
        "name": series_name,
        "url": series_url,
        "inLanguage": "fr",
    }
    video: dict[str, Any] = {
        "@type": "VideoObject",
        "@id": f"{item.url}#video",
        "name": episode.title,
        "description": episode.summary,
        "thumbnailUrl": [item.image],
        "uploadDate": episode.date.isoformat(),
        "url": item.url,
        "inLanguage": "fr",
        "isPartOf": {"@id": series["@id"]},
        "isAccessibleForFree": True,
    }
    # A special (« hors-série ») is part of the series without a place in its numbering.
    if episode.number is not None:
        video["episodeNumber"] = episode.number
    if episode.duration:
        video["duration"] = iso_duration(episode.duration)
    if item.videos:
        video["contentUrl"] = max(item.videos, key=lambda m: m.height or 0).url
        video["encodingFormat"] = item.videos[0].type
    if episode.video.embed_url:
        video["embedUrl"] = episode.video.embed_url
    else:
        video["embedUrl"] = item.embed_page
    if episode.chapters:
        ends = [c.start for c in episode.chapters[1:]] + [episode.duration]
        video["hasPart"] = [
            {
                "@type": "Clip",
                "name": chapter.title,
                "startOffset": chapter.start,
                **({"endOffset": end} if end else {}),
                "url": f"{item.url}#t={chapter.start}",
            }
            for chapter, end in zip(episode.chapters, ends, strict=True)
        ]
    breadcrumbs = {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Accueil", "item": home_url},
            {"@type": "ListItem", "position": 2, "name": "Épisodes", "item": series_url},
            {"@type": "ListItem", "position": 3, "name": episode.title, "item": item.url},
        ],
    }
    return _clean({"@context": "https://schema.org", "@graph": [video, breadcrumbs, series]})


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return without_forbidden_characters(value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value
