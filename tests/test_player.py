"""The player as a visitor meets it, in chromium over nginx: the facade that starts the
third party's player in one click (a loopback stub stands in for Dailymotion), « Écouter
seulement », the captions button, the keyboard, and the player whole on a laptop's first
screen. Screenshots of the episode pages go to .cache/screenshots/ (git-ignored)."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import REPO, build_site, copy_site
from PIL import Image, ImageChops
from playwright.sync_api import Route
from servers import Nginx
from test_browser import Visit

SCREENSHOTS = REPO / ".cache" / "screenshots"
DAILYMOTION = "episodes/les-enjeux/"
SELF_HOSTED = "episodes/demo-video-sobre/"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

# What the third party's player does when framed: it says whether it was asked to start
# and whether the page let it (the `allow="autoplay"` delegation).
STUB_PLAYER = b"""<!doctype html><html lang="fr"><title>Lecteur</title>
<p id="state">attente</p>
<script>
var asked = new URLSearchParams(location.search).get("autoplay") === "1";
var allowed = document.featurePolicy.allowsFeature("autoplay");
document.getElementById("state").textContent = asked && allowed ? "lecture" : "attente";
</script></html>"""


class StubPlayer:
    """A loopback HTTP server answering every path with STUB_PLAYER; it records them."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                stub.paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(STUB_PLAYER)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stand_in_for(self, visit: Visit, origin: str) -> None:
        """The third party's requests from this page go to the stub (its URL kept)."""

        def forward(route: Route) -> None:
            path = route.request.url[len(origin) :]
            route.fulfill(response=route.fetch(url=self.base + path))

        visit.context.route(origin + "/**", forward)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    result = build_site(copy_site(tmp_path_factory.mktemp("player")))
    assert result.returncode == 0, result.output
    server = Nginx(result.site, tmp_path_factory.mktemp("nginx"))
    yield server.base
    server.stop()


@pytest.fixture
def visit(browser, site):
    opened: list[Visit] = []

    def open_page(url: str, **options: object) -> Visit:
        page = Visit(browser, site, url, **options)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.close()


@pytest.fixture
def stub() -> Iterator[StubPlayer]:
    server = StubPlayer()
    yield server
    server.stop()


def no_errors(visit: Visit) -> list[str]:
    return [line for line in visit.console if line.startswith(("error", "pageerror"))]


# -- The facade -----------------------------------------------------------------------


def test_one_click_on_the_poster_starts_the_third_party_player(visit, stub):
    page = visit(DAILYMOTION, viewport=LAPTOP)
    stub.stand_in_for(page, "https://www.dailymotion.com")
    # One control, the whole poster, named with the episode's title.
    button = page.page.get_by_role("button", name="Lire la vidéo sur Dailymotion : Les enjeux")
    poster = page.page.locator(".ep-facade__poster")
    assert page.page.locator(".ep-facade button").count() == 1
    assert button.locator("img").count() == 1
    # A click on the poster's top left corner, far from the disc and the label.
    poster.click(position={"x": 20, "y": 20})
    frame = page.page.locator("iframe")
    frame.wait_for(state="attached")
    assert frame.get_attribute("title") == "Lecteur Dailymotion : Les enjeux"
    assert set(frame.get_attribute("allow").split("; ")) >= {"autoplay", "fullscreen"}
    assert frame.get_attribute("src") == (
        "https://www.dailymotion.com/embed/video/x9368gg?autoplay=1"
    )
    # The stub was asked to start, by the one click, and was allowed to.
    inside = page.page.frame_locator("iframe").locator("#state")
    inside.wait_for()
    assert inside.text_content() == "lecture"
    assert stub.paths == ["/embed/video/x9368gg?autoplay=1"]
    assert page.csp_violations() == []
    assert no_errors(page) == []


def test_a_shared_moment_starts_the_third_party_player_there(visit, stub):
    page = visit(DAILYMOTION + "#t=75", viewport=LAPTOP)
    stub.stand_in_for(page, "https://www.dailymotion.com")
    # Reached from the keyboard, its focus ring visible.
    for _ in range(40):
        page.page.keyboard.press("Tab")
        if page.page.evaluate("document.activeElement.matches('.ep-facade button')"):
            break
    style, width = page.page.evaluate(
        "[getComputedStyle(document.activeElement).outlineStyle,"
        " parseFloat(getComputedStyle(document.activeElement).outlineWidth)]"
    )
    assert style == "solid" and width >= 2
    page.page.keyboard.press("Enter")
    page.page.frame_locator("iframe").locator("#state").wait_for()
    assert stub.paths == ["/embed/video/x9368gg?autoplay=1&start=75"]


