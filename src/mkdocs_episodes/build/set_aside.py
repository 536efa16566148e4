"""The previous build's files set aside in one step, and deleted in the background.

`mkdocs serve` builds every time into the same folder, which MkDocs first empties file
by file: at a thousand episodes, 12,000 files and 2,000 folders, a second or more of
every rebuild spent before the first page is made. Moved into a folder beside it (a
rename per top-level entry, on the same file system), they leave the folder empty at
once; a thread deletes them while the build goes on. Entries whose name starts with a
dot stay, as MkDocs keeps them.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path


def set_aside(site: Path) -> threading.Thread | None:
    """Empty `site` now (its hidden entries kept); the returned thread deletes what was
    in it. None when there was nothing to move."""
    entries = [entry for entry in site.iterdir() if not entry.name.startswith(".")]
    if not entries:
        return None
    # Beside the site, never inside it: nothing of it may be served.
    bin_folder = Path(tempfile.mkdtemp(prefix=f".{site.name}-ancien-", dir=site.parent))
    for entry in entries:
        entry.rename(bin_folder / entry.name)
    thread = threading.Thread(
        target=shutil.rmtree, args=(bin_folder,), kwargs={"ignore_errors": True}, daemon=True
    )
    thread.start()
    return thread
