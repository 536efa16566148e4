"""Feeds and open data of the series: RSS 2.0 (iTunes and Podcasting 2.0 tags), Atom,
JSON Feed 1.1, JSON chapters and the episodes API. Pure functions: absolute URLs come
in with the episodes, so that any site generator can call them.

XML is built with ElementTree and JSON with json.dumps: publishers' text is escaped by
the serialisers, never pasted into markup. RSS readers take `<description>` as HTML:
the plain-text summary is escaped as HTML text first, so that `<b>` shows as written.
Characters XML 1.0 cannot hold are dropped before serialising (the readers refuse them
already), so that no text can make a feed ill-formed.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from email.utils import format_datetime
from typing import Any

from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.podcast import feed_guid
from mkdocs_episodes.core.text import xml_text
from mkdocs_episodes.core.timecode import clock

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
# The enclosure types every podcast app plays (Apple's list: MP3, AAC, MP4 video).
PODCAST_AUDIO = ("audio/mp4", "audio/mpeg", "audio/aac")
PODCAST_VIDEO = ("video/mp4",)
ET.register_namespace("itunes", ITUNES)
ET.register_namespace("podcast", PODCAST)
ET.register_namespace("atom", ATOM)


@dataclass(frozen=True)
class Media:
    url: str
    type: str
    size: int
    height: int | None = None


@dataclass(frozen=True)
class PublishedEpisode:
    """An episode with the absolute URLs of everything published for it."""

    episode: Episode
    url: str
    image: str
    embed_page: str
    chapters_json: str | None = None
    captions: list[tuple[str, str]] = field(default_factory=list)  # (url, lang)
    enclosure: Media | None = None
    videos: list[Media] = field(default_factory=list)
    audio: Media | None = None  # the one podcast apps get
    audios: list[Media] = field(default_factory=list)  # every format, as written
    themes: list[tuple[str, str]] = field(default_factory=list)  # (slug, label)
    # The transcript as a plain-text document (podcast:transcript), if any.
    transcript_url: str | None = None
    # Each chapter's link: the doctrine page it cites, or None.
    chapter_links: list[str | None] = field(default_factory=list)

    @property
    def published(self) -> dt.datetime:
        # Publication dates are Paris dates; noon keeps the day whatever the reader's zone.
        return dt.datetime.combine(self.episode.date, dt.time(12, 0), tzinfo=dt.UTC)


@dataclass(frozen=True)
class Channel:
    title: str
    description: str
    home: str
    language: str
    author: str
    image: str | None
    rss_url: str
    atom_url: str
    json_url: str
    # Apple's category (« Parent », then its subcategory if any) and the show's owner.
    category: tuple[str, ...] = ()
    owner_name: str = ""
    owner_email: str = ""
    locked: bool = False
    # podcast:guid; "" for the one the namespace derives from the feed's URL.
    guid: str = ""


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {key: xml_text(v) for key, v in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _html_text(text: str) -> str:
    """Plain text for an element readers render as HTML (RSS `<description>`)."""
    return html.escape(text, quote=False)


def rss(channel: Channel, items: list[PublishedEpisode]) -> str:
    root = ET.Element("rss", {"version": "2.0"})
    node = _sub(root, "channel")
    _sub(node, "title", channel.title)
    _sub(node, "link", channel.home)
    _sub(node, "description", _html_text(channel.description))
    _sub(node, "language", channel.language)
    _sub(node, f"{{{ATOM}}}link", href=channel.rss_url, rel="self", type="application/rss+xml")
    _sub(node, f"{{{ITUNES}}}author", channel.author)
    _sub(node, f"{{{ITUNES}}}explicit", "false")
    _sub(node, f"{{{ITUNES}}}type", "episodic")
    _podcast_channel(node, channel)
    if channel.image:
        _sub(node, f"{{{ITUNES}}}image", href=channel.image)
        image = _sub(node, "image")
        _sub(image, "url", channel.image)
        _sub(image, "title", channel.title)
        _sub(image, "link", channel.home)
    if items:
        _sub(node, "lastBuildDate", format_datetime(max(i.published for i in items)))
    for item in items:
        episode = item.episode
        entry = _sub(node, "item")
        _sub(entry, "title", episode.title)
        _sub(entry, "link", item.url)
        _sub(entry, "guid", item.url, isPermaLink="true")
        _sub(entry, "pubDate", format_datetime(item.published))
        _sub(entry, "description", _html_text(episode.summary))
        for _slug, label in item.themes:
            _sub(entry, "category", label)
        if item.enclosure:
            _sub(
                entry,
                "enclosure",
                url=item.enclosure.url,
                length=str(item.enclosure.size),
                type=item.enclosure.type,
            )
        _alternate_enclosures(entry, item)
        _sub(entry, f"{{{ITUNES}}}title", episode.title)
        # Plain text for Apple Podcasts, unlike the description.
        _sub(entry, f"{{{ITUNES}}}summary", episode.summary)
        # No episode image: Apple takes only square JPEG or PNG artwork, and the posters
        # are 16:9 WebP; apps show the show's cover instead.
        # A special (« hors-série ») has no number: Apple's « bonus », outside the count.
        if episode.number is not None:
            _sub(entry, f"{{{ITUNES}}}episode", str(episode.number))
        _sub(entry, f"{{{ITUNES}}}season", str(episode.season))
        _sub(entry, f"{{{ITUNES}}}episodeType", "bonus" if episode.special else "full")
        _sub(entry, f"{{{ITUNES}}}explicit", "false")
        if episode.duration:
            _sub(entry, f"{{{ITUNES}}}duration", str(episode.duration))
        _sub(entry, f"{{{PODCAST}}}season", str(episode.season))
        if episode.number is not None:
            _sub(entry, f"{{{PODCAST}}}episode", str(episode.number))
        for url, lang in item.captions:
            _sub(
                entry,
                f"{{{PODCAST}}}transcript",
                url=url,
                type="text/vtt",
                language=lang,
                rel="captions",
            )
        if item.transcript_url:
            _sub(
                entry,
                f"{{{PODCAST}}}transcript",
                url=item.transcript_url,
                type="text/plain",
                language=channel.language,
            )
        # Named speakers only: a name is published with the person's consent.
        for speaker in episode.speakers:
            if speaker.name:
                _sub(entry, f"{{{PODCAST}}}person", speaker.name, role="guest", group="cast")
        if item.chapters_json:
            _sub(
                entry,
                f"{{{PODCAST}}}chapters",
                url=item.chapters_json,
                type="application/json+chapters",
            )
    # No indentation: readers parse feeds, and a feed of every episode is polled often.
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _podcast_channel(node: ET.Element, channel: Channel) -> None:
    """What podcast directories require of a show: Apple's category and owner, the
    Podcast Index identity and lock."""
    # The category is in an attribute named `text`, which _sub's own argument shadows.
    parent = node
    for name in channel.category:
        parent = ET.SubElement(parent, f"{{{ITUNES}}}category", {"text": xml_text(name)})
    if channel.owner_name or channel.owner_email:
        owner = _sub(node, f"{{{ITUNES}}}owner")
        if channel.owner_name:
            _sub(owner, f"{{{ITUNES}}}name", channel.owner_name)
        if channel.owner_email:
            _sub(owner, f"{{{ITUNES}}}email", channel.owner_email)
    _sub(node, f"{{{PODCAST}}}guid", channel.guid or feed_guid(channel.rss_url))
    lock = {"owner": channel.owner_email} if channel.owner_email else {}
    _sub(node, f"{{{PODCAST}}}locked", "yes" if channel.locked else "no", **lock)


def _alternate_enclosures(entry: ET.Element, item: PublishedEpisode) -> None:
    """Every file of the episode, for the apps that let a listener choose (the Podcast
    Index namespace): the enclosure's own marked as the default."""
    duration = item.episode.duration
    for media in [*item.audios, *item.videos]:
        attributes = {"type": media.type, "length": str(media.size)}
        if duration:
            attributes["bitrate"] = str(round(media.size * 8 / duration))
        if media.height:
            attributes["height"] = str(media.height)
        if item.enclosure and media.url == item.enclosure.url:
            attributes["default"] = "true"
        alternate = _sub(entry, f"{{{PODCAST}}}alternateEnclosure", **attributes)
        _sub(alternate, f"{{{PODCAST}}}source", uri=media.url)


