"""Page weight: posters sized for their slot, pre-compressed text, the budget per page
and the figures the statements publish."""

from __future__ import annotations

import gzip
import re

from conftest import build_site, run_episodes

from mkdocs_episodes.build.budget import measure_page, measure_site
from mkdocs_episodes.build.html import _pick_candidate
from mkdocs_episodes.build.postbuild import referenced_files
from mkdocs_episodes.core.settings import Budget


def _indented_lines(html: str) -> list[str]:
    """Lines that start with whitespace, outside the elements that keep it."""
    outside = re.sub(r"<(pre|textarea|script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.findall(r"\n[ \t]+.*", outside)


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
    # Player, search, resources filter, header and menu (frame.js), comments kept: 5.4 KB
    # gzipped with the player's captions and « Écouter seulement » toggles (issue 19).
    assert len(gzip.compress(script.read_bytes(), 9)) <= 6000


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


def test_no_source_maps_unused_scripts_or_search_languages(demo_build):
    site = demo_build.site
    assert not list(site.rglob("*.map"))
    assert not (site / "assets" / "javascripts").exists()  # Material's bundle, lunr, workers
    assert not list(site.rglob("palette.*.css"))
    assert not list((site / "pagefind").glob("pagefind-*ui*"))
    assert [p.name for p in (site / "pagefind").glob("wasm.*")] == ["wasm.fr.pagefind"]
    referenced = referenced_files(site)
    # The podcast's cover is for podcast apps: the feed names it, no page does.
    feed = (site / "episodes" / "feed.xml").read_text(encoding="utf-8")
    referenced |= {site / url for url in re.findall(r'href="https?://[^/"]+/([^"]+)"', feed)}
    for path in (site / "assets").rglob("*"):
        if path.is_file() and path.suffix != ".gz":
            assert path in referenced, f"{path} is shipped but neither a page nor the feed uses it"


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
