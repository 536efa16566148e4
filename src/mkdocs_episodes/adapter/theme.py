"""The generator's templates and assets inside the site's theme.

Two folders of the package join the theme's: `theme/` just before the theme's own
folder, whose `base.html` wraps the theme's (reached as `theme/base.html`) with the
generator's machinery; and `templates/`, last, whose templates a site may override.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, TemplateNotFound
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig

from mkdocs_episodes.adapter.pages import sidebars_key
from mkdocs_episodes.build.template_cache import TemplateCache
from mkdocs_episodes.core import urls

TEMPLATES_DIR = Path(__file__).parent.parent / "templates"
MACHINERY_DIR = Path(__file__).parent.parent / "theme"


class _ThemeOwn(BaseLoader):
    """The theme's own templates as `theme/<name>`. Unlike Jinja's PrefixLoader, the full
    name reaches the compiled-template cache: `theme/base.html` and the generator's
    `base.html` keep an entry each instead of replacing each other at every build."""

    def __init__(self, dirs: list[str]) -> None:
        self._inner = FileSystemLoader(dirs)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        if not template.startswith("theme/"):
            raise TemplateNotFound(template)
        return self._inner.get_source(environment, template.removeprefix("theme/"))


# Each published asset and the packaged files it is made of, in order: the player's
# rules are shared by the site's stylesheet and the embed page's, one file each; the
# page frame (the DSFR's bloc-marque, header, navigation, footer) has its own files,
# joined to the site's stylesheet and script: no request more.
ASSET_PARTS = {
    urls.STYLESHEET: (
        "assets/episodes/dsfr-logo.css",
        "assets/episodes/frame.css",
        "assets/episodes/player.css",
        urls.STYLESHEET,
    ),
    urls.SCRIPT: (urls.SCRIPT, "assets/episodes/frame.js"),
    urls.EMBED_STYLESHEET: ("assets/episodes/player.css", urls.EMBED_STYLESHEET),
}


def asset_content(uri: str) -> bytes:
    return b"".join((TEMPLATES_DIR / part).read_bytes() for part in ASSET_PARTS[uri])


def fingerprinted(uri: str) -> str:
    """`assets/x.css` → `assets/x.1a2b3c4d5e.css`, from the published content."""
    digest = hashlib.sha256(asset_content(uri)).hexdigest()[:10]
    return urls.fingerprinted(uri, digest)


def install(config: MkDocsConfig) -> dict[str, str]:
    """Add the generator's folders to the theme, its stylesheet and its one script (player,
    chapters, transcript, search) to every page; returns each asset's published name."""
    dirs = config.theme.dirs
    if str(MACHINERY_DIR) not in dirs:
        # After the site's custom_dir, before the theme's own folder.
        dirs.insert(1 if config.theme.custom_dir else 0, str(MACHINERY_DIR))
    if str(TEMPLATES_DIR) not in dirs:
        dirs.append(str(TEMPLATES_DIR))
    assets = {
        uri: fingerprinted(uri) for uri in (urls.STYLESHEET, urls.SCRIPT, urls.EMBED_STYLESHEET)
    }
    stylesheet, script_uri = assets[urls.STYLESHEET], assets[urls.SCRIPT]
    if stylesheet not in config.extra_css:
        config.extra_css.append(stylesheet)
    if script_uri not in [str(script) for script in config.extra_javascript]:
        script = ExtraScriptValue(script_uri)
        script.defer = True
        config.extra_javascript.append(script)
    return assets


def prepare_environment(
    env: Environment, config: MkDocsConfig, cache_dir: Path, series: dict[str, Any]
) -> None:
    """The theme's own base.html under `theme/`, the series for every template, compiled
    templates kept between builds."""
    theme_dirs = [d for d in config.theme.dirs if d != str(MACHINERY_DIR)]
    position = config.theme.dirs.index(str(MACHINERY_DIR))
    # The prefix first: `theme/base.html` is the theme's, never a file of another folder.
    env.loader = ChoiceLoader([_ThemeOwn(theme_dirs[position:]), env.loader])
    env.globals["episodes_series"] = series
    env.globals["episodes_sidebars_key"] = sidebars_key
    env.globals["episodes_sidebars"] = {}
    # JSON-LD compact and in UTF-8 rather than \u escapes (`tojson` still escapes <, >,
    # & and ').
    env.policies["json.dumps_kwargs"] = {
        "sort_keys": True,
        "ensure_ascii": False,
        "separators": (",", ":"),
    }
    try:
        env.bytecode_cache = TemplateCache(cache_dir / "templates")
    except OSError:
        # Compiled templates only save time: a cache folder that cannot be written costs
        # that time, not the build (the posters say what is wrong with the folder).
        env.bytecode_cache = None
