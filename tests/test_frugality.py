"""The built site ships only what its pages use, light, compressed and secured."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, build_site, folder_files, run_episodes, set_plugin_option

from mkdocs_episodes.build.budget import measure_page, measure_site
from mkdocs_episodes.build.html import _pick_candidate
from mkdocs_episodes.build.postbuild import referenced_files
from mkdocs_episodes.build.search_chunks import SIGNATURE
from mkdocs_episodes.core.settings import Budget


def test_no_source_maps_unused_scripts_or_search_languages(demo_build):
    site = demo_build.site
    assert not list(site.rglob("*.map"))
    assert not (site / "assets" / "javascripts").exists()  # Material's bundle, lunr, workers
    assert not list(site.rglob("palette.*.css"))
    assert not list((site / "pagefind").glob("pagefind-*ui*"))
    assert [p.name for p in (site / "pagefind").glob("wasm.*")] == ["wasm.fr.pagefind"]
    referenced = referenced_files(site)
    for path in (site / "assets").rglob("*"):
        if path.is_file() and path.suffix != ".gz":
            assert path in referenced, f"{path} is shipped but no page uses it"


def _indented_lines(html: str) -> list[str]:
    """Lines that start with whitespace, outside the elements that keep it."""
    outside = re.sub(r"<(pre|textarea|script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.findall(r"\n[ \t]+.*", outside)


def test_pages_lose_their_indentation_but_not_preformatted_text(site_copy, build):
    transcript = site_copy / "episodes" / "demo-video-sobre" / "transcription.md"
    code = "    ffmpeg -i maitre.mp4\n        -c:v libvpx-vp9 sobre.webm\n"
    transcript.write_text(
        transcript.read_text(encoding="utf-8") + "\nLa commande :\n\n" + code, encoding="utf-8"
    )
    result = build(site_copy)
    assert result.returncode == 0, result.output
    html = (result.site / "episodes" / "demo-video-sobre" / "index.html").read_text("utf-8")
    assert "<pre><code>ffmpeg -i maitre.mp4\n    -c:v libvpx-vp9 sobre.webm\n</code></pre>" in html
    # Words keep their spaces.
    page = result.html("episodes/demo-video-sobre/")
    assert "Les sous-titres, la transcription et les chapitres" in page.get_text()
    for path in ("index.html", "episodes/index.html", "doctrine/rgesn/index.html",
                 "episodes/demo-video-sobre/index.html",
                 "episodes/demo-video-sobre/embed/index.html", "404.html"):  # fmt: skip
        assert not _indented_lines((result.site / path).read_text("utf-8")), path


def test_worker_processes_build_the_same_site(site_copy, build):
    """The demo is small enough to build in one process: force the workers, and compare
    every file, compressed copies included."""
    set_plugin_option(site_copy, "workers", 1)
    forked = build(site_copy)
    assert forked.returncode == 0, forked.output
    assert "Construction partagée avec 1 processus de plus" in forked.output
    alone = site_copy.parent / "seul"
    shutil.copytree(site_copy, alone, ignore=shutil.ignore_patterns("site"))
    set_plugin_option(alone, "workers", 0)
    inline = build(alone)
    assert inline.returncode == 0, inline.output

    built, reference = folder_files(forked.site), folder_files(inline.site)
    assert built.keys() == reference.keys()
    assert [name for name in built if built[name] != reference[name]] == []
    assert any(name.endswith("index.html.gz") for name in built)


def test_text_files_are_precompressed_faithfully(demo_build):
    site = demo_build.site
    for pattern in ("*.html", "*.css", "*.js"):
        for path in site.rglob(pattern):
            packed = path.with_name(path.name + ".gz")
            assert packed.is_file(), path
            assert gzip.decompress(packed.read_bytes()) == path.read_bytes()


def test_site_script_stays_small(demo_build):
    (script,) = (demo_build.site / "assets" / "episodes").glob("episodes.*.js")
    assert re.fullmatch(r"episodes\.[0-9a-f]{10}\.js", script.name)
    assert len(gzip.compress(script.read_bytes(), 9)) <= 5000


def test_posters_are_webp_sized_with_srcset_and_lazy_below_the_fold(demo_build):
    page = demo_build.html("episodes/")
    images = page.select(".ep-card img")
    assert images
    for index, image in enumerate(images):
        assert image["src"].endswith(".webp")
        assert int(image["width"]) > 0 and int(image["height"]) > 0
        widths = [int(part.split()[1][:-1]) for part in image["srcset"].split(",")]
        assert widths == sorted(widths) and len(widths) >= 2
        assert image["sizes"]
        assert (image.get("loading") == "lazy") == (index >= 3)
    video = demo_build.html("episodes/demo-video-sobre/").find("video")
    assert video["poster"].endswith(".webp") and video["width"] and video["height"]
    facade = demo_build.html("episodes/les-enjeux/").select_one(".ep-facade img")
    assert facade["srcset"] and facade["width"]


def test_resized_posters_are_cached_between_builds(site_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("EPISODES_CACHE_DIR", str(cache))
    first = build_site(site_copy)
    assert first.returncode == 0, first.output
    made = {path: path.stat().st_mtime_ns for path in cache.rglob("*.webp")}
    assert len(made) >= 6 * 4
    published = sorted(p.name for p in first.site.rglob("*.webp"))
    second = build_site(site_copy)
    assert second.returncode == 0, second.output
    assert {path: path.stat().st_mtime_ns for path in cache.rglob("*.webp")} == made
    assert sorted(p.name for p in second.site.rglob("*.webp")) == published


def test_compiled_templates_are_cached_between_builds_yet_follow_their_edits(
    site_copy, tmp_path, monkeypatch
):
    cache = tmp_path / "cache"
    monkeypatch.setenv("EPISODES_CACHE_DIR", str(cache))
    first = build_site(site_copy)
    assert first.returncode == 0, first.output
    compiled = {path: path.stat().st_mtime_ns for path in cache.rglob("*.cache")}
    assert len(compiled) > 20  # Material's templates and ours
    home = (first.site / "index.html").read_bytes()
    second = build_site(site_copy)
    assert second.returncode == 0, second.output
    assert {path: path.stat().st_mtime_ns for path in cache.rglob("*.cache")} == compiled
    assert (second.site / "index.html").read_bytes() == home

    # Another copy of the project, elsewhere, finds the same entries.
    elsewhere = tmp_path / "ailleurs"
    shutil.copytree(site_copy, elsewhere, ignore=shutil.ignore_patterns("site"))
    assert build_site(elsewhere).returncode == 0
    assert {path: path.stat().st_mtime_ns for path in cache.rglob("*.cache")} == compiled

    # A publisher's edit of an override shows at the next build all the same.
    footer = site_copy / "overrides" / "partials" / "pied-de-page.html"
    footer.write_text(
        footer.read_text(encoding="utf-8").replace("</footer>", "<p>Pied modifié</p></footer>"),
        encoding="utf-8",
    )
    third = build_site(site_copy)
    assert third.returncode == 0, third.output
    assert "Pied modifié" in (third.site / "index.html").read_text(encoding="utf-8")


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
    assert "'sha256-" not in nginx


def test_search_is_in_every_page_header_and_has_its_page(demo_build):
    for url in ("", "episodes/", "doctrine/rgesn/"):
        form = demo_build.html(url).select_one("form[role=search]")
        assert form["action"].endswith("recherche/")
        assert form.select_one("label[for=ep-search-input]")
    assert demo_build.html("recherche/").select_one("#ep-search-page") is not None
    # Index pages are not searchable, episode and doctrine pages are.
    assert demo_build.html("episodes/les-enjeux/").select_one("[data-pagefind-body]")
    assert demo_build.html("doctrine/rgesn/").select_one("[data-pagefind-body]")
    assert not demo_build.html("episodes/").select_one("[data-pagefind-body]")


def _search_content(site: Path) -> set[str]:
    """The URL of every page that Pagefind indexes."""
    return {
        "/" if folder == "." else f"/{folder}/"
        for page in site.rglob("index.html")
        if "data-pagefind-body" in page.read_text(encoding="utf-8")
        and (folder := page.parent.relative_to(site).as_posix())
    }


def test_the_search_index_holds_every_page_with_search_content_and_no_other(demo_build):
    site = demo_build.site
    searchable = _search_content(site)
    indexed = set()
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(SIGNATURE)
        indexed.add(json.loads(data)["url"])
    assert {"/episodes/les-enjeux/", "/reseau/", "/ressources/", "/doctrine/rgesn/"} <= indexed
    assert indexed == searchable


def _build_in_this_process(project: Path, monkeypatch) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.chdir(project)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    mkdocs_build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site")))


def test_pagefind_starts_once_every_search_page_is_written_while_lists_are(
    site_copy: Path, monkeypatch
):
    # In this process, to see the site at the moment Pagefind is started.
    from mkdocs_episodes.build import session as plugin

    site = site_copy / "site"
    seen: dict[str, set[str]] = {}

    class Watched(plugin.Pagefind):
        def __init__(self, *args: Any) -> None:
            seen["search"] = _search_content(site)
            seen["lists"] = {p.parent.name for p in (site / "themes").rglob("index.html")}
            super().__init__(*args)

    monkeypatch.setattr(plugin, "Pagefind", Watched)
    _build_in_this_process(site_copy, monkeypatch)

    assert seen["search"] == _search_content(site)
    assert "/reseau/" in seen["search"]
    # Theme pages come last: not all of them were written yet.
    written = {p.parent.name for p in (site / "themes").rglob("index.html")}
    assert seen["lists"] < written


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
    assert "Écouter seulement" in page.select_one(".ep-audio").get_text()


def test_srcset_candidate_is_the_one_a_wide_screen_picks():
    values = {
        "src": "a-320.webp",
        "srcset": "a-320.webp 320w, a-640.webp 640w, a-960.webp 960w",
        "sizes": "(min-width: 60em) 14rem, 100vw",
    }
    assert _pick_candidate(values) == "a-320.webp"
    assert _pick_candidate({**values, "sizes": "(max-width: 30em) 10rem, 50rem"}) == "a-960.webp"
    assert _pick_candidate({"src": "plain.png"}) == "plain.png"


def test_dom_count_excludes_svg_insides(tmp_path):
    (tmp_path / "index.html").write_text(
        "<!doctype html><html><head><title>t</title></head><body><p>a</p>"
        "<svg><g><path d=''/><circle r='1'/></g></svg><img src='x.png'></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "x.png").write_bytes(b"x" * 1000)
    weight = measure_page(tmp_path, tmp_path / "index.html")
    assert weight.dom == 7  # html head title body p svg img
    assert weight.requests == 2
    assert weight.bytes > 1000


def test_budget_passes_on_the_demo(demo_build):
    result = run_episodes(demo_build.site.parent, "budget", str(demo_build.site))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 dépassement" in result.stdout
    for weight in measure_site(demo_build.site):
        assert not weight.over(Budget(10, 120, 85)), weight


def test_budget_fails_on_a_heavy_page_and_names_it(site_copy, build):
    heavy = site_copy / "docs" / "doctrine" / "lourde.webp"
    heavy.write_bytes(bytes(range(256)) * 800)  # 200 KB that do not compress
    page = site_copy / "docs" / "doctrine" / "rgesn.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n![](lourde.webp)\n", encoding="utf-8")
    result = build(site_copy)
    assert result.returncode == 0, result.output
    checked = run_episodes(site_copy, "budget", str(result.site))
    assert checked.returncode == 1
    line = next(line for line in checked.stdout.splitlines() if line.startswith("/doctrine/rgesn/"))
    assert "DÉPASSÉ" in line and "ko (au plus 120)" in line
    assert "Traceback" not in checked.stderr


def test_statements_follow_the_configuration_and_this_build(site_copy, build):
    config = site_copy / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "accessibilite: non", "accessibilite: partiellement"
        ),
        encoding="utf-8",
    )
    result = build(site_copy)
    assert result.returncode == 0, result.output
    statement = result.html("accessibilite/").select_one("article").get_text(" ")
    assert "partiellement conforme" in statement
    footer = [a.get_text(strip=True) for a in result.html("").select(".rf-footer a")]
    assert "Accessibilité : partiellement conforme" in footer
    assert "Écoconception" in footer
    eco = result.html("ecoconception/")
    assert "au plus 10 requêtes et 120 ko" in eco.get_text(" ")
    rows = eco.select("table.ep-budget tbody tr")
    assert {row.find("td").get_text() for row in rows} >= {"Épisodes", "Doctrine", "Accueil"}
    csv = (result.site / "ecoconception" / "mesures.csv").read_text(encoding="utf-8").splitlines()
    pages = len([p for p in result.site.rglob("*.html") if "pagefind" not in p.parts])
    assert len(csv) == pages + 1
    assert eco.select_one('a[href="mesures.csv"]')


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


def test_transcripts_are_the_same_from_a_worker_or_taken_back_from_its_queue():
    from mkdocs_episodes.build.workers import BATCH, Workers
    from mkdocs_episodes.core.transcript import transcript_html

    jobs = {
        f"e{i}": (
            f"Paragraphe {i}, avec un *accent*.\n\nSecond paragraphe.",
            [(0.0, f"Paragraphe {i}, avec un accent."), (2.5, "Second paragraphe.")],
            [],
        )
        for i in range(3 * BATCH)
    }
    workers = Workers(1)
    try:
        for slug, job in jobs.items():
            workers.prepare_transcript(slug, job)
        # Asked for in reverse: batches still queued are taken back and prepared here,
        # the first ones come from the worker.
        got = {slug: workers.transcript(slug) for slug in reversed(jobs)}
        for slug, job in jobs.items():
            workers.prepare_transcript(f"{slug}-bis", job)
        # Asked for in order: while the worker prepares the first batches, this process
        # takes the last ones.
        again = {slug: workers.transcript(f"{slug}-bis") for slug in jobs}
    finally:
        workers.close()
    expected = {slug: transcript_html(*job) for slug, job in jobs.items()}
    assert got == expected
    assert again == expected
    assert 'data-start="2.5"' in got["e0"]


def test_while_a_worker_is_busy_this_process_prepares_the_last_transcripts(monkeypatch):
    import time

    from mkdocs_episodes.build.workers import BATCH, Workers
    from mkdocs_episodes.core.transcript import transcript_html

    taken: list[bool] = []
    take_back = Workers._take_back

    def counted(self: Workers, future: Any) -> bool:
        taken.append(take_back(self, future))
        return taken[-1]

    monkeypatch.setattr(Workers, "_take_back", counted)
    jobs = {
        f"e{i}": (f"Paragraphe {i}.", [(0.0, f"Paragraphe {i}.")], []) for i in range(4 * BATCH)
    }
    broken = f"e{4 * BATCH - 1}"
    jobs[broken] = ("Paragraphe.", [(0.0, None)], [])  # type: ignore[list-item]
    workers = Workers(1)
    try:
        # The worker is busy for a second: the first batches are handed to it, the last
        # ones (the broken transcript's among them) still wait in the queue.
        workers._executor.submit(time.sleep, 1.0)
        for slug, job in jobs.items():
            workers.prepare_transcript(slug, job)
        time.sleep(0.3)  # the pool hands the first two batches on; they cannot be taken back
        first = workers.transcript("e0")
        assert any(taken), "no batch was taken back while waiting for the worker"
        # The broken transcript's error belongs to its own page, not to the one asked.
        with pytest.raises(TypeError):
            workers.transcript(broken)
        assert workers.transcript("e1") == transcript_html(*jobs["e1"])
    finally:
        workers.close()
    assert first == transcript_html(*jobs["e0"])


_WATCH_PRIORITIES = """
import json, multiprocessing, os, sys
from mkdocs_episodes.build import session as plugin

