"""The video sitemap and robots.txt, as crawlers read them."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from helpers import VALID_EPISODE

from mkdocs_episodes.core.crawlers import SITEMAP, VIDEO, robots_txt, video_sitemap
from mkdocs_episodes.core.feeds import Media, PublishedEpisode
from mkdocs_episodes.core.model import Episode

SITE = "https://serie.exemple.gouv.fr/"


def item(slug: str, videos: list[Media] | None = None, **changes: object) -> PublishedEpisode:
    page = f"{SITE}episodes/{slug}/"
    return PublishedEpisode(
        Episode.model_validate({**VALID_EPISODE, "slug": slug, **changes}),
        url=page,
        image=page + "poster.webp",
        embed_page=page + "embed/",
        videos=videos or [],
    )


def test_each_episode_has_its_video_entry():
    own = [
        Media(SITE + "v-360.webm", "video/webm", 1, 360),
        Media(SITE + "v-720.webm", "video/webm", 2, 720),
    ]
    items = [
        item(
            "hebergee",
            own,
            video={"sources": [{"src": "v.webm", "type": "video/webm", "height": 360, "size": 1}]},
        ),
        item("ailleurs", date="2024-12-20", duration=None),
    ]
    cards = {"hebergee": SITE + "a.jpg", "ailleurs": SITE + "b.jpg"}
    root = ET.fromstring(video_sitemap(items, cards))
    urls = root.findall(f"{{{SITEMAP}}}url")
    assert [u.findtext(f"{{{SITEMAP}}}loc") for u in urls] == [
        f"{SITE}episodes/hebergee/",
        f"{SITE}episodes/ailleurs/",
    ]
    first, second = (u.find(f"{{{VIDEO}}}video") for u in urls)

    def text(video: ET.Element, tag: str) -> str | None:
        return video.findtext(f"{{{VIDEO}}}{tag}")

    assert text(first, "thumbnail_loc") == SITE + "a.jpg"
    assert text(first, "title") == "Un épisode" and text(first, "description") == "Un résumé."
    assert text(first, "content_loc") == SITE + "v-720.webm"
    assert text(first, "player_loc") == f"{SITE}episodes/hebergee/embed/"
    assert text(first, "duration") == "272"
    assert dt.datetime.fromisoformat(text(first, "publication_date")).utcoffset() == dt.timedelta(
        hours=2
    )
    # A third-party video: its host's player, no file of ours; no duration when unknown.
    assert text(second, "content_loc") is None
    assert text(second, "player_loc") == "https://www.dailymotion.com/embed/video/x92eo5e"
    assert text(second, "duration") is None
    assert text(second, "publication_date") == "2024-12-20T00:00:00+01:00"


def test_robots_txt_names_every_sitemap_absolutely():
    text = robots_txt([SITE + "sitemap.xml", SITE + "sitemap-videos.xml"])
    assert text.splitlines() == [
        "User-agent: *",
        "Allow: /",
        "",
        f"Sitemap: {SITE}sitemap.xml",
        f"Sitemap: {SITE}sitemap-videos.xml",
    ]
