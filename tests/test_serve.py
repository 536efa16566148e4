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
from conftest import copy_episode


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
