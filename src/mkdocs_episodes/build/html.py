"""The HTML reader of built pages: what one read of a page tells, for pruning, the CSP
check and the measurements alike.

libxml2 reads the pages (through lxml): a large site is read several times faster than
with Python's own HTML parser. Knows nothing of MkDocs.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree
from lxml import html as lxml_html

from mkdocs_episodes.build.content_memo import remembered

VIEWPORT_WIDTH = 1920
_FONT_SIZE = 16


@dataclass
class ParsedPage:
    """What one read of a page tells: its weight before interaction, and what the
    post-build steps need (every URL it points at, its inline scripts)."""

    dom: int
    loaded: list[str]
    # The URLs that may name a file of this site: links to pages (`…/`), anchors and
    # other sites' addresses are left out, as no file is found by their name.
    references: list[str]
    inline_scripts: list[str]


_REFERENCE_ATTRIBUTES = ("href", "src", "poster", "data")
_LXML_PARSER = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)


def _length(text: str) -> float:
    match = re.fullmatch(r"\s*([\d.]+)(px|em|rem|vw)\s*", text)
    if not match:
        return VIEWPORT_WIDTH
    number, unit = float(match.group(1)), match.group(2)
    if unit in {"em", "rem"}:
        return number * _FONT_SIZE
    if unit == "vw":
        return number * VIEWPORT_WIDTH / 100
    return number


def _slot_width(sizes: str) -> float:
    """Evaluate `sizes` for the measured screen: `(min-width: 60em) 14rem, 100vw`."""
    for entry in sizes.split(","):
        match = re.fullmatch(r"\s*\((min|max)-width:\s*([^)]+)\)\s*(.+)", entry)
        if not match:
            return _length(entry)
        kind, limit, length = match.groups()
        width = _length(limit)
        if (kind == "min" and width <= VIEWPORT_WIDTH) or (
            kind == "max" and width >= VIEWPORT_WIDTH
        ):
            return _length(length)
    return VIEWPORT_WIDTH


def _pick_candidate(values: dict[str, str]) -> str:
    """The image a browser at density 1 picks: the narrowest candidate that fills the slot."""
    srcset = values.get("srcset", "")
    candidates = []
    for part in srcset.split(","):
        bits = part.split()
        if len(bits) == 2 and bits[1].endswith("w"):
            candidates.append((int(bits[1][:-1]), bits[0]))
    if not candidates:
        return values.get("src", "")
    slot = _slot_width(values.get("sizes", "100vw"))
    candidates.sort()
    for width, url in candidates:
        if width >= slot:
            return url
    return candidates[-1][1]


def parse_page(page: Path) -> ParsedPage:
    return parse_html(page.read_bytes())


# Compiled once; XPath walks the tree in C, where a Python loop over every element of
# thousands of pages would dominate the measurement of a large site.
_COUNT_ELEMENTS = etree.XPath("count(//*)")
_COUNT_IN_SVG = etree.XPath("count(//svg//*)")
_REFERENCES = etree.XPath("//@href|//@src|//@poster|//@data", smart_strings=False)
_SRCSETS = etree.XPath("//@srcset", smart_strings=False)
_LOADERS = etree.XPath("//link|//script|//img|//video|//video//track|//iframe|//embed")


def _may_name_a_file(url: str) -> bool:
    """Whether a URL may point at a file of this site by its name (pruning looks files
    up by name). An episode page holds about 90 URLs, two thirds of them links to pages,
    anchors or other sites: kept for every page until the post-build, they would only
    hold memory."""
    path = url.split("#", 1)[0].split("?", 1)[0]
    return bool(path) and not path.endswith("/") and ":" not in path.split("/", 1)[0]


def parse_html(data: bytes) -> ParsedPage:
    """libxml2 reads the page (through lxml): a large site is read several times faster
    than with Python's own HTML parser. The same bytes are read once per `mkdocs serve`."""
    return remembered("html", data, _parse_html)


def _parse_html(data: bytes) -> ParsedPage:
    if not data.strip():
        return ParsedPage(0, [], [], [])
    root = lxml_html.document_fromstring(data, parser=_LXML_PARSER)
    # EcoIndex does not count the insides of <svg>.
    dom = int(_COUNT_ELEMENTS(root)) - int(_COUNT_IN_SVG(root))
    references: list[str] = [value for value in _REFERENCES(root) if _may_name_a_file(value)]
    for srcset in _SRCSETS(root):
        references += [part.split()[0] for part in srcset.split(",") if part.strip()]
    loaded: list[str] = []
    scripts: list[str] = []
    for element in _LOADERS(root):
        tag = element.tag
        values = element.attrib
        if tag == "link":
            if {"stylesheet", "icon", "preload", "modulepreload"} & set(
                values.get("rel", "").split()
            ):
                loaded.append(values.get("href", ""))
        elif tag == "script":
            if values.get("src"):
                loaded.append(values["src"])
            elif values.get("type", "") in ("", "module", "text/javascript"):
                scripts.append(element.text or "")
        elif tag == "img":
            loaded.append(_pick_candidate(dict(values)))
        elif tag == "video":
            if values.get("poster"):
                loaded.append(values["poster"])
            if values.get("preload") != "none" and values.get("src"):
                loaded.append(values["src"])
        elif tag == "track":
            # Selected only inside a <video>: a track loads with its player.
            if "default" in values:
                loaded.append(values.get("src", ""))
        elif values.get("src"):
            loaded.append(values["src"])
    return ParsedPage(dom, loaded, references, scripts)


def site_pages(site: Path) -> list[Path]:
    """Every HTML page of the site (the search bundle holds none)."""
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)


def resolve_link(site: Path, page: Path, url: str) -> Path | None:
    """The file a page's link points at, by string arithmetic alone: resolving tens of
    thousands of links against the file system would dominate a large build."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    base = str(site) if path.startswith("/") else os.path.dirname(page)  # noqa: PTH120
    target = os.path.normpath(os.path.join(base, path.lstrip("/")))  # noqa: PTH118
    if path.endswith("/"):
        target = os.path.join(target, "index.html")  # noqa: PTH118
    return Path(target)
