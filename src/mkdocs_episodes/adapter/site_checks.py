"""Everything that can be checked before a build, shared by the plugin and `episodes check`,
so that both say the same thing about every file a publisher edits.

It reads the site's MkDocs configuration (docs folder, theme folder, Markdown
extensions) but builds nothing: the anchors of linked docs pages come from rendering
those pages alone, with the site's own Markdown extensions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import meta

from mkdocs_episodes.core import urls
from mkdocs_episodes.core.calendar import paris_today
from mkdocs_episodes.core.claims import reference_problems, unknown_resource
from mkdocs_episodes.core.datafiles import (
    Network,
    ResourceCatalogue,
    duplicate_ids,
    load_data_file,
)
from mkdocs_episodes.core.doctrine import DoctrineMeta, read_doctrine
from mkdocs_episodes.core.gate import GateError, forget, read_text, refused_in
from mkdocs_episodes.core.links import doc_link_message, doc_link_problems
from mkdocs_episodes.core.loader import Reader, read_episodes, read_files
from mkdocs_episodes.core.media_limits import heavy_media, height_problems
from mkdocs_episodes.core.messages import unknown_themes
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.podcast import cover_problem
from mkdocs_episodes.core.problems import Problem, display_path
from mkdocs_episodes.core.publisher_html import episode_problems, page_problems
from mkdocs_episodes.core.reader import MAX_TEXT_BYTES, Located, M
from mkdocs_episodes.core.series import Series, SeriesSettings
from mkdocs_episodes.core.settings import Settings, setting_line


@dataclass
class SiteCheck:
    series: Series | None = None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # Doctrine pages' front matter, by docs path (`doctrine/rgesn.md`).
    doctrine: dict[str, DoctrineMeta] = field(default_factory=dict)
    resources: ResourceCatalogue | None = None
    network: Network | None = None
    network_located: Located | None = None
    # Episode files whose side files wait for their fields to be fixed.
    unchecked: list[str] = field(default_factory=list)


def site_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path or "mkdocs.yml").resolve().parent


def check_site(
    config: MkDocsConfig,
    settings: Settings,
    loaded: Callable[[Episode], None] | None = None,
    read: Reader = read_files,
) -> SiteCheck:
    """Load every episode and check its cross-references against the site; `loaded` is
    told of each valid episode as it is read, `read` reads the files."""
    root = site_root(config)
    result = SiteCheck()
    forget()
    docs = Path(config.docs_dir)
    result.errors += _gate_problems(config, settings, root)
    # A master or heavy renditions committed stay in the history for good.
    for folder in (root / settings.episodes_dir, docs):
        result.errors += heavy_media(folder, root)
    if not config.site_url:
        result.errors.append(
            Problem(
                "mkdocs.yml",
                1,
                1,
                "site_url",
                "adresse publique du site requise, par exemple https://serie.example.gouv.fr/ "
                ": flux et données structurées en ont besoin",
            )
        )
    result.errors += [
        problem
        for page in sorted(docs.rglob("*.md"))
        if not any(part.startswith(".") for part in page.relative_to(docs).parts)
        for problem in page_problems(page, root)
    ]
    folder = docs / settings.doctrine_dir
    for page in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        if page.name == "index.md":
            continue
        meta, problems = read_doctrine(page, root, settings.themes.keys())
        result.errors += problems
        if meta is not None:
            result.doctrine[page.relative_to(docs).as_posix()] = meta
    _load_data(root, settings, result)
    result.errors += _cover_problems(config, settings, root)
    # Every file is read and checked, whatever is wrong elsewhere: one run shows every
    # problem, and the warnings too.
    episodes = read_episodes(
        root / settings.episodes_dir, root, settings.themes.keys(), loaded, read
    )
    result.errors += episodes.errors
    result.warnings = episodes.warnings
    result.unchecked = episodes.unchecked
    # Every episode's links are checked, published or not: a scheduled episode must not
    # go live broken on its day, when nobody is watching the build.
    anchors = DocsAnchors(config)
    result.errors += doc_link_problems(episodes.episodes, anchors.of)
    for episode in episodes.episodes:
        result.errors += episode_problems(episode, root)
        result.errors += [
            episode.origin.problem(loc, message)
            for loc, message in height_problems(episode, settings.max_height)
        ]
    known = {entry.id for entry in result.resources.resources} if result.resources else set()
    for episode in episodes.episodes:
        for index, resource in enumerate(episode.resources):
            if resource.ref is not None and resource.ref not in known:
                result.errors.append(
                    episode.origin.problem(
                        ("resources", index, "ref"),
                        unknown_resource(resource.ref, settings.resources_file),
                    )
                )
    # The files that gave no episode: what they cite is checked all the same.
    result.errors += reference_problems(
        episodes.invalid,
        lambda link: doc_link_message(link, anchors.of),
        known,
        settings.resources_file,
    )
    slugs = {e.slug for e in episodes.episodes} | {
        str(claims.slug.value) for claims in episodes.invalid if claims.slug
    }
    result.errors += _replay_problems(result, slugs)
    if not episodes.errors:
        result.series = Series(
            episodes.episodes,
            SeriesSettings(
                themes=settings.themes,
                today=paris_today(),
                per_page=settings.per_page,
                per_theme_page=settings.per_theme_page,
                drafts=settings.drafts,
            ),
        )
    # A doctrine page refused by the gate is met by its walk of docs/ and by the
    # doctrine reader: said once.
    result.errors = list(dict.fromkeys(result.errors))
    return result


def _replay_problems(result: SiteCheck, slugs: set[str]) -> list[Problem]:
    """A meeting's replay names an episode of the series (or an outside address)."""
    if result.network is None or result.network_located is None:
        return []
    return [
        result.network_located.problem(
            ("meetings", index, "replay"), f"épisode « {meeting.replay} » inconnu"
        )
        for index, meeting in enumerate(result.network.meetings)
        if meeting.replay and "://" not in meeting.replay and meeting.replay not in slugs
    ]


