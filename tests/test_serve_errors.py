"""Under `mkdocs serve`, an error shows in the browser: a French banner on every page until
the file is fixed, put there by the preview server and never by `mkdocs build`.

A small site of one episode, served for real and looked at in chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from chromium import AXE
from conftest import ONE_EPISODE, build_site, one_episode_site
from playwright.sync_api import Browser, Page
from test_serve import serving

from mkdocs_episodes.adapter.preview_errors import STYLESHEET_PATH
from mkdocs_episodes.build.headers import content_security_policy, style_hash

pytestmark = pytest.mark.slow

EPISODE = ONE_EPISODE
BANNER = "[role=alert].apercu-erreur"
TITLE = "La dernière modification contient une erreur"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = one_episode_site(
        tmp_path_factory.mktemp("serve-errors"),
        site_url="http://127.0.0.1:8000/",
        options="      search: false\n"
        "      cache_dir: !ENV [EPISODES_CACHE_DIR, .cache/episodes]\n",
    )
    return root


def csp_violations(page: Page) -> list[str]:
    return page.evaluate("window.__csp")


def open_page(browser: Browser, url: str, *, csp: str | None = None) -> Page:
    """`url` on a phone-sized screen; with `csp`, every response carries that policy, as
    the published site's do."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    if csp is not None:

        def with_policy(route):  # the production header, added to the preview's answers
            response = route.fetch()
            route.fulfill(
                response=response,
                headers={**response.headers, "content-security-policy": csp},
            )

        context.route("**/*", with_policy)
    page = context.new_page()
    page.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.goto(url)
    return page


def test_an_error_shows_in_the_browser_until_it_is_fixed(project, browser, tmp_path):
    episode = project / "episodes" / "01-les-enjeux.yml"
    config = project / "mkdocs.yml"
    with serving(project, tmp_path / "serve.log") as (base, _process):
        page = open_page(browser, base + "episodes/les-enjeux/")
        assert page.locator(BANNER).count() == 0

        # A misspelt field: the preview keeps the last valid episode and says why.
        episode.write_text(EPISODE + "sumary: faute de frappe\n", encoding="utf-8")
        banner = page.locator(BANNER)
        # Live reload brings the banner without any action from the publisher.
        banner.wait_for(timeout=90_000)
        text = banner.inner_text()
        assert TITLE in text
        assert "episodes/01-les-enjeux.yml:9:1: sumary: champ inconnu « sumary »" in text
        assert "vouliez-vous dire « summary »" in text
        # Every page carries it, the home page as well as the episode's.
        home = open_page(browser, base)
        assert TITLE in home.locator(BANNER).inner_text()

        # Readable on a 390 px phone: inside the screen, white on the State's red.
        box = banner.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        colours = banner.evaluate(
            "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]"
        )
        assert colours == ["rgb(255, 255, 255)", "rgb(206, 5, 0)"]
        assert float(banner.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 16
        page.add_script_tag(path=str(AXE))
        axe = page.evaluate(
            "axe.run(document.querySelector('.apercu-erreur'),"
            " {runOnly: ['wcag2a', 'wcag2aa']}).then(r => r.violations.map(v => v.id))"
        )
        assert axe == []

        # Under the published site's Content-Security-Policy the banner keeps its look:
        # no inline style, its stylesheet from the site's own origin.
        # The policy the build gives this page: its one inline stylesheet, by its hash.
        styles = page.evaluate("[...document.querySelectorAll('style')].map(s => s.textContent)")
        assert len(styles) == 1
        policy = content_security_policy([], [], style_hashes=[style_hash(styles[0])])
        strict = open_page(browser, base + "episodes/les-enjeux/", csp=policy)
        strict.locator(BANNER).wait_for()
        assert strict.locator(BANNER).evaluate("e => getComputedStyle(e).backgroundColor") == (
            "rgb(206, 5, 0)"
        )
        # Only the preview's own live-reload script is refused, never the banner.
        assert all(v.startswith("script-src") for v in csp_violations(strict)), csp_violations(
            strict
        )

        # Fixed: the next rebuild takes the banner away, again without a reload by hand.
        episode.write_text(
            EPISODE.replace("Les enjeux\n", "Les enjeux, corrigé\n"), encoding="utf-8"
        )
        banner.wait_for(state="detached", timeout=90_000)
        assert "Les enjeux, corrigé" in page.title()

        # A rebuild that fails outright (mkdocs.yml broken) shows the same way, with the
        # file and line MkDocs gives.
        good = config.read_text(encoding="utf-8")
        config.write_text(good.replace("search: false", "search: [false"), encoding="utf-8")
        banner.wait_for(timeout=90_000)
        text = banner.inner_text()
        assert TITLE in text and "mkdocs.yml" in text, text
        config.write_text(good, encoding="utf-8")
        banner.wait_for(state="detached", timeout=90_000)
        assert "Traceback" not in (tmp_path / "serve.log").read_text(encoding="utf-8")


def test_a_build_never_holds_the_banner(project):
    result = build_site(project)
    assert result.returncode == 0, result.output
    for path in result.site.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert b"apercu-erreur" not in content, path
            assert STYLESHEET_PATH.encode() not in content, path
    assert not (result.site / STYLESHEET_PATH.lstrip("/")).exists()
