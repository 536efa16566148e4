"""Published addresses: they come from the slug alone and must never change."""

from __future__ import annotations

import pytest

from mkdocs_episodes.core import urls


def test_an_episode_s_addresses_come_from_its_slug():
    assert urls.episode("les-enjeux") == "episodes/les-enjeux/"
    assert urls.embed("les-enjeux") == "episodes/les-enjeux/embed/"
    assert urls.chapters("les-enjeux") == "episodes/les-enjeux/chapitres.json"
    assert urls.episode_file("les-enjeux", "sous-titres.fr.vtt") == (
        "episodes/les-enjeux/sous-titres.fr.vtt"
    )
    assert urls.source(urls.episode("les-enjeux")) == "episodes/les-enjeux/index.md"


def test_feeds_and_open_data_keep_their_published_addresses():
    assert urls.RSS == "episodes/feed.xml"
    assert urls.ATOM == "episodes/atom.xml"
    assert urls.JSON_FEED == "episodes/feed.json"
    assert urls.API == "api/episodes.json"
    assert urls.theme("video-sobre") == "themes/video-sobre/"
    assert urls.theme_feed("video-sobre") == "themes/video-sobre/feed.xml"


def test_list_pages_start_at_the_list_itself():
    assert urls.list_page(1) == "episodes/"
    assert urls.list_page(2) == "episodes/page/2/"
    assert urls.list_page(3, urls.theme("reseau")) == "themes/reseau/page/3/"


@pytest.mark.parametrize(
    ("url", "shifting"),
    [
        ("episodes/page/2/", True),
        ("themes/reseau/page/12/", True),
        ("episodes/", False),
        ("episodes/page-2/", False),
        ("episodes/ma-page/2/", False),
        ("episodes/les-enjeux/", False),
    ],
)
def test_only_later_list_pages_are_addresses_that_shift(url, shifting):
    assert urls.is_shifting(url) is shifting


def test_a_redirect_is_written_where_the_old_address_is_served():
    assert urls.redirect_source("/doctrine/ancienne-page/") == "doctrine/ancienne-page/index.html"
    assert urls.redirect_source("/ancien.html") == "ancien.html"
    assert urls.absolute_path(" doctrine/page/") == "/doctrine/page/"


def test_assets_are_named_by_their_content():
    assert urls.fingerprinted(urls.STYLESHEET, "1a2b3c4d5e") == (
        "assets/episodes/episodes.1a2b3c4d5e.css"
    )
    assert urls.poster("les-enjeux", 640, "abcdef") == "assets/posters/les-enjeux-640.abcdef.webp"


@pytest.mark.parametrize(
    ("site_url", "local"),
    [
        ("http://127.0.0.1:8000/", True),
        ("http://localhost:8000/", True),
        ("http://[::1]:8000/", True),
        ("", True),
        (None, True),
        ("https://serie.exemple.gouv.fr/", False),
        ("https://minumeco.github.io/serie/", False),
    ],
)
def test_a_site_url_of_the_local_preview_is_told_apart(site_url, local):
    assert urls.is_local_preview(site_url) is local
