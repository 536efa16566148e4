"""What the series publishes beside its pages: for each episode its absolute addresses
and JSON chapters, then the feeds (series and themes) and the open-data API.

MkDocs-free: the caller says how a site-relative URL becomes absolute and how a page
URL is linked; it gets back the files to publish, by site-relative URI.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from mkdocs_episodes.core import urls
from mkdocs_episodes.core.feeds import (
    PODCAST_AUDIO,
    Channel,
    Media,
    PublishedEpisode,
    api,
    atom,
    chapters_json,
    json_feed,
    rss,
)
from mkdocs_episodes.core.series import Series
from mkdocs_episodes.core.views import EpisodeView


@dataclass(frozen=True)
class SiteIdentity:
    """What feeds say of the site."""

    name: str
    description: str
    author: str
    language: str = "fr"


@dataclass
class Publications:
    episodes: dict[str, PublishedEpisode] = field(default_factory=dict)
    # Site-relative URI → content: chapters, feeds, the API.
    files: dict[str, str] = field(default_factory=dict)


def publish(
    series: Series,
    views: Mapping[str, EpisodeView],
    site: SiteIdentity,
    absolute: Callable[[str], str],
    link: Callable[[str], str],
    feed_items: int,
) -> Publications:
    """Every episode's absolute addresses, and every feed of the series."""
    result = Publications()
    items: list[PublishedEpisode] = []
    for episode in series.newest_first:
        view = views[episode.slug]
        videos = [Media(absolute(r.url), r.type, r.size, r.height) for r in view.renditions]
        sounds = [Media(absolute(f.url), f.type, f.size) for f in view.audio_files]
        # Apple Podcasts and iPhones before iOS 18.4 play AAC or MP3, not Opus.
        sound = next((m for m in sounds if m.type in PODCAST_AUDIO), sounds[0] if sounds else None)
        item = PublishedEpisode(
            episode,
            url=absolute(view.url),
            image=absolute(view.poster.sizes[-1].url),
            embed_page=absolute(link(urls.embed(episode.slug))),
            captions=[(absolute(track.url), track.lang) for track in view.captions],
            # Podcast apps play the sound alone when there is one: lighter.
            enclosure=sound or (videos[0] if videos else None),
            videos=videos,
            audio=sound,
            audios=sounds,
            themes=[(t, series.theme_label(t)) for t in episode.themes],
        )
        if episode.chapters:
            uri = urls.chapters(episode.slug)
            result.files[uri] = chapters_json(item)
            item = replace(item, chapters_json=absolute(uri))
        result.episodes[episode.slug] = item
        items.append(item)

    def channel(title: str, base: str, rss_url: str) -> Channel:
        return Channel(
            title=title,
            description=site.description or title,
            home=absolute(link(base)),
            language=site.language,
            author=site.author or site.name,
            image=items[0].image if items else None,
            rss_url=absolute(rss_url),
            atom_url=absolute(urls.ATOM),
            json_url=absolute(urls.JSON_FEED),
        )

    whole = channel(site.name, urls.EPISODES, urls.RSS)
    # Podcast apps show what the feed holds: the podcast feed keeps every episode.
    result.files[urls.RSS] = rss(whole, items)
    result.files[urls.ATOM] = atom(whole, items[:feed_items])
    result.files[urls.JSON_FEED] = json_feed(whole, items[:feed_items])
    result.files[urls.API] = api(whole, items)
    for slug, label, _episodes in series.themes():
        themed = [item for item in items if slug in item.episode.themes][:feed_items]
        feed = urls.theme_feed(slug)
        result.files[feed] = rss(channel(f"{site.name} : {label}", urls.theme(slug), feed), themed)
    return result
