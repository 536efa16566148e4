"""Where an episode came from: later stages locate their problems in its file."""

from __future__ import annotations

from pathlib import Path

from helpers import write_episode

from mkdocs_episodes.core.loader import load_episode
from mkdocs_episodes.core.origin import Origin
from mkdocs_episodes.core.problems import Severity
from mkdocs_episodes.core.reader import Located
from mkdocs_episodes.core.yaml_source import parse_yaml

from .factory import add_captions


def test_a_later_stage_locates_its_problem_at_the_field_s_line(tmp_path: Path):
    root = tmp_path.resolve()
    path = write_episode(root / "episodes", "02-les-enjeux.yml", doctrine=["doctrine/absente.md"])
    episode, _ = load_episode(path, root)
    origin = episode.origin

    assert origin.path == path
    assert origin.display == "episodes/02-les-enjeux.yml"
    line = path.read_text(encoding="utf-8").splitlines().index("doctrine:") + 2
    problem = origin.problem(("doctrine", 0), "la page n'existe pas", Severity.WARNING)
    assert problem.format() == (
        f"episodes/02-les-enjeux.yml:{line}:3: doctrine[1]: avertissement : la page n'existe pas"
    )
    assert origin.document.data["slug"] == "un-episode"


def test_the_origin_keeps_what_was_read_beside_the_episode(tmp_path: Path):
    root = tmp_path.resolve()
    captions = add_captions(root)
    path = write_episode(root / "episodes", captions=[captions], transcript={"text": "Bonjour."})
    episode, problems = load_episode(path, root)
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    origin = episode.origin
    assert (
        origin.side_files[("captions", 0, "src")]
        == root / "episodes" / "media" / "sous-titres.fr.vtt"
    )
    assert origin.cues == [(0.0, "Bonjour et bienvenue."), (4.0, "Parlons de la vidéo sobre.")]
    assert origin.transcript_markdown == "Bonjour."


def test_an_origin_read_from_a_page_s_front_matter_shifts_its_lines(tmp_path: Path):
    # Built by hand, as another reader (a page's front matter) would build it.
    located = Located("docs/doctrine/rgesn.md", parse_yaml("title: A\nthemes:\n  - x\n"), 1)
    origin = Origin(tmp_path / "docs" / "doctrine" / "rgesn.md", located, {}, None)
    assert origin.display == "docs/doctrine/rgesn.md"
    assert origin.problem(("themes", 0), "thème inconnu").format() == (
        "docs/doctrine/rgesn.md:4:5: themes[1]: thème inconnu"
    )
    assert origin.cues == []
