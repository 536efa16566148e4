"""How heavy and how tall media may be, and what an episode may say of media stored
outside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_episodes.core.loader import load_episode
from mkdocs_episodes.core.media_limits import MAX_MEDIA_BYTES, heavy_media, height_problems
from mkdocs_episodes.core.problems import Severity

from .factory import add_episode, load_site

STORE = "https://medias.example.gouv.fr/serie/"


def remote_video(height: int = 480, name: str = "video-480p-0123456789ab.webm", **extra):
    return {
        "sources": [
            {"src": STORE + name, "type": "video/webm", "height": height, "size": 2_400_000} | extra
        ]
    }


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "episodes").mkdir()
    return tmp_path.resolve()


def test_a_heavy_video_or_sound_anywhere_in_a_folder_is_refused_with_what_to_do(root):
    folder = root / "episodes" / "un-episode"
    folder.mkdir()
    with (folder / "master.MOV").open("wb") as handle:
        handle.truncate(MAX_MEDIA_BYTES + 1)
    (folder / "leger.webm").write_bytes(b"\x1a\x45\xdf\xa3" + bytes(1000))
    with (folder / "notes.txt").open("wb") as handle:  # not a medium: not ours to judge
        handle.truncate(MAX_MEDIA_BYTES + 1)
    hidden = root / "episodes" / ".sauvegardes"
    hidden.mkdir()
    with (hidden / "ancien.webm").open("wb") as handle:  # git-ignored, never published
        handle.truncate(MAX_MEDIA_BYTES + 1)
    problems = heavy_media(root / "episodes", root)
    assert [p.format() for p in problems] == [
        "episodes/un-episode/master.MOV:1:1: (fichier): fichier vidéo ou son de 10.0 Mo "
        "dans le dépôt (au plus 10 Mo) : placez le master hors du dépôt et publiez l'épisode "
        "par le stockage objet : « episodes media CHEMIN/DU/MASTER --episode SLUG --stockage "
        "s3://SEAU/DOSSIER --url-media https://… » (voir CONTRIBUTING.md, « Héberger les "
        "vidéos »)"
    ]
    assert heavy_media(root / "absent", root) == []


def test_a_rendition_taller_than_the_site_allows_is_refused_unless_asked_for(root):
    add_episode(root, 1, "grand", video=remote_video(1080, "video-1080p-0123456789ab.webm"))
    episode, _ = load_episode(root / "episodes" / "01-grand.yml", root)
    assert episode is not None
    [(loc, message)] = height_problems(episode, 720)
    assert loc == ("video", "sources", 0, "height")
    assert "1080p au-delà de 720p" in message and "max_height: 1080" in message
    assert height_problems(episode, 1080) == []


def test_a_remote_source_is_published_as_its_address_and_needs_no_file(root):
    digest = "ab" * 32
    add_episode(root, 1, "distant", video=remote_video(sha256=digest))
    site = load_site(root)
    view = site.views["distant"]
    assert [r.url for r in view.renditions] == [STORE + "video-480p-0123456789ab.webm"]
    assert view.media_origins == {"https://medias.example.gouv.fr"}
    assert site.series.episodes[0].video.sources[0].sha256 == digest


@pytest.mark.parametrize(
    ("video", "words"),
    [
        (remote_video(name="page.html"), "une vidéo WebM, MP4 ou Ogg est attendue"),
        (remote_video(name="video.mp4"), "indiquez « video/mp4 »"),
        (
            {
                "sources": [
                    {
                        "src": "http://medias.example.gouv.fr/v.webm",
                        "type": "video/webm",
                        "height": 480,
                        "size": 10,
                    }
                ]
            },
            "https:// est attendu",
        ),
        (remote_video(sha256="pas-une-empreinte"), "sha256"),
    ],
)
def test_a_wrong_remote_source_is_an_error(root, video, words):
    path = add_episode(root, 1, "distant", video=video)
    episode, problems = load_episode(path, root)
    assert episode is None
    assert any(words in p.format() for p in problems), [p.format() for p in problems]


def test_a_loopback_address_works_for_a_preview_but_is_flagged(root):
    video = {
        "sources": [
            {
                "src": "http://127.0.0.1:9000/seau/v.webm",
                "type": "video/webm",
                "height": 480,
                "size": 10,
            }
        ]
    }
    path = add_episode(root, 1, "local", video=video)
    episode, problems = load_episode(path, root)
    assert episode is not None
    [warning] = [p for p in problems if p.field.startswith("video")]
    assert warning.severity is Severity.WARNING
    assert "ne fonctionne que pour un aperçu local" in warning.format()
