"""Doctrine pages declare what they are about and when they were last reviewed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mkdocs_episodes.core.doctrine import read_doctrine

THEMES = {"enjeux", "video-sobre"}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "docs" / "doctrine").mkdir(parents=True)
    return tmp_path.resolve()


def page(root: Path, front_matter: str, body: str = "\nLe texte de la page.\n") -> Path:
    path = root / "docs" / "doctrine" / "rgesn.md"
    path.write_text(f"---\n{front_matter}---\n{body}", encoding="utf-8")
    return path


def test_a_complete_front_matter_is_read(root):
    meta, problems = read_doctrine(
        page(
            root,
            "title: Le RGESN\ndescription: Les critères d'écoconception.\n"
            "reviewed: 2024-11-28\nthemes:\n  - video-sobre\nhide:\n  - toc\n",
        ),
        root,
        THEMES,
    )
    assert problems == []
    assert (meta.title, meta.reviewed, meta.themes, meta.hide) == (
        "Le RGESN",
        dt.date(2024, 11, 28),
        ["video-sobre"],
        ["toc"],
    )


def test_an_undeclared_theme_is_located_on_its_line_of_the_page(root):
    path = page(
        root, "title: T\ndescription: D\nreviewed: 2024-11-28\nthemes:\n  - enjeux\n  - sobriete\n"
    )
    meta, problems = read_doctrine(path, root, THEMES)
    assert meta is None
    assert [p.format() for p in problems] == [
        "docs/doctrine/rgesn.md:7:5: themes[2]: thème « sobriete » non déclaré dans mkdocs.yml "
        "(thèmes possibles : enjeux, video-sobre)"
    ]


def test_a_missing_review_date_is_required(root):
    meta, problems = read_doctrine(page(root, "title: T\ndescription: D\n"), root, THEMES)
    assert meta is None
    # A missing field is placed at the first line of the front matter, after "---".
    assert [(p.line, p.field, p.message) for p in problems] == [
        (2, "reviewed", "champ obligatoire manquant")
    ]


def test_an_unknown_key_lists_the_keys_a_page_may_set(root):
    _, problems = read_doctrine(
        page(root, "title: T\ndescription: D\nreviewed: 2024-11-28\nauteur: Moi\n"), root, THEMES
    )
    assert [p.format() for p in problems] == [
        "docs/doctrine/rgesn.md:5:1: auteur: champ inconnu « auteur » (champs possibles : "
        "description, hide, icon, reviewed, search, status, template, themes, title)"
    ]


def test_a_page_that_is_a_symlink_out_of_the_repository_is_refused(root, tmp_path_factory):
    outside = tmp_path_factory.mktemp("ailleurs") / "page.md"
    outside.write_text(
        "---\ntitle: T\ndescription: D\nreviewed: 2024-11-28\n---\n", encoding="utf-8"
    )
    link = root / "docs" / "doctrine" / "lien.md"
    link.symlink_to(outside)
    meta, problems = read_doctrine(link, root, THEMES)
    assert meta is None
    assert problems[0].message.startswith("fichier est un lien qui mène hors du dépôt")
