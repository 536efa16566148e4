"""The podcast's cover, made from any image: square, JPEG or PNG, 1400 px, cached."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from mkdocs_episodes.build.cover import COVER_SIDE, ImageError, podcast_cover


def image_bytes(size: tuple[int, int], colour: str, kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, kind)
    return buffer.getvalue()


def test_a_wide_poster_is_fitted_whole_into_the_square_on_its_edge_colour(tmp_path: Path):
    cover = podcast_cover(image_bytes((1280, 720), "#000091"), tmp_path)
    with Image.open(cover.path) as made:
        assert {"JPEG": "jpg", "PNG": "png"}[made.format] == cover.suffix
        assert made.size == (COVER_SIDE, COVER_SIDE) and made.mode == "RGB"
        rgb = made.convert("RGB")
        # The bands above and below take the poster's own colour: no white frame.
        for point in ((5, 5), (700, 700), (1390, 1390)):
            assert all(
                abs(a - b) < 8 for a, b in zip(rgb.getpixel(point), (0, 0, 145), strict=True)
            )


def test_an_unchanged_image_is_not_made_again(tmp_path: Path):
    data = image_bytes((300, 300), "#e1000f", "JPEG")
    first = podcast_cover(data, tmp_path)
    stamp = first.path.stat().st_mtime_ns
    again = podcast_cover(data, tmp_path)
    assert again == first and again.path.stat().st_mtime_ns == stamp
    assert podcast_cover(image_bytes((300, 300), "#ffffff"), tmp_path).digest != first.digest


def test_a_broken_image_is_said_in_french(tmp_path: Path):
    with pytest.raises(ImageError, match="image illisible"):
        podcast_cover(b"\x89PNG\r\n\x1a\n abimee", tmp_path)
