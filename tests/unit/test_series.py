"""The published series: which episodes are out, in what order, on which pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mkdocs_episodes.core.series import page_window

from .factory import THEMES, add_episode, load_site


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path.resolve()
    add_episode(root, 1, "presentation", date="2024-06-01", themes=["reseau"])
    add_episode(root, 2, "les-enjeux", date="2024-07-01", themes=["enjeux"])
    add_episode(root, 3, "les-actions", date="2024-08-01", themes=["reseau", "enjeux"])
    add_episode(root, 4, "a-venir", date="2025-03-01", themes=["reseau"])
    add_episode(root, 5, "brouillon", date="2024-09-01", draft=True)
    return root


def test_scheduled_episodes_and_drafts_stay_out_until_due(root):
    series = load_site(root).series
    assert [e.slug for e in series.episodes] == ["presentation", "les-enjeux", "les-actions"]
    assert series.latest.slug == "les-actions"
    later = load_site(root, today=dt.date(2025, 3, 1)).series
    assert later.latest.slug == "a-venir"


def test_drafts_show_when_the_site_asks_for_them(root):
    series = load_site(root, drafts=True).series
    assert [e.number for e in series.episodes] == [1, 2, 3, 4, 5]


def test_previous_and_next_follow_the_publisher_s_numbers(root):
    series = load_site(root).series
    first, second, third = series.episodes
    assert (series.previous(first), series.next(first)) == (None, second)
    assert (series.previous(third), series.next(third)) == (second, None)


def test_the_index_is_paginated_newest_first(root):
    pages = load_site(root, per_page=2).series.index_pages()
    assert [[e.slug for e in page.episodes] for page in pages] == [
        ["les-actions", "les-enjeux"],
        ["presentation"],
    ]
    assert [page.url for page in pages] == ["episodes/", "episodes/page/2/"]
    assert (pages[0].previous_url, pages[0].next_url) == (None, "episodes/page/2/")
    assert (pages[1].previous_url, pages[1].next_url) == ("episodes/", None)


def test_a_theme_lists_its_episodes_on_its_own_pages(root):
    series = load_site(root, per_theme_page=1).series
    pages = series.theme_pages("reseau")
    assert [page.url for page in pages] == ["themes/reseau/", "themes/reseau/page/2/"]
    assert [page.episodes[0].slug for page in pages] == ["les-actions", "presentation"]


def test_every_declared_theme_is_listed_even_without_episodes(root):
    series = load_site(root).series
    assert [(slug, label, [e.slug for e in eps]) for slug, label, eps in series.themes()] == [
        ("reseau", THEMES["reseau"], ["les-actions", "presentation"]),
        ("enjeux", THEMES["enjeux"], ["les-actions", "les-enjeux"]),
        ("video-sobre", THEMES["video-sobre"], []),
    ]
    assert series.theme_label("enjeux") == "Les enjeux environnementaux"


def test_an_empty_series_still_has_its_first_index_page(tmp_path: Path):
    (tmp_path / "episodes").mkdir()
    series = load_site(tmp_path.resolve()).series
    (page,) = series.index_pages()
    assert (page.url, page.episodes, series.latest) == ("episodes/", [], None)


@pytest.mark.parametrize(
    ("current", "count", "window"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 40, [1, 2, 3, None, 40]),
        (20, 40, [1, None, 18, 19, 20, 21, 22, None, 40]),
        (40, 40, [1, None, 38, 39, 40]),
        (4, 40, [1, 2, 3, 4, 5, 6, None, 40]),
    ],
)
def test_pagination_links_stay_few_however_long_the_series(current, count, window):
    assert page_window(current, count) == window
