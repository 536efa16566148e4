"""Side files by type: each field's allow-list, by extension and first bytes; posters
within pixel limits and whole; names the series publishes itself, refused."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from helpers import png, write_episode
from PIL import Image

from mkdocs_episodes.core.gate import GateError
from mkdocs_episodes.core.loader import load_episode
from mkdocs_episodes.core.media_types import (
    MAX_POSTER_PIXELS,
    MAX_POSTER_SIDE,
    declared_type,
    read_head,
    reserved_name,
    side_file_problems,
    sniff,
)
from mkdocs_episodes.core.problems import Severity

# The smallest real beginnings of each kind of file.
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + bytes(40)
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(40)
OGG = b"OggS\x00\x02" + bytes(22) + b"\x01\x13OpusHead" + bytes(30)
MP3_ID3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(40)
MP3_FRAME = b"\xff\xfb\x90\x64" + bytes(60)
AAC = b"\xff\xf1\x50\x80\x02\x1f\xfc" + bytes(60)
HTML = b"<html><script>alert(1)</script>"


def image(kind: str, size: tuple[int, int] = (64, 36)) -> bytes:
    """A real image, noisy so that its compressed data is not tiny."""
    picture = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    picture.save(buffer, kind)
    return buffer.getvalue()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "episodes" / "media").mkdir(parents=True)
    return tmp_path.resolve()


def source(name: str, mime: str = "video/webm") -> dict:
    return {"src": f"media/{name}", "type": mime, "height": 360, "size": 1000}


def errors(root: Path, files: dict[str, bytes], **changes: object) -> dict[str, str]:
    """Load an episode naming `files` (written in episodes/media/): its errors by field."""
    path = write_episode(root / "episodes", **changes)
    for name, content in files.items():
        (root / "episodes" / "media" / name).write_bytes(content)
    episode, problems = load_episode(path, root)
    found = {p.field: p.message for p in problems if p.severity is Severity.ERROR}
    assert (episode is None) == bool(found)
    return found


@pytest.mark.parametrize(
    ("head", "signature"),
    [
        (WEBM, "ebml"),
        (MP4, "ftyp"),
        (OGG, "ogg"),
        (MP3_ID3, "id3"),
        (MP3_FRAME, "mpeg"),
        (AAC, "adts"),
        (b"\x89PNG\r\n\x1a\n\x00", "png"),
        (b"\xff\xd8\xff\xe0", "jpeg"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "webp"),
        (b"\xef\xbb\xbf  \n<!doctype html>", "markup"),
        (b"WEBVTT\n", None),
        (b"", None),
        (b"\xff", None),
    ],
)
def test_first_bytes_tell_the_kind(head, signature):
    assert sniff(head) == signature


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("v.webm", WEBM, "video/webm"),
        ("v.mp4", MP4, "video/mp4"),
        ("v.m4v", MP4, "video/mp4"),
        ("v.ogv", OGG, "video/ogg"),
        ("V.WEBM", WEBM, "video/webm"),
    ],
)
def test_each_video_kind_is_accepted(root, name, content, mime):
    assert errors(root, {name: content}, video={"sources": [source(name, mime)]}) == {}


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("son.opus", OGG, "audio/ogg"),
        ("son.ogg", OGG, "audio/ogg"),
        ("son.oga", OGG, "audio/ogg"),
        ("son.m4a", MP4, "audio/mp4"),
        ("son.mp4", MP4, "audio/mp4"),
        ("son.mp3", MP3_ID3, "audio/mpeg"),
        ("son.mp3", MP3_FRAME, "audio/mpeg"),
        ("son.aac", AAC, "audio/aac"),
        ("son.webm", WEBM, "audio/webm"),
    ],
)
def test_each_audio_kind_is_accepted(root, name, content, mime):
    audio = {"src": f"media/{name}", "type": mime, "size": 1000}
    assert errors(root, {name: content}, audio=audio) == {}


@pytest.mark.parametrize(
    ("name", "kind"), [("a.png", "PNG"), ("a.jpg", "JPEG"), ("a.webp", "WEBP")]
)
def test_each_poster_kind_is_accepted(root, name, kind):
    assert errors(root, {name: image(kind)}, poster=f"media/{name}") == {}


def test_captions_and_transcripts_are_judged_by_extension(root):
    files = {"fr.vtt": b"WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n", "texte.txt": b"Bonjour"}
    changes = {"captions": [{"src": "media/fr.vtt"}], "transcript": {"file": "media/texte.txt"}}
    assert errors(root, files, **changes) == {}
    files = {"fr.html": b"<p>x</p>", "texte.html": b"<script>alert(1)</script>"}
    changes = {"captions": [{"src": "media/fr.html"}], "transcript": {"file": "media/texte.html"}}
    assert errors(root, files, **changes) == {
        "captions[1].src": "fichier « media/fr.html » refusé : des sous-titres WebVTT sont "
        "attendus (.vtt)",
        "transcript.file": "fichier « media/texte.html » refusé : un texte Markdown ou brut est "
        "attendu (.md, .txt)",
    }


def test_an_html_page_is_not_a_video(root):
    video = {"sources": [source("v.webm"), source("page.html")]}
    assert errors(root, {"v.webm": WEBM, "page.html": HTML}, video=video) == {
        "video.sources[2].src": "fichier « media/page.html » refusé : une vidéo WebM, MP4 ou Ogg "
        "est attendue (.webm, .mp4, .m4v, .ogv)"
    }


def test_an_html_page_renamed_webm_is_not_a_video(root):
    assert errors(root, {"v.webm": HTML}, video={"sources": [source("v.webm")]}) == {
        "video.sources[1].src": "le contenu de « media/v.webm » n'est pas une vidéo WebM : "
        "c'est du HTML ou du XML"
    }
    assert errors(root, {"v.webm": b"\0" * 64}, video={"sources": [source("v.webm")]}) == {
        "video.sources[1].src": "le contenu de « media/v.webm » n'est pas une vidéo WebM "
        "(signature inconnue)"
    }


def test_a_link_to_an_html_page_is_named_with_its_target(root):
    path = write_episode(root / "episodes", video={"sources": [source("v.webm")]})
    (root / "episodes" / "media" / "page.html").write_bytes(HTML)
    (root / "episodes" / "media" / "v.webm").symlink_to("page.html")
    _, problems = load_episode(path, root)
    (problem,) = [p for p in problems if p.severity is Severity.ERROR]
    assert problem.message.startswith(
        "fichier « media/v.webm » (lien vers « page.html ») refusé : une vidéo"
    )


def test_the_declared_type_must_be_the_file_s_kind(root):
    assert errors(root, {"v.mp4": MP4}, video={"sources": [source("v.mp4", "video/webm")]}) == {
        "video.sources[1].type": "type « video/webm » déclaré, mais « media/v.mp4 » est une "
        "vidéo MP4 : indiquez « video/mp4 »"
    }
    audio = {"src": "media/son.opus", "type": "audio/mpeg", "size": 1000}
    assert errors(root, {"son.opus": OGG}, audio=audio) == {
        "audio.type": "type « audio/mpeg » déclaré, mais « media/son.opus » est un son Ogg : "
        "indiquez « audio/ogg »"
    }


def test_each_audio_format_is_checked_where_it_is_written(root):
    aac = {"src": "media/son.m4a", "type": "audio/mp4", "size": 1000}
    opus = {"src": "media/son.opus", "type": "audio/mpeg", "size": 1000}
    path = write_episode(root / "episodes", audio=[aac, opus])
    (root / "episodes" / "media" / "son.m4a").write_bytes(MP4)
    (root / "episodes" / "media" / "son.opus").write_bytes(OGG)
    _, problems = load_episode(path, root)
    (problem,) = [p for p in problems if p.severity is Severity.ERROR]
    line = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert (problem.field, line.strip()) == ("audio[2].type", "type: audio/mpeg")
    assert problem.message == (
        "type « audio/mpeg » déclaré, mais « media/son.opus » est un son Ogg : "
        "indiquez « audio/ogg »"
    )
    assert (
        errors(root, {"son.m4a": MP4, "son.opus": OGG}, audio=[aac, {**opus, "type": "audio/ogg"}])
        == {}
    )


def test_content_of_another_allowed_kind_suggests_the_right_name(root):
    assert errors(root, {"a.jpg": image("PNG")}, poster="media/a.jpg") == {
        "poster": "le contenu de « media/a.jpg » n'est pas une image JPEG : c'est une image PNG ; "
        "renommez le fichier en « a.png »"
    }
    assert errors(root, {"v.webm": OGG}, video={"sources": [source("v.webm")]}) == {
        "video.sources[1].src": "le contenu de « media/v.webm » n'est pas une vidéo WebM : "
        "c'est un fichier Ogg ; renommez le fichier en « v.ogv »"
    }


@pytest.mark.parametrize(
    ("width", "height", "shown"),
    [
        (5000, 100, "5000 × 100"),
        (100, 4097, "100 × 4097"),
        (4096, 4000, "4096 × 4000"),
        (13000, 13000, "13000 × 13000"),  # past Pillow's own bomb limit: no warning raised
    ],
)
def test_posters_past_the_pixel_limits_are_refused_with_their_size(root, width, height, shown):
    assert errors(root, {"grande.png": png(width, height)}, poster="media/grande.png") == {
        "poster": f"image « media/grande.png » trop grande : {shown} pixels, pour au plus "
        f"{MAX_POSTER_SIDE} pixels de côté et 16 millions de pixels en tout : réduisez "
        "l'image à 1920 × 1080 ou 1280 × 720"
    }


@pytest.mark.parametrize(
    "size", [(1280, 720), (4000, MAX_POSTER_PIXELS // 4000), (MAX_POSTER_SIDE, 100)]
)
def test_posters_within_the_limits_are_accepted(root, size):
    assert errors(root, {"p.png": png(*size)}, poster="media/p.png") == {}


@pytest.mark.parametrize(
    ("name", "kind"), [("a.png", "PNG"), ("a.jpg", "JPEG"), ("a.webp", "WEBP")]
)
@pytest.mark.parametrize("cut", [0.5, 0.98])
def test_truncated_posters_are_refused(root, name, kind, cut):
    whole = image(kind, (320, 180))
    assert errors(root, {name: whole[: int(len(whole) * cut)]}, poster=f"media/{name}") == {
        "poster": f"image « media/{name} » tronquée ou abîmée : elle ne se lit pas jusqu'au bout ; "
        "enregistrez-la de nouveau en PNG, JPEG ou WebP"
    }


def test_a_png_with_a_wrong_checksum_is_refused(root):
    data = bytearray(image("PNG"))
    data[40] ^= 0xFF  # inside the image data: its checksum no longer matches
    assert (
        "tronquée ou abîmée" in errors(root, {"p.png": bytes(data)}, poster="media/p.png")["poster"]
    )


def test_a_poster_replaced_under_the_same_name_is_checked_again(root):
    assert errors(root, {"p.png": png(16, 9)}, poster="media/p.png") == {}
    assert "trop grande" in errors(root, {"p.png": png(5000, 9)}, poster="media/p.png")["poster"]


@pytest.mark.parametrize(
    "name", ["embed", "chapitres.json", "transcription.txt", "index.webm", "Embed", "INDEX.html"]
)
def test_names_the_series_publishes_beside_the_page_are_refused(root, name):
    video = {"sources": [source(name)]}
    assert errors(root, {name: WEBM}, video=video) == {
        "video.sources[1].src": f"nom de fichier « {name} » réservé : renommez le fichier"
    }


def test_reserved_names():
    for name in ("embed", "chapitres.json", "index.html", ".htaccess", "Chapitres.JSON"):
        assert reserved_name(name) == f"nom de fichier « {name} » réservé : renommez le fichier"
    for name in ("embed.webm", "chapitres.vtt", "indexe.png", "video.webm"):
        assert reserved_name(name) is None


def test_declared_type_follows_the_field(root):
    path = write_episode(
        root / "episodes",
        video={"sources": [source("a.webm"), source("b.mp4", "video/mp4")]},
        audio={"src": "media/son.opus", "type": "audio/ogg", "size": 1},
    )
    for name, content in (("a.webm", WEBM), ("b.mp4", MP4), ("son.opus", OGG)):
        (root / "episodes" / "media" / name).write_bytes(content)
    episode, _ = load_episode(path, root)
    assert episode is not None
    assert declared_type(episode, ("video", "sources", 1, "src")) == "video/mp4"
    assert declared_type(episode, ("audio", "src")) == "audio/ogg"
    assert declared_type(episode, ("poster",)) is None


def test_only_the_head_of_a_regular_file_is_read(root):
    (root / "episodes" / "media" / "v.webm").write_bytes(WEBM)
    assert read_head(root / "episodes" / "media" / "v.webm", 4) == WEBM[:4]
    # A file swapped for a FIFO after the gate admitted it: refused, never waited on.
    os.mkfifo(root / "episodes" / "media" / "tube.webm")
    with pytest.raises(GateError, match="n'est pas un fichier ordinaire"):
        read_head(root / "episodes" / "media" / "tube.webm")
    loc = ("video", "sources", 0, "src")
    assert side_file_problems(
        loc, "media/tube.webm", root / "episodes" / "media" / "tube.webm"
    ) == [(loc, "fichier « media/tube.webm » n'est pas un fichier ordinaire : refusé")]


def test_fields_without_an_allow_list_have_no_type_rule(root):
    assert side_file_problems(("notes",), "x.html", root / "x.html") == []
