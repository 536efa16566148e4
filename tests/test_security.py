"""A pull request is untrusted: what it can no longer do to the site, tried as an attacker
would, on real builds, served by nginx with the project's configuration, in chromium."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import subprocess
import sys

import pytest
from conftest import add_hook, build_site, copy_site, run_episodes
from servers import Nginx

pytestmark = pytest.mark.slow

# Text that is harmless as text and would run as markup: every publisher field that
# reaches a page must show it, never run it.
HOSTILE_TITLE = "Titre \"'><b>gras</b> & < 3"


def test_a_script_no_template_wrote_is_refused_by_the_build(site_copy):
    # Another plugin (here a hook, run after ours) slips a script into a page: the CSP is
    # computed from what the templates write, so the build refuses it instead of
    # allowing it by its hash.
    add_hook(
        site_copy,
        "injecte",
        "def on_page_content(html, page, config, files):\n"
        "    return html + '<script>alert(document.domain)</script>'\n",
    )
    result = build_site(site_copy)
    assert result.returncode != 0
    assert "script en ligne qu'aucun gabarit n'écrit" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("docs/assets/episodes/episodes.js", None),  # the site's own script, any name
        ("docs/404.html", "<html><script>alert(1)</script></html>"),
        ("docs/episodes/demo-video-sobre/chapitres.json", "{}"),
        ("docs/api/episodes.json", "{}"),
    ],
)
def test_a_publisher_file_never_replaces_a_generated_one(site_copy, name, content):
    if content is None:
        # The fingerprinted name the build publishes the site's script under.
        built = build_site(site_copy)
        script = next((built.site / "assets" / "episodes").glob("episodes.*.js"))
        name, content = f"docs/{script.relative_to(built.site).as_posix()}", "alert(1)"
        (site_copy / "site").rename(site_copy / "premier")
    target = site_copy / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
    result = build_site(site_copy)
    assert result.returncode != 0, result.output
    assert "est déjà prise par" in result.output
    assert "Traceback" not in result.output
    assert not (result.site / "index.html").exists()


def test_a_redirect_never_replaces_a_generated_file(site_copy):
    config = site_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "      search: true\n", "      search: true\n      redirects:\n        /404.html: /\n"
        ),
        encoding="utf-8",
    )
    result = build_site(site_copy)
    assert result.returncode != 0
    assert "404.html" in result.output and "est déjà prise par" in result.output
    assert "Traceback" not in result.output


def test_a_template_path_out_of_the_theme_is_refused(site_copy):
    page = site_copy / "docs" / "a-propos.md"
    page.write_text(
        "---\ntemplate: ../../../../etc/passwd\n---\n" + page.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    result = build_site(site_copy)
    assert result.returncode != 0
    assert "template « ../../../../etc/passwd » refusé" in result.output
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = copy_site(tmp_path_factory.mktemp("hostile"))
    page = project / "docs" / "a-propos.md"
    text = page.read_text(encoding="utf-8")
    quoted = HOSTILE_TITLE.replace('"', '\\"')
    page.write_text(
        f'---\ntitle: "{quoted}"\ndescription: "{quoted}"\n---\n' + text, encoding="utf-8"
    )
    checked = run_episodes(project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    result = build_site(project)
    assert result.returncode == 0, result.output
    server = Nginx(result.site, tmp_path_factory.mktemp("nginx"))
    yield result, server.base
    server.stop()


def test_front_matter_shows_as_text_and_nothing_runs(hostile_site, browser):
    result, base = hostile_site
    html = (result.site / "a-propos" / "index.html").read_text(encoding="utf-8")
    assert "<b>gras</b>" not in html
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    response = page.goto(base + "a-propos/")
    assert response is not None
    csp = response.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and re.search(r"script-src 'self'", csp)
    # The title as written, as text, in the tab and in the navigation.
    assert page.title().startswith(HOSTILE_TITLE)
    assert page.locator("b", has_text="gras").count() == 0
    # Every page that lists it in its navigation shows it as text too.
    page.goto(base + "doctrine/")
    assert page.locator("b", has_text="gras").count() == 0
    assert dialogs == []


def test_accented_names_under_a_locale_without_utf8(site_copy):
    # A machine whose locale is plain POSIX, Python's UTF-8 mode off: names are read as
    # undecodable bytes, which MkDocs cannot turn into addresses.
    env = {**os.environ, "LC_ALL": "POSIX", "PYTHONUTF8": "0", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("LANG", None)
    (site_copy / "docs" / "présentation.md").write_text("# Présentation\n", encoding="utf-8")
    for command in (["mkdocs", "build", "--strict"], ["mkdocs_episodes", "check"]):
        completed = subprocess.run(
            [sys.executable, "-m", *command],
            cwd=site_copy,
            env=env,
            capture_output=True,
            check=False,
        )
        output = (completed.stdout + completed.stderr).decode("utf-8", "replace")
        assert completed.returncode != 0
        assert "Traceback" not in output, output
        assert "nom illisible" in output
    # Arguments typed in a UTF-8 terminal are read whole all the same.
    (site_copy / "docs" / "présentation.md").unlink()
    created = subprocess.run(
        [sys.executable, "-m", "mkdocs_episodes", "new", "--title", "Épisode d'été",
         "--summary", "Résumé", "--theme", "reseau", "--host", "youtube", "--id", "aqz-KE-bpKQ"],
        cwd=site_copy, env=env, capture_output=True, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr.decode("utf-8", "replace")
    (written,) = (site_copy / "episodes").glob("*-episode-d-ete.yml")
    assert 'title: "Épisode d\'été"' in written.read_text(encoding="utf-8")


def test_a_cache_folder_that_cannot_be_written_is_named_not_the_poster(site_copy, tmp_path):
    blocked = tmp_path / "pas-un-dossier"
    blocked.write_text("un fichier là où le cache devrait être", encoding="utf-8")
    env = {**os.environ, "EPISODES_CACHE_DIR": str(blocked), "NO_MKDOCS_2_WARNING": "1"}
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=site_copy, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0
    assert "Traceback" not in output, output
    assert f"dossier de cache « {blocked}/posters » impossible à écrire" in output
    assert "image illisible" not in output


def test_a_script_only_the_404_template_writes_is_allowed(site_copy):
    # The theme's own pages (404.html) are template through and through: a script their
    # template writes is hashed like any other page's, not refused as foreign.
    (site_copy / "overrides" / "404.html").write_text(
        '{% extends "main.html" %}\n'
        "{% block content %}<h1>Page introuvable</h1>"
        '<script>document.title = "404"</script>{% endblock %}\n',
        encoding="utf-8",
    )
    result = build_site(site_copy)
    assert result.returncode == 0, result.output
    digest = base64.b64encode(hashlib.sha256(b'document.title = "404"').digest()).decode()
    assert f"'sha256-{digest}'" in (result.site / "_headers").read_text(encoding="utf-8")
