"""The one reader of every file a publisher edits: episode YAML, doctrine pages' front
matter, data files. Each goes the same way — through the file gate, parsed by the safe
YAML reader, validated by its model — and every problem comes out located by file, line,
column and field, in French, whatever the encoding or syntax of the file."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from mkdocs_episodes.core.gate import GateError, read_text
from mkdocs_episodes.core.messages import field_name, translate
from mkdocs_episodes.core.problems import Problem, Severity, display_path
from mkdocs_episodes.core.yaml_recovery import parse_yaml_on
from mkdocs_episodes.core.yaml_source import FieldPath, YamlDocument

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
    # The fields (paths) that could not be read or were refused: whatever else is
    # taken from the file (see core/claims.py) leaves them aside.
    failed: set[FieldPath] = field(default_factory=set)


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
    recovered = parse_yaml_on(text)
    problems = [
        Problem(shown, issue.line + offset, issue.column, field_name(issue.path), issue.message)
        for issue in recovered.issues
    ]
    failed: set[FieldPath] = {(key,) for key in recovered.skipped}
    failed |= {issue.path for issue in recovered.issues if issue.path}
    if recovered.document is None:
        return Read(problems=problems, failed=failed)
    located = Located(shown, recovered.document, offset)
    if not isinstance(recovered.document.data, dict):
        problem = located.problem((), "un ensemble de champs est attendu (nom: valeur, …)")
        return Read(located=located, problems=[*problems, problem], failed=failed)
    value, found, invalid = validate(recovered.document.data, model, located, recovered.skipped)
    # A file with a syntax mistake is never taken as valid, whatever the rest holds.
    return Read(None if problems else value, located, problems + found, failed | invalid)


def validate(
    data: object, model: type[M], located: Located, skipped: Collection[str] = ()
) -> tuple[M | None, list[Problem], set[FieldPath]]:
    """`data` as `model`, or every validation problem located in its file, and the fields
    they concern. A field in `skipped` was written but could not be read: it is not
    said to be missing."""
    try:
        return model.model_validate(data), [], set()
    except ValidationError as error:
        problems = []
        failed: set[FieldPath] = set()
        for details in error.errors(include_url=False):
            loc, message = translate(details, model)
            if details["type"] == "missing" and loc[:1] and loc[0] in skipped:
                continue
            problems.append(located.problem(loc, message))
            failed.add(loc)
        return None, problems, failed
