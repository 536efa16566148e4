"""What the series tells crawlers beside its pages: a video sitemap (Google's
`sitemap-video/1.1` namespace) and robots.txt naming the sitemaps.

MkDocs writes the page sitemap itself (`sitemap.xml`); the videos have their own file, so
that the theme's sitemap stays as MkDocs makes it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping

from mkdocs_episodes.core.calendar import paris_midnight
from mkdocs_episodes.core.feeds import PublishedEpisode
from mkdocs_episodes.core.text import xml_text

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
VIDEO = "http://www.google.com/schemas/sitemap-video/1.1"
# Google's limits: a description of at most 2,048 characters, a duration of 1 s to 8 h.
_DESCRIPTION_LIMIT = 2048
_LONGEST = 28_800
ET.register_namespace("video", VIDEO)


def video_sitemap(items: list[PublishedEpisode], thumbnails: Mapping[str, str]) -> str:
    """One `<url>` per published episode with its `<video:video>`; `thumbnails`: each
    episode's JPEG card by slug."""
    root = ET.Element(f"{{{SITEMAP}}}urlset")

    def sub(parent: ET.Element, tag: str, text: str) -> None:
        ET.SubElement(parent, tag).text = xml_text(text)

    for item in items:
        episode = item.episode
        entry = ET.SubElement(root, f"{{{SITEMAP}}}url")
        sub(entry, f"{{{SITEMAP}}}loc", item.url)
        video = ET.SubElement(entry, f"{{{VIDEO}}}video")
        sub(video, f"{{{VIDEO}}}thumbnail_loc", thumbnails[episode.slug])
        sub(video, f"{{{VIDEO}}}title", episode.title)
        sub(video, f"{{{VIDEO}}}description", episode.summary[:_DESCRIPTION_LIMIT])
        if item.videos:
            best = max(item.videos, key=lambda media: media.height or 0)
            sub(video, f"{{{VIDEO}}}content_loc", best.url)
        # A third-party video is played by its host's player; ours by the embed page.
        sub(video, f"{{{VIDEO}}}player_loc", episode.video.embed_url or item.embed_page)
        if episode.duration:
            sub(video, f"{{{VIDEO}}}duration", str(min(max(episode.duration, 1), _LONGEST)))
        sub(video, f"{{{VIDEO}}}publication_date", paris_midnight(episode.date).isoformat())
        sub(video, f"{{{VIDEO}}}family_friendly", "yes")
        sub(video, f"{{{VIDEO}}}requires_subscription", "no")
        sub(video, f"{{{VIDEO}}}live", "no")
    ET.indent(root, space=" ")
    return (
        ET.tostring(root, encoding="unicode", xml_declaration=True, default_namespace=SITEMAP)
        + "\n"
    )


def robots_txt(sitemaps: list[str]) -> str:
    """Every page may be crawled; the sitemaps are named by their absolute address, as
    the robots.txt standard (RFC 9309) and search engines require."""
    lines = ["User-agent: *", "Allow: /", ""]
    lines += [f"Sitemap: {url}" for url in sitemaps]
    return "\n".join(lines) + "\n"
