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
    PODCAST_VIDEO,
    Channel,
    Media,
    PublishedEpisode,
    api,
    atom,
    chapters_json,
    json_feed,
    rss,
)
from mkdocs_episodes.core.podcast import PodcastSettings, transcript_text
from mkdocs_episodes.core.series import Series
from mkdocs_episodes.core.time_budget import TRANSCRIPT_SECONDS, within
from mkdocs_episodes.core.views import EpisodeView


@dataclass(frozen=True)
class SiteIdentity:
    """What feeds say of the site."""

    name: str
    description: str
    author: str
    language: str = "fr"
    podcast: PodcastSettings = field(default_factory=PodcastSettings)
    # The podcast's square cover, site-relative (None: the newest episode's poster).
    cover: str | None = None


@dataclass
class Publications:
    episodes: dict[str, PublishedEpisode] = field(default_factory=dict)
    # Site-relative URI → content: chapters, feeds, the API.
    files: dict[str, str] = field(default_factory=dict)


def enclosure(sounds: list[Media], videos: list[Media]) -> Media | None:
    """The one file podcast apps download: what every app plays first (Apple takes
    only MP3, AAC and MP4; iPhones before iOS 18.4 play no Opus), the sound before the
    video (lighter), then the lightest of the rest. Other formats stay offered as
    alternate enclosures."""
    playable = [m for m in sounds if m.type in PODCAST_AUDIO]
    playable += [m for m in videos if m.type in PODCAST_VIDEO]
    return next(iter(playable + sounds + videos), None)


def publish(
    series: Series,
    views: Mapping[str, EpisodeView],
    site: SiteIdentity,
    absolute: Callable[[str], str],
    link: Callable[[str], str],
    feed_items: int,
    kept_texts: dict[str, str] | None = None,
) -> Publications:
    """Every episode's absolute addresses, and every feed of the series; `kept_texts`:
    transcripts as plain text by their Markdown, kept from one build to the next
    (`mkdocs serve`)."""
    result = Publications()
    items: list[PublishedEpisode] = []
    texts_now: dict[str, str] = {}
    for episode in series.newest_first:
        view = views[episode.slug]
        videos = [Media(absolute(r.url), r.type, r.size, r.height) for r in view.renditions]
        sounds = [Media(absolute(f.url), f.type, f.size) for f in view.audio_files]
        sound = next((m for m in sounds if m.type in PODCAST_AUDIO), sounds[0] if sounds else None)
        item = PublishedEpisode(
            episode,
            url=absolute(view.url),
            image=absolute(view.poster.sizes[-1].url),
            embed_page=absolute(link(urls.embed(episode.slug))),
            captions=[(absolute(track.url), track.lang) for track in view.captions],
            enclosure=enclosure(sounds, videos),
            videos=videos,
            audio=sound,
            audios=sounds,
            themes=[(t, series.theme_label(t)) for t in episode.themes],
            chapter_links=[
                absolute(c.doctrine_url) if c.doctrine_url else None for c in view.chapters
            ],
        )
        if episode.transcript_markdown:
            uri = urls.transcript_text(episode.slug)
            what = f"le texte de la transcription de {episode.origin.display}"
            markdown = episode.transcript_markdown
            text = kept_texts.get(markdown) if kept_texts is not None else None
            if text is None:
                with within(TRANSCRIPT_SECONDS, what):
                    text = transcript_text(markdown)
            if kept_texts is not None:
                texts_now[markdown] = text
            result.files[uri] = text
            item = replace(item, transcript_url=absolute(uri))
        if episode.chapters:
            uri = urls.chapters(episode.slug)
            result.files[uri] = chapters_json(item)
            item = replace(item, chapters_json=absolute(uri))
        result.episodes[episode.slug] = item
        items.append(item)

    podcast = site.podcast
    cover = absolute(site.cover) if site.cover else (items[0].image if items else None)

    def channel(title: str, base: str, rss_url: str, guid: str = "") -> Channel:
        return Channel(
            title=title,
            description=site.description or title,
            home=absolute(link(base)),
            language=site.language,
            author=site.author or site.name,
            image=cover,
            rss_url=absolute(rss_url),
            atom_url=absolute(urls.ATOM),
            json_url=absolute(urls.JSON_FEED),
            category=podcast.category,
            owner_name=podcast.owner_name or site.author or site.name,
            owner_email=podcast.owner_email,
            locked=podcast.locked,
            guid=guid,
        )

    # A configured guid is the series feed's; theme feeds are shows of their own.
    whole = channel(site.name, urls.EPISODES, urls.RSS, podcast.guid)
    # Podcast apps show what the feed holds: the podcast feed keeps every episode.
    result.files[urls.RSS] = rss(whole, items)
    result.files[urls.ATOM] = atom(whole, items[:feed_items])
    result.files[urls.JSON_FEED] = json_feed(whole, items[:feed_items])
    result.files[urls.API] = api(whole, items)
    for slug, label, _episodes in series.themes():
        themed = [item for item in items if slug in item.episode.themes][:feed_items]
        feed = urls.theme_feed(slug)
        result.files[feed] = rss(channel(f"{site.name} : {label}", urls.theme(slug), feed), themed)
    if kept_texts is not None:
        # Only this build's: the memo does not grow with every save.
        kept_texts.clear()
        kept_texts.update(texts_now)
    return result
