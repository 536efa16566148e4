"""What happens to the built site before it is published: the site ships only what its
pages use, gets its search index, its security headers and pre-compressed files.

Knows nothing of MkDocs: it works on a folder of built files.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs_episodes.budget import ParsedPage, parse_page

# Compressed once at build time, served as is (nginx `gzip_static`).
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".vtt", ".txt", ".csv", ".webmanifest", ".pf_meta"}  # fmt: skip
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
# Pagefind's default interfaces: this site queries its bare JavaScript API instead.
_PAGEFIND_UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")  # fmt: skip


def _resolve(site: Path, page: Path, url: str) -> Path | None:
    """The file a page's link points at, by string arithmetic alone: resolving tens of
    thousands of links against the file system would dominate a large build."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    base = str(site) if path.startswith("/") else os.path.dirname(page)  # noqa: PTH120
    target = os.path.normpath(os.path.join(base, path.lstrip("/")))  # noqa: PTH118
    if path.endswith("/"):
        target = os.path.join(target, "index.html")  # noqa: PTH118
    return Path(target)


def parse_site(site: Path) -> dict[Path, ParsedPage]:
    """Each page read once, for pruning, security headers and measurement alike."""
    return {page: parse_page(page) for page in site.rglob("*.html")}


def referenced_files(site: Path, parsed: dict[Path, ParsedPage] | None = None) -> set[Path]:
    """Every file of the site that a page or a stylesheet points at."""
    found: set[Path] = set()
    for page, content in (parsed or parse_site(site)).items():
        found.update(t for url in content.references if (t := _resolve(site, page, url)))
    for sheet in site.rglob("*.css"):
        for url in _CSS_URL.findall(sheet.read_text(encoding="utf-8")):
            if target := _resolve(site, sheet, url):
                found.add(target)
    return found


def prune_unused(
    site: Path, candidates: Iterable[Path], parsed: dict[Path, ParsedPage] | None = None
) -> list[Path]:
    """Delete the theme files no page uses, and every source map."""
    referenced = referenced_files(site, parsed)
    removed = [path for path in candidates if path.is_file() and path not in referenced]
    removed += [path for path in site.rglob("*.map") if path not in removed]
    for path in removed:
        path.unlink()
    for folder in sorted({p.parent for p in removed}, key=lambda p: len(p.parts), reverse=True):
        while folder != site and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return removed


def run_pagefind(site: Path, language: str) -> None:
    """Index the built pages for Pagefind, in the site's language only."""
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site),
            "--force-language",
            language,
            "--silent",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"Pagefind a échoué : {completed.stderr.strip() or completed.stdout.strip()}"
        )
    bundle = site / "pagefind"
    for pattern in _PAGEFIND_UNUSED:
        for path in bundle.glob(pattern):
            path.unlink()
    for path in bundle.glob("wasm.*.pagefind"):
        if path.name != f"wasm.{language}.pagefind":
            path.unlink()


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


def compress(site: Path) -> int:
    """Write `file.gz` beside each text file; deterministic (no timestamp)."""
    return sum(
        compress_file(path)
        for path in list(site.rglob("*"))
        if path.suffix in COMPRESSIBLE and path.is_file()
    )


def compress_file(path: Path) -> bool:
    data = path.read_bytes()
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    target = path.with_name(path.name + ".gz")
    if len(packed) >= len(data):
        target.unlink(missing_ok=True)
        return False
    target.write_bytes(packed)
    return True
