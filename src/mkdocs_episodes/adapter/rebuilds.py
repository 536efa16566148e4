"""What a `mkdocs serve` process keeps from one build to the next, so that saving one
file does not cost a whole build: the episodes whose files did not change, their
transcripts (as HTML and as text), the generated pages whose context did not change
(`kept_pages`), the last build's files written over rather than made anew
(`build/set_aside.py`, `build/unchanged_files.py`), and the search index finished after
the page is served.

`mkdocs build` keeps nothing (every build starts from nothing, in a new process).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from mkdocs_episodes.adapter.content import doctrine_context
from mkdocs_episodes.adapter.kept_pages import REAL, SWITCH, KeptPages, site_facts, template_stamps
from mkdocs_episodes.adapter.site import SeriesSite
from mkdocs_episodes.build import unchanged_files
from mkdocs_episodes.build.session import BuildSession
from mkdocs_episodes.build.set_aside import PreviousSite
from mkdocs_episodes.build.workers import KeptTranscripts
from mkdocs_episodes.core import urls
from mkdocs_episodes.core.episode_memo import EpisodeMemo
from mkdocs_episodes.core.loader import Reader

T = TypeVar("T")
log = logging.getLogger("mkdocs.plugins.episodes")
SEARCH_READY = "Aperçu : index de recherche à jour"


@dataclass
class Rebuilds:
    """Held by the plugin instance, which lives as long as `mkdocs serve`."""

    serving: bool = False
    episodes: EpisodeMemo = field(default_factory=EpisodeMemo)
    transcripts: KeptTranscripts = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    # The last build, whose search index may still be being written.
    _searching: BuildSession | None = None
    # Whether a build has been served already: the first one is whole before MkDocs
    # says it serves.
    _served: bool = False
    # The previous build's files, written over by this one.
    _previous: PreviousSite | None = None
    pages: KeptPages = field(default_factory=KeptPages)
    # Whether this build's pages have been told what the site is made of.
    _pages_started: bool = False

    # -- pages not rendered again ---------------------------------------------------------

    def page_template(self, template: str) -> str:
        """The template MkDocs is told for a generated page: under `mkdocs serve`, the
        switch between the last build's output and `template`."""
        return SWITCH if self.serving else template

    def page_context(
        self, page: Page, nav: Navigation, site: SeriesSite, config: MkDocsConfig
    ) -> dict[str, Any]:
        """What the generator adds to a page's context; for a generated page under
        `mkdocs serve`, with what makes the switch keep it or render it."""
        assert site.previews is not None
        kind = site.kinds.get(page.file.src_uri)
        if kind is None:
            return doctrine_context(site, site.check, page) | site.previews.context(page, kind)
        own = kind.context(site, page) | site.previews.context(page, kind)
        if not self.serving:
            return own
        if not self._pages_started:
            self._pages_started = True
            self.pages.new_build(_site_facts(nav, site, config))
        return own | self.pages.choose(page, own, kind.template)

    def remember(self, key: str, facts: object, make: Callable[[], T]) -> T:
        """`make()`, or under `mkdocs serve` its last output for the same facts."""
        return self.pages.remembered(key, facts, make) if self.serving else make()

    def page_rendered(self, page: Page, output: str) -> None:
        if self.serving and page.meta.get("template") == SWITCH:
            self.pages.rendered_output(page, output)

    def pages_said(self) -> None:
        if self.serving and self._served and (self.pages.kept or self.pages.rendered):
            log.info(
                f"Aperçu : {self.pages.rendered} page(s) de la série rendue(s), "
                f"{self.pages.kept} reprise(s) telles quelles"
            )

    # -- the rest ---------------------------------------------------------------------

    def reader(self, read: Reader) -> Reader:
        """Under `mkdocs serve`, only the episode files changed since the last build are
        read again."""
        return self.episodes.reader(read) if self.serving else read

    def session_options(self) -> dict[str, Any]:
        """What a build session keeps or defers under `mkdocs serve`."""
        return {
            "kept": self.transcripts if self.serving else None,
            "defer_search": self.defer_search,
            "searched": self.searched,
        }

    def kept_texts(self) -> dict[str, str] | None:
        """Transcripts as plain text (for podcast apps), by their Markdown."""
        return self.texts if self.serving else None

    @property
    def defer_search(self) -> bool:
        """The search index of a rebuild is finished after the page is served."""
        return self.serving and self._served

    @staticmethod
    def searched(error: str) -> None:
        if not error:
            log.info(SEARCH_READY)

    def built(self, session: BuildSession) -> None:
        self._searching = session
        self._served = self.serving
        self.pages_said()

    def empty(self, site: Path) -> None:
        """Before MkDocs empties the site folder for a rebuild: its files set aside at
        once, to be written over (`put_back`). The last build's search index, if still
        being written, is given up: this build makes the next one."""
        self.wait_for_search(cancel=True)
        self._pages_started = False
        if self._previous is not None:
            self._previous.wait()
            self._previous = None
        if self.serving and self._served and site.is_dir():
            self._previous = PreviousSite(site)

    def put_back(self) -> None:
        """Once MkDocs has emptied the site folder, before anything is written there:
        the last build's files back, to be written over or left alone when the same."""
        if self._previous is not None:
            self._previous.put_back()
            unchanged_files.skip_same(self._previous.started)

    def drop_pages(self, files: Files, config: MkDocsConfig, site: SeriesSite) -> None:
        """Before MkDocs writes the first page: the last build's pages this one does
        not write go."""
        if self._previous is None:
            return
        root = Path(config.site_dir)
        expected = {Path(file.abs_dest_path) for file in files}
        expected |= {root / urls.embed_file(e.slug) for e in site.series.episodes}
        expected |= {root / name for name in config.theme.static_templates}
        self._previous.drop_pages(expected)

    def sweep(self, written_later: Iterable[Path]) -> None:
        """Before the post-build reads the site: what this build did not write goes."""
        if self._previous is not None:
            keep = set(written_later) | unchanged_files.left_alone()
            self._previous.sweep(keep | {p.with_name(p.name + ".gz") for p in keep})

    def close(self) -> None:
        """The server stops: nothing left writing or deleting."""
        self.wait_for_search()
        if self._previous is not None:
            self._previous.wait()

    def wait_for_search(self, cancel: bool = False) -> None:
        """The last build's search index written, before MkDocs cleans the site folder
        for the next one (or the server removes it); with `cancel`, given up: the next
        build indexes the site again anyway."""
        if self._searching is not None:
            if error := self._searching.wait_for_search(cancel):
                # Printed, as the preview's other problems: the site is served on.
                print(f"Aperçu : {error}", file=sys.stderr)
            self._searching = None


def _site_facts(nav: Navigation, site: SeriesSite, config: MkDocsConfig) -> dict[str, object]:
    files = site.files.files if site.files is not None else None
    docs = [
        f.page
        for f in (files.documentation_pages() if files is not None else [])
        if f.page is not None and f.src_uri not in site.kinds
    ]
    check = site.check
    return site_facts(
        nav,
        docs,
        site.context(),
        {
            # Its stamp, not its bytes: MkDocs has read it; nothing here reads it again.
            "config": _stamp(config.config_file_path),
            "site_url": config.site_url,
            "templates": template_stamps(config.theme.dirs),
            "today": site.today,
            "order": [(e.slug, e.number, e.special, e.date) for e in site.series.episodes],
            "data": (check.resources, check.network, check.doctrine),
            "switch": REAL,
        },
    )


def _stamp(path: str | None) -> tuple[int, int, int] | None:
    if not path:
        return None
    info = Path(path).stat()
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns
