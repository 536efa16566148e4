"""What the generated pages list: a page of the series or of a theme, the shared
resources, the network's meetings, the episodes citing a doctrine page.

MkDocs-free: the adapter hands in how a site-relative URL is linked (`link`), the
episodes' views and, for citations, how a section of the page is named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from mkdocs_episodes.core import urls
from mkdocs_episodes.core.datafiles import (
    RESOURCE_TYPES,
    Network,
    ResourceCatalogue,
    partial_date_text,
)
from mkdocs_episodes.core.french import long_date
from mkdocs_episodes.core.links import doc_links
from mkdocs_episodes.core.series import IndexPage, Series, page_window
from mkdocs_episodes.core.timecode import clock
from mkdocs_episodes.core.views import EpisodeView

# A site-relative page URL (`episodes/page/2/`) as the site links it.
Link = Callable[[str], str]
# The episodes' views, by slug.
Views = Mapping[str, EpisodeView]
# Most recent citations shown on a doctrine page: one cited by hundreds stays light.
CITATIONS_SHOWN = 5


def list_context(index_page: IndexPage, views: Views, link: Link) -> dict[str, Any]:
    """Cards and a short pagination for a page of the series or of a theme."""

    def url(target: str | None) -> str | None:
        return link(target) if target else None

    return {
        "index_page": index_page,
        "cards": [views[e.slug] for e in index_page.episodes],
        "pages": [
            (number, url(urls.list_page(number, index_page.base)) if number else None)
            for number in page_window(index_page.number, index_page.count)
        ],
        "previous_page_url": url(index_page.previous_url),
        "next_page_url": url(index_page.next_url),
    }


def resources_context(resources: ResourceCatalogue, series: Series, views: Views) -> dict[str, Any]:
    """Resources by type, each with the episodes that cite it (by ref or by URL)."""
    entries = resources.resources
    by_url = {entry.url: entry.id for entry in entries}
    cited: dict[str, list[EpisodeView]] = {}
    for episode in series.newest_first:
        for resource in episode.resources:
            key = resource.ref or by_url.get(resource.url or "")
            if key:
                cited.setdefault(key, []).append(views[episode.slug])
    sections = [
        (kind, label, found)
        for kind, label in RESOURCE_TYPES.items()
        if (found := [e for e in entries if e.type == kind])
    ]
    themes = [
        (slug, label, found)
        for slug, label in series.settings.themes.items()
        if (found := [e for e in entries if slug in e.themes])
    ]
    return {
        "resource_sections": sections,
        "resource_themes": themes,
        "cited_by": cited,
        "theme_labels": dict(series.settings.themes),
        "date_text": partial_date_text,
    }


def resource_anchor(ref: str) -> str:
    return f"ressource-{ref}"


def network_context(network: Network, views: Views, today: dt.date) -> dict[str, Any]:
    """Ministries by name, meetings to come and past ones (latest first), their replays."""
    meetings = sorted(network.meetings, key=lambda m: m.date)
    replays = {
        m.replay: views[m.replay].url
        for m in meetings
        if m.replay and "://" not in m.replay and m.replay in views
    }
    return {
        "ministries": sorted(network.ministries, key=lambda m: m.name),
        "upcoming": [m for m in meetings if m.date >= today],
        "past": [m for m in reversed(meetings) if m.date < today],
        "replays": replays,
        "long_date": long_date,
    }


def citations_context(
    path: str, series: Series, views: Views, section: Callable[[str], str | None]
) -> dict[str, Any]:
    """Where the series cites the docs page `path`: episode, moment (for chapters),
    section (named by `section` from its anchor)."""
    found = []
    for episode, loc, target in doc_links(series.newest_first):
        linked, _, anchor = target.partition("#")
        if linked != path:
            continue
        start = episode.chapters[int(loc[1])].start if loc[0] == "chapters" else None
        found.append(
            {
                "episode": views[episode.slug],
                "start": start,
                "clock": clock(start) if start is not None else None,
                "anchor": anchor,
                "section": section(anchor) if anchor else None,
            }
        )
    return {
        "citations": found[:CITATIONS_SHOWN],
        "more_citations": len(found) - CITATIONS_SHOWN,
    }
