"""The HTML reader keeps, of a page's URLs, those that may name a file of the site: the
theme files a page uses survive pruning, the others go, whatever links the page holds."""

from __future__ import annotations

from pathlib import Path

from mkdocs_episodes.build.html import parse_html
from mkdocs_episodes.build.postbuild import parse_site, prune_unused

PAGE = b"""<!doctype html><html><head>
<link rel="stylesheet" href="../assets/used.css?v=2">
<script src="../assets/used.js#boot"></script>
</head><body>
<a href="../autre-page/">page</a> <a href="#chapitre-1">ancre</a> <a href="../">accueil</a>
<a href="https://exemple.gouv.fr/assets/unused.js">ailleurs</a>
<a href="mailto:contact@exemple.gouv.fr">courriel</a>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">
<img srcset="../assets/poster-320.webp 320w, ../assets/poster-640.webp 640w" src="../assets/poster-640.webp" alt="">
</body></html>"""


def test_the_reader_keeps_the_urls_that_may_name_a_file_and_no_page_link():
    read = parse_html(PAGE)

    assert sorted(read.references) == [
        "../assets/poster-320.webp",
        "../assets/poster-640.webp",
        "../assets/poster-640.webp",
        "../assets/used.css?v=2",
        "../assets/used.js#boot",
    ]
    # What the page loads is read in full, as before.
    assert "../assets/used.css?v=2" in read.loaded and "../assets/used.js#boot" in read.loaded


def test_pruning_keeps_the_theme_files_a_page_uses_and_deletes_the_others(tmp_path: Path):
    site = tmp_path / "site"
    (site / "page").mkdir(parents=True)
    (site / "page" / "index.html").write_bytes(PAGE)
    assets = site / "assets"
    assets.mkdir()
    theme = [assets / name for name in ("used.css", "used.js", "unused.js", "poster-320.webp")]
    for path in theme:
        path.write_text("x", encoding="utf-8")

    removed = prune_unused(site, theme, parse_site(site))

    assert removed == [assets / "unused.js"]
    assert sorted(p.name for p in assets.iterdir()) == ["poster-320.webp", "used.css", "used.js"]
