"""The Range header as the preview reads it (RFC 9110, single ranges)."""

from __future__ import annotations

import pytest

from mkdocs_episodes.adapter.ranges import _parse


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=900-5000", (900, 999)),  # past the end: cut at the last byte
        ("bytes=-100", (900, 999)),
        ("bytes=-5000", (0, 999)),  # a suffix longer than the file: all of it
        ("bytes=999-999", (999, 999)),
        ("bytes=1000-", "unsatisfiable"),
        ("bytes=-0", "unsatisfiable"),
        ("bytes=0-9,20-29", None),  # several ranges: the whole file
        ("bytes=20-10", None),  # malformed: ignored
        ("bytes=-", None),
        ("items=0-9", None),
        ("bytes=a-b", None),
    ],
)
def test_a_range_header_is_read_as_the_rfc_says(header, expected):
    assert _parse(header, 1000) == expected


def test_an_empty_file_satisfies_no_range():
    assert _parse("bytes=0-", 0) == "unsatisfiable"
    assert _parse("bytes=-1", 0) == "unsatisfiable"
