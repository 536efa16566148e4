"""The frame of every page in a real browser (Debian's chromium driven by Playwright, the
site served by nginx): the State's header at phone, tablet and laptop widths, no sideways
scroll, the skip link as the first Tab, the menu and the search from the keyboard, at 200 %
and 400 % zoom.

Zoom is emulated as a browser zooms: a page zoomed to 200 % on a 1366 × 768 screen lays
out in a viewport of 683 × 384 CSS pixels, each drawn with 2 × 2 device pixels; so the
tests open a viewport of the screen's size divided by the zoom factor, with that
`device_scale_factor`. Media queries, `vw` and text wrapping see what they would see.

Screenshots of the key pages at three widths are written to .cache/screenshots/ (ignored
by git) for a reviewer to look at."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from chromium import AXE
from conftest import REPO, BuildResult
from playwright.sync_api import Browser, Page
from servers import Nginx

SCREENSHOTS = REPO / ".cache" / "screenshots"

# One page of each kind that carries the frame.
PAGES = {
    "accueil": "",
    "liste": "episodes/",
    "épisode": "episodes/demo-video-sobre/",
    "épisode-dailymotion": "episodes/les-enjeux/",
    "thèmes": "themes/",
    "thème": "themes/reseau/",
    "doctrine-index": "doctrine/",
    "doctrine": "doctrine/rgesn/",
    "ressources": "ressources/",
    "réseau": "reseau/",
    "recherche": "recherche/",
    "écoconception": "ecoconception/",
    "accessibilité": "accessibilite/",
    "plan": "plan-du-site/",
    "à-propos": "a-propos/",
    "introuvable": "404.html",
}
KEY_PAGES = ("accueil", "liste", "épisode", "doctrine")
# Screen sizes (CSS pixels at 100 %) and zoom factors.
WIDTHS = {320: 640, 390: 844, 768: 1024, 1366: 768}
ZOOMS = {"200": (1366, 768, 2), "400": (1366, 768, 4)}


def zoomed(name: str) -> dict[str, object]:
    width, height, factor = ZOOMS[name]
    return {
        "viewport": {"width": width // factor, "height": height // factor},
        "device_scale_factor": factor,
    }


@pytest.fixture(scope="module")
def base(demo_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = Nginx(demo_build.site, tmp_path_factory.mktemp("nginx-frame"))
    yield server.base
    server.stop()


@pytest.fixture
def open_page(browser: Browser, base: str) -> Iterator:
    contexts = []

    def opened(url: str, **options: object) -> Page:
        context = browser.new_context(**options)
        contexts.append(context)
        # Nothing may leave the machine.
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(base) else route.abort()
            ),
        )
        page = context.new_page()
        page.goto(base + url, wait_until="networkidle")
        return page

    yield opened
    for context in contexts:
        context.close()


# What the visitor would see of the focused element: its box, inside the viewport, and
# not hidden.
FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const r = e.getBoundingClientRect();
  const s = getComputedStyle(e);
  return {
    text: (e.getAttribute('aria-label') || e.textContent || e.value || '').trim().slice(0, 60),
    id: e.id, tag: e.tagName, role: e.getAttribute('role'),
    inContent: !!e.closest('#contenu'),
    visible: r.width > 0 && r.height > 0 && s.visibility === 'visible' && r.right > 0
      && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight,
    outline: s.outlineStyle + ' ' + s.outlineWidth,
  };
}"""

# The drawer slides in (a CSS transition): what the visitor sees once it has stopped.
SLID = "() => document.getAnimations().every(a => a.playState !== 'running')"
OVERFLOW = """() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)
  - window.innerWidth"""


def sideways(page: Page) -> int:
    return page.evaluate(OVERFLOW)


