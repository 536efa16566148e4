"""The weight of each built page, measured the way a browser loads it, before any click.

For every page: the HTML, its stylesheets and scripts, its images (the `srcset`
candidate a 1920-pixel-wide screen picks; lazy images are counted too, since browsers
fetch those near the screen early), video posters and default caption tracks. Bytes are
what travels: the pre-compressed `.gz` when the build wrote one. DOM elements are counted
as EcoIndex counts them (every element, but not the insides of `<svg>`), and the score
comes from the `ecoindex-compute` package. Nothing is fetched from the network: a
resource on another host is reported, never loaded.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from lxml import etree
from lxml import html as lxml_html

VIEWPORT_WIDTH = 1920
T = TypeVar("T")
_FONT_SIZE = 16


@dataclass(frozen=True)
class Budget:
    requests: int = 10
    size_kb: float = 120
    ecoindex: float = 85


@dataclass
class PageWeight:
    url: str
    requests: int
    bytes: int
    dom: int
    score: float
    grade: str
    resources: list[str] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)

    @property
    def kilobytes(self) -> float:
        return self.bytes / 1000

    def over(self, budget: Budget) -> list[str]:
        faults = []
        if self.requests > budget.requests:
            faults.append(f"{self.requests} requêtes (au plus {budget.requests})")
        if self.kilobytes > budget.size_kb:
            faults.append(f"{self.kilobytes:.1f} ko (au plus {budget.size_kb:g})")
        if self.score < budget.ecoindex:
            faults.append(f"EcoIndex {self.score:.0f} (au moins {budget.ecoindex:g})")
        if self.third_party:
            faults.append(f"ressource tierce : {self.third_party[0]}")
        return faults


@dataclass
class ParsedPage:
    """What one read of a page tells: its weight before interaction, and what the
    post-build steps need (every URL it points at, its inline scripts)."""

    dom: int
    loaded: list[str]
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


def _page_url(site: Path, page: Path) -> str:
    relative = page.relative_to(site).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def _transfer_size(path: Path) -> int:
    packed = path.with_name(path.name + ".gz")
    size = path.stat().st_size
    return min(size, packed.stat().st_size) if packed.is_file() else size


def parse_page(page: Path) -> ParsedPage:
    return parse_html(page.read_bytes())


# Compiled once; XPath walks the tree in C, where a Python loop over every element of
# thousands of pages would dominate the measurement of a large site.
_COUNT_ELEMENTS = etree.XPath("count(//*)")
_COUNT_IN_SVG = etree.XPath("count(//svg//*)")
_REFERENCES = etree.XPath("//@href|//@src|//@poster|//@data", smart_strings=False)
_SRCSETS = etree.XPath("//@srcset", smart_strings=False)
_LOADERS = etree.XPath("//link|//script|//img|//video|//video//track|//iframe|//embed")


def parse_html(data: bytes) -> ParsedPage:
    """libxml2 reads the page (through lxml): a large site is read several times faster
    than with Python's own HTML parser."""
    if not data.strip():
        return ParsedPage(0, [], [], [])
    root = lxml_html.document_fromstring(data, parser=_LXML_PARSER)
    # EcoIndex does not count the insides of <svg>.
    dom = int(_COUNT_ELEMENTS(root)) - int(_COUNT_IN_SVG(root))
    references: list[str] = [value for value in _REFERENCES(root) if value]
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


def measure_page(
    site: Path,
    page: Path,
    parsed: ParsedPage | None = None,
    sizes: dict[Path, int | None] | None = None,
) -> PageWeight:
    """`sizes` keeps, across the pages of one site, the transfer size of each file
    (None: not a file of the site), so that a stylesheet is looked up once, not per page."""
    parsed = parsed or parse_page(page)
    sizes = {} if sizes is None else sizes
    total = _transfer_size(page)
    resources: list[str] = []
    third_party: list[str] = []
    seen: set[Path] = set()
    for url in parsed.loaded:
        parts = urlsplit(url)
        if parts.scheme == "data" or not url:
            continue
        if parts.scheme or parts.netloc:
            third_party.append(url)
            continue
        target = resolve_link(site, page, url)
        if target is None or target in seen:
            continue
        if target not in sizes:
            inside = target.is_relative_to(site)
            sizes[target] = _transfer_size(target) if inside and target.is_file() else None
        size = sizes[target]
        if size is None:
            continue
        seen.add(target)
        resources.append(target.relative_to(site).as_posix())
        total += size
    return PageWeight(
        url=_page_url(site, page),
        requests=1 + len(resources) + len(third_party),
        bytes=total,
        dom=parsed.dom,
        score=0.0,
        grade="?",
        resources=resources,
        third_party=third_party,
    )


