"""Publication days are Paris days, with or without the machine's time zone data."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from mkdocs_episodes.core import calendar

# The daily publication runs at 23:05 UTC: already the next day in Paris, all year.
MOMENTS = [
    (dt.datetime(2026, 1, 15, 23, 5, tzinfo=dt.UTC), dt.date(2026, 1, 16)),
    (dt.datetime(2026, 7, 20, 23, 5, tzinfo=dt.UTC), dt.date(2026, 7, 21)),
    (dt.datetime(2026, 7, 20, 21, 59, tzinfo=dt.UTC), dt.date(2026, 7, 20)),
    (dt.datetime(2026, 7, 20, 22, 0, tzinfo=dt.UTC), dt.date(2026, 7, 21)),
    # Around the changes of 2026 (29 March and 25 October, at 01:00 UTC).
    (dt.datetime(2026, 3, 28, 23, 0, tzinfo=dt.UTC), dt.date(2026, 3, 29)),
    (dt.datetime(2026, 3, 29, 22, 30, tzinfo=dt.UTC), dt.date(2026, 3, 30)),
    (dt.datetime(2026, 10, 24, 22, 30, tzinfo=dt.UTC), dt.date(2026, 10, 25)),
    (dt.datetime(2026, 10, 25, 22, 30, tzinfo=dt.UTC), dt.date(2026, 10, 25)),
    (dt.datetime(2026, 10, 25, 23, 0, tzinfo=dt.UTC), dt.date(2026, 10, 26)),
]


@pytest.mark.parametrize(("now", "day"), MOMENTS)
def test_paris_day_with_the_time_zone_database(now, day):
    assert calendar.paris_today(now) == day


@pytest.mark.parametrize(("now", "day"), MOMENTS)
def test_paris_day_without_time_zone_data_is_the_same(monkeypatch, now, day):
    def missing(key: str) -> zoneinfo.ZoneInfo:
        raise zoneinfo.ZoneInfoNotFoundError(key)

    monkeypatch.setattr(calendar, "ZoneInfo", missing)
    assert calendar.paris_today(now) == day


def test_the_european_rule_agrees_with_the_database_every_hour_of_two_years():
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    moment = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    while moment.year < 2027:
        assert calendar.paris_offset(moment) == moment.astimezone(paris).utcoffset(), moment
        moment += dt.timedelta(minutes=30)
