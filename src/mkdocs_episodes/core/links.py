"""Links from episodes to the site's own pages (doctrine), checked before publication."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.problems import Problem
from mkdocs_episodes.core.yaml_source import FieldPath

# Given a docs path such as `doctrine/rgesn.md`: the ids of its headings and other
# anchors, or None when no such page exists.
AnchorsOf = Callable[[str], "set[str] | None"]


def doc_links(episodes: Iterable[Episode]) -> list[tuple[Episode, FieldPath, str]]:
    """Every link an episode makes to a docs page, with the field that holds it."""
    links: list[tuple[Episode, FieldPath, str]] = []
    for episode in episodes:
        links += [(episode, ("doctrine", i), link) for i, link in enumerate(episode.doctrine)]
        links += [
            (episode, ("chapters", i, "doctrine"), chapter.doctrine)
            for i, chapter in enumerate(episode.chapters)
            if chapter.doctrine
        ]
    return links


def doc_link_problems(episodes: Iterable[Episode], anchors_of: AnchorsOf) -> list[Problem]:
    """A problem for each link to a missing page, or to a missing anchor of a page."""
    return [
        episode.origin.problem(loc, message)
        for episode, loc, link in doc_links(episodes)
        if (message := doc_link_message(link, anchors_of))
    ]


def doc_link_message(link: str, anchors_of: AnchorsOf) -> str | None:
    """What is wrong with a link to a docs page: a missing page or anchor, or None."""
    path, _, anchor = link.partition("#")
    anchors = anchors_of(path)
    if anchors is None:
        return (
            f"la page « {path} » n'existe pas dans docs/ (lien « {link} ») : vérifiez "
            "le chemin, par exemple « doctrine/rgesn.md »"
        )
    if anchor and anchor not in anchors:
        known = ", ".join(f"#{a}" for a in sorted(anchors)[:12]) or "aucune"
        return (
            f"l'ancre « #{anchor} » n'existe pas dans la page « {path} » "
            f"(ancres de la page : {known})"
        )
    return None
