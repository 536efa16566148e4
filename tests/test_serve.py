"""`mkdocs serve` rebuilds when a publisher adds or edits a file in episodes/."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_episode, copy_site


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(url: str, predicate, timeout: float = 90) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    status, body = 0, ""
    while time.monotonic() < deadline:
        status, body = fetch(url)
        if predicate(status, body):
            return status, body
        time.sleep(0.5)
    return status, body


@contextlib.contextmanager
def serving(project: Path, log: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """`mkdocs serve` on a free port, until the block ends: its address and process."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [*command, *options], cwd=project, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            base = f"http://127.0.0.1:{port}/"
            status, _ = wait_for(base, lambda s, _b: s == 200)
            assert status == 200, "mkdocs serve did not start"
            yield base, process
        finally:
            process.terminate()
            process.wait(timeout=30)


@pytest.fixture
def served(site_copy: Path, tmp_path: Path):
    log = tmp_path / "serve.log"
    with serving(site_copy, log) as (base, _process):
        yield site_copy, base, log


def test_a_clean_serve_keeps_its_priority(site_copy: Path, tmp_path: Path):
    # `serve --clean` tells plugins that it builds, but it serves on: it must not keep
    # the low priority that `mkdocs build` takes once Pagefind starts.
    with serving(site_copy, tmp_path / "serve.log", "--clean") as (base, process):
        # Pagefind ran in that build: the moment `mkdocs build` lowers its priority.
        assert fetch(base + "pagefind/pagefind-entry.json")[0] == 200
        assert os.getpriority(os.PRIO_PROCESS, process.pid) == os.getpriority(os.PRIO_PROCESS, 0)


def test_serve_rebuilds_when_an_episode_file_is_added_or_edited(served):
    project, base, _log = served
    url = base + "episodes/ajoute-pendant-serve/"
    assert fetch(url)[0] == 404
    added = copy_episode(
        project,
        90,
        "ajoute-pendant-serve",
        {"title: Les enjeux\n": "title: Ajouté pendant serve\n"},
    )
    status, body = wait_for(url, lambda s, _b: s == 200)
    assert status == 200
    assert "Ajouté pendant serve" in body
    added.write_text(
        added.read_text(encoding="utf-8").replace("Ajouté pendant serve", "Titre corrigé"),
        encoding="utf-8",
    )
    status, body = wait_for(url, lambda s, b: s == 200 and "Titre corrigé" in b)
    assert "Titre corrigé" in body


def test_an_invalid_episode_under_serve_keeps_the_last_good_site(served):
    project, base, log = served
    path = project / "episodes" / "02-les-enjeux.yml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "sumary: faute de frappe\n", encoding="utf-8")
    deadline = time.monotonic() + 90
    while "sumary: champ inconnu" not in log.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
        time.sleep(0.5)
    output = log.read_text(encoding="utf-8")
    assert "episodes/02-les-enjeux.yml:" in output
    assert "Traceback" not in output
    # The preview's own address is no mistake under serve.
    assert "ATTENTION : site_url" not in output
    # The last good site is still served, whole.
    for url in ("", "episodes/", "episodes/les-enjeux/", "episodes/demo-video-sobre/"):
        assert fetch(base + url)[0] == 200, url
    path.write_text(
        good.replace("title: Les enjeux", "title: Les enjeux, corrigé"), encoding="utf-8"
    )
    _status, body = wait_for(
        base + "episodes/les-enjeux/", lambda s, b: s == 200 and "Les enjeux, corrigé" in b
    )
    assert "Les enjeux, corrigé" in body


