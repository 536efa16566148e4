"""Under `mkdocs serve`, a rebuild reuses what did not change since the last one (episodes
read, transcripts, compressed and parsed pages) and finishes the search index after the
page is served: after a publisher's sequence of saves, the served folder must still be,
byte for byte, what a fresh `mkdocs build` of the same sources makes.

The demo site with sixty episodes (the build shares its work with worker processes from
fifty), served for real, looked at in chromium.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_episode, copy_site, folder_files
from playwright.sync_api import Browser
from servers import free_port

pytestmark = pytest.mark.slow

EPISODES = 60
BUILT = "Documentation built in"
SEARCHED = "Aperçu : index de recherche à jour"


def _count(log: Path, text: str) -> int:
    return log.read_text(encoding="utf-8").count(text)


def _wait_for_log(log: Path, text: str, count: int, timeout: float = 180) -> None:
    """Until `text` shows `count` times in the server's log."""
    deadline = time.monotonic() + timeout
    while _count(log, text) < count:
        assert time.monotonic() < deadline, log.read_text(encoding="utf-8")[-4000:]
        time.sleep(0.2)


@contextlib.contextmanager
def _serving(project: Path, env: dict[str, str], log: Path) -> Iterator[Path]:
    """`make serve`'s command; yields the temporary folder it serves from."""
    port = env["SITE_URL"].rsplit(":", 1)[1].strip("/")
    command = [sys.executable, "-m", "mkdocs", "serve", "--strict"]
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [*command, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for_log(log, "Serving on", 1)
        # MkDocs serves from a folder of its own under TMPDIR.
        (served,) = Path(env["TMPDIR"]).glob("mkdocs_*")
        yield served
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_site(tmp_path_factory.mktemp("preview") / "project")
    for number in range(10, 10 + EPISODES - 6):
        copy_episode(
            root,
            number,
            f"episode-{number}",
            {"title: Les enjeux\n": f"title: Épisode de série {number}\n"},
        )
    # Files saved less than two seconds before they are read are read again at the next
    # rebuild (a save may land during the reading): these were saved long before.
    time.sleep(2.5)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_saves_under_serve_leave_the_site_a_fresh_build_makes(
    project: Path, tmp_path: Path, browser: Browser
):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    # The same address for the preview and the build: serve sets site_url to its own.
    port = free_port()
    env["SITE_URL"] = f"http://127.0.0.1:{port}/"
    episodes = project / "episodes"
    log = tmp_path / "serve.log"
    with _serving(project, env, log) as served:
        page = browser.new_page()
        page.goto(f"{env['SITE_URL']}episodes/episode-30/")
        builds = 1

        def saved(change: object = None) -> None:
            nonlocal builds
            builds += 1
            _wait_for_log(log, BUILT, builds)

        # A title: the page shows it after live reload, without a hand on the browser.
        _edit(episodes / "30-episode-30.yml", "Épisode de série 30", "Un titre changé")
        page.wait_for_function(
            "document.body.innerText.includes('Un titre changé')", timeout=120_000
        )
        saved()
        # A theme: the episode leaves one theme's pages for another's.
        _edit(episodes / "31-episode-31.yml", "  - enjeux\n", "  - actions\n")
        saved()
        # A new episode, then one deleted (never published: its address leaves urls.txt).
        copy_episode(project, 90, "ajoute", {"title: Les enjeux\n": "title: Ajouté\n"})
        saved()
        urls_file = project / "urls.txt"
        urls_file.write_text(
            "".join(
                line
                for line in urls_file.read_text(encoding="utf-8").splitlines(keepends=True)
                if "/episode-40/" not in line
            ),
            encoding="utf-8",
        )
        (episodes / "40-episode-40.yml").unlink()
        saved()
        # A doctrine page.
        doctrine = project / "docs" / "doctrine" / "enjeux.md"
        doctrine.write_text(
            doctrine.read_text(encoding="utf-8") + "\nUne phrase ajoutée pendant l'aperçu.\n",
            encoding="utf-8",
        )
        page.goto(f"{env['SITE_URL']}doctrine/enjeux/")
        saved()
        # Looked at in a page of its own: live reload may be reloading the first one.
        fresh = browser.new_page()
        fresh.goto(f"{env['SITE_URL']}doctrine/enjeux/")
        assert "Une phrase ajoutée pendant l'aperçu." in fresh.inner_text("body")
        fresh.close()
        # An invalid save keeps the last good episodes, then its fix.
        good = (episodes / "31-episode-31.yml").read_text(encoding="utf-8")
        (episodes / "31-episode-31.yml").write_text(good + "sumary: faute\n", encoding="utf-8")
        page.goto(f"{env['SITE_URL']}episodes/episode-31/")
        page.locator(".apercu-erreur").wait_for(timeout=120_000)
        saved()
        (episodes / "31-episode-31.yml").write_text(
            good.replace("Épisode de série 31", "Corrigé"), encoding="utf-8"
        )
        page.wait_for_function("document.body.innerText.includes('Corrigé')", timeout=120_000)
        assert page.locator(".apercu-erreur").count() == 0
        saved()
        page.close()
        # The last rebuild's search index, finished after the page was served.
        _wait_for_log(log, SEARCHED, 1)
        deadline = time.monotonic() + 120
        while _count(log, SEARCHED) < builds - 1 and time.monotonic() < deadline:
            time.sleep(0.2)
        shutil.copytree(served, tmp_path / "served")
    output = log.read_text(encoding="utf-8")
    assert "Traceback" not in output
    assert len(re.findall(BUILT, output)) == builds
    # The title's rebuild took most pages as the last build made them.
    kept = [int(n) for n in re.findall(r"(\d+) reprise\(s\) telles quelles", output)]
    assert kept[1] > 100, output

    fresh = tmp_path / "fresh"
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(fresh)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    served_files, fresh_files = folder_files(tmp_path / "served"), folder_files(fresh)
    assert sorted(served_files) == sorted(fresh_files)
    different = [name for name in fresh_files if served_files[name] != fresh_files[name]]
    assert different == []
