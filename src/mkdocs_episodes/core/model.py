"""The episode format: what a publisher may write in `episodes/*.yml`, typed and validated.

Every model forbids unknown keys, so that a misspelt field is reported instead of
being silently ignored. Messages raised here are French: publishers read them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal
from urllib.parse import urlparse

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PositiveInt,
    PrivateAttr,
    Tag,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from mkdocs_episodes.core.hosts import HOST_ID_PATTERNS, HOST_NAMES, HOST_URLS
from mkdocs_episodes.core.origin import Origin
from mkdocs_episodes.core.remote import RemoteUrlError, check_remote_url, is_remote
from mkdocs_episodes.core.text import character_problem, markdown_problem
from mkdocs_episodes.core.timecode import parse_timecode

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LANG_PATTERN = r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"


def https_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme != "https" or not parsed.netloc:
        raise ValueError(
            f"adresse « {value} » refusée : une adresse complète en https:// est attendue, "
            "par exemple https://www.numerique.gouv.fr/"
        )
    return value


def _side_path(value: str) -> str:
    if "://" in value or value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value):
        raise ValueError(
            f"chemin « {value} » refusé : attendu un fichier du dépôt, relatif au fichier "
            "de l'épisode, par exemple « mon-episode/poster.png »"
        )
    return value


def _media_src(value: str) -> str:
    """A media file: in the repository, or at an address of the object storage."""
    if not is_remote(value):
        return _side_path(value)
    try:
        return check_remote_url(value)
    except RemoteUrlError as error:
        raise ValueError(str(error)) from None


def _doc_link(value: str) -> str:
    page = value.split("#", 1)[0]
    if not page.endswith(".md") or ":" in value or page.startswith("/") or " " in value:
        raise ValueError(
            f"lien « {value} » refusé : attendu une page de docs/, par exemple "
            "« doctrine/rgesn.md » ou « doctrine/rgesn.md#video »"
        )
    return value


def _markdown(value: str) -> str:
    problem = markdown_problem(value)
    if problem:
        raise ValueError(problem)
    return value


# Every text has a length limit: a pull request is untrusted input, and each field is
# rendered, indexed and repeated in feeds. Generous for what publishers write (the demo's
# longest title is 60 characters, its notes 600), small enough to bound the build.
MAX_LINE = 200
MAX_TEXT = 1_000
MAX_NOTES = 20_000
MAX_TRANSCRIPT = 200_000
MAX_PATH = 300
MAX_URL = 2_000

HttpsUrl = Annotated[
    str,
    Field(max_length=MAX_URL),
    AfterValidator(https_url),
    Field(json_schema_extra={"format": "uri", "pattern": "^https://"}),
]
SidePath = Annotated[str, Field(min_length=1, max_length=MAX_PATH), AfterValidator(_side_path)]
# A rendition or a sound: a file of the repository (tiny demos), or its address in the
# object storage (`episodes media --stockage`), whose size and digest the YAML records.
MediaSrc = Annotated[str, Field(min_length=1, max_length=MAX_URL), AfterValidator(_media_src)]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
# The pattern is for editors (the JSON schema); the check is _doc_link's, with an example.
DocLink = Annotated[
    str,
    Field(max_length=MAX_PATH, json_schema_extra={"pattern": r"^[^/:][^:]*\.md(#[^ ]+)?$"}),
    AfterValidator(_doc_link),
]
Seconds = Annotated[
    int,
    BeforeValidator(parse_timecode),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0},
                {"type": "string", "pattern": r"^(\d+:)?[0-5]?\d:[0-5]\d$"},
            ],
            "description": "Secondes (135) ou « minutes:secondes » entre guillemets (« 2:15 »).",
        }
    ),
]
# A title, a name, a label: one line's worth.
Line = Annotated[str, Field(min_length=1, max_length=MAX_LINE)]
# A sentence or a short paragraph: a summary, a publisher, an agenda item.
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
# Markdown a publisher writes, judged before any renderer sees it.
Notes = Annotated[str, Field(min_length=1, max_length=MAX_NOTES), AfterValidator(_markdown)]
TranscriptText = Annotated[
    str, Field(min_length=1, max_length=MAX_TRANSCRIPT), AfterValidator(_markdown)
]


class Strict(BaseModel):
    """Unknown keys refused, text stripped, values frozen; no control character in any
    text (the YAML reader already refuses them; this holds for data from elsewhere)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _characters(cls, value: object) -> object:
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and (problem := character_problem(text)):
                raise ValueError(problem)
        return value


