"""Which files a change touched, from a real git repository: committed on the branch
since it left the reference, modified, staged or new (issue 18, item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import git, git_repository

from mkdocs_episodes.core.changed_files import ChangesError, changed_since, only_in
from mkdocs_episodes.core.problems import Problem, Severity


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    for name in ("a.yml", "b.yml", "c.yml", "site/episodes/d.yml", "site/episodes/e.yml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"{name}\n", encoding="utf-8")
    return git_repository(tmp_path)


def test_committed_modified_staged_and_new_files_are_changed(repository):
    git(repository, "checkout", "-q", "-b", "nouvel-episode")
    (repository / "a.yml").write_text("committed\n", encoding="utf-8")
    git(repository, "commit", "-qam", "a")
    (repository / "b.yml").write_text("staged\n", encoding="utf-8")
    git(repository, "add", "b.yml")
    (repository / "c.yml").write_text("modified\n", encoding="utf-8")
    (repository / "nouveau.yml").write_text("new\n", encoding="utf-8")
    (repository / "ignored.log").write_text("ignored\n", encoding="utf-8")
    (repository / ".gitignore").write_text("*.log\n", encoding="utf-8")
    assert changed_since("main", repository) == {
        "a.yml",
        "b.yml",
        "c.yml",
        "nouveau.yml",
        ".gitignore",
    }
    # Since the branch's own last commit: what is not committed yet.
    assert changed_since("HEAD", repository) == {"b.yml", "c.yml", "nouveau.yml", ".gitignore"}


def test_changes_on_the_reference_after_the_branch_left_it_do_not_count(repository):
    git(repository, "checkout", "-q", "-b", "nouvel-episode")
    (repository / "a.yml").write_text("mine\n", encoding="utf-8")
    git(repository, "commit", "-qam", "mine")
    git(repository, "checkout", "-q", "main")
    (repository / "b.yml").write_text("theirs\n", encoding="utf-8")
    git(repository, "commit", "-qam", "theirs")
    git(repository, "checkout", "-q", "nouvel-episode")
    assert changed_since("main", repository) == {"a.yml"}


def test_paths_are_relative_to_the_site_inside_the_repository(repository):
    (repository / "site" / "episodes" / "d.yml").write_text("changed\n", encoding="utf-8")
    (repository / "a.yml").write_text("outside the site\n", encoding="utf-8")
    assert changed_since("main", repository / "site") == {"episodes/d.yml"}


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("inexistante", "référence git « inexistante » inconnue"),
        ("--output=/tmp/x", "référence git « --output=/tmp/x » invalide"),
        ("", "référence git «  » invalide"),
    ],
)
def test_a_bad_reference_is_said_in_french(repository, reference, expected):
    with pytest.raises(ChangesError, match=expected):
        changed_since(reference, repository)


def test_a_folder_outside_git_is_said_in_french(tmp_path):
    with pytest.raises(ChangesError, match="pas suivi par git"):
        changed_since("main", tmp_path)


def test_only_the_warnings_of_changed_files_are_kept_and_the_others_counted():
    def warning(path: str) -> Problem:
        return Problem(path, 1, 1, "audio", "pas de son seul", Severity.WARNING)

    kept, left_out = only_in([warning("a.yml"), warning("b.yml"), warning("a.yml")], {"a.yml"})
    assert [w.path for w in kept] == ["a.yml", "a.yml"]
    assert left_out == 1


def test_a_reference_without_common_history_is_said_in_french(repository):
    git(repository, "checkout", "-q", "--orphan", "ailleurs")
    git(repository, "commit", "-qm", "sans histoire commune")
    git(repository, "checkout", "-q", "main")
    with pytest.raises(ChangesError, match="pas d'ancêtre commun entre « ailleurs »"):
        changed_since("ailleurs", repository)
