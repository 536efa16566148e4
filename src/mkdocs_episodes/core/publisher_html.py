"""Raw HTML in what publishers write, judged before publication: whatever the sanitiser
would remove because it could run script, frame a page or post a form is reported with
its file and line (the pages of docs/, an episode's notes and transcript), so that a
pull request never carries it silently."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs_episodes.core.gate import GateError, read_text
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.problems import Problem, display_path
from mkdocs_episodes.core.reader import MAX_TEXT_BYTES
from mkdocs_episodes.core.sanitize import unsafe_html
from mkdocs_episodes.core.text import side_text_problem


def page_problems(path: Path, root: Path) -> list[Problem]:
    """A Markdown page of docs/, front matter and body (a file the gate refuses is
    reported by the gate's own check)."""
    try:
        text = read_text(path, root, MAX_TEXT_BYTES)
    except GateError:
        return []
    shown = display_path(path, root)
    # Work without bound first (MkDocs renders the page with Python-Markdown; the HTML
    # search below is itself slow on some inputs): such a page is refused as it is.
    if problem := side_text_problem(text, markdown=True):
        return [Problem(shown, 1, 1, "", problem)]
    return [
        Problem(shown, line, column, "", message) for line, column, message in unsafe_html(text)
    ]


def _text_start(episode: Episode, loc: tuple[str, ...]) -> tuple[int, int]:
    """Where a text field's value starts in the episode file: on the key's line, or on
    the next one for a block (`notes: |`)."""
    line, column = episode.origin.located.position(loc)
    try:
        written = episode.origin.path.read_text(encoding="utf-8-sig").splitlines()[line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return line, column
    return (
        (line + 1, column) if re.search(r":\s*[|>][-+0-9]*\s*(#.*)?$", written) else (line, column)
    )


def episode_problems(episode: Episode, root: Path) -> list[Problem]:
    """An episode's notes (placed at their field) and transcript (its file's own lines,
    or the field when written in the YAML)."""
    problems = []
    origin = episode.origin
    found = unsafe_html(episode.notes or "")
    if found:
        line, column = _text_start(episode, ("notes",))
        problems += [
            Problem(origin.display, line + offset - 1, column, "notes", message)
            for offset, _column, message in found
        ]
    transcript = episode.transcript
    if transcript and transcript.file and ("transcript", "file") in origin.side_files:
        source = origin.side_files[("transcript", "file")]
        problems += [
            Problem(display_path(source, root), line, column, "", message)
            for line, column, message in unsafe_html(origin.transcript_markdown or "")
        ]
    elif transcript and transcript.text and (found := unsafe_html(transcript.text)):
        line, column = _text_start(episode, ("transcript", "text"))
        problems += [
            Problem(origin.display, line + offset - 1, column, "transcript.text", message)
            for offset, _column, message in found
        ]
    return problems
