"""Feeds built from episodes alone: publishers' text is escaped by the serialisers."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

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
            {"startTime": 0, "title": "Début", "url": SITE + "episodes/un-episode/#t=0"},
            {"startTime": 135, "title": HOSTILE, "url": SITE + "episodes/un-episode/#t=135"},
        ],
    }


def test_json_files_are_compact_utf8_lines():
    text = json_feed(CHANNEL, [item()])
    assert text.endswith("}\n") and text.count("\n") == 1
    assert "Sobriété" in text  # not \u00e9
