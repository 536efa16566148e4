"""The answers `episodes new` gathers, each checked as it is given.

A publisher answers one question at a time: a wrong answer is said at once, in French,
with what is expected, so that the question can be asked again instead of losing every
answer typed so far. Each check reuses the episode model's own rules (by validating a
complete placeholder episode that differs by the answer only), so that `episodes new`,
`episodes check` and the build say the same thing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from mkdocs_episodes.core.gate import GateError, admit
from mkdocs_episodes.core.media_types import read_head, sniff
from mkdocs_episodes.core.messages import translate
from mkdocs_episodes.core.model import Episode, Video
from mkdocs_episodes.core.slugs import slugify

HOSTS = ("dailymotion", "peertube", "youtube", "fichiers")
SELF_HOSTED = "fichiers"
# Extension, the `type` an episode declares, and the signature its first bytes carry.
VIDEO_TYPES = {
    ".webm": ("video/webm", "ebml"),
    ".mp4": ("video/mp4", "ftyp"),
    ".m4v": ("video/mp4", "ftyp"),
    ".ogv": ("video/ogg", "ogg"),
}
# What the model accepts for every field: an answer is judged inside a valid episode.
_PLACEHOLDER: dict[str, Any] = {
    "number": 1,
    "slug": "episode",
    "title": "Titre",
    "date": dt.date(2024, 1, 1),
    "summary": "Résumé.",
    "themes": ["theme"],
    "video": {"host": "youtube", "id": "aqz-KE-bpKQ"},
    "poster": "episode/poster.webp",
}
_PEERTUBE_PLACEHOLDER = {"id": "9c9de5e8-0a1e-484a-b099-e80766180a6d"}
_FRENCH_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
# A source that stands for the files `episodes media` will make, so that an episode
# awaiting them can be checked for everything else.
AWAITED_SOURCE = {"src": "episode/video.webm", "type": "video/webm", "height": 480, "size": 1}


class AnswerError(ValueError):
    """Why an answer was refused and what is expected, in French."""


def _first_problem(model: type[BaseModel], data: dict[str, Any]) -> str | None:
    try:
        model.model_validate(data)
    except ValidationError as error:
        details = error.errors(include_url=False)[0]
        return translate(details, model)[1]
    return None


def _refused_by_model(field: str, value: object) -> None:
    problem = _first_problem(Episode, {**_PLACEHOLDER, field: value})
    if problem:
        raise AnswerError(problem)


def title(text: str, taken_slugs: Collection[str]) -> tuple[str, str]:
    """The title and the slug it gives (the page's address), which no episode may share."""
    text = text.strip()
    _refused_by_model("title", text)
    slug = slugify(text)
    if slug in taken_slugs:
        raise AnswerError(
            f"un épisode utilise déjà l'adresse « {slug} » : choisissez un autre titre"
        )
    return text, slug


def publication_date(text: str) -> dt.date:
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    french = _FRENCH_DATE.match(text)
    if french:
        day, month, year = (int(part) for part in french.groups())
        try:
            written = dt.date(year, month, day).isoformat()
        except ValueError:
            written = None
        if written:
            raise AnswerError(
                f"date écrite à la française « {text} » : écrivez-la année-mois-jour, « {written} »"
            )
    raise AnswerError(f"date « {text} » invalide : attendu AAAA-MM-JJ, par exemple 2024-07-20")


def summary(text: str) -> str:
    text = text.strip()
    _refused_by_model("summary", text)
    return text


def themes(answer: str | Collection[str], declared: Mapping[str, str]) -> list[str]:
    """Themes given as `enjeux, reseau` (or one by option), each declared in mkdocs.yml."""
    names = re.split(r"[\s,;]+", answer) if isinstance(answer, str) else list(answer)
    chosen = list(dict.fromkeys(name.strip() for name in names if name.strip()))
    choices = ", ".join(declared) or "aucun : déclarez-en sous « themes: » dans mkdocs.yml"
    if not chosen:
        raise AnswerError(f"au moins un thème est attendu, parmi : {choices}")
    for name in chosen:
        if name not in declared:
            close = difflib.get_close_matches(name, list(declared), n=1, cutoff=0.6)
            hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
            raise AnswerError(
                f"thème « {name} » non déclaré dans mkdocs.yml{hint} (thèmes possibles : {choices})"
            )
    return chosen


def host(text: str) -> str:
    name = text.strip().lower()
    if name not in HOSTS:
        raise AnswerError(
            f"hébergeur « {text.strip()} » inconnu : attendu dailymotion, peertube, youtube, "
            "ou fichiers pour une vidéo hébergée par le site"
        )
    return name


def video_id(host_name: str, text: str) -> str:
    """The id as the host hands it out (not the page's address)."""
    text = text.strip()
    video: dict[str, Any] = {"host": host_name, "id": text}
    if host_name == "peertube":
        video["instance"] = "https://tube.example.org"
    problem = _first_problem(Video, video)
    if problem:
        raise AnswerError(problem)
    return text


def instance(text: str) -> str:
    """The PeerTube instance's address (https://…)."""
    text = text.strip()
    problem = _first_problem(Video, {"host": "peertube", "instance": text, **_PEERTUBE_PLACEHOLDER})
    if problem:
        raise AnswerError(problem)
    return text


def video_files(
    answer: str | Collection[str],
    root: Path,
    episodes_dir: Path,
    height_of: Callable[[Path], int],
) -> list[dict[str, Any]]:
    """The ready renditions a publisher names (none: `episodes media` will make them),
    each inside the repository, of a video type by name and by content."""
    names = [n for n in re.split(r"\s*,\s*", answer.strip())] if isinstance(answer, str) else answer
    sources = []
    for name in (n.strip() for n in names):
        if not name:
            continue
        path = Path(name)
        try:
            real = admit(path, root)
        except GateError as error:
            raise AnswerError(f"fichier {name} {error}") from None
        kind = VIDEO_TYPES.get(real.suffix.lower())
        if kind is None:
            raise AnswerError(
                f"{name} : format non reconnu (attendu un fichier {', '.join(VIDEO_TYPES)})"
            )
        if sniff(read_head(real)) != kind[1]:
            raise AnswerError(f"{name} : son contenu n'est pas celui d'une vidéo {real.suffix}")
        sources.append(
            {
                "src": Path(os.path.relpath(real, episodes_dir)).as_posix(),
                "type": kind[0],
                "height": height_of(real),
                "size": real.stat().st_size,
            }
        )
    return sources


def problems(data: dict[str, Any]) -> list[str]:
    """What the model still refuses in the assembled episode (`field: message`), an
    episode awaiting its files counted as if they were there."""
    video = data["video"]
    checked = {**data, "video": {"sources": [AWAITED_SOURCE]}} if video == {"sources": []} else data
    try:
        Episode.model_validate(checked)
    except ValidationError as error:
        found = []
        for details in error.errors(include_url=False):
            loc, message = translate(details, Episode)
            found.append(f"{'.'.join(str(part) for part in loc)}: {message}")
        return found
    return []
