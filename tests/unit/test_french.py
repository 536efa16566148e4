"""Dates and sizes written as the French administration writes them, whatever the locale."""

from __future__ import annotations

import datetime as dt
import locale

import pytest

from mkdocs_episodes.core.french import MONTHS, file_size, long_date


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2024, 7, 1), "1er juillet 2024"),
        (dt.date(2024, 8, 20), "20 août 2024"),
        (dt.date(2025, 2, 2), "2 février 2025"),
        (dt.date(2023, 12, 31), "31 décembre 2023"),
    ],
)
def test_long_dates(day, text):
    assert long_date(day) == text


def test_dates_ignore_the_machine_s_locale():
    previous = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, "C")
        assert long_date(dt.date(2024, 5, 14)) == "14 mai 2024"
    finally:
        locale.setlocale(locale.LC_TIME, previous)
    assert len(MONTHS) == 12


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 octets"),
        (999, "999 octets"),
        (1000, "1 ko"),
        (312_400, "312 ko"),
        (1_420_000, "1,4 Mo"),
        (48_000_000, "48,0 Mo"),
    ],
)
def test_file_sizes_use_a_decimal_comma(size, text):
    assert file_size(size) == text
