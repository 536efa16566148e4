"""Structured data beside the episodes: the shared resources and the referents' network.
Validated like episodes: typed models, unknown keys refused, located French messages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, Field

from mkdocs_episodes.core.french import MONTHS, long_date
from mkdocs_episodes.core.model import SLUG_PATTERN, HttpsUrl, Slug, Strict, Text, Theme, https_url
from mkdocs_episodes.core.problems import Problem
from mkdocs_episodes.core.reader import Located, Read, read_model
from mkdocs_episodes.core.yaml_source import FieldPath

RESOURCE_TYPES = {
    "referentiel": "Référentiels",
    "guide": "Guides",
    "outil": "Outils",
    "etude": "Études",
    "texte-officiel": "Textes officiels",
    "formation": "Formations",
}
ROADMAP_STATUSES = {
    "non-renseigne": "Non renseigné",
    "en-preparation": "En préparation",
    "adoptee": "Adoptée",
    "en-cours": "En cours de mise en œuvre",
    "bilan-publie": "Bilan publié",
}
# A publication date as precise as it is known: 2024, 2024-05 or 2024-05-14.
PartialDate = Annotated[str, Field(pattern=r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")]


class ResourceEntry(Strict):
    """A tool, guide or text the network shares."""

    id: Slug
    title: Text
    type: Literal["referentiel", "guide", "outil", "etude", "texte-officiel", "formation"]
    themes: list[Theme] = Field(min_length=1)
    publisher: Text
    url: HttpsUrl
    licence: Text
    date: PartialDate
    summary: Text | None = None

    @property
    def type_label(self) -> str:
        return RESOURCE_TYPES[self.type].removesuffix("s")


class ResourceCatalogue(Strict):
    resources: list[ResourceEntry]


class Link(Strict):
    title: Text
    url: HttpsUrl


class Ministry(Strict):
    """A ministry of the network and its declared roadmap follow-up."""

    id: Slug
    name: Text
    roadmap_url: HttpsUrl | None = None
    status: Literal["non-renseigne", "en-preparation", "adoptee", "en-cours", "bilan-publie"] = (
        "non-renseigne"
    )
    status_date: dt.date | None = None

    @property
    def status_label(self) -> str:
        return ROADMAP_STATUSES[self.status]


def _replay(value: str) -> str:
    """An episode of the series (its slug) or an outside address, said in one message."""
    if "://" in value:
        return https_url(value)
    if not re.match(SLUG_PATTERN, value):
        raise ValueError(
            f"« {value} » refusé : attendu le slug d'un épisode (par exemple « les-enjeux ») "
            "ou une adresse complète en https://"
        )
    return value


Replay = Annotated[str, Field(max_length=2000), AfterValidator(_replay)]


class Meeting(Strict):
    """A quarterly meeting of the referents."""

    date: dt.date
    title: Text
    agenda: list[Text] = Field(default_factory=list)
    material: list[Link] = Field(default_factory=list)
    replay: Replay | None = None


class Network(Strict):
    ministries: list[Ministry] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)


M = TypeVar("M", bound=BaseModel)


def load_data_file(path: Path, root: Path, model: type[M]) -> Read[M]:
    """Read and validate one data file; problems carry file, line and field."""
    return read_model(path, root, model)


def duplicate_ids(items: list[tuple[str, FieldPath]], located: Located) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for value, loc in items:
        if value in seen:
            problems.append(located.problem(loc, f"identifiant « {value} » déjà utilisé"))
        seen.add(value)
    return problems


def partial_date_text(value: str) -> str:
    parts = [int(part) for part in re.findall(r"\d+", value)]
    if len(parts) == 3:
        return long_date(dt.date(*parts))
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])
