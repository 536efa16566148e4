"""What the series publishes beside its pages: chapters, feeds and open data."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mkdocs_episodes.core import urls
from mkdocs_episodes.core.feeds import ATOM, ITUNES, PODCAST, Media
from mkdocs_episodes.core.publications import Publications, SiteIdentity, enclosure, publish

from .factory import add_audio, add_captions, add_episode, load_site

SITE = "https://serie.exemple.gouv.fr/"
IDENTITY = SiteIdentity("Les rendez-vous du numérique", "Une série vidéo.", "")


def absolute(url: str) -> str:
    return SITE + url


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Publications:
    root = tmp_path_factory.mktemp("serie").resolve()
    (root / "episodes" / "fichiers").mkdir(parents=True)
    (root / "episodes" / "fichiers" / "360p.webm").write_bytes(b"\x1aE\xdf\xa3")
    add_episode(root, 1, "presentation", date="2024-06-01", themes=["reseau"])
    add_episode(
        root,
        2,
        "les-enjeux",
        date="2024-07-01",
        themes=["enjeux", "reseau"],
        audio=add_audio(root, size=1_200_000),
        captions=[add_captions(root)],
        chapters=[{"start": 0, "title": "Début"}, {"start": "1:05", "title": "Les enjeux"}],
    )
    add_episode(
        root,
        3,
        "video-sobre",
        date="2024-08-01",
        themes=["enjeux"],
        video={
            "sources": [
                {
                    "src": "fichiers/360p.webm",
                    "type": "video/webm",
                    "height": 360,
                    "size": 5_000_000,
                }
            ]
        },
    )
    add_episode(root, 4, "a-venir", date="2099-01-01")
    site = load_site(root)
    return publish(site.series, site.views, IDENTITY, absolute, lambda url: url, feed_items=2)


def items(xml: str) -> list[ET.Element]:
    return ET.fromstring(xml).findall("channel/item")


def test_every_feed_and_the_api_are_published_at_their_addresses(published):
    assert set(published.files) == {
        "episodes/les-enjeux/chapitres.json",
        # Every published episode's transcript as plain text, for podcast apps.
        "episodes/presentation/transcription.txt",
        "episodes/les-enjeux/transcription.txt",
        "episodes/video-sobre/transcription.txt",
        urls.RSS,
        urls.ATOM,
        urls.JSON_FEED,
        urls.API,
        "themes/reseau/feed.xml",
        "themes/enjeux/feed.xml",
        "themes/video-sobre/feed.xml",
    }
    assert set(published.episodes) == {"presentation", "les-enjeux", "video-sobre"}


def test_the_podcast_feed_lists_every_published_episode_newest_first(published):
    rss = ET.fromstring(published.files[urls.RSS])
    channel = rss.find("channel")
    assert channel.findtext("title") == "Les rendez-vous du numérique"
    assert channel.findtext("link") == SITE + "episodes/"
    assert channel.findtext(f"{{{ITUNES}}}author") == "Les rendez-vous du numérique"
    assert channel.find(f"{{{ATOM}}}link").get("href") == SITE + "episodes/feed.xml"
    entries = channel.findall("item")
    # feed_items limits readers' feeds, never the podcast feed.
    assert [i.findtext("guid") for i in entries] == [
        SITE + "episodes/video-sobre/",
        SITE + "episodes/les-enjeux/",
        SITE + "episodes/presentation/",
    ]
    assert entries[-1].findtext("pubDate") == "Sat, 01 Jun 2024 12:00:00 +0000"


def test_the_enclosure_is_what_every_podcast_app_plays_first():
    opus, aac = Media("son.opus", "audio/ogg", 10), Media("son.m4a", "audio/mp4", 20)
    webm, mp4 = Media("v.webm", "video/webm", 30, 360), Media("v.mp4", "video/mp4", 40, 360)
    assert enclosure([opus, aac], [webm, mp4]) == aac
    assert enclosure([opus], [webm, mp4]) == mp4
    assert enclosure([opus], [webm]) == opus
    assert enclosure([], [webm]) == webm
    assert enclosure([], []) is None


def test_the_enclosure_is_the_sound_when_there_is_one_else_the_lightest_video(published):
    by_guid = {i.findtext("guid"): i for i in items(published.files[urls.RSS])}
    sound = by_guid[SITE + "episodes/les-enjeux/"].find("enclosure")
    assert sound.attrib == {
        "url": SITE + "episodes/les-enjeux/son.ogg",
        "length": "1200000",
        "type": "audio/ogg",
    }
    video = by_guid[SITE + "episodes/video-sobre/"].find("enclosure")
    assert video.attrib == {
        "url": SITE + "episodes/video-sobre/360p.webm",
        "length": "5000000",
        "type": "video/webm",
    }
    assert by_guid[SITE + "episodes/presentation/"].find("enclosure") is None


def test_captions_chapters_and_transcript_are_announced_to_podcast_apps(published):
    entry = {i.findtext("guid"): i for i in items(published.files[urls.RSS])}[
        SITE + "episodes/les-enjeux/"
    ]
    transcripts = [t.attrib for t in entry.findall(f"{{{PODCAST}}}transcript")]
    assert transcripts == [
        {
            "url": SITE + "episodes/les-enjeux/sous-titres.fr.vtt",
            "type": "text/vtt",
            "language": "fr",
            "rel": "captions",
        },
        {
            "url": SITE + "episodes/les-enjeux/transcription.txt",
            "type": "text/plain",
            "language": "fr",
        },
    ]
    text = published.files["episodes/les-enjeux/transcription.txt"]
    assert text.startswith("Bonjour") and "<" not in text
    assert (
        entry.find(f"{{{PODCAST}}}chapters").get("url")
        == SITE + "episodes/les-enjeux/chapitres.json"
    )
    assert entry.findtext(f"{{{ITUNES}}}duration") == "272"
    assert [c.text for c in entry.findall("category")] == [
        "Les enjeux environnementaux",
        "Le réseau des référents",
    ]
    chapters = json.loads(published.files["episodes/les-enjeux/chapitres.json"])
    # A chapter citing no doctrine page has no link: the episode's page is not repeated.
    assert chapters["chapters"][1] == {"startTime": 65, "title": "Les enjeux"}


def test_readers_feeds_keep_the_latest_episodes_only(published):
    atom = ET.fromstring(published.files[urls.ATOM])
    entries = atom.findall(f"{{{ATOM}}}entry")
    assert [e.findtext(f"{{{ATOM}}}id") for e in entries] == [
        SITE + "episodes/video-sobre/",
        SITE + "episodes/les-enjeux/",
    ]
    assert atom.findtext(f"{{{ATOM}}}updated") == "2024-08-01T12:00:00+00:00"
    feed = json.loads(published.files[urls.JSON_FEED])
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == SITE + "episodes/feed.json"
    assert [item["id"] for item in feed["items"]] == [
        SITE + "episodes/video-sobre/",
        SITE + "episodes/les-enjeux/",
    ]
    assert feed["items"][1]["attachments"] == [
        {
            "url": SITE + "episodes/les-enjeux/son.ogg",
            "mime_type": "audio/ogg",
            "size_in_bytes": 1_200_000,
            "duration_in_seconds": 272,
        }
    ]


def test_the_api_holds_every_published_episode_with_its_documented_fields(published):
    api = json.loads(published.files[urls.API])
    assert api["version"] == 1
    assert api["series"] == {
        "title": "Les rendez-vous du numérique",
        "url": SITE + "episodes/",
        "language": "fr",
    }
    assert [e["slug"] for e in api["episodes"]] == ["video-sobre", "les-enjeux", "presentation"]
    enjeux = api["episodes"][1]
    assert enjeux["embed_url"] == SITE + "episodes/les-enjeux/embed/"
    assert enjeux["video"]["player_url"] == "https://www.dailymotion.com/embed/video/x92eo5e"
    assert enjeux["audio"] == {
        "url": SITE + "episodes/les-enjeux/son.ogg",
        "type": "audio/ogg",
        "size_bytes": 1_200_000,
    }
    assert enjeux["chapters"][1] == {"start_seconds": 65, "start": "01:05", "title": "Les enjeux"}
    assert api["episodes"][0]["video"]["host"] == "self"


def test_each_theme_has_its_own_feed_even_when_empty(published):
    reseau = ET.fromstring(published.files["themes/reseau/feed.xml"]).find("channel")
    assert reseau.findtext("title") == "Les rendez-vous du numérique : Le réseau des référents"
    assert reseau.findtext("link") == SITE + "themes/reseau/"
    assert [i.findtext("guid") for i in reseau.findall("item")] == [
        SITE + "episodes/les-enjeux/",
        SITE + "episodes/presentation/",
    ]
    # Limited like readers' feeds.
    assert len(items(published.files["themes/enjeux/feed.xml"])) == 2
    assert items(published.files["themes/video-sobre/feed.xml"]) == []


def test_published_episodes_carry_absolute_addresses(published):
    item = published.episodes["les-enjeux"]
    assert item.url == SITE + "episodes/les-enjeux/"
    assert item.image == SITE + "episodes/les-enjeux/poster.png"
    assert item.chapters_json == SITE + "episodes/les-enjeux/chapitres.json"
    assert published.episodes["presentation"].chapters_json is None


def test_an_empty_series_still_publishes_valid_feeds(tmp_path: Path):
    (tmp_path / "episodes").mkdir()
    site = load_site(tmp_path.resolve())
    files = publish(site.series, site.views, IDENTITY, absolute, lambda url: url, 50).files
    assert items(files[urls.RSS]) == []
    assert ET.fromstring(files[urls.ATOM]).findall(f"{{{ATOM}}}entry") == []
    assert json.loads(files[urls.API])["episodes"] == []
