"""deploy/nginx.conf, with real requests to Debian's nginx serving a built site: content
types, pre-compressed files and caches, relative redirects, cross-origin policies, HSTS
over https only, and the build's own files never served."""

from __future__ import annotations

import gzip
import http.client
import re
import shutil
import ssl
import subprocess
from pathlib import Path

import pytest
from conftest import REPO
from servers import Nginx

SYSTEM_TYPES = Path("/etc/nginx/mime.types")
# Extensions whose type deliberately differs from Debian's list (see deploy/nginx.conf).
CHANGED_TYPES = {
    "js": "text/javascript",
    "xml": "application/xml",
    "m4a": "audio/mp4",
}
# Small files of kinds the demo does not have, added to the served copy.
EXTRA_FILES = {
    "notes.txt": b"Des notes.\n",
    "episodes/demo-video-sobre/audio.mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00",
    "episodes/demo-video-sobre/audio.m4a": b"\x00\x00\x00\x18ftypM4A ",
    "episodes/demo-video-sobre/audio.aac": b"\xff\xf1\x50\x80",
    "episodes/demo-video-sobre/video.ogv": b"OggS\x00\x02",
    "assets/fonts/marianne.woff2": b"wOF2\x00\x01\x00\x00",
    "episodes/demo-video-sobre/video-240p.mp4": b"\x00\x00\x00\x18ftypisom",
    "episodes/.brouillon.md": b"secret",
    # An oEmbed answer, as the previews' branch publishes them.
    "oembed/demo-video-sobre.json": b'{"version":"1.0","type":"video"}',
}
HSTS = "max-age=63072000; includeSubDomains"
# A content hash in a file name, as the build writes it.
HASHED = r"\.[0-9a-f]{8,}\."


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body


def request(
    base: str,
    path: str,
    headers: dict[str, str] | None = None,
    context: ssl.SSLContext | None = None,
) -> Response:
    """One request, redirects not followed, body as sent (not decompressed)."""
    host, port = base.split("//", 1)[1].rstrip("/").split(":")
    if base.startswith("https"):
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            host, int(port), timeout=10, context=context
        )
    else:
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()


def one(site: Path, pattern: str, name: str = "") -> str:
    """The site path (starting with /) of the first file matching `pattern` whose name
    matches the regular expression `name`."""
    found = sorted(p for p in site.glob(pattern) if re.search(name, p.name))
    assert found, pattern
    return "/" + found[0].relative_to(site).as_posix()


@pytest.fixture(scope="module")
def served(demo_build, tmp_path_factory: pytest.TempPathFactory):
    """A copy of the demo site, with files of the kinds it lacks, served by nginx."""
    site = tmp_path_factory.mktemp("nginx-site") / "site"
    shutil.copytree(demo_build.site, site)
    for name, content in EXTRA_FILES.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(content)
    server = Nginx(site, tmp_path_factory.mktemp("nginx"))
    yield site, server.base
    server.stop()


@pytest.fixture(scope="module")
def paths(served) -> dict[str, str]:
    """One URL of each kind the configuration tells apart."""
    site, _ = served
    return {
        "page": "/",
        "doctrine page": "/doctrine/",
        "stylesheet": one(site, "assets/**/*.css", HASHED),
        "script": one(site, "assets/**/*.js", HASHED),
        "search fragment": one(site, "pagefind/fragment/*.pf_fragment"),
        "search script": "/pagefind/pagefind.js",
        "data": "/ecoconception/mesures.csv",
        "text": "/notes.txt",
        "font": "/assets/fonts/marianne.woff2",
        "poster": one(site, "assets/posters/*.webp"),
        "embed page": one(site, "episodes/*/embed/index.html").removesuffix("index.html"),
        "video": one(site, "episodes/*/*.webm"),
        "mp4 video": "/episodes/demo-video-sobre/video-240p.mp4",
        "opus audio": one(site, "episodes/*/*.opus"),
        "mp3 audio": "/episodes/demo-video-sobre/audio.mp3",
        "m4a audio": "/episodes/demo-video-sobre/audio.m4a",
        "aac audio": "/episodes/demo-video-sobre/audio.aac",
        "ogg video": "/episodes/demo-video-sobre/video.ogv",
        "captions": one(site, "episodes/*/*.vtt"),
        "chapters": one(site, "episodes/*/chapitres.json"),
        "transcript": one(site, "episodes/*/transcription.txt"),
        "oembed": "/oembed/demo-video-sobre.json",
        "podcast cover": one(site, "assets/podcast/*", HASHED),
        "rss feed": "/episodes/feed.xml",
        "atom feed": "/episodes/atom.xml",
        "json feed": "/episodes/feed.json",
        "theme feed": one(site, "themes/*/feed.xml"),
        "api": one(site, "api/*.json"),
        "sitemap": "/sitemap.xml",
    }