def test_the_play_disc_covers_none_of_the_poster_s_text(visit):
    """Screenshots of the poster with and without the disc differ only where the poster
    is one plain colour: the disc hides none of what the poster says."""
    for viewport in (LAPTOP, PHONE):
        page = visit(DAILYMOTION, viewport=viewport)
        still = page.page.locator(".ep-facade__still")
        shown = Image.open(io.BytesIO(still.screenshot())).convert("RGB")
        # Through the CSSOM, which the Content-Security-Policy allows (a <style> it refuses).
        page.page.evaluate("document.querySelector('.ep-facade__play').style.visibility = 'hidden'")
        bare = Image.open(io.BytesIO(still.screenshot())).convert("RGB")
        box = ImageChops.difference(shown, bare).getbbox()
        assert box, "the disc is drawn on the poster"
        under = bare.crop(box)
        colours = under.getcolors(maxcolors=under.width * under.height)
        main = max(colours)[0] / (under.width * under.height)
        assert main > 0.98, f"{viewport}: the disc covers text or drawing ({main:.1%} plain)"
        # The label is under the image, not on it.
        image = page.page.locator(".ep-facade__poster").bounding_box()
        label = page.page.locator(".ep-facade__label").bounding_box()
        assert label["y"] >= image["y"] + image["height"] - 1


# -- First screen and screenshots -----------------------------------------------------


@pytest.mark.parametrize("url", [DAILYMOTION, SELF_HOSTED])
def test_the_whole_player_is_on_a_laptop_s_first_screen(visit, url):
    page = visit(url, viewport=LAPTOP)
    assert page.page.evaluate("window.scrollY") == 0
    player = page.page.locator(".ep-facade, .ep-player").bounding_box()
    assert player["y"] >= 0
    assert player["y"] + player["height"] <= LAPTOP["height"], player
    # Still a player worth the name: at least half the content's width.
    assert player["width"] >= 600
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = url.strip("/").replace("/", "-")
    for viewport in (LAPTOP, PHONE):
        page.page.set_viewport_size(viewport)
        page.page.screenshot(path=SCREENSHOTS / f"{name}-{viewport['width']}.png", full_page=True)


@pytest.mark.parametrize("url", [DAILYMOTION, SELF_HOSTED])
def test_the_embed_page_fills_the_iframe_the_share_block_suggests(visit, url):
    page = visit(url + "embed/", viewport={"width": 640, "height": 420})
    player = page.page.locator(".ep-facade, .ep-player").bounding_box()
    assert player["y"] + player["height"] <= 420, player
    assert player["width"] >= 560, player


# -- The self-hosted player -----------------------------------------------------------

# Records when the video stopped and when the sound started, from the media's own events.
WATCH_HANDOVER = """() => {
  const video = document.getElementById('ep-video');
  const audio = document.getElementById('ep-audio');
  video.playbackRate = 1;
  window.__handover = {};
  video.addEventListener('pause', () => { window.__handover.video = video.currentTime; });
  audio.addEventListener('pause', () => { window.__handover.audio = audio.currentTime; });
  audio.addEventListener('playing', () => { window.__handover.audioStart = audio.currentTime; });
  video.addEventListener('playing', () => { window.__handover.videoStart = video.currentTime; });
}"""


def test_listening_only_pauses_the_video_and_the_sound_goes_on_from_there(visit):
    page = visit(SELF_HOSTED, viewport=LAPTOP)
    listen = page.page.get_by_role("button", name="Écouter seulement")
    assert listen.get_attribute("aria-pressed") == "false"
    page.page.evaluate(WATCH_HANDOVER)
    page.page.evaluate("document.getElementById('ep-video').play()")
    page.page.wait_for_function(
        "() => document.getElementById('ep-video').currentTime >= 3", timeout=20000
    )
    listen.click()
    page.page.wait_for_function("() => window.__handover.audioStart !== undefined", timeout=20000)
    assert listen.get_attribute("aria-pressed") == "true"
    state = page.page.evaluate(
        "() => ({videoPaused: document.getElementById('ep-video').paused,"
        " audioPaused: document.getElementById('ep-audio').paused, ...window.__handover})"
    )
    assert state["videoPaused"] and not state["audioPaused"], state
    assert state["video"] >= 3
    assert abs(state["audioStart"] - state["video"]) <= 0.5, state
    # The sound goes on; back to the video, it takes over where the sound was.
    page.page.wait_for_function(
        f"() => document.getElementById('ep-audio').currentTime >= {state['video'] + 1}",
        timeout=20000,
    )
    # The video's first start (before the sound took over) is not the one watched now.
    page.page.evaluate("() => { delete window.__handover.videoStart; }")
    listen.click()
    page.page.wait_for_function("() => window.__handover.videoStart !== undefined", timeout=20000)
    back = page.page.evaluate(
        "() => ({videoPaused: document.getElementById('ep-video').paused,"
        " audioPaused: document.getElementById('ep-audio').paused, ...window.__handover})"
    )
    assert back["audioPaused"] and not back["videoPaused"], back
    assert abs(back["videoStart"] - back["audio"]) <= 0.5, back
    assert listen.get_attribute("aria-pressed") == "false"
    assert no_errors(page) == []


