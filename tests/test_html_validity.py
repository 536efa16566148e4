"""Every page of the built demo site through the W3C Nu Html Checker (`vnu.jar`, from the
npm package vnu-jar, run by Debian's Java): no error of ours on any page kind."""

from __future__ import annotations

import json
import shutil
import subprocess

from conftest import REPO

VNU = REPO / ".venv" / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Errors the checker finds in what Material for MkDocs writes outside any template block,
# which a site cannot change, each with the markup it comes from and why it stays.
THIRD_PARTY = {
    # Material's base.html, line after <body>: the drawer's and search's hidden toggles,
    # <input class="md-toggle" type="checkbox" autocomplete="off">. The attribute keeps
    # Firefox from restoring an opened drawer on « back »; HTML allows it only on text
    # inputs. No block of Material's base.html holds these two elements.
    "Attribute “autocomplete” is only allowed when the input type is": 'class="md-toggle"',
}


def third_party(message: dict[str, object]) -> bool:
    text, extract = str(message.get("message", "")), str(message.get("extract", ""))
    return any(text.startswith(start) and mark in extract for start, mark in THIRD_PARTY.items())


def test_every_page_has_no_html_error_of_ours(demo_build):
    assert VNU.is_file(), "vnu.jar manque : lancez « make test », qui l'installe"
    java = shutil.which("java")
    assert java, "java est requis (.ci/run installe default-jre-headless)"
    pages = sorted(
        str(path) for path in demo_build.site.rglob("*.html") if "pagefind" not in path.parts
    )
    # Every page kind is there: home, lists, episodes, embeds, doctrine, search, legal, 404.
    assert len(pages) >= 30
    completed = subprocess.run(
        [java, "-Xss1m", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(completed.stderr or completed.stdout)["messages"]
    ours = [
        f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") != "info" and not third_party(m)
    ]
    assert ours == []
    # The documented third-party errors are still what they were said to be: seen on
    # every page that carries Material's frame, and nothing else filtered.
    assert any(third_party(m) for m in messages)
