"""From `episodes/*.yml` to validated episodes, or to a list of located problems."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from mkdocs_episodes.core.messages import field_name, translate, unknown_themes
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.problems import EpisodeError, Problem, Severity, display_path
from mkdocs_episodes.core.webvtt import WebVttError, read_webvtt
from mkdocs_episodes.core.yaml_source import FieldPath, YamlDocument, YamlIssue, parse_yaml

# Hand-written metadata is a few KB; anything larger is a mistake (or an attack).
MAX_EPISODE_BYTES = 256 * 1024
MAX_TEXT_SIDE_FILE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Origin:
    """Where an episode came from, to locate problems found in later stages."""

    path: Path
    display: str
    document: YamlDocument
    side_files: dict[FieldPath, Path]
    transcript_markdown: str | None
    # Start and text of each cue of the first captions file, for the timed transcript.
    cues: list[tuple[float, str]] = field(default_factory=list)

    def problem(self, loc: FieldPath, message: str, severity: Severity = Severity.ERROR) -> Problem:
        line, column = self.document.position(loc)
        return Problem(self.display, line, column, field_name(loc), message, severity)


@dataclass
class LoadResult:
    episodes: list[Episode] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


Loaded = tuple[Episode | None, list[Problem]]
# Reads episode files, in order: `read_files`, or a caller's way of sharing the reading
# between processes.
Reader = Callable[[list[Path], Path], Iterable[Loaded]]


def read_files(paths: list[Path], root: Path) -> list[Loaded]:
    return [load_episode(path, root) for path in paths]


def load_episodes(
    directory: Path,
    root: Path,
    themes: Collection[str] | None = None,
    loaded: Callable[[Episode], None] | None = None,
    read: Reader = read_files,
) -> LoadResult:
    """Every episode of `directory`; raises EpisodeError listing every problem found.

    `loaded` is told of each valid episode as soon as it is read, so that work on it
    can start while the next ones are read."""
    root = root.resolve()
    result = LoadResult()
    problems: list[Problem] = []
    if not directory.is_dir():
        raise EpisodeError(
            [Problem(display_path(directory, root), 1, 1, "", "dossier des épisodes introuvable")]
        )
    paths = sorted([*directory.glob("*.yml"), *directory.glob("*.yaml")])
    for episode, found in read(paths, root):
        problems.extend(found)
        if episode is not None:
            result.episodes.append(episode)
            if loaded is not None:
                loaded(episode)
    problems.extend(_cross_file_problems(result.episodes, themes))
    result.warnings = sorted(p for p in problems if p.severity is Severity.WARNING)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise EpisodeError(errors)
    return result


def load_episode(path: Path, root: Path) -> tuple[Episode | None, list[Problem]]:
    """One episode file: the episode when valid, and every problem found in it."""
    shown = display_path(path, root)

    def fail(message: str, line: int = 1, column: int = 1, field: str = "") -> Problem:
        return Problem(shown, line, column, field, message)

    text, issue = _read_text(path, MAX_EPISODE_BYTES)
    if issue:
        return None, [fail(issue)]
    try:
        document = parse_yaml(text)
    except YamlIssue as error:
        return None, [fail(error.message, error.line, error.column, field_name(error.path))]
    if not isinstance(document.data, dict):
        return None, [fail("un ensemble de champs est attendu (title: …, date: …)")]

    origin_problems: list[Problem] = []
    try:
        episode = Episode.model_validate(document.data)
    except ValidationError as error:
        empty = Origin(path, shown, document, {}, None)
        for details in error.errors(include_url=False):
            loc, message = translate(details, Episode)
            origin_problems.append(empty.problem(loc, message))
        return None, origin_problems

    side_files, transcript, cues, file_problems = _resolve_side_files(episode, path, root)
    origin = Origin(path, shown, document, side_files, transcript, cues)
    problems = [origin.problem(loc, message) for loc, message in file_problems]
    problems += [origin.problem(loc, message) for loc, message in episode.consistency_problems()]
    for missing, present, message in (
        (
            "transcript",
            episode.transcript,
            "pas de transcription (transcript) : le contenu "
            "n'est pas accessible sans le son (RGAA 4.1)",
        ),
        (
            "captions",
            episode.captions,
            "pas de sous-titres (captions) : la vidéo n'est pas accessible sans le son (RGAA 4.3)",
        ),
        (
            "audio",
            episode.audio,
            "pas de fichier son seul (audio) : proposez une écoute "
            "plus légère que la vidéo (RGESN 5.5)",
        ),
    ):
        if not present:
            problems.append(origin.problem((missing,), message, Severity.WARNING))
    if problems and any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    episode.attach_origin(origin)
    return episode, problems


def _read_text(path: Path, limit: int) -> tuple[str, str | None]:
    try:
        size = path.stat().st_size
        if size > limit:
            return "", f"fichier trop lourd ({size} octets ; {limit} au plus)"
        raw = path.read_bytes()
    except OSError as error:
        return "", f"fichier illisible ({error.strerror})"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return "", (f"encodage invalide à l'octet {error.start} : enregistrez le fichier en UTF-8")
    if not text.strip():
        return "", "fichier vide"
    return text, None


def _resolve_side_files(
    episode: Episode, path: Path, root: Path
) -> tuple[dict[FieldPath, Path], str | None, list[tuple[float, str]], list[tuple[FieldPath, str]]]:
    """Resolve every side file against the episode's folder, inside the repository."""
    found: dict[FieldPath, Path] = {}
    problems: list[tuple[FieldPath, str]] = []
    transcript: str | None = None
    cues: list[tuple[float, str]] = []
    # Published side by side at /episodes/<slug>/<name>: names must not collide.
    published_names: dict[str, Path] = {}
    for loc, relative in episode.side_file_paths():
        candidate = path.parent / relative
        real = Path(os.path.realpath(candidate))
        if not real.is_relative_to(root):
            problems.append(
                (loc, f"« {relative} » mène hors du dépôt : placez le fichier dans le dépôt")
            )
            continue
        if real.is_dir():
            problems.append((loc, f"« {relative} » est un dossier : un fichier est attendu"))
            continue
        if not real.is_file():
            problems.append(
                (
                    loc,
                    f"fichier « {relative} » introuvable (cherché dans {display_path(candidate, root)})",
                )
            )
            continue
        if not os.access(real, os.R_OK):
            problems.append((loc, f"fichier « {relative} » illisible"))
            continue
        found[loc] = real
        if loc[0] != "transcript":
            name = real.name
            if name.startswith("index."):
                problems.append((loc, f"nom de fichier « {name} » réservé : renommez le fichier"))
            elif published_names.setdefault(name, real) != real:
                problems.append(
                    (loc, f"deux fichiers de l'épisode s'appellent « {name} » : renommez-en un")
                )
        if loc[0] == "transcript":
            transcript, issue = _read_text(real, MAX_TEXT_SIDE_FILE_BYTES)
            if issue:
                problems.append((loc, f"« {relative} » : {issue}"))
        elif loc[0] == "captions":
            text, issue = _read_text(real, MAX_TEXT_SIDE_FILE_BYTES)
            try:
                if issue:
                    raise WebVttError(issue)
                read = read_webvtt(text)
            except WebVttError as error:
                problems.append((loc, f"« {relative} » : {error}"))
                continue
            if not cues:
                cues = read
    if episode.transcript and episode.transcript.text:
        transcript = episode.transcript.text
    return found, transcript, cues, problems


def _cross_file_problems(episodes: list[Episode], themes: Collection[str] | None) -> list[Problem]:
    problems: list[Problem] = []
    for attribute in ("slug", "number"):
        first: dict[object, Episode] = {}
        for episode in episodes:
            value = getattr(episode, attribute)
            if value in first:
                other = first[value].origin
                problems.append(
                    episode.origin.problem(
                        (attribute,),
                        f"« {value} » est déjà utilisé par {other.display} : choisissez-en un autre",
                    )
                )
            else:
                first[value] = episode
    if themes is not None:
        for episode in episodes:
            for index, message in unknown_themes(episode.themes, themes):
                problems.append(episode.origin.problem(("themes", index), message))
    numbers = sorted(episode.number for episode in episodes)
    missing = sorted(set(range(1, numbers[-1] + 1)) - set(numbers)) if numbers else []
    if missing:
        last = max(episodes, key=lambda e: e.number)
        problems.append(
            last.origin.problem(
                ("number",),
                f"numérotation avec des trous : épisode(s) {', '.join(map(str, missing))} absent(s)",
                Severity.WARNING,
            )
        )
    return problems
