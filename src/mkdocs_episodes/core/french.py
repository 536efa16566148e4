"""French wording of dates and sizes, independent of the machine's locale."""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def long_date(day: dt.date) -> str:
    """`1er juillet 2024`, `20 juillet 2024`."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def file_size(size: int) -> str:
    """`312 ko`, `1,4 Mo`: sizes as the French administration writes them."""
    if size < 1000:
        return f"{size} octets"
    if size < 1_000_000:
        return f"{round(size / 1000)} ko"
    return f"{size / 1_000_000:.1f} Mo".replace(".", ",")
