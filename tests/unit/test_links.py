"""Links from episodes to doctrine pages, checked before publication."""

from __future__ import annotations

from pathlib import Path

from mkdocs_episodes.core.links import doc_link_problems, doc_links

from .factory import add_episode, load_site

ANCHORS = {"doctrine/rgesn.md": {"video", "hebergement", "criteres"}}


def test_links_come_from_doctrine_lists_and_chapters(tmp_path: Path):
    root = tmp_path.resolve()
    add_episode(
        root,
        1,
        "premier",
        doctrine=["doctrine/rgesn.md", "doctrine/enjeux.md"],
        chapters=[
            {"start": 0, "title": "Début"},
            {"start": 60, "title": "Vidéo", "doctrine": "doctrine/rgesn.md#video"},
        ],
    )
    (episode,) = load_site(root).series.episodes
    assert [(loc, link) for _, loc, link in doc_links([episode])] == [
        (("doctrine", 0), "doctrine/rgesn.md"),
        (("doctrine", 1), "doctrine/enjeux.md"),
        (("chapters", 1, "doctrine"), "doctrine/rgesn.md#video"),
    ]


def test_a_missing_page_or_anchor_is_located_at_the_link(tmp_path: Path):
    root = tmp_path.resolve()
    path = add_episode(
        root,
        1,
        "premier",
        doctrine=["doctrine/rgesn.md#video", "doctrine/absente.md"],
        chapters=[{"start": 0, "title": "Début", "doctrine": "doctrine/rgesn.md#videos"}],
    )
    (episode,) = load_site(root).series.episodes
    lines = path.read_text(encoding="utf-8").splitlines()

    problems = doc_link_problems([episode], ANCHORS.get)

    assert [p.format() for p in problems] == [
        f"episodes/01-premier.yml:{lines.index('- doctrine/absente.md') + 1}:3: doctrine[2]: "
        "la page « doctrine/absente.md » n'existe pas dans docs/ (lien « doctrine/absente.md ») "
        ": vérifiez le chemin, par exemple « doctrine/rgesn.md »",
        f"episodes/01-premier.yml:{lines.index('  doctrine: doctrine/rgesn.md#videos') + 1}:3: "
        "chapters[1].doctrine: l'ancre « #videos » n'existe pas dans la page « doctrine/rgesn.md » "
        "(ancres de la page : #criteres, #hebergement, #video)",
    ]


def test_valid_links_raise_nothing(tmp_path: Path):
    root = tmp_path.resolve()
    add_episode(root, 1, "premier", doctrine=["doctrine/rgesn.md", "doctrine/rgesn.md#criteres"])
    assert doc_link_problems(load_site(root).series.episodes, ANCHORS.get) == []
