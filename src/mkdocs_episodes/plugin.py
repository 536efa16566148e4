"""The MkDocs adapter: a thin plugin over the core.

It reads its settings, asks the core for the series, adds the generated pages and
media as virtual files (nothing is written into `docs/`), hands views to the
templates, and watches `episodes/` under `mkdocs serve`. Everything about episodes
themselves lives in `mkdocs_episodes.core`.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import posixpath
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import click
from jinja2 import Environment
from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from mkdocs_episodes.budget import (
    Budget,
    PageWeight,
    csv_table,
    measure_site,
    parse_html,
    summary_table,
)
from mkdocs_episodes.core import EpisodeError, Series
from mkdocs_episodes.core.datafiles import (
    RESOURCE_TYPES,
    Network,
    ResourceCatalogue,
    partial_date_text,
)
from mkdocs_episodes.core.doctrine import DoctrineMeta
from mkdocs_episodes.core.feeds import (
    Channel,
    Media,
    PublishedEpisode,
    api,
    atom,
    chapters_json,
    json_feed,
    rss,
)
from mkdocs_episodes.core.french import long_date
from mkdocs_episodes.core.links import doc_link_problems, doc_links
from mkdocs_episodes.core.loader import read_files
from mkdocs_episodes.core.model import SLUG_PATTERN, Episode
from mkdocs_episodes.core.series import IndexPage, page_url, page_window
from mkdocs_episodes.core.structured import episode_graph
from mkdocs_episodes.core.timecode import clock
from mkdocs_episodes.core.transcript import ChapterMark
from mkdocs_episodes.core.urls import check_urls, read_list, redirect_page, write_list
from mkdocs_episodes.core.views import EpisodeView, ImageSize, PosterImage
from mkdocs_episodes.core.yaml_source import FieldPath
from mkdocs_episodes.images import ImageError, poster_variants
from mkdocs_episodes.postbuild import (
    CHAPTERS_FILE,
    Pagefind,
    compress,
    compress_file,
    compressed_at_build,
    content_security_policy,
    inline_script_hashes,
    parse_site,
    prune_unused,
    write_security_headers,
)
from mkdocs_episodes.sanitize import fill_markers, markdown_table_html, sanitize_html
from mkdocs_episodes.site_checks import check_site, paris_today
from mkdocs_episodes.squeeze import squeeze_html
from mkdocs_episodes.template_cache import TemplateCache
from mkdocs_episodes.workers import TranscriptJob, Workers, transcript_html

if TYPE_CHECKING:
    # Only `mkdocs serve` starts a live-reload server: a build need not import it.
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.episodes")

TEMPLATES_DIR = Path(__file__).parent / "templates"
STYLESHEET = "assets/episodes/episodes.css"
SCRIPT = "assets/episodes/episodes.js"
EMBED_STYLESHEET = "assets/episodes/embed.css"
CITATIONS_SHOWN = 5
MEASURES_MARKER = "<!-- episodes:mesures -->"
# Where an episode page's transcript goes, rendered by the core rather than by MkDocs.
TRANSCRIPT_MARKER = "<!-- episodes:transcription -->"
# From this many episodes on, worker processes pay for their start.
WORKERS_FROM_EPISODES = 50
# The share of the episode files this process reads, the workers reading the rest.
READ_HERE = 0.7
# Generated pages that list others and are no search content (their templates have no
# `data-pagefind-body`).
LIST_KINDS = {"index", "search", "themes", "theme"}
# A build keeps hundreds of thousands of objects alive (episodes, pages, navigation) and
# makes little cyclic garbage: at CPython's default thresholds, the collector walked them
# all over again for more than a second of a thousand-episode build. Raised for the
# build, as mypy does for the same reason, and put back after it (`mkdocs serve` lives on).
BUILD_GC_THRESHOLDS = (50_000, 50, 100)
CONFORMITY = {
    "non": "non conforme",
    "partiellement": "partiellement conforme",
    "totalement": "totalement conforme",
}


class BudgetConfig(Config):
    requests = c.Type(int, default=10)
    size_kb = c.Type((int, float), default=120)
    ecoindex = c.Type((int, float), default=85)


class EpisodesConfig(Config):
    episodes_dir = c.Type(str, default="episodes")
    # Doctrine pages (in docs/): validated front matter, review date, citing episodes.
    doctrine_dir = c.Type(str, default="doctrine")
    # Shared resources and the referents' network, as data files ("" for none).
    resources_file = c.Type(str, default="donnees/ressources.yml")
    network_file = c.Type(str, default="donnees/reseau.yml")
    # Resized posters and compiled templates are kept here between builds (relative to
    # mkdocs.yml).
    cache_dir = c.Type(str, default=".cache/episodes")
    themes = c.Type(dict, default={})
    per_page = c.Type(int, default=12)
    per_theme_page = c.Type(int, default=20)
    # Atom, JSON Feed and theme feeds carry the latest episodes only: readers poll them
    # again and again. The podcast feed and the API list every episode.
    feed_items = c.Type(int, default=50)
    # Processes that share the build's work: "auto" (one per core but one, at least one,
    # from 50 episodes on) or a number (0: none).
    workers = c.Type((int, str), default="auto")
    drafts = c.Type(bool, default=False)
    # Every published URL, committed; a URL that disappears without a redirect fails
    # the build. The build adds new URLs to it.
    url_list = c.Type(str, default="urls.txt")
    # Moved pages: old site-relative URL → new one, each served as a static redirect.
    redirects = c.Type(dict, default={})
    # Named as the author of the feeds (default: the site's name).
    author = c.Type(str, default="")
    # Pagefind, run after the build; its files load only when a visitor searches.
    search = c.Type(bool, default=True)
    # Per page, before any interaction: checked by `episodes budget`, published in the
    # eco-design statement.
    budget = c.SubConfig(BudgetConfig)


class SeriesFile(File):
    """A file of the series (captions, posters, feeds, data, redirects) that the workers
    write, with its compressed copy, while MkDocs renders pages. MkDocs would copy each
    one in its own process before the first page: 2,000 files at 1,000 episodes."""

    workers: Workers | None = None

    def copy_file(self, dirty: bool = False) -> None:
        if self.workers is None:
            super().copy_file(dirty)
        elif not dirty or self.is_modified():
            source = self.abs_src_path
            self.workers.publish(
                Path(self.abs_dest_path),
                Path(source) if source else self.content_bytes,
                compressed=compressed_at_build(Path(self.dest_uri)),
            )


# What a converted page's HTML holds that would depend on where the page is: a link or
# a source other than an anchor of the page itself, or a title of its own.
_PLACED = re.compile(r'(?:href|src)="(?!#)|<h1[\s>]')


class GeneratedPage(Page):
    """A page outside the navigation that the series generates (an episode, a list):
    pages of the same Markdown text share one conversion. A thousand episode pages
    without show notes would otherwise each pay for a Markdown converter, for the same
    heading and nothing else."""

    def __init__(self, file: File, config: MkDocsConfig, converted: dict[str, Any]) -> None:
        super().__init__(None, file, config)
        self._converted = converted

    def render(self, config: MkDocsConfig, files: Files) -> None:
        text = self.markdown or ""
        done = self._converted.get(text)
        if done is None:
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


class EpisodesPlugin(BasePlugin[EpisodesConfig]):
    """Turns `episodes/*.yml` into episode pages, a paginated index and theme pages."""

    # The instance persists across `mkdocs serve` rebuilds (it defines on_startup): state
    # is reset in on_config, except the last valid series kept for the preview.
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._doctrine: dict[str, DoctrineMeta] = {}
        self._resources: ResourceCatalogue | None = None
        self._network: Network | None = None
        self._serving = False
        self._building = False
        self._last_good: Series | None = None
        self._reset()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance alive across serve rebuilds.
        self._serving = command == "serve"
        # `mkdocs build` ends with the build: this process may then yield to Pagefind
        # for good (a process cannot take its priority back). `mkdocs serve --clean`
        # says "build" too, but serves on: the command line tells them apart.
        context = click.get_current_context(silent=True)
        self._building = command == "build" and context is not None and context.info_name == "build"

    def on_shutdown(self) -> None:
        # The process ends now. At exit, CPython would look for garbage once more among
        # every object the build left alive (over half a second at 1,000 episodes)
        # before the process's end frees them anyway.
        gc.freeze()

    def _reset(self) -> None:
        self.series: Series | None = None
        self.root = Path.cwd()
        self._views: dict[str, EpisodeView] = {}
        self._page_views: dict[str, Any] = {}
        self._page_files: dict[str, File] = {}
        self._media_files: dict[tuple[str, FieldPath], File] = {}
        self._posters: dict[str, PosterImage] = {}
        self._published: dict[str, PublishedEpisode] = {}
        self._public_files: list[str] = []
        self._measures_pages: list[Path] = []
        self._embed_uris: dict[str, str] = {}
        self._env: Environment | None = None
        self._theme_files: list[Path] = []
        self._assets: dict[str, str] = {}
        self.weights: list[PageWeight] = []
        self._files: Files | None = None
        self._workers: Workers | None = None
        # The page MkDocs wrote last: handed to the workers once it is on disk.
        self._last_page: Path | None = None
        # Pages that may be search content (all but the generated lists), not yet on
        # disk: once none is left, Pagefind starts while MkDocs writes the lists.
        self._unwritten_content: set[Path] = set()
        self._pagefind: Pagefind | None = None
        # The collector's thresholds before the build, while they are raised.
        self._gc_thresholds: tuple[int, int, int] | None = None
        # Generated pages' Markdown, converted once per text (GeneratedPage).
        self._converted: dict[str, Any] = {}

    # -- configuration ------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self._check_settings()
        # After the site's overrides and the theme: a site can override any of our templates.
        config.theme.dirs.append(str(TEMPLATES_DIR))
        # Our stylesheet and our one script (player, chapters, transcript, search), under
        # names that change with their content, so that hosts may cache them for a year.
        self._assets = {uri: _fingerprinted(uri) for uri in (STYLESHEET, SCRIPT, EMBED_STYLESHEET)}
        stylesheet, script_uri = self._assets[STYLESHEET], self._assets[SCRIPT]
        if stylesheet not in config.extra_css:
            config.extra_css.append(stylesheet)
        if script_uri not in [str(script) for script in config.extra_javascript]:
            script = ExtraScriptValue(script_uri)
            script.defer = True
            config.extra_javascript.append(script)
        return config

    def _check_settings(self) -> None:
        themes = self.config.themes
        bad = [key for key in themes if not isinstance(key, str) or not re.match(SLUG_PATTERN, key)]
        bad += [key for key, label in themes.items() if not isinstance(label, str) or not label]
        if bad:
            raise PluginError(
                f"mkdocs.yml: plugins.episodes.themes: thème « {bad[0]} » invalide : attendu "
                "identifiant: libellé, par exemple « sobriete: Sobriété numérique »"
            )
        workers = self.config.workers
        if workers != "auto" and not (isinstance(workers, int) and workers >= 0):
            raise PluginError(
                "mkdocs.yml: plugins.episodes.workers: « auto » ou un nombre (0 : aucun) attendu"
            )
        for name in ("per_page", "per_theme_page", "feed_items"):
            if self.config[name] < 1:
                raise PluginError(f"mkdocs.yml: plugins.episodes.{name}: nombre positif attendu")

    @property
    def episodes_dir(self) -> Path:
        return self.root / self.config.episodes_dir

    # -- files: the series and its generated pages --------------------------------------

    # Checked before MkDocs cleans the output folder: under `mkdocs serve`, an invalid
    # episode leaves the last good site in place while the error is shown.
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self._gc_thresholds is None:
            self._gc_thresholds = gc.get_threshold()
            gc.set_threshold(*BUILD_GC_THRESHOLDS)
        # Started first: worker processes get ready while the episodes are read.
        self._workers = Workers(self._worker_count())
        if self._workers.processes:
            log.info(f"Construction partagée avec {self._workers.processes} processus de plus")
        self._last_page = None
        workers = self._workers
        checked = check_site(
            config,
            self.config,
            self._prepare_transcript,
            # Episode files are read here and in the workers at once; this process reads
            # the larger share, so that the workers soon turn to the transcripts, which
            # MkDocs waits for once it converts the pages.
            lambda paths, root: workers.share(read_files, paths, root, here=READ_HERE),
        )
        if checked.errors:
            report = _report(EpisodeError(checked.errors))
            if not (self._serving and self._last_good):
                raise PluginError(report)
            # Under `mkdocs serve`, a failed build would freeze the preview until the file
            # is fixed: keep showing the last valid episodes, and say what is wrong.
            # Printed rather than logged, so that `--strict` does not turn it into a
            # failed build after all.
            print(
                f"{report}\nLe site servi garde la dernière version valide des épisodes.",
                file=sys.stderr,
            )
            self.series = self._last_good
            # Transcripts as the last valid episodes have them, not as just read.
            self._workers.close()
            self._workers = Workers(0)
            for episode in self.series.episodes:
                self._prepare_transcript(episode)
            return
        for warning in checked.warnings:
            log.info(warning.format())
        self.series = checked.series
        self._last_good = checked.series
        self._doctrine = checked.doctrine
        self._resources = checked.resources
        self._network = checked.network

    def _worker_count(self) -> int:
        """Worker processes for this build: none for a small series, where starting
        them would cost more than they save."""
        setting = self.config.workers
        if setting != "auto":
            return int(setting)
        episodes = sum(1 for _ in self.episodes_dir.glob("*.y*ml"))
        # One core stays with MkDocs.
        return max(1, (os.cpu_count() or 1) - 1) if episodes >= WORKERS_FROM_EPISODES else 0

    def _prepare_transcript(self, episode: Episode) -> None:
        """Render a transcript on another core as soon as its episode is read: it is
        ready when MkDocs reaches the page."""
        if self._workers is not None and episode.transcript_markdown:
            self._workers.prepare_transcript(episode.slug, _transcript_job(episode))

    # Before mkdocs-redirects and other plugins (priority 0) read the file list.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.series is not None
        self._files = files
        # Theme files a page never uses (search workers, unused scripts) are pruned after
        # the build: the site ships only what its pages load.
        theme_dirs = tuple(str(Path(d).resolve()) for d in config.theme.dirs)
        self._theme_files = [
            Path(file.abs_dest_path)
            for file in files.media_files()
            if file.abs_src_path and str(Path(file.abs_src_path).resolve()).startswith(theme_dirs)
        ]
        for source, uri in self._assets.items():
            if files.get_file_from_path(uri) is None:
                files.append(self._series_file(config, uri, TEMPLATES_DIR / source))
        self._add_episode_files(files, config)
        self._add_index_files(files, config)
        self._add_publications(files, config)
        self._check_published_urls(files, config)
        return files

    def _series_file(self, config: MkDocsConfig, uri: str, content: str | Path) -> SeriesFile:
        """A file published at `uri`: `content`, or a copy of the file it names."""
        if isinstance(content, Path):
            file = SeriesFile.generated(config, uri, abs_src_path=str(content))
        else:
            file = SeriesFile.generated(config, uri, content=content)
        file.workers = self._workers
        return file

    def _check_published_urls(self, files: Files, config: MkDocsConfig) -> None:
        """Fail when a published URL would vanish without a redirect; record new ones."""
        redirects = {_url(k): _url(v) for k, v in self.config.redirects.items()}
        current = {
            "/" + file.url.removeprefix("./")
            for file in files
            # Pages 2, 3… of lists shift as episodes come: not addresses to keep.
            if file.is_documentation_page() and not re.search(r"(^|/)page/\d+/$", file.url)
        } | {"/" + uri for uri in self._public_files}
        path = self.root / self.config.url_list
        checked = check_urls(read_list(path), current, redirects)
        problems = checked.redirect_problems + [
            f"adresse publiée supprimée sans redirection : {url} ; déclarez où elle mène dans "
            f"mkdocs.yml (plugins > episodes > redirects), par exemple « {url}: /nouvelle-adresse/ »"
            for url in checked.missing
        ]
        if problems:
            raise PluginError(f"{self.config.url_list} :\n" + "\n".join(problems))
        for source, target in redirects.items():
            relative = posixpath.relpath(target, source) + ("/" if target.endswith("/") else "")
            uri = source.strip("/") + "/index.html" if source.endswith("/") else source.strip("/")
            page = redirect_page(urljoin(config.site_url or "", target.lstrip("/")), relative)
            files.append(self._series_file(config, uri, page))
        # A preview with drafts shows URLs that are not published yet: record nothing.
        if checked.added and not self.config.drafts:
            write_list(path, [*read_list(path), *checked.added])
            log.info(
                f"{len(checked.added)} nouvelle(s) adresse(s) ajoutée(s) à {self.config.url_list} : committez-le"
            )

    def _add_publications(self, files: Files, config: MkDocsConfig) -> None:
        """Embed pages, JSON chapters, feeds (series and themes) and the open-data API."""
        assert self.series is not None
        if not config.site_url:
            raise PluginError(
                "mkdocs.yml : site_url est requis (adresse publique du site, par exemple "
                "https://serie.example.gouv.fr/) : flux et données structurées en ont besoin"
            )
        site_url = config.site_url

        def absolute(url: str) -> str:
            return urljoin(site_url, url)

        def add_static(uri: str, content: str) -> File:
            file = self._series_file(config, uri, content)
            files.append(file)
            self._public_files.append(uri)
            return file

        items: list[PublishedEpisode] = []
        for episode in self.series.newest_first:
            view = self._views[episode.slug]
            # Embed pages are rendered after the build, outside MkDocs' page pipeline: a
            # thousand of them would otherwise each pay for a Markdown converter.
            embed_uri = f"episodes/{episode.slug}/embed/"
            if not config.use_directory_urls:
                embed_uri += "index.html"
            self._public_files.append(embed_uri)
            self._embed_uris[episode.slug] = embed_uri
            videos = [Media(absolute(r.url), r.type, r.size, r.height) for r in view.renditions]
            audio = view.audio
            sound = Media(absolute(audio.url), audio.type, audio.size) if audio else None
            item = PublishedEpisode(
                episode,
                url=absolute(view.url),
                image=absolute(view.poster.sizes[-1].url),
                embed_page=absolute(embed_uri),
                captions=[(absolute(track.url), track.lang) for track in view.captions],
                # Podcast apps play the sound alone when there is one: lighter.
                enclosure=sound or (videos[0] if videos else None),
                videos=videos,
                audio=sound,
                themes=[(t, self.series.theme_label(t)) for t in episode.themes],
            )
            if episode.chapters:
                chapters = add_static(
                    f"episodes/{episode.slug}/{CHAPTERS_FILE}", chapters_json(item)
                )
                item = replace(item, chapters_json=absolute(chapters.url))
            self._published[episode.slug] = item
            items.append(item)

        def channel(title: str, base: str) -> Channel:
            return Channel(
                title=title,
                description=config.site_description or title,
                home=absolute(self._file_url(f"{base}index.md")),
                language="fr",
                author=self.config.author or config.site_name,
                image=items[0].image if items else None,
                rss_url=absolute(f"{base}feed.xml"),
                atom_url=absolute(f"{base}atom.xml"),
                json_url=absolute(f"{base}feed.json"),
            )

        series = channel(config.site_name, "episodes/")
        latest = self.config.feed_items
        # Podcast apps show what the feed holds: the podcast feed keeps every episode.
        add_static("episodes/feed.xml", rss(series, items))
        add_static("episodes/atom.xml", atom(series, items[:latest]))
        add_static("episodes/feed.json", json_feed(series, items[:latest]))
        add_static("api/episodes.json", api(series, items))
        for slug, label, _episodes in self.series.themes():
            themed = [item for item in items if slug in item.episode.themes][:latest]
            add_static(
                f"themes/{slug}/feed.xml",
                rss(channel(f"{config.site_name} : {label}", f"themes/{slug}/"), themed),
            )

    def _add_generated(
        self, files: Files, config: MkDocsConfig, uri: str, content: str, listed: bool
    ) -> File:
        if files.get_file_from_path(uri) is not None:
            raise PluginError(
                f"docs/{uri} : ce fichier occupe l'adresse d'une page générée par la série ; "
                "renommez-le ou déplacez-le"
            )
        inclusion = InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, uri, content=content, inclusion=inclusion)
        if not listed:
            # A page in the navigation gets its title there: MkDocs makes it.
            GeneratedPage(file, config, self._converted)
        files.append(file)
        return file

    def _add_episode_files(self, files: Files, config: MkDocsConfig) -> None:
        assert self.series is not None
        for episode in self.series.episodes:
            uri = f"episodes/{episode.slug}/index.md"
            self._page_files[episode.slug] = self._add_generated(
                files, config, uri, _episode_markdown(episode), listed=False
            )
            # Side files are published beside the page; the loader made sure names differ.
            for loc, source in episode.origin.side_files.items():
                if loc[0] == "transcript":
                    continue
                if loc == ("poster",):
                    self._posters[episode.slug] = self._add_poster(files, config, episode, source)
                    continue
                media_uri = f"episodes/{episode.slug}/{source.name}"
                file = files.get_file_from_path(media_uri)
                if file is None:
                    file = self._series_file(config, media_uri, source)
                    files.append(file)
                self._media_files[(episode.slug, loc)] = file
        for episode in self.series.episodes:
            self._views[episode.slug] = self._view(episode)
        for slug, file in self._page_files.items():
            self._page_views[file.src_uri] = ("episode", self._views[slug])

    def _add_poster(
        self, files: Files, config: MkDocsConfig, episode: Episode, source: Path
    ) -> PosterImage:
        """The poster as WebP in the widths pages ask for, instead of the source image."""
        try:
            variants = poster_variants(source, self.root / self.config.cache_dir / "posters")
        except ImageError as error:
            raise PluginError(
                _report(EpisodeError([episode.origin.problem(("poster",), str(error))]))
            ) from None
        sizes = []
        for variant in variants:
            # Published under the image's hash: a poster shared by several episodes is
            # stored once, and its name changes whenever the image does.
            digest = variant.path.name.split("-", 1)[0][:10]
            uri = f"assets/posters/{source.stem}-{variant.width}.{digest}.webp"
            file = files.get_file_from_path(uri)
            if file is None:
                file = self._series_file(config, uri, variant.path)
                files.append(file)
            sizes.append((file, variant))
        return PosterImage([ImageSize(file.url, v.width, v.height) for file, v in sizes])

    def _add_index_files(self, files: Files, config: MkDocsConfig) -> None:
        assert self.series is not None
        # Search content first: MkDocs writes pages in this order, and Pagefind starts
        # once the last of them is on disk, while the lists below are written.
        if self._resources is not None:
            self._add_generated(files, config, "ressources/index.md", "", listed=True)
            self._page_views["ressources/index.md"] = ("resources", None)
        if self._network is not None:
            self._add_generated(files, config, "reseau/index.md", "", listed=True)
            self._page_views["reseau/index.md"] = ("network", None)
        for index_page in self.series.index_pages():
            uri = f"{index_page.url}index.md"
            self._add_generated(files, config, uri, "", listed=index_page.number == 1)
            self._page_views[uri] = ("index", index_page)
        if self.config.search:
            self._add_generated(files, config, "recherche/index.md", "", listed=False)
            self._page_views["recherche/index.md"] = ("search", None)
        self._add_generated(files, config, "themes/index.md", "", listed=True)
        self._page_views["themes/index.md"] = ("themes", None)
        for slug, _label, _episodes in self.series.themes():
            for theme_page in self.series.theme_pages(slug):
                uri = f"{theme_page.url}index.md"
                self._add_generated(files, config, uri, "", listed=False)
                self._page_views[uri] = ("theme", (slug, theme_page))

    # -- views handed to templates --------------------------------------------------------

    def _view(self, episode: Episode) -> EpisodeView:
        assert self.series is not None
        return EpisodeView(
            episode,
            self.series,
            page_url=lambda e: self._page_files[e.slug].url,
            media_url=lambda e, loc: self._media_files[(e.slug, loc)].url,
            doc_link=self._doc_link,
            theme_url=lambda theme: self._file_url(f"themes/{theme}/index.md"),
            poster_image=lambda e: self._posters[e.slug],
            resource_link=self._resource_link,
        )

    def _file_url(self, uri: str) -> str:
        assert self._files is not None
        file = self._files.get_file_from_path(uri)
        assert file is not None, uri
        return file.url

    def _doc_link(self, link: str) -> tuple[str, str]:
        assert self._files is not None
        path, _, anchor = link.partition("#")
        file = self._files.get_file_from_path(path)
        assert file is not None, link
        page = file.page
        title = (page.title if page else None) or path
        if anchor and page is not None:
            # A link to a section reads as "Page : Section", not as the page twice.
            section = _find_heading(page.toc, anchor)
            if section:
                title = f"{title} : {section}"
        return file.url + (f"#{anchor}" if anchor else ""), title

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        kind_and_view = self._page_views.get(page.file.src_uri)
        if kind_and_view is None:
            if page.file.src_uri in self._doctrine:
                page.meta.setdefault("template", "episodes/doctrine.html")
            return markdown
        kind, view = kind_and_view
        assert self.series is not None
        templates = {
            "episode": "episodes/episode.html",
            "index": "episodes/index.html",
            "themes": "episodes/themes.html",
            "theme": "episodes/theme.html",
            "search": "episodes/search.html",
            "resources": "episodes/resources.html",
            "network": "episodes/network.html",
        }
        page.meta["template"] = templates[kind]
        if kind == "episode":
            title = view.heading
            page.meta["description"] = escape(view.summary)
        elif kind == "index":
            title = "Les épisodes"
            if view.number > 1:
                title += f", page {view.number} sur {view.count}"
        elif kind == "themes":
            title = "Les thèmes"
        elif kind == "search":
            title = "Rechercher"
        elif kind == "resources":
            title = "Ressources"
        elif kind == "network":
            title = "Le réseau des référents"
        else:
            slug, theme_page = view
            title = f"Thème : {self.series.theme_label(slug)}"
            if theme_page.number > 1:
                title += f", page {theme_page.number} sur {theme_page.count}"
        # Material prints page.meta.title and .description unescaped: hand it escaped
        # Markup, which also keeps autoescaping templates from escaping it twice.
        page.meta["title"] = escape(title)
        return markdown

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # All pages are rendered by now: check doctrine anchors against what MkDocs made
        # of them, in case another plugin changed a page after our early check.
        assert self.series is not None

        def rendered_anchors(path: str) -> set[str] | None:
            file = files.get_file_from_path(path)
            if file is None or file.page is None:
                return None
            return set(file.page.present_anchor_ids or ())

        problems = doc_link_problems(self.series.episodes, rendered_anchors)
        if problems:
            raise PluginError(_report(EpisodeError(problems)))
        self._unwritten_content = {
            Path(file.abs_dest_path)
            for file in files.documentation_pages()
            if self._page_views.get(file.src_uri, ("",))[0] not in LIST_KINDS
        }
        env.globals["episodes_series"] = self._series_context()
        env.globals["episodes_sidebars_key"] = sidebars_key
        env.globals["episodes_sidebars"] = {}
        # JSON-LD compact and in UTF-8 rather than \u escapes (`tojson` still escapes <, >,
        # & and ').
        env.policies["json.dumps_kwargs"] = {
            "sort_keys": True,
            "ensure_ascii": False,
            "separators": (",", ":"),
        }
        env.bytecode_cache = TemplateCache(self.root / self.config.cache_dir / "templates")
        self._env = env
        return env

    def _render_embed_pages(self, config: MkDocsConfig) -> dict[Path, bytes]:
        """Each episode alone, for intranets' iframes: a template, no theme assets."""
        assert self.series is not None and self._env is not None
        template = self._env.get_template("episodes/embed.html")
        pages = {}
        for episode in self.series.episodes:
            uri = self._embed_uris[episode.slug]
            target = Path(config.site_dir) / uri.removesuffix("index.html") / "index.html"
            context = {
                "config": config,
                "page": None,
                # The `url` filter makes site-relative addresses relative to this page.
                "base_url": "/".join([".."] * uri.count("/")),
                "episode": self._views[episode.slug],
                "published": self._published[episode.slug],
                "embed_stylesheet": self._assets[EMBED_STYLESHEET],
                "embed_script": self._assets[SCRIPT],
            }
            pages[target] = squeeze_html(template.render(context)).encode("utf-8")
        return pages

    def _series_context(self) -> dict[str, Any]:
        assert self.series is not None
        latest = self.series.latest
        return {
            "latest": self._views[latest.slug] if latest else None,
            "count": len(self.series.episodes),
            "index_url": self._file_url("episodes/index.md"),
            "feeds": {
                "rss": "episodes/feed.xml",
                "atom": "episodes/atom.xml",
                "json": "episodes/feed.json",
                "api": "api/episodes.json",
            },
            "themes_url": self._file_url("themes/index.md"),
            "themes": [
                (self._file_url(f"themes/{slug}/index.md"), label, len(episodes))
                for slug, label, episodes in self.series.themes()
            ],
        }

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        kind_and_view = self._page_views.get(page.file.src_uri)
        if kind_and_view is None:
            meta = self._doctrine.get(page.file.src_uri)
            if meta is not None:
                context["doctrine"] = meta
                context["reviewed_text"] = long_date(meta.reviewed)
                context.update(self._citations(page.file.src_uri, page))
            return context
        assert self.series is not None
        kind, view = kind_and_view
        if kind == "episode":
            published = self._published[view.slug]
            context["published"] = published
            context["structured_data"] = episode_graph(
                published,
                config.site_name,
                urljoin(config.site_url or "", self._file_url("episodes/index.md")),
                config.site_url or "",
            )
            previous = self.series.previous(view.episode)
            following = self.series.next(view.episode)
            context["episode"] = view
            context["previous_episode"] = self._views[previous.slug] if previous else None
            context["next_episode"] = self._views[following.slug] if following else None
        elif kind == "index":
            context.update(self._list_context(view))
        elif kind == "resources":
            context.update(self._resources_context())
        elif kind == "network":
            context.update(self._network_context())
        elif kind == "theme":
            slug, theme_page = view
            context["theme_label"] = self.series.theme_label(slug)
            context["theme_feed"] = f"themes/{slug}/feed.xml"
            context.update(self._list_context(theme_page))
        return context

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        kind_and_view = self._page_views.get(page.file.src_uri)
        if kind_and_view is not None and kind_and_view[0] == "episode":
            # The chapters list is the page's table of contents; Material's sidebar copy
            # of the transcript's headings would only add weight to every episode page.
            page.toc = get_toc([])
            return self._episode_body(kind_and_view[1], html)
        if MEASURES_MARKER in html:
            # Filled after the build, once every page has been measured.
            self._measures_pages.append(Path(page.file.abs_dest_path))
        return fill_markers(html, self._markers(config))

    def _episode_body(self, view: EpisodeView, html: str) -> str:
        """Show notes from MkDocs, then the transcript with its times and chapters."""
        notes, marker, rest = html.rpartition(TRANSCRIPT_MARKER)
        if not marker:
            return sanitize_html(html)
        prepared = self._workers.transcript(view.slug) if self._workers else None
        if prepared is None:
            # Not handed to the workers: rendered here rather than left out of the page.
            prepared = transcript_html(*_transcript_job(view.episode))
        return sanitize_html(notes) + prepared + sanitize_html(rest)

    def _markers(self, config: MkDocsConfig) -> dict[str, str]:
        """Values that the site's own pages may show with `<!-- episodes:name -->`."""
        budget = self.config.budget
        status = str(config.extra.get("accessibilite", "non"))
        return {
            "conformite": str(escape(CONFORMITY.get(status, status))),
            "budget": str(
                escape(
                    f"au plus {budget.requests} requêtes et {budget.size_kb:g} ko transférés "
                    f"par page avant toute interaction, et un EcoIndex d'au moins "
                    f"{budget.ecoindex:g} sur 100"
                )
            ),
            "episodes": str(len(self.series.episodes)) if self.series else "0",
        }

    # -- after the build: prune, index, secure, compress, measure ---------------------------

    # Last, once other plugins have had their say: the page is final.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        output = squeeze_html(output)
        # MkDocs writes this page after this event: the previous one is on disk.
        if self._last_page is not None:
            self._written(self._last_page, config)
        self._last_page = Path(page.file.abs_dest_path)
        return output

    def _written(self, page: Path, config: MkDocsConfig) -> None:
        if self._workers is not None:
            self._workers.written(page)
        self._unwritten_content.discard(page)
        if not self._unwritten_content:
            self._start_search(config)

    def _start_search(self, config: MkDocsConfig) -> None:
        """Pagefind reads the site once every page it indexes is on disk: a list page
        written while it reads has no `data-pagefind-body`, and it skips it either way."""
        if self.config.search and self._pagefind is None:
            # Material reads `theme.language`; MkDocs' own themes read `theme.locale`.
            language = str(config.theme.get("language") or config.theme.locale or "fr")[:2]
            self._pagefind = Pagefind(Path(config.site_dir), language)
            if self._building and hasattr(os, "nice"):
                # Pagefind indexes on every core, then writes its files on one. What this
                # process has left (the lists, the post-build) now runs in the gaps it
                # leaves rather than slowing it down: a second less at 1,000 episodes.
                with contextlib.suppress(OSError):
                    os.nice(19)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        # The theme's own pages, such as 404.html.
        return squeeze_html(output_content) if template_name.endswith(".html") else output_content

    def _end_build(self) -> None:
        """However the build ends: no worker nor Pagefind left running, the collector's
        thresholds as they were."""
        if self._workers is not None:
            self._workers.close()
            self._workers = None
        if self._pagefind is not None:
            self._pagefind.stop()
            self._pagefind = None
        if self._gc_thresholds is not None:
            gc.set_threshold(*self._gc_thresholds)
            self._gc_thresholds = None

    def on_build_error(self, *, error: Exception) -> None:
        self._end_build()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.series is not None
        site = Path(config.site_dir)
        if self._last_page is not None:
            self._written(self._last_page, config)
        # Started here at the latest: when a page was left unbuilt (`--dirty`), or the
        # last page MkDocs wrote was search content.
        self._start_search(config)
        pagefind = self._pagefind
        workers = self._workers or Workers(0)
        try:
            # Embed pages are written now, by the workers, once Pagefind has listed the
            # site's pages: fewer files for it to read. They are no search content (no
            # `data-pagefind-body`), so it would skip them either way.
            embeds = self._render_embed_pages(config)
            for path, data in embeds.items():
                workers.publish(path, data, compressed=True)
            # Each page is read once, mostly by the workers as it was written: for
            # pruning, the CSP hashes and the measurements.
            compressed, read = workers.finish()
            parsed = parse_site(site, read)
            parsed.update({path: parse_html(data) for path, data in embeds.items()})
            prune_unused(site, self._theme_files, parsed)
            frames = {origin for e in self.series.episodes if (origin := e.video.host_origin)}
            hashes = inline_script_hashes(site, parsed)
            write_security_headers(
                site,
                content_security_policy(hashes, frames),
                content_security_policy(hashes, frames, frame_ancestors="https:"),
            )
            compress(site, done=compressed, exclude="pagefind")
            # Figures of this very build, for the eco-design statement, taken while
            # Pagefind indexes: no page loads the search bundle before interaction.
            self.weights = measure_site(site, parsed)
            if pagefind is not None:
                pagefind.finish(workers.share)
                compress(site / "pagefind")
        except RuntimeError as error:
            raise PluginError(str(error)) from None
        finally:
            self._end_build()
        budget = self.config.budget
        limits = Budget(budget.requests, budget.size_kb, budget.ecoindex)
        measured = markdown_table_html(summary_table(self.weights, limits))
        for page in self._measures_pages:
            # Every page's figures go to a CSV file beside the statement: a table of
            # every page would itself weigh too much.
            (page.parent / "mesures.csv").write_text(csv_table(self.weights), encoding="utf-8")
            compress_file(page.parent / "mesures.csv")
            link = '<p><a href="mesures.csv" download>Les mesures de chaque page (CSV)</a></p>'
            text = page.read_text(encoding="utf-8")
            page.write_text(text.replace(MEASURES_MARKER, measured + link), encoding="utf-8")
            compress_file(page)

    def _list_context(self, index_page: IndexPage) -> dict[str, Any]:
        """Cards and a short pagination for a page of the series or of a theme."""

        def url(target: str | None) -> str | None:
            return self._file_url(f"{target}index.md") if target else None

        return {
            "index_page": index_page,
            "cards": [self._views[e.slug] for e in index_page.episodes],
            "pages": [
                (number, url(page_url(number, index_page.base)) if number else None)
                for number in page_window(index_page.number, index_page.count)
            ],
            "previous_page_url": url(index_page.previous_url),
            "next_page_url": url(index_page.next_url),
        }

    def _resources_context(self) -> dict[str, Any]:
        """Resources by type, each with the episodes that cite it (by ref or by URL)."""
        assert self._resources is not None and self.series is not None
        cited: dict[str, list[EpisodeView]] = {}
        for episode in self.series.newest_first:
            for resource in episode.resources:
                key = resource.ref or next(
                    (e.id for e in self._resources.resources if e.url == resource.url), None
                )
                if key:
                    cited.setdefault(key, []).append(self._views[episode.slug])
        sections = []
        for kind, label in RESOURCE_TYPES.items():
            entries = [e for e in self._resources.resources if e.type == kind]
            if entries:
                sections.append((kind, label, entries))
        themes = [
            (slug, label, [e for e in self._resources.resources if slug in e.themes])
            for slug, label in self.config.themes.items()
        ]
        return {
            "resource_sections": sections,
            "resource_themes": [t for t in themes if t[2]],
            "cited_by": cited,
            "theme_labels": dict(self.config.themes),
            "date_text": partial_date_text,
        }

    def _network_context(self) -> dict[str, Any]:
        assert self._network is not None
        today = paris_today()
        meetings = sorted(self._network.meetings, key=lambda m: m.date)
        replays = {}
        for meeting in meetings:
            if meeting.replay and "://" not in meeting.replay and meeting.replay in self._views:
                replays[meeting.replay] = self._views[meeting.replay].url
        return {
            "ministries": sorted(self._network.ministries, key=lambda m: m.name),
            "upcoming": [m for m in meetings if m.date >= today],
            "past": list(reversed([m for m in meetings if m.date < today])),
            "replays": replays,
            "long_date": long_date,
        }

    def _resource_link(self, ref: str) -> tuple[str, str, str]:
        """Title, outside address and anchor on the resources page of a shared resource."""
        assert self._resources is not None
        entry = next(e for e in self._resources.resources if e.id == ref)
        return (
            entry.title,
            str(entry.url),
            f"{self._file_url('ressources/index.md')}#ressource-{entry.id}",
        )

    def _citations(self, path: str, page: Page) -> dict[str, Any]:
        """Where the series cites this page: episode, moment (for chapters), section."""
        assert self.series is not None
        found = []
        for episode, loc, link in doc_links(self.series.newest_first):
            linked, _, anchor = link.partition("#")
            if linked != path:
                continue
            start = episode.chapters[loc[1]].start if loc[0] == "chapters" else None  # type: ignore[index]
            view = self._views[episode.slug]
            found.append(
                {
                    "episode": view,
                    "start": start,
                    "clock": clock(start) if start is not None else None,
                    "anchor": anchor,
                    "section": _find_heading(page.toc, anchor) if anchor else None,
                }
            )
        # The most recent ones: a page cited by hundreds of episodes stays light.
        return {
            "citations": found[:CITATIONS_SHOWN],
            "more_citations": len(found) - CITATIONS_SHOWN,
        }

    # -- serve -----------------------------------------------------------------------------

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        # mkdocs serve watches docs/ only: episodes and their side files live elsewhere.
        server.watch(str(self.episodes_dir))
        for data_file in (self.config.resources_file, self.config.network_file):
            if data_file and (self.root / data_file).exists():
                server.watch(str(self.root / data_file))
        return server


