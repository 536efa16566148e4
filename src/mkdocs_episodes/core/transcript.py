"""A transcript that follows the video: each paragraph knows when it is spoken.

Times come from the captions: a paragraph starts with the first caption cue whose words
open it. Times go on the paragraphs themselves (not one element per cue), each with a
link that seeks the player; chapter headings are placed before the paragraph in which
each chapter starts, so that a search result in a transcript can point at its chapter.

Timing takes linear time in the captions and the transcript (each opening is looked up
in an index of the spoken words): a transcript is untrusted input, and 200,000 short
paragraphs that the captions never speak must not cost a scan of the captions each.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from markdown_it import MarkdownIt

from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.origin import Cue
from mkdocs_episodes.core.sanitize import sanitize_html
from mkdocs_episodes.core.text import without_forbidden_characters
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
    html = sanitize_html(render(without_forbidden_characters(markdown)))
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


def _spoken(cues: list[tuple[float, str]]) -> tuple[list[str], list[int], list[float]]:
    """The captions' words in order; `firsts[i]`, the index of the first word of the cue
    that starts at `times[i]`."""
    words: list[str] = []
    firsts: list[int] = []
    times: list[float] = []
    for start, text in cues:
        found = _words(text)
        if found:
            firsts.append(len(words))
            times.append(start)
            words.extend(found)
    return words, firsts, times


def _where_spoken(words: list[str], openings: list[list[str]]) -> dict[tuple[str, ...], list[int]]:
    """For each opening, every index where its words are spoken in a row, in order: one
    pass over the words per opening length (4, or fewer for a short paragraph)."""
    wanted: dict[int, set[tuple[str, ...]]] = {}
    for opening in openings:
        if opening:
            wanted.setdefault(len(opening), set()).add(tuple(opening))
    found: dict[tuple[str, ...], list[int]] = {}
    for count, runs in wanted.items():
        firsts = {run[0] for run in runs}
        last = len(words) - count
        for index in [i for i, word in enumerate(words) if word in firsts and i <= last]:
            run = tuple(words[index : index + count])
            if run in runs:
                found.setdefault(run, []).append(index)
    return found


def paragraph_starts(paragraphs: list[str], cues: list[tuple[float, str]]) -> list[float | None]:
    """For each paragraph (HTML), the start of the cue where its first words are spoken:
    the first place after the previous paragraph's opening where its own is spoken."""
    words, firsts, times = _spoken(cues)
    openings = [_opening(paragraph) for paragraph in paragraphs]
    where = _where_spoken(words, openings)
    starts: list[float | None] = []
    after = 0  # the first word the next paragraph's opening may start at
    for opening in openings:
        positions = where.get(tuple(opening), [])
        found = bisect_left(positions, after)
        if found == len(positions):
            starts.append(None)
            continue
        word = positions[found]
        starts.append(times[bisect_right(firsts, word) - 1])
        after = word + len(opening)
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
    # Each chapter goes before the last paragraph that starts at or before it: timed
    # paragraphs by their start, with the last index among those up to each.
    timed = sorted((s, i) for i, s in enumerate(starts) if s is not None)
    times = [s for s, _i in timed]
    last: list[int] = []
    for _s, i in timed:
        last.append(max(i, last[-1]) if last else i)
    headings: dict[int, list[ChapterMark]] = {}
    for chapter in chapters:
        count = bisect_right(times, chapter.start + 1)
        if count:
            headings.setdefault(last[count - 1], []).append(chapter)
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
