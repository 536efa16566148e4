"""Specials (« hors-série »): published at their own address, outside the series' numbering,
its count and its « Dernier épisode »."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import write_episode

from mkdocs_episodes.core import urls
from mkdocs_episodes.core.feeds import ITUNES, PODCAST
from mkdocs_episodes.core.loader import load_episodes
from mkdocs_episodes.core.problems import EpisodeError
from mkdocs_episodes.core.publications import SiteIdentity, publish
from mkdocs_episodes.core.structured import episode_graph

from .factory import SITE, add_episode, load_site


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path.resolve()
    add_episode(root, 1, "premier", date="2024-06-01")
    add_episode(root, 2, "deuxieme", date="2024-08-01")
    write_episode(
        root / "episodes",
        "demo.yml",
        number=None,
        special=True,
        slug="demo",
        title="Une démonstration",
        date="2024-12-01",
    )
    return root


def test_a_special_is_published_but_never_the_latest_nor_counted(root):
    series = load_site(root).series
    # Newest first, by date among the numbered episodes: the special is listed first.
    assert [e.slug for e in series.newest_first] == ["demo", "deuxieme", "premier"]
    assert series.latest.slug == "deuxieme"
    assert (series.count, series.special_count) == (2, 1)
    assert [e.slug for e in series.index_pages()[0].episodes] == ["demo", "deuxieme", "premier"]


def test_a_special_stands_outside_the_previous_next_sequence(root):
    series = load_site(root).series
    first, second, demo = (
        next(e for e in series.episodes if e.slug == s) for s in ("premier", "deuxieme", "demo")
    )
    assert series.next(second) is None
    assert series.previous(second) is first
    assert (series.previous(demo), series.next(demo)) == (None, None)


def test_a_special_placed_among_the_episodes_by_its_date(root):
    write_episode(
        root / "episodes",
        "ancien.yml",
        number=None,
        special=True,
        slug="ancien",
        title="Un ancien hors-série",
        date="2024-07-01",
    )
    series = load_site(root).series
    assert [e.slug for e in series.episodes] == ["premier", "ancien", "deuxieme", "demo"]


def test_its_view_says_hors_serie_where_an_episode_says_its_number(root):
    views = load_site(root).views
    assert views["demo"].heading == "Hors-série : Une démonstration"
    assert views["demo"].reference == "l'épisode hors-série"
    assert views["deuxieme"].heading == "Épisode 2 : Épisode deuxieme"
    assert views["deuxieme"].reference == "l'épisode 2"


def test_its_url_comes_from_its_slug_as_any_episode(root):
    assert load_site(root).views["demo"].url == urls.episode("demo") == "episodes/demo/"


def test_feeds_and_structured_data_give_it_no_number(root):
    site = load_site(root)
    identity = SiteIdentity("Série", "Une série.", "")
    found = publish(site.series, site.views, identity, lambda u: SITE + u, lambda u: u, 10)
    rss = ET.fromstring(found.files[urls.RSS])
    entries = {e.findtext("link"): e for e in rss.iter("item")}
    demo = entries[SITE + "episodes/demo/"]
    assert demo.find(f"{{{ITUNES}}}episode") is None
    assert demo.find(f"{{{PODCAST}}}episode") is None
    assert demo.findtext(f"{{{ITUNES}}}episodeType") == "bonus"
    second = entries[SITE + "episodes/deuxieme/"]
    assert second.findtext(f"{{{ITUNES}}}episode") == "2"
    assert second.findtext(f"{{{ITUNES}}}episodeType") == "full"
    api = json.loads(found.files[urls.API])
    numbers = {e["slug"]: (e["number"], e["special"]) for e in api["episodes"]}
    assert numbers == {"demo": (None, True), "deuxieme": (2, False), "premier": (1, False)}
    graph = episode_graph(found.episodes["demo"], "Série", SITE + "episodes/", SITE)
    assert "episodeNumber" not in graph["@graph"][0]
    graph = episode_graph(found.episodes["premier"], "Série", SITE + "episodes/", SITE)
    assert graph["@graph"][0]["episodeNumber"] == 1


def test_numbering_gaps_and_duplicates_ignore_specials(root):
    write_episode(
        root / "episodes", "autre.yml", number=None, special=True, slug="autre", title="Autre"
    )
    result = load_episodes(root / "episodes", root, {"reseau"})
    assert [w for w in result.warnings if w.field == "number"] == []


def test_a_special_with_a_number_is_told_to_remove_it(root):
    write_episode(root / "episodes", "demo.yml", number=3, special=True, slug="demo")
    with pytest.raises(EpisodeError) as caught:
        load_episodes(root / "episodes", root, {"reseau"})
    (problem,) = caught.value.problems
    assert (problem.path, problem.line, problem.field) == ("episodes/demo.yml", 1, "number")
    assert problem.message.startswith(
        "un épisode hors-série (special: true) n'a pas de numéro dans la série : "
        "retirez la ligne number"
    )


def test_an_episode_without_number_is_told_both_ways_out(root):
    write_episode(root / "episodes", "demo.yml", number=None, slug="demo")
    with pytest.raises(EpisodeError) as caught:
        load_episodes(root / "episodes", root, {"reseau"})
    (problem,) = caught.value.problems
    assert (problem.path, problem.field) == ("episodes/demo.yml", "number")
    assert "par exemple « number: 7 »" in problem.message
    assert "écrivez « special: true »" in problem.message
