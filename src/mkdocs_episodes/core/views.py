"""What templates show of an episode: text ready to print, URLs already resolved.

Kept out of the templates so that they stay short and overridable, and out of the
MkDocs adapter so that another site generator can reuse it: URLs come from callbacks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from mkdocs_episodes.core.french import file_size, long_date
from mkdocs_episodes.core.hosts import HOST_NAMES
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.remote import is_remote, origin
from mkdocs_episodes.core.series import Series
from mkdocs_episodes.core.timecode import clock, iso_duration, spoken_duration
from mkdocs_episodes.core.yaml_source import FieldPath

# Site-relative URL of a side file, given the field that names it.
MediaUrl = Callable[[Episode, FieldPath], str]
# Site-relative URL and title of a docs page link such as `doctrine/rgesn.md#video`.
DocLink = Callable[[str], tuple[str, str]]

_LANGUAGES = {"fr": "Français", "en": "English", "de": "Deutsch", "es": "Español"}


@dataclass(frozen=True)
class Rendition:
    url: str
    type: str
    height: int
    size: int

    @property
    def label(self) -> str:
        return f"{self.height}p"

    @property
    def size_text(self) -> str:
        return file_size(self.size)

    @property
    def download_label(self) -> str:
        """« WebM 480p, 12 Mo »: what a visitor weighs before downloading."""
        container = _VIDEO_FORMATS.get(self.type, self.type)
        return f"{container} {self.label}, {self.size_text}"


_VIDEO_FORMATS = {"video/webm": "WebM", "video/mp4": "MP4", "video/ogg": "Ogg"}


# What a listener calls each format; `.opus` names Opus in Ogg, other Ogg may be Vorbis.
_AUDIO_FORMATS = {
    "audio/mp4": "AAC",
    "audio/aac": "AAC",
    "audio/mpeg": "MP3",
    "audio/ogg": "Ogg",
    "audio/webm": "WebM",
}


@dataclass(frozen=True)
class AudioFile:
    url: str
    type: str
    size: int

    @property
    def format(self) -> str:
        if self.url.endswith(".opus"):
            return "Opus"
        return _AUDIO_FORMATS.get(self.type, self.type)

    @property
    def size_text(self) -> str:
        return file_size(self.size)

    @property
    def download_label(self) -> str:
        """« Audio AAC, 3 Mo »."""
        return f"Audio {self.format}, {self.size_text}"


@dataclass(frozen=True)
class ImageSize:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class PosterImage:
    """A poster in several widths, narrowest first, for `srcset`."""

    sizes: list[ImageSize]

    @property
    def small(self) -> ImageSize:
        return self.sizes[0]

    @property
    def medium(self) -> ImageSize:
        """For small players (an intranet's iframe)."""
        return self._widest_up_to(640)

    @property
    def large(self) -> ImageSize:
        """What a `<video poster>` gets: it takes no srcset, so a middle size."""
        return self._widest_up_to(960)

    def _widest_up_to(self, width: int) -> ImageSize:
        fitting = [size for size in self.sizes if size.width <= width]
        return fitting[-1] if fitting else self.sizes[0]


@dataclass(frozen=True)
class CaptionTrack:
    url: str
    lang: str
    label: str


@dataclass(frozen=True)
class ChapterView:
    start: int
    title: str
    doctrine_url: str | None
    doctrine_title: str | None

    @property
    def clock(self) -> str:
        return clock(self.start)

    @property
    def iso(self) -> str:
        return iso_duration(self.start)


@dataclass(frozen=True)
class LinkView:
    url: str
    title: str


@dataclass(eq=False)
class EpisodeView:
    """An episode as its page, its card and its player need it; URLs come from the
    site generator's callbacks."""

    episode: Episode
    series: Series
    page_url: Callable[[Episode], str]
    media_url: MediaUrl
    doc_link: DocLink
    theme_url: Callable[[str], str]
    poster_image: Callable[[Episode], PosterImage] | None = None
    resource_link: Callable[[str], tuple[str, str, str]] | None = None

    # Plain fields, so that templates can write `view.title`.
    def __getattr__(self, name: str) -> object:
        if name == "episode":  # not set yet (a copy being made): no endless lookup
            raise AttributeError(name)
        return getattr(self.episode, name)

    @property
    def url(self) -> str:
        return self.page_url(self.episode)

    @property
    def label(self) -> str:
        """« Épisode 6 », or « Hors-série » for an episode outside the series' numbering."""
        return "Hors-série" if self.episode.special else f"Épisode {self.episode.number}"

    @property
    def reference(self) -> str:
        """The episode named inside a sentence: « l'épisode 6 », « l'épisode hors-série »."""
        return f"l'épisode {'hors-série' if self.episode.special else self.episode.number}"

    @property
    def heading(self) -> str:
        return f"{self.label} : {self.episode.title}"

    @property
    def date_text(self) -> str:
        return long_date(self.episode.date)

    @property
    def duration_text(self) -> str | None:
        return spoken_duration(self.episode.duration) if self.episode.duration else None

    @property
    def duration_iso(self) -> str | None:
        return iso_duration(self.episode.duration) if self.episode.duration else None

    @cached_property
    def poster(self) -> PosterImage:
        if self.poster_image is not None:
            return self.poster_image(self.episode)
        # Without resized variants, the source image at an unknown size.
        return PosterImage([ImageSize(self.media_url(self.episode, ("poster",)), 0, 0)])

    @property
    def self_hosted(self) -> bool:
        return self.episode.video.sources is not None

    @property
    def host_name(self) -> str | None:
        host = self.episode.video.host
        return HOST_NAMES[host] if host else None

    @property
    def embed_url(self) -> str | None:
        return self.episode.video.embed_url

    @property
    def watch_url(self) -> str | None:
        return self.episode.video.watch_url

    @cached_property
    def renditions(self) -> list[Rendition]:
        """Lightest first: the browser picks the first it can play."""
        sources = self.episode.video.sources or []
        views = [
            Rendition(
                self._media(("video", "sources", index, "src"), source.src),
                source.type,
                source.height,
                source.size,
            )
            for index, source in enumerate(sources)
        ]
        return sorted(views, key=lambda r: (r.height, r.size))

    @property
    def quality_choices(self) -> list[tuple[str, str, Rendition]]:
        """« sobre » (the lightest) and « standard » (the best up to 720p), when they differ."""
        renditions = self.renditions
        if len(renditions) < 2 or renditions[0].height == renditions[-1].height:
            return []
        up_to_720 = [r for r in renditions if r.height <= 720] or renditions
        return [("sobre", "Sobre", renditions[0]), ("standard", "Standard", up_to_720[-1])]

    @cached_property
    def audio_files(self) -> list[AudioFile]:
        """Lightest first: a browser plays the first `<source>` whose type it can play."""
        files = [
            AudioFile(self._media((*loc, "src"), audio.src), audio.type, audio.size)
            for loc, audio in self.episode.audio_files
        ]
        return sorted(files, key=lambda f: f.size)

    @property
    def audio(self) -> AudioFile | None:
        """The lightest audio file, if any."""
        return self.audio_files[0] if self.audio_files else None

    def _media(self, loc: FieldPath, src: str) -> str:
        """A file published beside the page, or its address in the object storage, as the
        YAML gives it (the build never fetches it)."""
        return src if is_remote(src) else self.media_url(self.episode, loc)

    @property
    def media_origins(self) -> set[str]:
        """Where the player fetches media from, besides the site (for the CSP)."""
        return {origin(media.src) for _loc, media in self.episode.remote_media()}

    @cached_property
    def captions(self) -> list[CaptionTrack]:
        return [
            CaptionTrack(
                self.media_url(self.episode, ("captions", index, "src")),
                caption.lang,
                caption.label or _LANGUAGES.get(caption.lang.split("-")[0], caption.lang),
            )
            for index, caption in enumerate(self.episode.captions)
        ]

    @property
    def chapters(self) -> list[ChapterView]:
        views = []
        for chapter in self.episode.chapters:
            url = title = None
            if chapter.doctrine:
                url, title = self.doc_link(chapter.doctrine)
            views.append(ChapterView(chapter.start, chapter.title, url, title))
        return views

    @property
    def doctrine_links(self) -> list[LinkView]:
        return [LinkView(*self.doc_link(link)) for link in self.episode.doctrine]

    @property
    def theme_links(self) -> list[LinkView]:
        return [
            LinkView(self.theme_url(theme), self.series.theme_label(theme))
            for theme in self.episode.themes
        ]

    @property
    def resource_links(self) -> list[tuple[str, str, str | None]]:
        """Title, outside address, and the shared resource's entry on the site if any."""
        links: list[tuple[str, str, str | None]] = []
        for resource in self.episode.resources:
            if resource.ref and self.resource_link:
                links.append(self.resource_link(resource.ref))
            elif resource.title and resource.url:
                links.append((resource.title, str(resource.url), None))
        return links

    @property
    def has_transcript(self) -> bool:
        return bool(self.episode.transcript_markdown)
