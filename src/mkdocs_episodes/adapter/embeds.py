"""Embed pages: each episode alone, for intranets' iframes, rendered from one template
after the build, outside MkDocs' page pipeline and without the theme's assets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment

from mkdocs_episodes.adapter.site import SeriesSite
from mkdocs_episodes.build.squeeze import squeeze_html
from mkdocs_episodes.core import urls

Remember = Callable[[str, object, Callable[[], bytes]], bytes]


def _render(key: str, facts: object, make: Callable[[], bytes]) -> bytes:
    return make()


def render_embed_pages(
    site: SeriesSite, env: Environment, assets: dict[str, str], remember: Remember = _render
) -> dict[Path, bytes]:
    """Each episode's embed page, by where it is written; `remember(key, facts, make)`
    may give what `make()` gave last time for the same facts (`mkdocs serve`)."""
    assert site.previews is not None
    template = env.get_template("episodes/embed.html")
    pages = {}
    for episode in site.series.episodes:
        page = urls.embed_file(episode.slug)
        target = Path(site.config.site_dir) / page
        context = {
            "config": site.config,
            "page": None,
            # The `url` filter makes site-relative addresses relative to this page.
            "base_url": "/".join([".."] * page.count("/")),
            "episode": site.views[episode.slug],
            "published": site.published[episode.slug],
            # Pasted elsewhere, an embed link previews as its episode does.
            "social": site.previews.episode_social(episode.slug),
            "embed_stylesheet": assets[urls.EMBED_STYLESHEET],
            "embed_script": assets[urls.SCRIPT],
        }
        facts = {name: value for name, value in context.items() if name != "config"}
        pages[target] = remember(
            page,
            facts,
            lambda context=context: squeeze_html(template.render(context)).encode("utf-8"),
        )
    return pages
