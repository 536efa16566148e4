"""« S'abonner » links, as each podcast app documents its subscribe address."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlparse

from mkdocs_episodes.core.subscribe import app_links

FEED = "https://serie.exemple.gouv.fr/episodes/feed.xml?a=1&b=2"


def test_each_app_gets_the_whole_feed_address_as_it_expects_it():
    links = {link.name: link.url for link in app_links(FEED, "La série & co")}
    assert links["Apple Podcasts"] == "podcast://serie.exemple.gouv.fr/episodes/feed.xml?a=1&b=2"
    antenna = urlparse(links["AntennaPod"])
    assert (antenna.netloc, antenna.path) == ("antennapod.org", "/deeplink/subscribe")
    assert parse_qs(antenna.query) == {"url": [FEED], "title": ["La série & co"]}
    assert (
        links["Pocket Casts"]
        == "https://pcasts.in/feed/serie.exemple.gouv.fr/episodes/feed.xml?a=1&b=2"
    )
    assert unquote(links["Podcast Addict"].removeprefix("https://podcastaddict.com/feed/")) == FEED
    overcast = urlparse(links["Overcast"])
    assert overcast.scheme == "overcast" and parse_qs(overcast.query) == {"url": [FEED]}
    assert parse_qs(urlparse(links["Player FM"]).query) == {"id": [FEED]}
    # The feed's own query cannot leak into the app's parameters.
    assert all(
        "&b=2" not in url
        for name, url in links.items()
        if name not in {"Apple Podcasts", "Pocket Casts"}
    )