@pytest.mark.parametrize("size", [*WIDTHS, "200", "400"])
def test_no_page_scrolls_sideways_and_the_bloc_marque_is_there(open_page, base, size):
    options = (
        zoomed(size)
        if isinstance(size, str)
        else {"viewport": {"width": size, "height": WIDTHS[size]}}
    )
    wider = {}
    page = open_page("", **options)
    for name, url in PAGES.items():
        page.goto(base + url, wait_until="load")
        if sideways(page) > 0:
            wider[name] = sideways(page)
        logo = page.locator(".rf-header .rf-logo")
        assert logo.inner_text().replace("\n", " ") == "RÉPUBLIQUE FRANÇAISE", name
        box = logo.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= options["viewport"]["width"]
        # The Marianne above, the motto below: the DSFR's images, drawn by the stylesheet.
        for part in ("::before", "::after"):
            image = page.evaluate(
                f"getComputedStyle(document.querySelector('.rf-header .rf-logo'), '{part}')"
                ".backgroundImage"
            )
            assert image.startswith('url("data:image/svg+xml'), (name, part)
        assert page.locator(".rf-header .rf-brand__title a").is_visible()
        # One header bar: Material's, which repeated the site's name, is gone.
        assert page.locator(".md-header").count() == 0
        if size in (390, 768, 1366) and name in KEY_PAGES:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"{name}-{size}.png", full_page=True)
    assert wider == {}


def test_page_titles_are_dark_and_the_episode_grid_uses_the_width(open_page):
    page = open_page(PAGES["liste"], viewport={"width": 1366, "height": 768})
    # DSFR's #161616, not Material's light grey (contrast under 4.5:1 at small sizes).
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).color") == (
        "rgb(22, 22, 22)"
    )
    columns = page.evaluate(
        "getComputedStyle(document.querySelector('.ep-cards')).gridTemplateColumns.split(' ').length"
    )
    assert columns >= 3
    # The empty table-of-contents column no longer takes its share of the screen.
    assert not page.locator(".md-sidebar--secondary").is_visible()


@pytest.mark.parametrize("size", [390, 1366, "200"])
def test_first_tab_reaches_the_skip_link_which_lands_on_the_content(open_page, base, size):
    options = (
        zoomed(size) if isinstance(size, str) else {"viewport": {"width": size, "height": 800}}
    )
    page = open_page("", **options)
    for name, url in PAGES.items():
        page.goto(base + url, wait_until="load")
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS)
        assert focused["text"] == "Aller au contenu", (name, focused)
        assert focused["visible"], (name, focused)
        assert focused["outline"] == "solid 2px", (name, focused)
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#contenu", name
        assert page.evaluate(FOCUS)["id"] == "contenu", name
        # The content's start: its title is at the top of the screen, before any section.
        top = page.evaluate("document.querySelector('#contenu h1').getBoundingClientRect().top")
        assert 0 <= top < options["viewport"]["height"] / 2, name
        # The next Tab goes on from there, in the content, not back into the navigation.
        page.keyboard.press("Tab")
        after = page.evaluate(FOCUS)
        if page.locator("#contenu a[href], #contenu button, #contenu input").count():
            assert after["inContent"], (name, after)


@pytest.mark.parametrize("zoom", ["200", "400"])
def test_menu_opens_and_closes_from_the_keyboard_when_zoomed(open_page, zoom):
    page = open_page(PAGES["doctrine"], **zoomed(zoom))
    menu = page.locator(".rf-btn--menu")
    assert menu.is_visible()
    assert menu.get_attribute("aria-expanded") == "false"
    # The menu button comes right after the skip link and the home link.
    for _ in range(4):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUS)["text"] == "Menu":
            break
    focused = page.evaluate(FOCUS)
    assert focused["text"] == "Menu" and focused["tag"] == "BUTTON" and focused["visible"]
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('__drawer').checked")
    assert menu.get_attribute("aria-expanded") == "true"
    # Focus moves into the drawer, onto a control the visitor sees; every link there
    # reached by Tab is visible (the drawer scrolls to it).
    page.wait_for_function("document.activeElement.closest('.md-sidebar--primary')")
    page.wait_for_function(SLID)
    seen = []
    for _ in range(12):
        focused = page.evaluate(FOCUS)
        if not page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"):
            break
        assert focused["visible"], (seen, focused)
        seen.append(focused["text"])
        page.keyboard.press("Tab")
    # The drawer opens on the current section (Doctrine): its pages, not the levels it
    # covers.
    assert "Le RGESN en bref" in " ".join(seen)
    assert "Accueil" not in seen
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('__drawer').checked")
    assert page.evaluate(FOCUS)["text"] == "Menu"
    # From the home page the drawer opens on the first level; its title closes it.
    page.goto(page.url.split("doctrine/")[0], wait_until="load")
    page.locator(".rf-btn--menu").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.closest('.md-sidebar--primary')")
    page.wait_for_function(SLID)
    focused = page.evaluate(FOCUS)
    assert focused["text"].endswith(" : fermer le menu") and focused["visible"], focused
    page.keyboard.press("Enter")
    page.wait_for_function("!document.getElementById('__drawer').checked")
    assert page.evaluate(FOCUS)["text"] == "Menu"


