"""`episodes new` writes a file that reads back as the episode it was given."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.scaffold import scaffold
from mkdocs_episodes.core.yaml_source import parse_yaml

SCHEMA_REF = "../schema/episode.schema.json"


def data(**changes: object) -> dict:
    return {
        "number": 7,
        "slug": "la-video-sobre",
        "title": "La vidéo sobre",
        "date": dt.date(2024, 9, 3),
        "summary": "Comment publier une vidéo légère.",
        "themes": ["video-sobre", "enjeux"],
        "video": {"host": "dailymotion", "id": "x92eo5e"},
        "poster": "la-video-sobre/poster.webp",
        **changes,
    }


def read_back(values: dict) -> Episode:
    return Episode.model_validate(parse_yaml(scaffold(values, SCHEMA_REF)).data)


def test_the_scaffold_is_a_valid_episode_with_the_given_values():
    episode = read_back(data())
    assert (episode.number, episode.slug, episode.date) == (
        7,
        "la-video-sobre",
        dt.date(2024, 9, 3),
    )
    assert episode.themes == ["video-sobre", "enjeux"]
    assert episode.video.embed_url == "https://www.dailymotion.com/embed/video/x92eo5e"
    assert episode.poster == "la-video-sobre/poster.webp"
    # Optional fields are shown commented, for the publisher to fill in.
    assert (episode.duration, episode.captions, episode.transcript) == (None, [], None)


def test_editors_are_pointed_at_the_schema_and_publishers_at_the_next_step():
    text = scaffold(data(), SCHEMA_REF)
    assert text.startswith(f"# yaml-language-server: $schema={SCHEMA_REF}\n")
    assert "vérifiez avec « episodes check »" in text
    assert "#   file: la-video-sobre/transcription.md" in text


@pytest.mark.parametrize(
    "title",
    [
        'Sobriété : « le guide » et "les guillemets"',
        "L'apostrophe d'un titre",
        "# pas un commentaire",
        "- pas une liste",
        "&ancre *alias !balise",
        "yes",
        "null",
        "2024-07-20",
        "123",
        "[crochets] {accolades}",
        "Antislash \\ et tabulation\t",
        "Deux\nlignes",
        "Émoji 🎬",
    ],
)
def test_titles_and_summaries_are_escaped_and_read_back_intact(title):
    episode = read_back(data(title=title, summary=title))
    assert episode.title == title.strip()
    assert episode.summary == title.strip()


def test_a_peertube_video_keeps_its_instance():
    video = {
        "host": "peertube",
        "id": "9c9de5e8-0a1e-484a-b099-e80766180a6d",
        "instance": "https://tube.exemple.fr",
    }
    assert read_back(data(video=video)).video.watch_url == (
        "https://tube.exemple.fr/w/9c9de5e8-0a1e-484a-b099-e80766180a6d"
    )


def test_self_hosted_files_are_listed_as_sources():
    video = {
        "sources": [
            {
                "src": "la-video-sobre/360p.webm",
                "type": "video/webm",
                "height": 360,
                "size": 4_200_000,
            },
            {
                "src": "la-video-sobre/720p.mp4",
                "type": "video/mp4",
                "height": 720,
                "size": 12_000_000,
            },
        ]
    }
    episode = read_back(data(video=video))
    assert [(s.src, s.height, s.size) for s in episode.video.sources] == [
        ("la-video-sobre/360p.webm", 360, 4_200_000),
        ("la-video-sobre/720p.mp4", 720, 12_000_000),
    ]


@pytest.mark.parametrize("control", ["\x07", "\x7f", "\x80", "\x85"])
def test_control_characters_never_reach_a_scaffold(control):
    # `episodes new` validates its values with the model before writing: a control
    # character is refused there, in French, and no file is written.
    with pytest.raises(ValidationError, match="caractère"):
        Episode.model_validate(data(title=f"Titre{control}collé"))