seen = {}

class Watched(plugin.Pagefind):
    def __init__(self, *args):
        seen["build before"] = os.getpriority(os.PRIO_PROCESS, 0)
        super().__init__(*args)
        seen["pagefind"] = os.getpriority(os.PRIO_PROCESS, self._process.pid)

    def finish(self, *args):
        seen["build after"] = os.getpriority(os.PRIO_PROCESS, 0)
        seen["workers"] = sorted(
            os.getpriority(os.PRIO_PROCESS, child.pid) for child in multiprocessing.active_children()
        )
        super().finish(*args)

plugin.Pagefind = Watched
from mkdocs.__main__ import cli
try:
    cli(["build", "--strict", "--quiet"])
finally:
    with open(sys.argv[1], "w") as out:
        json.dump(seen, out)
"""


def test_pagefind_gets_the_cores_while_the_build_and_its_workers_yield(
    site_copy: Path, tmp_path: Path
):
    # Pagefind is the build's last long step: once it starts, what else `mkdocs build`
    # has to do runs in the gaps Pagefind leaves, not against it.
    if os.getpriority(os.PRIO_PROCESS, 0) >= 19:
        pytest.skip("the tests already run at the lowest priority: nothing to lower")
    set_plugin_option(site_copy, "workers", 1)
    script, seen = tmp_path / "watch.py", tmp_path / "seen.json"
    script.write_text(_WATCH_PRIORITIES, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), str(seen)],
        cwd=site_copy,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    priorities = json.loads(seen.read_text(encoding="utf-8"))
    before = priorities["build before"]
    assert priorities["pagefind"] == before < 19
    assert priorities["build after"] == 19
    assert priorities["workers"] == [19]


def test_the_collector_is_relaxed_during_a_build_and_restored_after_it(
    site_copy: Path, monkeypatch
):
    # `mkdocs serve` builds again and again in one process, which must not keep the
    # build's thresholds: it would hold on to cyclic garbage between builds.
    import gc

    from mkdocs.exceptions import Abort

    from mkdocs_episodes.build import session as plugin

    during: list[tuple[int, int, int]] = []

    class Watched(plugin.Pagefind):
        def __init__(self, *args: Any) -> None:
            during.append(gc.get_threshold())
            super().__init__(*args)

    monkeypatch.setattr(plugin, "Pagefind", Watched)
    before = gc.get_threshold()
    _build_in_this_process(site_copy, monkeypatch)
    assert during == [plugin.BUILD_GC_THRESHOLDS] != [before]
    assert gc.get_threshold() == before

    episode = next((site_copy / "episodes").glob("*.yml"))
    episode.write_text(episode.read_text(encoding="utf-8") + "duration: oui\n", encoding="utf-8")
    with pytest.raises(Abort):
        _build_in_this_process(site_copy, monkeypatch)
    assert gc.get_threshold() == before
