"""Loading a folder of episodes: valid episodes, or every problem located at once.

(tests/test_loader.py covers field-by-field validation; these are the loader's own rules.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import write_episode

from mkdocs_episodes.core.loader import episode_paths, load_episode, load_episodes
from mkdocs_episodes.core.problems import EpisodeError, Severity

from .factory import CAPTIONS, add_audio, add_captions, add_episode


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "episodes").mkdir()
    return tmp_path.resolve()


def test_only_yaml_files_are_episodes_in_name_order(root):
    for name in ("02-b.yaml", "01-a.yml", "notes.md", "03-c.yml.bak"):
        (root / "episodes" / name).write_text("x: 1\n", encoding="utf-8")
    assert [p.name for p in episode_paths(root / "episodes")] == ["01-a.yml", "02-b.yaml"]
    assert episode_paths(root / "absent") == []


def test_a_missing_episodes_folder_is_one_located_error(root):
    with pytest.raises(EpisodeError) as caught:
        load_episodes(root / "emissions", root)
    assert str(caught.value) == (
        "emissions:1:1: (fichier): dossier des épisodes introuvable\n1 erreur dans les épisodes."
    )


def test_each_valid_episode_is_announced_as_soon_as_it_is_read(root):
    add_episode(root, 1, "premier")
    add_episode(root, 2, "second")
    announced: list[str] = []
    result = load_episodes(
        root / "episodes", root, {"reseau"}, loaded=lambda e: announced.append(e.slug)
    )
    assert announced == ["premier", "second"]
    assert [e.slug for e in result.episodes] == announced


def test_missing_alternatives_are_warnings_with_their_accessibility_rule(root):
    path = add_episode(root, 1, "premier", transcript=None)
    episode, problems = load_episode(path, root)
    assert episode is not None
    assert {p.field: p.message for p in problems if p.severity is Severity.WARNING} == {
        "transcript": "pas de transcription (transcript) : le contenu n'est pas accessible sans "
        "le son (RGAA 4.1)",
        "captions": "pas de sous-titres (captions) : la vidéo n'est pas accessible sans le son "
        "(RGAA 4.3)",
        "audio": "pas de fichier son seul (audio) : proposez une écoute plus légère que la "
        "vidéo (RGESN 5.5)",
    }


def test_an_episode_with_every_alternative_has_no_warning(root):
    path = add_episode(root, 1, "complet", audio=add_audio(root), captions=[add_captions(root)])
    episode, problems = load_episode(path, root)
    assert problems == []
    assert episode.origin.cues[0] == (0.0, "Bonjour et bienvenue.")


def test_a_transcript_file_is_read_through_the_gate(root):
    (root / "episodes" / "premier").mkdir()
    (root / "episodes" / "premier" / "transcription.md").write_text(
        "Bonjour à tous.\n", encoding="utf-8"
    )
    path = add_episode(root, 1, "premier", transcript={"file": "premier/transcription.md"})
    episode, _ = load_episode(path, root)
    assert episode.transcript_markdown == "Bonjour à tous.\n"


def test_side_files_published_side_by_side_must_not_collide(root):
    (root / "episodes" / "a").mkdir()
    (root / "episodes" / "b").mkdir()
    for folder in ("a", "b"):
        (root / "episodes" / folder / "fr.vtt").write_text(CAPTIONS, encoding="utf-8")
    (root / "episodes" / "a" / "index.html").write_text("<p>x</p>", encoding="utf-8")
    path = add_episode(
        root,
        1,
        "premier",
        poster="a/index.html",
        captions=[{"src": "a/fr.vtt"}, {"src": "b/fr.vtt", "lang": "en"}],
    )
    episode, problems = load_episode(path, root)
    assert episode is None
    assert {p.field: p.message for p in problems if p.severity is Severity.ERROR} == {
        "poster": "nom de fichier « index.html » réservé : renommez le fichier",
        "captions[2].src": "deux fichiers de l'épisode s'appellent « fr.vtt » : renommez-en un",
    }


def test_a_side_file_refused_by_the_gate_says_where_it_was_looked_for(root):
    path = add_episode(root, 1, "premier", poster="../../.git/config")
    _, problems = load_episode(path, root)
    (problem,) = [p for p in problems if p.severity is Severity.ERROR]
    assert problem.field == "poster"
    assert problem.message.startswith("fichier « ../../.git/config » mène hors du dépôt")


def test_gaps_in_numbering_are_one_warning_on_the_last_episode(root):
    add_episode(root, 1, "premier")
    add_episode(root, 4, "quatrieme")
    result = load_episodes(root / "episodes", root, {"reseau"})
    (gap,) = [w for w in result.warnings if w.field == "number"]
    assert gap.path == "episodes/04-quatrieme.yml"
    assert gap.message == "numérotation avec des trous : épisode(s) 2, 3 absent(s)"


def test_duplicates_name_the_file_that_already_uses_the_value(root):
    add_episode(root, 1, "premier")
    write_episode(root / "episodes", "09-copie.yml", number=1, slug="premier")
    with pytest.raises(EpisodeError) as caught:
        load_episodes(root / "episodes", root)
    assert {(p.path, p.field): p.message for p in caught.value.problems} == {
        ("episodes/09-copie.yml", "slug"): "« premier » est déjà utilisé par "
        "episodes/01-premier.yml : choisissez-en un autre",
        ("episodes/09-copie.yml", "number"): "« 1 » est déjà utilisé par "
        "episodes/01-premier.yml : choisissez-en un autre",
    }


def test_side_files_differing_only_by_case_collide(root):
    # One file on case-insensitive disks (and hosts): the second would replace the first.
    (root / "episodes" / "a").mkdir()
    (root / "episodes" / "b").mkdir()
    (root / "episodes" / "a" / "fr.vtt").write_text(CAPTIONS, encoding="utf-8")
    (root / "episodes" / "b" / "FR.vtt").write_text(CAPTIONS, encoding="utf-8")
    path = add_episode(
        root, 1, "premier", captions=[{"src": "a/fr.vtt"}, {"src": "b/FR.vtt", "lang": "en"}]
    )
    episode, problems = load_episode(path, root)
    assert episode is None
    assert [p.field for p in problems if p.severity is Severity.ERROR] == ["captions[2].src"]
