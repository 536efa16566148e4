"""schema.org data of an episode page, as search engines read it."""

from __future__ import annotations

from helpers import VALID_EPISODE

from mkdocs_episodes.core.feeds import Media, PublishedEpisode
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.structured import episode_graph

SITE = "https://serie.exemple.gouv.fr/"
PAGE = SITE + "episodes/un-episode/"


def graph(videos: list[Media] | None = None, **changes: object) -> list[dict]:
    data = {key: value for key, value in {**VALID_EPISODE, **changes}.items() if value is not None}
    item = PublishedEpisode(
        Episode.model_validate(data),
        url=PAGE,
        image=PAGE + "poster.png",
        embed_page=PAGE + "embed/",
        videos=videos or [],
    )
    found = episode_graph(item, "La série", SITE + "episodes/", SITE)
    assert found["@context"] == "https://schema.org"
    return found["@graph"]


def test_a_video_object_has_what_search_engines_require():
    video, breadcrumbs, series = graph()
    assert video["@type"] == "VideoObject"
    assert (video["name"], video["uploadDate"], video["duration"]) == (
        "Un épisode",
        "2024-07-20",
        "PT4M32S",
    )
    assert video["thumbnailUrl"] == [PAGE + "poster.png"]
    assert video["embedUrl"] == "https://www.dailymotion.com/embed/video/x92eo5e"
    assert video["isPartOf"] == {"@id": series["@id"]} == {"@id": SITE + "episodes/#serie"}
    assert [i["name"] for i in breadcrumbs["itemListElement"]] == [
        "Accueil",
        "Épisodes",
        "Un épisode",
    ]
    assert "transcript" not in video


def test_chapters_are_clips_ending_where_the_next_begins():
    video, _, _ = graph(chapters=[{"start": 0, "title": "Début"}, {"start": 200, "title": "Fin"}])
    assert video["hasPart"] == [
        {
            "@type": "Clip",
            "name": "Début",
            "startOffset": 0,
            "endOffset": 200,
            "url": PAGE + "#t=0",
        },
        {
            "@type": "Clip",
            "name": "Fin",
            "startOffset": 200,
            "endOffset": 272,
            "url": PAGE + "#t=200",
        },
    ]


def test_a_self_hosted_video_points_at_its_best_file_and_own_player():
    sources = [{"src": "v/360.webm", "type": "video/webm", "height": 360, "size": 1}]
    videos = [
        Media(PAGE + "360.webm", "video/webm", 1, 360),
        Media(PAGE + "720.webm", "video/webm", 2, 720),
    ]
    video, _, _ = graph(videos, video={"sources": sources}, duration=None)
    assert video["contentUrl"] == PAGE + "720.webm"
    assert video["encodingFormat"] == "video/webm"
    assert video["embedUrl"] == PAGE + "embed/"
    assert "duration" not in video
