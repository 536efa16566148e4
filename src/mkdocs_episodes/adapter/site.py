"""The series inside one MkDocs build: the files it adds, the views its templates get,
the kind of each generated page. Made anew for every build (and `mkdocs serve` rebuild)
from what the site checks read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from mkdocs_episodes.adapter.files import SeriesFiles
from mkdocs_episodes.adapter.pages import (
    EpisodePage,
    ListPage,
    NetworkPage,
    PageKind,
    ResourcesPage,
    SearchPage,
    ThemePage,
    ThemesPage,
    episode_markdown,
    find_heading,
)
from mkdocs_episodes.adapter.previews import Previews, make_card
from mkdocs_episodes.adapter.site_checks import SiteCheck
from mkdocs_episodes.adapter.theme import asset_content
from mkdocs_episodes.adapter.url_guard import guard_urls
from mkdocs_episodes.build.cover import podcast_cover
from mkdocs_episodes.build.images import CacheError, ImageError, poster_variants
from mkdocs_episodes.build.workers import Workers
from mkdocs_episodes.core import urls
from mkdocs_episodes.core.feeds import PublishedEpisode
from mkdocs_episodes.core.gate import GateError, read_bytes
from mkdocs_episodes.core.listings import resource_anchor
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.problems import EpisodeError
from mkdocs_episodes.core.publications import SiteIdentity, publish
from mkdocs_episodes.core.series import Series
from mkdocs_episodes.core.settings import Settings
from mkdocs_episodes.core.subscribe import app_links
from mkdocs_episodes.core.time_budget import TimeBudgetExceeded
from mkdocs_episodes.core.views import EpisodeView, ImageSize, PosterImage
from mkdocs_episodes.core.yaml_source import FieldPath

# A cover image a publisher supplies: generous for a 3000 px PNG, bounded all the same.
MAX_COVER_BYTES = 20 * 1024 * 1024


def report(error: EpisodeError) -> str:
    return "Épisodes invalides :\n" + error.report()


@dataclass(eq=False)
class SeriesSite:
    config: MkDocsConfig
    settings: Settings
    check: SiteCheck
    series: Series
    root: Path
    today: dt.date
    views: dict[str, EpisodeView] = field(default_factory=dict)
    published: dict[str, PublishedEpisode] = field(default_factory=dict)
    # Each generated page's kind, by the Markdown source MkDocs knows it by.
    kinds: dict[str, PageKind] = field(default_factory=dict)
    files: SeriesFiles | None = None
    previews: Previews | None = None
    # Transcripts as plain text kept from one `mkdocs serve` build to the next.
    kept_texts: dict[str, str] | None = None
    _pages: dict[str, File] = field(default_factory=dict)
    _media: dict[tuple[str, FieldPath], File] = field(default_factory=dict)
    _posters: dict[str, PosterImage] = field(default_factory=dict)
    _public: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.config.site_name

    # -- addresses ------------------------------------------------------------------------

    def link(self, url: str) -> str:
        """A generated page's site-relative URL as MkDocs writes it: `episodes/x/`, or
        `episodes/x/index.html` without directory URLs."""
        return url if self.config.use_directory_urls else f"{url}index.html"

    def absolute(self, url: str) -> str:
        return urljoin(self.config.site_url or "", url)

    def doc_link(self, target: str) -> tuple[str, str]:
        """URL and title of a docs page link such as `doctrine/rgesn.md#video`."""
        assert self.files is not None
        path, _, anchor = target.partition("#")
        file = self.files.files.get_file_from_path(path)
        assert file is not None, target
        page = file.page
        title = (page.title if page else None) or path
        if anchor and page is not None:
            # A link to a section reads as "Page : Section", not as the page twice.
            section = find_heading(page.toc, anchor)
            if section:
                title = f"{title} : {section}"
        return file.url + (f"#{anchor}" if anchor else ""), title

    def resource_link(self, ref: str) -> tuple[str, str, str]:
        """Title, outside address and anchor on the resources page of a shared resource."""
        assert self.check.resources is not None
        entry = next(e for e in self.check.resources.resources if e.id == ref)
        return entry.title, str(entry.url), f"{self.link(urls.RESOURCES)}#{resource_anchor(ref)}"

    # -- files --------------------------------------------------------------------------

    def add_files(self, files: Files, assets: dict[str, str], workers: Workers | None) -> None:
        self.files = added = SeriesFiles(files, self.config, workers)
        self.previews = Previews(self, self.settings, self.config.site_description or "")
        for source, uri in assets.items():
            added.publish(uri, asset_content(source), "le générateur")
        self._add_episodes(added)
        self._add_lists(added)
        identity = SiteIdentity(
            self.config.site_name,
            self.config.site_description or "",
            self.settings.author,
            podcast=self.settings.podcast,
            cover=self._add_cover(added),
        )
        try:
            publications = publish(
                self.series,
                self.views,
                identity,
                self.absolute,
                self.link,
                self.settings.feed_items,
                self.kept_texts,
            )
        except TimeBudgetExceeded as error:
            raise PluginError(str(error)) from None
        self.published = publications.episodes
        for uri, content in publications.files.items():
            added.publish(uri, content, "les flux de la série")
            self._public.append(uri)
        cache = self.root / self.settings.cache_dir
        self.previews.add_files(added, self.check.images, self.root, cache)
        for episode in self.series.episodes:
            # Embed pages are rendered after the build, outside MkDocs' page pipeline: a
            # thousand of them would otherwise each pay for a Markdown converter.
            added.reserve(urls.embed_file(episode.slug), episode.origin.display)
            self._public.append(self.link(urls.embed(episode.slug)))
        guard_urls(
            added,
            self._public,
            self.root / self.settings.url_list,
            dict(self.settings.redirects),
            record=not self.settings.drafts,
        )

    def _add_episodes(self, added: SeriesFiles) -> None:
        for episode in self.series.episodes:
            owner = episode.origin.display
            uri = urls.source(urls.episode(episode.slug))
            markdown = episode_markdown(episode)
            self._pages[episode.slug] = added.page(uri, markdown, listed=False, owner=owner)
            # Side files are published beside the page; the loader made sure names differ.
            for loc, source in episode.origin.side_files.items():
                if loc[0] == "transcript":
                    continue
                if loc == ("poster",):
                    self._posters[episode.slug] = self._add_poster(added, episode, source)
                    continue
                media = added.shared(urls.episode_file(episode.slug, source.name), source, owner)
                self._media[(episode.slug, loc)] = media
        for episode in self.series.episodes:
            self.views[episode.slug] = view = self._view(episode)
            self.kinds[self._pages[episode.slug].src_uri] = EpisodePage(view)

    def _add_poster(self, added: SeriesFiles, episode: Episode, source: Path) -> PosterImage:
        """The poster as WebP in the widths pages ask for, instead of the source image."""
        try:
            variants = poster_variants(source, self.root / self.settings.cache_dir / "posters")
        except ImageError as error:
            problem = episode.origin.problem(("poster",), str(error))
            raise PluginError(report(EpisodeError([problem]))) from None
        except CacheError as error:
            raise PluginError(f"mkdocs.yml : cache_dir : {error}") from None
        sizes = []
        for variant in variants:
            # Published under the image's hash: a poster shared by several episodes is
            # stored once, and its name changes whenever the image does.
            digest = variant.path.name.split("-", 1)[0][:10]
            uri = urls.poster(source.stem, variant.width, digest)
            file = added.shared(uri, variant.path, episode.origin.display)
            sizes.append(ImageSize(file.url, variant.width, variant.height))
        # Link previews take JPEG or PNG only (Slack): a card made from the same image.
        assert self.previews is not None
        cache = self.root / self.settings.cache_dir
        try:
            card = make_card(added, source, cache, episode.origin.display)
        except ImageError as error:
            problem = episode.origin.problem(("poster",), str(error))
            raise PluginError(report(EpisodeError([problem]))) from None
        self.previews.episode_cards[episode.slug] = card
        return PosterImage(sizes)

    def _add_cover(self, added: SeriesFiles) -> str | None:
        """The podcast's square cover, from the configured image or else the newest
        episode's poster; its site-relative URL."""
        podcast = self.settings.podcast
        latest = self.series.latest
        if podcast.cover:
            source, owner = self.root / podcast.cover, "mkdocs.yml : podcast.cover"
        elif latest is not None:
            source, owner = latest.origin.side_files[("poster",)], latest.origin.display
        else:
            return None
        try:
            data = read_bytes(source, self.root, MAX_COVER_BYTES)
            cover = podcast_cover(data, self.root / self.settings.cache_dir / "podcast")
        except (GateError, ImageError) as error:
            raise PluginError(f"{owner} : couverture du podcast : {error}") from None
        except CacheError as error:
            raise PluginError(f"mkdocs.yml : cache_dir : {error}") from None
        uri = urls.podcast_cover(cover.digest, cover.suffix)
        return added.shared(uri, cover.path, owner).url

    def _add_lists(self, added: SeriesFiles) -> None:
        # Search content first: MkDocs writes pages in this order, and Pagefind starts
        # once the last of them is on disk, while the lists below are written.
        pages: list[tuple[str, PageKind, bool]] = []
        if self.check.resources is not None:
            pages.append((urls.RESOURCES, ResourcesPage(), True))
        if self.check.network is not None:
            pages.append((urls.NETWORK, NetworkPage(), True))
        pages += [(p.url, ListPage(p), p.number == 1) for p in self.series.index_pages()]
        if self.settings.search:
            pages.append((urls.SEARCH, SearchPage(), False))
        pages.append((urls.THEMES, ThemesPage(), True))
        for slug, _label, _episodes in self.series.themes():
            pages += [(p.url, ThemePage(slug, p), False) for p in self.series.theme_pages(slug)]
        for url, kind, listed in pages:
            uri = urls.source(url)
            added.page(uri, kind.markdown(), listed, "les pages de la série")
            self.kinds[uri] = kind

    def _view(self, episode: Episode) -> EpisodeView:
        return EpisodeView(
            episode,
            self.series,
            page_url=lambda e: self._pages[e.slug].url,
            media_url=lambda e, loc: self._media[(e.slug, loc)].url,
            doc_link=self.doc_link,
            theme_url=lambda theme: self.link(urls.theme(theme)),
            poster_image=lambda e: self._posters[e.slug],
            resource_link=self.resource_link,
        )

    # -- what every template gets ---------------------------------------------------------

    def context(self) -> dict[str, Any]:
        latest = self.series.latest
        assert self.previews is not None
        return {
            # Link-preview tags of pages rendered without a page of their own (404.html).
            "social": self.previews.defaults(),
            # Absolute: a podcast app is given it, far from this site.
            "podcast_feed": self.absolute(urls.RSS),
            "podcast_apps": app_links(self.absolute(urls.RSS), self.name),
            # Each page's content date for sitemap.xml, filled as MkDocs reads the pages
            # (before it writes the sitemap).
            "lastmod": self.previews.lastmod,
            "latest": self.views[latest.slug] if latest else None,
            "count": self.series.count,
            "special_count": self.series.special_count,
            "index_url": self.link(urls.EPISODES),
            "feeds": {"rss": urls.RSS, "atom": urls.ATOM, "json": urls.JSON_FEED, "api": urls.API},
            "themes_url": self.link(urls.THEMES),
            "themes": [
                (self.link(urls.theme(slug)), label, len(episodes))
                for slug, label, episodes in self.series.themes()
            ],
        }
