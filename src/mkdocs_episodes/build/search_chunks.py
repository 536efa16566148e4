"""Pagefind's word index, re-cut so that no chunk weighs much more than the others.

A search downloads the index chunk that holds each word typed. Pagefind closes a chunk
once it holds about 20,000 word positions, but it counts only the positions of a word's
unaccented form: a word whose every occurrence is accented (réemploi, référent, sécurité)
counts for nothing. French chunks made of such words grow to three or four times the
others: at 1,000 episodes, 104 KB against a median of 32 KB, so that a search for
« réemploi » downloaded 104 KB of index.

Here every chunk heavier than CHUNK_BYTES is split into parts of about that weight. Word
entries move as they are (their CBOR bytes are not re-encoded) and keep Pagefind's
order; chunk boundaries are written as Pagefind writes them. The chunk list lives in the
metadata file, which therefore gets a new content-hashed name (files are cached as
immutable), and the entry file points at it. An index of a shape this module does not
know is left as Pagefind wrote it.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import itertools
import json
import logging
import math
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import cbor2

log = logging.getLogger("mkdocs.plugins.episodes")

# Pagefind's own chunks weigh 20 to 35 KB compressed: the heavy ones are cut to that.
CHUNK_BYTES = 30_000
# Pagefind's own compression level: level 9 would take four times as long for 1 % less.
LEVEL = 6
# Every Pagefind data file starts with this, before the CBOR document.
SIGNATURE = b"pagefind_dcd"


class UnknownIndex(ValueError):
    """The bundle is not laid out as this module expects: leave it alone."""


@dataclass
class Chunk:
    start: str  # the `from` bound, as Pagefind trimmed it
    end: str  # the `to` bound
    name: str  # file name without extension, `fr_1a2b3c4`
    first: str = ""  # full first and last words, known for the chunks re-cut here
    last: str = ""


@dataclass
class _Plan:
    """The files one language's re-cut writes and removes, decided before any is touched."""

    meta_hash: str
    written: dict[Path, bytes]
    removed: list[Path]
    split: int


# Runs `work` over a list of files of a folder and returns its results in order,
# possibly on several cores (`Workers.share`).
Spread = Callable[[Callable[[list[Path], Path], list[Any]], list[Path], Path], Iterable[Any]]


def in_this_process(
    work: Callable[[list[Path], Path], list[Any]], items: list[Path], root: Path
) -> list[Any]:
    """The `Spread` of a single process."""
    return work(items, root)


