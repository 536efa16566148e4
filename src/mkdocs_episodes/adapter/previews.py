"""Where people paste links and where search engines look: what every page says of
itself (OpenGraph and Twitter tags, schema.org data), the link cards, the oEmbed files,
the sitemaps' dates, the video sitemap and robots.txt.

Each page's tags are computed here, for every kind of page alike, so that the templates
only print them (`episodes/partials/social.html`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from mkdocs_episodes.adapter.files import SeriesFiles
from mkdocs_episodes.adapter.pages import (
    EpisodePage,
    ListPage,
    PageKind,
    SeriesSite,
    ThemePage,
    ThemesPage,
)
from mkdocs_episodes.build.images import CacheError, ImageError, card_image
from mkdocs_episodes.core import urls
from mkdocs_episodes.core.crawlers import robots_txt, video_sitemap
from mkdocs_episodes.core.feeds import PublishedEpisode
from mkdocs_episodes.core.gate import GateError, read_bytes
from mkdocs_episodes.core.oembed import EMBED_HEIGHT, EMBED_WIDTH, Thumbnail, oembed_json
from mkdocs_episodes.core.settings import Settings
from mkdocs_episodes.core.structured import SiteFacts, episode_graph, home_graph, series_graph

# A logo is a small image; a larger file is refused rather than published.
MAX_IMAGE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Card:
    """A link-preview image: absolute address, size, and what it shows."""

    url: str
    width: int
    height: int
    alt: str
    type: str = "image/jpeg"


def make_card(
    added: SeriesFiles, source: Path, cache_dir: Path, owner: str
) -> tuple[str, int, int]:
    """A 1200 × 630 JPEG card made from `source` (admitted by the gate), published under
    its content's hash; its site-relative URL and size."""
    try:
        variant = card_image(source, cache_dir / "cards")
    except CacheError as error:
        raise PluginError(f"mkdocs.yml : cache_dir : {error}") from None
    digest = variant.path.name.split("-", 1)[0][:10]
    file = added.shared(urls.card(source.stem, digest), variant.path, owner)
    return file.url, variant.width, variant.height


