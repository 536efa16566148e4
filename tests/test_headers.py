"""Security headers from what the templates write: the machinery alone, no build."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from mkdocs_episodes.build.headers import (
    content_security_policy,
    inline_scripts,
    script_hash,
    unlisted_scripts,
    write_security_headers,
)
from mkdocs_episodes.build.html import parse_html


def test_only_scripts_a_browser_runs_are_inline_scripts():
    html = (
        '<script>un()</script><script type="module">deux()</script>'
        '<script src="x.js"></script><script type="application/ld+json">{"a":1}</script>'
        "<SCRIPT TYPE='text/javascript'>trois()</SCRIPT>"
    )
    assert inline_scripts(html) == ["un()", "deux()", "trois()"]


def test_a_script_hash_is_the_csp_source_browsers_compute():
    digest = base64.b64encode(hashlib.sha256(b"alert(1)").digest()).decode()
    assert script_hash("alert(1)") == f"'sha256-{digest}'"


def test_a_page_with_a_script_no_template_wrote_is_named():
    allowed = {script_hash("ours()")}
    parsed = {
        Path("a.html"): parse_html(b"<html><script>ours()</script></html>"),
        Path("b.html"): parse_html(
            b"<html><script>ours()</script><script>theirs()</script></html>"
        ),
    }
    assert unlisted_scripts(parsed, allowed) == [Path("b.html")]


def test_the_policy_allows_no_inline_code_but_the_hashes_and_frames_only_named_hosts(tmp_path):
    csp = content_security_policy([script_hash("ours()")], ["https://www.dailymotion.com"])
    directives = dict(part.split(" ", 1) for part in csp.split("; "))
    assert directives["script-src"] == f"'self' 'wasm-unsafe-eval' {script_hash('ours()')}"
    assert directives["frame-src"] == "https://www.dailymotion.com"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'self'"
    write_security_headers(tmp_path, csp, content_security_policy([], [], frame_ancestors="https:"))
    nginx = (tmp_path / ".headers.nginx").read_text(encoding="utf-8")
    assert f'add_header Content-Security-Policy "{csp}" always;' in nginx
    assert "frame-ancestors https:" in (tmp_path / ".headers-embed.nginx").read_text(
        encoding="utf-8"
    )
