"""Doctrine pages' front matter: what a page must declare to be linked for years."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mkdocs_episodes.core.messages import field_name, translate, unknown_themes
from mkdocs_episodes.core.model import Theme
from mkdocs_episodes.core.problems import Problem, display_path
from mkdocs_episodes.core.yaml_source import YamlIssue, parse_yaml

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", re.S)


class DoctrineMeta(BaseModel):
    """The front matter of a doctrine page."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1)
    description: str = Field(min_length=1, description="Résumé en une phrase.")
    reviewed: dt.date = Field(description="Date de la dernière revue (AAAA-MM-JJ).")
    themes: list[Theme] = Field(default_factory=list)
    # Keys MkDocs and Material read themselves.
    template: str | None = None
    hide: list[str] | None = None
    icon: str | None = None
    status: str | None = None
    search: dict[str, Any] | None = None


def read_doctrine(
    path: Path, root: Path, themes: Collection[str]
) -> tuple[DoctrineMeta | None, list[Problem]]:
    shown = display_path(path, root)
    text = path.read_text(encoding="utf-8-sig")
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, [
            Problem(
                shown,
                1,
                1,
                "",
                "en-tête YAML manquant : commencez la page par ---, title, "
                "description, reviewed (date de revue) et themes, puis ---",
            )
        ]
    try:
        document = parse_yaml(match.group(1))
    except YamlIssue as error:
        return None, [
            Problem(shown, error.line + 1, error.column, field_name(error.path), error.message)
        ]
    problems: list[Problem] = []

    def locate(loc: tuple[str | int, ...]) -> tuple[int, int]:
        line, column = document.position(loc)
        return line + 1, column  # the front matter starts after the first "---"

    try:
        meta = DoctrineMeta.model_validate(document.data)
    except ValidationError as error:
        for details in error.errors(include_url=False):
            loc, message = translate(details, DoctrineMeta)
            problems.append(Problem(shown, *locate(loc), field_name(loc), message))
        return None, problems
    for index, message in unknown_themes(meta.themes, themes):
        problems.append(Problem(shown, *locate(("themes", index)), f"themes[{index + 1}]", message))
    return (None if problems else meta), problems
