"""Times as publishers write them and as players and search engines show them.

(tests/test_timecode.py covers the common forms; these are the edges.)"""

from __future__ import annotations

import pytest

from mkdocs_episodes.core.timecode import clock, iso_duration, parse_timecode, spoken_duration


@pytest.mark.parametrize(
    ("written", "seconds"),
    [(" 2:15 ", 135), ("0:00", 0), ("59:59", 3599), ("10:00:00", 36000), ("007", 7)],
)
def test_written_times(written, seconds):
    assert parse_timecode(written) == seconds


@pytest.mark.parametrize("written", ["2:60", "60:00:1", "1:2:3", "", "-1:00", None, 1.0])
def test_impossible_times_are_refused_with_an_example(written):
    with pytest.raises(ValueError, match=r"« 2:15 »"):
        parse_timecode(written)


def test_negative_seconds_are_refused():
    with pytest.raises(ValueError, match="une durée ne peut pas être négative"):
        parse_timecode(-1)


@pytest.mark.parametrize(
    ("seconds", "shown", "iso", "spoken"),
    [
        (0, "00:00", "PT0S", "0 s"),
        (59, "00:59", "PT59S", "59 s"),
        (3600, "1:00:00", "PT1H", "1 h"),
        (3661, "1:01:01", "PT1H1M1S", "1 h 1 min 1 s"),
        (36000, "10:00:00", "PT10H", "10 h"),
    ],
)
def test_times_are_shown_three_ways(seconds, shown, iso, spoken):
    assert (clock(seconds), iso_duration(seconds), spoken_duration(seconds)) == (shown, iso, spoken)
