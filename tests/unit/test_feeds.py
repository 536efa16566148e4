"""Feeds built from episodes alone: publishers' text is escaped by the serialisers."""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from dataclasses import replace

import feedparser
from helpers import VALID_EPISODE

from mkdocs_episodes.core.feeds import (
    ATOM,
    Media,
    PublishedEpisode,
    api,
    atom,
    chapters_json,
    json_feed,
    rss,
)
from mkdocs_episodes.core.model import Episode

from .factory import SITE, channel

HOSTILE = 'Sobriété & vidéo : <b>gras</b> "guillemets" l\'apostrophe ]]> -->'
CHANNEL = channel(title=HOSTILE, home=SITE + "episodes/")


def item(**changes: object) -> PublishedEpisode:
    data = {**VALID_EPISODE, "title": HOSTILE, "summary": HOSTILE, **changes}
    episode = Episode.model_validate({k: v for k, v in data.items() if v is not None})
    return PublishedEpisode(
        episode,
        url=SITE + "episodes/un-episode/",
        image=SITE + "episodes/un-episode/poster.png",
        embed_page=SITE + "episodes/un-episode/embed/",
        enclosure=Media(SITE + "episodes/un-episode/son.ogg", "audio/ogg", 1234),
        themes=[("reseau", "Réseau & co")],
    )


def test_hostile_text_comes_out_intact_in_every_format():
    entry = item()
    parsed = feedparser.parse(rss(CHANNEL, [entry]))
    assert not parsed.bozo
    assert parsed.feed.title == HOSTILE
    assert ET.fromstring(rss(CHANNEL, [entry])).findtext("channel/item/title") == HOSTILE
    assert (
        ET.fromstring(atom(CHANNEL, [entry])).findtext(f"{{{ATOM}}}entry/{{{ATOM}}}title")
        == HOSTILE
    )
    assert json.loads(json_feed(CHANNEL, [entry]))["items"][0]["title"] == HOSTILE
    assert json.loads(api(CHANNEL, [entry]))["episodes"][0]["summary"] == HOSTILE


def test_feeds_parse_as_podcast_readers_read_them():
    parsed = feedparser.parse(rss(CHANNEL, [item()]))
    (entry,) = parsed.entries
    assert entry.link == SITE + "episodes/un-episode/"
    assert entry.enclosures[0].href == SITE + "episodes/un-episode/son.ogg"
    assert entry.enclosures[0].type == "audio/ogg"
    assert entry.itunes_duration == "272"
    assert [t.term for t in entry.tags] == ["Réseau & co"]
    atom_feed = feedparser.parse(atom(CHANNEL, [item()]))
    assert not atom_feed.bozo
    assert atom_feed.entries[0].id == SITE + "episodes/un-episode/"


def test_an_episode_without_duration_or_transcript_omits_them():
    entry = item(duration=None, transcript=None)
    node = ET.fromstring(rss(CHANNEL, [entry])).find("channel/item")
    assert node.find("{http://www.itunes.com/dtds/podcast-1.0.dtd}duration") is None
    assert node.find("{https://podcastindex.org/namespace/1.0}transcript") is None
    attachment = json.loads(json_feed(CHANNEL, [entry]))["items"][0]["attachments"][0]
    assert "duration_in_seconds" not in attachment
    assert json.loads(api(CHANNEL, [entry]))["episodes"][0]["transcript_url"] is None


def test_json_chapters_follow_podcasting_2_0():
    entry = item(chapters=[{"start": 0, "title": "Début"}, {"start": "2:15", "title": HOSTILE}])
    assert json.loads(chapters_json(entry)) == {
        "version": "1.2.0",
        "chapters": [
            {"startTime": 0, "title": "Début"},
            {"startTime": 135, "title": HOSTILE},
        ],
    }


def test_json_files_are_compact_utf8_lines():
    text = json_feed(CHANNEL, [item()])
    assert text.endswith("}\n") and text.count("\n") == 1
    assert "Sobriété" in text  # not \u00e9


PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"


def test_the_show_carries_what_podcast_directories_require():
    show = channel(
        image=SITE + "assets/podcast/couverture.1a2b3c4d5e.jpg",
        category=("Science", "Natural Sciences"),
        owner_name="MiNumEco",
        owner_email="contact@exemple.gouv.fr",
        locked=True,
    )
    node = ET.fromstring(rss(show, [item()])).find("channel")
    category = node.find(f"{{{ITUNES_NS}}}category")
    assert category.get("text") == "Science"
    assert [c.get("text") for c in category] == ["Natural Sciences"]
    assert node.findtext(f"{{{ITUNES_NS}}}owner/{{{ITUNES_NS}}}name") == "MiNumEco"
    assert node.findtext(f"{{{ITUNES_NS}}}owner/{{{ITUNES_NS}}}email") == "contact@exemple.gouv.fr"
    assert node.find(f"{{{ITUNES_NS}}}image").get("href").endswith(".jpg")
    # The namespace's UUIDv5 of the feed's URL without its scheme.
    namespace = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
    expected = str(uuid.uuid5(namespace, "serie.exemple.gouv.fr/feed.xml"))
    assert node.findtext(f"{{{PODCAST_NS}}}guid") == expected
    lock = node.find(f"{{{PODCAST_NS}}}locked")
    assert (lock.text, lock.get("owner")) == ("yes", "contact@exemple.gouv.fr")
    kept = ET.fromstring(rss(channel(guid="917393e3-1b1e-5cef-ace4-edaa54e1f810"), []))
    assert kept.findtext(f"channel/{{{PODCAST_NS}}}guid") == "917393e3-1b1e-5cef-ace4-edaa54e1f810"


def test_each_file_of_an_episode_is_an_alternate_enclosure_and_named_speakers_are_people():
    aac = Media(SITE + "son.m4a", "audio/mp4", 2_720_000)
    opus = Media(SITE + "son.opus", "audio/ogg", 1_632_000)
    video = Media(SITE + "360p.webm", "video/webm", 5_440_000, 360)
    speakers = [
        {"role": "Référente", "organisation": "DINUM", "name": "Camille Martin"},
        {"role": "Chef de projet", "organisation": "MTE"},
    ]
    entry = replace(item(speakers=speakers), enclosure=aac, audios=[aac, opus], videos=[video])
    node = ET.fromstring(rss(CHANNEL, [entry])).find("channel/item")
    alternates = [
        (a.attrib, [s.get("uri") for s in a])
        for a in node.findall(f"{{{PODCAST_NS}}}alternateEnclosure")
    ]
    # 272 s: 2,720,000 bytes make 80 kbit/s.
    assert alternates == [
        (
            {"type": "audio/mp4", "length": "2720000", "bitrate": "80000", "default": "true"},
            [SITE + "son.m4a"],
        ),
        ({"type": "audio/ogg", "length": "1632000", "bitrate": "48000"}, [SITE + "son.opus"]),
        (
            {"type": "video/webm", "length": "5440000", "bitrate": "160000", "height": "360"},
            [SITE + "360p.webm"],
        ),
    ]
    people = node.findall(f"{{{PODCAST_NS}}}person")
    assert [(p.text, p.get("role")) for p in people] == [("Camille Martin", "guest")]


def test_chapters_link_the_doctrine_they_cite():
    chapters = [{"start": 0, "title": "Début"}, {"start": 30, "title": "Le RGESN"}]
    entry = replace(item(chapters=chapters), chapter_links=[None, SITE + "doctrine/rgesn/#video"])
    assert json.loads(chapters_json(entry))["chapters"] == [
        {"startTime": 0, "title": "Début"},
        {"startTime": 30, "title": "Le RGESN", "url": SITE + "doctrine/rgesn/#video"},
    ]