class Speaker(Strict):
    """Who speaks: a role and an organisation; a name only if the person agreed."""

    role: Line = Field(description="Fonction, par exemple « Référente numérique écoresponsable ».")
    organisation: Line = Field(description="Ministère ou service.")
    name: Line | None = Field(default=None, description="Nom (facultatif).")


class Source(Strict):
    """One self-hosted rendition of the video."""

    src: MediaSrc = Field(
        description="Fichier vidéo, relatif au fichier de l'épisode, ou son adresse https:// "
        "dans le stockage objet."
    )
    type: Annotated[str, Field(pattern=r"^video/(webm|mp4|ogg)$")] = Field(
        description="Type MIME : video/webm, video/mp4 ou video/ogg."
    )
    height: PositiveInt = Field(description="Hauteur de l'image en pixels (360, 720…).")
    size: PositiveInt = Field(description="Poids du fichier en octets.")
    codecs: Line | None = Field(default=None, description="Codecs, par exemple « vp9, opus ».")
    sha256: Sha256 | None = Field(
        default=None, description="Empreinte SHA-256 du fichier (écrite par episodes media)."
    )


class Video(Strict):
    """The video: self-hosted renditions, or one third-party host and its id."""

    sources: list[Source] | None = Field(default=None, min_length=1, max_length=10)
    host: Literal["dailymotion", "peertube", "youtube"] | None = Field(
        default=None, description="Hébergeur tiers : dailymotion, peertube ou youtube."
    )
    id: Line | None = Field(default=None, description="Identifiant de la vidéo chez l'hébergeur.")
    instance: HttpsUrl | None = Field(
        default=None,
        description="Adresse de l'instance PeerTube, par exemple https://tube.example.",
    )

    # `episodes new --host fichiers` writes `sources: []`: the files are still to be made.
    @field_validator("sources", mode="before")
    @classmethod
    def _awaited(cls, value: object) -> object:
        if value == []:
            raise ValueError(
                "pas encore de fichier vidéo : préparez-les depuis la vidéo master, où qu'elle "
                "soit, avec « episodes media CHEMIN/DU/MASTER.mp4 --episode SLUG » (SLUG : le "
                "champ slug de cet épisode), ou décrivez chaque fichier prêt (src, type, height, "
                "size)"
            )
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> Video:
        if (self.sources is None) == (self.host is None):
            raise ValueError(
                "indiquez soit des fichiers vidéo (sources), soit un hébergeur tiers (host et id), "
                "pas les deux"
            )
        if self.host is None:
            if self.id is not None or self.instance is not None:
                raise ValueError("id et instance ne servent qu'avec un hébergeur tiers (host)")
            return self
        if self.id is None:
            raise ValueError(f"l'identifiant de la vidéo {HOST_NAMES[self.host]} (id) manque")
        pattern, example = HOST_ID_PATTERNS[self.host]
        if not re.match(pattern, self.id):
            raise ValueError(
                f"identifiant {HOST_NAMES[self.host]} « {self.id} » invalide : attendu "
                f"l'identifiant seul, par exemple « {example} », pas l'adresse de la page"
            )
        if (self.host == "peertube") != (self.instance is not None):
            raise ValueError(
                "une instance (https://…) est requise pour PeerTube, et seulement pour lui"
            )
        return self

    @property
    def embed_url(self) -> str | None:
        """The host's player address, loaded only after the visitor asks for it."""
        return self._host_url(0)

    @property
    def watch_url(self) -> str | None:
        """The video's page at its host: a plain link that works without JavaScript."""
        return self._host_url(1)

    def _host_url(self, which: int) -> str | None:
        if self.host is None:
            return None
        instance = str(self.instance or "").rstrip("/")
        return HOST_URLS[self.host][which].format(id=self.id, instance=instance)

    @property
    def host_origin(self) -> str | None:
        url = self.embed_url
        if url is None:
            return None
        parsed = urlparse(url)
        return f"{parsed.scheme}://{parsed.netloc}"


class Audio(Strict):
    """An audio-only file: the lightest way to follow an episode."""

    src: MediaSrc
    type: Annotated[str, Field(pattern=r"^audio/(ogg|webm|mpeg|mp4|aac)$")] = Field(
        description="Type MIME : audio/mp4 (AAC, .m4a), audio/ogg (Opus), audio/mpeg (MP3)…"
    )
    size: PositiveInt = Field(description="Poids du fichier en octets.")
    sha256: Sha256 | None = Field(
        default=None, description="Empreinte SHA-256 du fichier (écrite par episodes media)."
    )


