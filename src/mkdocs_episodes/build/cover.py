"""The podcast's cover as podcast apps require it: square, JPEG or PNG, 1400 to 3000 px
(Apple's rule; Spotify and the others take the same). Made once from one source image
and cached by its content, like the posters.

The source is fitted whole into the square (never cropped: a title or a logo would lose
its edges), on a background of the colour of its own edges.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs_episodes.build.images import CacheError, ImageError, store

if TYPE_CHECKING:
    from PIL import Image

# Apple's smallest accepted side: the lightest cover every app takes.
COVER_SIDE = 1400
# Bump when the making changes, so that cached covers are remade.
_MAKING = "cover-fit-1400-jpeg-q85-or-png-v1"


@dataclass(frozen=True)
class Cover:
    path: Path
    suffix: str  # "jpg" or "png"
    digest: str


def podcast_cover(data: bytes, cache_dir: Path) -> Cover:
    """The square cover made from the image `data` (read through the gate), from the
    cache when the image is unchanged."""
    digest = hashlib.sha256(data + _MAKING.encode()).hexdigest()[:10]
    for suffix in ("jpg", "png"):
        cached = cache_dir / f"couverture-{digest}.{suffix}"
        if cached.is_file():
            return Cover(cached, suffix, digest)
    # Imported only to make a cover, as for the posters.
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            picture = image.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ImageError(f"image illisible ({error})") from None
    square = _fitted(picture)
    # Photographs are lighter as JPEG, flat title cards as PNG: keep the lighter.
    encoded = {}
    for suffix, kind, options in (
        ("jpg", "JPEG", {"quality": 85, "optimize": True, "progressive": True}),
        ("png", "PNG", {"optimize": True}),
    ):
        buffer = io.BytesIO()
        square.save(buffer, kind, **options)
        encoded[suffix] = buffer.getvalue()
    suffix = min(encoded, key=lambda s: len(encoded[s]))
    path = cache_dir / f"couverture-{digest}.{suffix}"
    store(path, encoded[suffix])
    return Cover(path, suffix, digest)


def _fitted(picture: Image.Image) -> Image.Image:
    from PIL import Image

    width, height = picture.size
    scale = COVER_SIDE / max(width, height)
    inner = picture.resize(
        (max(1, round(width * scale)), max(1, round(height * scale))), Image.Resampling.LANCZOS
    )
    square = Image.new("RGB", (COVER_SIDE, COVER_SIDE), _edge_colour(picture))
    square.paste(inner, ((COVER_SIDE - inner.width) // 2, (COVER_SIDE - inner.height) // 2))
    return square


def _edge_colour(picture: Image.Image) -> tuple[int, int, int]:
    """The median colour of the image's first and last rows and columns."""
    width, height = picture.size
    pixels = picture.load()
    assert pixels is not None
    edge = [pixels[x, y] for x in range(width) for y in (0, height - 1)]
    edge += [pixels[x, y] for y in range(height) for x in (0, width - 1)]
    channels = list(zip(*edge, strict=True))
    return tuple(sorted(channel)[len(channel) // 2] for channel in channels)  # type: ignore[return-value]


__all__ = ["COVER_SIDE", "CacheError", "Cover", "ImageError", "podcast_cover"]
