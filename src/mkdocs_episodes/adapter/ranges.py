"""`mkdocs serve` answers HTTP range requests, as nginx or a CDN does in production.

Without them a browser cannot seek in a video it has not downloaded whole: chapters,
`#t=` links and quality switches would restart the video at 0:00 in preview only.

What this relies on, and nothing more: MkDocs' LiveReloadServer is a `wsgiref` WSGI
server, so its application is read and replaced through wsgiref's public `get_app()` and
`set_app()`; a file it serves is answered "200 OK" with a Content-Length; its body is an
iterable of bytes (WSGI). When that body is a `wsgiref.util.FileWrapper` over a seekable
file (what MkDocs returns today), the range is read after a seek; any other body is
skipped through up to the range, so a change of MkDocs' body type costs time, never
correctness. Only single ranges are served (what browsers ask for media); several ranges
or an `If-Range` (MkDocs sends no validator it could match) get the whole file, as
RFC 9110 allows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

Application = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

_RANGE = re.compile(r"bytes=(\d*)-(\d*)")
_CHUNK = 64 * 1024
# Marks an application already wrapped: a second wrap would parse every range twice.
_WRAPPED = "_episodes_byte_ranges"


def byte_ranges(app: Application) -> Application:
    """`app`, answering a single `Range: bytes=…` with 206 Partial Content (or 416)."""
    if getattr(app, _WRAPPED, False):
        return app

    def ranged(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        asked = environ.get("HTTP_RANGE", "")
        if environ.get("REQUEST_METHOD", "GET") not in {"GET", "HEAD"}:
            return app(environ, start_response)
        answer: dict[str, Any] = {}

        written: list[bytes] = []

        def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            answer.update(status=status, headers=headers)
            return written.append  # WSGI's legacy write(), kept in front of the body

        body = app(environ, keep)
        if written:
            body = [*written, *_drained(body)]
        status, headers = answer["status"], list(answer["headers"])
        size = _length(headers)
        if not status.startswith("200") or size is None:
            start_response(status, headers)
            return body
        headers.append(("Accept-Ranges", "bytes"))
        wanted = _parse(asked, size) if asked and "HTTP_IF_RANGE" not in environ else None
        if wanted is None:
            start_response(status, headers)
            return body
        others = [(name, value) for name, value in headers if name.lower() != "content-length"]
        if wanted == "unsatisfiable":
            _close(body)
            start_response(
                "416 Range Not Satisfiable",
                [*others, ("Content-Range", f"bytes */{size}"), ("Content-Length", "0")],
            )
            return []
        first, last = wanted
        start_response(
            "206 Partial Content",
            [*others, ("Content-Range", f"bytes {first}-{last}/{size}"),
             ("Content-Length", str(last - first + 1))],
        )  # fmt: skip
        return _slice(body, first, last - first + 1)

    setattr(ranged, _WRAPPED, True)
    return ranged


def _length(headers: list[tuple[str, str]]) -> int | None:
    for name, value in headers:
        if name.lower() == "content-length" and value.isdigit():
            return int(value)
    return None


def _parse(header: str, size: int) -> tuple[int, int] | str | None:
    """The (first, last) bytes of a single range, "unsatisfiable", or None to send the
    whole file (several ranges, a unit other than bytes, a malformed header)."""
    match = _RANGE.fullmatch(header.strip())
    if match is None:
        return None
    start, end = match.groups()
    if not start and not end:
        return None
    if not start:  # "bytes=-N": the last N bytes
        suffix = int(end)
        if suffix == 0 or size == 0:
            return "unsatisfiable"
        return max(0, size - suffix), size - 1
    first = int(start)
    last = min(int(end), size - 1) if end else size - 1
    if end and int(end) < first:
        return None
    if first >= size:
        return "unsatisfiable"
    return first, last


def _slice(body: Iterable[bytes], offset: int, length: int) -> Iterator[bytes]:
    """`length` bytes of `body` from `offset`, the body closed at the end (WSGI)."""
    try:
        handle = getattr(body, "filelike", None)
        if handle is not None and getattr(handle, "seekable", lambda: False)():
            handle.seek(offset)
            while length > 0:
                data = handle.read(min(_CHUNK, length))
                if not data:
                    return
                length -= len(data)
                yield data
            return
        for data in body:
            if offset >= len(data):
                offset -= len(data)
                continue
            piece = data[offset : offset + length]
            offset = 0
            length -= len(piece)
            yield piece
            if length <= 0:
                return
    finally:
        _close(body)


def _drained(body: Iterable[bytes]) -> Iterator[bytes]:
    try:
        yield from body
    finally:
        _close(body)


def _close(body: Iterable[bytes]) -> None:
    close = getattr(body, "close", None)
    if close is not None:
        close()