def atom(channel: Channel, items: list[PublishedEpisode]) -> str:
    # Plain tags under a default namespace declared by hand: ElementTree would
    # otherwise prefix every tag.
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": xml_text(channel.language)})
    _sub(root, "id", channel.atom_url)
    _sub(root, "title", channel.title)
    _sub(root, "subtitle", channel.description)
    _sub(root, "link", href=channel.home, rel="alternate", type="text/html")
    _sub(root, "link", href=channel.atom_url, rel="self", type="application/atom+xml")
    updated = max((i.published for i in items), default=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    _sub(root, "updated", updated.isoformat())
    author = _sub(root, "author")
    _sub(author, "name", channel.author)
    for item in items:
        episode = item.episode
        entry = _sub(root, "entry")
        _sub(entry, "id", item.url)
        _sub(entry, "title", episode.title)
        _sub(entry, "link", href=item.url, rel="alternate", type="text/html")
        if item.enclosure:
            _sub(
                entry,
                "link",
                href=item.enclosure.url,
                rel="enclosure",
                type=item.enclosure.type,
                length=str(item.enclosure.size),
            )
        _sub(entry, "published", item.published.isoformat())
        _sub(entry, "updated", item.published.isoformat())
        _sub(entry, "summary", episode.summary)
        for slug, label in item.themes:
            _sub(entry, "category", term=slug, label=label)
    text = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n"


def json_feed(channel: Channel, items: list[PublishedEpisode]) -> str:
    feed: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": channel.title,
        "home_page_url": channel.home,
        "feed_url": channel.json_url,
        "description": channel.description,
        "language": channel.language,
        "authors": [{"name": channel.author}],
        "items": [],
    }
    if channel.image:
        feed["icon"] = channel.image
    for item in items:
        episode = item.episode
        entry: dict[str, Any] = {
            "id": item.url,
            "url": item.url,
            "title": episode.title,
            "content_text": episode.summary,
            "summary": episode.summary,
            "image": item.image,
            "date_published": item.published.isoformat(),
            "tags": [label for _slug, label in item.themes],
        }
        if item.enclosure:
            attachment: dict[str, Any] = {
                "url": item.enclosure.url,
                "mime_type": item.enclosure.type,
                "size_in_bytes": item.enclosure.size,
            }
            if episode.duration:
                attachment["duration_in_seconds"] = episode.duration
            entry["attachments"] = [attachment]
        feed["items"].append(entry)
    return _json(feed)


