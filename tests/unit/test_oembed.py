"""oEmbed answers as consumers (WordPress, Discourse, Mastodon) read them."""

from __future__ import annotations

import json

from helpers import VALID_EPISODE

from mkdocs_episodes.core.feeds import PublishedEpisode
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.oembed import EMBED_HEIGHT, EMBED_WIDTH, Thumbnail, oembed_json

SITE = "https://serie.exemple.gouv.fr/"
PAGE = SITE + "episodes/un-episode/"


def answer(**changes: object) -> dict:
    item = PublishedEpisode(
        Episode.model_validate({**VALID_EPISODE, **changes}),
        url=PAGE,
        image=PAGE + "poster.webp",
        embed_page=PAGE + "embed/",
    )
    text = oembed_json(
        item,
        Thumbnail(SITE + "assets/cartes/c.jpg", 1200, 630),
        "La série",
        SITE,
        "DINUM",
        "https://www.numerique.gouv.fr/",
    )
    return json.loads(text)


def test_a_video_answer_has_every_field_the_spec_requires():
    found = answer()
    assert found["type"] == "video" and found["version"] == "1.0"
    assert (found["width"], found["height"]) == (EMBED_WIDTH, EMBED_HEIGHT)
    assert found["html"].startswith(f'<iframe src="{PAGE}embed/"')
    assert f'width="{EMBED_WIDTH}" height="{EMBED_HEIGHT}"' in found["html"]
    # Thumbnails come as all three fields or none.
    assert (found["thumbnail_url"], found["thumbnail_width"], found["thumbnail_height"]) == (
        SITE + "assets/cartes/c.jpg",
        1200,
        630,
    )
    assert (found["provider_name"], found["provider_url"]) == ("La série", SITE)
    assert (found["author_name"], found["title"]) == ("DINUM", "Un épisode")


def test_a_title_cannot_break_out_of_the_iframe():
    found = answer(title='"><script>alert(1)</script>')
    assert "<script>" not in found["html"]
    assert 'title="&quot;&gt;&lt;script&gt;' in found["html"]
    assert found["title"] == '"><script>alert(1)</script>'
