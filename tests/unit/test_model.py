"""The episode format: what a publisher may write, and what the site derives from it."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import VALID_EPISODE
from pydantic import ValidationError

from mkdocs_episodes.core.messages import translate
from mkdocs_episodes.core.model import Episode, Video

PEERTUBE_ID = "9c9de5e8-0a1e-484a-b099-e80766180a6d"


def episode(**changes: object) -> Episode:
    data = {key: value for key, value in {**VALID_EPISODE, **changes}.items() if value is not None}
    return Episode.model_validate(data)


def refused(**changes: object) -> str:
    with pytest.raises(ValidationError) as caught:
        episode(**changes)
    return str(caught.value)


@pytest.mark.parametrize(
    ("video", "embed", "watch"),
    [
        (
            {"host": "dailymotion", "id": "x92eo5e"},
            "https://www.dailymotion.com/embed/video/x92eo5e",
            "https://www.dailymotion.com/video/x92eo5e",
        ),
        (
            {"host": "youtube", "id": "aqz-KE-bpKQ"},
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
            "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
        ),
        (
            {"host": "peertube", "id": PEERTUBE_ID, "instance": "https://tube.example/"},
            f"https://tube.example/videos/embed/{PEERTUBE_ID}",
            f"https://tube.example/w/{PEERTUBE_ID}",
        ),
    ],
)
def test_third_party_players_and_pages(video, embed, watch):
    parsed = Video.model_validate(video)
    assert parsed.embed_url == embed
    assert parsed.watch_url == watch
    assert embed.startswith(parsed.host_origin + "/")


def test_self_hosted_video_has_no_third_party_address():
    video = Video.model_validate(
        {"sources": [{"src": "a/video.webm", "type": "video/webm", "height": 360, "size": 9}]}
    )
    assert (video.embed_url, video.watch_url, video.host_origin) == (None, None, None)


@pytest.mark.parametrize(
    ("video", "words"),
    [
        (
            {"host": "peertube", "id": PEERTUBE_ID},
            "une instance (https://…) est requise pour PeerTube",
        ),
        ({"host": "dailymotion"}, "l'identifiant de la vidéo Dailymotion (id) manque"),
        (
            {
                "host": "dailymotion",
                "id": "x92eo5e",
                "sources": [{"src": "a.webm", "type": "video/webm", "height": 1, "size": 1}],
            },
            "pas les deux",
        ),
        ({}, "indiquez soit des fichiers vidéo (sources), soit un hébergeur tiers"),
        (
            {
                "sources": [{"src": "a.webm", "type": "video/webm", "height": 1, "size": 1}],
                "id": "x",
            },
            "id et instance ne servent qu'avec un hébergeur tiers",
        ),
    ],
)
def test_an_impossible_video_is_refused_in_french(video, words):
    assert words in refused(video=video)


@pytest.mark.parametrize(
    "path",
    ["/etc/passwd", "\\\\serveur\\partage.png", "C:/affiche.png", "https://exemple.fr/a.png"],
)
def test_side_files_are_relative_to_the_episode(path):
    assert f"chemin « {path} » refusé" in refused(poster=path)


def test_durations_and_chapter_starts_may_be_written_as_clock_times():
    parsed = episode(duration="1:02:15", chapters=[{"start": "2:15", "title": "Suite"}])
    assert parsed.duration == 3735
    assert parsed.chapters[0].start == 135


def test_surrounding_spaces_are_dropped():
    assert episode(title="  Les enjeux  ").title == "Les enjeux"


def test_every_side_file_is_listed_with_the_field_that_names_it():
    parsed = episode(
        video={"sources": [{"src": "v/360.webm", "type": "video/webm", "height": 360, "size": 9}]},
        audio={"src": "v/son.ogg", "type": "audio/ogg", "size": 9},
        captions=[{"src": "v/fr.vtt"}],
        transcript={"file": "v/transcription.md"},
    )
    assert parsed.side_file_paths() == [
        (("poster",), "media/poster.png"),
        (("video", "sources", 0, "src"), "v/360.webm"),
        (("audio", "src"), "v/son.ogg"),
        (("captions", 0, "src"), "v/fr.vtt"),
        (("transcript", "file"), "v/transcription.md"),
    ]
    assert parsed.captions[0].lang == "fr"


def test_audio_may_be_one_file_or_one_file_per_format():
    aac = {"src": "v/son.m4a", "type": "audio/mp4", "size": 9}
    opus = {"src": "v/son.opus", "type": "audio/ogg", "size": 8}
    assert [loc for loc, _ in episode(audio=opus).audio_files] == [("audio",)]
    several = episode(audio=[aac, opus])
    assert [(loc, audio.type) for loc, audio in several.audio_files] == [
        (("audio", 0), "audio/mp4"),
        (("audio", 1), "audio/ogg"),
    ]
    assert several.side_file_paths()[1:] == [
        (("audio", 0, "src"), "v/son.m4a"),
        (("audio", 1, "src"), "v/son.opus"),
    ]
    assert episode().audio_files == []


@pytest.mark.parametrize(
    ("audio", "expected"),
    [
        ("v/son.m4a", "attendu un fichier son (src, type, size) ou une liste de fichiers son"),
        ([], "ne doit pas être vide"),
        ([{"src": "v/son.m4a", "type": "audio/mp4", "size": 1}] * 5, "4 éléments au plus"),
    ],
)
def test_audio_of_another_shape_is_refused_in_french(audio, expected):
    with pytest.raises(ValidationError) as caught:
        episode(audio=audio)
    (error,) = caught.value.errors()
    loc, message = translate(error, Episode)
    assert loc == ("audio",) and expected in message


def test_drafts_and_scheduled_episodes_are_not_published():
    today = dt.date(2024, 7, 20)
    assert episode().is_published(today)
    assert not episode(date="2024-07-21").is_published(today)
    assert not episode(draft=True).is_published(dt.date(2099, 1, 1))


def test_consistency_problems_point_at_the_field_to_fix():
    parsed = episode(
        duration=120,
        chapters=[
            {"start": 10, "title": "Un"},
            {"start": 5, "title": "Deux"},
            {"start": "2:30", "title": "Trois"},
        ],
        themes=["reseau", "reseau"],
        doctrine=["doctrine/rgesn.md", "doctrine/rgesn.md"],
    )
    assert parsed.consistency_problems() == [
        (
            ("chapters", 1, "start"),
            "les chapitres doivent être dans l'ordre : ce début n'est pas après celui du "
            "chapitre précédent",
        ),
        (("chapters", 2, "start"), "ce chapitre commence après la fin de l'épisode (duration)"),
        (("themes", 1), "« reseau » est cité deux fois"),
        (("doctrine", 1), "« doctrine/rgesn.md » est cité deux fois"),
    ]


def test_a_resource_is_shared_by_ref_or_given_in_full():
    assert episode(resources=[{"ref": "rgesn"}]).resources[0].ref == "rgesn"
    given = episode(resources=[{"title": "Un guide", "url": "https://exemple.fr/guide"}])
    assert given.resources[0].url == "https://exemple.fr/guide"
    assert "indiquez soit ref" in refused(resources=[{"title": "Un guide"}])
    assert "ref suffit" in refused(resources=[{"ref": "rgesn", "url": "https://exemple.fr/"}])
    assert "adresse « http://exemple.fr/ » refusée" in refused(
        resources=[{"title": "Un guide", "url": "http://exemple.fr/"}]
    )


def test_an_episode_not_read_by_the_loader_has_no_origin():
    parsed = episode()
    assert parsed.transcript_markdown is None
    with pytest.raises(RuntimeError, match="un-episode"):
        _ = parsed.origin
