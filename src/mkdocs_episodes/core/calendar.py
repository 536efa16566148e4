"""Publication dates are French dates: an episode goes live at midnight in Paris.

The time zone database is used when the machine has it; otherwise the European rule
(UTC+1, UTC+2 from the last Sunday of March to the last Sunday of October, changing
at 01:00 UTC) gives the same answer, so that a build machine without tz data does not
publish a day late (the daily publication runs at 00:05 in Paris, 23:05 UTC)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _last_sunday(year: int, month: int) -> dt.date:
    last = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)


def paris_offset(moment: dt.datetime) -> dt.timedelta:
    """Paris' offset from UTC at a UTC moment, by the European rule."""
    year = moment.year
    summer_starts = dt.datetime.combine(_last_sunday(year, 3), dt.time(1), dt.UTC)
    summer_ends = dt.datetime.combine(_last_sunday(year, 10), dt.time(1), dt.UTC)
    return dt.timedelta(hours=2 if summer_starts <= moment < summer_ends else 1)


def paris_today(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Paris; `now` is a UTC moment (the clock's by default)."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    try:
        return moment.astimezone(ZoneInfo("Europe/Paris")).date()
    except ZoneInfoNotFoundError:
        return (moment + paris_offset(moment)).date()


def paris_midnight(day: dt.date) -> dt.datetime:
    """The moment an episode dated `day` goes live: midnight in Paris, with its offset
    (search engines want a time and a zone, not a bare date)."""
    try:
        return dt.datetime.combine(day, dt.time(0), ZoneInfo("Europe/Paris"))
    except ZoneInfoNotFoundError:
        # Midnight in Paris is 22:00 or 23:00 UTC the day before: that moment's offset.
        guess = dt.datetime.combine(day, dt.time(0), dt.UTC) - dt.timedelta(hours=1)
        offset = paris_offset(guess)
        return dt.datetime.combine(day, dt.time(0), dt.timezone(offset))
