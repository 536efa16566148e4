"""A transcript that follows the video: each paragraph knows when it is spoken.

Times come from the captions: a paragraph starts with the first caption cue whose words
open it. Times go on the paragraphs themselves (not one element per cue), each with a
link that seeks the player; chapter headings are placed before the paragraph in which
each chapter starts, so that a search result in a transcript can point at its chapter.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from mkdocs_episodes.core.timecode import clock

_WORD = re.compile(r"\w+", re.UNICODE)
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


@dataclass(frozen=True)
class ChapterMark:
    start: int
    title: str
    anchor: str


def _words(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(html.unescape(re.sub(r"<[^>]+>", " ", text)))]


def paragraph_starts(paragraphs: list[str], cues: list[tuple[float, str]]) -> list[float | None]:
    """For each paragraph (HTML), the start of the cue where its first words are spoken."""
    stream: list[tuple[str, float]] = [(w, start) for start, text in cues for w in _words(text)]
    words_only = [word for word, _ in stream]
    starts: list[float | None] = []
    position = 0
    for paragraph in paragraphs:
        opening = _words(paragraph)[:4]
        found = None
        if opening:
            for index in range(position, len(stream) - len(opening) + 1):
                if words_only[index : index + len(opening)] == opening:
                    found = index
                    break
        if found is None:
            starts.append(None)
            continue
        starts.append(stream[found][1])
        position = found + len(opening)
    return starts


def annotate(body: str, cues: list[tuple[float, str]], chapters: list[ChapterMark]) -> str:
    """Add times and chapter headings to the transcript part of an episode page's body.

    `body` is the episode's rendered Markdown; the transcript follows the heading
    `<h2 id="transcription">`.
    """
    marker = re.search(r'<h2 id="transcription">.*?</h2>', body, re.S)
    if marker is None or not cues:
        return body
    head, transcript = body[: marker.end()], body[marker.end() :]
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
            f'<a href="#t={mark.start}" data-ep-seek="{mark.start}">{clock(mark.start)}</a> '
            f"{html.escape(mark.title)}</h3>"
            for mark in headings.get(index, [])
        )
        if start is None:
            return before + match.group(0)
        second = int(start)
        stamp = (
            f'<a class="ep-stamp" href="#t={second}" data-ep-seek="{second}" '
            f'aria-label="Lire à partir de {clock(second)}">{clock(second)}</a> '
        )
        return f'{before}<p data-start="{start:g}">{stamp}{match.group(1)}</p>'

    return head + _PARAGRAPH.sub(rewrite, transcript)
