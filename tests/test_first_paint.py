"""What a visitor on a slow phone gets before the first paint, in a real browser (Debian's
chromium) on the demo site served by nginx with its Content-Security-Policy: nothing to
fetch but the page itself, a stylesheet the CSP admits, no layout shift while the page
loads, and a page that looks exactly as with Material's whole stylesheet."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import material
import pytest
from conftest import BuildResult
from playwright.sync_api import Browser, Page, Route
from servers import Nginx

from mkdocs_episodes.adapter.stylesheet import MATERIAL_CSS
from mkdocs_episodes.adapter.theme import asset_content
from mkdocs_episodes.core import urls

PAGES = {
    "accueil": "",
    "liste": "episodes/",
    "auto-hébergé": "episodes/demo-video-sobre/",
    "dailymotion": "episodes/les-enjeux/",
    "thème": "themes/enjeux/",
    "doctrine": "doctrine/rgesn/",
    "ressources": "ressources/",
    "résultats de recherche": "recherche/?q=sobriété",
}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 768}}
# Registered before any script of the page.
OBSERVERS = """
window.__shift = 0; window.__csp = [];
new PerformanceObserver(list => list.getEntries().forEach(e => {
  if (!e.hadRecentInput) window.__shift += e.value; })).observe({type: 'layout-shift', buffered: true});
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""
# The computed style of every element of the body and of its pseudo-elements.
STYLES = """() => {
  const out = [];
  for (const element of [document.body, ...document.body.querySelectorAll('*')]) {
    for (const pseudo of [null, '::before', '::after']) {
      const style = getComputedStyle(element, pseudo);
      const values = [];
      for (const name of style) values.push(name + ': ' + style.getPropertyValue(name));
      out.push([element.tagName + '.' + element.className + (pseudo || ''), values.sort().join('\\n')]);
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def served(demo_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = Nginx(demo_build.site, tmp_path_factory.mktemp("nginx-first-paint"))
    yield server.base
    server.stop()


def _open(browser: Browser, url: str, options: dict[str, Any]) -> tuple[Page, list[str]]:
    context = browser.new_context(**options)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(OBSERVERS)
    page.goto(url, wait_until="networkidle")
    return page, console


def _settled(page: Page, url: str) -> None:
    """Search results, when the address asks for some, are on screen."""
    if "?q=" in url:
        page.wait_for_selector("#ep-search-page li", timeout=30_000)
    page.wait_for_timeout(300)


@pytest.mark.parametrize("kind", PAGES)
def test_first_paint_waits_for_nothing_but_the_page_and_the_csp_admits_it(
    browser: Browser, served: str, kind: str
) -> None:
    url = served + PAGES[kind]
    page, console = _open(browser, url, PHONE)
    try:
        _settled(page, url)
        blocking = page.evaluate(
            "performance.getEntriesByType('resource')"
            ".filter(e => e.renderBlockingStatus === 'blocking').map(e => e.name)"
        )
        assert blocking == [], blocking
        head = page.evaluate(
            "[...document.head.querySelectorAll('link[rel=stylesheet], script[src]:not([defer]):not([async])')]"
            ".map(e => e.outerHTML)"
        )
        assert head == [], head
        # The page is styled: the inline stylesheet was applied, not refused.
        assert (
            page.evaluate("getComputedStyle(document.querySelector('.rf-header')).display")
            != "inline"
        )
        assert page.evaluate("window.__csp") == []
        assert [line for line in console if "Content Security Policy" in line] == []
    finally:
        page.context.close()


@pytest.mark.parametrize("kind", PAGES)
def test_nothing_on_screen_moves_while_the_page_loads(
    browser: Browser, served: str, kind: str
) -> None:
    url = served + PAGES[kind]
    page, _ = _open(browser, url, PHONE)
    try:
        _settled(page, url)
        assert page.evaluate("window.__shift") <= 0.02
    finally:
        page.context.close()


def _whole_material(route: Route) -> None:
    """The page as it was before: Material's whole stylesheet and the series', in place
    of the one the build wrote (no CSP: that stylesheet has no hash in it)."""
    response = route.fetch()
    html = response.text()
    whole = (Path(material.__file__).parent / "templates" / MATERIAL_CSS).read_text("utf-8")
    series = asset_content(urls.STYLESHEET).decode("utf-8")
    replaced, count = re.subn(
        r"<style>.*?</style>",
        lambda _: f"<style>{whole}\n{series}</style>",
        html,
        count=1,
        flags=re.S,
    )
    assert count == 1
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-security-policy"}
    headers.pop("content-encoding", None)
    headers.pop("content-length", None)
    route.fulfill(status=response.status, headers=headers, body=replaced)


def _styles(browser: Browser, url: str, options: dict[str, Any], whole: bool, menu: bool) -> Any:
    # Without transitions: the open menu is compared where it stops, not on its way.
    context = browser.new_context(**options, reduced_motion="reduce")
    page = context.new_page()
    if whole:
        page.route(re.compile(r".*/(\?.*)?$"), _whole_material)
    try:
        page.goto(url, wait_until="networkidle")
        _settled(page, url)
        if menu:
            # By the keyboard: no pointer left hovering whatever opens beneath it.
            page.focus(".rf-btn--menu")
            page.keyboard.press("Enter")
            page.wait_for_timeout(300)
        return page.evaluate(STYLES)
    finally:
        context.close()


def _same_look(browser: Browser, url: str, options: dict[str, Any], menu: bool = False) -> None:
    ours = _styles(browser, url, options, whole=False, menu=menu)
    before = _styles(browser, url, options, whole=True, menu=menu)
    assert len(ours) == len(before)
    differing = [
        (name, sorted(set(a.split("\n")) ^ set(b.split("\n")))[:6])
        for (name, a), (_, b) in zip(ours, before, strict=True)
        if a != b
    ]
    assert differing == [], (options["viewport"], menu, differing[:5])


@pytest.mark.parametrize("kind", PAGES)
def test_every_element_looks_as_with_materials_whole_stylesheet(
    browser: Browser, served: str, kind: str
) -> None:
    for options in (PHONE, DESKTOP):
        _same_look(browser, served + PAGES[kind], options)


@pytest.mark.parametrize("kind", ["liste", "doctrine"])
def test_the_open_menu_looks_as_with_materials_whole_stylesheet(
    browser: Browser, served: str, kind: str
) -> None:
    _same_look(browser, served + PAGES[kind], PHONE, menu=True)


def test_a_site_with_a_colour_palette_keeps_materials_stylesheets_linked(site_copy, build):
    """Material picks its palette's rules in the browser: such a site keeps its whole
    stylesheets, linked, and the CSP admits no inline style."""
    config = site_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  font: false\n", "  font: false\n  palette:\n    primary: indigo\n", 1),
        encoding="utf-8",
    )
    result = build(site_copy)
    assert result.returncode == 0, result.output
    page = (result.site / "doctrine" / "rgesn" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert any("stylesheets/main." in link for link in links), links
    assert any("stylesheets/palette." in link for link in links), links
    assert any(re.search(r"episodes/episodes\.[0-9a-f]{10}\.css$", link) for link in links)
    assert "<style>" not in page
    assert "style-src 'self';" in (result.site / "_headers").read_text(encoding="utf-8")
