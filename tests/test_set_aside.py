"""A preview rebuild writes over the previous build's files: they are set aside before
MkDocs empties the site folder, put back once it has (but pages the new build does not
write), and what the new build did not write is swept away before anything reads the
site. Hidden entries are left alone, as MkDocs leaves them."""

from __future__ import annotations

import time
from pathlib import Path

from mkdocs_episodes.build.set_aside import PreviousSite


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_previous_files_are_written_over_and_the_rest_swept(tmp_path: Path):
    site = tmp_path / "mkdocs_site"
    for name in ("index.html", "episodes/un/index.html", "episodes/deux/index.html",
                 "episodes/deux/sous-titres.vtt", "episodes/un/embed/index.html",
                 "pagefind/fragment/ancien.pf_fragment"):  # fmt: skip
        _write(site / name, "avant")
    (site / ".cache").mkdir()
    # File times tick with a coarse clock: the previous build is older than that.
    time.sleep(0.05)
    previous = PreviousSite(site)
    # Set aside at once: MkDocs finds an empty folder but for hidden entries.
    assert sorted(p.name for p in site.iterdir()) == [".cache"]
    kept = {site / "index.html", site / "episodes/un/index.html", site / "episodes/un/embed/index.html"}  # fmt: skip
    previous.put_back()
    previous.drop_pages(kept)
    # Back in place, but a page this build does not write, and the search bundle.
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
        "episodes/deux/sous-titres.vtt",
        "episodes/un/embed/index.html",
        "episodes/un/index.html",
        "index.html",
    ]
    _write(site / "index.html", "après")
    _write(site / "episodes/un/index.html", "après")
    removed = previous.sweep(keep={site / "episodes/un/embed/index.html"})
    assert sorted(p.relative_to(site).as_posix() for p in removed) == [
        "episodes/deux/sous-titres.vtt"
    ]
    assert not (site / "episodes" / "deux").exists()
    assert (site / "episodes/un/embed/index.html").read_text(encoding="utf-8") == "avant"
    assert (site / ".cache").is_dir()
    previous.wait()
    # Nothing left beside the site.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mkdocs_site"]
