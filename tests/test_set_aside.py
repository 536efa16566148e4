"""A preview rebuild empties the site folder in one step: the previous files are set aside
beside it and deleted in the background, hidden entries kept as MkDocs keeps them."""

from __future__ import annotations

from pathlib import Path

from mkdocs_episodes.build.set_aside import set_aside


def test_the_previous_site_leaves_at_once_and_is_deleted_beside_it(tmp_path: Path):
    site = tmp_path / "mkdocs_site"
    (site / "episodes" / "un").mkdir(parents=True)
    (site / "episodes" / "un" / "index.html").write_text("<p>un</p>", encoding="utf-8")
    (site / "index.html").write_text("<p>accueil</p>", encoding="utf-8")
    (site / ".cache").mkdir()
    thread = set_aside(site)
    assert thread is not None
    assert sorted(p.name for p in site.iterdir()) == [".cache"]
    thread.join(timeout=30)
    # Nothing left of the previous files, inside the site or beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mkdocs_site"]
    assert set_aside(site) is None
