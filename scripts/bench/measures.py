"""What the built sites weigh: size on disk, pages as a browser loads them, search cost.

Pages are weighed and scored by the package itself (`episodes budget` does the same),
and the baseline is pre-compressed by the package's own function, as our build does for
its files: both sites' bytes are what would travel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs_episodes.build.budget import (
    PageWeight,
    measure_page,
    measure_site,
    score,
    summary_table,
    transfer_size,
)
from mkdocs_episodes.build.postbuild import compress_file, compressed_at_build
from mkdocs_episodes.build.search_chunks import load as load_pagefind_file
from mkdocs_episodes.core import urls

from .repository import budget
from .runs import BuildRun

if TYPE_CHECKING:
    from .browser import BrowserSearch
    from .synthetic import SyntheticEpisode

# episodes.js asks Pagefind for the data (one fragment each) of the first 5 results.
FRAGMENTS_PER_QUERY = 5


@dataclass
class SearchCost:
    runtime: int = 0
    first: int = 0
    later: int = 0
    chunks: int = 0
    fragments: int = 0
    chunk_median: int = 0
    chunk_max: int = 0
    # The words of the heaviest chunk, when it holds a few: the words a search pays most for.
    heaviest_words: list[str] = field(default_factory=list)


@dataclass
class Side:
    run: BuildRun
    size: int = 0
    size_without_gzip: int = 0
    files: int = 0
    episode: PageWeight | None = None
    index: PageWeight | None = None
    search_bytes: int | None = None


@dataclass
class SiteBudget:
    pages: int
    min_score: float
    max_kb: float
    over: int
    over_requests: int
    with_pagefind: int
    worst: list[PageWeight]
    # The package's own summary: one line per kind of page, with its worst figures.
    by_kind: str


@dataclass
class SizeResult:
    n: int
    ours: Side
    base: Side
    search: SearchCost | None = None
    budget: SiteBudget | None = None
    browser: BrowserSearch | None = None
    lunr_worker: int = 0
    notes: list[str] = field(default_factory=list)


def site_bytes(site: Path, with_gzip: bool = True) -> int:
    return sum(
        path.stat().st_size
        for path in site.rglob("*")
        if path.is_file() and (with_gzip or path.suffix != ".gz")
    )


def scored(site: Path, page: Path) -> PageWeight:
    """One page's weight and EcoIndex, as `episodes budget` measures every page."""
    weight = measure_page(site, page)
    score([weight])
    return weight


def chunk_words(path: Path) -> list[str]:
    return [entry[0] for entry in load_pagefind_file(path.read_bytes())[0]]


def pagefind_cost(site: Path) -> SearchCost | None:
    """Bytes of a first query (runtime, metadata, one index chunk, fragments) and a later one.

    Index chunks, fragments and the WebAssembly file are gzip streams already; other
    files count as they travel (their `.gz` when the build wrote one). The largest chunk
    and fragments are taken: an upper bound.
    """
    bundle = site / "pagefind"
    if not bundle.is_dir():
        return None
    runtime = sum(
        transfer_size(bundle / name)
        for name in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
        if (bundle / name).is_file()
    )
    runtime += sum(path.stat().st_size for path in bundle.glob("wasm.*.pagefind"))
    runtime += sum(transfer_size(path) for path in bundle.glob("*.pf_meta"))
    sizes = {path: path.stat().st_size for path in (bundle / "index").glob("*.pf_index")}
    paths = sorted(sizes, key=lambda path: -sizes[path])
    chunks = [sizes[path] for path in paths]
    fragments = sorted(
        (p.stat().st_size for p in (bundle / "fragment").glob("*.pf_fragment")), reverse=True
    )
    per_query = (chunks[0] if chunks else 0) + sum(fragments[:FRAGMENTS_PER_QUERY])
    return SearchCost(
        runtime,
        runtime + per_query,
        per_query,
        len(chunks),
        len(fragments),
        chunk_median=chunks[len(chunks) // 2] if chunks else 0,
        chunk_max=chunks[0] if chunks else 0,
        heaviest_words=chunk_words(paths[0]) if paths else [],
    )


def measure_ours(side: Side, site: Path, episode: str) -> None:
    side.size = site_bytes(site)
    side.size_without_gzip = site_bytes(site, with_gzip=False)
    side.files = sum(1 for path in site.rglob("*") if path.is_file())
    side.episode = scored(site, site / urls.episode(episode) / "index.html")
    side.index = scored(site, site / urls.EPISODES / "index.html")


def measure_baseline(side: Side, site: Path, episode: str) -> int:
    """Weights of the plain Material site, gzipped as ours; returns the search worker's size."""
    side.size = side.size_without_gzip = site_bytes(site, with_gzip=False)
    side.files = sum(1 for path in site.rglob("*") if path.is_file())
    episode_page = site / urls.episode(episode) / "index.html"
    home = site / "index.html"
    index = site / "search" / "search_index.json"
    for path in [episode_page, home, index, *(site / "assets").rglob("*")]:
        if compressed_at_build(path) and path.is_file():
            compress_file(path)
    side.episode = scored(site, episode_page)
    side.index = scored(site, home)
    side.search_bytes = transfer_size(index) if index.is_file() else None
    workers = list((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    return sum(transfer_size(path) for path in workers)


def unpublished(site: Path, episodes: list[SyntheticEpisode]) -> list[str]:
    """A note when some episode has no page: a scheduled one would make N smaller than
    it says."""
    missing = [e for e in episodes if not (site / urls.episode(e.slug) / "index.html").is_file()]
    if not missing:
        return []
    return [f"{len(missing)} épisode(s) sur {len(episodes)} sans page, dont {missing[0].slug}"]


def site_budget(site: Path) -> SiteBudget:
    limits = budget()
    weights = measure_site(site)
    over = [w for w in weights if w.score < limits.ecoindex or w.kilobytes > limits.size_kb]
    return SiteBudget(
        pages=len(weights),
        min_score=min(w.score for w in weights),
        max_kb=max(w.kilobytes for w in weights),
        over=len(over),
        over_requests=sum(1 for w in weights if w.requests > limits.requests),
        with_pagefind=sum(1 for w in weights if any("pagefind" in r for r in w.resources)),
        worst=sorted(weights, key=lambda w: (w.score, -w.bytes))[:8],
        by_kind=summary_table(weights, limits),
    )
