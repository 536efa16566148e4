import pytest

from mkdocs_episodes.core.french import file_size, long_date
from mkdocs_episodes.core.timecode import clock, iso_duration, parse_timecode, spoken_duration


@pytest.mark.parametrize(
    ("written", "seconds"),
    [(135, 135), ("135", 135), ("2:15", 135), ("02:15", 135), ("1:02:15", 3735), (0, 0)],
)
def test_publishers_write_times_in_seconds_or_clock_form(written, seconds):
    assert parse_timecode(written) == seconds


@pytest.mark.parametrize("written", ["2:75", "abc", -3, True, "1:2", 2.5])
def test_unreadable_times_are_refused_in_french(written):
    with pytest.raises(ValueError, match=r"durée|négative"):
        parse_timecode(written)


def test_times_are_shown_as_players_show_them():
    assert clock(135) == "02:15"
    assert clock(3735) == "1:02:15"
    assert iso_duration(272) == "PT4M32S"
    assert iso_duration(3600) == "PT1H"
    assert spoken_duration(272) == "4 min 32 s"
    assert spoken_duration(60) == "1 min"


def test_dates_and_sizes_read_french_whatever_the_locale():
    import datetime as dt

    assert long_date(dt.date(2024, 7, 1)) == "1er juillet 2024"
    assert long_date(dt.date(2024, 8, 20)) == "20 août 2024"
    assert file_size(312_400) == "312 ko"
    assert file_size(1_420_000) == "1,4 Mo"


def test_pagination_window_stays_small_for_long_series():
    from mkdocs_episodes.core.series import page_window

    assert page_window(1, 1) == [1]
    assert page_window(1, 4) == [1, 2, 3, 4]
    assert page_window(50, 167) == [1, None, 48, 49, 50, 51, 52, None, 167]
    assert page_window(167, 167) == [1, None, 165, 166, 167]
