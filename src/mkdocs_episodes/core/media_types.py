"""What each side file of an episode may be: an allow-list of kinds per field, each kind
known by its extension and by its first bytes; posters within pixel limits and whole.

A pull request is untrusted. Side files are published beside the episode's page under
their own name, so an `.html` "video" would be served as a page of the site, its script
running on the site's domain; a renamed page (`.webm` holding HTML) would be sniffed by
some clients. A poster of 13000 × 13000 pixels fits in a few hundred kilobytes and takes
seconds and gigabytes to resize; a truncated one passes every other check and breaks the
build. So the loader refuses, with the field to fix, any side file whose name and content
do not both say it is what its field expects, and any poster too large or unreadable.
"""

from __future__ import annotations

import importlib
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from mkdocs_episodes.core import urls
from mkdocs_episodes.core.gate import GateError, open_regular
from mkdocs_episodes.core.yaml_source import FieldPath

# Enough for every signature below.
HEAD_BYTES = 64
# Posters are shown at most 1280 pixels wide: anything far larger only costs the build.
MAX_POSTER_SIDE = 4096
MAX_POSTER_PIXELS = 16_000_000
_POSTER_ADVICE = "réduisez l'image à 1920 × 1080 ou 1280 × 720"

# Names the series publishes beside each episode's page (`episodes/<slug>/…`).
RESERVED_NAMES = frozenset({"embed", urls.CHAPTERS_FILE, urls.TRANSCRIPT_FILE})

# What a file's first bytes say it is, as told to a publisher.
_CONTENT = {
    "ebml": "un fichier WebM ou Matroska",
    "ftyp": "un fichier MP4",
    "ogg": "un fichier Ogg",
    "png": "une image PNG",
    "jpeg": "une image JPEG",
    "webp": "une image WebP",
    "id3": "un son MP3",
    "mpeg": "un son MP3",
    "adts": "un son AAC",
    "markup": "du HTML ou du XML",
}


def sniff(head: bytes) -> str | None:
    """The signature the first bytes of a file carry (a key of `_CONTENT`), if known."""
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "ebml"
    if head[4:8] == b"ftyp":  # ISO base media file format: MP4, M4A, M4V
        return "ftyp"
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"ID3"):
        return "id3"
    if len(head) >= 2 and head[0] == 0xFF:
        # ADTS: 12 sync bits, then layer 00; MPEG audio: 11 sync bits, then layer I to III.
        if head[1] & 0xF6 == 0xF0:
            return "adts"
        if head[1] & 0xE0 == 0xE0 and head[1] & 0x06:
            return "mpeg"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "markup"
    return None


@dataclass(frozen=True)
class Kind:
    """One kind of file a field accepts."""

    label: str  # « une vidéo WebM »
    suffixes: tuple[str, ...]
    # Signatures its content may carry; none for text files, which the loader reads.
    signatures: tuple[str, ...] = ()
    mime: str | None = None  # the `type` an episode must declare for it
    image: str | None = None  # Pillow's plugin, for posters


@dataclass(frozen=True)
class Accepted:
    """What a field accepts: its kinds, and how to say so."""

    expected: str  # « une vidéo WebM, MP4 ou Ogg est attendue »
    kinds: tuple[Kind, ...]

    @property
    def suffixes(self) -> str:
        return ", ".join(suffix for kind in self.kinds for suffix in kind.suffixes)

    def kind_of(self, name: str) -> Kind | None:
        suffix = Path(name).suffix.lower()
        return next((kind for kind in self.kinds if suffix in kind.suffixes), None)


# By the first key of the field that names the file (`Episode.side_file_paths`).
ACCEPTED: dict[str, Accepted] = {
    "video": Accepted(
        "une vidéo WebM, MP4 ou Ogg est attendue",
        (
            Kind("une vidéo WebM", (".webm",), ("ebml",), "video/webm"),
            Kind("une vidéo MP4", (".mp4", ".m4v"), ("ftyp",), "video/mp4"),
            Kind("une vidéo Ogg", (".ogv",), ("ogg",), "video/ogg"),
        ),
    ),
    "audio": Accepted(
        "un son Ogg (Opus, Vorbis), MP4 (AAC), MP3, AAC ou WebM est attendu",
        (
            Kind("un son Ogg", (".opus", ".ogg", ".oga"), ("ogg",), "audio/ogg"),
            Kind("un son MP4", (".m4a", ".mp4"), ("ftyp",), "audio/mp4"),
            Kind("un son MP3", (".mp3",), ("id3", "mpeg"), "audio/mpeg"),
            Kind("un son AAC", (".aac",), ("adts", "id3"), "audio/aac"),
            # The model allows audio/webm: a WebM file holding sound only.
            Kind("un son WebM", (".webm",), ("ebml",), "audio/webm"),
        ),
    ),
    "captions": Accepted(
        "des sous-titres WebVTT sont attendus", (Kind("des sous-titres WebVTT", (".vtt",)),)
    ),
    "poster": Accepted(
        "une image PNG, JPEG ou WebP est attendue",
        (
            Kind("une image PNG", (".png",), ("png",), image="Png"),
            Kind("une image JPEG", (".jpg", ".jpeg"), ("jpeg",), image="Jpeg"),
            Kind("une image WebP", (".webp",), ("webp",), image="WebP"),
        ),
    ),
    "transcript": Accepted(
        "un texte Markdown ou brut est attendu", (Kind("un texte", (".md", ".txt")),)
    ),
}


