"""How heavy the media of a repository may be.

Git hosts refuse files over 100 MB and cap a Pages site near 1 GB: a master or a real
episode's renditions committed once stay in the history for good. Files in the
repository are for tiny demos; real episodes go to object storage
(`episodes media … --stockage`). And no rendition taller than the site's limit
(720p unless mkdocs.yml asks for more): RGESN 5.3, a definition fit for purpose.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs_episodes.core.media_types import ACCEPTED
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.problems import Problem, display_path
from mkdocs_episodes.core.remote import is_loopback, url_path_name
from mkdocs_episodes.core.yaml_source import FieldPath

MAX_MEDIA_BYTES = 10_000_000
DEFAULT_MAX_HEIGHT = 720
# A master may come in any container: every video and sound extension we know of.
MEDIA_SUFFIXES = {
    suffix
    for name in ("video", "audio")
    for kind in ACCEPTED[name].kinds
    for suffix in kind.suffixes
} | {".mov", ".mkv", ".avi", ".mxf", ".wav", ".flac", ".aiff", ".wmv", ".mpg", ".mpeg", ".ts"}
# A walk of a hostile tree stays bounded: past this many entries, the rest is not looked at.
MAX_ENTRIES = 200_000

HOW_TO_STORE = (
    "placez le master hors du dépôt et publiez l'épisode par le stockage objet : "
    "« episodes media CHEMIN/DU/MASTER --episode SLUG --stockage s3://SEAU/DOSSIER "
    "--url-media https://… » (voir CONTRIBUTING.md, « Héberger les vidéos »)"
)


def heavy_media(folder: Path, root: Path) -> list[Problem]:
    """Every video or sound file over the limit in `folder` (dot-folders aside: MkDocs
    and the episodes ignore them, and `.gitignore` keeps them out of commits)."""
    problems = []
    for path, size in _media_files(folder):
        if size > MAX_MEDIA_BYTES:
            problems.append(
                Problem(
                    display_path(path, root),
                    1,
                    1,
                    "",
                    f"fichier vidéo ou son de {size / 1_000_000:.1f} Mo dans le dépôt (au plus "
                    f"{MAX_MEDIA_BYTES // 1_000_000} Mo) : {HOW_TO_STORE}",
                )
            )
    return problems


def _media_files(folder: Path) -> Iterator[tuple[Path, int]]:
    if not folder.is_dir():
        return
    seen = 0
    for directory, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(files):
            seen += 1
            if seen > MAX_ENTRIES:
                return
            if name.startswith(".") or Path(name).suffix.lower() not in MEDIA_SUFFIXES:
                continue
            path = Path(directory) / name
            try:
                info = path.lstat()
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):
                yield path, info.st_size


def height_problems(episode: Episode, max_height: int) -> list[tuple[FieldPath, str]]:
    """Renditions taller than the site allows (`max_height` in mkdocs.yml)."""
    problems: list[tuple[FieldPath, str]] = []
    for index, source in enumerate(episode.video.sources or []):
        if source.height > max_height:
            problems.append(
                (
                    ("video", "sources", index, "height"),
                    f"définition de {source.height}p au-delà de {max_height}p : retirez cette "
                    f"source (« episodes media » sans --1080p en fait de {max_height}p au "
                    f"plus), ou, si elle est vraiment voulue, déclarez « max_height: "
                    f"{source.height} » dans mkdocs.yml (plugins > episodes)",
                )
            )
    return problems


def remote_problems(episode: Episode) -> list[tuple[FieldPath, str, bool]]:
    """Media in the object storage: the address's extension agrees with the declared type
    (the build never downloads them: `episodes check --distant` looks at the files).
    Each problem with whether it is only a warning."""
    problems: list[tuple[FieldPath, str, bool]] = []
    for loc, media in episode.remote_media():
        accepted = ACCEPTED[str(loc[0])]
        name = url_path_name(media.src)
        kind = accepted.kind_of(name)
        if kind is None:
            problems.append(
                (
                    loc,
                    f"adresse « {media.src} » refusée : {accepted.expected} ({accepted.suffixes})",
                    False,
                )
            )
        elif kind.mime and media.type != kind.mime:
            problems.append(
                (
                    (*loc[:-1], "type"),
                    f"type « {media.type} » déclaré, mais « {name} » est {kind.label} : "
                    f"indiquez « {kind.mime} »",
                    False,
                )
            )
        if is_loopback(urlsplit(media.src).hostname or ""):
            problems.append(
                (
                    loc,
                    f"adresse « {media.src} » sur cette machine : elle ne fonctionne que pour "
                    "un aperçu local ; publiez avec l'adresse https:// du stockage (media_url)",
                    True,
                )
            )
    return problems
