"""What pages hold: publisher HTML cut down to an allow-list, front matter printed as
text, the episode body with its prepared transcript, the markers a site's pages may use,
and the files MkDocs would publish checked against the gate."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mkdocs_episodes.adapter.pages import TRANSCRIPT_MARKER, find_heading
from mkdocs_episodes.adapter.site import SeriesSite
from mkdocs_episodes.adapter.site_checks import SiteCheck
from mkdocs_episodes.build.headers import script_hashes
from mkdocs_episodes.build.workers import Workers
from mkdocs_episodes.core import listings
from mkdocs_episodes.core.french import long_date
from mkdocs_episodes.core.gate import GateError, admit
from mkdocs_episodes.core.links import doc_link_problems
from mkdocs_episodes.core.problems import Problem
from mkdocs_episodes.core.sanitize import sanitize_html, sanitize_page_html
from mkdocs_episodes.core.series import Series
from mkdocs_episodes.core.settings import Budget
from mkdocs_episodes.core.time_budget import TRANSCRIPT_SECONDS, TimeBudgetExceeded, within
from mkdocs_episodes.core.transcript import transcript_html, transcript_job
from mkdocs_episodes.core.views import EpisodeView

CONFORMITY = {
    "non": "non conforme",
    "partiellement": "partiellement conforme",
    "totalement": "totalement conforme",
}
# A template a page may ask for: a name inside the theme, never a path out of it.
_TEMPLATE_NAME = re.compile(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\.html$")


def theme_files(files: Files, config: MkDocsConfig) -> list[Path]:
    """Theme files a page may never use (search workers, unused scripts): pruned after
    the build, so that the site ships only what its pages load."""
    theme_dirs = tuple(str(Path(d).resolve()) for d in config.theme.dirs)
    return [
        Path(file.abs_dest_path)
        for file in files.media_files()
        if file.abs_src_path and str(Path(file.abs_src_path).resolve()).startswith(theme_dirs)
    ]


def refuse_unsafe_sources(files: Files, config: MkDocsConfig, root: Path) -> None:
    """No file of docs/ is published unless the gate admits it (the site checks said so
    already; this holds even for a preview that keeps the last valid episodes)."""
    docs = str(Path(config.docs_dir))
    for file in files:
        source = file.abs_src_path
        if source and source.startswith(docs):
            try:
                admit(Path(source), root)
            except GateError as error:
                raise PluginError(f"docs/{file.src_uri} : fichier {error}") from None


def escape_front_matter(page: Page) -> None:
    """The theme prints a page's title and description as they are: a publisher's front
    matter is text, escaped here; a template is a name inside the theme."""
    for key in ("title", "description"):
        value = page.meta.get(key)
        if value is not None and not isinstance(value, Markup):
            page.meta[key] = escape(str(value))
    template = page.meta.get("template")
    if template is not None and not (isinstance(template, str) and _TEMPLATE_NAME.match(template)):
        raise PluginError(
            f"docs/{page.file.src_uri} : template « {template} » refusé : attendu le nom d'un "
            "gabarit du thème, par exemple « episodes/plan.html »"
        )


def escape_rendered_title(page: Page) -> None:
    """A title taken from the page's first heading is HTML text (entities kept, tags
    stripped, but a lone « < » left): printed escaped, as text, like any other."""
    if "title" not in page.meta:
        page.meta["title"] = escape(html.unescape(page.title or ""))


def template_script_hashes(output: str, page: Page) -> set[str]:
    """The inline scripts of a rendered page that its templates wrote: the page's own
    content (a publisher's, already sanitised) is left out before looking."""
    written = output.replace(page.content, "") if page.content else output
    return script_hashes(written)


def rendered_link_problems(series: Series, files: Files) -> list[Problem]:
    """Doctrine anchors checked against what MkDocs made of the pages."""

    def rendered_anchors(path: str) -> set[str] | None:
        file = files.get_file_from_path(path)
        if file is None or file.page is None:
            return None
        return set(file.page.present_anchor_ids or ())

    return doc_link_problems(series.episodes, rendered_anchors)


def doctrine_context(site: SeriesSite, check: SiteCheck, page: Page) -> dict[str, Any]:
    meta = check.doctrine.get(page.file.src_uri)
    if meta is None:
        return {}
    return {
        "doctrine": meta,
        "reviewed_text": long_date(meta.reviewed),
        **listings.citations_context(
            page.file.src_uri,
            site.series,
            site.views,
            lambda anchor: find_heading(page.toc, anchor),
        ),
    }


def episode_body(view: EpisodeView, html_text: str, workers: Workers) -> str:
    """Show notes from MkDocs, then the transcript with its times and chapters."""
    notes, marker, rest = html_text.rpartition(TRANSCRIPT_MARKER)
    if not marker:
        return sanitize_html(html_text)
    shown = view.episode.origin.display
    try:
        prepared = workers.transcript(view.slug)
        if prepared is None:
            # Not handed to the workers: rendered here rather than left out of the page.
            with within(TRANSCRIPT_SECONDS, "le rendu de la transcription"):
                prepared = transcript_html(*transcript_job(view.episode))
    except TimeBudgetExceeded as error:
        raise PluginError(f"{shown} : transcript : {error}") from None
    return sanitize_html(notes) + prepared + sanitize_html(rest)


def site_page_body(html_text: str, config: MkDocsConfig, budget: Budget, site: SeriesSite) -> str:
    """A page of docs/: its HTML cut down to the allow-list, then the values the build
    knows put in place of `<!-- episodes:name -->`."""
    values = {
        "conformite": str(escape(_conformity(config))),
        "budget": str(
            escape(
                f"au plus {budget.requests} requêtes et {budget.size_kb:g} ko transférés "
                f"par page avant toute interaction, et un EcoIndex d'au moins "
                f"{budget.ecoindex:g} sur 100"
            )
        ),
        "episodes": str(site.series.count),
    }
    cleaned = sanitize_page_html(html_text)
    for name, value in values.items():
        cleaned = cleaned.replace(f"<!-- episodes:{name} -->", value)
    return cleaned


def _conformity(config: MkDocsConfig) -> str:
    status = str(config.extra.get("accessibilite", "non"))
    return CONFORMITY.get(status, status)
