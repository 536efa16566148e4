"""Generated pages a `mkdocs serve` rebuild would render exactly as the last one did, taken
from it instead of rendered again.

Rendering the templates of a thousand episode pages (and their embed pages) was the
largest part of a rebuild, when one save changes a handful of them. A page is taken
again when everything its template is given is the same as last time:

- the same site: mkdocs.yml, every template file (by size and time), the navigation,
  every docs page's title, metadata and headings, the data files, what every page is
  given of the series (counts, themes, the latest episode), the series' order, the day;
- the same page: its address, title, metadata, table of contents, rendered content, and
  what the generator adds to its context, where each episode counts as *the same* only
  when it is the very object read last time (the episode memo keeps an episode's object
  while none of its files changes);
- a value of a type the fingerprint does not know makes the page rendered, never kept.

The page's template is then `episodes/kept.html`, which writes the kept output instead
of extending the real template; every plugin's `on_post_page` still runs on it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from markupsafe import Markup
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from pydantic import BaseModel

from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.views import EpisodeView

T = TypeVar("T")
# The switch every kept-or-rendered page is given as its template.
SWITCH = "episodes/kept.html"
# Its context: the kept output, or the template to extend.
KEPT = "episodes_kept_output"
REAL = "episodes_template"


class _Unknown(Exception):
    """A value the fingerprint cannot vouch for: the page is rendered."""


def _walk(value: object, out: list[str], deps: list[object]) -> None:
    """`value` written out into `out`; the episodes it holds go to `deps` (by identity)."""
    if value is None or isinstance(value, str | int | float | bool | dt.date | Path):
        out.append(f"{type(value).__name__}:{value!r}")
    elif isinstance(value, bytes):
        out.append(hashlib.blake2b(value).hexdigest())
    elif isinstance(value, Episode):
        deps.append(value)
        out.append("episode")
    elif isinstance(value, EpisodeView):
        deps.append(value.episode)
        out.append("view")
    elif isinstance(value, dict):
        out.append("{")
        for key, item in value.items():
            _walk(key, out, deps)
            _walk(item, out, deps)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for item in value:
            _walk(item, out, deps)
        out.append("]")
    elif isinstance(value, AnchorLink):
        out.append(f"toc:{value.id!r}:{value.title!r}:{value.level}")
        _walk(value.children, out, deps)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        out.append(type(value).__qualname__)
        for item in dataclasses.fields(value):
            _walk(getattr(value, item.name), out, deps)
    elif isinstance(value, BaseModel):
        out.append(repr(value))
    else:
        raise _Unknown(type(value).__qualname__)


def fingerprint(value: object) -> tuple[bytes, tuple[object, ...]] | None:
    """A digest of `value` and the episodes it holds; None when it cannot be vouched for."""
    out: list[str] = []
    deps: list[object] = []
    try:
        _walk(value, out, deps)
    except _Unknown:
        return None
    return hashlib.blake2b("\x1f".join(out).encode("utf-8")).digest(), tuple(deps)


def _nav(items: Iterable[Any]) -> list[object]:
    return [
        (type(item).__name__, item.title, getattr(item, "url", None), _nav(item.children or []))
        for item in items
    ]


def template_stamps(folders: Iterable[str]) -> list[tuple[str, int, int]]:
    """Every template file by path, size and modification time."""
    stamps = []
    for folder in folders:
        for path in Path(folder).rglob("*"):
            if path.is_file():
                info = path.stat()
                stamps.append((str(path), info.st_size, info.st_mtime_ns))
    return sorted(stamps)


@dataclasses.dataclass
class _Entry:
    site: bytes
    page: bytes
    deps: tuple[object, ...]
    output: Any


class KeptPages:
    """Lives as long as the plugin instance: the pages of the last build, by source."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._site: tuple[bytes, tuple[object, ...]] | None = None
        # Pages of this build rendered for real, waiting for their output.
        self._pending: dict[str, tuple[bytes, tuple[object, ...]]] = {}
        self._touched: set[str] = set()
        self.kept = 0
        self.rendered = 0

    def new_build(self, site_facts: object) -> None:
        """What every page of this build shares; None-able parts make nothing kept."""
        self._site = fingerprint(site_facts)
        self._pending = {}
        # Pages the last build no longer had (a deleted episode) are forgotten.
        self._entries = {key: self._entries[key] for key in self._touched if key in self._entries}
        self._touched = set()
        self.kept = self.rendered = 0

    def choose(self, page: Page, additions: dict[str, Any], template: str) -> dict[str, Any]:
        """The context entries that make `page` kept or rendered with `template`."""
        key = page.file.src_uri
        facts = (
            page.url,
            page.title,
            dict(page.meta),
            list(page.toc),
            page.content,
            additions,
        )
        found = fingerprint(facts) if self._site is not None else None
        output = self._kept_output(key, found)
        if output is not None:
            return {KEPT: Markup(output)}
        if found is not None:
            self._pending[key] = found
        return {REAL: template}

    def remembered(self, key: str, facts: object, make: Callable[[], T]) -> T:
        """`make()`, or what it returned last time for the same `facts` (pages rendered
        outside MkDocs' pipeline, such as embed pages)."""
        found = fingerprint(facts) if self._site is not None else None
        output = self._kept_output(key, found)
        if output is not None:
            return output  # type: ignore[no-any-return]
        made = make()
        if found is not None and self._site is not None:
            self._entries[key] = _Entry(self._site[0], found[0], found[1] + self._site[1], made)
        return made

    def _kept_output(self, key: str, found: tuple[bytes, tuple[object, ...]] | None) -> Any:
        self._touched.add(key)
        entry = self._entries.get(key)
        site = self._site
        if (
            found is not None
            and site is not None
            and entry is not None
            and entry.site == site[0]
            and entry.page == found[0]
            and len(entry.deps) == len(found[1]) + len(site[1])
            and all(a is b for a, b in zip(entry.deps, found[1] + site[1], strict=True))
        ):
            self.kept += 1
            return entry.output
        self.rendered += 1
        self._entries.pop(key, None)
        return None

    def rendered_output(self, page: Page, output: str) -> None:
        """The template's output of a page rendered for real, before any plugin's
        `on_post_page`."""
        found = self._pending.pop(page.file.src_uri, None)
        if found is not None and self._site is not None:
            self._entries[page.file.src_uri] = _Entry(
                self._site[0], found[0], found[1] + self._site[1], output
            )


def site_facts(
    nav: Navigation,
    docs_pages: Iterable[Page],
    series_context: dict[str, Any],
    others: dict[str, object],
) -> dict[str, object]:
    """What every generated page shares, as `KeptPages.new_build` fingerprints it."""
    return {
        "nav": _nav(nav.items),
        "docs": [(p.file.src_uri, p.url, p.title, dict(p.meta), list(p.toc)) for p in docs_pages],
        # `lastmod` is filled as pages are read, for sitemap.xml only.
        "series": {k: v for k, v in series_context.items() if k != "lastmod"},
        **others,
    }
