"""The published series: which episodes are out, their order, pages and themes."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from mkdocs_episodes.core import urls
from mkdocs_episodes.core.model import Episode


@dataclass(frozen=True)
class SeriesSettings:
    """What the site declares: theme allow-list, page size, whether drafts show."""

    themes: Mapping[str, str]
    today: dt.date
    per_page: int = 12
    # Theme pages list episodes as text, without posters: more of them per page.
    per_theme_page: int = 20
    drafts: bool = False


@dataclass(frozen=True)
class IndexPage:
    """One page of the series index, newest episodes first."""

    number: int
    count: int
    episodes: list[Episode]
    base: str = urls.EPISODES

    @property
    def url(self) -> str:
        return urls.list_page(self.number, self.base)

    @property
    def previous_url(self) -> str | None:
        return urls.list_page(self.number - 1, self.base) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return urls.list_page(self.number + 1, self.base) if self.number < self.count else None


def page_window(current: int, count: int, around: int = 2) -> list[int | None]:
    """Page numbers to link: first, last and a few around the current one; None marks a
    gap. Keeps pagination small however long the series grows."""
    shown = sorted({1, count, *range(max(1, current - around), min(count, current + around) + 1)})
    window: list[int | None] = []
    for number in shown:
        if window and number - (window[-1] or 0) > 1:
            window.append(None)
        window.append(number)
    return window


def _by_date_among(numbered: list[Episode], specials: list[Episode]) -> list[Episode]:
    """The series in order, each special placed after the episodes published before it."""
    merged: list[Episode] = []
    waiting = list(specials)
    for episode in numbered:
        while waiting and waiting[0].date < episode.date:
            merged.append(waiting.pop(0))
        merged.append(episode)
    return merged + waiting


@dataclass
class Series:
    """Published episodes in order, with the views the site is made of."""

    all_episodes: list[Episode]
    settings: SeriesSettings
    # Every published episode in order, specials included (each has its page and URL).
    episodes: list[Episode] = field(init=False)
    # The series' own episodes, by number: what is counted, the « Dernier épisode ».
    numbered: list[Episode] = field(init=False)

    def __post_init__(self) -> None:
        included = [
            episode
            for episode in self.all_episodes
            if self.settings.drafts or episode.is_published(self.settings.today)
        ]
        # The number is the publisher's order; the date breaks ties.
        self.numbered = sorted(
            (e for e in included if not e.special), key=lambda e: (e.number or 0, e.date, e.slug)
        )
        specials = sorted((e for e in included if e.special), key=lambda e: (e.date, e.slug))
        self.episodes = _by_date_among(self.numbered, specials)
        self._position = {episode.slug: index for index, episode in enumerate(self.numbered)}

    @property
    def newest_first(self) -> list[Episode]:
        return list(reversed(self.episodes))

    @property
    def count(self) -> int:
        """The series' own episodes: specials are published but not counted."""
        return len(self.numbered)

    @property
    def special_count(self) -> int:
        return len(self.episodes) - len(self.numbered)

    @property
    def latest(self) -> Episode | None:
        """The series' latest episode: never a special."""
        return self.numbered[-1] if self.numbered else None

    # A special stands outside the sequence: it has no previous or next episode, and is
    # nobody's previous or next.
    def previous(self, episode: Episode) -> Episode | None:
        index = self._position.get(episode.slug)
        return self.numbered[index - 1] if index else None

    def next(self, episode: Episode) -> Episode | None:
        index = self._position.get(episode.slug)
        if index is None or index + 1 >= len(self.numbered):
            return None
        return self.numbered[index + 1]

    def index_pages(self) -> list[IndexPage]:
        return self._paginate(self.newest_first, urls.EPISODES, self.settings.per_page)

    def theme_pages(self, theme: str) -> list[IndexPage]:
        """A theme's episodes, newest first, `per_theme_page` to a page."""
        episodes = [e for e in self.newest_first if theme in e.themes]
        return self._paginate(episodes, urls.theme(theme), self.settings.per_theme_page)

    def _paginate(self, episodes: list[Episode], base: str, size: int) -> list[IndexPage]:
        count = max(1, math.ceil(len(episodes) / size))
        return [
            IndexPage(number + 1, count, episodes[number * size : (number + 1) * size], base)
            for number in range(count)
        ]

    def themes(self) -> list[tuple[str, str, list[Episode]]]:
        """Each declared theme, its label and its episodes (newest first)."""
        by_theme: dict[str, list[Episode]] = {slug: [] for slug in self.settings.themes}
        for episode in self.newest_first:
            for theme in episode.themes:
                by_theme.setdefault(theme, []).append(episode)
        return [(slug, self.settings.themes[slug], by_theme[slug]) for slug in self.settings.themes]

    def theme_label(self, theme: str) -> str:
        return self.settings.themes.get(theme, theme)
