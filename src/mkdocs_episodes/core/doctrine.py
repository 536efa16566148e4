"""Doctrine pages' front matter: what a page must declare to be linked for years."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mkdocs_episodes.core.messages import unknown_themes
from mkdocs_episodes.core.model import Theme
from mkdocs_episodes.core.problems import Problem
from mkdocs_episodes.core.reader import read_model


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
    read = read_model(path, root, DoctrineMeta, front_matter=True)
    if read.value is None or read.located is None:
        return None, read.problems
    problems = [
        read.located.problem(("themes", index), message)
        for index, message in unknown_themes(read.value.themes, themes)
    ]
    return (None if problems else read.value), problems