# Tags of a union chosen by the shape of the input; named `~…` so that the reader
# drops them from error locations (they are pydantic's, not fields a publisher writes).
ONE_FILE, FILE_LIST = "~one", "~list"


def _audio_shape(value: object) -> str | None:
    if isinstance(value, list):
        return FILE_LIST
    return ONE_FILE if isinstance(value, dict | Audio) else None


# One file (the format's first form, still valid), or the same sound in several formats:
# AAC for Apple's apps and older iPhones, Opus for the lightest download.
AudioFiles = Annotated[
    Annotated[Audio, Tag(ONE_FILE)]
    | Annotated[list[Audio], Tag(FILE_LIST), Field(min_length=1, max_length=4)],
    Discriminator(
        _audio_shape,
        custom_error_type="audio_shape",
        custom_error_message=(
            "attendu un fichier son (src, type, size) ou une liste de fichiers son, "
            "un par format (lignes commençant par « - »)"
        ),
    ),
]


class Caption(Strict):
    """A WebVTT captions file in one language."""

    src: SidePath = Field(description="Fichier WebVTT (.vtt).")
    lang: Annotated[str, Field(pattern=LANG_PATTERN)] = Field(
        default="fr", description="Langue (code BCP 47), par exemple fr ou en."
    )
    label: Line | None = Field(default=None, description="Nom affiché, par exemple « Français ».")


class Transcript(Strict):
    """The transcript: a Markdown side file, or the text itself."""

    file: SidePath | None = Field(default=None, description="Fichier Markdown (.md).")
    text: TranscriptText | None = Field(default=None, description="Transcription en Markdown.")

    @model_validator(mode="after")
    def _one_kind(self) -> Transcript:
        if (self.file is None) == (self.text is None):
            raise ValueError("indiquez soit un fichier (file), soit le texte (text), pas les deux")
        return self


class Chapter(Strict):
    """A moment of the episode that can be linked to."""

    start: Seconds
    title: Line
    doctrine: DocLink | None = Field(
        default=None, description="Page de doctrine évoquée, par exemple doctrine/rgesn.md#video."
    )


class Resource(Strict):
    """An outside resource the episode mentions: one of the site's shared resources
    (`ref`), or a title and an address."""

    ref: Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")] | None = Field(
        default=None, description="Identifiant d'une ressource de donnees/ressources.yml."
    )
    title: Line | None = None
    url: HttpsUrl | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Resource:
        if self.ref is None and (self.title is None or self.url is None):
            raise ValueError(
                "indiquez soit ref (une ressource partagée), soit title et url, par exemple "
                "« ref: rgesn » ou « title: Un guide » et « url: https://… »"
            )
        if self.ref is not None and (self.title is not None or self.url is not None):
            raise ValueError("ref suffit : le titre et l'adresse viennent de la ressource partagée")
        return self


Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]
Theme = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]


