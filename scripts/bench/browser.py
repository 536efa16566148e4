"""The --browser check: Chromium searches our site, served as nginx serves it, and the
server counts the bytes of every /pagefind/ request.

Words are typed into the search box one after the other: the first search loads the
runtime, each later one an index chunk and its results.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from mkdocs_episodes.core import urls

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
# All occur in the transcripts, from the rarer to the most frequent.
FIRST_QUERY = "sobriété"
LATER_QUERIES = ("réemploi", "financement", "référent", "numérique", "ministère")


class _StaticServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: Path) -> None:
        self.site = site
        self.log: list[tuple[str, int]] = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _GzipStaticHandler)


class _GzipStaticHandler(SimpleHTTPRequestHandler):
    """Serves the site's pre-compressed `.gz` files (nginx `gzip_static`), counting bytes."""

    server: _StaticServer
    extensions_map = {  # noqa: RUF012 - the base class declares it as a plain dict
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".pagefind": "application/octet-stream",
        ".pf_meta": "application/octet-stream",
        ".pf_index": "application/octet-stream",
        ".pf_fragment": "application/octet-stream",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(args[2].site), **kwargs)

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()
        packed = path.with_name(path.name + ".gz")
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "") and packed.is_file()
        data = (packed if gzipped else path).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        with self.server.lock:
            self.server.log.append((self.path, len(data)))
        return io.BytesIO(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class BrowserSearch:
    """/pagefind/ requests seen by the server while Chromium searches."""

    before_requests: int
    first: int
    # Each later query with its bytes, in the order typed.
    later: dict[str, int]

    @property
    def later_max(self) -> int:
        return max(self.later.values(), default=0)


def browser_search(site: Path) -> BrowserSearch:
    """Bytes of /pagefind/ requests before focus, for a first query and for later ones."""
    from playwright.sync_api import sync_playwright

    server = _StaticServer(site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    def pagefind_requests(since: int) -> list[int]:
        with server.lock:
            return [size for path, size in server.log[since:] if path.startswith("/pagefind/")]

    def mark() -> int:
        with server.lock:
            return len(server.log)

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"{base}/{urls.EPISODES}", wait_until="load")
            page.wait_for_timeout(1000)
            before = len(pagefind_requests(0))
            spent: dict[str, int] = {}
            for word in (FIRST_QUERY, *LATER_QUERIES):
                start = mark()
                page.fill("#ep-search-input", "")
                page.focus("#ep-search-input")
                page.keyboard.type(word, delay=40)
                page.wait_for_function(
                    "w => document.querySelector('#ep-search-status').textContent.includes(w)",
                    arg=word,
                    timeout=60_000,
                )
                page.wait_for_timeout(1500)
                spent[word] = sum(pagefind_requests(start))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    first = spent.pop(FIRST_QUERY)
    return BrowserSearch(before, first, spent)
