"""The build's machinery: worker processes, transcripts taken back from their queue,
compiled templates kept, the collector relaxed during a build."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import build_site, folder_files, set_plugin_option


def _build_in_this_process(project: Path, monkeypatch) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.chdir(project)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    mkdocs_build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site")))


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
