"""`make build` (mkdocs_episodes.build.site_swap): builds never interleave, a failed build
leaves site/ as it was, and a server serving site/ during rebuilds only ever finds a
complete site."""

from __future__ import annotations

import fcntl
import gzip
import http.client
import os
import re
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import copy_site, folder_files
from servers import Nginx

from mkdocs_episodes.build import site_swap

WAITING = "Une autre construction du site est en cours"
LOCAL_PREVIEW = (
    "ATTENTION : site_url vaut « http://127.0.0.1:8000/ », l'adresse de l'aperçu local "
    "(SITE_URL n'est pas défini)"
)
# Pages requested under load; each one's fingerprinted stylesheets and scripts follow.
PAGES = ("/", "/a-propos/", "/doctrine/", "/episodes/", "/episodes/les-enjeux/")
FINGERPRINTED = re.compile(
    r'<(?:link[^>]*\shref|script[^>]*\ssrc)="([^"]+\.[0-9a-f]{8,}(?:\.min)?\.(?:css|js))"'
)
VERSION = re.compile(r"Version de construction (\d+)\.")


def command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs_episodes.build.site_swap", *arguments]


def environment() -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    return env


def make_build(project: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    """`make build`'s command, in the project's folder (SITE_URL unset unless given)."""
    return subprocess.run(
        command("--site-dir", "site"),
        cwd=project,
        capture_output=True,
        text=True,
        env={**environment(), **variables},
        timeout=300,
        check=False,
    )


def missing_pages(project: Path) -> list[str]:
    """The published addresses (urls.txt) that site/ lacks."""
    site = project / "site"
    missing = []
    for line in (project / "urls.txt").read_text(encoding="utf-8").splitlines():
        if not line.startswith("/"):
            continue
        path = site / line.lstrip("/")
        if line.endswith("/"):
            path = path / "index.html"
        if not path.is_file():
            missing.append(line)
    return missing


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.glob("site.construction-*"))


def test_exchange_swaps_two_folders(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        (folder / "nom").write_text(folder.name, encoding="utf-8")
    if not site_swap.exchange(first, second):
        pytest.skip("pas d'échange atomique sur ce système ou ce système de fichiers")
    assert (first / "nom").read_text(encoding="utf-8") == "b"
    assert (second / "nom").read_text(encoding="utf-8") == "a"


@pytest.mark.parametrize("atomic", [True, False], ids=["échange", "deux renommages"])
def test_previous_site_is_kept_one_build(tmp_path, monkeypatch, atomic):
    if not atomic:
        monkeypatch.setattr(site_swap, "exchange", lambda first, second: False)
    site = tmp_path / "site"
    for number in range(1, 4):
        fresh = site_swap.make_fresh_folder(site)
        (fresh / "index.html").write_text(str(number), encoding="utf-8")
        site_swap.swap_in(fresh, site)
        assert not fresh.exists()
        assert (site / "index.html").read_text(encoding="utf-8") == str(number)
    assert (tmp_path / "site.precedent" / "index.html").read_text(encoding="utf-8") == "2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site.precedent"]


@pytest.mark.slow
def test_two_builds_started_at_once_run_one_after_the_other(tmp_path):
    project = copy_site(tmp_path / "project")
    lock = project / ".cache" / "construction.lock"
    lock.parent.mkdir(parents=True)
    logs = [tmp_path / "premiere.log", tmp_path / "seconde.log"]
    # The test holds the lock while both start: both wait, then race for it at once.
    with lock.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        processes = []
        for log in logs:
            with log.open("w") as output:
                processes.append(
                    subprocess.Popen(
                        command(), cwd=project, stdout=output, stderr=subprocess.STDOUT,
                        env=environment(),
                    )
                )  # fmt: skip
        deadline = time.monotonic() + 60
        while not all(WAITING in log.read_text(encoding="utf-8") for log in logs):
            assert time.monotonic() < deadline, [log.read_text(encoding="utf-8") for log in logs]
            time.sleep(0.1)
        assert not (project / "site").exists()
        fcntl.flock(held, fcntl.LOCK_UN)
    for process in processes:
        process.wait(timeout=300)
    outputs = [log.read_text(encoding="utf-8") for log in logs]
    assert [process.returncode for process in processes] == [0, 0], outputs
    # Each build had its own folder, and the second one found the first one's site.
    folders = {re.search(r"site\.construction-[0-9a-f-]+", text).group() for text in outputs}
    assert len(folders) == 2
    site = project / "site"
    assert site.is_dir()
    assert not site.is_symlink()
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(site.stat().st_mode) == 0o777 & ~umask
    assert missing_pages(project) == []
    assert (project / "site.precedent" / "index.html").is_file()
    assert leftovers(project) == []


@pytest.mark.slow
def test_a_build_with_the_public_address_says_nothing_of_the_preview(tmp_path):
    project = copy_site(tmp_path / "project")
    built = make_build(project, SITE_URL="https://serie.exemple.gouv.fr/")
    assert built.returncode == 0, built.stdout + built.stderr
    assert "ATTENTION" not in built.stdout + built.stderr
    feed = (project / "site" / "episodes" / "feed.xml").read_text(encoding="utf-8")
    assert "127.0.0.1" not in feed
    assert "<link>https://serie.exemple.gouv.fr/episodes/</link>" in feed