def test_types_keep_every_extension_of_the_system_list():
    """A `types` block replaces nginx's inherited list: ours must hold all of it."""
    if not SYSTEM_TYPES.exists():
        pytest.skip("pas de /etc/nginx/mime.types sur cette machine")

    def types(text: str) -> dict[str, str]:
        block = re.search(r"\btypes\s*\{(.*?)\}", text, re.DOTALL)
        assert block
        found: dict[str, str] = {}
        for line in block.group(1).splitlines():
            words = line.split("#", 1)[0].replace(";", " ").split()
            for extension in words[1:]:
                assert extension not in found, f"extension {extension} en double"
                found[extension] = words[0]
        return found

    ours = types((REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8"))
    system = types(SYSTEM_TYPES.read_text(encoding="utf-8"))
    for extension, kind in system.items():
        assert ours.get(extension) == CHANGED_TYPES.get(extension, kind), extension


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("page", "text/html; charset=utf-8"),
        ("stylesheet", "text/css; charset=utf-8"),
        ("script", "text/javascript; charset=utf-8"),
        ("search script", "text/javascript; charset=utf-8"),
        ("search fragment", "application/octet-stream"),
        ("data", "text/csv; charset=utf-8"),
        ("text", "text/plain; charset=utf-8"),
        ("font", "font/woff2"),
        ("poster", "image/webp"),
        ("video", "video/webm"),
        ("mp4 video", "video/mp4"),
        ("opus audio", "audio/ogg"),
        ("mp3 audio", "audio/mpeg"),
        ("m4a audio", "audio/mp4"),
        ("aac audio", "audio/aac"),
        ("ogg video", "video/ogg"),
        ("captions", "text/vtt; charset=utf-8"),
        ("chapters", "application/json+chapters"),
        ("transcript", "text/plain; charset=utf-8"),
        ("oembed", "application/json"),
        ("podcast cover", "image/png"),
        ("rss feed", "application/xml; charset=utf-8"),
        ("sitemap", "application/xml; charset=utf-8"),
        ("json feed", "application/feed+json"),
    ],
)
def test_content_type(served, paths, kind, expected):
    response = request(served[1], paths[kind])
    assert response.status == 200
    assert response.headers["Content-Type"] == expected


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["page", "stylesheet", "script", "rss feed"])
def test_precompressed_file_is_sent_with_vary(served, paths, kind):
    site, base = served
    path = paths[kind]
    original = (site / path.lstrip("/") / ("index.html" if path.endswith("/") else "")).read_bytes()
    compressed = request(base, path, {"Accept-Encoding": "gzip"})
    assert compressed.status == 200
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert compressed.headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(compressed.body) == original
    # A client that does not take gzip gets the file itself, with the same Vary: a shared
    # cache keeps the two apart.
    plain = request(base, path)
    assert "Content-Encoding" not in plain.headers
    assert plain.headers["Vary"] == "Accept-Encoding"
    assert plain.body == original


@pytest.mark.slow
def test_captions_compressed_on_the_fly_with_vary(served, paths):
    response = request(served[1], paths["captions"], {"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(response.body).startswith(b"WEBVTT")


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/episodes", "/doctrine/rgesn", "/themes"])
def test_folder_redirect_is_relative_and_ignores_the_host_header(served, path):
    response = request(served[1], path, {"Host": "piege.example"})
    assert response.status == 301
    assert response.headers["Location"] == f"{path}/"


PAGES = ("page", "doctrine page")
OWN_ASSETS = ("stylesheet", "script", "search script", "search fragment", "data", "font")
READ_BY_OTHER_SITES = (
    "embed page",
    "poster",
    "video",
    "mp4 video",
    "opus audio",
    "mp3 audio",
    "m4a audio",
    "aac audio",
    "ogg video",
    "captions",
    "chapters",
    "transcript",
    "rss feed",
    "atom feed",
    "json feed",
    "theme feed",
    "api",
    "oembed",
    "podcast cover",
)
# What other sites' web apps read with fetch(): opened to every origin, and only that.
FETCHED_BY_WEB_APPS = (
    "captions",
    "chapters",
    "transcript",
    "rss feed",
    "atom feed",
    "json feed",
    "theme feed",
    "api",
    "oembed",
)


@pytest.mark.slow
@pytest.mark.parametrize("kind", PAGES + OWN_ASSETS + READ_BY_OTHER_SITES)
def test_cross_origin_policies(served, paths, kind):
    response = request(served[1], paths[kind])
    assert response.status == 200
    expected = "cross-origin" if kind in READ_BY_OTHER_SITES else "same-origin"
    assert response.headers.get_all("Cross-Origin-Resource-Policy") == [expected]
    if kind in (*PAGES, "embed page"):
        assert response.headers.get_all("Cross-Origin-Opener-Policy") == ["same-origin"]
    # The build's headers still come with every answer (include kept in each location).
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    # HSTS is for https only.
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.slow
@pytest.mark.parametrize("kind", PAGES + OWN_ASSETS + READ_BY_OTHER_SITES)
def test_web_apps_of_other_sites_may_read_feeds_chapters_captions_and_data(served, paths, kind):
    response = request(served[1], paths[kind], {"Origin": "https://lecteur.example"})
    assert response.status == 200
    expected = ["*"] if kind in FETCHED_BY_WEB_APPS else []
    assert (response.headers.get_all("Access-Control-Allow-Origin") or []) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "path",
    ["/_headers", "/.headers.nginx", "/.headers-embed.nginx", "/episodes/.brouillon.md"],
)
def test_build_files_are_not_served(served, path):
    response = request(served[1], path)
    assert response.status == 404
    assert b"secret" not in response.body
    assert b"add_header" not in response.body


@pytest.mark.slow
def test_hsts_over_https(served, paths, tmp_path):
    """The same configuration turned https, as its closing comment explains."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl est requis pour ce test")
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    (tmp_path / "nginx").mkdir()
    server = Nginx(served[0], tmp_path / "nginx", tls=(certificate, key))
    try:
        context = ssl.create_default_context(cafile=str(certificate))
        for kind in ("page", "stylesheet", "embed page", "opus audio", "rss feed", "api"):
            response = request(server.base, paths[kind], context=context)
            assert response.status == 200, kind
            assert response.headers.get_all("Strict-Transport-Security") == [HSTS], kind
    finally:
        server.stop()
