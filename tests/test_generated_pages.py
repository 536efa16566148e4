"""Generated pages of the same Markdown share one conversion (GeneratedPage), unless the
HTML would depend on where the page is."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files

from mkdocs_episodes.adapter.pages import GeneratedPage


def _render(project: Path, texts: dict[str, str]) -> dict[str, str]:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    converted: dict[str, object] = {}
    files = Files([File("doctrine/rgesn.md", str(project / "docs"), config.site_dir, True)])
    pages = []
    for uri, text in texts.items():
        file = File(uri, None, config.site_dir, config.use_directory_urls)
        file.content_string = text
        files.append(file)
        pages.append(GeneratedPage(file, config, converted))
    html = {}
    for page in pages:
        page.read_source(config)
        page.render(config, files)
        html[page.file.src_uri] = page.content or ""
    return html


def test_a_text_with_a_link_is_converted_for_each_page(site_copy: Path, monkeypatch, caplog):
    monkeypatch.chdir(site_copy)
    text = "Voir [la doctrine](../../doctrine/rgesn.md).\n"
    html = _render(site_copy, {"themes/a/index.md": text, "themes/a/page/2/index.md": text})
    # The same Markdown in two places: the link resolves from the first page only, and
    # the second is not handed the first one's HTML.
    assert 'href="../../doctrine/rgesn/"' in html["themes/a/index.md"]
    assert 'href="../../doctrine/rgesn.md"' in html["themes/a/page/2/index.md"]
    assert "'themes/a/page/2/index.md' contains a link" in caplog.text


def test_pages_of_the_same_heading_get_the_same_html_and_anchors(site_copy: Path, monkeypatch):
    monkeypatch.chdir(site_copy)
    text = "## Transcription\n\n<!-- episodes:transcription -->\n"
    html = _render(site_copy, {"episodes/a/index.md": text, "episodes/b/index.md": text})
    assert html["episodes/a/index.md"] == html["episodes/b/index.md"]
    assert '<h2 id="transcription">' in html["episodes/b/index.md"]


def test_notes_that_take_too_long_to_render_stop_the_build_naming_their_file(
    site_copy: Path, monkeypatch
):
    from mkdocs.exceptions import PluginError

    from mkdocs_episodes.adapter import pages

    monkeypatch.chdir(site_copy)
    monkeypatch.setattr(pages, "NOTES_SECONDS", 0.05)
    config = load_config(str(site_copy / "mkdocs.yml"), site_dir=str(site_copy / "site"))
    file = File("episodes/lent/index.md", None, config.site_dir, True)
    # Accepted by the limits, but longer to render than the (shrunk) budget.
    file.content_string = "Un *texte* [long](https://example.org) ?\n\n" * 3000
    page = GeneratedPage(file, config, {}, "episodes/09-lent.yml")
    page.read_source(config)
    with pytest.raises(PluginError, match=r"episodes/09-lent.yml : le rendu des notes dépasse"):
        page.render(config, Files([file]))


def test_a_transcript_over_its_budget_is_a_build_error_naming_the_episode(site_copy: Path):
    from mkdocs.exceptions import PluginError

    from mkdocs_episodes.adapter.content import episode_body
    from mkdocs_episodes.adapter.pages import TRANSCRIPT_MARKER
    from mkdocs_episodes.core.loader import load_episode
    from mkdocs_episodes.core.time_budget import TimeBudgetExceeded

    episode, _ = load_episode(site_copy / "episodes" / "hors-serie-demo-video-sobre.yml", site_copy)
    assert episode is not None

    class Late:
        def transcript(self, slug: str) -> str:
            raise TimeBudgetExceeded("le rendu de la transcription dépasse 30 s")

    view = type("View", (), {"slug": episode.slug, "episode": episode})()
    with pytest.raises(
        PluginError, match=r"episodes/hors-serie-demo-video-sobre.yml : transcript :"
    ):
        episode_body(view, f"<p>notes</p>{TRANSCRIPT_MARKER}", Late())  # type: ignore[arg-type]
