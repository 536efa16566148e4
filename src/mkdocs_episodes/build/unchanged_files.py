"""Under `mkdocs serve`, a rebuild leaves alone a file it would write with the very bytes
the last build wrote there, when that file is back in place (`set_aside.PreviousSite`).

On this machine's file system, opening thousands of files for writing was the largest
part of a rebuild, even over files that exist: most of them (captions, posters, data,
compressed copies) are the same from one save to the next. Off unless a session turns
it on; what was left alone is told to the sweep, which would otherwise take it for a
file of the last build that this one did not write.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from mkdocs_episodes.build import content_memo


class _Writes:
    def __init__(self) -> None:
        self.record = False
        self.skip = False
        self.last: dict[Path, bytes] = {}
        self.now: dict[Path, bytes] = {}
        self.left: set[Path] = set()
        self.started = 0
        self.lock = threading.Lock()


_WRITES = _Writes()


def start(record: bool) -> None:
    """A build starts: `record` what it writes (`mkdocs serve`)."""
    with _WRITES.lock:
        if _WRITES.now:
            _WRITES.last = _WRITES.now
        _WRITES.now, _WRITES.left = {}, set()
        _WRITES.record, _WRITES.skip = record, False


def skip_same(started: int) -> None:
    """The last build's files are back in place: writes of the same bytes are skipped,
    over a file nobody wrote since `started` (the build's start, by the files' clock)."""
    with _WRITES.lock:
        _WRITES.skip = _WRITES.record
        _WRITES.started = started


def write(path: Path, data: bytes) -> None:
    """`path.write_bytes(data)`, unless the same bytes are there already."""
    if not _WRITES.record:
        path.write_bytes(data)
        return
    digest = content_memo.digest(data)
    if _WRITES.skip and _WRITES.last.get(path) == digest and path not in _WRITES.now:
        with contextlib.suppress(OSError):
            # Still as the last build left it: written by nobody since (MkDocs writes
            # some files this build writes again, such as sitemap.xml.gz).
            if path.stat().st_mtime_ns < _WRITES.started:
                with _WRITES.lock:
                    _WRITES.left.add(path)
                    _WRITES.now[path] = digest
                return
    path.write_bytes(data)
    with _WRITES.lock:
        _WRITES.now[path] = digest


def removed(path: Path) -> None:
    """`path` deleted by the build: never left alone as if written."""
    with _WRITES.lock:
        _WRITES.now.pop(path, None)
        _WRITES.left.discard(path)


def left_alone() -> set[Path]:
    """The files this build would have written with the bytes they hold."""
    with _WRITES.lock:
        return set(_WRITES.left)
