"""The generator's settings (`plugins: - episodes:` in mkdocs.yml), checked here so that
`episodes check` and the build judge them alike, whatever reads the configuration.

Each setting has one default and one check that returns its value or raises
SettingError with a French message; an adapter wraps them as its own options.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from mkdocs_episodes.core.media_limits import DEFAULT_MAX_HEIGHT
from mkdocs_episodes.core.model import SLUG_PATTERN
from mkdocs_episodes.core.podcast import PodcastSettingError, PodcastSettings, check_podcast
from mkdocs_episodes.core.remote import RemoteUrlError, check_remote_url, parse_storage


class SettingError(ValueError):
    """A setting's value refused, in French; `entry`: the key inside it at fault."""

    def __init__(self, message: str, entry: str | None = None) -> None:
        super().__init__(message)
        self.entry = entry


@dataclass(frozen=True)
class Budget:
    """Per page, before any interaction: checked by `episodes budget`, published in the
    eco-design statement (MiNumEco's own declaration is stricter than RGESN 6.1)."""

    requests: int = 10
    size_kb: float = 120
    ecoindex: float = 85


@dataclass(frozen=True)
class Settings:
    """What a site declares for its series; paths are relative to mkdocs.yml."""

    episodes_dir: str = "episodes"
    # Doctrine pages (in docs/): validated front matter, review date, citing episodes.
    doctrine_dir: str = "doctrine"
    # Shared resources and the referents' network, as data files ("" for none).
    resources_file: str = "donnees/ressources.yml"
    network_file: str = "donnees/reseau.yml"
    # Resized posters and compiled templates are kept here between builds.
    cache_dir: str = ".cache/episodes"
    themes: Mapping[str, str] = field(default_factory=dict)
    per_page: int = 12
    per_theme_page: int = 20
    # Atom, JSON Feed and theme feeds carry the latest episodes only: readers poll them
    # again and again. The podcast feed and the API list every episode.
    feed_items: int = 50
    # Processes that share the build's work: "auto" (one per core but one, from 50
    # episodes on) or a number (0: none).
    workers: int | str = "auto"
    drafts: bool = False
    # Every published URL, committed; a URL that disappears without a redirect fails
    # the build. The build adds new URLs to it.
    url_list: str = "urls.txt"
    # Moved pages: old site-relative URL → new one, each served as a static redirect.
    redirects: Mapping[str, str] = field(default_factory=dict)
    # Named as the author of the feeds (default: the site's name).
    author: str = ""
    # Pagefind, run after the build; its files load only when a visitor searches.
    search: bool = True
    budget: Budget = field(default_factory=Budget)
    # The tallest rendition an episode may offer (RGESN 5.3); more only when asked here.
    max_height: int = DEFAULT_MAX_HEIGHT
    # Object storage of the renditions (`episodes media`): s3://BUCKET/PREFIX, and the
    # public address (a CDN's) of that folder; "" for none.
    media_storage: str = ""
    media_url: str = ""
    # What podcast apps require: cover, Apple category, owner, lock, guid.
    podcast: PodcastSettings = field(default_factory=PodcastSettings)


def _shown(value: object) -> str:
    return f" (trouvé « {value} »)" if not isinstance(value, dict | list) else ""


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise SettingError(f"texte attendu{_shown(value)}")
    return value


def _path(value: object) -> str:
    text = _text(value)
    if text.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", text):
        raise SettingError(f"chemin relatif au dossier de mkdocs.yml attendu (trouvé « {text} »)")
    return text


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise SettingError(f"true ou false attendu{_shown(value)}")
    return value