@dataclass
class Previews:
    """Link previews and crawlers' files of one build."""

    site: SeriesSite
    settings: Settings
    description: str
    # Each episode's card, by slug (site-relative URL, width, height).
    episode_cards: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    site_card: Card | None = None
    facts: SiteFacts | None = None
    # Each page's content date, by the source MkDocs knows it by (`record_content_date`).
    lastmod: dict[str, str] = field(default_factory=dict)

    def add_files(
        self, added: SeriesFiles, images: dict[str, Path], root: Path, cache_dir: Path
    ) -> None:
        """The site's card and logo (`images`: as the site checks admitted them), every
        episode's oEmbed file, the video sitemap and robots.txt; called once the
        episodes' addresses are known."""
        site, settings = self.site, self.settings
        self.site_card = self._site_card(added, images.get("card_image"), cache_dir)
        logo = None
        if "logo" in images:
            # Published as read through the gate, named by what was read.
            data = self._read(images["logo"], root)
            digest = hashlib.sha256(data).hexdigest()[:10]
            uri = urls.logo(digest, images["logo"].suffix.lower())
            logo = site.absolute(added.publish(uri, data, "mkdocs.yml (publisher.logo)").url)
        home = site.absolute("")
        self.facts = SiteFacts(
            name=site.name,
            description=self.description,
            home=home,
            series_url=site.absolute(site.link(urls.EPISODES)),
            publisher_name=settings.publisher.name or settings.author or site.name,
            publisher_url=settings.publisher.url or home,
            logo=logo,
        )
        for slug, item in site.published.items():
            added.publish(urls.oembed(slug), self._oembed(item), "les aperçus de liens")
        published = [site.published[e.slug] for e in site.series.newest_first]
        thumbnails = {item.episode.slug: self.thumbnails(item)[0] for item in published}
        added.publish(urls.VIDEO_SITEMAP, video_sitemap(published, thumbnails), "les sitemaps")
        sitemaps = [site.absolute(urls.SITEMAP), site.absolute(urls.VIDEO_SITEMAP)]
        added.publish(urls.ROBOTS, robots_txt(sitemaps), "les sitemaps")

    @staticmethod
    def _read(path: Path, root: Path) -> bytes:
        try:
            return read_bytes(path, root, MAX_IMAGE_BYTES)
        except GateError as error:
            raise PluginError(f"mkdocs.yml : publisher.logo : fichier {error}") from None

    def _site_card(self, added: SeriesFiles, source: Path | None, cache_dir: Path) -> Card | None:
        """The configured image, or else the latest episode's card."""
        if source is not None:
            try:
                url, width, height = make_card(added, source, cache_dir, "mkdocs.yml (card_image)")
            except ImageError as error:
                raise PluginError(f"mkdocs.yml : card_image : {error}") from None
            alt = self.settings.card_alt or self.site.name
            return Card(self.site.absolute(url), width, height, alt)
        latest = self.site.series.latest
        if latest is None:
            return None
        return self.episode_card(latest.slug)

    def episode_card(self, slug: str) -> Card:
        url, width, height = self.episode_cards[slug]
        alt = f"Affiche de la vidéo « {self.site.views[slug].heading} »"
        return Card(self.site.absolute(url), width, height, alt)

    def thumbnails(self, item: PublishedEpisode) -> list[str]:
        """The episode's card (JPEG, for every client) first, then its poster."""
        return [self.episode_card(item.episode.slug).url, item.image]

    def _oembed(self, item: PublishedEpisode) -> str:
        card = self.episode_card(item.episode.slug)
        assert self.facts is not None
        return oembed_json(
            item,
            Thumbnail(card.url, card.width, card.height),
            provider_name=self.site.name,
            provider_url=self.facts.home,
            author_name=self.facts.publisher_name,
            author_url=self.facts.publisher_url,
        )

    # -- what each page says of itself --------------------------------------------------

    def context(self, page: Page, kind: PageKind | None) -> dict[str, Any]:
        """`social`: the page's OpenGraph and Twitter tags; `structured_data` where the
        page has schema.org data of its own."""
        assert self.facts is not None
        site = self.site
        title = _plain(page.meta.get("title") or page.title) or site.name
        description = _plain(page.meta.get("description")) or self.description
        social: dict[str, Any] = {
            "type": "website",
            "title": site.name if page.is_homepage else title,
            "description": description,
            "url": page.canonical_url,
            "card": self.site_card,
        }
        extra: dict[str, Any] = {"social": social}
        if isinstance(kind, EpisodePage):
            item = site.published[kind.view.slug]
            social |= self.episode_social(kind.view.slug)
            extra["structured_data"] = episode_graph(item, self.facts, self.thumbnails(item))
        elif page.is_homepage:
            extra["structured_data"] = home_graph(self.facts)
        elif isinstance(kind, ListPage):
            shown = [(site.published[e.slug].url, e.title) for e in kind.index_page.episodes]
            extra["structured_data"] = series_graph(self.facts, shown)
        return extra

    def episode_social(self, slug: str) -> dict[str, Any]:
        """An episode's tags, on its page and its embed page alike: a video card."""
        item = self.site.published[slug]
        return {
            "type": "video.episode",
            # The card shows the episode's number already: its title alone.
            "title": item.episode.title,
            "description": item.episode.summary,
            "url": item.url,
            "card": self.episode_card(slug),
            "player": {"url": item.embed_page, "width": EMBED_WIDTH, "height": EMBED_HEIGHT},
            "oembed": self.site.absolute(urls.oembed(slug)),
            "videos": item.videos,
        }

    def defaults(self) -> dict[str, Any]:
        """For pages the theme renders without a page (404.html): the site's own card,
        no address of their own."""
        return {
            "type": "website",
            "title": self.site.name,
            "description": self.description,
            "url": None,
            "card": self.site_card,
        }

    def record_content_date(self, page: Page, kind: PageKind | None) -> None:
        """The date of the page's own content, for the sitemap's `lastmod` (the
        generator's sitemap.xml prints it); none when the page has no date of its own:
        the build's day would say every page changed at every build. Never after the
        build's day (a preview with scheduled episodes)."""
        site = self.site
        dates: list[dt.date] = []
        if isinstance(kind, EpisodePage):
            dates = [kind.view.episode.date]
        elif isinstance(kind, ListPage | ThemePage):
            dates = [e.date for e in kind.index_page.episodes]
        elif isinstance(kind, ThemesPage):
            dates = [site.series.latest.date] if site.series.latest else []
        elif kind is None:
            doctrine = site.check.doctrine.get(page.file.src_uri)
            if doctrine is not None:
                dates = [doctrine.reviewed]
            elif isinstance(page.meta.get("date"), dt.date):
                dates = [page.meta["date"]]
            if page.is_homepage and site.series.latest:
                # The home page shows the latest episode.
                dates.append(site.series.latest.date)
        if dates:
            self.lastmod[page.file.src_uri] = min(max(dates), site.today).isoformat()


def _plain(value: object) -> str:
    """A title or description as text: front matter arrives escaped (Markup)."""
    return html.unescape(str(value)).strip() if value else ""
