"""Real episodes' media in object storage: `episodes media --stockage` against a real S3
API on loopback (moto's server), then the built site playing them in chromium."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import build_site, copy_site, run_episodes
from s3_server import BUCKET, CuttingProxy, S3Server
from servers import Nginx, free_port

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
PREFIX = "serie"
EPISODE = """# yaml-language-server: $schema=../schema/episode.schema.json
# Un épisode publié par le stockage objet.
number: 7
slug: test-stockage
title: Test du stockage  # titre
date: 2025-01-01
summary: Un épisode dont les vidéos sont dans un stockage objet.
themes:
  - video-sobre
video:
  sources: []  # remplies par episodes media
  # Un commentaire après video.sources.
poster: demo-video-sobre/poster.png  # affiche provisoire
chapters:
  - start: 0
    title: Début
  - start: 2
    title: Suite  # le chapitre visé
# Fin.
"""
COMMENTS = [line.split("#", 1)[1] for line in EPISODE.splitlines() if "#" in line]


@pytest.fixture(scope="module")
def master(tmp_path_factory) -> Path:
    """A 3-second master with sound, outside any repository."""
    path = tmp_path_factory.mktemp("ailleurs") / "master.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
         "-f", "lavfi", "-i", "sine=frequency=440", "-t", "3", "-c:v", "libx264",
         "-preset", "ultrafast", "-c:a", "aac", str(path)],
        check=True,
    )  # fmt: skip
    return path


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    server = S3Server(tmp_path_factory.mktemp("moto"))
    yield server
    server.stop()


def new_project(folder: Path) -> Path:
    project = copy_site(folder)
    (project / "episodes" / "07-test-stockage.yml").write_text(EPISODE, encoding="utf-8")
    return project


def media(project: Path, master: Path, s3: S3Server, *extra: str, **env: str):
    """`episodes media` as a publisher runs it, with the store's variables."""
    variables = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **s3.env(), **env}
    variables["EPISODES_CACHE_DIR"] = str(project / ".cache" / "episodes")
    arguments = ["--stockage", f"s3://{BUCKET}/{PREFIX}", "--url-media", s3.public_url(PREFIX)]
    return run_episodes(
        project, "media", str(master), "--episode", "test-stockage", *arguments, *extra,
        env=variables,
    )  # fmt: skip


def episode_text(project: Path) -> str:
    return (project / "episodes" / "07-test-stockage.yml").read_text(encoding="utf-8")


def untouched(project: Path) -> None:
    """The publisher's files as they were: the YAML, and no side folder filled."""
    assert episode_text(project) == EPISODE
    folder = project / "episodes" / "test-stockage"
    assert not folder.exists() or not any(folder.iterdir())


@pytest.fixture(scope="module")
def uploaded(tmp_path_factory, master, s3):
    project = new_project(tmp_path_factory.mktemp("projet"))
    result = media(project, master, s3)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, result


def test_upload_stores_digest_named_objects_and_writes_their_addresses(uploaded, s3):
    project, result = uploaded
    from mkdocs_episodes.core.model import Episode
    from mkdocs_episodes.core.yaml_source import parse_yaml

    text = episode_text(project)
    assert [line.split("#", 1)[1] for line in text.splitlines() if "#" in line] == COMMENTS
    episode = Episode.model_validate(parse_yaml(text).data)
    stored = s3.objects()
    # Renditions, then the sound in AAC (the podcast enclosure) and in Opus.
    media_files = [*episode.video.sources, *episode.audio]
    assert [item.type for item in episode.audio] == ["audio/mp4", "audio/ogg"]
    assert len(stored) == len(media_files) == 4
    for item in media_files:
        key = item.src.removeprefix(f"{s3.endpoint}/{BUCKET}/")
        assert key.startswith(f"{PREFIX}/test-stockage/")
        # The digest is in the name: a new encoding never overwrites a file being played.
        assert item.sha256[:16] in key
        head = stored[key]
        assert head["ContentLength"] == item.size
        assert head["ContentType"] == item.type
        assert head["CacheControl"] == "public, max-age=31536000, immutable"
        body = s3.s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        assert hashlib.sha256(body).hexdigest() == item.sha256
    assert episode.poster == "test-stockage/poster.webp"
    # Only the poster came into the repository: nothing heavy, no master, no backup.
    assert [p.name for p in (project / "episodes" / "test-stockage").iterdir()] == ["poster.webp"]
    assert not [p for p in project.rglob("*") if p.is_file() and p.stat().st_size > 1_000_000]
    assert not [p for p in (project / "episodes").rglob(".*")]
    assert "Stockage s3://medias-serie/serie : 4 fichiers envoyés, 0 déjà présent" in result.stdout
    assert "%" in result.stderr  # progress, on the error output
    checked = run_episodes(project, "check")
    assert checked.returncode == 0, checked.stdout
    assert "ne fonctionne que pour un aperçu local" in checked.stdout