def chapters_json(item: PublishedEpisode) -> str:
    """Podcasting 2.0 JSON chapters."""
    chapters: list[dict[str, Any]] = []
    links = item.chapter_links or [None] * len(item.episode.chapters)
    for chapter, link in zip(item.episode.chapters, links, strict=True):
        entry: dict[str, Any] = {"startTime": chapter.start, "title": chapter.title}
        # The page a chapter cites; a chapter citing none gets no link (the episode's own
        # page is where the listener already is).
        if link:
            entry["url"] = link
        chapters.append(entry)
    return _json({"version": "1.2.0", "chapters": chapters})


def api(channel: Channel, items: list[PublishedEpisode]) -> str:
    """The published episodes as open data; field names are documented and stable."""
    episodes = []
    for item in items:
        episode = item.episode
        video = episode.video
        episodes.append(
            {
                "number": episode.number,
                "special": episode.special,
                "season": episode.season,
                "slug": episode.slug,
                "title": episode.title,
                "date": episode.date.isoformat(),
                "summary": episode.summary,
                "duration_seconds": episode.duration,
                "url": item.url,
                "embed_url": item.embed_page,
                "image": item.image,
                "themes": [{"id": slug, "label": label} for slug, label in item.themes],
                "speakers": [speaker.model_dump(exclude_none=True) for speaker in episode.speakers],
                "video": {
                    "host": video.host or "self",
                    "id": video.id,
                    "player_url": video.embed_url,
                    "page_url": video.watch_url,
                    "files": [
                        {"url": m.url, "type": m.type, "height": m.height, "size_bytes": m.size}
                        for m in item.videos
                    ],
                },
                "audio": (
                    {"url": item.audio.url, "type": item.audio.type, "size_bytes": item.audio.size}
                    if item.audio
                    else None
                ),
                # Every format of the sound; `audio` is the one podcast apps get.
                "audio_files": [
                    {"url": m.url, "type": m.type, "size_bytes": m.size} for m in item.audios
                ],
                "captions": [{"url": url, "lang": lang} for url, lang in item.captions],
                "transcript_url": f"{item.url}#transcription" if episode.transcript else None,
                "transcript_text_url": item.transcript_url,
                "chapters": [
                    {"start_seconds": c.start, "start": clock(c.start), "title": c.title}
                    for c in episode.chapters
                ],
                "resources": [r.model_dump() for r in episode.resources],
            }
        )
    data = {
        "version": 1,
        "series": {"title": channel.title, "url": channel.home, "language": channel.language},
        "episodes": episodes,
    }
    return _json(data)


# A lone surrogate, left raw by ensure_ascii=False, could not be written as UTF-8, and
# strict readers refuse its escape.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _json(data: object) -> str:
    """Compact: machines read these files, often (feed readers poll); `jq` shows them.
    json.dumps escapes the C0 controls; a lone surrogate (which the readers refuse
    already) is dropped rather than failing the build."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _SURROGATE.sub("", text) + "\n"
