"""Pagefind, run beside the build: it indexes the built pages in its own process, and
only what this site's search uses is kept of its bundle. Knows nothing of MkDocs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pagefind_bin

from mkdocs_episodes.build.search_chunks import Spread, in_this_process, rebalance

# Left out of the search index: the transcript's timestamps and the headings' permalink
# signs. Nobody searches for « 01:21 » or « ¶ », and at 1,000 episodes the timestamps
# alone filled 15 index chunks.
_NOT_INDEXED = (".ep-stamp", ".ep-transcript-chapter > a", ".headerlink")
# Pagefind's default interfaces: this site queries its bare JavaScript API instead.
_PAGEFIND_UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")  # fmt: skip


class Pagefind:
    """Pagefind indexes the built pages in its own process, while this one goes on with
    the other post-build steps: on two cores, indexing costs almost no extra time."""

    def __init__(self, site: Path, language: str) -> None:
        self.site = site
        self.language = language
        self._process = subprocess.Popen(
            [
                # The binary itself: `python -m pagefind` would first spend a tenth of a
                # second starting Python to find it.
                str(pagefind_bin.get_executable()),
                "--site",
                str(site),
                "--force-language",
                language,
                "--silent",
                *(f"--exclude-selectors={selector}" for selector in _NOT_INDEXED),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def finish(self, spread: Spread = in_this_process) -> None:
        """Wait for the index, keep only what this site's search uses and re-cut its
        heaviest chunks (shared between cores by `spread`)."""
        output, _ = self._process.communicate()
        if self._process.returncode != 0:
            raise RuntimeError(f"Pagefind a échoué : {output.strip()}")
        bundle = self.site / "pagefind"
        for pattern in _PAGEFIND_UNUSED:
            for path in bundle.glob(pattern):
                path.unlink()
        for path in bundle.glob("wasm.*.pagefind"):
            if path.name != f"wasm.{self.language}.pagefind":
                path.unlink()
        rebalance(bundle, spread=spread)

    def cancel(self) -> None:
        """Stop indexing, from another thread than the one waiting in `finish`."""
        if self._process.poll() is None:
            self._process.kill()

    def stop(self) -> None:
        """A failed build does not leave Pagefind running."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.communicate()