def reserved_name(name: str) -> str | None:
    """Why a side file may not be published under `name` beside the episode's page:
    the page itself (`index.*`), its embed page's folder, its chapters, a hidden name."""
    folded = name.casefold()
    if folded.startswith((".", "index.")) or folded in RESERVED_NAMES:
        return f"nom de fichier « {name} » réservé : renommez le fichier"
    return None


def declared_type(episode: object, loc: FieldPath) -> str | None:
    """The `type` declared beside the field `loc` names a file in (video sources, audio)."""
    node: Any = episode
    for part in loc[:-1]:
        node = node[part] if isinstance(part, int) else getattr(node, part)
    return getattr(node, "type", None)


def read_head(real: Path, size: int = HEAD_BYTES) -> bytes:
    """The first `size` bytes of a file the gate admitted (`real`, as `admit` returned it):
    only its head, and only if it still is a regular file."""
    with open_regular(real) as handle:
        return handle.read(size)


def side_file_problems(
    loc: FieldPath, relative: str, real: Path, declared: str | None = None
) -> list[tuple[FieldPath, str]]:
    """What is wrong with the side file `relative`, which the gate admitted as `real`, for
    the field `loc`: its extension, its content, the `type` declared for it, a poster's
    size and wholeness."""
    accepted = ACCEPTED.get(str(loc[0]))
    if accepted is None:
        return []
    shown = f"« {relative} »"
    if Path(relative).name != real.name:
        shown += f" (lien vers « {real.name} »)"
    kind = accepted.kind_of(real.name)
    if kind is None:
        return [(loc, f"fichier {shown} refusé : {accepted.expected} ({accepted.suffixes})")]
    if kind.signatures:
        try:
            found = sniff(read_head(real))
        except GateError as error:
            return [(loc, f"fichier {shown} {error}")]
        if found not in kind.signatures:
            return [(loc, _wrong_content(shown, relative, kind, found, accepted))]
    if kind.image:
        problem = _poster_problem(shown, real, kind.image)
        if problem:
            return [(loc, problem)]
    if kind.mime and declared is not None and declared != kind.mime:
        return [
            (
                (*loc[:-1], "type"),
                f"type « {declared} » déclaré, mais « {relative} » est {kind.label} : "
                f"indiquez « {kind.mime} »",
            )
        ]
    return []


def _wrong_content(
    shown: str, relative: str, kind: Kind, found: str | None, accepted: Accepted
) -> str:
    message = f"le contenu de {shown} n'est pas {kind.label}"
    if found is None:
        return f"{message} (signature inconnue)"
    message += f" : c'est {_CONTENT[found]}"
    fitting = next((k for k in accepted.kinds if found in k.signatures), None)
    if fitting is None:
        return message
    renamed = Path(relative).with_suffix(fitting.suffixes[0]).name
    return f"{message} ; renommez le fichier en « {renamed} »"


def _poster_problem(shown: str, real: Path, plugin: str) -> str | None:
    try:
        info = real.stat()
        size = _image_size(str(real), plugin, (info.st_ino, info.st_size, info.st_mtime_ns))
    except GateError as error:
        return f"fichier {shown} {error}"
    except OSError as error:
        return f"fichier {shown} illisible ({error.strerror})"
    if size is None:
        return (
            f"image {shown} tronquée ou abîmée : elle ne se lit pas jusqu'au bout ; "
            "enregistrez-la de nouveau en PNG, JPEG ou WebP"
        )
    width, height = size
    if width > MAX_POSTER_SIDE or height > MAX_POSTER_SIDE or width * height > MAX_POSTER_PIXELS:
        return (
            f"image {shown} trop grande : {width} × {height} pixels, pour au plus "
            f"{MAX_POSTER_SIDE} pixels de côté et {MAX_POSTER_PIXELS // 1_000_000} millions "
            f"de pixels en tout : {_POSTER_ADVICE}"
        )
    return None


@lru_cache(maxsize=1024)
def _image_size(path: str, plugin: str, stamp: tuple[int, int, int]) -> tuple[int, int] | None:
    """An image's size from its header, or None when it is truncated or corrupt. Within
    the limits, it is checked whole, without decoding its pixels: a PNG's every chunk and
    checksum, a JPEG's whole stream (decoded at an eighth of its size), a WebP's container
    (which libwebp checks complete on opening). Cached by file and `stamp`: a poster
    shared by episodes, or read again by `mkdocs serve`, is checked once."""
    # Pillow takes a twentieth of a second to import: only when a poster is checked, and
    # only the one format's plugin. Its class is used directly: `Image.open` warns, then
    # raises, on an image past its own (far larger) limit, before telling its size.
    from PIL import Image

    image_file = getattr(importlib.import_module(f"PIL.{plugin}ImagePlugin"), f"{plugin}ImageFile")
    # What Pillow raises on a file it cannot read (`Image.open` catches the same).
    unreadable = (
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        IndexError,
        TypeError,
        struct.error,
        Image.DecompressionBombError,
    )
    with open_regular(Path(path)) as handle:
        try:
            with image_file(handle) as image:
                width, height = image.size
            if width > MAX_POSTER_SIDE or height > MAX_POSTER_SIDE:
                return width, height
            if width * height > MAX_POSTER_PIXELS:
                return width, height
            handle.seek(0)
            with image_file(handle) as image:
                image.verify()
            if plugin == "Jpeg":
                # verify() reads no JPEG data: decode it at an eighth of its size, which
                # still reads the whole stream and fails on a truncated one.
                handle.seek(0)
                with image_file(handle) as image:
                    image.draft(None, (max(1, width // 8), max(1, height // 8)))
                    image.load()
        except unreadable:
            return None
    return width, height
