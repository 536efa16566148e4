"""Raw HTML that could run, in what publishers write, is named with its file and line."""

from __future__ import annotations

from helpers import write_episode

from mkdocs_episodes.core.loader import load_episode
from mkdocs_episodes.core.publisher_html import episode_problems, page_problems


def test_a_docs_page_names_each_script_handler_and_javascript_link(tmp_path):
    page = tmp_path / "docs" / "page.md"
    page.parent.mkdir()
    page.write_text(
        "---\ntitle: Page\n---\n\n# Page\n\nTexte <script>alert(1)</script>\n\n"
        "<img src=x onerror=alert(2)>\n[lien](javascript:alert(3))\n"
        "```html\n<script>montré, pas exécuté</script>\n```\n",
        encoding="utf-8",
    )
    problems = [p.format() for p in page_problems(page, tmp_path)]
    assert problems == [
        "docs/page.md:7:7: (fichier): balise <script> retirée à la publication",
        "docs/page.md:9:1: (fichier): attribut onerror (script) retiré à la publication",
        "docs/page.md:10:8: (fichier): lien javascript: retiré à la publication",
    ]


def test_notes_in_a_block_are_placed_on_their_own_line(tmp_path):
    path = write_episode(tmp_path / "episodes")
    path.write_text(
        path.read_text(encoding="utf-8")
        + "notes: |\n  Bonjour.\n  <iframe src=https://x></iframe>\n",
        encoding="utf-8",
    )
    episode, problems = load_episode(path, tmp_path)
    assert episode is not None, problems
    lines = path.read_text(encoding="utf-8").splitlines()
    iframe_line = next(n for n, line in enumerate(lines, 1) if "<iframe" in line)
    (problem,) = episode_problems(episode, tmp_path)
    assert (problem.line, problem.field) == (iframe_line, "notes")
    assert "balise <iframe>" in problem.message


def test_a_transcript_file_is_named_with_its_own_lines(tmp_path):
    path = write_episode(tmp_path / "episodes", transcript={"file": "media/texte.md"})
    (tmp_path / "episodes" / "media" / "texte.md").write_text(
        "Bonjour.\n\n<form action=https://x><input name=mdp></form>\n", encoding="utf-8"
    )
    episode, problems = load_episode(path, tmp_path)
    assert episode is not None, problems
    found = [p.format() for p in episode_problems(episode, tmp_path)]
    assert found[0].startswith("episodes/media/texte.md:3:1: (fichier): balise <form>")


def test_plain_text_is_not_reported(tmp_path):
    path = write_episode(tmp_path / "episodes", notes="Un texte *sobre* avec `<script>` cité.")
    episode, _ = load_episode(path, tmp_path)
    assert episode is not None
    assert episode_problems(episode, tmp_path) == []
