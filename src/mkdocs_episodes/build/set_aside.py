"""A preview rebuild writes over the previous build's files instead of making them anew.

`mkdocs serve` builds every time into the same folder, which MkDocs first empties file
by file; the build then creates 15,000 files and 6,000 folders again at a thousand
episodes. On this machine's file system, creating a file just after deleting thousands
costs more than writing it: most of a rebuild went to creating files and folders.

So the previous files are set aside in one step before MkDocs empties the folder (a
rename per top-level entry), put back once it has, and every file of the new build is
written over its previous version. What the new build did not write (an episode deleted
since) is then removed: a file older than the build's start, by the same coarse clock
that dates the files. The search bundle is not put back: Pagefind writes it whole.
Entries whose name starts with a dot are left alone, as MkDocs leaves them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path

# Written whole by Pagefind at every build: never put back.
REWRITTEN_WHOLE = "pagefind"


class PreviousSite:
    def __init__(self, site: Path) -> None:
        """Set aside what `site` holds now, and mark the start of the build."""
        self.site = site
        self.folder = Path(tempfile.mkdtemp(prefix=f".{site.name}-precedent-", dir=site.parent))
        # File times come from the kernel's coarse clock: the build's start is read from
        # a file written now, not from the system's finer clock.
        marker = self.folder / ".debut"
        marker.touch()
        self.started = marker.stat().st_mtime_ns
        for entry in site.iterdir():
            if not entry.name.startswith("."):
                entry.rename(self.folder / entry.name)
        self._deleting: list[threading.Thread] = []

    def put_back(self) -> None:
        """Once MkDocs has emptied the site, before anything is written: the previous
        files back in place."""
        for entry in self.folder.iterdir():
            if entry.name.startswith(".") or entry.name == REWRITTEN_WHOLE:
                continue
            target = self.site / entry.name
            if not target.exists():
                entry.rename(target)
        self._delete(self.folder)

    def drop_pages(self, expected: set[Path]) -> None:
        """Before the first page is written: the pages this build will not write
        (`expected`: every file it writes) go, so that no reader of the pages (Pagefind,
        the measurements) meets one left from before."""
        for page in self.site.rglob("*.html"):
            if page not in expected and not page.relative_to(self.site).parts[0].startswith("."):
                page.unlink()
                page.with_name(page.name + ".gz").unlink(missing_ok=True)

    def sweep(self, keep: set[Path]) -> list[Path]:
        """Remove what this build did not write, but `keep` (written later) and the
        search bundle (being written)."""
        removed: list[Path] = []
        for parent, folders, names in os.walk(self.site):
            here = Path(parent)
            if here == self.site:
                folders[:] = [f for f in folders if f != REWRITTEN_WHOLE and not f.startswith(".")]
                names = [n for n in names if not n.startswith(".")]
            for name in names:
                path = here / name
                if path not in keep and path.lstat().st_mtime_ns < self.started:
                    path.unlink()
                    removed.append(path)
        # Folders left empty, deepest first.
        walked = [Path(parent) for parent, _folders, _names in os.walk(self.site)]
        for folder in sorted(walked, key=lambda path: -len(path.parts)):
            top = folder.relative_to(self.site).parts[:1]
            if top and (top[0] == REWRITTEN_WHOLE or top[0].startswith(".")):
                continue
            if folder != self.site and not any(folder.iterdir()):
                folder.rmdir()
        return removed

    def _delete(self, folder: Path) -> None:
        thread = threading.Thread(
            target=shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True}, daemon=True
        )
        thread.start()
        self._deleting.append(thread)

    def wait(self) -> None:
        for thread in self._deleting:
            thread.join()