@pytest.mark.slow
def test_failed_build_leaves_the_site_untouched(tmp_path):
    project = copy_site(tmp_path / "project")
    first = make_build(project)
    assert first.returncode == 0, first.stdout + first.stderr
    # Built for the preview's address: said in French, and not an error.
    assert LOCAL_PREVIEW in first.stderr
    before = folder_files(project / "site")
    episode = project / "episodes" / "02-les-enjeux.yml"
    episode.write_text(
        episode.read_text(encoding="utf-8").replace("number: 2\n", "number: [2\n"),
        encoding="utf-8",
    )
    failed = make_build(project)
    output = failed.stdout + failed.stderr
    assert failed.returncode != 0
    # MkDocs' own report is shown, then ours.
    assert "02-les-enjeux.yml" in output
    assert "La construction a échoué : site/ n'a pas été modifié." in output
    assert folder_files(project / "site") == before
    assert not (project / "site.precedent").exists()
    assert leftovers(project) == []


class Load:
    """Threads requesting pages, then right away the fingerprinted files each page names,
    until stopped; every answer that is not a 200 is kept."""

    def __init__(self, port: int, threads: int = 3) -> None:
        self.port = port
        self.requests = 0
        self.failures: list[str] = []
        self.versions: set[str] = set()
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [
            threading.Thread(target=self.run, args=(number % 2 == 0,), daemon=True)
            for number in range(threads)
        ]
        for thread in self.threads:
            thread.start()

    def get(self, path: str, compressed: bool) -> bytes | None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(
                "GET", path, headers={"Accept-Encoding": "gzip"} if compressed else {}
            )
            response = connection.getresponse()
            body = response.read()
        except OSError as error:
            self.record(f"{path}: {error!r}")
            return None
        finally:
            connection.close()
        if response.status != 200:
            self.record(f"{path}: {response.status}")
            return None
        if response.headers["Content-Encoding"] == "gzip":
            body = gzip.decompress(body)
        with self.lock:
            self.requests += 1
        return body

    def record(self, failure: str) -> None:
        with self.lock:
            self.requests += 1
            self.failures.append(failure)

    def run(self, compressed: bool) -> None:
        while not self.stop.is_set():
            for page in PAGES:
                body = self.get(page, compressed)
                if body is None:
                    continue
                html = body.decode("utf-8")
                if not html.rstrip().endswith("</html>"):
                    self.record(f"{page}: page tronquée")
                if found := VERSION.search(html):
                    with self.lock:
                        self.versions.add(found.group(1))
                for reference in FINGERPRINTED.findall(html):
                    self.get(urljoin(page, reference), compressed)

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)


@pytest.mark.slow
def test_server_finds_a_complete_site_during_rebuilds(tmp_path):
    project = copy_site(tmp_path / "project")
    page = project / "docs" / "a-propos.md"
    text = page.read_text(encoding="utf-8")

    def build(version: int) -> None:
        page.write_text(f"{text}\nVersion de construction {version}.\n", encoding="utf-8")
        result = make_build(project)
        assert result.returncode == 0, result.stdout + result.stderr
        served = (project / "site" / "a-propos" / "index.html").read_text(encoding="utf-8")
        assert f"Version de construction {version}." in served

    build(0)
    (tmp_path / "nginx").mkdir()
    server = Nginx(project / "site", tmp_path / "nginx")
    load = Load(server.port)
    try:
        time.sleep(0.5)
        for version in (1, 2, 3):
            build(version)
            time.sleep(0.3)
    finally:
        load.finish()
        server.stop()
    print(f"{load.requests} requêtes, {len(load.failures)} hors 200, versions {load.versions}")
    assert load.failures == []
    assert load.requests > 100
    # The swaps happened while the pages were being requested.
    assert load.versions >= {"0", "3"}
    assert len(load.versions) >= 3


def test_content_named_files_outlive_their_pages_by_one_build(tmp_path):
    # A page fetched just before a swap asks for the poster it names once the new site
    # is in place: that file stays one build, then goes.
    project = copy_site(tmp_path / "project")
    assert make_build(project).returncode == 0
    posters = project / "site" / "assets" / "posters"
    before = {p.name for p in posters.iterdir() if p.name.startswith("episode-01-")}
    poster = project / "episodes" / "posters" / "episode-01.png"
    from PIL import Image

    with Image.open(poster) as image:
        image.convert("RGB").point(lambda value: 255 - value).save(poster)
    assert make_build(project).returncode == 0
    now = {p.name for p in posters.iterdir() if p.name.startswith("episode-01-")}
    assert before < now  # the former ones are still served, beside the new ones
    assert make_build(project).returncode == 0
    after = {p.name for p in posters.iterdir() if p.name.startswith("episode-01-")}
    assert after == now - before
    assert (project / "site" / site_swap.CARRIED).exists()