class Episode(Strict):
    """One episode of the series, as written in its YAML file."""

    # Absent for a special (« hors-série »): it stands outside the series' numbering.
    number: PositiveInt | None = Field(
        default=None,
        description="Numéro de l'épisode dans la série (sans objet pour un hors-série).",
    )
    special: bool = Field(
        default=False,
        description=(
            "Hors-série : publié à son adresse, mais sans numéro, jamais « Dernier épisode », "
            "hors du compte des épisodes de la série."
        ),
    )
    season: PositiveInt = Field(default=1, description="Numéro de la saison (1 par défaut).")
    slug: Slug = Field(
        description="Fin de l'adresse de la page (/episodes/<slug>/), qui ne doit plus changer."
    )
    title: Line
    date: dt.date = Field(description="Date de publication (AAAA-MM-JJ).")
    summary: Text = Field(description="Résumé en une ou deux phrases.")
    notes: Notes | None = Field(default=None, description="Notes d'épisode en Markdown.")
    duration: Seconds | None = Field(default=None, description="Durée : secondes ou « m:ss ».")
    speakers: list[Speaker] = Field(default_factory=list, max_length=20)
    themes: list[Theme] = Field(
        min_length=1, max_length=20, description="Thèmes déclarés dans mkdocs.yml."
    )
    video: Video
    poster: SidePath = Field(description="Image d'aperçu, hébergée par le site.")
    audio: AudioFiles | None = Field(
        default=None,
        description="Son seul : un fichier, ou une liste (AAC .m4a d'abord, puis Opus…).",
    )
    captions: list[Caption] = Field(default_factory=list, max_length=10)
    transcript: Transcript | None = None
    chapters: list[Chapter] = Field(default_factory=list, max_length=200)
    doctrine: list[DocLink] = Field(default_factory=list, max_length=20)
    resources: list[Resource] = Field(default_factory=list, max_length=100)
    draft: bool = Field(default=False, description="Brouillon : non publié.")

    _origin: Origin | None = PrivateAttr(default=None)

    def attach_origin(self, origin: Origin) -> None:
        self._origin = origin

    @property
    def origin(self) -> Origin:
        """The file the episode was read from (set by the loader)."""
        if self._origin is None:
            raise RuntimeError(f"episode {self.slug} was not read by the loader")
        return self._origin

    @property
    def transcript_markdown(self) -> str | None:
        return self._origin.transcript_markdown if self._origin else None

    def side_file_paths(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Every file of the repository the episode refers to, with the field that names
        it (media in the object storage are addresses: `remote_media`)."""
        paths: list[tuple[tuple[str | int, ...], str]] = [(("poster",), self.poster)]
        paths += [(loc, media.src) for loc, media in self.media() if not is_remote(media.src)]
        for index, caption in enumerate(self.captions):
            paths.append((("captions", index, "src"), caption.src))
        if self.transcript and self.transcript.file:
            paths.append((("transcript", "file"), self.transcript.file))
        return paths

    @property
    def audio_files(self) -> list[tuple[tuple[str | int, ...], Audio]]:
        """Each audio file with the field that describes it, in the order written."""
        if self.audio is None:
            return []
        if isinstance(self.audio, Audio):
            return [(("audio",), self.audio)]
        return [(("audio", index), audio) for index, audio in enumerate(self.audio)]

    def media(self) -> list[tuple[tuple[str | int, ...], Source | Audio]]:
        """The renditions and the sounds, with the field that names each one's file."""
        found: list[tuple[tuple[str | int, ...], Source | Audio]] = [
            (("video", "sources", index, "src"), source)
            for index, source in enumerate(self.video.sources or [])
        ]
        found += [((*loc, "src"), audio) for loc, audio in self.audio_files]
        return found

    def remote_media(self) -> list[tuple[tuple[str | int, ...], Source | Audio]]:
        """The media stored outside the repository, at an address."""
        return [(loc, media) for loc, media in self.media() if is_remote(media.src)]

    def is_published(self, today: dt.date) -> bool:
        return not self.draft and self.date <= today

    def consistency_problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Checks across fields, each tied to the field a publisher must fix."""
        problems: list[tuple[tuple[str | int, ...], str]] = []
        problems += self._numbering_problems()
        previous = -1
        for index, chapter in enumerate(self.chapters):
            if chapter.start <= previous:
                problems.append(
                    (
                        ("chapters", index, "start"),
                        "les chapitres doivent être dans l'ordre : ce début n'est pas après "
                        "celui du chapitre précédent",
                    )
                )
            if self.duration is not None and chapter.start >= self.duration:
                problems.append(
                    (
                        ("chapters", index, "start"),
                        "ce chapitre commence après la fin de l'épisode (duration)",
                    )
                )
            previous = chapter.start
        for field, values in (("themes", self.themes), ("doctrine", self.doctrine)):
            seen: set[str] = set()
            for index, value in enumerate(values):
                if value in seen:
                    problems.append(((field, index), f"« {value} » est cité deux fois"))
                seen.add(value)
        return problems

    def _numbering_problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        # Told here rather than by the schema alone, so that the message says both ways out.
        if self.special and self.number is not None:
            return [
                (
                    ("number",),
                    "un épisode hors-série (special: true) n'a pas de numéro dans la série : "
                    "retirez la ligne number (l'adresse de la page vient de slug et ne change pas)",
                )
            ]
        if not self.special and self.number is None:
            return [
                (
                    ("number",),
                    "champ obligatoire manquant : le numéro de l'épisode dans la série, par "
                    "exemple « number: 7 » ; pour un épisode hors-série, sans numéro, écrivez "
                    "« special: true »",
                )
            ]
        return []