def rebalance(bundle: Path, limit: int = CHUNK_BYTES, spread: Spread = in_this_process) -> int:
    """Split the index chunks of every language heavier than `limit` bytes; returns the
    number of chunks split. `spread` shares the reading and re-packing of the heavy
    chunks between cores: about a second at 1,000 episodes, after Pagefind."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        plans = {
            code: plan
            for code, info in entry["languages"].items()
            if (plan := _plan(bundle, code, info["hash"], limit, spread))
        }
    except (OSError, KeyError, IndexError, TypeError, ValueError, zlib.error) as error:
        log.warning("Index de recherche laissé tel que Pagefind l'a écrit : %s", error)
        return 0
    # Every language is planned before a file changes: the bundle is never half re-cut.
    for code, plan in plans.items():
        for path, packed in plan.written.items():
            path.write_bytes(packed)
        for path in plan.removed:
            path.unlink()
            # A compressed copy made before would be stale.
            path.with_name(path.name + ".gz").unlink(missing_ok=True)
        entry["languages"][code]["hash"] = plan.meta_hash
    if plans:
        entry_path.write_text(
            json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        entry_path.with_name(entry_path.name + ".gz").unlink(missing_ok=True)
    return sum(plan.split for plan in plans.values())


def _plan(bundle: Path, code: str, meta_hash: str, limit: int, spread: Spread) -> _Plan | None:
    meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = load(meta_path.read_bytes())
    if not (isinstance(meta, list) and len(meta) > 2 and isinstance(meta[2], list)):
        raise UnknownIndex(f"{meta_path.name} : liste des morceaux introuvable")
    chunks = [_chunk(item) for item in meta[2]]
    index = bundle / "index"
    names = {chunk.name for chunk in chunks}
    files = [Path(f"{chunk.name}.pf_index") for chunk in chunks]
    heavy = [file for file in files if (index / file).stat().st_size > limit]
    cuts = dict(zip(heavy, spread(partial(_cut_chunks, limit=limit), heavy, index), strict=True))
    result: list[Chunk] = []
    written: dict[Path, bytes] = {}
    replaced: list[Path] = []
    for chunk, file in zip(chunks, files, strict=True):
        path = index / file
        parts = cuts.get(file)
        if not parts:  # light, or a single word too heavy to split
            result.append(chunk)
            continue
        replaced.append(path)
        cut: list[Chunk] = []
        for first, last, digest, packed in parts:
            name = _unique_name(code, digest, names)
            written[index / f"{name}.pf_index"] = packed
            cut.append(Chunk(first, last, name, first, last))
        # The outer bounds stay Pagefind's; the new inner ones are trimmed as it does.
        cut[0].start, cut[-1].end = chunk.start, chunk.end
        for left, right in itertools.pairwise(cut):
            left.end, right.start = _bounds(left, right)
        result.extend(cut)
    if not replaced:
        return None
    meta[2] = [[chunk.start, chunk.end, chunk.name] for chunk in result]
    data = SIGNATURE + cbor2.dumps(meta)
    new_hash = f"{code}_{hashlib.sha1(data).hexdigest()[:10]}"
    written[bundle / f"pagefind.{new_hash}.pf_meta"] = gzip.compress(data, LEVEL, mtime=0)
    return _Plan(new_hash, written, [*replaced, meta_path], len(replaced))


def _cut_chunks(
    files: list[Path], index: Path, limit: int
) -> list[list[tuple[str, str, str, bytes]]]:
    """Each chunk file of `index` cut into parts of about `limit` bytes: for each part,
    its first and last words, the SHA-1 of its content (which names it) and its packed
    bytes; no parts for a chunk that does not split."""
    cuts = []
    for file in files:
        packed = (index / file).read_bytes()
        parts = _split(_entries(packed, file.name), math.ceil(len(packed) / limit))
        cuts.append(
            [
                (
                    words[0],
                    words[-1],
                    hashlib.sha1(data).hexdigest(),
                    gzip.compress(data, LEVEL, mtime=0),
                )
                for words, data in parts
            ]
            if len(parts) > 1
            else []
        )
    return cuts


def load(packed: bytes) -> Any:
    """A Pagefind data file (metadata or index chunk) as its CBOR document."""
    data = gzip.decompress(packed)
    if not data.startswith(SIGNATURE):
        raise UnknownIndex("signature Pagefind absente")
    return cbor2.loads(data[len(SIGNATURE) :])


def _chunk(item: Any) -> Chunk:
    if not (isinstance(item, list) and len(item) == 3 and all(isinstance(v, str) for v in item)):
        raise UnknownIndex(f"morceau inattendu : {item!r:.80}")
    return Chunk(*item)


def _entries(packed: bytes, name: str) -> list[tuple[str, bytes]]:
    """Each word entry of a chunk: its word and its CBOR bytes, as written.

    A chunk is `[ [entry, entry, …] ]` and each entry starts with its word."""
    data = gzip.decompress(packed)
    if not data.startswith(SIGNATURE) or data[len(SIGNATURE)] != 0x81:
        raise UnknownIndex(f"{name} : en-tête inattendu")
    stream = io.BytesIO(data)
    stream.seek(len(SIGNATURE) + 1)
    count = _array_length(stream, name)
    decoder = cbor2.CBORDecoder(stream)
    entries = []
    start = stream.tell()
    for _ in range(count):
        entry = decoder.decode()
        end = stream.tell()
        if not (isinstance(entry, list) and entry and isinstance(entry[0], str)):
            raise UnknownIndex(f"{name} : entrée inattendue")
        entries.append((entry[0], data[start:end]))
        start = end
    if start != len(data):
        raise UnknownIndex(f"{name} : octets en trop")
    return entries


def _array_length(stream: io.BytesIO, name: str) -> int:
    head = stream.read(1)[0]
    if head >> 5 != 4 or head & 31 > 27:
        raise UnknownIndex(f"{name} : tableau attendu")
    extra = head & 31
    if extra < 24:
        return extra
    return int.from_bytes(stream.read(1 << (extra - 24)), "big")


def _array_head(count: int) -> bytes:
    if count < 24:
        return bytes([0x80 | count])
    for extra, size in ((24, 1), (25, 2), (26, 4)):
        if count < 1 << (8 * size):
            return bytes([0x80 | extra]) + count.to_bytes(size, "big")
    return bytes([0x9B]) + count.to_bytes(8, "big")


def _split(entries: list[tuple[str, bytes]], parts: int) -> list[tuple[list[str], bytes]]:
    """Consecutive runs of entries of about equal size, each encoded as a chunk file."""
    target = sum(len(raw) for _, raw in entries) / parts
    runs: list[list[tuple[str, bytes]]] = [[]]
    size = 0
    for word, raw in entries:
        if runs[-1] and size + len(raw) / 2 > target:
            runs.append([])
            size = 0
        runs[-1].append((word, raw))
        size += len(raw)
    return [
        (
            [word for word, _ in run],
            SIGNATURE + b"\x81" + _array_head(len(run)) + b"".join(raw for _, raw in run),
        )
        for run in runs
    ]


def _unique_name(code: str, digest: str, taken: set[str]) -> str:
    length = 7
    while (name := f"{code}_{digest[:length]}") in taken:
        length += 1
    taken.add(name)
    return name


def _bounds(left: Chunk, right: Chunk) -> tuple[str, str]:
    """The shortest prefixes that still tell two neighbouring chunks apart, as Pagefind
    writes them; the left bound is kept whole where trimming would end it before its
    own start."""
    last, first = left.last, right.first
    common = 0
    for a, b in zip(first, last, strict=False):
        if a != b:
            break
        common += 1
    end, start = last[: common + 1], first[: common + 1]
    return (end if end >= left.start else last), start
