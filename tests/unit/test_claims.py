"""The rules across episode files hold for broken files too: a number or a slug used
twice, an undeclared theme, a link to a missing page are said in the same run as the
file's own mistakes (issue 18, item 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_episodes.core.claims import reference_problems
from mkdocs_episodes.core.loader import read_episodes
from mkdocs_episodes.core.problems import Severity

from .factory import add_episode

THEMES = {"reseau", "enjeux"}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "episodes").mkdir()
    return tmp_path.resolve()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def said(problems) -> list[str]:
    return [p.format() for p in problems]


def test_three_broken_episodes_are_all_said_in_one_run(root):
    add_episode(root, 1, "premier")
    edit(add_episode(root, 2, "deux"), "title: Épisode deux", "title: 'L'épisode deux'")
    edit(add_episode(root, 3, "trois"), "- reseau", "- climat")
    edit(add_episode(root, 4, "quatre"), "summary:", "sumary:")
    result = read_episodes(root / "episodes", root, THEMES)
    # « trois » is valid on its own: only the series refuses its theme.
    assert [e.slug for e in result.episodes] == ["premier", "trois"]
    errors = said(result.errors)
    assert len(errors) == 4, errors
    assert errors[0].startswith("episodes/02-deux.yml:3:11: title: apostrophe dans un texte")
    assert errors[1].startswith("episodes/03-trois.yml:8:3: themes[1]: thème « climat »")
    assert errors[2] == "episodes/04-quatre.yml:1:1: summary: champ obligatoire manquant"
    assert errors[3].startswith("episodes/04-quatre.yml:5:1: sumary: champ inconnu")
    # Their side files wait for their fields to be fixed: said.
    assert result.unchecked == ["episodes/02-deux.yml", "episodes/04-quatre.yml"]
    # Warnings are kept beside the errors, for the valid episodes.
    assert {p.path for p in result.warnings} >= {"episodes/01-premier.yml"}
    assert all(p.severity is Severity.WARNING for p in result.warnings)


def test_a_broken_file_still_claims_its_number_slug_and_themes(root):
    add_episode(root, 1, "premier")
    broken = add_episode(root, 2, "premier", summary="[non fermé", themes=["climat"])
    edit(broken, "summary: '[non fermé'", "summary: [non fermé")
    edit(broken, "number: 2", "number: 1")
    result = read_episodes(root / "episodes", root, THEMES)
    fields = {p.field: p.message for p in result.errors}
    assert fields["summary"].startswith("syntaxe YAML invalide")
    assert fields["slug"] == (
        "« premier » est déjà utilisé par episodes/01-premier.yml : choisissez-en un autre"
    )
    assert fields["number"].startswith("« 1 » est déjà utilisé par episodes/01-premier.yml")
    assert fields["themes[1]"].startswith("thème « climat » non déclaré dans mkdocs.yml")
    # Its number counts: no gap is reported for a broken episode 2 of 3.
    add_episode(root, 3, "trois")
    edit(broken, "number: 1", "number: 2")
    again = read_episodes(root / "episodes", root, THEMES)
    assert not any("numérotation" in p.message for p in again.warnings)


def test_a_refused_value_is_not_claimed_twice(root):
    # A theme refused by its pattern is said once, not also as undeclared.
    add_episode(root, 1, "premier", themes=["Réseau"])
    result = read_episodes(root / "episodes", root, THEMES)
    (problem,) = result.errors
    assert problem.field == "themes[1]" and "refusée" in problem.message


def test_a_broken_file_s_references_are_checked_against_the_site(root):
    add_episode(
        root,
        1,
        "premier",
        sumary="faute",
        doctrine=["doctrine/absente.md", "doctrine/rgesn.md"],
        resources=[{"ref": "inconnue"}, {"ref": "guide"}],
    )
    result = read_episodes(root / "episodes", root, THEMES)
    assert len(result.invalid) == 1
    pages = {"doctrine/rgesn.md"}
    problems = reference_problems(
        claims=result.invalid,
        link_message=lambda link: None if link in pages else f"page « {link} » absente",
        known_refs={"guide"},
        resources="donnees/ressources.yml",
    )
    assert [(p.field, p.message) for p in problems] == [
        ("doctrine[1]", "page « doctrine/absente.md » absente"),
        ("resources[1].ref", "ressource « inconnue » inconnue de donnees/ressources.yml"),
    ]
    assert all(p.path == "episodes/01-premier.yml" and p.line > 1 for p in problems)


def test_an_undeclared_theme_or_a_duplicate_number_hides_nothing_else_of_its_file(root):
    add_episode(root, 1, "premier")
    path = add_episode(root, 2, "deux", themes=["climat"], sumary="faute", duration="dix")
    edit(path, "number: 2", "number: 1")
    result = read_episodes(root / "episodes", root, THEMES)
    assert sorted(p.field for p in result.errors) == [
        "duration",
        "number",
        "sumary",
        "themes[1]",
    ]


def test_an_episode_with_a_missing_side_file_still_claims_its_slug(root):
    add_episode(root, 1, "premier")
    add_episode(root, 2, "premier", poster="media/absente.png")
    result = read_episodes(root / "episodes", root, THEMES)
    assert sorted(p.field for p in result.errors) == ["poster", "slug"]
    # Its side files were checked: nothing waits for its fields.
    assert result.unchecked == []
