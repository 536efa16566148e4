"""Times within an episode: parsed from what publishers write, shown the French way."""

from __future__ import annotations

import re

_CLOCK = re.compile(r"^(?:(\d+):)?([0-5]?\d):([0-5]\d)$")


def parse_timecode(value: object) -> int:
    """Seconds from `135`, `"2:15"`, `"02:15"` or `"1:02:15"`."""
    if isinstance(value, bool):
        raise ValueError("durée attendue en secondes (135) ou en minutes:secondes (« 2:15 »)")
    if isinstance(value, int):
        if value < 0:
            raise ValueError("une durée ne peut pas être négative")
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return int(text)
        match = _CLOCK.match(text)
        if match:
            hours, minutes, seconds = (int(part or 0) for part in match.groups())
            return hours * 3600 + minutes * 60 + seconds
    raise ValueError(
        f"durée illisible « {value} » : attendu des secondes (135) ou "
        "minutes:secondes entre guillemets (« 2:15 », « 1:02:15 »)"
    )


def clock(seconds: int) -> str:
    """`02:15`, or `1:02:15` past an hour: how players show a moment."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def iso_duration(seconds: int) -> str:
    """ISO 8601 duration, as `<time datetime>` and schema.org expect: `PT4M32S`."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = "".join(
        f"{value}{unit}" for value, unit in ((hours, "H"), (minutes, "M"), (secs, "S")) if value
    )
    return f"PT{parts or '0S'}"


def spoken_duration(seconds: int) -> str:
    """`4 min 32 s`: a duration to read, not a position."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours} h")
    if minutes:
        parts.append(f"{minutes} min")
    if secs or not parts:
        parts.append(f"{secs} s")
    return " ".join(parts)
