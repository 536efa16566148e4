"""What generated pages list: series and theme pages, resources, meetings, citations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mkdocs_episodes.core.datafiles import Network, ResourceCatalogue, load_data_file
from mkdocs_episodes.core.listings import (
    CITATIONS_SHOWN,
    citations_context,
    list_context,
    network_context,
    resource_anchor,
    resources_context,
)

from .data_files import NETWORK, RESOURCES, write_data
from .factory import TODAY, add_episode, load_site

RGESN_URL = (
    "https://ecoresponsable.numerique.gouv.fr/publications/referentiel-general-ecoconception/"
)


def link(url: str) -> str:
    return f"/{url}"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path.resolve()


def test_a_list_page_links_its_neighbours_and_a_short_window(root):
    for number in range(1, 31):
        add_episode(root, number, f"episode-{number}", date=f"2024-01-{number:02d}")
    site = load_site(root, per_page=2)
    pages = site.series.index_pages()
    context = list_context(pages[6], site.views, link)
    assert [card.slug for card in context["cards"]] == ["episode-18", "episode-17"]
    assert context["previous_page_url"] == "/episodes/page/6/"
    assert context["next_page_url"] == "/episodes/page/8/"
    assert context["pages"] == [
        (1, "/episodes/"),
        (None, None),
        (5, "/episodes/page/5/"),
        (6, "/episodes/page/6/"),
        (7, "/episodes/page/7/"),
        (8, "/episodes/page/8/"),
        (9, "/episodes/page/9/"),
        (None, None),
        (15, "/episodes/page/15/"),
    ]
    first = list_context(pages[0], site.views, link)
    assert (first["previous_page_url"], first["next_page_url"]) == (None, "/episodes/page/2/")


def test_a_theme_page_paginates_under_the_theme(root):
    for number in range(1, 4):
        add_episode(root, number, f"episode-{number}", themes=["enjeux"])
    site = load_site(root, per_theme_page=2)
    last = site.series.theme_pages("enjeux")[-1]
    context = list_context(last, site.views, link)
    assert context["previous_page_url"] == "/themes/enjeux/"
    assert context["pages"] == [(1, "/themes/enjeux/"), (2, "/themes/enjeux/page/2/")]


def test_resources_are_grouped_and_know_which_episodes_cite_them(root):
    add_episode(root, 1, "par-ref", date="2024-06-01", resources=[{"ref": "rgesn"}])
    add_episode(
        root,
        2,
        "par-adresse",
        date="2024-07-01",
        resources=[{"title": "Le RGESN", "url": RGESN_URL}],
    )
    add_episode(root, 3, "a-venir", date="2099-01-01", resources=[{"ref": "ecoindex"}])
    site = load_site(root)
    catalogue = load_data_file(
        write_data(root, "ressources.yml", RESOURCES), root, ResourceCatalogue
    ).value

    context = resources_context(catalogue, site.series, site.views)

    assert [
        (kind, label, [e.id for e in found]) for kind, label, found in context["resource_sections"]
    ] == [
        ("referentiel", "Référentiels", ["rgesn"]),
        ("guide", "Guides", ["guide-bonnes-pratiques"]),
        ("outil", "Outils", ["ecoindex"]),
    ]
    assert [
        (slug, [e.id for e in found]) for slug, _label, found in context["resource_themes"]
    ] == [
        ("reseau", ["guide-bonnes-pratiques"]),
        ("enjeux", ["rgesn"]),
        ("video-sobre", ["rgesn", "ecoindex"]),
    ]
    # Cited by ref or by the same address, newest first; an unpublished episode cites nothing.
    assert {ref: [v.slug for v in views] for ref, views in context["cited_by"].items()} == {
        "rgesn": ["par-adresse", "par-ref"]
    }
    assert context["date_text"]("2024-05") == "mai 2024"
    assert resource_anchor("rgesn") == "ressource-rgesn"


def test_meetings_split_around_today_and_replays_link_episodes(root):
    add_episode(root, 1, "les-enjeux")
    site = load_site(root)
    network = load_data_file(write_data(root, "reseau.yml", NETWORK), root, Network).value

    context = network_context(network, site.views, TODAY)

    assert [m.name for m in context["ministries"]] == [
        "Ministère de la Culture",
        "Ministère des Armées",
    ]
    # A meeting today is still to come; past ones, latest first.
    assert [m.title for m in context["upcoming"]] == ["Réunion du jour", "Réunion de printemps"]
    assert [m.title for m in context["past"]] == ["Réunion d'hiver", "Réunion d'été"]
    assert context["replays"] == {"les-enjeux": "episodes/les-enjeux/"}
    assert context["long_date"](dt.date(2025, 3, 20)) == "20 mars 2025"


def test_citations_of_a_doctrine_page_give_the_moment_and_section(root):
    add_episode(root, 1, "ancien", date="2024-06-01", doctrine=["doctrine/rgesn.md"])
    add_episode(
        root,
        2,
        "recent",
        date="2024-07-01",
        chapters=[
            {"start": 0, "title": "Début"},
            {"start": 95, "title": "La vidéo", "doctrine": "doctrine/rgesn.md#video"},
        ],
        doctrine=["doctrine/enjeux.md"],
    )
    site = load_site(root)
    sections = {"video": "Une vidéo sobre"}

    context = citations_context("doctrine/rgesn.md", site.series, site.views, sections.get)

    assert [
        (c["episode"].slug, c["start"], c["clock"], c["anchor"], c["section"])
        for c in context["citations"]
    ] == [
        ("recent", 95, "01:35", "video", "Une vidéo sobre"),
        ("ancien", None, None, "", None),
    ]
    assert context["more_citations"] <= 0
    assert (
        citations_context("doctrine/autre.md", site.series, site.views, sections.get)["citations"]
        == []
    )


def test_a_much_cited_page_shows_the_latest_citations_only(root):
    for number in range(1, CITATIONS_SHOWN + 3):
        add_episode(root, number, f"episode-{number}", doctrine=["doctrine/rgesn.md"])
    site = load_site(root)
    context = citations_context("doctrine/rgesn.md", site.series, site.views, lambda anchor: None)
    assert [c["episode"].number for c in context["citations"]] == [7, 6, 5, 4, 3]
    assert context["more_citations"] == 2