def test_a_rerun_sends_nothing_already_stored(uploaded, master, s3):
    project, _ = uploaded
    before = {key: head["ETag"] for key, head in s3.objects().items()}
    text = episode_text(project)
    result = media(project, master, s3, "--remplacer")
    assert result.returncode == 0, result.stderr
    assert "0 fichier envoyé, 4 déjà présents" in result.stdout
    assert {key: head["ETag"] for key, head in s3.objects().items()} == before
    assert episode_text(project) == text


def test_an_interrupted_upload_leaves_the_episode_untouched(tmp_path, master, s3):
    project = new_project(tmp_path / "projet")
    proxy = CuttingProxy(s3.port, uploads=1)
    try:
        result = media(project, master, s3, AWS_ENDPOINT_URL=proxy.endpoint)
    finally:
        proxy.stop()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "les fichiers déjà envoyés ne seront pas renvoyés" in result.stderr, result.stderr
    untouched(project)
    assert not list((project / ".cache" / "episodes" / "encodage").iterdir())


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("identifiants", "identifiants refusés par le stockage pour le seau « medias-serie »"),
        ("sans-identifiants", "identifiants du stockage absents"),
        ("seau", "seau « absent-seau » introuvable"),
        ("injoignable", "stockage injoignable"),
        ("http", "https:// est attendu"),
        ("sans-url", "--url-media (ou media_url) manque"),
        ("sans-boto3", "le module boto3 manque"),
    ],
)
def test_storage_failures_get_a_french_message_and_nothing_is_written(
    tmp_path, master, s3, case, words
):
    project = new_project(tmp_path / "projet")
    before = set(s3.objects())
    variables = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **s3.env()}
    variables["EPISODES_CACHE_DIR"] = str(project / ".cache" / "episodes")
    storage, url = f"s3://{BUCKET}/{PREFIX}", s3.public_url(PREFIX)
    command = [sys.executable, "-m", "mkdocs_episodes"]
    if case == "identifiants":
        variables["AWS_SECRET_ACCESS_KEY"] = "mauvaise-clé"
    if case == "sans-identifiants":
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            variables.pop(name)
        variables["AWS_SHARED_CREDENTIALS_FILE"] = variables["AWS_CONFIG_FILE"] = os.devnull
    if case == "seau":
        storage = "s3://absent-seau/serie"
    if case == "injoignable":
        variables["AWS_ENDPOINT_URL"] = f"http://127.0.0.1:{free_port()}"
    if case == "http":
        url = "http://medias.example.gouv.fr/serie/"
    if case == "sans-boto3":
        # The command run where boto3 cannot be imported, as without the extra.
        command = [sys.executable, "-c",
                   "import sys; sys.modules['boto3'] = None; "
                   "from mkdocs_episodes.cli import main; main()"]  # fmt: skip
    arguments = [str(master), "--episode", "test-stockage", "--stockage", storage]
    if case != "sans-url":
        arguments += ["--url-media", url]
    if case == "identifiants":
        s3.check_credentials(enforced=True)
    try:
        completed = subprocess.run(
            [*command, "media", *arguments],
            cwd=project,
            capture_output=True,
            text=True,
            env=variables,
            stdin=subprocess.DEVNULL,
            timeout=120,
            check=False,
        )
    finally:
        s3.check_credentials(enforced=False)
    assert completed.returncode == 1
    assert words in completed.stderr, completed.stderr
    assert completed.stderr.startswith("Erreur : ")
    assert "Traceback" not in completed.stderr
    untouched(project)
    assert set(s3.objects()) == before