@pytest.mark.parametrize("size", [1366, "200", "400"])
@pytest.mark.parametrize("name", ["doctrine", "épisode"])
def test_a_closed_drawer_or_a_hidden_link_never_takes_the_focus(open_page, name, size):
    options = (
        zoomed(size) if isinstance(size, str) else {"viewport": {"width": size, "height": 768}}
    )
    page = open_page(PAGES[name], **options)
    hidden = []
    # The page's controls in order, the player's included, up to its footer.
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS)
        if focused is None:
            break
        if not focused["visible"]:
            # Scrolled into view by the browser: still, it must be on screen now.
            hidden.append(focused)
    assert hidden == []


def test_a_section_closes_and_opens_from_the_keyboard_on_a_laptop(open_page):
    page = open_page(PAGES["doctrine"], viewport={"width": 1366, "height": 768})
    arrow = page.locator("button.md-nav__link[for^='__nav']")
    assert arrow.get_attribute("aria-label") == "Doctrine"
    # The current page's section is open.
    assert arrow.get_attribute("aria-expanded") == "true"
    section_page = page.locator(".md-sidebar--primary a", has_text="Le rôle de la DINUM")
    assert section_page.is_visible()
    arrow.focus()
    page.keyboard.press("Enter")
    assert arrow.get_attribute("aria-expanded") == "false"
    section_page.wait_for(state="hidden")
    page.keyboard.press(" ")
    assert arrow.get_attribute("aria-expanded") == "true"
    section_page.wait_for(state="visible")


@pytest.mark.parametrize("size", [320, 390, 768])
def test_search_opens_from_its_button_in_the_header_on_narrow_screens(open_page, size):
    page = open_page(PAGES["accueil"], viewport={"width": size, "height": 700})
    field = page.locator("#ep-search-input")
    assert not field.is_visible()
    button = page.locator(".rf-btn--search")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    button.focus()
    page.keyboard.press("Enter")
    assert field.is_visible()
    assert page.evaluate("document.activeElement.id") == "ep-search-input"
    assert button.get_attribute("aria-expanded") == "true"
    box = field.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= size
    assert sideways(page) <= 0


def test_search_field_is_in_the_header_on_a_laptop_and_open_on_the_search_page(open_page):
    laptop = open_page(PAGES["accueil"], viewport={"width": 1366, "height": 768})
    assert laptop.locator("#ep-search-input").is_visible()
    assert not laptop.locator(".rf-btn--search").is_visible()
    phone = open_page(PAGES["recherche"], viewport={"width": 390, "height": 844})
    assert phone.locator("#ep-search-input").is_visible()


@pytest.mark.parametrize("name", ["doctrine", "liste", "épisode"])
def test_axe_finds_nothing_with_the_drawer_open_when_zoomed(open_page, name):
    page = open_page(PAGES[name], **zoomed("200"))
    page.locator(".rf-btn--search").click()
    page.locator(".rf-btn--menu").click()
    page.wait_for_function("document.getElementById('__drawer').checked")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})"
        ".then(r => r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))"
    )
    assert violations == []
