"""What happens to the built site before it is published: the site ships only what its
pages use, and pre-compressed files.

Knows nothing of MkDocs: it works on a folder of built files.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from pathlib import Path

from mkdocs_episodes.build import unchanged_files
from mkdocs_episodes.build.content_memo import remembered
from mkdocs_episodes.build.html import ParsedPage, parse_page, resolve_link
from mkdocs_episodes.core import urls

# Compressed once at build time, served as is (nginx `gzip_static`). Not the captions,
# fetched when a video plays, nor the chapters' JSON, fetched by podcast apps: no page
# view asks for them, so the server compresses them on the fly (deploy/nginx.conf) rather
# than the site storing each one twice, which weighed 5.5 MB in 2,000 more files at
# 1,000 episodes.
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".webmanifest", ".pf_meta"}  # fmt: skip
COMPRESSED_ON_THE_FLY = {urls.CHAPTERS_FILE}
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def parse_site(site: Path, known: dict[Path, ParsedPage] | None = None) -> dict[Path, ParsedPage]:
    """Each page read once, for pruning, security headers and measurement alike;
    `known`: the pages already read."""
    known = known or {}
    return {page: known.get(page) or parse_page(page) for page in site.rglob("*.html")}


def referenced_files(
    site: Path, parsed: dict[Path, ParsedPage] | None = None, names: set[str] | None = None
) -> set[Path]:
    """Every file of the site that a page or a stylesheet points at; with `names`, only
    the files of those names (a page's many links to other pages need no resolving)."""

    def wanted(url: str) -> bool:
        return names is None or url.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1] in names

    found: set[Path] = set()
    for page, content in (parsed or parse_site(site)).items():
        found.update(
            t for url in content.references if wanted(url) and (t := resolve_link(site, page, url))
        )
    for sheet in site.rglob("*.css"):
        for url in _CSS_URL.findall(sheet.read_text(encoding="utf-8")):
            if wanted(url) and (target := resolve_link(site, sheet, url)):
                found.add(target)
    return found


def prune_unused(
    site: Path, candidates: Iterable[Path], parsed: dict[Path, ParsedPage] | None = None
) -> list[Path]:
    """Delete the theme files no page uses, and every source map."""
    candidates = list(candidates)
    referenced = referenced_files(site, parsed, {path.name for path in candidates})
    removed = [path for path in candidates if path.is_file() and path not in referenced]
    removed += [path for path in site.rglob("*.map") if path not in removed]
    for path in removed:
        path.unlink()
        path.with_name(path.name + ".gz").unlink(missing_ok=True)
    for folder in sorted({p.parent for p in removed}, key=lambda p: len(p.parts), reverse=True):
        while folder != site and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return removed


def compress(site: Path, done: Iterable[Path] = (), exclude: str | None = None) -> int:
    """Write `file.gz` beside each text file; deterministic (no timestamp).

    `done`: files already compressed (pages, as they were written); `exclude`: a folder
    of the site left out (Pagefind's, while it is being written).
    """
    skipped = set(done)
    return sum(
        compress_file(path)
        for path in list(site.rglob("*"))
        if compressed_at_build(path)
        and path not in skipped
        and not (exclude and path.relative_to(site).parts[0] == exclude)
        and path.is_file()
    )


def compressed_at_build(path: Path) -> bool:
    return path.suffix in COMPRESSIBLE and path.name not in COMPRESSED_ON_THE_FLY


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def compress_file(path: Path, data: bytes | None = None) -> bool:
    data = path.read_bytes() if data is None else data
    packed = remembered("gzip", data, _gzip)
    target = path.with_name(path.name + ".gz")
    if len(packed) >= len(data):
        target.unlink(missing_ok=True)
        unchanged_files.removed(target)
        return False
    unchanged_files.write(target, packed)
    return True
