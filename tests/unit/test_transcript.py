"""A transcript that follows the video: paragraphs timed from the captions, chapters
placed before the paragraph where they start, publishers' HTML cleaned."""

from __future__ import annotations

from pathlib import Path

from mkdocs_episodes.core.loader import load_episode
from mkdocs_episodes.core.transcript import (
    ChapterMark,
    annotate,
    paragraph_starts,
    render,
    transcript_html,
    transcript_job,
)

from .factory import add_captions, add_episode

MARKDOWN = (
    "Bonjour et bienvenue dans cet épisode.\n\n"
    "Parlons de la **vidéo sobre**, enfin.\n\n"
    "<script>alert('x')</script>\n\n"
    "Un paragraphe jamais prononcé.\n"
)
CUES = [
    (0.0, "Bonjour et bienvenue"),
    (3.5, "dans cet épisode."),
    (7.25, "Parlons de <i>la</i> vidéo"),
    (9.0, "sobre, enfin."),
]


def test_paragraphs_are_timed_by_the_cue_where_their_first_words_are_spoken():
    html = transcript_html(MARKDOWN, CUES, [])
    assert (
        '<p data-start="0"><a class="ep-stamp" href="#t=0" aria-label="Lire à partir de 00:00">'
        "00:00</a> Bonjour et bienvenue dans cet épisode.</p>"
    ) in html
    assert '<p data-start="7.25"><a class="ep-stamp" href="#t=7"' in html
    # Not found in the captions: left as it is, without a time.
    assert "<p>Un paragraphe jamais prononcé.</p>" in html


def test_publisher_scripts_never_reach_the_transcript():
    html = transcript_html(MARKDOWN, CUES, [])
    assert "<script" not in html
    assert "alert" not in html
    assert "<strong>vidéo sobre</strong>" in html


def test_chapter_headings_go_before_the_paragraph_they_start_in():
    chapters = [
        ChapterMark(0, "Introduction", "chapitre-1"),
        ChapterMark(7, "La <vidéo>", "chapitre-2"),
    ]
    html = transcript_html(MARKDOWN, CUES, chapters)
    second = html.index('<h3 id="chapitre-2"')
    assert html.index('<h3 id="chapitre-1"') < html.index("Bonjour") < second
    assert second < html.index("Parlons")
    # A chapter title is text, escaped.
    assert '<a href="#t=7">00:07</a> La &lt;vidéo&gt;</h3>' in html


def test_without_captions_the_transcript_is_only_rendered_and_cleaned():
    assert transcript_html("Un *mot*.\n", [], []) == "<p>Un <em>mot</em>.</p>\n"
    assert annotate("<p>Un mot.</p>", [], [ChapterMark(0, "A", "a")]) == "<p>Un mot.</p>"


def test_paragraphs_are_matched_in_order_even_behind_a_link():
    paragraphs = ['<a href="/x/">Parlons</a> de la vidéo', "Bonjour et bienvenue"]
    # The second paragraph's words come earlier in the captions: not matched backwards.
    assert paragraph_starts(paragraphs, CUES) == [7.25, None]


def test_markdown_is_commonmark_without_javascript_links():
    assert render("[Lien](javascript:alert(1))") == "<p>[Lien](javascript:alert(1))</p>\n"


def test_an_episode_s_job_holds_its_transcript_cues_and_chapter_anchors(tmp_path: Path):
    root = tmp_path.resolve()
    path = add_episode(
        root,
        1,
        "premier",
        captions=[add_captions(root)],
        chapters=[{"start": 0, "title": "Début"}, {"start": 4, "title": "Suite"}],
        transcript={"text": "Bonjour et bienvenue.\n\nParlons de la vidéo sobre."},
    )
    episode, _ = load_episode(path, root)
    markdown, cues, chapters = transcript_job(episode)
    assert markdown.startswith("Bonjour et bienvenue.")
    assert cues[1] == (4.0, "Parlons de la vidéo sobre.")
    assert [mark.anchor for mark in chapters] == ["chapitre-1", "chapitre-2"]
    html = transcript_html(markdown, cues, chapters)
    assert '<h3 id="chapitre-2" class="ep-transcript-chapter">' in html
    assert '<p data-start="4">' in html
