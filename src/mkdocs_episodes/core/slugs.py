"""URL slugs from French titles: ASCII, lower case, stable."""

from __future__ import annotations

import re
import unicodedata

# Ligatures that NFKD leaves alone but that French titles use.
_LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"}


def slugify(title: str, max_length: int = 60) -> str:
    """`Administrations, comment financer vos projets ? (FTAP)` → `administrations-comment-financer-vos-projets-ftap`."""
    text = "".join(_LIGATURES.get(char, char) for char in title)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or "episode"