def test_starting_the_sound_itself_stops_the_video(visit):
    page = visit(SELF_HOSTED, viewport=LAPTOP)
    page.page.evaluate(WATCH_HANDOVER)
    page.page.evaluate("document.getElementById('ep-video').play()")
    page.page.wait_for_function(
        "() => document.getElementById('ep-video').currentTime >= 2", timeout=20000
    )
    page.page.evaluate("document.getElementById('ep-audio').play()")
    page.page.wait_for_function("() => window.__handover.audioStart !== undefined", timeout=20000)
    state = page.page.evaluate(
        "() => ({videoPaused: document.getElementById('ep-video').paused, ...window.__handover})"
    )
    assert state["videoPaused"], "never both at once"
    assert abs(state["audioStart"] - state["video"]) <= 0.5, state
    assert page.page.get_attribute("[data-ep-listen]", "aria-pressed") == "true"


TRACK_MODE = "document.getElementById('ep-video').textTracks[0].mode"


def test_the_captions_button_toggles_them_and_the_choice_is_remembered(visit):
    page = visit(SELF_HOSTED, viewport=LAPTOP)
    captions = page.page.get_by_role("button", name="Sous-titres")
    assert captions.get_attribute("aria-pressed") == "true"
    assert page.page.evaluate(TRACK_MODE) == "showing"
    captions.click()
    assert captions.get_attribute("aria-pressed") == "false"
    assert page.page.evaluate(TRACK_MODE) == "hidden"
    page.page.reload(wait_until="networkidle")
    assert captions.get_attribute("aria-pressed") == "false"
    assert page.page.evaluate(TRACK_MODE) == "hidden"
    captions.click()
    page.page.reload(wait_until="networkidle")
    assert captions.get_attribute("aria-pressed") == "true"
    assert page.page.evaluate(TRACK_MODE) == "showing"
    assert no_errors(page) == []


def test_the_captions_button_works_where_storage_is_refused(browser, site):
    # localStorage that throws, as with some privacy settings: the choice lasts the page.
    context = browser.new_context(viewport=LAPTOP)
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() {"
        " throw new DOMException('refusé', 'SecurityError'); }});"
    )
    try:
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(site + SELF_HOSTED, wait_until="networkidle")
        captions = tab.get_by_role("button", name="Sous-titres")
        captions.click()
        assert captions.get_attribute("aria-pressed") == "false"
        assert tab.evaluate(TRACK_MODE) == "hidden"
        assert errors == []
    finally:
        context.close()


def test_the_keyboard_reaches_every_player_control_with_a_visible_focus(visit):
    page = visit(SELF_HOSTED, viewport=LAPTOP)
    reached: list[str] = []
    unseen: list[str] = []
    for _ in range(80):
        page.page.keyboard.press("Tab")
        found = page.page.evaluate(
            """() => {
              const e = document.activeElement;
              if (!e || !e.closest('.ep-watch')) return null;
              const style = getComputedStyle(e);
              const seen = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
              const name = e.id || e.getAttribute('data-ep-captions') !== null && 'captions'
                || e.getAttribute('data-ep-listen') !== null && 'listen'
                || e.value && e.type === 'radio' && 'quality-' + e.value
                || e.textContent.trim();
              return [name, seen || e.tagName === 'VIDEO' || e.tagName === 'AUDIO'];
            }"""
        )
        if found:
            reached.append(found[0])
            if not found[1]:
                unseen.append(found[0])
        if "Audio Opus, 77 ko" in reached:
            break
    expected = {
        "ep-video",
        "captions",
        "listen",
        "WebM 240p, 102 ko",
        "WebM 360p, 109 ko",
        "ep-audio",
        "Audio AAC, 74 ko",
        "Audio Opus, 77 ko",
    }
    assert expected <= set(reached), reached
    assert any(name.startswith("quality-") for name in reached), reached
    assert unseen == []
    # A toggle works from the keyboard as from the pointer.
    page.page.locator("[data-ep-captions]").focus()
    page.page.keyboard.press("Space")
    assert page.page.get_attribute("[data-ep-captions]", "aria-pressed") == "false"
    page.page.keyboard.press("Enter")
    assert page.page.get_attribute("[data-ep-captions]", "aria-pressed") == "true"


def test_download_links_name_the_format_and_the_size(visit):
    page = visit(SELF_HOSTED, viewport=LAPTOP)
    links = page.page.locator(".ep-downloads a[download]")
    assert links.all_text_contents() == [
        "WebM 240p, 102 ko",
        "WebM 360p, 109 ko",
        "Audio AAC, 74 ko",
        "Audio Opus, 77 ko",
    ]
    labels = page.page.locator(".ep-downloads p").all_text_contents()
    assert labels == ["Télécharger la vidéo :", "Télécharger le son seul :"]
