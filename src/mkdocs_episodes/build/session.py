"""One build from start to end: the worker processes, the garbage collector's settings,
Pagefind, and the post-build sequence (prune, secure, compress, measure, index).

Knows nothing of MkDocs: the adapter tells it which pages are written and when, and
hands it what the series adds after the build (embed pages).
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_episodes.build import content_memo, unchanged_files
from mkdocs_episodes.build.budget import (
    PageWeight,
    csv_table,
    markdown_table_html,
    measure_site,
    summary_table,
)
from mkdocs_episodes.build.headers import (
    content_security_policy,
    unlisted_scripts,
    write_security_headers,
)
from mkdocs_episodes.build.html import parse_html
from mkdocs_episodes.build.pagefind import Pagefind
from mkdocs_episodes.build.postbuild import compress, compress_file, parse_site, prune_unused
from mkdocs_episodes.build.workers import KeptTranscripts, Workers
from mkdocs_episodes.core.settings import Budget

# A build keeps hundreds of thousands of objects alive (episodes, pages, navigation) and
# makes little cyclic garbage: at CPython's default thresholds, the collector walked them
# all over again for more than a second of a thousand-episode build. Raised for the
# build, as mypy does for the same reason, and put back after it (`mkdocs serve` lives on).
BUILD_GC_THRESHOLDS = (50_000, 50, 100)
# Where the eco-design statement shows this build's own figures.
MEASURES_MARKER = "<!-- episodes:mesures -->"
MEASURES_FILE = "mesures.csv"
# Kept for the process's life: only `mkdocs serve` rebuilds use it.
_MEMO = content_memo.ContentMemo()


@dataclass
class Finish:
    """What the post-build needs from the site generator."""

    # Pages written outside the generator's page pipeline (embed pages), with content.
    extra_pages: dict[Path, bytes] = field(default_factory=dict)
    # Theme files that are deleted when no page uses them.
    theme_files: list[Path] = field(default_factory=list)
    # Origins of third-party players pages may frame (CSP frame-src).
    frame_origins: set[str] = field(default_factory=set)
    # Origins of the object storage (or its CDN) the players fetch media from (media-src).
    media_origins: set[str] = field(default_factory=set)
    # CSP sources of the inline scripts the templates wrote, and only those: a script
    # found in a page but written by no template is never allowed.
    script_hashes: set[str] = field(default_factory=set)
    # CSP sources of the inline stylesheet the templates wrote (the site's one).
    style_hashes: set[str] = field(default_factory=set)
    budget: Budget = field(default_factory=Budget)
    # Pages holding MEASURES_MARKER.
    measures_pages: list[Path] = field(default_factory=list)


class BuildSession:
    def __init__(
        self,
        site: Path,
        processes: int,
        search_language: str | None,
        yield_to_search: bool,
        kept: KeptTranscripts | None = None,
        defer_search: bool = False,
        searched: Callable[[str], None] | None = None,
    ) -> None:
        """`search_language`: Pagefind's language, None for no search index;
        `yield_to_search`: this process lowers its priority once Pagefind runs (only when
        it ends with the build: a process cannot take its priority back); `kept`: the
        transcripts of earlier builds of this process (`mkdocs serve`); `defer_search`:
        the search index is finished after the build returns (`search_done`), so that a
        preview shows the page without waiting for it, and `searched` is told once it is
        written, with what went wrong if anything."""
        self.site = site
        self._gc_thresholds = gc.get_threshold()
        gc.set_threshold(*BUILD_GC_THRESHOLDS)
        # Started first: worker processes get ready while the episodes are read.
        self.workers = Workers(processes, kept)
        self._kept = kept
        # Under `mkdocs serve`, pages whose bytes did not change are neither compressed
        # nor parsed again.
        content_memo.use(_MEMO if kept is not None else None)
        _MEMO.next_build()
        unchanged_files.start(record=kept is not None)
        self._language = search_language
        self._yield = yield_to_search
        self._pagefind: Pagefind | None = None
        # The page written last: handed on once the next one starts (it is on disk then).
        self._last_page: Path | None = None
        # Pages that may be search content, not yet on disk: once none is left, Pagefind
        # starts while the generator writes the lists.
        self._unwritten_content: set[Path] = set()
        self.weights: list[PageWeight] = []
        self._closed = False
        self._defer_search = defer_search
        self._searched = searched
        # The search index being finished after the build, when deferred.
        self.search_done: threading.Thread | None = None
        self.search_error = ""
        self._deferred: Pagefind | None = None
        self._search_cancelled = False

    def fall_back_to_this_process(self) -> None:
        """No more worker processes for this build (a serve preview keeping old episodes)."""
        self.workers.close()
        self.workers = Workers(0, self._kept)

    def expect_content(self, pages: Iterable[Path]) -> None:
        self._unwritten_content = set(pages)

    def page_starts(self, page: Path) -> None:
        """The generator is about to write `page`: the one before it is on disk."""
        if self._last_page is not None:
            self._written(self._last_page)
        self._last_page = page

    def _written(self, page: Path) -> None:
        self.workers.written(page)
        self._unwritten_content.discard(page)
        if not self._unwritten_content:
            self._start_search()

    def _start_search(self) -> None:
        """Pagefind reads the site once every page it indexes is on disk: a list page
        written while it reads has no `data-pagefind-body`, and it skips it either way."""
        if self._language and self._pagefind is None:
            self._pagefind = Pagefind(self.site, self._language)
            if self._yield and hasattr(os, "nice"):
                # Pagefind indexes on every core, then writes its files on one. What this
                # process has left (the lists, the post-build) now runs in the gaps it
                # leaves rather than slowing it down: a second less at 1,000 episodes.
                with contextlib.suppress(OSError):
                    os.nice(19)

    def finish(self, finish: Finish) -> list[PageWeight]:
        """The post-build sequence; the session is closed after it, whatever happens."""
        try:
            if self._last_page is not None:
                self._written(self._last_page)
                self._last_page = None
            # Started here at the latest: when a page was left unbuilt (`--dirty`), or the
            # last page written was search content.
            self._start_search()
            self._post_build(finish)
        finally:
            self.close()
        self._fill_measures(finish)
        return self.weights

    def _post_build(self, finish: Finish) -> None:
        site, workers = self.site, self.workers
        # Written now, by the workers, once Pagefind has listed the site's pages: fewer
        # files for it to read; they are no search content either way.
        for path, data in finish.extra_pages.items():
            workers.publish(path, data, compressed=True)
        # Each page is read once, mostly by the workers as it was written: for pruning,
        # the CSP hashes and the measurements.
        compressed, read = workers.finish()
        parsed = parse_site(site, read)
        parsed.update({path: parse_html(data) for path, data in finish.extra_pages.items()})
        prune_unused(site, finish.theme_files, parsed)
        unlisted = unlisted_scripts(parsed, finish.script_hashes)
        if unlisted:
            shown = ", ".join(str(page.relative_to(site)) for page in unlisted[:5])
            raise RuntimeError(
                f"script en ligne qu'aucun gabarit n'écrit, refusé par la politique de "
                f"sécurité : {shown}"
            )
        hashes = sorted(finish.script_hashes)
        styles = finish.style_hashes
        write_security_headers(
            site,
            content_security_policy(
                hashes, finish.frame_origins, media=finish.media_origins, style_hashes=styles
            ),
            content_security_policy(
                hashes, finish.frame_origins, "https:", media=finish.media_origins
            ),
        )
        compress(site, done=compressed, exclude="pagefind")
        # Figures of this very build, for the eco-design statement, taken while Pagefind
        # indexes: no page loads the search bundle before interaction.
        self.weights = measure_site(site, parsed)
        if self._pagefind is not None and self._defer_search:
            # Nothing on the page waits for the index: a search typed before it is ready
            # finds the previous rebuild's index, as a publisher expects of a preview.
            self._deferred = self._pagefind
            self.search_done = threading.Thread(
                target=self._finish_search, args=(self._pagefind,), daemon=True
            )
            self._pagefind = None
            self.search_done.start()
        elif self._pagefind is not None:
            self._pagefind.finish(workers.share)
            compress(site / "pagefind")

    def _finish_search(self, pagefind: Pagefind) -> None:
        try:
            pagefind.finish()
            compress(self.site / "pagefind")
        except Exception as error:  # said by whoever waits for it: the build has returned
            pagefind.stop()
            if not self._search_cancelled:
                self.search_error = f"index de recherche : {error}"
        if self._searched is not None and not self._search_cancelled:
            self._searched(self.search_error)

    def wait_for_search(self, cancel: bool = False) -> str:
        """Once the deferred search index is written, or given up when `cancel` (a new
        build will make another): what went wrong, if anything."""
        if self.search_done is not None:
            if cancel and self._deferred is not None:
                self._search_cancelled = True
                self._deferred.cancel()
            self.search_done.join()
        return self.search_error

    def _fill_measures(self, finish: Finish) -> None:
        measured = markdown_table_html(summary_table(self.weights, finish.budget))
        for page in finish.measures_pages:
            # Every page's figures go to a CSV file beside the statement: a table of
            # every page would itself weigh too much.
            table = page.parent / MEASURES_FILE
            table.write_text(csv_table(self.weights), encoding="utf-8")
            compress_file(table)
            link = f'<p><a href="{MEASURES_FILE}" download>Les mesures de chaque page (CSV)</a></p>'
            text = page.read_text(encoding="utf-8")
            page.write_text(text.replace(MEASURES_MARKER, measured + link), encoding="utf-8")
            compress_file(page)

    def close(self) -> None:
        """However the build ends: no worker nor Pagefind left running, the collector's
        thresholds as they were."""
        if self._closed:
            return
        self._closed = True
        self.workers.close()
        if self._pagefind is not None:
            self._pagefind.stop()
            self._pagefind = None
        gc.set_threshold(*self._gc_thresholds)
