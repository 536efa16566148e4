"""Problems as publishers read them: file:line:column: field: message."""

from __future__ import annotations

from pathlib import Path

from mkdocs_episodes.core.problems import (
    EpisodeError,
    Problem,
    Severity,
    display_path,
    unchecked_note,
)


def test_a_problem_reads_like_a_compiler_message():
    problem = Problem(
        "episodes/02-les-enjeux.yml",
        7,
        3,
        "chapters[2].start",
        "ce chapitre commence après la fin de l'épisode (duration)",
    )
    assert problem.format() == (
        "episodes/02-les-enjeux.yml:7:3: chapters[2].start: "
        "ce chapitre commence après la fin de l'épisode (duration)"
    )


def test_a_warning_says_so_and_a_whole_file_problem_names_no_field():
    warning = Problem("episodes/a.yml", 1, 1, "", "pas de sous-titres", Severity.WARNING)
    assert warning.format() == "episodes/a.yml:1:1: (fichier): avertissement : pas de sous-titres"


def test_an_episode_error_lists_problems_in_file_order_and_counts_them():
    error = EpisodeError(
        [
            Problem("episodes/b.yml", 2, 1, "slug", "slug en double"),
            Problem("episodes/a.yml", 10, 1, "title", "texte attendu"),
            Problem("episodes/a.yml", 3, 1, "date", "date attendue"),
        ]
    )
    assert str(error).splitlines() == [
        "episodes/a.yml:3:1: date: date attendue",
        "episodes/a.yml:10:1: title: texte attendu",
        "episodes/b.yml:2:1: slug: slug en double",
        "3 erreurs dans les épisodes.",
    ]
    assert (
        EpisodeError([Problem("a.yml", 1, 1, "", "vide")])
        .report()
        .endswith("\n1 erreur dans les épisodes.")
    )


def test_paths_are_shown_relative_to_the_repository(tmp_path):
    assert display_path(tmp_path / "episodes" / "a.yml", tmp_path) == "episodes/a.yml"
    assert display_path(Path("/etc/hostname"), tmp_path) == "/etc/hostname"


def test_files_whose_side_files_wait_for_their_fields_are_named():
    assert unchecked_note([]) is None
    assert unchecked_note(["episodes/02-a.yml", "episodes/04-b.yml"]) == (
        "À vérifier une fois leurs champs corrigés : les fichiers joints (affiche, vidéo, son, "
        "sous-titres, transcription) et le contenu des notes de episodes/02-a.yml, "
        "episodes/04-b.yml ; ils peuvent cacher d'autres problèmes."
    )
