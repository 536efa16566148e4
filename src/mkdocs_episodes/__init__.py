"""mkdocs-episodes: a generator of sober, accessible video-series sites, as a MkDocs plugin."""

from mkdocs_episodes.core import (
    Episode,
    EpisodeError,
    Problem,
    Series,
    SeriesSettings,
    load_episodes,
)

__all__ = ["Episode", "EpisodeError", "Problem", "Series", "SeriesSettings", "load_episodes"]
