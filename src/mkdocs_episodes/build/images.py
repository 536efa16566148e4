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
    """The poster itself cannot be read: said about the poster."""


class CacheError(Exception):
    """The cache folder cannot be written: said about the folder, never the poster."""


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
                    resized = image.convert("RGB").resize(
                        (target, target_height), Image.Resampling.LANCZOS
                    )
                    store(path, _smallest_webp(resized))
                variants.append(Variant(path, target, target_height))
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ImageError(f"image illisible ({error})") from None
    store(sizes, json.dumps([width, height]).encode())
    return variants


def store(path: Path, data: bytes) -> None:
    """A file of the cache, written whole or not at all."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.with_suffix(".tmp").write_bytes(data)
        path.with_suffix(".tmp").replace(path)
    except OSError as error:
        raise CacheError(
            f"dossier de cache « {path.parent} » impossible à écrire ({error.strerror}) : "
            "vérifiez ses droits, ou choisissez-en un autre (cache_dir dans mkdocs.yml, ou "
            "la variable EPISODES_CACHE_DIR)"
        ) from None


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
