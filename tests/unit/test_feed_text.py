"""A summary is plain text in every feed: RSS readers render `<description>` as HTML, so
a summary holding markup must come back from each feed as the very text written, never
as markup a reader would run or show in bold."""

from __future__ import annotations

import html
import json

import feedparser
import pytest
from helpers import VALID_EPISODE

from mkdocs_episodes.core.feeds import PublishedEpisode, atom, json_feed, rss
from mkdocs_episodes.core.model import Episode

from .factory import SITE, channel

SUMMARY = "<script>alert(1)</script> & <b>gras</b> &amp; l'« été »"
CHANNEL = channel(description="Une <i>série</i> & des vidéos")


def item() -> PublishedEpisode:
    episode = Episode.model_validate({**VALID_EPISODE, "summary": SUMMARY})
    return PublishedEpisode(
        episode,
        url=SITE + "episodes/un-episode/",
        image=SITE + "poster.png",
        embed_page=SITE + "embed/",
    )


def shown(detail: feedparser.FeedParserDict) -> str:
    """What a reader shows of a feed text: HTML is rendered, plain text is as it is."""
    if detail.type == "text/html":
        assert "<" not in detail.value, detail.value  # no markup left to render
        return html.unescape(detail.value)
    assert detail.type == "text/plain"
    return detail.value


def test_the_rss_description_is_the_summary_as_text():
    parsed = feedparser.parse(rss(CHANNEL, [item()]))
    assert not parsed.bozo
    (entry,) = parsed.entries
    assert entry.summary_detail.type == "text/html"
    assert shown(entry.summary_detail) == SUMMARY
    assert shown(parsed.feed.subtitle_detail) == CHANNEL.description


def test_itunes_summary_stays_plain_text():
    # feedparser files itunes:summary under content when a description came first.
    (entry,) = feedparser.parse(rss(CHANNEL, [item()])).entries
    (content,) = entry.content
    assert shown(content) == SUMMARY


def test_the_atom_summary_is_text():
    parsed = feedparser.parse(atom(CHANNEL, [item()]))
    assert not parsed.bozo
    (entry,) = parsed.entries
    assert entry.summary_detail.type == "text/plain"
    assert shown(entry.summary_detail) == SUMMARY


@pytest.mark.parametrize("key", ["content_text", "summary"])
def test_json_feed_text_fields_are_the_summary(key):
    (entry,) = json.loads(json_feed(CHANNEL, [item()]))["items"]
    assert entry[key] == SUMMARY
    assert "content_html" not in entry
