"""Episodes read once for all of a preview's rebuilds, as long as their files stay the same.

Under `mkdocs serve`, every save rebuilds the site, and reading and checking a thousand
episode files (their YAML, captions and transcript) is a good part of each rebuild. A
valid episode read before is taken again when every file it was read from is still the
very same file: same real path after the gate, same inode, size, modification and change
times (a write, a rename over it or a new link changes one of them).

The gate still judges every path at every rebuild (`admit`): a folder turned into a link
that leads outside the repository is refused even when the file it holds is unchanged.
Files that gave problems are read again each time: their messages stay current. A file
changed shortly before it was read is read again next time too: a write during the
reading could otherwise leave a stamp newer than the content kept (as git's index does).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from mkdocs_episodes.core.gate import GateError, admit
from mkdocs_episodes.core.loader import Loaded, Reader
from mkdocs_episodes.core.problems import Severity

# What identifies one file's version: its real path and the stat fields that change on
# any write or replacement.
Stamp = tuple[str, int, int, int, int, int]
# One episode's files, the YAML first.
Stamps = tuple[Stamp, ...]
# A file changed less than this before its reading started is not kept: file times come
# from a coarse clock, and a save may land while the file is read.
SETTLED_NS = 2_000_000_000


def _stamp(path: Path, root: Path) -> Stamp | None:
    try:
        real = admit(path, root)
        info = real.stat()
    except (GateError, OSError):
        return None
    return (str(real), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _stamps(path: Path, root: Path, loaded: Loaded) -> Stamps | None:
    """The stamps of an episode's YAML and of every side file it names, as written."""
    episode = loaded.episode
    if episode is None:
        return None
    stamps = [_stamp(path, root)]
    stamps += [_stamp(path.parent / relative, root) for _loc, relative in episode.side_file_paths()]
    if any(stamp is None for stamp in stamps):
        return None
    return tuple(stamp for stamp in stamps if stamp is not None)


class EpisodeMemo:
    """Valid episodes by file, with the stamps of what they were read from."""

    def __init__(self) -> None:
        self._kept: dict[Path, tuple[Stamps, Loaded]] = {}
        # How many files the last reading took again and how many it read: for the log.
        self.reused = 0
        self.read = 0

    def reader(self, read: Reader) -> Reader:
        """`read`, for the files that changed since they were last read only."""

        def memo_read(paths: list[Path], root: Path) -> Iterator[Loaded]:
            kept: dict[Path, tuple[Stamps, Loaded]] = {}
            for path in paths:
                entry = self._kept.get(path)
                if entry is not None and _stamps(path, root, entry[1]) == entry[0]:
                    kept[path] = entry
            missing = [path for path in paths if path not in kept]
            self.reused, self.read = len(kept), len(missing)
            settled = time.time_ns() - SETTLED_NS
            fresh = dict(zip(missing, read(missing, root) if missing else (), strict=True))
            self._kept = kept
            for path in paths:
                if path in kept:
                    yield kept[path][1]
                    continue
                loaded = fresh[path]
                stamps = _stamps(path, root, loaded)
                if (
                    stamps is not None
                    and all(max(stamp[4], stamp[5]) < settled for stamp in stamps)
                    and all(problem.severity is not Severity.ERROR for problem in loaded.problems)
                ):
                    self._kept[path] = (stamps, loaded)
                yield loaded

        return memo_read

    def forget(self) -> None:
        self._kept.clear()
