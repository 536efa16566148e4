"""What happens to the built site before it is published: the site ships only what its
pages use, gets its search index, its security headers and pre-compressed files.

Knows nothing of MkDocs: it works on a folder of built files.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pagefind_bin

from mkdocs_episodes.budget import ParsedPage, parse_page, resolve_link
from mkdocs_episodes.search_chunks import Spread, in_this_process, rebalance

# Compressed once at build time, served as is (nginx `gzip_static`). Not the captions,
# fetched when a video plays, nor the chapters' JSON, fetched by podcast apps: no page
# view asks for them, so the server compresses them on the fly (deploy/nginx.conf) rather
# than the site storing each one twice, which weighed 5.5 MB in 2,000 more files at
# 1,000 episodes.
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".webmanifest", ".pf_meta"}  # fmt: skip
# An episode's chapters as JSON, beside its page (podcast:chapters).
CHAPTERS_FILE = "chapitres.json"
COMPRESSED_ON_THE_FLY = {CHAPTERS_FILE}
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
# Left out of the search index: the transcript's timestamps and the headings' permalink
# signs. Nobody searches for « 01:21 » or « ¶ », and at 1,000 episodes the timestamps
# alone filled 15 index chunks.
_NOT_INDEXED = (".ep-stamp", ".ep-transcript-chapter > a", ".headerlink")
# Pagefind's default interfaces: this site queries its bare JavaScript API instead.
_PAGEFIND_UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")  # fmt: skip


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


class Pagefind:
    """Pagefind indexes the built pages in its own process, while this one goes on with
    the other post-build steps: on two cores, indexing costs almost no extra time."""

    def __init__(self, site: Path, language: str) -> None:
        self.site = site
        self.language = language
        self._process = subprocess.Popen(
            [
                # The binary itself: `python -m pagefind` would first spend a tenth of a
                # second starting Python to find it.
                str(pagefind_bin.get_executable()),
                "--site",
                str(site),
                "--force-language",
                language,
                "--silent",
                *(f"--exclude-selectors={selector}" for selector in _NOT_INDEXED),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def finish(self, spread: Spread = in_this_process) -> None:
        """Wait for the index, keep only what this site's search uses and re-cut its
        heaviest chunks (shared between cores by `spread`)."""
        output, _ = self._process.communicate()
        if self._process.returncode != 0:
            raise RuntimeError(f"Pagefind a échoué : {output.strip()}")
        bundle = self.site / "pagefind"
        for pattern in _PAGEFIND_UNUSED:
            for path in bundle.glob(pattern):
                path.unlink()
        for path in bundle.glob("wasm.*.pagefind"):
            if path.name != f"wasm.{self.language}.pagefind":
                path.unlink()
        rebalance(bundle, spread=spread)

    def stop(self) -> None:
        """A failed build does not leave Pagefind running."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.communicate()


def inline_script_hashes(site: Path, parsed: dict[Path, ParsedPage] | None = None) -> list[str]:
    """CSP sources (`'sha256-…'`) for every inline script of every page."""
    hashes: set[str] = set()
    for content in (parsed or parse_site(site)).values():
        for script in content.inline_scripts:
            digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
            hashes.add(f"'sha256-{digest}'")
    return sorted(hashes)


def content_security_policy(
    script_hashes: list[str], frame_origins: Iterable[str], frame_ancestors: str = "'self'"
) -> str:
    frames = " ".join(sorted(set(frame_origins))) or "'none'"
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *script_hashes])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self'",
            "img-src 'self' data:",
            "media-src 'self'",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            f"frame-src {frames}",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


SECURITY_HEADERS = {
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=(), "
    "browsing-topics=(), payment=(), usb=()",
}


# Embed pages are made to be framed by other sites (intranets): any https page may.
EMBED_PATH = "/episodes/*/embed/*"


def write_security_headers(site: Path, csp: str, embed_csp: str) -> None:
    """The headers for static hosts (`_headers`) and for nginx (`.headers*.nginx`)."""
    rules = {
        "/*": {"Content-Security-Policy": csp, **SECURITY_HEADERS},
        EMBED_PATH: {"Content-Security-Policy": embed_csp, **SECURITY_HEADERS},
    }
    (site / "_headers").write_text(
        "".join(
            f"{path}\n" + "".join(f"  {name}: {value}\n" for name, value in headers.items())
            for path, headers in rules.items()
        ),
        encoding="utf-8",
    )
    for name, headers in (
        (".headers.nginx", rules["/*"]),
        (".headers-embed.nginx", rules[EMBED_PATH]),
    ):
        (site / name).write_text(
            "# Generated by the build: the inline-script hashes change with the templates.\n"
            + "".join(f'add_header {key} "{value}" always;\n' for key, value in headers.items()),
            encoding="utf-8",
        )


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


def compress_file(path: Path, data: bytes | None = None) -> bool:
    data = path.read_bytes() if data is None else data
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    target = path.with_name(path.name + ".gz")
    if len(packed) >= len(data):
        target.unlink(missing_ok=True)
        return False
    target.write_bytes(packed)
    return True
