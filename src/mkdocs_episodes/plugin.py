"""The MkDocs plugin `episodes`: hooks only, each handing its work to the layers below.

- `adapter/`: all that speaks MkDocs (settings, the series' files and pages, checks);
- `build/`: the build's machinery (workers, Pagefind, the post-build sequence);
- `core/`: episodes, their validation, the series, feeds, knowing nothing of MkDocs.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from jinja2 import Environment
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from mkdocs_episodes.adapter import content, stylesheet, theme
from mkdocs_episodes.adapter.config import EpisodesConfig
from mkdocs_episodes.adapter.edited import edited_warnings
from mkdocs_episodes.adapter.embeds import render_embed_pages
from mkdocs_episodes.adapter.pages import EpisodePage
from mkdocs_episodes.adapter.preview_errors import PreviewErrors
from mkdocs_episodes.adapter.ranges import byte_ranges
from mkdocs_episodes.adapter.rebuilds import Rebuilds
from mkdocs_episodes.adapter.serve import keep_serving
from mkdocs_episodes.adapter.site import SeriesSite, report
from mkdocs_episodes.adapter.site_checks import (
    SiteCheck,
    check_site,
    local_preview_warning,
    site_root,
)
from mkdocs_episodes.build.budget import PageWeight
from mkdocs_episodes.build.headers import script_hashes
from mkdocs_episodes.build.session import MEASURES_MARKER, BuildSession, Finish
from mkdocs_episodes.build.squeeze import squeeze_html
from mkdocs_episodes.core.calendar import paris_today
from mkdocs_episodes.core.loader import episode_paths, read_files
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.problems import EpisodeError, unchecked_note
from mkdocs_episodes.core.series import Series
from mkdocs_episodes.core.time_budget import PAGE_SECONDS, Deadline
from mkdocs_episodes.core.transcript import transcript_job

if TYPE_CHECKING:
    # Only `mkdocs serve` starts a live-reload server: a build need not import it.
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.episodes")

# From this many episodes on, worker processes pay for their start.
WORKERS_FROM_EPISODES = 50
# The share of the episode files this process reads, the workers reading the rest.
READ_HERE = 0.7


class EpisodesPlugin(BasePlugin[EpisodesConfig]):
    """Turns `episodes/*.yml` into episode pages, a paginated index and theme pages."""

    # The instance persists across `mkdocs serve` rebuilds (it defines on_startup): state
    # is reset in on_config, except the last valid check kept for the preview.
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._serving = False
        self._serve_started = 0.0
        self._building = False
        self._last_good: SiteCheck | None = None
        # What the preview's pages show of the last rebuild's problems, across rebuilds.
        self._preview = PreviewErrors()
        # What `mkdocs serve` keeps from one build to the next.
        self._rebuilds = Rebuilds()
        self._reset()

    def _reset(self) -> None:
        self.root = Path.cwd()
        self.site: SeriesSite | None = None
        self.session: BuildSession | None = None
        self.weights: list[PageWeight] = []
        self._check = SiteCheck()
        self._assets: dict[str, str] = {}
        self._env: Environment | None = None
        self._theme_files: list[Path] = []
        self._measures_pages: list[Path] = []
        self._script_hashes: set[str] = set()
        self._style_hashes: set[str] = set()
        self._deadline: Deadline | None = None
        self._kept_last_good = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = self._rebuilds.serving = command == "serve"
        self._serve_started = time.time()
        # `mkdocs build` ends with the build: this process may then yield to Pagefind
        # for good (a process cannot take its priority back). `mkdocs serve --clean`
        # says "build" too, but serves on: the command line tells them apart.
        context = click.get_current_context(silent=True)
        self._building = command == "build" and context is not None and context.info_name == "build"

    def on_shutdown(self) -> None:
        self._rebuilds.close()
        # The process ends now. At exit, CPython would look for garbage once more among
        # every object the build left alive (over half a second at 1,000 episodes)
        # before the process's end frees them anyway.
        gc.freeze()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        self.root = site_root(config)
        self._assets = theme.install(config)
        return config

    # Checked before MkDocs cleans the output folder: under `mkdocs serve`, an invalid
    # episode leaves the last good site in place while the error is shown.
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        settings = self.config.settings()
        # Material reads `theme.language`; MkDocs' own themes read `theme.locale`.
        language = str(config.theme.get("language") or config.theme.locale or "fr")[:2]
        self.session = session = BuildSession(
            Path(config.site_dir),
            self._worker_count(),
            language if settings.search else None,
            yield_to_search=self._building,
            **self._rebuilds.session_options(),
        )
        if session.workers.processes:
            log.info(f"Construction partagée avec {session.workers.processes} processus de plus")
        checked = check_site(
            config,
            settings,
            self._prepare_transcript,
            # Episode files are read here and in the workers at once; this process reads
            # the larger share, so that the workers soon turn to the transcripts, which
            # MkDocs waits for once it converts the pages.
            self._rebuilds.reader(
                lambda paths, root: session.workers.share(read_files, paths, root, here=READ_HERE)
            ),
        )
        # The preview says the warnings of the files being edited; a build says them all.
        if self._serving:
            lines = edited_warnings(checked.warnings, self.root, self._serve_started)
        else:
            lines = [warning.format() for warning in checked.warnings]
        for line in lines:
            log.info(line)
        self._kept_last_good = bool(checked.errors)
        if self._serving:
            self._preview.episode_problems = tuple(p.format() for p in checked.errors)
        if not checked.errors:
            self._check = self._last_good = checked
            self._rebuilds.empty(Path(config.site_dir))
            return
        message = report(EpisodeError(checked.errors))
        if note := unchecked_note(checked.unchecked):
            message += f"\n{note}"
        if not (self._serving and self._last_good):
            session.close()
            raise PluginError(message)
        # Under `mkdocs serve`, a failed build would freeze the preview until the file is
        # fixed: keep showing the last valid episodes, and say what is wrong. Printed
        # rather than logged, so that `--strict` does not turn it into a failed build.
        print(
            f"{message}\nLe site servi garde la dernière version valide des épisodes.",
            file=sys.stderr,
        )
        self._check = self._last_good
        self._rebuilds.empty(Path(config.site_dir))
        # Transcripts as the last valid episodes have them, not as just read.
        session.fall_back_to_this_process()
        assert self._check.series is not None
        for episode in self._check.series.episodes:
            self._prepare_transcript(episode)

    def _worker_count(self) -> int:
        """Worker processes for this build: none for a small series, where starting them
        would cost more than they save."""
        setting = self.config.workers
        if setting != "auto":
            return int(setting)
        episodes = len(episode_paths(self.root / self.config.episodes_dir))
        # One core stays with MkDocs.
        return max(1, (os.cpu_count() or 1) - 1) if episodes >= WORKERS_FROM_EPISODES else 0

    def _prepare_transcript(self, episode: Episode) -> None:
        """Render a transcript on another core as soon as its episode is read: it is ready
        when MkDocs reaches the page."""
        if self.session is not None and episode.transcript_markdown:
            self.session.workers.prepare_transcript(episode.slug, transcript_job(episode))

    # Before mkdocs-redirects and other plugins (priority 0) read the file list.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.session is not None and isinstance(self._check.series, Series)
        self._rebuilds.put_back()
        self._theme_files = content.theme_files(files, config)
        if self._kept_last_good:
            # The checks refused this build's files, but the preview goes on with the last
            # valid episodes: what docs/ holds now still passes the gate or stops here.
            content.refuse_unsafe_sources(files, config, self.root)
        self.site = SeriesSite(
            config,
            self.config.settings(),
            self._check,
            self._check.series,
            self.root,
            paris_today(),
            kept_texts=self._rebuilds.kept_texts(),
        )
        self.site.add_files(files, self._assets, self.session.workers)
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.site is not None and self.site.previews is not None
        content.escape_front_matter(page)
        kind = self.site.kinds.get(page.file.src_uri)
        self.site.previews.record_content_date(page, kind)
        if kind is None:
            # A page of docs/ is rendered within a time budget, whatever it holds.
            self._deadline = Deadline(
                PAGE_SECONDS, f"docs/{page.file.src_uri} : le rendu de la page", PluginError
            ).start()
            if page.file.src_uri in self._check.doctrine:
                page.meta.setdefault("template", "episodes/doctrine.html")
            return markdown
        page.meta["template"] = self._rebuilds.page_template(kind.template)
        page.meta["title"] = escape(kind.title(self.site))
        description = kind.description()
        if description:
            page.meta["description"] = escape(description)
        return markdown

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        assert self.site is not None and self.session is not None
        # All pages are rendered by now: check doctrine anchors against what MkDocs made of
        # them, in case another plugin changed a page after our early check.
        problems = content.rendered_link_problems(self.site.series, files)
        if problems:
            raise PluginError(report(EpisodeError(problems)))
        self.session.expect_content(
            Path(file.abs_dest_path)
            for file in files.documentation_pages()
            if not getattr(self.site.kinds.get(file.src_uri), "is_list", False)
        )
        cache = self.root / self.config.cache_dir
        theme.prepare_environment(env, config, cache, self.site.context())
        # Material's rules that pages may use and the series' own, in every page's head.
        inline_css = stylesheet.install(
            env, config, files, set(self.site.kinds), self._assets, cache / "stylesheet"
        )
        self._style_hashes = {inline_css} if inline_css else set()
        self._rebuilds.drop_pages(files, config, self.site)
        self._env = env
        return env

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        assert self.site is not None
        context.update(self._rebuilds.page_context(page, nav, self.site, config))
        return context

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.site is not None and self.session is not None
        kind = self.site.kinds.get(page.file.src_uri)
        if isinstance(kind, EpisodePage):
            # The chapters list is the page's table of contents; Material's sidebar copy
            # of the transcript's headings would only add weight to every episode page.
            page.toc = get_toc([])
            return content.episode_body(kind.view, html, self.session.workers)
        self._stop_deadline()
        content.escape_rendered_title(page)
        if MEASURES_MARKER in html:
            # Filled after the build, once every page has been measured.
            self._measures_pages.append(Path(page.file.abs_dest_path))
        return content.site_page_body(html, config, self.config.limits, self.site)

    # First: the template's own output, kept for the next `mkdocs serve` rebuild.
    @event_priority(100)
    def _page_rendered(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self._rebuilds.page_rendered(page, output)
        return output

    # Last, once other plugins have had their say: the page is final.
    @event_priority(-100)
    def _page_final(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        assert self.session is not None
        # MkDocs writes this page after this event: the previous one is on disk.
        self.session.page_starts(Path(page.file.abs_dest_path))
        # Before squeezing: the page's own content is found as MkDocs made it.
        self._script_hashes |= content.template_script_hashes(output, page)
        return squeeze_html(output)

    on_post_page = CombinedEvent(_page_rendered, _page_final)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        # The theme's own pages, such as 404.html: all of them template, scripts included.
        if not template_name.endswith(".html"):
            return output_content
        self._script_hashes |= script_hashes(output_content)
        return squeeze_html(output_content)

    def _stop_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.stop()
            self._deadline = None

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_deadline()
        if self.session is not None:
            self.session.close()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.site is not None and self.session is not None and self._env is not None
        embeds = render_embed_pages(self.site, self._env, self._assets, self._rebuilds.remember)
        self._rebuilds.sweep(embeds)
        for page in embeds.values():
            self._script_hashes |= script_hashes(page.decode("utf-8"))
        finish = Finish(
            extra_pages=embeds,
            script_hashes=self._script_hashes,
            style_hashes=self._style_hashes,
            theme_files=self._theme_files,
            frame_origins={o for e in self.site.series.episodes if (o := e.video.host_origin)},
            media_origins=set().union(*(v.media_origins for v in self.site.views.values())),
            budget=self.config.limits,
            measures_pages=self._measures_pages,
        )
        try:
            self.weights = self.session.finish(finish)
        except RuntimeError as error:
            raise PluginError(str(error)) from None
        self._rebuilds.built(self.session)
        # Printed, not logged: `--strict` builds of the preview (tests, the checks of a
        # pull request) are right to use the local address; only publishing is not.
        if self._building and (warning := local_preview_warning(config)):
            print(warning, file=sys.stderr)

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        # A failed rebuild would leave every page request waiting: said, and served on.
        server.builder = keep_serving(self._preview.watch(server.builder))
        # Until a rebuild succeeds, every page served says what is wrong (never written
        # into the site's files: `mkdocs build` cannot publish it). Range requests are
        # answered (206) as in production, so that chapters and `#t=` links seek: outermost,
        # so that a range is cut from the page as finally sent, banner included.
        server.set_app(byte_ranges(self._preview.serving(server.get_app())))
        # mkdocs serve watches docs/ only: episodes and their side files live elsewhere.
        server.watch(str(self.root / self.config.episodes_dir))
        for data_file in (self.config.resources_file, self.config.network_file):
            if data_file and (self.root / data_file).exists():
                server.watch(str(self.root / data_file))
        return server
