"""The slow-device run: each page kind of the demo site, and a bare Material page, loaded
in Chromium as an old phone on a slow network sees them.

Profile (the one of Lighthouse's mobile preset, through the Chrome DevTools Protocol):
a 390 × 844 viewport, device scale factor 3, touch, `Network.emulateNetworkConditions`
« Slow 4G » (150 ms latency, 1.6 Mbit/s down, 750 kbit/s up) and
`Emulation.setCPUThrottlingRate` 6. Each load gets a new browser context (cold cache);
pages are served gzipped as nginx serves them (`browser._StaticServer`).

Metrics come from the page's own performance timeline, observed from before any page
script runs (`add_init_script`): largest contentful paint (`largest-contentful-paint`,
the last entry before any input), cumulative layout shift (`layout-shift` entries without
recent input, summed), total blocking time (`longtask` entries: the part of each task
beyond 50 ms, counted from the first contentful paint until 2 s pass without a long task).
Also: the requests Chromium marks render-blocking (`renderBlockingStatus`), the bytes
transferred, and for search results the time until the results are shown.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs_episodes.build.postbuild import compress

from . import repository
from .browser import CHROMIUM, CHROMIUM_ARGS, FIRST_QUERY, _StaticServer
from .projects import baseline_markdown
from .repository import doctrine_pages, poster_sources
from .synthetic import make_episode

LOADS = 3
VIEWPORT = {"width": 390, "height": 844}
# Lighthouse's mobile preset (« Slow 4G »), bytes per second.
LATENCY_MS = 150
DOWNLOAD = 1.6 * 1024 * 1024 / 8
UPLOAD = 750 * 1024 / 8
CPU_SLOWDOWN = 6
# The page is quiet once no long task has started for this long (ms).
QUIET_MS = 2000
# Targets of the issue « Speed where it is felt », target 1.
LCP_TARGET_S = 1.0
TBT_TARGET_MS = 50
CLS_TARGET = 0.02

# Page kinds of the demo site (this repository's mkdocs.yml) → address.
OUR_PAGES = {
    "Accueil": "",
    "Liste des épisodes": "episodes/",
    "Épisode auto-hébergé": "episodes/demo-video-sobre/",
    "Épisode Dailymotion": "episodes/les-enjeux/",
    "Thème": "themes/enjeux/",
    "Doctrine": "doctrine/rgesn/",
    "Ressources": "ressources/",
    "Résultats de recherche": f"recherche/?q={FIRST_QUERY}",
}
SEARCH_PAGE = "Résultats de recherche"
# The bare Material site: its home page and a text page like an episode's.
BASE_PAGES = {"Accueil": "", "Page de contenu": "episodes/episode-1/"}

# Observers registered before any script of the page.
OBSERVERS = """
(() => {
  const perf = window.__slow = {lcp: 0, lcpNode: '', fcp: null, cls: 0, tasks: [], lastTask: 0};
  const watch = (type, each) => {
    try {
      new PerformanceObserver(list => list.getEntries().forEach(each))
        .observe({type, buffered: true});
    } catch (error) { perf.unsupported = (perf.unsupported || []).concat(type); }
  };
  watch('largest-contentful-paint', e => {
    perf.lcp = e.startTime;
    const node = e.element;
    perf.lcpNode = node ? node.tagName.toLowerCase() + (node.className ? '.' +
      String(node.className).split(' ')[0] : '') : '';
  });
  watch('paint', e => { if (e.name === 'first-contentful-paint') perf.fcp = e.startTime; });
  watch('layout-shift', e => { if (!e.hadRecentInput) perf.cls += e.value; });
  watch('longtask', e => {
    perf.tasks.push([e.startTime, e.duration]);
    perf.lastTask = performance.now();
  });
})();
"""
RESOURCES = """
() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
  .map(e => ({name: e.name, bytes: e.transferSize || e.encodedBodySize,
             blocking: e.renderBlockingStatus === 'blocking', type: e.initiatorType}))
"""


@dataclass
class Load:
    """One cold load of one page."""

    lcp_ms: float
    cls: float
    tbt_ms: float
    fcp_ms: float
    requests: int
    bytes: int
    blocking: list[str]
    lcp_node: str
    # Search results: from navigation to the results shown (ms).
    results_ms: float | None = None


@dataclass
class PageFigures:
    """Median of the loads of one page."""

    label: str
    url: str
    loads: list[Load] = field(default_factory=list)
    error: str = ""

    def median(self, attribute: str) -> float | None:
        values = [getattr(load, attribute) for load in self.loads]
        values = [value for value in values if value is not None]
        return statistics.median(values) if values else None

    @property
    def blocking(self) -> list[str]:
        return self.loads[0].blocking if self.loads else []

    @property
    def lcp_node(self) -> str:
        return self.loads[-1].lcp_node if self.loads else ""


@dataclass
class SlowDeviceResult:
    ours: list[PageFigures]
    base: list[PageFigures]
    load_average: str
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def _say(message: str) -> None:
    print(message, flush=True)


def build_our_site(site: Path) -> None:
    """The demo site: this repository's own mkdocs.yml, built strict."""
    _build(repository.REPO / "mkdocs.yml", site)


