"""oEmbed answers (https://oembed.com/, version 1.0), one static JSON file per episode.

A link pasted in WordPress, Discourse, Mastodon or Element is first looked up by oEmbed
discovery: the page's `<link rel="alternate" type="application/json+oembed">` names this
file, whose `html` is the iframe of the episode's embed page. Static, so no endpoint
with a `url` parameter: discovery is the only way in, which every consumer above uses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

from mkdocs_episodes.core.feeds import PublishedEpisode
from mkdocs_episodes.core.text import without_forbidden_characters

# The embed page at this size shows the player and its title line; the share block's
# embed code and the twitter:player card use the same.
EMBED_WIDTH = 640
EMBED_HEIGHT = 420
# A day: an episode's title or poster may still be corrected after publication.
CACHE_SECONDS = 86_400


@dataclass(frozen=True)
class Thumbnail:
    """An absolute JPEG or PNG image and its size (oEmbed thumbnails must be all three)."""

    url: str
    width: int
    height: int


def embed_iframe(item: PublishedEpisode) -> str:
    """The iframe of the episode's embed page, as consumers paste it."""
    return (
        f'<iframe src="{escape(item.embed_page)}" title="{escape(item.episode.title)}" '
        f'width="{EMBED_WIDTH}" height="{EMBED_HEIGHT}" loading="lazy" allow="fullscreen" '
        'style="border:0;max-width:100%"></iframe>'
    )


def oembed_json(
    item: PublishedEpisode,
    thumbnail: Thumbnail | None,
    provider_name: str,
    provider_url: str,
    author_name: str,
    author_url: str,
) -> str:
    answer: dict[str, object] = {
        "type": "video",
        "version": "1.0",
        "title": item.episode.title,
        "author_name": author_name,
        "author_url": author_url,
        "provider_name": provider_name,
        "provider_url": provider_url,
        "cache_age": CACHE_SECONDS,
        "html": embed_iframe(item),
        "width": EMBED_WIDTH,
        "height": EMBED_HEIGHT,
    }
    if thumbnail is not None:
        answer |= {
            "thumbnail_url": thumbnail.url,
            "thumbnail_width": thumbnail.width,
            "thumbnail_height": thumbnail.height,
        }
    cleaned = {
        key: without_forbidden_characters(value) if isinstance(value, str) else value
        for key, value in answer.items()
    }
    return json.dumps(cleaned, ensure_ascii=False, indent=1) + "\n"
