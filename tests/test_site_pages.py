"""What every page of the site carries: security headers, no inline script, the legal
links, the site map, the player's choices."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess

import yaml
from conftest import REPO


def test_security_headers_list_inline_script_hashes_and_video_hosts(site_copy, build):
    override = site_copy / "overrides" / "main.html"
    script = "console.log('bonjour')"
    override.write_text(
        override.read_text(encoding="utf-8")
        + "{% block scripts %}<script>"
        + script
        + "</script>{{ super() }}{% endblock %}",
        encoding="utf-8",
    )
    result = build(site_copy)
    assert result.returncode == 0, result.output
    nginx = (result.site / ".headers.nginx").read_text(encoding="utf-8")
    csp = re.search(r'Content-Security-Policy "([^"]+)"', nginx).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert f"'sha256-{digest}'" in directives["script-src"]
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["frame-src"] == "https://www.dailymotion.com"
    for header in ("Referrer-Policy", "X-Content-Type-Options", "Permissions-Policy"):
        assert f"add_header {header} " in nginx
    assert "Content-Security-Policy: " in (result.site / "_headers").read_text(encoding="utf-8")


def test_demo_pages_have_no_inline_script(demo_build):
    nginx = (demo_build.site / ".headers.nginx").read_text(encoding="utf-8")
    policies = set(re.findall(r'Content-Security-Policy "([^"]*)"', nginx))
    assert policies
    for policy in policies:
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert "'sha256-" not in directives["script-src"]
        # The one inline stylesheet every page carries (its first paint waits for nothing
        # else), and only it, by its hash.
        assert re.fullmatch(r"'self' 'sha256-[A-Za-z0-9+/]+=*'", directives["style-src"])


def test_nginx_configuration_is_valid(demo_build, tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    site_conf = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    site_conf = site_conf.replace("/var/www/referents/site", str(demo_build.site))
    (tmp_path / "site.conf").write_text(site_conf, encoding="utf-8")
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid; error_log stderr; events {{}}\n"
        f"http {{ access_log off; include {tmp_path}/site.conf; }}\n",
        encoding="utf-8",
    )
    checked = subprocess.run(
        [nginx, "-t", "-c", str(main)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr


def test_legal_pages_are_all_linked_from_every_footer(demo_build):
    for url in (
        "accessibilite/",
        "mentions-legales/",
        "donnees-personnelles/",
        "plan-du-site/",
        "ecoconception/",
    ):
        assert (demo_build.site / url / "index.html").is_file()
    links = {a["href"] for a in demo_build.html("doctrine/rgesn/").select(".rf-footer__legal a")}
    assert links == {
        "../../accessibilite/",
        "../../mentions-legales/",
        "../../donnees-personnelles/",
        "../../plan-du-site/",
        "../../ecoconception/",
    }


def test_site_map_is_generated_from_the_navigation_and_the_series(demo_build):
    page = demo_build.html("plan-du-site/")
    links = {a["href"] for a in page.select("article a")}
    for expected in (
        "../doctrine/rgesn/",
        "../a-propos/",
        "../episodes/",
        "../themes/video-sobre/",
    ):
        assert expected in links
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    themes = yaml.safe_load(
        text.split("      themes:\n", 1)[1].split("\n\n", 1)[0].replace("        ", "")
    )
    assert len(themes) >= 6
    for theme in themes:
        assert f"../themes/{theme}/" in links


def test_quality_choice_and_timed_transcript(demo_build):
    page = demo_build.html("episodes/demo-video-sobre/")
    choices = {i["value"]: i["data-src"] for i in page.select(".ep-quality input")}
    assert choices == {"sobre": "video-240p.webm", "standard": "video-360p.webm"}
    paragraphs = page.select("p[data-start]")
    assert [round(float(p["data-start"])) for p in paragraphs] == [0, 10, 15, 20]
    for paragraph in paragraphs:
        stamp = paragraph.select_one("a.ep-stamp")
        assert stamp["href"] == f"#t={int(float(paragraph['data-start']))}"
    assert [h["id"] for h in page.select("h3.ep-transcript-chapter")] == [
        "chapitre-1",
        "chapitre-2",
        "chapitre-3",
        "chapitre-4",
    ]
    assert page.select_one(".ep-audio audio")["preload"] == "none"
    assert "Le son seul" in page.select_one(".ep-audio h3").get_text()
    # « Écouter seulement » is a toggle of the player, shown by its script.
    listen = page.select_one("[data-ep-controls] button[data-ep-listen]")
    assert listen.get_text() == "Écouter seulement" and listen["aria-pressed"] == "false"
    # One <source> per format: a browser that cannot play the first takes the next.
    sources = page.select(".ep-audio audio source")
    assert [(s["src"], s["type"]) for s in sources] == [
        ("audio.m4a", "audio/mp4"),
        ("audio.opus", "audio/ogg"),
    ]
    downloads = [a.get_text() for a in page.select(".ep-audio a[download]")]
    assert downloads == ["Audio AAC, 74 ko", "Audio Opus, 77 ko"]
