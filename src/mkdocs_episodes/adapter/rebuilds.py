"""What a `mkdocs serve` process keeps from one build to the next, so that saving one
file does not cost a whole build: the episodes whose files did not change, their
transcripts, and the search index finished after the page is served.

`mkdocs build` keeps nothing (every build starts from nothing, in a new process).
"""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_episodes.build.session import BuildSession
from mkdocs_episodes.build.set_aside import set_aside
from mkdocs_episodes.build.workers import KeptTranscripts
from mkdocs_episodes.core.episode_memo import EpisodeMemo
from mkdocs_episodes.core.loader import Reader

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
    # The previous build's files being deleted.
    _deleting: list[threading.Thread] = field(default_factory=list)

    def reader(self, read: Reader) -> Reader:
        """Under `mkdocs serve`, only the episode files changed since the last build are
        read again."""
        return self.episodes.reader(read) if self.serving else read

    def kept_transcripts(self) -> KeptTranscripts | None:
        return self.transcripts if self.serving else None

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

    def empty(self, site: Path) -> None:
        """Before MkDocs empties the site folder for a rebuild: its files set aside at
        once and deleted in the background."""
        if self.serving and self._served and site.is_dir():
            self._deleting = [t for t in self._deleting if t.is_alive()]
            if thread := set_aside(site):
                self._deleting.append(thread)

    def close(self) -> None:
        """The server stops: nothing left writing or deleting."""
        self.wait_for_search()
        for thread in self._deleting:
            thread.join()

    def wait_for_search(self) -> None:
        """The last build's search index written, before MkDocs cleans the site folder
        for the next one (or the server removes it)."""
        if self._searching is not None:
            if error := self._searching.wait_for_search():
                # Printed, as the preview's other problems: the site is served on.
                print(f"Aperçu : {error}", file=sys.stderr)
            self._searching = None
