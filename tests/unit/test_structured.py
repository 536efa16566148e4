"""schema.org data of an episode page, as search engines read it."""

from __future__ import annotations

from helpers import VALID_EPISODE

from mkdocs_episodes.core.feeds import Media, PublishedEpisode
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.structured import SiteFacts, episode_graph, home_graph, series_graph

SITE = "https://serie.exemple.gouv.fr/"
PAGE = SITE + "episodes/un-episode/"
FACTS = SiteFacts(
    name="La série",
    description="Une série.",
    home=SITE,
    series_url=SITE + "episodes/",
    publisher_name="DINUM",
    publisher_url="https://www.numerique.gouv.fr/",
    logo=SITE + "assets/logo.png",
)


def graph(videos: list[Media] | None = None, **changes: object) -> list[dict]:
    data = {key: value for key, value in {**VALID_EPISODE, **changes}.items() if value is not None}
    item = PublishedEpisode(
        Episode.model_validate(data),
        url=PAGE,
        image=PAGE + "poster.png",
        embed_page=PAGE + "embed/",
        videos=videos or [],
    )
    found = episode_graph(item, FACTS, [PAGE + "card.jpg", PAGE + "poster.png"])
    assert found["@context"] == "https://schema.org"
    return found["@graph"]


def test_a_video_object_has_what_search_engines_require():
    video, episode, breadcrumbs, series, publisher = graph()
    assert video["@type"] == "VideoObject"
    # Google: a time and a zone; the episode goes live at midnight in Paris (summer).
    assert (video["name"], video["uploadDate"], video["duration"]) == (
        "Un épisode",
        "2024-07-20T00:00:00+02:00",
        "PT4M32S",
    )
    assert graph(date="2024-12-20")[0]["uploadDate"] == "2024-12-20T00:00:00+01:00"
    assert video["thumbnailUrl"] == [PAGE + "card.jpg", PAGE + "poster.png"]
    assert video["embedUrl"] == "https://www.dailymotion.com/embed/video/x92eo5e"
    assert video["isPartOf"] == {"@id": series["@id"]} == {"@id": SITE + "episodes/#serie"}
    # episodeNumber is no VideoObject property: the Episode node says it, with its series.
    assert "episodeNumber" not in video and "partOfSeries" not in video
    assert episode["@type"] == "Episode" and episode["episodeNumber"] == 1
    assert episode["partOfSeries"] == {"@id": series["@id"]}
    assert episode["video"] == {"@id": video["@id"]}
    assert video["publisher"] == {"@id": publisher["@id"]} == series["publisher"]
    assert publisher == {
        "@type": "Organization",
        "@id": SITE + "#editeur",
        "name": "DINUM",
        "url": "https://www.numerique.gouv.fr/",
        "logo": {"@type": "ImageObject", "url": SITE + "assets/logo.png"},
    }
    assert [i["name"] for i in breadcrumbs["itemListElement"]] == [
        "Accueil",
        "Épisodes",
        "Un épisode",
    ]
    assert "transcript" not in video


def test_chapters_are_clips_ending_where_the_next_begins():
    video, *_ = graph(chapters=[{"start": 0, "title": "Début"}, {"start": 200, "title": "Fin"}])
    assert video["hasPart"] == [
        {
            "@type": "Clip",
            "name": "Début",
            "startOffset": 0,
            "endOffset": 200,
            "url": PAGE + "?t=0",
        },
        {
            "@type": "Clip",
            "name": "Fin",
            "startOffset": 200,
            "endOffset": 272,
            "url": PAGE + "?t=200",
        },
    ]


def test_a_self_hosted_video_points_at_its_best_file_and_own_player():
    sources = [{"src": "v/360.webm", "type": "video/webm", "height": 360, "size": 1}]
    videos = [
        Media(PAGE + "360.webm", "video/webm", 1, 360),
        Media(PAGE + "720.webm", "video/webm", 2, 720),
    ]
    video, *_ = graph(videos, video={"sources": sources}, duration=None)
    assert video["contentUrl"] == PAGE + "720.webm"
    assert video["encodingFormat"] == "video/webm"
    assert video["embedUrl"] == PAGE + "embed/"
    assert "duration" not in video


def test_the_home_page_says_the_site_and_its_publisher():
    found = home_graph(FACTS)["@graph"]
    website, publisher = found
    assert website["@type"] == "WebSite" and website["url"] == SITE
    assert website["publisher"] == {"@id": publisher["@id"]}
    assert publisher["@type"] == "Organization" and publisher["name"] == "DINUM"


def test_the_series_index_lists_its_episodes_in_order():
    episodes = [(SITE + "episodes/b/", "B"), (SITE + "episodes/a/", "A")]
    series, listing, _publisher = series_graph(FACTS, episodes)["@graph"]
    assert series["@type"] == "CreativeWorkSeries"
    assert series["hasPart"] == [
        {"@id": SITE + "episodes/b/#episode"},
        {"@id": SITE + "episodes/a/#episode"},
    ]
    assert listing["@type"] == "ItemList" and listing["numberOfItems"] == 2
    assert [(i["position"], i["url"]) for i in listing["itemListElement"]] == [
        (1, SITE + "episodes/b/"),
        (2, SITE + "episodes/a/"),
    ]