@pytest.fixture(scope="module")
def served(uploaded, s3, tmp_path_factory):
    project, _ = uploaded
    result = build_site(project)
    assert result.returncode == 0, result.output
    server = Nginx(result.site, tmp_path_factory.mktemp("nginx"))
    yield result, server.base
    server.stop()


def test_feeds_structured_data_embed_page_and_csp_use_the_storage(served, s3):
    result, _ = served
    storage = f"{s3.endpoint}/{BUCKET}/{PREFIX}/test-stockage/"
    page = result.html("episodes/test-stockage/")
    sources = [s["src"] for s in page.select("#ep-video source")]
    assert sources and all(src.startswith(storage) for src in sources)
    graph = json.loads(page.select_one("script[type='application/ld+json']").string)
    video = next(node for node in graph["@graph"] if node["@type"] == "VideoObject")
    assert video["contentUrl"].startswith(storage)
    embed = result.html("episodes/test-stockage/embed/")
    assert all(s["src"].startswith(storage) for s in embed.select("video source"))
    feed = (result.site / "episodes" / "feed.xml").read_text(encoding="utf-8")
    assert f'url="{storage}audio-' in feed and 'type="audio/mp4"' in feed
    headers = (result.site / "_headers").read_text(encoding="utf-8")
    assert f"media-src 'self' {s3.endpoint};" in headers
    # The build fetched nothing: the episode's media are nowhere in the site.
    assert not [
        p
        for p in result.site.rglob("*")
        if p.suffix in {".webm", ".opus", ".m4a"} and "test-stockage" in str(p)
    ]


def test_the_episode_plays_from_the_storage_and_seeks_to_a_chapter(served, s3, browser):
    _result, base = served
    context = browser.new_context()
    try:
        page = context.new_page()
        answers: list[tuple[str, int]] = []
        page.on("response", lambda r: answers.append((r.url, r.status)))
        page.add_init_script(
            "window.__csp = []; document.addEventListener('securitypolicyviolation',"
            " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
        )
        page.goto(base + "episodes/test-stockage/", wait_until="networkidle")
        from_store = lambda: [a for a in answers if a[0].startswith(s3.endpoint)]  # noqa: E731
        assert from_store() == [], "no media byte before a click"
        page.locator(".ep-chapters a[href='#t=2']").click()
        page.wait_for_function(
            "() => document.getElementById('ep-video').currentTime >= 2", timeout=20000
        )
        played = page.evaluate("document.getElementById('ep-video').currentSrc")
        assert played.startswith(f"{s3.endpoint}/{BUCKET}/{PREFIX}/test-stockage/")
        assert 206 in {status for _url, status in from_store()}, from_store()
        assert page.evaluate("window.__csp") == []
    finally:
        context.close()


