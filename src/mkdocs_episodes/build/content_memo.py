"""What a build computes from a file's bytes alone (its gzip copy, its parsed HTML), kept
for the next build of the same process: a `mkdocs serve` rebuild writes the same bytes
for most of a thousand pages, and compressing and parsing each of them again was a good
part of every rebuild.

Keyed by a digest of the bytes, never by a file's name or date: an entry can only be the
result of the very same input. Only what the last build used is kept, so that the memo
does not grow with every save. Off unless a session turns it on (`mkdocs build` computes
everything once anyway, and its worker processes would each hold a copy).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def digest(data: bytes) -> bytes:
    """What tells two contents apart, here and wherever bytes are compared across builds."""
    return hashlib.blake2b(data, digest_size=20).digest()


class ContentMemo:
    def __init__(self) -> None:
        self._last: dict[tuple[str, bytes], object] = {}
        self._now: dict[tuple[str, bytes], object] = {}
        # Pages are compressed by the build's thread and by Pagefind's finishing thread.
        self._lock = threading.Lock()

    def get(self, kind: str, data: bytes, make: Callable[[bytes], T]) -> T:
        """`make(data)`, or what it returned for the same `kind` and bytes last time."""
        key = (kind, digest(data))
        with self._lock:
            found = self._now.get(key, self._last.get(key, _MISSING))
        if found is _MISSING:
            found = make(data)
        with self._lock:
            self._now[key] = found
        return found  # type: ignore[return-value]

    def next_build(self) -> None:
        """A new build starts: what the previous one used stays, the rest goes."""
        with self._lock:
            self._last, self._now = self._now or self._last, {}


_MISSING = object()
# The memo of this process, when a session keeps one (`mkdocs serve`).
_active: ContentMemo | None = None


def use(memo: ContentMemo | None) -> None:
    global _active
    _active = memo


def remembered(kind: str, data: bytes, make: Callable[[bytes], T]) -> T:
    """`make(data)`, through the memo when one is in use."""
    memo = _active
    return make(data) if memo is None else memo.get(kind, data, make)
