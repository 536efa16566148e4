"""From `episodes/*.yml` to validated episodes, or to a list of located problems."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_episodes.core.claims import Claims, cross_file_problems, episode_claims, written_claims
from mkdocs_episodes.core.gate import GateError, admit, read_text
from mkdocs_episodes.core.media_limits import remote_problems
from mkdocs_episodes.core.media_types import declared_type, reserved_name, side_file_problems
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
    errors: list[Problem] = field(default_factory=list)
    # What the files that gave no episode still claim, for the checks of their
    # references against the site.
    invalid: list[Claims] = field(default_factory=list)
    # Files whose fields are wrong: their side files are read once the fields are right.
    unchecked: list[str] = field(default_factory=list)


@dataclass
class Loaded:
    """One episode file as read: the episode when valid, every problem found in it, and
    what it claims (for the rules across files, checked even when it is invalid)."""

    episode: Episode | None
    problems: list[Problem]
    claims: Claims | None = None
    # Whether its side files (poster, media, captions, transcript) were checked.
    sides_checked: bool = True


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
    return [read_episode(path, root) for path in paths]


def load_episodes(
    directory: Path,
    root: Path,
    themes: Collection[str] | None = None,
    loaded: Callable[[Episode], None] | None = None,
    read: Reader = read_files,
) -> LoadResult:
    """Every episode of `directory`; raises EpisodeError listing every problem found."""
    result = read_episodes(directory, root, themes, loaded, read)
    if result.errors:
        raise EpisodeError(result.errors)
    return result


def read_episodes(
    directory: Path,
    root: Path,
    themes: Collection[str] | None = None,
    loaded: Callable[[Episode], None] | None = None,
    read: Reader = read_files,
) -> LoadResult:
    """Every episode of `directory`, with every error and warning found in any of them.

    `loaded` is told of each valid episode as soon as it is read, so that work on it
    can start while the next ones are read."""
    root = root.resolve()
    result = LoadResult()
    problems: list[Problem] = []
    if not directory.is_dir():
        where = display_path(directory, root)
        result.errors = [Problem(where, 1, 1, "", "dossier des épisodes introuvable")]
        return result
    claims: list[Claims] = []
    for found in read(episode_paths(directory), root):
        problems.extend(found.problems)
        if found.episode is not None:
            result.episodes.append(found.episode)
            claims.append(episode_claims(found.episode))
            if loaded is not None:
                loaded(found.episode)
        elif found.claims is not None:
            claims.append(found.claims)
            result.invalid.append(found.claims)
        if not found.sides_checked and found.problems:
            result.unchecked.append(found.problems[0].path)
    problems.extend(cross_file_problems(claims, themes))
    result.warnings = sorted(p for p in problems if p.severity is Severity.WARNING)
    result.errors = sorted(p for p in problems if p.severity is Severity.ERROR)
    return result


def load_episode(path: Path, root: Path) -> tuple[Episode | None, list[Problem]]:
    """One episode file: the episode when valid, and every problem found in it."""
    found = read_episode(path, root)
    return found.episode, found.problems


def read_episode(path: Path, root: Path) -> Loaded:
    """One episode file: the episode when valid, every problem found in it, its claims."""
    read = read_model(path, root, Episode)
    episode, located = read.value, read.located
    if episode is None:
        claims = written_claims(located, read.failed) if located is not None else None
        return Loaded(None, read.problems, claims, sides_checked=False)
    assert located is not None
    side_files, transcript, cues, file_problems = _resolve_side_files(episode, path, root)
    origin = Origin(path, located, side_files, transcript, cues)
    wrong = file_problems + episode.consistency_problems()
    problems = [origin.problem(loc, message) for loc, message in wrong]
    problems += [
        origin.problem(loc, message, Severity.WARNING if warning else Severity.ERROR)
        for loc, message, warning in remote_problems(episode)
    ]
    for missing, message in _MISSING_ALTERNATIVES:
        if not getattr(episode, missing):
            problems.append(origin.problem((missing,), message, Severity.WARNING))
    if any(p.severity is Severity.ERROR for p in problems):
        # Its side files or the order of its chapters are wrong, not what it claims.
        failed = {loc for loc, _message in wrong}
        return Loaded(None, problems, written_claims(located, failed))
    episode.attach_origin(origin)
    return Loaded(episode, problems)


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