def build_base_site(project: Path) -> Path:
    """A bare Material site with system fonts (`font: false`), its default search
    plugin and a text page as long as an episode's transcript; gzipped like ours."""
    docs = project / "docs"
    (docs / "episodes").mkdir(parents=True)
    name = repository.config().site_name
    (project / "mkdocs.yml").write_text(
        f'site_name: "{name}"\ntheme:\n  name: material\n  language: fr\n  font: false\n',
        encoding="utf-8",
    )
    (docs / "index.md").write_text(
        f"# {name}\n\nLa mini-série vidéo des référents numérique écoresponsable.\n",
        encoding="utf-8",
    )
    episode = make_episode(1, doctrine_pages(), len(poster_sources()))
    (docs / "episodes" / "episode-1.md").write_text(baseline_markdown(episode), encoding="utf-8")
    site = project / "site"
    _build(project / "mkdocs.yml", site)
    compress(site)
    return site


def _build(config: Path, site: Path) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"]
    run = subprocess.run(
        [*command, "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    if run.returncode:
        raise RuntimeError(f"construction de {config} en échec :\n{run.stderr[-3000:]}")


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The site served gzipped on a free local port; yields its base address."""
    server = _StaticServer(site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def slowed_context(browser: Any) -> tuple[Any, Any, Any]:
    """A fresh context, its page (cold cache) throttled as a slow phone on Slow 4G, and
    the page's DevTools session."""
    context = browser.new_context(
        viewport=VIEWPORT,
        screen=VIEWPORT,
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
        locale="fr-FR",
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": LATENCY_MS,
            "downloadThroughput": DOWNLOAD,
            "uploadThroughput": UPLOAD,
        },
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.add_init_script(OBSERVERS)
    return context, page, cdp


def _evaluate(cdp: Any, expression: str) -> Any:
    """`expression`'s value, read through the DevTools protocol: unlike Playwright's own
    evaluation, nothing is injected into the page, whose main thread is being measured."""
    reply = cdp.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
    return reply.get("result", {}).get("value")


def _wait_for(cdp: Any, expression: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not _evaluate(cdp, expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"attente dépassée : {expression}")
        time.sleep(0.1)


def load_once(browser: Any, url: str, search: bool) -> Load:
    context, page, cdp = slowed_context(browser)
    try:
        page.goto(url, wait_until="load", timeout=60_000)
        results_ms = None
        if search:
            _wait_for(cdp, "document.querySelector('#ep-search-status').textContent.length > 0", 60)
            results_ms = _evaluate(cdp, "performance.now()")
        # Quiet: no long task has started for QUIET_MS since the load (at most 20 s).
        _wait_for(
            cdp,
            f"performance.now() - Math.max(window.__slow.lastTask, "
            f"performance.getEntriesByType('navigation')[0].loadEventEnd) > {QUIET_MS}",
            20,
        )
        perf = _evaluate(cdp, "window.__slow")
        resources = _evaluate(cdp, f"({RESOURCES})()")
    finally:
        context.close()
    fcp = perf["fcp"] or 0.0
    tbt = sum(
        max(0.0, start + duration - max(start, fcp) - 50)
        for start, duration in perf["tasks"]
        if start + duration > fcp
    )
    return Load(
        lcp_ms=perf["lcp"],
        cls=perf["cls"],
        tbt_ms=tbt,
        fcp_ms=fcp,
        requests=len(resources),
        bytes=sum(resource["bytes"] for resource in resources),
        blocking=[
            resource["name"].rsplit("/", 1)[-1] for resource in resources if resource["blocking"]
        ],
        lcp_node=perf["lcpNode"],
        results_ms=results_ms,
    )


def measure_pages(browser: Any, base: str, pages: dict[str, str], side: str) -> list[PageFigures]:
    figures = [PageFigures(label, base + path) for label, path in pages.items()]
    # Loads taken in turns, page after page: a burst of load on the machine spreads over
    # every page instead of falling on one.
    for turn in range(LOADS):
        for page in figures:
            if page.error:
                continue
            try:
                page.loads.append(load_once(browser, page.url, page.label == SEARCH_PAGE))
            except Exception as error:  # a page that cannot load is reported, not fatal
                page.error = str(error).splitlines()[0]
        _say(f"[appareils lents] {side} : chargement {turn + 1}/{LOADS} de chaque page fait")
    return figures


def _load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="utf-8").split()[:3])
    except OSError:
        return "–"


def run_slow_device(root: Path) -> SlowDeviceResult:
    """Builds both sites under `root`, then loads every page LOADS times, cold, throttled."""
    from playwright.sync_api import sync_playwright

    _say("[appareils lents] construction du site de démonstration et d'un site Material nu…")
    ours_site = root / "appareils-lents" / "nous"
    build_our_site(ours_site)
    base_site = build_base_site(root / "appareils-lents" / "base")
    before = _load_average()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with served(ours_site) as ours_base, served(base_site) as base_base:
                base = measure_pages(browser, base_base, BASE_PAGES, "Material nu")
                ours = measure_pages(browser, ours_base, OUR_PAGES, "notre site")
        finally:
            browser.close()
    return SlowDeviceResult(ours, base, f"{before} avant, {_load_average()} après")