def _positive(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SettingError(f"nombre entier positif attendu{_shown(value)}")
    return value


def _workers(value: object) -> int | str:
    if value == "auto" or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value  # type: ignore[return-value]
    raise SettingError(f"« auto » ou un nombre (0 : aucun) attendu{_shown(value)}")


def _themes(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        raise SettingError(
            "identifiant: libellé attendu, par exemple « sobriete: Sobriété numérique »"
        )
    for key, label in value.items():
        if not isinstance(key, str) or not re.match(SLUG_PATTERN, key):
            raise SettingError(
                f"thème « {key} » invalide : identifiant en minuscules sans accents, par "
                "exemple « sobriete: Sobriété numérique »",
                str(key),
            )
        if not isinstance(label, str) or not label.strip():
            raise SettingError(
                f"thème « {key} » sans libellé : par exemple « {key}: Mon thème »", str(key)
            )
    return dict(value)


def _redirects(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise SettingError("ancienne adresse: nouvelle adresse attendu, par exemple « /a/: /b/ »")
    return dict(value)


def _number(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise SettingError(f"budget.{name} : nombre positif attendu{_shown(value)}")
    return value


def _budget(value: object) -> Budget:
    if isinstance(value, Budget):
        return value
    if not isinstance(value, dict):
        raise SettingError("requests, size_kb et ecoindex attendus")
    unknown = set(value) - {"requests", "size_kb", "ecoindex"}
    if unknown:
        raise SettingError(
            f"champ inconnu « {sorted(unknown)[0]} » (champs possibles : ecoindex, requests, size_kb)"
        )
    default = Budget()
    requests = value.get("requests", default.requests)
    if isinstance(requests, bool) or not isinstance(requests, int) or requests < 1:
        raise SettingError(f"budget.requests : nombre entier positif attendu{_shown(requests)}")
    return Budget(
        requests,
        _number(value.get("size_kb", default.size_kb), "size_kb"),
        _number(value.get("ecoindex", default.ecoindex), "ecoindex"),
    )


def _storage(value: object) -> str:
    text = _text(value)
    if text:
        try:
            parse_storage(text)
        except RemoteUrlError as error:
            raise SettingError(str(error)) from None
    return text


def _media_url(value: object) -> str:
    text = _text(value)
    if text:
        try:
            check_remote_url(text, folder=True)
        except RemoteUrlError as error:
            raise SettingError(str(error)) from None
    return text


def _height(value: object) -> int:
    height = _positive(value)
    if not 144 <= height <= 2160:
        raise SettingError(f"hauteur en pixels entre 144 et 2160 attendue (trouvé « {height} »)")
    return height


def _podcast(value: object) -> PodcastSettings:
    try:
        return check_podcast(value)
    except PodcastSettingError as error:
        raise SettingError(str(error), error.entry) from None


CHECKS: dict[str, Callable[[Any], Any]] = {
    "episodes_dir": _path,
    "doctrine_dir": _path,
    "resources_file": _path,
    "network_file": _path,
    # Written, never published: anywhere on the machine (CI keeps it between runs).
    "cache_dir": _text,
    "themes": _themes,
    "per_page": _positive,
    "per_theme_page": _positive,
    "feed_items": _positive,
    "workers": _workers,
    "drafts": _flag,
    "url_list": _path,
    "redirects": _redirects,
    "author": _text,
    "search": _flag,
    "budget": _budget,
    "max_height": _height,
    "media_storage": _storage,
    "media_url": _media_url,
    "podcast": _podcast,
}


def default(name: str) -> Any:
    """A setting's default value, from `Settings` alone."""
    declared = next(f for f in fields(Settings) if f.name == name)
    return declared.default_factory() if callable(declared.default_factory) else declared.default


def check(name: str, value: object) -> Any:
    """A setting's value, checked; SettingError otherwise."""
    return CHECKS[name](value)


def settings_from(values: Mapping[str, Any]) -> Settings:
    """Settings from already checked values (an adapter's options)."""
    return Settings(**{f.name: values[f.name] for f in fields(Settings) if f.name in values})


def setting_line(
    config_text: str, name: str, entry: str | None = None, plugin: str = "episodes"
) -> int:
    """The line of `name` (and of `entry` inside it) under the plugin's entry in
    mkdocs.yml, or of the closest found; 1 when none is (a line-based search: mkdocs.yml
    may hold !ENV tags)."""
    lines = config_text.splitlines()
    start = next(
        (i for i, line in enumerate(lines) if re.match(rf"^\s*-\s*{plugin}\s*:", line)), None
    )
    if start is None:
        return 1
    dash = len(lines[start]) - len(lines[start].lstrip())
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if len(line) - len(line.lstrip()) <= dash:
            break
        if re.match(rf"^\s+{re.escape(name)}\s*:", line):
            return _entry_line(lines, number, entry) if entry else number + 1
    return start + 1


def _entry_line(lines: list[str], start: int, entry: str) -> int:
    """The line of `entry:` among the lines indented under line `start`."""
    indent = len(lines[start]) - len(lines[start].lstrip())
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if line.strip() and not line.lstrip().startswith("#"):
            if len(line) - len(line.lstrip()) <= indent:
                break
            if re.match(rf"^\s+[\"']?{re.escape(entry)}[\"']?\s*:", line):
                return number + 1
    return start + 1
