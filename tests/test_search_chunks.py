"""Pagefind's index re-cut into chunks of even weight (search_chunks.py), on the demo's
real Pagefind bundle. The browser side (same results from a re-cut index) is in
test_browser.py."""

from __future__ import annotations

import gzip
import itertools
import json
import logging
import shutil
from pathlib import Path

import cbor2
import pytest
from conftest import folder_files

from mkdocs_episodes.build.search_chunks import SIGNATURE, rebalance
from mkdocs_episodes.build.workers import Workers


def read(path: Path) -> object:
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(SIGNATURE)
    return cbor2.loads(data[len(SIGNATURE) :])


def index_of(bundle: Path) -> tuple[list[list[str]], list[list[object]]]:
    """The chunk list of the metadata file the entry file names, and every word entry
    in chunk order."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = read(bundle / f"pagefind.{entry['languages']['fr']['hash']}.pf_meta")
    chunks = meta[2]
    words = [
        word for chunk in chunks for word in read(bundle / "index" / f"{chunk[2]}.pf_index")[0]
    ]
    return chunks, words


@pytest.fixture
def bundle(demo_build, tmp_path: Path) -> Path:
    return Path(shutil.copytree(demo_build.site / "pagefind", tmp_path / "pagefind"))


def test_heavy_chunks_are_cut_and_every_word_entry_survives_in_order(bundle: Path):
    chunks, words = index_of(bundle)
    heaviest = max((bundle / "index" / f"{c[2]}.pf_index").stat().st_size for c in chunks)
    limit = heaviest // 6

    assert rebalance(bundle, limit) >= 1

    cut, cut_words = index_of(bundle)
    assert len(cut) > len(chunks)
    # The same entries, byte for byte once decoded, in Pagefind's (sorted) order.
    assert cut_words == words
    assert [entry[0] for entry in cut_words] == sorted(entry[0] for entry in words)
    # Only the listed chunks remain, and only the one metadata file.
    assert {p.stem for p in (bundle / "index").glob("*.pf_index")} == {c[2] for c in cut}
    assert len(list(bundle.glob("*.pf_meta"))) == 1
    for start, end, name in cut:
        entries = read(bundle / "index" / f"{name}.pf_index")[0]
        size = (bundle / "index" / f"{name}.pf_index").stat().st_size
        # Each part near the limit, unless a single word weighs more by itself.
        assert size <= 2 * limit or len(entries) == 1, (name, size, limit)
        # Bounds as Pagefind writes them: prefixes of the chunk's own first and last words.
        assert entries[0][0].startswith(start) and entries[-1][0].startswith(end), (start, end)
    # Neighbouring chunks' bounds keep the words apart.
    for left, right in itertools.pairwise(cut):
        assert left[1] < right[0], (left, right)


def test_a_re_cut_shared_with_a_worker_process_writes_the_same_bundle(bundle: Path, tmp_path: Path):
    alone = Path(shutil.copytree(bundle, tmp_path / "seul"))
    limit = 2_000
    split = rebalance(alone, limit)
    assert split >= 2
    # Larger series share the re-cut with the build's worker: the chunks are split in
    # two processes at once, named and listed here.
    workers = Workers(1)
    try:
        assert rebalance(bundle, limit, spread=workers.share) == split
    finally:
        workers.close()
    assert folder_files(bundle) == folder_files(alone)


def test_a_light_index_is_left_byte_for_byte(bundle: Path):
    before = folder_files(bundle)
    assert rebalance(bundle) == 0
    after = folder_files(bundle)
    assert after == before


def test_an_index_of_unknown_shape_is_left_as_pagefind_wrote_it(bundle: Path, caplog):
    meta = next(bundle.glob("*.pf_meta"))
    meta.write_bytes(gzip.compress(SIGNATURE + cbor2.dumps(["9.9.9", {"autre": "forme"}])))
    before = folder_files(bundle)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.episodes"):
        assert rebalance(bundle, 10) == 0
    after = folder_files(bundle)
    assert after == before
    assert "laissé tel que Pagefind l'a écrit" in caplog.text


def test_a_bundle_is_never_half_re_cut(bundle: Path, caplog):
    # A second language whose metadata is missing: French is not re-cut either, or the
    # entry file would name French metadata that no longer exists.
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    entry["languages"]["en"] = {"hash": "en_0000000000", "wasm": "en", "page_count": 1}
    entry_path.write_text(json.dumps(entry), encoding="utf-8")
    before = folder_files(bundle)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.episodes"):
        assert rebalance(bundle, 100) == 0
    after = folder_files(bundle)
    assert after == before
