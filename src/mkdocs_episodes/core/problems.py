"""Problems found in publishers' files, located by file, line, column and field."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Severity(Enum):
    ERROR = "erreur"
    WARNING = "avertissement"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, worded in French for a publisher."""

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        field = self.field or "(fichier)"
        prefix = "" if self.severity is Severity.ERROR else "avertissement : "
        return f"{where}: {field}: {prefix}{self.message}"


class EpisodeError(Exception):
    """Raised when episodes cannot be published as they are."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        lines = [problem.format() for problem in self.problems]
        count = len(self.problems)
        lines.append(f"{count} erreur{'s' if count > 1 else ''} dans les épisodes.")
        return "\n".join(lines)


def display_path(path: Path, root: Path) -> str:
    """The path as a publisher sees it: relative to the repository when possible."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def unchecked_note(paths: list[str]) -> str | None:
    """What a publisher is told of the files whose side files wait for their fields to be
    fixed: their problems may hide others."""
    if not paths:
        return None
    return (
        "À vérifier une fois leurs champs corrigés : les fichiers joints (affiche, vidéo, "
        "son, sous-titres, transcription) et le contenu des notes de "
        f"{', '.join(paths)} ; ils peuvent cacher d'autres problèmes."
    )
