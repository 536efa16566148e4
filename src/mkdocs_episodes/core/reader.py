"""The one reader of every file a publisher edits: episode YAML, doctrine pages' front
matter, data files. Each goes the same way — through the file gate, parsed by the safe
YAML reader, validated by its model — and every problem comes out located by file, line,
column and field, in French, whatever the encoding or syntax of the file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from mkdocs_episodes.core.gate import GateError, read_text
from mkdocs_episodes.core.messages import field_name, translate
from mkdocs_episodes.core.problems import Problem, Severity, display_path
from mkdocs_episodes.core.yaml_source import FieldPath, YamlDocument, YamlIssue, parse_yaml

M = TypeVar("M", bound=BaseModel)
# Hand-written metadata is a few KB; anything larger is a mistake (or an attack).
MAX_METADATA_BYTES = 256 * 1024
# Doctrine pages and transcripts: long text, but text.
MAX_TEXT_BYTES = 4 * 1024 * 1024
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", re.S)
_MISSING_FRONT_MATTER = (
    "en-tête YAML manquant : commencez la page par ---, title, "
    "description, reviewed (date de revue) et themes, puis ---"
)


@dataclass(frozen=True)
class Located:
    """A file as read, to place problems found in it at any later stage."""

    shown: str
    document: YamlDocument
    # Lines before the YAML in the file (a page's front matter starts after "---").
    line_offset: int = 0

    def position(self, loc: FieldPath) -> tuple[int, int]:
        line, column = self.document.position(loc)
        return line + self.line_offset, column

    def problem(self, loc: FieldPath, message: str, severity: Severity = Severity.ERROR) -> Problem:
        return Problem(self.shown, *self.position(loc), field_name(loc), message, severity)


@dataclass
class Read(Generic[M]):
    """What reading one file gave: its model when valid, where it was read, its problems."""

    value: M | None = None
    located: Located | None = None
    problems: list[Problem] = field(default_factory=list)


def read_model(path: Path, root: Path, model: type[M], *, front_matter: bool = False) -> Read[M]:
    """One publisher file as `model`; with `front_matter`, a Markdown page's header."""
    shown = display_path(path, root)
    try:
        text = read_text(path, root, MAX_TEXT_BYTES if front_matter else MAX_METADATA_BYTES)
    except GateError as error:
        return Read(problems=[Problem(shown, 1, 1, "", f"fichier {error}")])
    offset = 0
    if front_matter:
        match = _FRONT_MATTER.match(text.replace("\r\n", "\n"))
        if not match:
            return Read(problems=[Problem(shown, 1, 1, "", _MISSING_FRONT_MATTER)])
        text, offset = match.group(1), 1
    try:
        document = parse_yaml(text)
    except YamlIssue as error:
        return Read(
            problems=[
                Problem(
                    shown, error.line + offset, error.column, field_name(error.path), error.message
                )
            ]
        )
    located = Located(shown, document, offset)
    if not isinstance(document.data, dict):
        return Read(
            located=located,
            problems=[located.problem((), "un ensemble de champs est attendu (nom: valeur, …)")],
        )
    value, problems = validate(document.data, model, located)
    return Read(value, located, problems)


def validate(data: object, model: type[M], located: Located) -> tuple[M | None, list[Problem]]:
    """`data` as `model`, or every validation problem located in its file."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        problems = []
        for details in error.errors(include_url=False):
            loc, message = translate(details, model)
            problems.append(located.problem(loc, message))
        return None, problems
