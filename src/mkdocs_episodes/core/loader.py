"""From `episodes/*.yml` to validated episodes, or to a list of located problems."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_episodes.core.gate import GateError, admit, read_text
from mkdocs_episodes.core.media_limits import remote_problems
from mkdocs_episodes.core.media_types import declared_type, reserved_name, side_file_problems
from mkdocs_episodes.core.messages import unknown_themes
from mkdocs_episodes.core.model import MAX_TRANSCRIPT, Episode
from mkdocs_episodes.core.origin import Cue, Origin
from mkdocs_episodes.core.problems import EpisodeError, Problem, Severity, display_path
from mkdocs_episodes.core.reader import MAX_TEXT_BYTES, read_model
from mkdocs_episodes.core.text import side_text_problem
from mkdocs_episodes.core.webvtt import WebVttError, read_webvtt
from mkdocs_episodes.core.yaml_source import FieldPath

# What a publisher is told when an episode lacks a text or lighter alternative.
_MISSING_ALTERNATIVES = (
    (
        "transcript",
        "pas de transcription (transcript) : le contenu n'est pas accessible sans le son (RGAA 4.1)",
    ),
    (
        "captions",
        "pas de sous-titres (captions) : la vidéo n'est pas accessible sans le son (RGAA 4.3)",
    ),
    (
        "audio",
        "pas de fichier son seul (audio) : proposez une écoute plus légère que la vidéo (RGESN 5.5)",
    ),
)


@dataclass
class LoadResult:
    episodes: list[Episode] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


Loaded = tuple[Episode | None, list[Problem]]
# Reads episode files, in order: `read_files`, or a caller's way of sharing the reading
# between processes.
Reader = Callable[[list[Path], Path], Iterable[Loaded]]


def episode_paths(directory: Path) -> list[Path]:
    """The episode files of a folder, in order: the one definition of what they are."""
    return (
        sorted(p for p in directory.iterdir() if p.suffix in {".yml", ".yaml"})
        if directory.is_dir()
        else []
    )


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
    for episode, found in read(episode_paths(directory), root):
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


def load_episode(path: Path, root: Path) -> Loaded:
    """One episode file: the episode when valid, and every problem found in it."""
    read = read_model(path, root, Episode)
    episode, located = read.value, read.located
    if episode is None or located is None:
        return None, read.problems
    side_files, transcript, cues, file_problems = _resolve_side_files(episode, path, root)
    origin = Origin(path, located, side_files, transcript, cues)
    problems = [origin.problem(loc, message) for loc, message in file_problems]
    problems += [origin.problem(loc, message) for loc, message in episode.consistency_problems()]
    problems += [
        origin.problem(loc, message, Severity.WARNING if warning else Severity.ERROR)
        for loc, message, warning in remote_problems(episode)
    ]
    for missing, message in _MISSING_ALTERNATIVES:
        if not getattr(episode, missing):
            problems.append(origin.problem((missing,), message, Severity.WARNING))
    if any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    episode.attach_origin(origin)
    return episode, problems


SideFiles = tuple[dict[FieldPath, Path], str | None, list[Cue], list[tuple[FieldPath, str]]]


def _resolve_side_files(episode: Episode, path: Path, root: Path) -> SideFiles:
    """Every side file through the gate, relative to the episode's folder."""
    found: dict[FieldPath, Path] = {}
    problems: list[tuple[FieldPath, str]] = []
    transcript: str | None = None
    cues: list[Cue] = []
    # Published side by side at /episodes/<slug>/<name>: names must not collide.
    published_names: dict[str, Path] = {}
    for loc, relative in episode.side_file_paths():
        candidate = path.parent / relative
        try:
            real = admit(candidate, root)
        except GateError as error:
            where = display_path(candidate, root)
            problems.append((loc, f"fichier « {relative} » {error} (cherché : {where})"))
            continue
        found[loc] = real
        if loc[0] == "transcript":
            if kind_problems := side_file_problems(loc, relative, real):
                problems.extend(kind_problems)
                continue
            try:
                text = read_text(real, root, MAX_TEXT_BYTES)
            except GateError as error:
                problems.append((loc, f"fichier « {relative} » {error}"))
                continue
            # The limits the same text has when written in the YAML (`transcript.text`).
            if text_problem := side_text_problem(text, MAX_TRANSCRIPT, markdown=True):
                problems.append((loc, f"« {relative} » : {text_problem}"))
                continue
            transcript = text
            continue
        name = real.name
        if reserved := reserved_name(name):
            problems.append((loc, reserved))
            continue
        # Case folded: « Video.webm » and « video.webm » are one file on some disks.
        if published_names.setdefault(name.casefold(), real) != real:
            problems.append(
                (loc, f"deux fichiers de l'épisode s'appellent « {name} » : renommez-en un")
            )
        # By extension and content: an `.html` "video" would be served as a page.
        if kind_problems := side_file_problems(loc, relative, real, declared_type(episode, loc)):
            problems.extend(kind_problems)
            continue
        if loc[0] == "captions":
            try:
                text = read_text(real, root, MAX_TEXT_BYTES)
                if text_problem := side_text_problem(text):
                    raise WebVttError(text_problem)
                read = read_webvtt(text)
            except GateError as error:
                problems.append((loc, f"fichier « {relative} » {error}"))
                continue
            except WebVttError as error:
                problems.append((loc, f"« {relative} » : {error}"))
                continue
            cues = cues or read
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
