"""What an episode file asks of the others and of the site — its number, its slug, its
themes, the pages and resources it cites — read even when the file has other problems.

The rules across files (a number or a slug used twice, an undeclared theme, a link to a
missing page) are checked on these claims, so that a broken episode is still checked
against the rest of the series instead of waiting until its other errors are fixed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from mkdocs_episodes.core.messages import field_name, unknown_themes
from mkdocs_episodes.core.model import SLUG_PATTERN, Episode
from mkdocs_episodes.core.problems import Problem, Severity
from mkdocs_episodes.core.reader import Located
from mkdocs_episodes.core.yaml_source import FieldPath


@dataclass(frozen=True)
class Claim:
    """One value as written, and where: line, column and field name."""

    value: str | int
    line: int
    column: int
    field: str


@dataclass(frozen=True)
class Claims:
    """The claims of one episode file. `valid`: the file gave an episode."""

    shown: str
    valid: bool
    number: Claim | None = None
    slug: Claim | None = None
    themes: list[Claim] = field(default_factory=list)
    # Links to docs pages (`doctrine/rgesn.md#video`) and ids of shared resources.
    links: list[Claim] = field(default_factory=list)
    refs: list[Claim] = field(default_factory=list)

    def problem(self, claim: Claim, message: str, severity: Severity = Severity.ERROR) -> Problem:
        return Problem(self.shown, claim.line, claim.column, claim.field, message, severity)


def episode_claims(episode: Episode) -> Claims:
    """A valid episode's number, slug and themes, from its validated values (its links
    are checked on the model itself)."""
    found = _Finder(episode.origin.located, set())
    return Claims(
        episode.origin.display,
        True,
        # A special (« hors-série ») claims no number.
        found.claim(("number",), episode.number) if episode.number is not None else None,
        found.claim(("slug",), episode.slug),
        [c for i, theme in enumerate(episode.themes) if (c := found.claim(("themes", i), theme))],
    )


def written_claims(located: Located, failed: Collection[FieldPath]) -> Claims:
    """An invalid file's claims, from what it holds as written: only values of the
    expected kind, in fields that were read and not refused."""
    data = located.document.data
    found = _Finder(located, set(failed))
    claims = Claims(located.shown, False)
    if not isinstance(data, dict):
        return claims
    number = data.get("number")
    slug = data.get("slug")
    chapters = data.get("chapters")
    resources = data.get("resources")
    return Claims(
        located.shown,
        False,
        found.claim(("number",), number)
        if isinstance(number, int) and not isinstance(number, bool) and number > 0
        else None,
        found.claim(("slug",), slug)
        if isinstance(slug, str) and re.fullmatch(SLUG_PATTERN, slug)
        else None,
        found.texts(("themes",), data.get("themes")),
        found.texts(("doctrine",), data.get("doctrine"))
        + [
            claim
            for i, chapter in enumerate(chapters if isinstance(chapters, list) else [])
            if isinstance(chapter, dict)
            and (claim := found.text(("chapters", i, "doctrine"), chapter.get("doctrine")))
        ],
        [
            claim
            for i, resource in enumerate(resources if isinstance(resources, list) else [])
            if isinstance(resource, dict)
            and (claim := found.text(("resources", i, "ref"), resource.get("ref")))
        ],
    )


class _Finder:
    """Claims placed in their file, leaving aside the fields that failed."""

    def __init__(self, located: Located, failed: set[FieldPath]) -> None:
        self.located = located
        self.failed = failed

    def usable(self, loc: FieldPath) -> bool:
        return not any(loc[: len(bad)] == bad for bad in self.failed)

    def claim(self, loc: FieldPath, value: str | int) -> Claim | None:
        if not self.usable(loc):
            return None
        return Claim(value, *self.located.position(loc), field_name(loc))

    def text(self, loc: FieldPath, value: object) -> Claim | None:
        return self.claim(loc, value.strip()) if isinstance(value, str) and value.strip() else None

    def texts(self, loc: FieldPath, values: object) -> list[Claim]:
        if not isinstance(values, list):
            return []
        return [claim for i, v in enumerate(values) if (claim := self.text((*loc, i), v))]


def cross_file_problems(claims: list[Claims], themes: Collection[str] | None) -> list[Problem]:
    """A number or slug used by two files, an undeclared theme, and (a warning) gaps in
    the numbering, over every episode file, valid or not."""
    problems: list[Problem] = []
    for attribute in ("slug", "number"):
        first: dict[object, Claims] = {}
        for claim in claims:
            value = getattr(claim, attribute)
            if value is None:
                continue
            if value.value in first:
                problems.append(
                    claim.problem(
                        value,
                        f"« {value.value} » est déjà utilisé par {first[value.value].shown} : "
                        "choisissez-en un autre",
                    )
                )
            else:
                first[value.value] = claim
    if themes is not None:
        for claim in claims:
            written = [theme.value for theme in claim.themes]
            for index, message in unknown_themes([str(v) for v in written], themes):
                problems.append(claim.problem(claim.themes[index], message))
    numbered = [(c.number, c) for c in claims if c.number is not None]
    numbers = {int(number.value) for number, _ in numbered}
    missing = sorted(set(range(1, max(numbers) + 1)) - numbers) if numbers else []
    if missing:
        last, owner = max(numbered, key=lambda pair: int(pair[0].value))
        problems.append(
            owner.problem(
                last,
                f"numérotation avec des trous : épisode(s) {', '.join(map(str, missing))} absent(s)",
                Severity.WARNING,
            )
        )
    return problems


LinkMessage = Callable[[str], "str | None"]


def reference_problems(
    claims: list[Claims], link_message: LinkMessage, known_refs: Collection[str], resources: str
) -> list[Problem]:
    """Links to missing docs pages or anchors, and unknown shared resources, for the
    files given (the invalid ones: valid episodes are checked on their model)."""
    problems = []
    for claim in claims:
        for link in claim.links:
            if message := link_message(str(link.value)):
                problems.append(claim.problem(link, message))
        for ref in claim.refs:
            if ref.value not in known_refs:
                problems.append(claim.problem(ref, unknown_resource(str(ref.value), resources)))
    return problems


def unknown_resource(ref: str, resources: str) -> str:
    return f"ressource « {ref} » inconnue de {resources}"
