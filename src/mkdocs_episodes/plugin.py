"""The MkDocs adapter: a thin plugin over the core.

It reads its settings, asks the core for the series, adds the generated pages and
media as virtual files (nothing is written into `docs/`), hands views to the
templates, and watches `episodes/` under `mkdocs serve`. Everything about episodes
themselves lives in `mkdocs_episodes.core`.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from mkdocs_episodes.core import EpisodeError, Series
from mkdocs_episodes.core.links import doc_link_problems
from mkdocs_episodes.core.model import SLUG_PATTERN, Episode
from mkdocs_episodes.core.series import IndexPage
from mkdocs_episodes.core.views import EpisodeView
from mkdocs_episodes.core.yaml_source import FieldPath
from mkdocs_episodes.sanitize import sanitize_html
from mkdocs_episodes.site_checks import check_site

log = logging.getLogger("mkdocs.plugins.episodes")

TEMPLATES_DIR = Path(__file__).parent / "templates"
STYLESHEET = "assets/episodes/episodes.css"


class EpisodesConfig(Config):
    episodes_dir = c.Type(str, default="episodes")
    themes = c.Type(dict, default={})
    per_page = c.Type(int, default=12)
    drafts = c.Type(bool, default=False)


class EpisodesPlugin(BasePlugin[EpisodesConfig]):
    """Turns `episodes/*.yml` into episode pages, a paginated index and theme pages."""

    # The instance persists across `mkdocs serve` rebuilds (it defines on_startup): state
    # is reset in on_config, except the last valid series kept for the preview.
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._serving = False
        self._last_good: Series | None = None
        self._reset()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance alive across serve rebuilds.
        self._serving = command == "serve"

    def _reset(self) -> None:
        self.series: Series | None = None
        self.root = Path.cwd()
        self._views: dict[str, EpisodeView] = {}
        self._page_views: dict[str, Any] = {}
        self._page_files: dict[str, File] = {}
        self._media_files: dict[tuple[str, FieldPath], File] = {}
        self._files: Files | None = None

    # -- configuration ------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self._check_settings()
        # After the site's overrides and the theme: a site can override any of our templates.
        config.theme.dirs.append(str(TEMPLATES_DIR))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
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
        if self.config.per_page < 1:
            raise PluginError("mkdocs.yml: plugins.episodes.per_page: nombre positif attendu")

    @property
    def episodes_dir(self) -> Path:
        return self.root / self.config.episodes_dir

    # -- files: the series and its generated pages --------------------------------------

    # Checked before MkDocs cleans the output folder: under `mkdocs serve`, an invalid
    # episode leaves the last good site in place while the error is shown.
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        checked = check_site(config, self.config)
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
            return
        for warning in checked.warnings:
            log.info(warning.format())
        self.series = checked.series
        self._last_good = checked.series

    # Before mkdocs-redirects and other plugins (priority 0) read the file list.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.series is not None
        self._files = files
        self._add_episode_files(files, config)
        self._add_index_files(files, config)
        return files

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
                media_uri = f"episodes/{episode.slug}/{source.name}"
                file = files.get_file_from_path(media_uri)
                if file is None:
                    file = File.generated(config, media_uri, abs_src_path=str(source))
                    files.append(file)
                self._media_files[(episode.slug, loc)] = file
        for episode in self.series.episodes:
            self._views[episode.slug] = self._view(episode)
        for slug, file in self._page_files.items():
            self._page_views[file.src_uri] = ("episode", self._views[slug])

    def _add_index_files(self, files: Files, config: MkDocsConfig) -> None:
        assert self.series is not None
        for index_page in self.series.index_pages():
            uri = f"{index_page.url}index.md"
            self._add_generated(files, config, uri, "", listed=index_page.number == 1)
            self._page_views[uri] = ("index", index_page)
        self._add_generated(files, config, "themes/index.md", "", listed=True)
        self._page_views["themes/index.md"] = ("themes", None)
        for slug, _label, _episodes in self.series.themes():
            uri = f"themes/{slug}/index.md"
            self._add_generated(files, config, uri, "", listed=False)
            self._page_views[uri] = ("theme", slug)

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
            return markdown
        kind, view = kind_and_view
        assert self.series is not None
        templates = {
            "episode": "episodes/episode.html",
            "index": "episodes/index.html",
            "themes": "episodes/themes.html",
            "theme": "episodes/theme.html",
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
        else:
            title = f"Thème : {self.series.theme_label(view)}"
        # Material prints page.meta.title and .description unescaped: hand it escaped
        # Markup, which also keeps autoescaping templates from escaping it twice.
        page.meta["title"] = escape(title)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        kind_and_view = self._page_views.get(page.file.src_uri)
        if kind_and_view is None or kind_and_view[0] != "episode":
            return html
        return sanitize_html(html)

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
        env.globals["episodes_series"] = self._series_context()
        return env

    def _series_context(self) -> dict[str, Any]:
        assert self.series is not None
        latest = self.series.latest
        return {
            "latest": self._views[latest.slug] if latest else None,
            "count": len(self.series.episodes),
            "index_url": self._file_url("episodes/index.md"),
            "themes_url": self._file_url("themes/index.md"),
        }

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        kind_and_view = self._page_views.get(page.file.src_uri)
        if kind_and_view is None:
            return context
        assert self.series is not None
        kind, view = kind_and_view
        if kind == "episode":
            previous = self.series.previous(view.episode)
            following = self.series.next(view.episode)
            context["episode"] = view
            context["previous_episode"] = self._views[previous.slug] if previous else None
            context["next_episode"] = self._views[following.slug] if following else None
        elif kind == "index":
            index_page: IndexPage = view
            context["index_page"] = index_page
            context["cards"] = [self._views[e.slug] for e in index_page.episodes]
            context["pages"] = [
                (p.number, self._file_url(f"{p.url}index.md")) for p in self.series.index_pages()
            ]
        elif kind == "themes":
            context["themes"] = [
                (self._file_url(f"themes/{slug}/index.md"), label, len(episodes))
                for slug, label, episodes in self.series.themes()
            ]
        else:
            context["theme_label"] = self.series.theme_label(view)
            context["cards"] = [
                self._views[e.slug]
                for slug, _label, episodes in self.series.themes()
                if slug == view
                for e in episodes
            ]
        return context

    # -- serve -----------------------------------------------------------------------------

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        # mkdocs serve watches docs/ only: episodes and their side files live elsewhere.
        server.watch(str(self.episodes_dir))
        return server


def _episode_markdown(episode: Episode) -> str:
    """The Markdown body of an episode page: show notes, then the transcript."""
    parts = []
    if episode.notes:
        parts.append(f"## Notes de l'épisode\n\n{episode.notes}\n")
    parts.append("## Transcription\n")
    parts.append(
        episode.transcript_markdown
        or "*La transcription de cet épisode n'est pas encore disponible.*"
    )
    return "\n".join(parts) + "\n"


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
