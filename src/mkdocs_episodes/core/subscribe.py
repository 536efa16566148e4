"""« S'abonner » links: the podcast feed handed to the common apps by the subscribe
address each one documents. Plain links: no app is contacted before a click, and an
app that is not installed costs nothing but a page its maker serves.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode


@dataclass(frozen=True)
class AppLink:
    name: str
    url: str
    # Where the app runs, said beside its name.
    platforms: str


def app_links(feed_url: str, title: str) -> list[AppLink]:
    """Subscribe links for `feed_url` (absolute), most used first."""
    bare = feed_url.split("://", 1)[-1]
    encoded = quote(feed_url, safe="")
    return [
        # Apple's own scheme: Apple Podcasts opens on the feed (iPhone, iPad, Mac).
        AppLink("Apple Podcasts", f"podcast://{bare}", "iPhone, iPad, Mac"),
        AppLink(
            "AntennaPod",
            "https://antennapod.org/deeplink/subscribe?"
            + urlencode({"url": feed_url, "title": title}),
            "Android, logiciel libre",
        ),
        AppLink("Pocket Casts", f"https://pcasts.in/feed/{bare}", "Android, iPhone, web"),
        AppLink("Podcast Addict", f"https://podcastaddict.com/feed/{encoded}", "Android"),
        AppLink("Overcast", f"overcast://x-callback-url/add?url={encoded}", "iPhone"),
        AppLink("Player FM", f"https://player.fm/subscribe?id={encoded}", "Android, iPhone, web"),
    ]
