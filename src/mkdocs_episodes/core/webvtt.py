"""A structural check of WebVTT captions, so that a broken file fails before publication."""

from __future__ import annotations

import re

_TIMING = re.compile(
    r"^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})\s+-->\s+(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
    r"(?:\s+.*)?$"
)


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def check_webvtt(text: str) -> str | None:
    """None when `text` is well-formed WebVTT, else a French description of the first fault."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        return "fichier WebVTT invalide : la première ligne doit être « WEBVTT »"
    cues = 0
    for number, line in enumerate(lines, start=1):
        if "-->" not in line:
            continue
        match = _TIMING.match(line.strip())
        if not match:
            return (
                f"fichier WebVTT invalide ligne {number} : horodatage attendu au format "
                "« 00:01:02.500 --> 00:01:05.000 »"
            )
        parts = match.groups()
        start, end = _seconds(*parts[:4]), _seconds(*parts[4:])
        if end <= start:
            return f"fichier WebVTT invalide ligne {number} : la fin précède le début"
        cues += 1
    if cues == 0:
        return "fichier WebVTT sans aucun sous-titre"
    return None


def parse_cues(text: str) -> list[tuple[float, str]]:
    """The start time and text of each cue of a well-formed WebVTT file."""
    cues: list[tuple[float, str]] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    index = 0
    while index < len(lines):
        match = _TIMING.match(lines[index].strip())
        index += 1
        if not match:
            continue
        body = []
        while index < len(lines) and lines[index].strip():
            body.append(re.sub(r"<[^>]+>", "", lines[index]))
            index += 1
        cues.append((_seconds(*match.groups()[:4]), " ".join(body)))
    return cues
