"""Posters at the sizes pages need: WebP variants made once from one source image.

Variants are cached by the source's content, so an unchanged poster is never
re-encoded between builds (nor between `mkdocs serve` rebuilds).
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

# Card thumbnails (320, 640 for dense screens) and the player's poster (960, 1280).
POSTER_WIDTHS = (320, 640, 960, 1280)
# Bump when the encoding settings change, so that cached files are remade.
_ENCODING = "webp-q72-or-lossless-m4-v3"


@dataclass(frozen=True)
class Variant:
    path: Path
    width: int
    height: int


class ImageError(Exception):
    pass


def poster_variants(source: Path, cache_dir: Path) -> list[Variant]:
    """WebP variants of `source`, narrowest first, never wider than the source."""
    data = source.read_bytes()
    digest = hashlib.sha256(data + _ENCODING.encode()).hexdigest()[:20]
    # The source's size is cached too: an unchanged poster is not even decoded again.
    sizes = cache_dir / f"{digest}.json"
    if sizes.is_file():
        width, height = json.loads(sizes.read_text(encoding="utf-8"))
        variants = [
            Variant(cache_dir / f"{digest}-{w}.webp", w, round(height * w / width))
            for w in _widths(width)
        ]
        if all(v.path.is_file() for v in variants):
            return variants
    # Imported only to encode: a build whose posters are all cached never needs it, and
    # Pillow takes a twentieth of a second to import, before the first page.
    from PIL import Image

    try:
        with Image.open(source) as image:
            image.load()
            width, height = image.size
            variants = []
            for target in _widths(width):
                target_height = round(height * target / width)
                path = cache_dir / f"{digest}-{target}.webp"
                if not path.is_file():
                    cache_dir.mkdir(parents=True, exist_ok=True)
                    resized = image.convert("RGB").resize(
                        (target, target_height), Image.Resampling.LANCZOS
                    )
                    path.with_suffix(".tmp").write_bytes(_smallest_webp(resized))
                    path.with_suffix(".tmp").replace(path)
                variants.append(Variant(path, target, target_height))
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ImageError(f"image illisible ({error})") from None
    sizes.write_text(json.dumps([width, height]), encoding="utf-8")
    return variants


def _widths(width: int) -> list[int]:
    return [w for w in POSTER_WIDTHS if w < width] + [min(width, POSTER_WIDTHS[-1])]


def _smallest_webp(image: Image.Image) -> bytes:
    """Lossy suits photographs, lossless suits flat title cards: keep the lighter."""
    encoded = []
    # Effort settings past these cost seconds per image for a few hundred bytes.
    for options in ({"quality": 72, "method": 4}, {"lossless": True, "quality": 60, "method": 4}):
        buffer = io.BytesIO()
        image.save(buffer, "WEBP", **options)
        encoded.append(buffer.getvalue())
    return min(encoded, key=len)