def test_a_broken_mkdocs_yml_under_serve_keeps_answering(served):
    project, base, log = served
    config = project / "mkdocs.yml"
    good = config.read_text(encoding="utf-8")
    config.write_text(good.replace("      per_page: 6\n", "      per_page: [6\n"), encoding="utf-8")
    deadline = time.monotonic() + 90
    while "le site servi garde sa dernière version" not in log.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
        time.sleep(0.5)
    # Pages still answer at once, in their last version.
    started = time.monotonic()
    assert fetch(base + "episodes/")[0] == 200
    assert time.monotonic() - started < 4
    assert "Traceback" not in log.read_text(encoding="utf-8")
    config.write_text(
        good.replace("site_name: Référents", "site_name: Les référents"), encoding="utf-8"
    )
    _status, body = wait_for(base, lambda s, b: s == 200 and "Les référents numérique" in b)
    assert "Les référents numérique" in body


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    """The demo site under `mkdocs serve`, untouched by the tests that use it."""
    project = copy_site(tmp_path_factory.mktemp("apercu"))
    with serving(project, project.parent / "serve.log") as (base, _process):
        yield project, base


def ranged(url: str, value: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """A GET with an optional Range header: status, headers, body."""
    request = urllib.request.Request(url, headers={"Range": value} if value else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_the_preview_answers_range_requests_as_production_does(preview):
    project, base = preview
    video = "episodes/demo-video-sobre/video-240p.webm"
    assert 'video-240p.webm" type="video/webm"' in fetch(base + "episodes/demo-video-sobre/")[1]
    data = (project / "episodes" / "demo-video-sobre" / "video-240p.webm").read_bytes()
    size = len(data)

    status, headers, body = ranged(base + video)
    assert (status, headers["Accept-Ranges"], body) == (200, "bytes", data)

    status, headers, body = ranged(base + video, "bytes=100-199")
    assert status == 206
    assert headers["Content-Range"] == f"bytes 100-199/{size}"
    assert headers["Content-Length"] == "100" and body == data[100:200]
    assert headers["Content-Type"] == "video/webm"

    status, headers, body = ranged(base + video, "bytes=-50")
    assert (status, headers["Content-Range"], body) == (
        206, f"bytes {size - 50}-{size - 1}/{size}", data[-50:],
    )  # fmt: skip
    status, headers, body = ranged(base + video, f"bytes={size - 10}-")
    assert (status, body) == (206, data[-10:])
    # Past the end: 416, saying the size.
    status, headers, body = ranged(base + video, f"bytes={size}-")
    assert (status, headers["Content-Range"], body) == (416, f"bytes */{size}", b"")
    # Several ranges: the whole file, as the RFC allows.
    status, _headers, body = ranged(base + video, "bytes=0-9,20-29")
    assert (status, body) == (200, data)
    # A page (its live-reload script, different at each request, added by MkDocs at the
    # end) is cut at the right place too.
    page = ranged(base + "episodes/demo-video-sobre/")[2]
    assert ranged(base + "episodes/demo-video-sobre/", "bytes=10-999")[2] == page[10:1000]
    # A missing file stays a 404.
    assert ranged(base + "episodes/absent.webm", "bytes=0-9")[0] == 404


def test_a_chapter_seeks_the_self_hosted_video_in_preview(preview, browser):
    _project, base = preview
    context = browser.new_context()
    try:
        page = context.new_page()
        statuses: list[int] = []
        page.on(
            "response",
            lambda response: (
                statuses.append(response.status) if response.url.endswith(".webm") else None
            ),
        )
        page.goto(base + "episodes/demo-video-sobre/", wait_until="load")
        assert statuses == []  # no media byte before a click
        page.evaluate("document.getElementById('ep-video').playbackRate = 0.25")
        page.locator(".ep-chapters a[href='#t=15']").click()
        page.wait_for_function(
            "() => document.getElementById('ep-video').currentTime >= 15", timeout=20000
        )
        # The browser knew it could seek anywhere: the server answered in parts.
        assert 206 in statuses and 200 not in statuses, statuses
        seekable = page.evaluate(
            "(() => { const v = document.getElementById('ep-video');"
            " return [v.seekable.length, v.seekable.end(0), v.duration]; })()"
        )
        assert seekable[0] == 1 and abs(seekable[1] - seekable[2]) < 0.5
    finally:
        context.close()
