"""The built site in a real browser (Debian's chromium driven by Playwright), served by
nginx with the project's configuration: privacy, media, facades, chapters, captions,
search, accessibility (axe-core) and the Content-Security-Policy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup
from chromium import AXE
from conftest import REPO, build_site, copy_site
from playwright.sync_api import Browser, Page
from servers import Nginx

from mkdocs_episodes.build.budget import measure_site
from mkdocs_episodes.build.search_chunks import rebalance

MEDIA = (".webm", ".mp4", ".opus", ".ogg", ".m4a")

EXTRA_EPISODES = {
    "97-youtube.yml": (
        "number: 97\nslug: demo-youtube\ntitle: Une vidéo sur YouTube\ndate: 2024-10-02\n"
        "summary: Hébergée par YouTube.\nthemes: [reseau]\n"
        "video: {host: youtube, id: aqz-KE-bpKQ}\nposter: posters/episode-01.png\n"
    ),
    "98-peertube.yml": (
        "number: 98\nslug: demo-peertube\ntitle: Une vidéo sur PeerTube\ndate: 2024-10-03\n"
        "summary: Hébergée par une instance PeerTube.\nthemes: [reseau]\n"
        "video: {host: peertube, instance: 'https://tube.example.org', "
        "id: 9c9de5e8-0a1e-484a-b099-e80766180a6d}\nposter: posters/episode-02.png\n"
    ),
}
PAGES = {
    "accueil": "",
    "liste": "episodes/",
    "auto-hébergé": "episodes/demo-video-sobre/",
    "dailymotion": "episodes/les-enjeux/",
    "youtube": "episodes/demo-youtube/",
    "peertube": "episodes/demo-peertube/",
    "thème": "themes/reseau/",
    "doctrine": "doctrine/rgesn/",
    "recherche": "recherche/",
    "écoconception": "ecoconception/",
    "intégration": "episodes/demo-video-sobre/embed/",
    "ressources": "ressources/",
    "réseau": "reseau/",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    project = copy_site(tmp_path_factory.mktemp("browser"))
    for name, text in EXTRA_EPISODES.items():
        (project / "episodes" / name).write_text(text, encoding="utf-8")
    # 8 episodes: the index keeps 6 a page.
    result = build_site(project)
    assert result.returncode == 0, result.output
    server = Nginx(result.site, tmp_path_factory.mktemp("nginx"))
    yield result.site, server.base
    server.stop()


class Visit:
    """One page in a fresh context, with every request and console message recorded."""

    def __init__(self, browser: Browser, base: str, url: str, **options: object) -> None:
        self.base = base
        self.context = browser.new_context(**options)
        self.page: Page = self.context.new_page()
        self.requests: list[str] = []
        self.console: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on(
            "console", lambda message: self.console.append(f"{message.type}: {message.text}")
        )
        self.page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))
        # Nothing may leave the machine: third-party requests are recorded, then refused.
        self.context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(base) else route.abort()
            ),
        )
        self.page.add_init_script(
            "window.__csp = [];"
            "document.addEventListener('securitypolicyviolation',"
            " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
        )
        self.page.goto(base + url, wait_until="networkidle")

    def third_party(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.base)]

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("window.__csp") + [
            line for line in self.console if "Content Security Policy" in line
        ]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, site):
    opened: list[Visit] = []

    def open_page(url: str, **options: object) -> Visit:
        page = Visit(browser, site[1], url, **options)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_page_calls_no_third_party_loads_no_media_and_passes_axe(visit, name):
    page = visit(PAGES[name], viewport={"width": 1920, "height": 1080})
    assert page.third_party() == []
    assert not [url for url in page.requests if url.endswith(MEDIA)]
    assert "<iframe" not in page.page.content()
    assert page.csp_violations() == []
    assert [line for line in page.console if line.startswith(("error", "pageerror"))] == []
    assert AXE.is_file(), "axe-core manque : lancez « make test », qui l'installe"
    page.page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.page.evaluate(
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})"
        ".then(r => r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))"
    )
    assert violations == []


@pytest.mark.parametrize(
    ("name", "host", "action"),
    [
        ("dailymotion", "https://www.dailymotion.com/embed/video/x9368gg", "click"),
        ("dailymotion", "https://www.dailymotion.com/embed/video/x9368gg", "Enter"),
        ("dailymotion", "https://www.dailymotion.com/embed/video/x9368gg", "Space"),
        ("youtube", "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ", "click"),
        (
            "peertube",
            "https://tube.example.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d",
            "Enter",
        ),
    ],
)
def test_facade_loads_the_player_only_when_asked(visit, name, host, action):
    page = visit(PAGES[name])
    button = page.page.locator(".ep-facade button")
    assert page.page.locator("iframe").count() == 0
    if action == "click":
        button.click()
    else:
        button.focus()
        page.page.keyboard.press(action)
    frame = page.page.locator("iframe")
    frame.wait_for(state="attached")
    # The click asked for the video: the player starts without a second click.
    assert frame.get_attribute("src") == host + "?autoplay=1"
    assert frame.get_attribute("title").startswith("Lecteur ")
    assert "autoplay" in frame.get_attribute("allow").split("; ")
    assert page.csp_violations() == []
    assert page.third_party() and all(
        url.startswith(host.split("/embed")[0].split("/videos")[0]) for url in page.third_party()
    )


def test_chapter_link_seeks_the_video_and_the_transcript_follows(visit):
    page = visit(PAGES["auto-hébergé"])
    assert not [url for url in page.requests if url.endswith(MEDIA)]
    # Played slowly: on a loaded machine, playback could otherwise reach the next
    # paragraph (at 20 s) before the checks below run.
    page.page.evaluate("document.getElementById('ep-video').playbackRate = 0.25")
    page.page.locator(".ep-chapters a[href='#t=15']").click()
    page.page.wait_for_function(
        "() => document.getElementById('ep-video').currentTime >= 15", timeout=15000
    )
    assert page.page.url.endswith("#t=15")
    # The paragraph being spoken is marked once the player reports the new time.
    page.page.wait_for_function(
        "() => { const p = document.querySelector('p[aria-current=time]');"
        " return p && parseFloat(p.dataset.start) >= 15; }",
        timeout=15000,
    )
    current = page.page.get_attribute("p[aria-current=time]", "data-start")
    assert 15 <= float(current) < 16
    assert page.page.locator("p[aria-current=time]").count() == 1
    assert [url for url in page.requests if url.endswith(MEDIA)]


def test_captions_track_loads(visit):
    page = visit(PAGES["auto-hébergé"])
    page.page.wait_for_function(
        "() => { const t = document.querySelector('track'); return t.readyState === 2 "
        "&& t.track.cues && t.track.cues.length > 0; }",
        timeout=15000,
    )
    first = page.page.evaluate("document.querySelector('track').track.cues[0].text")
    assert first.startswith("Bienvenue")


def test_shared_moment_starts_there_on_play(visit):
    page = visit(PAGES["auto-hébergé"] + "#t=20")
    assert not [url for url in page.requests if url.endswith(MEDIA)]
    page.page.evaluate("document.getElementById('ep-video').play()")
    page.page.wait_for_function(
        "() => document.getElementById('ep-video').currentTime >= 20", timeout=15000
    )


def test_quality_is_sober_on_phones_and_remembered(visit):
    phone = visit(PAGES["auto-hébergé"], viewport={"width": 390, "height": 800})
    assert phone.page.get_attribute("#ep-video", "src").endswith("video-240p.webm")
    desktop = visit(PAGES["auto-hébergé"], viewport={"width": 1280, "height": 900})
    video = desktop.page.locator("#ep-video")
    assert video.get_attribute("src").endswith("video-360p.webm")
    desktop.page.check("input[value=sobre]")
    assert video.get_attribute("src").endswith("video-240p.webm")
    desktop.page.reload(wait_until="networkidle")
    assert desktop.page.get_attribute("#ep-video", "src").endswith("video-240p.webm")
    assert not [url for url in desktop.requests if url.endswith(MEDIA)]


def test_search_finds_a_word_only_in_a_transcript_and_costs_nothing_before_focus(visit, site):
    word = "centaine"
    sources = [p for p in (REPO / "docs").rglob("*.md")] + list((REPO / "episodes").glob("*.yml"))
    assert not any(word in p.read_text(encoding="utf-8") for p in sources)
    page = visit(PAGES["liste"])
    assert not [url for url in page.requests if "/pagefind/" in url]
    page.page.focus("#ep-search-input")
    page.page.keyboard.type(word)
    link = page.page.locator("#ep-search-results a").first
    link.wait_for()
    assert link.get_attribute("href") == "/episodes/demo-video-sobre/"
    chapter = page.page.locator("#ep-search-results a[href*='#chapitre-']").first
    assert chapter.get_attribute("href") == "/episodes/demo-video-sobre/#chapitre-2"
    assert page.third_party() == []
    assert page.csp_violations() == []


def search_page_results(browser: Browser, base: str, query: str) -> list[str]:
    """What /recherche/?q=… lists: each result's and chapter's link and text."""
    page = Visit(browser, base, f"recherche/?q={query}")
    try:
        page.page.wait_for_function(
            "q => document.querySelector('#ep-search-status').textContent.includes(q)",
            arg=query,
        )
        return page.page.eval_on_selector_all(
            "#ep-search-page a",
            "links => links.map(a => a.getAttribute('href') + ' ' + a.textContent)",
        )
    finally:
        page.close()


def test_search_gives_the_same_results_from_an_index_cut_in_small_chunks(
    browser, site, tmp_path_factory
):
    # Chunks of 600 bytes: every chunk of the demo's index is cut, most in several parts.
    copy = Path(shutil.copytree(site[0], tmp_path_factory.mktemp("recut") / "site"))
    assert rebalance(copy / "pagefind", 600) >= 2
    server = Nginx(copy, tmp_path_factory.mktemp("nginx-recut"))
    try:
        for query in ("centaine", "sobre", "référents", "financer projets", "ministères"):
            expected = search_page_results(browser, site[1], query)
            assert expected, query
            assert search_page_results(browser, server.base, query) == expected, query
    finally:
        server.stop()


def test_static_budget_is_an_upper_bound_of_what_the_browser_loads(visit, site):
    weights = {weight.url: weight for weight in measure_site(site[0])}
    for url in (
        "",
        "episodes/",
        "episodes/demo-video-sobre/",
        "episodes/les-enjeux/",
        "doctrine/rgesn/",
    ):
        page = visit(url, viewport={"width": 1920, "height": 1080})
        measured = weights["/" + url]
        assert len(page.requests) <= measured.requests, (url, page.requests, measured.resources)
        sizes = page.page.evaluate(
            "performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
            ".map(e => e.encodedBodySize)"
        )
        assert sum(sizes) <= measured.bytes, (url, sum(sizes), measured.bytes)
        print(json.dumps({"url": url, "requests": len(page.requests), "bytes": sum(sizes)}))


def test_embed_page_may_be_framed_by_other_sites_and_pages_may_not(site):
    import urllib.request

    def policy(url: str) -> str:
        with urllib.request.urlopen(site[1] + url) as response:
            return response.headers["Content-Security-Policy"]

    assert "frame-ancestors https:" in policy("episodes/demo-video-sobre/embed/")
    assert "frame-ancestors 'self'" in policy("episodes/demo-video-sobre/")


def test_pages_are_sent_precompressed_and_captions_and_chapters_compressed_on_the_fly(site):
    import gzip
    import urllib.request

    def fetch(url: str) -> tuple[str | None, bytes]:
        request = urllib.request.Request(site[1] + url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            return response.headers["Content-Encoding"], response.read()

    page = "episodes/demo-video-sobre/index.html"
    encoding, body = fetch("episodes/demo-video-sobre/")
    assert encoding == "gzip"
    # The very file the build compressed, not a copy nginx made.
    assert body == (site[0] / (page + ".gz")).read_bytes()
    # Asked for by a video playing or a podcast app, never by a page view.
    for name in ("captions.fr.vtt", "chapitres.json"):
        path = f"episodes/demo-video-sobre/{name}"
        assert not (site[0] / (path + ".gz")).exists()
        encoding, body = fetch(path)
        assert encoding == "gzip", name
        assert gzip.decompress(body) == (site[0] / path).read_bytes()


def test_resources_filter_by_theme_and_type(visit):
    page = visit(PAGES["ressources"])
    total = page.page.locator(".ep-resource").count()
    page.page.select_option("#ep-filter-theme", "financement")
    visible = page.page.locator(".ep-resource:visible")
    assert 0 < visible.count() < total
    assert all(
        "financement" in visible.nth(i).get_attribute("data-themes") for i in range(visible.count())
    )
    assert "affichée" in page.page.inner_text("#ep-filter-status")
    page.page.select_option("#ep-filter-theme", "")
    page.page.select_option("#ep-filter-type", "referentiel")
    assert all(
        page.page.locator(".ep-resource:visible").nth(i).get_attribute("data-type") == "referentiel"
        for i in range(page.page.locator(".ep-resource:visible").count())
    )


def clip_urls(site: Path, url: str) -> dict[int, str]:
    """The key moments a search engine reads on a page: Clip URLs by start, site-relative."""
    page = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    graph = json.loads(page.select_one('script[type="application/ld+json"]').string)["@graph"]
    video = next(node for node in graph if node["@type"] == "VideoObject")
    return {clip["startOffset"]: urlparse(clip["url"]).path + "?" + urlparse(clip["url"]).query
            for clip in video["hasPart"]}  # fmt: skip


def test_a_key_moment_url_opens_the_episode_at_its_time(visit, site):
    clips = clip_urls(site[0], PAGES["auto-hébergé"])
    assert clips[15] == "/episodes/demo-video-sobre/?t=15"
    page = visit(clips[15].lstrip("/"))
    assert not [url for url in page.requests if url.endswith(MEDIA)]
    page.page.evaluate("document.getElementById('ep-video').playbackRate = 0.25")
    page.page.evaluate("document.getElementById('ep-video').play()")
    page.page.wait_for_function(
        "() => document.getElementById('ep-video').currentTime >= 15", timeout=15000
    )
    assert page.page.evaluate("document.getElementById('ep-video').currentTime") < 20


def test_a_key_moment_url_starts_a_third_party_player_there(visit):
    page = visit(PAGES["dailymotion"] + "?t=42")
    assert page.page.locator("iframe").count() == 0
    page.page.locator(".ep-facade button").click()
    frame = page.page.locator("iframe")
    frame.wait_for(state="attached")
    src = urlparse(frame.get_attribute("src"))
    assert src.netloc + src.path == "www.dailymotion.com/embed/video/x9368gg"
    # The moment reaches the host's player (which the click also starts).
    assert parse_qs(src.query)["start"] == ["42"]


SUBSCRIBE_PAGES = ["accueil", "liste", "auto-hébergé", "dailymotion"]


@pytest.mark.parametrize("name", SUBSCRIBE_PAGES)
def test_subscribe_block_works_without_javascript(visit, name):
    page = visit(PAGES[name], java_script_enabled=False)
    block = page.page.locator(".ep-subscribe")
    assert block.locator("h2").inner_text() == "S'abonner"
    field = page.page.locator("#ep-subscribe-url")
    # Visible, labelled, selectable text: copied by hand without a script.
    assert field.is_visible() and field.get_attribute("readonly") is not None
    assert field.input_value() == "http://127.0.0.1:8000/episodes/feed.xml"
    assert page.page.locator("label[for=ep-subscribe-url]").is_visible()
    field.select_text()
    assert page.page.evaluate("window.getSelection().toString() || document.activeElement.value")
    assert not page.page.locator(".ep-subscribe__copy").is_visible()
    apps = {
        link.inner_text(): link.get_attribute("href")
        for link in block.locator(".ep-subscribe__apps a").all()
    }
    assert set(apps) >= {
        "Apple Podcasts",
        "AntennaPod",
        "Pocket Casts",
        "Podcast Addict",
        "Overcast",
    }
    assert apps["Apple Podcasts"] == "podcast://127.0.0.1:8000/episodes/feed.xml"
    # No app, no third party contacted before a click; no image from anywhere.
    assert page.third_party() == []
    assert block.locator("img").count() == 0


def test_subscribe_copy_button_copies_and_says_so(visit):
    page = visit(PAGES["liste"], permissions=["clipboard-read", "clipboard-write"])
    button = page.page.locator(".ep-subscribe__copy")
    assert button.is_visible() and button.inner_text() == "Copier l'adresse du flux"
    button.focus()
    page.page.keyboard.press("Enter")
    status = page.page.locator("#ep-subscribe-status")
    # A live region: screen readers announce the copy.
    assert status.get_attribute("role") == "status"
    page.page.wait_for_function(
        "() => document.getElementById('ep-subscribe-status').textContent.length > 0"
    )
    assert status.inner_text() == "Adresse copiée."
    copied = page.page.evaluate("navigator.clipboard.readText()")
    assert copied == "http://127.0.0.1:8000/episodes/feed.xml"
    assert page.csp_violations() == []
    assert page.third_party() == []