def test_check_distant_looks_at_every_stored_file_and_plain_check_stays_offline(
    uploaded, s3, tmp_path
):
    project, _ = uploaded
    checked = run_episodes(project, "check", "--distant")
    assert checked.returncode == 0, checked.stdout
    assert "0 erreur," in checked.stdout
    # A plain web server: no range requests, no CORS header.
    plain_dir = tmp_path / "web"
    plain_dir.mkdir()
    (plain_dir / "video.webm").write_bytes(b"\x1a\x45\xdf\xa3" + bytes(96))
    plain = subprocess.Popen(
        [sys.executable, "-m", "http.server", "-b", "127.0.0.1", str(port := free_port())],
        cwd=plain_dir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    s3.s3.put_object(
        Bucket=BUCKET, Key="autre/brut.webm", Body=b"x" * 10, ContentType="binary/octet-stream"
    )
    stored = s3.objects()
    present = next(k for k in stored if k.endswith(".webm") and k.startswith(PREFIX))
    store = f"{s3.endpoint}/{BUCKET}/"
    sources = [
        (store + f"{PREFIX}/test-stockage/absente-0123456789abcdef.webm", 10),
        (store + present, stored[present]["ContentLength"] + 1),
        (store + "autre/brut.webm", 10),
        (f"http://127.0.0.1:{port}/video.webm", 100),
        (f"http://127.0.0.1:{free_port()}/ferme.webm", 10),
    ]
    text = EPISODE.replace("number: 7", "number: 8").replace("slug: test-stockage", "slug: distant")
    text = text.replace(
        "  sources: []  # remplies par episodes media\n",
        "  sources:\n"
        + "".join(
            f"    - src: {url}\n      type: video/webm\n      height: 240\n      size: {size}\n"
            for url, size in sources
        ),
    ).replace("  - start: 2\n    title: Suite  # le chapitre visé\n", "")
    (project / "episodes" / "08-distant.yml").write_text(text, encoding="utf-8")
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/video.webm", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        offline = run_episodes(project, "check")
        remote = run_episodes(project, "check", "--distant")
    finally:
        plain.terminate()
        plain.wait(timeout=10)
        (project / "episodes" / "08-distant.yml").unlink()
        s3.s3.delete_object(Bucket=BUCKET, Key="autre/brut.webm")
    # The build's check trusts the YAML: nothing of this is its business.
    assert offline.returncode == 0, offline.stdout
    assert remote.returncode == 1
    lines = [line for line in remote.stdout.splitlines() if "08-distant.yml" in line]
    # Fields are numbered from 1, as publishers count.
    expected = [
        ("video.sources[1]", "introuvable sur le stockage (HTTP 404)"),
        ("video.sources[2]", f"octets sur le stockage, {sources[1][1]} dans le YAML"),
        ("video.sources[3]", "est servi comme « binary/octet-stream », « video/webm » déclaré"),
        ("video.sources[4]", "ne répond pas aux requêtes partielles (HTTP 200 au lieu de 206)"),
        ("video.sources[4]", "la règle CORS du stockage n'admet pas le site http://127.0.0.1:8000"),
        ("video.sources[5]", "injoignable"),
    ]
    for field, words in expected:
        assert any(f" {field}.src: " in line and words in line for line in lines), "\n".join(lines)
    assert "Traceback" not in remote.stderr


def test_a_large_file_goes_in_parts_once_and_is_kept_under_its_digest(s3, tmp_path, monkeypatch):
    from mkdocs_episodes.build.storage import PART_BYTES, Store

    for name, value in s3.env().items():
        monkeypatch.setenv(name, value)
    big = tmp_path / "video-720p.webm"
    big.write_bytes(os.urandom(PART_BYTES + 1_000_000))
    store = Store(f"s3://{BUCKET}/gros", s3.public_url("gros"))
    shown: list[tuple[str, float]] = []
    first = store.upload(big, "episode", "video/webm", lambda n, s: shown.append((n, s)))
    again = store.upload(big, "episode", "video/webm", lambda n, s: shown.append((n, s)))
    assert first.sent and not again.sent
    assert (
        first.url
        == again.url
        == (f"{s3.public_url('gros')}episode/video-720p-{first.sha256[:16]}.webm")
    )
    head = s3.s3.head_object(Bucket=BUCKET, Key=f"gros/episode/video-720p-{first.sha256[:16]}.webm")
    # Sent in two parts: S3 marks a multipart object's ETag with its count of parts.
    assert head["ETag"].strip('"').endswith("-2")
    assert head["ContentLength"] == big.stat().st_size == first.size
    assert head["Metadata"] == {"sha256": first.sha256}
    # The bar moved through the upload, and the second run said it was already there.
    sent = [share for name, share in shown if name == "envoi de video-720p.webm"]
    assert 0 < min(sent) < 1 and sent[-1] == 1.0
    assert shown[-1] == ("video-720p.webm déjà dans le stockage", 1.0)
