"""The one reader of publishers' files: every problem located by file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import write_episode

from mkdocs_episodes.core.doctrine import DoctrineMeta
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.problems import Problem
from mkdocs_episodes.core.reader import MAX_METADATA_BYTES, read_model


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "episodes").mkdir()
    (tmp_path / "docs" / "doctrine").mkdir(parents=True)
    return tmp_path.resolve()


def messages(problems: list[Problem]) -> list[str]:
    return [problem.format() for problem in problems]


def test_a_valid_episode_is_read_with_where_it_was_read(root):
    path = write_episode(root / "episodes")
    read = read_model(path, root, Episode)
    assert read.problems == []
    assert read.value.slug == "un-episode"
    assert read.located.shown == "episodes/un-episode.yml"
    # Positions of the file itself: "slug" is the second line of the episode.
    assert read.located.position(("slug",)) == (2, 1)


def test_a_syntax_error_gives_file_line_column_and_field_and_the_rest_is_still_read(root):
    path = root / "episodes" / "casse.yml"
    path.write_text("number: 1\nslug: casse\nsummary: [non fermé\n", encoding="utf-8")
    read = read_model(path, root, Episode)
    assert read.value is None
    found = messages(read.problems)
    assert found[0] == (
        "episodes/casse.yml:3:10: summary: syntaxe YAML invalide : "
        "liste entre crochets non fermée : ajoutez « ] »"
    )
    # The fields after and around it are checked; summary, written but unreadable, is
    # not said to be missing.
    assert "episodes/casse.yml:1:1: title: champ obligatoire manquant" in found
    assert not any("summary: champ obligatoire manquant" in line for line in found)
    assert read.failed >= {("summary",)}


def test_a_file_with_a_tab_still_gets_its_other_field_errors(root):
    path = root / "episodes" / "tab.yml"
    path.write_text(
        "number: 1\nslug: tab\ntitle: Un titre\ndate: 2024-07-20\n"
        "summary: Un résumé.\n\tduration: 3\nthemes: reseau, enjeux\nvideo:\n"
        "  host: dailymotion\n  id: x92eo5e\nposter: p.png\naudio: oui\n",
        encoding="utf-8",
    )
    read = read_model(path, root, Episode)
    assert read.value is None
    assert [(p.line, p.field) for p in read.problems] == [
        (6, "duration"),
        (7, "themes"),
        (12, "audio"),
    ]
    assert read.problems[0].message.startswith("tabulation interdite")
    assert "cette erreur peut en masquer d'autres dans ce champ" in read.problems[0].message
    assert read.problems[1].message.startswith("liste écrite sur une ligne sans crochets")


def test_a_file_that_stays_unreadable_says_its_mistake_may_hide_others(root):
    path = root / "episodes" / "liste.yml"
    path.write_text("- un\n- [deux\n", encoding="utf-8")
    (problem,) = read_model(path, root, Episode).problems
    assert problem.message.endswith(
        "; cette erreur de syntaxe peut en masquer d'autres dans ce fichier"
    )


def test_a_validation_error_points_at_the_field_s_own_line(root):
    path = write_episode(root / "episodes", titre="Faute de frappe", title=None)
    problems = messages(read_model(path, root, Episode).problems)
    line = path.read_text(encoding="utf-8").splitlines().index("titre: Faute de frappe") + 1
    assert (
        f"episodes/un-episode.yml:{line}:1: titre: champ inconnu « titre » ; vouliez-vous dire « title » ?"
        in "\n".join(problems)
    )


def test_a_list_at_the_top_of_a_file_asks_for_fields(root):
    path = root / "episodes" / "liste.yml"
    path.write_text("- un\n- deux\n", encoding="utf-8")
    read = read_model(path, root, Episode)
    assert read.value is None
    assert messages(read.problems) == [
        "episodes/liste.yml:1:1: (fichier): un ensemble de champs est attendu (nom: valeur, …)"
    ]


def test_front_matter_lines_count_from_the_top_of_the_page(root):
    page = root / "docs" / "doctrine" / "rgesn.md"
    page.write_text(
        "---\ntitle: Le RGESN\ndescription: Un résumé.\nreviewed: 2024-13-01\n---\n\n# Texte\n",
        encoding="utf-8",
    )
    read = read_model(page, root, DoctrineMeta, front_matter=True)
    # "reviewed" is the third line of the YAML, the fourth of the page.
    assert messages(read.problems) == [
        "docs/doctrine/rgesn.md:4:11: reviewed: date impossible « 2024-13-01 » : attendu une "
        "date réelle au format AAAA-MM-JJ, par exemple 2024-07-20"
    ]


def test_a_syntax_error_in_front_matter_is_shifted_by_the_opening_dashes(root):
    page = root / "docs" / "doctrine" / "page.md"
    page.write_text('---\ntitle: T\ndescription: "non fermé\n---\n', encoding="utf-8")
    problem, *others = read_model(page, root, DoctrineMeta, front_matter=True).problems
    assert (problem.line, problem.field) == (3, "description")
    assert problem.message == "syntaxe YAML invalide : guillemet non fermé"
    # Read on: the review date is missing too, on the page's first line of YAML.
    assert [(p.line, p.field) for p in others] == [(2, "reviewed")]


def test_a_valid_front_matter_with_windows_line_ends_is_read(root):
    page = root / "docs" / "doctrine" / "page.md"
    page.write_bytes(
        b"---\r\ntitle: Page\r\ndescription: Un r\xc3\xa9sum\xc3\xa9.\r\nreviewed: 2024-05-02\r\n---\r\nTexte\r\n"
    )
    read = read_model(page, root, DoctrineMeta, front_matter=True)
    assert read.problems == []
    assert read.value.description == "Un résumé."
    assert read.located.line_offset == 1


def test_a_page_without_front_matter_is_told_how_to_start(root):
    page = root / "docs" / "doctrine" / "page.md"
    page.write_text("# Titre seulement\n", encoding="utf-8")
    (problem,) = read_model(page, root, DoctrineMeta, front_matter=True).problems
    assert problem.format().startswith(
        "docs/doctrine/page.md:1:1: (fichier): en-tête YAML manquant"
    )


def test_a_refused_file_is_a_located_problem_not_an_exception(root):
    path = root / "episodes" / "vide.yml"
    path.write_text("", encoding="utf-8")
    assert messages(read_model(path, root, Episode).problems) == [
        "episodes/vide.yml:1:1: (fichier): fichier vide"
    ]


def test_metadata_larger_than_its_limit_is_refused(root):
    path = root / "episodes" / "enorme.yml"
    path.write_text("# " + "x" * MAX_METADATA_BYTES + "\nnumber: 1\n", encoding="utf-8")
    (problem,) = read_model(path, root, Episode).problems
    assert problem.message == f"fichier trop lourd (plus de {MAX_METADATA_BYTES} octets)"
