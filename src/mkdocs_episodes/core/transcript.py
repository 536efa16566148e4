"""A transcript that follows the video: each paragraph knows when it is spoken.

Times come from the captions: a paragraph starts with the first caption cue whose words
open it. Times go on the paragraphs themselves (not one element per cue), each with a
link that seeks the player; chapter headings are placed before the paragraph in which
each chapter starts, so that a search result in a transcript can point at its chapter.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass

from markdown_it import MarkdownIt

from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.origin import Cue
from mkdocs_episodes.core.sanitize import sanitize_html
from mkdocs_episodes.core.timecode import clock

_WORD = re.compile(r"\w+", re.UNICODE)
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")
# Transcripts are the bulk of a series' text (some 10 KB per ten-minute episode) and
# plain prose: one CommonMark converter, made once, renders them several times faster
# than a Python-Markdown converter per page. Raw HTML is kept for the sanitiser to judge.
_MARKDOWN = MarkdownIt("commonmark")
# Enough of a paragraph's opening to hold its first words, even behind a link.
_OPENING_CHARS = 400


@dataclass(frozen=True)
class ChapterMark:
    start: int
    title: str
    anchor: str


# What rendering a transcript takes: its Markdown, its first captions' cues and its
# chapters; plain data, so that a worker process can do it.
TranscriptJob = tuple[str, list[Cue], list[ChapterMark]]


def transcript_job(episode: Episode) -> TranscriptJob:
    """An episode's transcript job, with the anchors its page gives the chapters."""
    chapters = [
        ChapterMark(chapter.start, chapter.title, f"chapitre-{number}")
        for number, chapter in enumerate(episode.chapters, start=1)
    ]
    return (episode.transcript_markdown or "", episode.origin.cues, chapters)


def transcript_html(markdown: str, cues: list[Cue], chapters: list[ChapterMark]) -> str:
    """A transcript as published: CommonMark, cleaned, timed from the captions."""
    html = sanitize_html(render(markdown))
    return annotate(html, cues, chapters) if cues else html


def _words(text: str) -> list[str]:
    # Called for every cue and paragraph: skip the markup passes when there is none.
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return _WORD.findall(text.lower())


def _opening(paragraph: str, count: int = 4) -> list[str]:
    words = _words(paragraph[:_OPENING_CHARS])
    if len(words) < count and len(paragraph) > _OPENING_CHARS:
        words = _words(paragraph)
    return words[:count]


def paragraph_starts(paragraphs: list[str], cues: list[tuple[float, str]]) -> list[float | None]:
    """For each paragraph (HTML), the start of the cue where its first words are spoken."""
    # The spoken words as one string, " word word … ", searched in C by `str.find`;
    # `offsets[i]` is where cue `times[i]` begins in it.
    spoken = [" "]
    offsets: list[int] = []
    times: list[float] = []
    length = 1
    for start, text in cues:
        words = _words(text)
        if not words:
            continue
        offsets.append(length)
        times.append(start)
        part = " ".join(words) + " "
        spoken.append(part)
        length += len(part)
    stream = "".join(spoken)
    starts: list[float | None] = []
    position = 0
    for paragraph in paragraphs:
        opening = _opening(paragraph)
        needle = " " + " ".join(opening) + " "
        found = stream.find(needle, position) if opening else -1
        if found < 0:
            starts.append(None)
            continue
        starts.append(times[bisect_right(offsets, found + 1) - 1])
        # The next paragraph may start with the space that ends this one's opening.
        position = found + len(needle) - 1
    return starts


def render(text: str) -> str:
    """A transcript's Markdown as HTML (CommonMark)."""
    return _MARKDOWN.render(text)


def annotate(transcript: str, cues: list[tuple[float, str]], chapters: list[ChapterMark]) -> str:
    """Add times and chapter headings to a transcript's HTML."""
    if not cues:
        return transcript
    paragraphs = _PARAGRAPH.findall(transcript)
    starts = paragraph_starts(paragraphs, cues)
    timed = [(s, i) for i, s in enumerate(starts) if s is not None]
    # Each chapter goes before the last paragraph that starts at or before it.
    headings: dict[int, list[ChapterMark]] = {}
    for chapter in chapters:
        candidates = [i for s, i in timed if s <= chapter.start + 1]
        if candidates:
            headings.setdefault(candidates[-1], []).append(chapter)
    counter = iter(range(len(paragraphs)))

    def rewrite(match: re.Match[str]) -> str:
        index = next(counter)
        start = starts[index]
        before = "".join(
            f'<h3 id="{mark.anchor}" class="ep-transcript-chapter">'
            f'<a href="#t={mark.start}">{clock(mark.start)}</a> '
            f"{html.escape(mark.title)}</h3>"
            for mark in headings.get(index, [])
        )
        if start is None:
            return before + match.group(0)
        second = int(start)
        stamp = (
            f'<a class="ep-stamp" href="#t={second}" '
            f'aria-label="Lire à partir de {clock(second)}">{clock(second)}</a> '
        )
        return f'{before}<p data-start="{start:g}">{stamp}{match.group(1)}</p>'

    return _PARAGRAPH.sub(rewrite, transcript)
