"""`make serve` prints the warnings of the files being edited only: changed on the branch
or saved since the preview started (issue 18, item 4)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from helpers import git, git_repository

from mkdocs_episodes.adapter.edited import edited_warnings
from mkdocs_episodes.core.problems import Problem, Severity

NAMES = ("episodes/01-a.yml", "episodes/02-b.yml", "episodes/03-c.yml")


def warnings() -> list[Problem]:
    return [Problem(name, 1, 1, "audio", "pas de son seul", Severity.WARNING) for name in NAMES]


def site(tmp_path: Path) -> Path:
    for name in NAMES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("number: 1\n", encoding="utf-8")
    return tmp_path


def test_the_preview_shows_the_warnings_of_edited_files_and_counts_the_others(tmp_path):
    root = git_repository(site(tmp_path))
    started = time.time()
    # Committed files, untouched and saved before the preview started: left out.
    for name in NAMES:
        os.utime(root / name, (started - 60, started - 60))
    (root / "episodes" / "01-a.yml").write_text("number: 2\n", encoding="utf-8")
    os.utime(root / "episodes" / "01-a.yml", (started - 30, started - 30))
    lines = edited_warnings(warnings(), root, started)
    assert lines == [
        "episodes/01-a.yml:1:1: audio: avertissement : pas de son seul",
        "2 autres avertissements, dans des fichiers que vous n'avez pas modifiés, non "
        "affichés (« episodes check » les montre tous).",
    ]
    # Saved during the preview, even unchanged for git: shown.
    os.utime(root / "episodes" / "03-c.yml", (started + 1, started + 1))
    lines = edited_warnings(warnings(), root, started)
    assert [line.split(":")[0] for line in lines[:2]] == ["episodes/01-a.yml", "episodes/03-c.yml"]
    assert lines[2].startswith("1 autre avertissement, ")


def test_a_branch_s_own_commits_count_as_edited_against_the_cloned_default_branch(tmp_path):
    upstream = git_repository(site(tmp_path / "amont"))
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(upstream), str(clone))
    git(clone, "checkout", "-q", "-b", "nouvel-episode")
    (clone / "episodes" / "02-b.yml").write_text("number: 2\n", encoding="utf-8")
    git(clone, "commit", "-qam", "b")
    lines = edited_warnings(warnings(), clone, time.time() + 60)
    assert lines[0].startswith("episodes/02-b.yml:1:1: audio:")
    assert lines[1].startswith("2 autres avertissements")


def test_outside_git_every_warning_is_shown(tmp_path):
    root = site(tmp_path)
    lines = edited_warnings(warnings(), root, time.time() + 60)
    assert [line.split(":")[0] for line in lines] == list(NAMES)


def test_make_serve_prints_the_warnings_of_the_episode_being_edited(site_copy, tmp_path):
    from test_serve import serving

    git_repository(site_copy)
    log = tmp_path / "serve.log"
    touched = "episodes/05-financer-vos-projets-ftap.yml"
    with serving(site_copy, log):
        first = log.read_text(encoding="utf-8")
        # Nothing edited yet: no warning of the demo's episodes, only how many were left.
        assert "avertissement : " not in first
        assert "autres avertissements, dans des fichiers que vous n'avez pas modifiés" in first
        path = site_copy / touched
        path.write_text(
            path.read_text(encoding="utf-8").replace("title: Administrations,", "title: Les"),
            encoding="utf-8",
        )
        # The rebuild that follows the save, to its end.
        deadline = time.monotonic() + 120
        later = ""
        while "Documentation built in" not in later and time.monotonic() < deadline:
            time.sleep(0.5)
            later = log.read_text(encoding="utf-8")[len(first) :]
    shown = {
        line.split("-  ", 1)[-1].split(":")[0]
        for line in later.splitlines()
        if "avertissement : " in line
    }
    assert shown == {touched}, later
