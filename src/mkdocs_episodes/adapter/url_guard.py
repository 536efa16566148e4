"""Published URLs never break: the build fails when an address of `urls.txt` would vanish
without a redirect, publishes each declared redirect as a static page, and records new
addresses in the list."""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from mkdocs_episodes.adapter.files import SeriesFiles
from mkdocs_episodes.core import urls
from mkdocs_episodes.core.url_list import check_urls, read_list, redirect_page, write_list

log = logging.getLogger("mkdocs.plugins.episodes")


def guard_urls(
    series_files: SeriesFiles,
    public_files: Iterable[str],
    url_list: Path,
    redirects: dict[str, str],
    record: bool,
) -> None:
    """Check this build's addresses against the list; publish the redirects; with
    `record`, add new addresses to the list (not for a preview with drafts)."""
    files: Files = series_files.files
    config = series_files.config
    moved = {urls.absolute_path(k): urls.absolute_path(v) for k, v in redirects.items()}
    current = {
        "/" + file.url.removeprefix("./")
        for file in files
        if file.is_documentation_page() and not urls.is_shifting(file.url)
    } | {"/" + uri for uri in public_files}
    checked = check_urls(read_list(url_list), current, moved)
    problems = checked.redirect_problems + [
        f"adresse publiée supprimée sans redirection : {url} ; déclarez où elle mène dans "
        f"mkdocs.yml (plugins > episodes > redirects), par exemple « {url}: /nouvelle-adresse/ »"
        for url in checked.missing
    ]
    if problems:
        raise PluginError(f"{url_list.name} :\n" + "\n".join(problems))
    for source, target in moved.items():
        relative = posixpath.relpath(target, source) + ("/" if target.endswith("/") else "")
        page = redirect_page(urljoin(config.site_url or "", target.lstrip("/")), relative)
        series_files.publish(urls.redirect_source(source), page, f"la redirection « {source} »")
    if checked.added and record:
        write_list(url_list, [*read_list(url_list), *checked.added])
        log.info(
            f"{len(checked.added)} nouvelle(s) adresse(s) ajoutée(s) à {url_list.name} : committez-le"
        )
