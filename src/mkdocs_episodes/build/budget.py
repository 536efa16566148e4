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

import warnings
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from markupsafe import escape

from mkdocs_episodes.build.html import ParsedPage, parse_page, resolve_link, site_pages
from mkdocs_episodes.core.settings import Budget

T = TypeVar("T")


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


def _page_url(site: Path, page: Path) -> str:
    relative = page.relative_to(site).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def transfer_size(path: Path) -> int:
    """The bytes a file costs to fetch: its pre-compressed copy when that is smaller."""
    packed = path.with_name(path.name + ".gz")
    size = path.stat().st_size
    return min(size, packed.stat().st_size) if packed.is_file() else size


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
    total = transfer_size(page)
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
            sizes[target] = transfer_size(target) if inside and target.is_file() else None
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


def score(weights: list[PageWeight]) -> None:
    """Each weight scored by ecoindex-compute (its score and grade filled in)."""
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
    score(weights)
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


def markdown_table_html(text: str) -> str:
    """A pipe table (as `table` and `summary_table` write it) as escaped HTML."""
    rows = [line.strip("|").split(" | ") for line in text.splitlines()]
    header, body = rows[0], rows[2:]
    head = "".join(f'<th scope="col">{escape(cell.strip())}</th>' for cell in header)
    lines = [
        "<tr>" + "".join(f"<td>{escape(cell.strip())}</td>" for cell in row) + "</tr>"
        for row in body
    ]
    return f'<table class="ep-budget"><thead><tr>{head}</tr></thead><tbody>{"".join(lines)}</tbody></table>'
