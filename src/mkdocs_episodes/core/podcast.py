"""What podcast apps require of a series, beyond RSS: Apple's categories, the show's owner,
its Podcast Index identity (`podcast:guid`), its cover, and transcripts as plain text.

The settings' shape (`podcast:` in mkdocs.yml) is checked here, with French messages;
`core/settings.py` wires the check in with the other settings.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from mkdocs_episodes.core.gate import GateError, admit
from mkdocs_episodes.core.media_types import side_file_problems

# The Podcast Index namespace's own UUID: a feed's guid is the UUIDv5 of its URL in it.
GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

# Apple Podcasts' categories and subcategories, as `itunes:category` must spell them
# (any other text makes Apple refuse the feed).
APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": (
        "Books",
        "Design",
        "Fashion & Beauty",
        "Food",
        "Performing Arts",
        "Visual Arts",
    ),
    "Business": (
        "Careers",
        "Entrepreneurship",
        "Investing",
        "Management",
        "Marketing",
        "Non-Profit",
    ),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": (
        "Alternative Health",
        "Fitness",
        "Medicine",
        "Mental Health",
        "Nutrition",
        "Sexuality",
    ),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga",
        "Automotive",
        "Aviation",
        "Crafts",
        "Games",
        "Hobbies",
        "Home & Garden",
        "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News",
        "Daily News",
        "Entertainment News",
        "News Commentary",
        "Politics",
        "Sports News",
        "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism",
        "Christianity",
        "Hinduism",
        "Islam",
        "Judaism",
        "Religion",
        "Spirituality",
    ),
    "Science": (
        "Astronomy",
        "Chemistry",
        "Earth Sciences",
        "Life Sciences",
        "Mathematics",
        "Natural Sciences",
        "Nature",
        "Physics",
        "Social Sciences",
    ),
    "Society & Culture": (
        "Documentary",
        "Personal Journals",
        "Philosophy",
        "Places & Travel",
        "Relationships",
    ),
    "Sports": (
        "Baseball",
        "Basketball",
        "Cricket",
        "Fantasy Sports",
        "Football",
        "Golf",
        "Hockey",
        "Rugby",
        "Running",
        "Soccer",
        "Swimming",
        "Tennis",
        "Volleyball",
        "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}

_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_KEYS = ("cover", "category", "owner", "locked", "guid")


class PodcastSettingError(ValueError):
    """A `podcast:` value refused, in French; `entry`: the key at fault."""

    def __init__(self, message: str, entry: str) -> None:
        super().__init__(message)
        self.entry = entry


@dataclass(frozen=True)
class PodcastSettings:
    """How the series presents itself to podcast apps (`podcast:` in mkdocs.yml)."""

    # A square JPEG, PNG or WebP, 1400 px or more, relative to mkdocs.yml ("": the
    # newest episode's poster, fitted into a square).
    cover: str = ""
    # Apple's category, « Parent » or « Parent > Sous-catégorie ».
    category: tuple[str, ...] = ("Government",)
    # Who answers for the show: Spotify and Apple write to this address to verify it.
    owner_name: str = ""
    owner_email: str = ""
    # `podcast:locked`: other platforms may not import the feed without the owner.
    locked: bool = True
    # The feed's `podcast:guid`, to keep when the feed moves ("": from the feed's URL).
    guid: str = ""


def check_podcast(value: object) -> PodcastSettings:
    """The `podcast:` setting, checked; PodcastSettingError otherwise."""
    if isinstance(value, PodcastSettings):
        return value
    if not isinstance(value, dict):
        raise PodcastSettingError(
            "ensemble de champs attendu (cover, category, owner, locked, guid)", "podcast"
        )
    for key in value:
        if key not in _KEYS:
            raise PodcastSettingError(
                f"champ inconnu « {key} » (champs possibles : {', '.join(sorted(_KEYS))})",
                str(key),
            )
    default = PodcastSettings()
    cover = _text(value.get("cover", default.cover), "cover")
    if cover.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", cover):
        raise PodcastSettingError(
            f"cover : chemin relatif au dossier de mkdocs.yml attendu (trouvé « {cover} »)", "cover"
        )
    category = _category(value.get("category", " > ".join(default.category)))
    owner = value.get("owner", {})
    if not isinstance(owner, dict) or set(owner) - {"name", "email"}:
        raise PodcastSettingError(
            "owner : name et email attendus, par exemple « name: MiNumEco » et "
            "« email: contact@exemple.gouv.fr »",
            "owner",
        )
    name = _text(owner.get("name", ""), "name").strip()
    email = _text(owner.get("email", ""), "email").strip()
    if email and not _EMAIL.match(email):
        raise PodcastSettingError(
            f"owner.email : adresse électronique attendue, par exemple "
            f"« contact@exemple.gouv.fr » (trouvé « {email} »)",
            "email",
        )
    locked = value.get("locked", default.locked)
    if not isinstance(locked, bool):
        raise PodcastSettingError(f"locked : true ou false attendu (trouvé « {locked} »)", "locked")
    guid = _text(value.get("guid", ""), "guid").strip().lower()
    if guid and not _UUID.match(guid):
        raise PodcastSettingError(
            "guid : identifiant UUID attendu, par exemple "
            f"« 917393e3-1b1e-5cef-ace4-edaa54e1f810 » (trouvé « {guid} »)",
            "guid",
        )
    return PodcastSettings(cover, category, name, email, locked, guid)


def _text(value: object, entry: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PodcastSettingError(f"{entry} : texte attendu (trouvé « {value} »)", entry)
    return value


def _category(value: object) -> tuple[str, ...]:
    text = _text(value, "category")
    parts = tuple(part.strip() for part in text.split(">"))
    parent, children = parts[0], APPLE_CATEGORIES.get(parts[0])
    if children is None or len(parts) > 2 or (len(parts) == 2 and parts[1] not in children):
        close = [name for name in APPLE_CATEGORIES if name.casefold() == parent.casefold()]
        hint = f" ; vouliez-vous dire « {close[0]} » ?" if close and close[0] != parent else ""
        choices = f" (sous-catégories de {parent} : {', '.join(children)})" if children else ""
        raise PodcastSettingError(
            f"category : catégorie d'Apple Podcasts inconnue « {text} »{hint}{choices} ; "
            "écrivez-la en anglais, comme Apple, par exemple « Government » ou "
            "« Science > Natural Sciences »",
            "category",
        )
    return parts


def feed_guid(feed_url: str) -> str:
    """`podcast:guid` as the namespace defines it: the UUIDv5 of the feed's URL without
    its scheme and trailing slashes."""
    name = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", feed_url).rstrip("/")
    return str(uuid.uuid5(GUID_NAMESPACE, name))


def cover_problem(root: Path, cover: str) -> str | None:
    """Why the configured cover cannot be used (through the gate, an image of an accepted
    kind within the poster limits), or None."""
    try:
        real = admit(root / cover, root)
    except GateError as error:
        return f"fichier « {cover} » {error}"
    problems = side_file_problems(("poster",), cover, real)
    return problems[0][1] if problems else None


# Transcripts are CommonMark (as on the pages); their text is what a player shows.
_MARKDOWN = MarkdownIt("commonmark")
_BLOCK_ENDS = {"paragraph_close", "heading_close", "list_item_close", "blockquote_close"}


def transcript_text(markdown: str) -> str:
    """A Markdown transcript as plain text (`text/plain` for `podcast:transcript`):
    paragraphs kept, markup dropped. One pass over the tokens, no HTML rendering."""
    blocks: list[str] = []
    current: list[str] = []
    for token in _MARKDOWN.parse(markdown):
        if token.type == "inline":
            for child in token.children or []:
                if child.type in {"text", "code_inline"}:
                    current.append(child.content)
                elif child.type == "softbreak":
                    current.append(" ")
                elif child.type == "hardbreak":
                    current.append("\n")
        elif token.type in {"fence", "code_block"}:
            current.append(token.content.rstrip("\n"))
        if token.type in _BLOCK_ENDS | {"fence", "code_block"} and current:
            blocks.append("".join(current).strip())
            current = []
    return "\n\n".join(block for block in blocks if block) + "\n"
