"""mkdocs-episodes: a generator of sober, accessible video-series sites, as a MkDocs plugin."""

from mkdocs_episodes.core.loader import load_episodes
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.problems import EpisodeError, Problem
from mkdocs_episodes.core.series import Series, SeriesSettings

__all__ = ["Episode", "EpisodeError", "Problem", "Series", "SeriesSettings", "load_episodes"]
