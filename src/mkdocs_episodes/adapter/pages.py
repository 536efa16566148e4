"""The pages the series generates, one small class per kind: its template, its title,
and what its template is given. A new kind of page is one class here and one template.

Generated pages are `GeneratedPage`s: outside the navigation, and pages of the same
Markdown text share one conversion.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from mkdocs_episodes.adapter.site_checks import SiteCheck
from mkdocs_episodes.core import listings, urls
from mkdocs_episodes.core.feeds import PublishedEpisode
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.series import IndexPage, Series
from mkdocs_episodes.core.time_budget import NOTES_SECONDS, within
from mkdocs_episodes.core.views import EpisodeView


class SeriesSite(Protocol):
    """What page kinds read of the series in this build (`adapter.site.SeriesSite`)."""

    name: str
    series: Series
    check: SiteCheck
    today: dt.date
    views: dict[str, EpisodeView]
    published: dict[str, PublishedEpisode]

    def link(self, url: str) -> str: ...

    def absolute(self, url: str) -> str: ...


# Where an episode page's transcript goes, rendered by the core rather than by MkDocs.
TRANSCRIPT_MARKER = "<!-- episodes:transcription -->"


@dataclass
class PageKind:
    """A generated page: what it shows and how."""

    template: ClassVar[str]
    # Lists of other pages are no search content (their templates have no
    # `data-pagefind-body`): Pagefind starts before they are written.
    is_list: ClassVar[bool] = False
    # The title of a page whose title never changes.
    heading: ClassVar[str] = ""

    def title(self, site: SeriesSite) -> str:
        return self.heading

    def description(self) -> str | None:
        """The page's summary for search engines and link previews, if it has its own."""
        return None

    def markdown(self) -> str:
        return ""

    def context(self, site: SeriesSite, page: Page) -> dict[str, Any]:
        return {}


@dataclass
class EpisodePage(PageKind):
    view: EpisodeView
    template = "episodes/episode.html"

    def title(self, site: SeriesSite) -> str:
        return self.view.heading

    def description(self) -> str | None:
        return str(self.view.summary)

    def markdown(self) -> str:
        return episode_markdown(self.view.episode)

    def context(self, site: SeriesSite, page: Page) -> dict[str, Any]:
        episode = self.view.episode
        published = site.published[episode.slug]
        previous, following = site.series.previous(episode), site.series.next(episode)
        return {
            "published": published,
            "episode": self.view,
            "previous_episode": site.views[previous.slug] if previous else None,
            "next_episode": site.views[following.slug] if following else None,
        }


@dataclass
class ListPage(PageKind):
    """A page of the series index."""

    index_page: IndexPage
    template = "episodes/index.html"
    is_list = True

    def title(self, site: SeriesSite) -> str:
        return _numbered("Les épisodes", self.index_page)

    def context(self, site: SeriesSite, page: Page) -> dict[str, Any]:
        return listings.list_context(self.index_page, site.views, site.link)


@dataclass
class ThemePage(PageKind):
    """A page of one theme's episodes."""

    slug: str
    index_page: IndexPage
    template = "episodes/theme.html"
    is_list = True

    def title(self, site: SeriesSite) -> str:
        return _numbered(f"Thème : {site.series.theme_label(self.slug)}", self.index_page)

    def context(self, site: SeriesSite, page: Page) -> dict[str, Any]:
        return {
            "theme_label": site.series.theme_label(self.slug),
            "theme_feed": urls.theme_feed(self.slug),
            **listings.list_context(self.index_page, site.views, site.link),
        }


@dataclass
class ThemesPage(PageKind):
    template = "episodes/themes.html"
    heading = "Les thèmes"
    is_list = True


@dataclass
class SearchPage(PageKind):
    template = "episodes/search.html"
    heading = "Rechercher"
    is_list = True


@dataclass
class ResourcesPage(PageKind):
    template = "episodes/resources.html"
    heading = "Ressources"

    def context(self, site: SeriesSite, page: Page) -> dict[str, Any]:
        assert site.check.resources is not None
        return listings.resources_context(site.check.resources, site.series, site.views)


@dataclass
class NetworkPage(PageKind):
    template = "episodes/network.html"
    heading = "Le réseau des référents"

    def context(self, site: SeriesSite, page: Page) -> dict[str, Any]:
        # Meetings are split into upcoming and past on the build's day, in Paris.
        network = site.check.network
        assert network is not None
        return listings.network_context(network, site.views, site.today)


def episode_markdown(episode: Episode) -> str:
    """Show notes, then the transcript (rendered apart, see TRANSCRIPT_MARKER)."""
    parts = []
    if episode.notes:
        parts.append(f"## Notes de l'épisode\n\n{episode.notes}\n")
    parts.append("## Transcription\n")
    parts.append(
        TRANSCRIPT_MARKER
        if episode.transcript_markdown
        else "*La transcription de cet épisode n'est pas encore disponible.*"
    )
    return "\n".join(parts) + "\n"


def _numbered(title: str, index_page: IndexPage) -> str:
    if index_page.number > 1:
        return f"{title}, page {index_page.number} sur {index_page.count}"
    return title


def escaped(text: str) -> Markup:
    """Material prints page.meta.title and .description unescaped: hand it escaped Markup,
    which also keeps autoescaping templates from escaping it twice."""
    return escape(text)


# What a converted page's HTML holds that would depend on where the page is: a link or
# a source other than an anchor of the page itself, or a title of its own.
_PLACED = re.compile(r'(?:href|src)="(?!#)|<h1[\s>]')


class GeneratedPage(Page):
    """A page outside the navigation that the series generates (an episode, a list):
    pages of the same Markdown text share one conversion. A thousand episode pages
    without show notes would otherwise each pay for a Markdown converter, for the same
    heading and nothing else."""

    def __init__(
        self, file: File, config: MkDocsConfig, converted: dict[str, Any], owner: str = ""
    ) -> None:
        super().__init__(None, file, config)
        self._converted = converted
        # The file the page's Markdown comes from (an episode's notes), for the budget.
        self._owner = owner or file.src_uri

    def render(self, config: MkDocsConfig, files: Files) -> None:
        text = self.markdown or ""
        done = self._converted.get(text)
        if done is None:
            with within(NOTES_SECONDS, f"{self._owner} : le rendu des notes", PluginError):
                super().render(config, files)
            # Kept only when the HTML would be the same on any page.
            if not _PLACED.search(self.content or ""):
                self._converted[text] = (self.content, self.toc, set(self.present_anchor_ids or ()))
            return
        self.content, self.toc, anchors = done
        self.present_anchor_ids = set(anchors)


def sidebars_key(page: Page | None, nav: Navigation | None) -> str | None:
    """Where Material's sidebars can be shared: a page outside the navigation (an episode,
    a page of a list), without a table of contents or hidden parts, has the very same
    sidebars as every such page beside it, relative links included. The key is the folder
    that holds the page's own folder; None: the page's sidebars are its own.

    Rendered once per folder rather than per page: a thousand episodes took a second."""
    if page is None or nav is None or len(page.toc) or page.meta.get("hide"):
        return None
    # In the navigation, or above a page of it (the home page): links of its own.
    if any(item is page or item.url.startswith(page.url) for item in nav.pages):
        return None
    return posixpath.dirname(page.url.rstrip("/"))


def find_heading(toc: Any, anchor: str) -> str | None:
    """The title of the heading with id `anchor` in a page's table of contents."""
    for item in toc:
        if item.id == anchor:
            return str(item.title)
        found = find_heading(item.children, anchor)
        if found:
            return found
    return None
