"""WebVTT captions read once: checked before publication, timed for the transcript."""

from __future__ import annotations

import re

# ASCII digits only, as WebVTT writes them (`\d` would take any script's digits).
_TIMING = re.compile(
    r"^(?:([0-9]{2,}):)?([0-5][0-9]):([0-5][0-9])\.([0-9]{3})\s+-->\s+"
    r"(?:([0-9]{2,}):)?([0-5][0-9]):([0-5][0-9])\.([0-9]{3})(?:\s+.*)?$"
)
_TAG = re.compile(r"<[^>]+>")


# Minutes, seconds and milliseconds as written: a dictionary finds them faster than
# int() converts them, for the 300,000 timestamps of a thousand episodes.
_SIXTY = {f"{n:02d}": n for n in range(60)}
_MILLIS = {f"{n:03d}": n / 1000 for n in range(1000)}


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return (
        (int(hours) * 3600 if hours else 0)
        + _SIXTY[minutes] * 60
        + _SIXTY[seconds]
        + _MILLIS[millis]
    )


def timestamp(seconds: float) -> str:
    """A WebVTT timestamp, HH:MM:SS.mmm, as captions files are written."""
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


class WebVttError(ValueError):
    """A fault in a captions file, described in French."""


def read_webvtt(text: str) -> list[tuple[float, str]]:
    """The start time and text of each cue; WebVttError names the first fault.

    One pass serves both the check before publication and the transcript's timing.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise WebVttError("fichier WebVTT invalide : la première ligne doit être « WEBVTT »")
    cues: list[tuple[float, str]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if "-->" not in line:
            continue
        match = _TIMING.match(line.strip())
        if not match:
            raise WebVttError(
                f"fichier WebVTT invalide ligne {index} : horodatage attendu au format "
                "« 00:01:02.500 --> 00:01:05.000 »"
            )
        parts = match.groups()
        start, end = _seconds(*parts[:4]), _seconds(*parts[4:])
        if end <= start:
            raise WebVttError(f"fichier WebVTT invalide ligne {index} : la fin précède le début")
        body = []
        while index < len(lines) and lines[index].strip() and "-->" not in lines[index]:
            text_line = lines[index]
            body.append(_TAG.sub("", text_line) if "<" in text_line else text_line)
            index += 1
        cues.append((start, " ".join(body)))
    if not cues:
        raise WebVttError("fichier WebVTT sans aucun sous-titre")
    return cues