def _transcript_job(episode: Episode) -> TranscriptJob:
    """What rendering an episode's transcript takes: its Markdown, its first captions'
    cues and its chapters, with the anchors the page gives them."""
    chapters = [
        ChapterMark(chapter.start, chapter.title, f"chapitre-{number}")
        for number, chapter in enumerate(episode.chapters, start=1)
    ]
    return (episode.transcript_markdown or "", episode.origin.cues, chapters)


def _episode_markdown(episode: Episode) -> str:
    """The Markdown body of an episode page: show notes, then the transcript."""
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


def _url(value: str) -> str:
    """Redirect keys as the URL list writes them: `/doctrine/page/`."""
    return "/" + str(value).strip().lstrip("/")


def _fingerprinted(uri: str) -> str:
    """`assets/x.css` → `assets/x.1a2b3c4d5e.css`, from the packaged file's content."""
    digest = hashlib.sha256((TEMPLATES_DIR / uri).read_bytes()).hexdigest()[:10]
    stem, _, suffix = uri.rpartition(".")
    return f"{stem}.{digest}.{suffix}"


def _find_heading(toc: Any, anchor: str) -> str | None:
    for item in toc:
        if item.id == anchor:
            return str(item.title)
        found = _find_heading(item.children, anchor)
        if found:
            return found
    return None


def _report(error: EpisodeError) -> str:
    return "Épisodes invalides :\n" + error.report()