def _score(weights: list[PageWeight]) -> None:
    # Imported when pages are scored, after the build: not before the first page.
    from ecoindex.compute import compute_ecoindex

    with warnings.catch_warnings():
        # ecoindex-compute 5.x calls its own deprecated get_ecoindex internally.
        warnings.filterwarnings("ignore", "Use compute_ecoindex instead", DeprecationWarning)
        for weight in weights:
            index = _finish(
                compute_ecoindex(
                    nodes=weight.dom, size=weight.bytes / 1000, requests=weight.requests
                )
            )
            weight.score = float(index.score)
            weight.grade = getattr(index.grade, "value", str(index.grade))


def measure_site(site: Path, parsed: dict[Path, ParsedPage] | None = None) -> list[PageWeight]:
    """Every page's weight; `parsed` reuses a read the build already made."""
    parsed = parsed or {}
    sizes: dict[Path, int | None] = {}
    weights = [measure_page(site, page, parsed.get(page), sizes) for page in site_pages(site)]
    _score(weights)
    return weights


def _finish(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine that never waits on anything, such as ecoindex-compute's.

    No event loop is needed (nor allowed, when the caller already runs one).
    """
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    coroutine.close()
    raise RuntimeError("ecoindex-compute waited on input/output")


def table(weights: list[PageWeight], budget: Budget) -> str:
    """A Markdown table, one line per page."""
    lines = [
        "| Page | Requêtes | Poids (ko) | Éléments DOM | EcoIndex | Budget |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for weight in weights:
        faults = weight.over(budget)
        status = "dépassé : " + ", ".join(faults) if faults else "respecté"
        lines.append(
            f"| {weight.url} | {weight.requests} | {weight.kilobytes:.1f} | {weight.dom} | "
            f"{weight.score:.0f} ({weight.grade}) | {status} |"
        )
    return "\n".join(lines)


def _kind(url: str) -> str:
    if url == "/":
        return "Accueil"
    if url == "/episodes/" or url.startswith("/episodes/page/"):
        return "Liste des épisodes"
    if url.startswith("/episodes/"):
        return "Épisodes"
    if url.startswith("/themes/"):
        return "Thèmes"
    if url.startswith("/doctrine/"):
        return "Doctrine"
    return "Autres pages"


def summary_table(weights: list[PageWeight], budget: Budget) -> str:
    """One line per kind of page, with its worst figures: short enough to publish."""
    kinds: dict[str, list[PageWeight]] = {}
    for weight in weights:
        kinds.setdefault(_kind(weight.url), []).append(weight)
    lines = [
        "| Pages | Nombre | Requêtes (au plus) | Poids en ko (au plus) | EcoIndex (au moins) | Budget |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for kind, group in kinds.items():
        worst = min(group, key=lambda w: w.score)
        over = sum(1 for w in group if w.over(budget))
        lines.append(
            f"| {kind} | {len(group)} | {max(w.requests for w in group)} | "
            f"{max(w.kilobytes for w in group):.1f} | {worst.score:.0f} ({worst.grade}) | "
            f"{'respecté' if not over else f'dépassé sur {over} page(s)'} |"
        )
    return "\n".join(lines)


def csv_table(weights: list[PageWeight]) -> str:
    rows = ["page,requetes,octets,elements_dom,ecoindex,note"]
    rows += [f"{w.url},{w.requests},{w.bytes},{w.dom},{w.score:.1f},{w.grade}" for w in weights]
    return "\n".join(rows) + "\n"
