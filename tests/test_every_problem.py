"""One run says every problem, in every file, where a publisher looks: three broken
episodes give three errors at once, as lines, as GitHub annotations and as a GitLab
Code Quality report, from `episodes check` and `mkdocs build` alike; with `--depuis`,
the warnings of untouched files are left out, not their errors (issue 18, items 2, 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import build_site, copy_site, run_episodes
from helpers import git, git_repository

SYNTAX = "episodes/02-les-enjeux.yml"
THEME = "episodes/03-les-actions-des-ministeres.yml"
MISSPELT = "episodes/04-le-role-de-la-dinum.yml"
TOUCHED = "episodes/05-financer-vos-projets-ftap.yml"
# Each test runs the command on a real copy of the site; one of them builds it.
pytestmark = pytest.mark.slow


def edit(project: Path, name: str, old: str, new: str) -> int:
    """Replace `old` once; the line where `new` starts."""
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text[: text.index(new)].count("\n") + 1


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    """The demo site in a git repository: an undeclared theme committed on main, then,
    on a branch, a syntax error, a misspelt field and a touched valid episode."""
    project = copy_site(tmp_path_factory.mktemp("trois-erreurs") / "site")
    lines = {THEME: edit(project, THEME, "  - actions\n", "  - climat\n")}
    git_repository(project)
    git(project, "checkout", "-q", "-b", "nouvel-episode")
    lines[SYNTAX] = edit(project, SYNTAX, "title: Les enjeux", "title: 'Mesurer l'empreinte'")
    lines[MISSPELT] = edit(project, MISSPELT, "summary:", "sumary:")
    git(project, "commit", "-qam", "deux épisodes modifiés")
    # Not committed: a change of the working tree counts too.
    edit(project, TOUCHED, "title: Administrations,", "title: Les administrations,")
    return project, lines


@pytest.fixture(scope="module")
def checked(broken):
    """`episodes check` on the broken tree, as text."""
    return run_episodes(broken[0], "check")


def test_three_broken_episodes_give_three_errors_in_one_run_with_the_warnings(broken, checked):
    _project, lines = broken
    result = checked
    assert result.returncode == 1
    out = result.stdout
    assert "Traceback" not in out + result.stderr
    assert f"{SYNTAX}:{lines[SYNTAX]}:19: title: apostrophe dans un texte entre apostrophes" in out
    assert f"{THEME}:{lines[THEME]}:5: themes[1]: thème « climat » non déclaré" in out
    assert f"{MISSPELT}:{lines[MISSPELT]}:1: sumary: champ inconnu « sumary »" in out
    # The misspelt field leaves the real one missing: said too, nothing more.
    assert f"{MISSPELT}:1:1: summary: champ obligatoire manquant" in out
    assert out.strip().splitlines()[-1].startswith("4 erreurs, ")
    # What the broken files may still hide is said.
    assert out.strip().splitlines()[-2] == (
        "À vérifier une fois leurs champs corrigés : les fichiers joints (affiche, vidéo, "
        "son, sous-titres, transcription) et le contenu des notes de "
        f"{SYNTAX}, {MISSPELT} ; ils peuvent cacher d'autres problèmes."
    )
    # Warnings are not lost beside the errors.
    assert "episodes/01-presentation-du-reseau.yml:1:1: audio: avertissement :" in out


def test_the_same_errors_as_github_annotations(broken):
    project, lines = broken
    result = run_episodes(project, "check", "--format", "github")
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert [line.split("::")[1] for line in annotations] == [
        f"error file={SYNTAX},line={lines[SYNTAX]},col=19,title=title",
        f"error file={THEME},line={lines[THEME]},col=5,title=themes[1]",
        f"error file={MISSPELT},line=1,col=1,title=summary",
        f"error file={MISSPELT},line={lines[MISSPELT]},col=1,title=sumary",
    ]
    assert "::warning file=episodes/01-presentation-du-reseau.yml," in result.stdout


def test_the_same_errors_as_a_valid_gitlab_code_quality_report(broken):
    project, lines = broken
    result = run_episodes(project, "check", "--format", "gitlab")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert isinstance(report, list) and report
    for entry in report:
        assert isinstance(entry["description"], str) and entry["description"]
        assert entry["check_name"] in {"episodes-error", "episodes-warning"}
        assert entry["severity"] in {"major", "minor"}
        assert isinstance(entry["location"]["path"], str)
        assert isinstance(entry["location"]["lines"]["begin"], int)
        assert entry["location"]["lines"]["begin"] >= 1
    assert len({entry["fingerprint"] for entry in report}) == len(report)
    errors = [
        (e["location"]["path"], e["location"]["lines"]["begin"], e["description"].split(" : ")[0])
        for e in report
        if e["severity"] == "major"
    ]
    assert errors == [
        (SYNTAX, lines[SYNTAX], "title"),
        (THEME, lines[THEME], "themes[1]"),
        (MISSPELT, 1, "summary"),
        (MISSPELT, lines[MISSPELT], "sumary"),
    ]
    # The job's log keeps the readable lines.
    assert f"{THEME}:{lines[THEME]}:5: themes[1]:" in result.stderr


def test_since_a_reference_only_the_warnings_of_changed_files_are_shown(broken):
    project, lines = broken
    result = run_episodes(project, "check", "--depuis", "main")
    assert result.returncode == 1
    out = result.stdout
    shown = {line.split(":")[0] for line in out.splitlines() if "avertissement :" in line}
    # The touched valid episode keeps its warnings; untouched ones lose theirs.
    assert shown == {TOUCHED}
    # Errors of every file stay, the untouched one's included.
    assert f"{THEME}:{lines[THEME]}:5: themes[1]:" in out
    assert f"{SYNTAX}:{lines[SYNTAX]}:" in out and f"{MISSPELT}:{lines[MISSPELT]}:" in out
    assert "dans des fichiers non modifiés depuis main, non affichés" in out.splitlines()[-1]


def test_an_unknown_reference_is_said_in_french(broken):
    project, _lines = broken
    result = run_episodes(project, "check", "--depuis", "origine/principale")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.startswith(
        "Erreur : --depuis origine/principale : référence git « origine/principale » inconnue"
    )


def test_the_build_says_the_same_errors_and_warnings(broken, checked):
    built = build_site(broken[0])
    assert built.returncode != 0
    said = [line for line in checked.stdout.splitlines() if line.startswith("episodes/")]
    assert len(said) > 4
    assert all(line in built.output for line in said), built.output
    assert "À vérifier une fois leurs champs corrigés : " in built.output


def test_strict_since_a_reference_counts_the_shown_warnings_only(tmp_path):
    project = copy_site(tmp_path / "site")
    git_repository(project)
    # Nothing changed: the demo's warnings are all left out, and --strict passes.
    quiet = run_episodes(project, "check", "--strict", "--depuis", "main")
    assert quiet.returncode == 0, quiet.stdout
    assert "avertissement :" not in quiet.stdout
    assert quiet.stdout.startswith("Tout est en ordre : 6 épisodes vérifiés. ")
    edit(project, TOUCHED, "title: Administrations,", "title: Les administrations,")
    touched = run_episodes(project, "check", "--strict", "--depuis", "main")
    assert touched.returncode == 1
    assert f"{TOUCHED}:1:1: audio: avertissement :" in touched.stdout