def _gate_problems(config: MkDocsConfig, settings: Settings, root: Path) -> list[Problem]:
    """Every file MkDocs would publish from docs/ or read from the theme folder passes
    the gate: a link to the build machine's files is refused, not published."""
    # What MkDocs publishes or reads whole; the episodes' folder for its names only.
    folders = [(Path(config.docs_dir), True), (root / settings.episodes_dir, False)]
    if config.theme.custom_dir:
        folders.append((Path(config.theme.custom_dir), True))
    return [
        Problem(_shown(display_path(path, root)), 1, 1, "", f"fichier {message}")
        for folder, files_too in folders
        for path, message in refused_in(folder, root, files_too)
    ]


def local_preview_warning(config: MkDocsConfig) -> str | None:
    """What a build made for publishing but aimed at the local preview must say."""
    if not urls.is_local_preview(config.site_url):
        return None
    return (
        f"ATTENTION : site_url vaut « {config.site_url or ''} », l'adresse de l'aperçu local "
        "(SITE_URL n'est pas défini) : les flux, les cartes de partage, le plan du site et "
        "les données structurées pointent vers cette machine. Pour publier, donnez "
        "l'adresse publique : SITE_URL=https://serie.exemple.gouv.fr/ make build"
    )


def _cover_problems(config: MkDocsConfig, settings: Settings, root: Path) -> list[Problem]:
    """The podcast's cover, when configured, is an image the gate and the poster rules
    accept: it is made into the feed's cover at build."""
    cover = settings.podcast.cover
    problem = cover_problem(root, cover) if cover else None
    if problem is None:
        return []
    config_file = Path(config.config_file_path or "mkdocs.yml")
    try:
        line = setting_line(config_file.read_text(encoding="utf-8-sig"), "podcast", "cover")
    except (OSError, UnicodeDecodeError):
        line = 1
    return [Problem(config_file.name, line, 1, "plugins.episodes.podcast.cover", problem)]


def _shown(path: str) -> str:
    """A path as it can be printed, undecodable bytes shown as « ? »."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _load_data(root: Path, settings: Settings, result: SiteCheck) -> None:
    """The shared resources and the network, when the site declares their files; ids
    unique in each, resources' themes declared."""
    if settings.resources_file:
        resources, located = _read_data(root, settings.resources_file, ResourceCatalogue, result)
        if resources and located:
            ids = [(e.id, ("resources", i, "id")) for i, e in enumerate(resources.resources)]
            result.errors += duplicate_ids(ids, located)
            for i, entry in enumerate(resources.resources):
                for j, message in unknown_themes(entry.themes, settings.themes):
                    result.errors.append(located.problem(("resources", i, "themes", j), message))
        result.resources = resources
    if settings.network_file:
        network, located = _read_data(root, settings.network_file, Network, result)
        if network and located:
            ids = [(m.id, ("ministries", i, "id")) for i, m in enumerate(network.ministries)]
            result.errors += duplicate_ids(ids, located)
        result.network, result.network_located = network, located


def _read_data(
    root: Path, name: str, model: type[M], result: SiteCheck
) -> tuple[M | None, Located | None]:
    read = load_data_file(root / name, root, model)
    result.errors += read.problems
    return read.value, read.located


class DocsAnchors:
    """The anchors of docs pages, rendered with the site's Markdown extensions."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.docs_dir = Path(config.docs_dir)
        self.root = site_root(config)
        self._extensions = list(config.markdown_extensions)
        self._extension_configs = dict(config.mdx_configs)
        self.of = cache(self._anchors)

    def _anchors(self, path: str) -> set[str] | None:
        source = (self.docs_dir / path).resolve()
        if not source.is_relative_to(self.docs_dir.resolve()) or not source.is_file():
            return None
        try:
            text = read_text(source, self.root, MAX_TEXT_BYTES)
        except GateError:
            return None
        text, _front_matter = meta.get_data(text)
        renderer = markdown.Markdown(
            extensions=self._extensions, extension_configs=self._extension_configs
        )
        collector = _IdCollector()
        collector.feed(renderer.convert(text))
        return collector.ids


class _IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"id", "name"} and value:
                self.ids.add(value)
