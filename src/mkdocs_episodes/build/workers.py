"""Work sent to the machine's other cores while MkDocs renders pages on one: each
episode's transcript prepared, the series' files (captions, posters, feeds, data)
written, each page and data file compressed, and each page read for the
measurements. A build is one Python thread otherwise; with a thousand episodes, this
work is a third of it.

Jobs go in batches, and pages by their path once MkDocs has written them: sending a
thousand pages one by one through a pipe would cost the main thread about what the
work itself costs.

Knows nothing of MkDocs. Workers are forked, and only from a process that runs no
other thread (such as `mkdocs build`, not `mkdocs serve` and its server threads): a
fork copies this process as it is, with nothing to import again, but a lock held by
another thread would stay held in the copy. Otherwise, and for small series where
starting workers would cost more than they save, jobs run in this process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from mkdocs_episodes.build import unchanged_files
from mkdocs_episodes.build.html import ParsedPage, parse_html
from mkdocs_episodes.build.postbuild import compress_file
from mkdocs_episodes.core.time_budget import TRANSCRIPT_SECONDS, within
from mkdocs_episodes.core.transcript import TranscriptJob, transcript_html

# A file to publish: where, its content or the file it is copied from, and whether a
# compressed copy goes beside it.
FileJob = tuple[Path, bytes | Path, bool]
T = TypeVar("T")
BATCH = 50


def _transcripts(jobs: list[TranscriptJob]) -> list[str]:
    return [_bounded_transcript(job) for job in jobs]


def _bounded_transcript(job: TranscriptJob) -> str:
    """One transcript within its time budget (TimeBudgetExceeded otherwise, raised where
    the page asks for it, which names the episode)."""
    with within(TRANSCRIPT_SECONDS, "le rendu de la transcription"):
        return transcript_html(*job)


def _publish(files: list[FileJob]) -> None:
    """Each file written from its content or copied from its source, and compressed
    beside it when asked."""
    for target, content, compressed in files:
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            content = content.read_bytes()
        unchanged_files.write(target, content)
        if compressed:
            compress_file(target, content)


def _compress_and_read(pages: list[Path]) -> list[ParsedPage]:
    read = []
    for page in pages:
        data = page.read_bytes()
        compress_file(page, data)
        read.append(parse_html(data))
    return read


def _ready() -> None:
    """A first job, which starts the workers."""


def _background() -> None:
    """Workers are background help: they yield to Pagefind, which indexes on every
    core once it starts (MkDocs' own process has a core to itself before then)."""
    with contextlib.suppress(OSError):  # a priority is a wish, not a requirement
        os.nice(19)


class _Inline(Executor):
    """Jobs run at once, in this process."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as error:  # handed to whoever reads the result, as a pool does
            future.set_exception(error)
        return future


# Transcripts prepared by an earlier build of the same process, by episode slug, with the
# job each was prepared from (`mkdocs serve` rebuilds).
KeptTranscripts = dict[str, tuple[TranscriptJob, str]]


class Workers:
    def __init__(self, processes: int, kept: KeptTranscripts | None = None) -> None:
        """`kept`: transcripts of earlier builds, taken again when their job is the same,
        and completed with this build's."""
        self._executor: Executor
        self.processes = processes if threading.active_count() == 1 else 0
        if self.processes:
            context = multiprocessing.get_context("fork")
            self._executor = ProcessPoolExecutor(
                max_workers=processes, mp_context=context, initializer=_background
            )
            # The pool forks its workers on the first job, while this process has a
            # single thread (the pool's own management thread starts after).
            self._executor.submit(_ready)
        else:
            self._executor = _Inline()
        self._transcripts: dict[str, tuple[Future[list[str]], int]] = {}
        self._pending_transcripts: dict[str, TranscriptJob] = {}
        # Each batch sent, by its future: for a batch taken back before a worker starts it.
        self._transcript_jobs: dict[Future[list[str]], list[tuple[str, TranscriptJob]]] = {}
        self._files: list[FileJob] = []
        self._written: list[Path] = []
        self._jobs: list[Future[None]] = []
        self._reads: list[tuple[list[Path], Future[list[ParsedPage]]]] = []
        self._compressed: set[Path] = set()
        self._kept = kept
        self._jobs_by_slug: dict[str, TranscriptJob] = {}

    def share(
        self,
        work: Callable[[list[Path], Path], list[T]],
        items: list[Path],
        root: Path,
        here: float | None = None,
    ) -> Iterator[T]:
        """`work` over `items`, in order: one share here (the fraction `here` of the
        items, or an equal share), the others in the workers."""
        if not self.processes:
            yield from work(items, root)
            return
        mine = (
            round(len(items) * here) if here is not None else -(-len(items) // (self.processes + 1))
        )
        size = max(1, -(-(len(items) - mine) // self.processes))
        parts = [items[:mine]] + [
            items[start : start + size] for start in range(mine, len(items), size)
        ]
        theirs = [self._executor.submit(work, part, root) for part in parts[1:]]
        # In batches: the caller may hand work on to the workers as results come.
        for start in range(0, len(parts[0]), BATCH):
            yield from work(parts[0][start : start + BATCH], root)
        for future in theirs:
            yield from future.result()

    def prepare_transcript(self, slug: str, job: TranscriptJob) -> None:
        """Prepare an episode's transcript in the background."""
        if self._kept is not None:
            self._jobs_by_slug[slug] = job
            kept = self._kept.get(slug)
            if kept is not None and kept[0] == job:
                done: Future[list[str]] = Future()
                done.set_result([kept[1]])
                self._transcripts[slug] = (done, 0)
                return
        self._pending_transcripts[slug] = job
        if len(self._pending_transcripts) >= BATCH:
            self._send_transcripts()

    def transcript(self, slug: str) -> str | None:
        """A prepared transcript. Rather than wait for a worker, this process prepares
        batches still queued, its own first, then the last ones: the two finish
        together whatever share of the reading each had."""
        if slug in self._pending_transcripts:
            self._send_transcripts()
        if slug not in self._transcripts:
            return None
        future, index = self._transcripts[slug]
        if not future.done() and not self._take_back(future):
            while not future.done() and self._take_back_last():
                pass
        future, index = self._transcripts[slug]
        html = future.result()[index]
        if self._kept is not None and slug in self._jobs_by_slug:
            self._kept[slug] = (self._jobs_by_slug[slug], html)
        return html

    def _take_back_last(self) -> bool:
        """Prepare here the last batch that no worker has started, if any is left."""
        return any(self._take_back(queued) for queued in list(reversed(self._transcript_jobs)))

    def _take_back(self, future: Future[list[str]]) -> bool:
        """Prepare here a batch that no worker has started, if `future` is one."""
        if not future.cancel():
            return False
        jobs = self._transcript_jobs.pop(future)
        done: Future[list[str]] = Future()
        try:
            done.set_result(_transcripts([job for _, job in jobs]))
        except Exception as error:  # raised for the batch's own pages, as a worker's is
            done.set_exception(error)
        self._transcripts.update({s: (done, i) for i, (s, _) in enumerate(jobs)})
        return True

    def publish(self, target: Path, content: bytes | Path, compressed: bool) -> None:
        """Write a final file, from its content or the file it is copied from, with a
        compressed copy beside it when `compressed`."""
        self._files.append((target, content, compressed))
        if len(self._files) >= BATCH:
            self._send_files()

    def written(self, page: Path) -> None:
        """A page is on disk and final: compress it and read it for the measurements."""
        self._written.append(page)
        if len(self._written) >= BATCH:
            self._send_pages()

    def finish(self) -> tuple[set[Path], dict[Path, ParsedPage]]:
        """The files written and compressed, and the pages read; the first failure is
        raised here. The workers stay for `share` until `close`."""
        self._send_files()
        self._send_pages()
        for job in self._jobs:
            job.result()
        read = {
            page: parsed
            for pages, future in self._reads
            for page, parsed in zip(pages, future.result(), strict=True)
        }
        return self._compressed | set(read), read

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _send_transcripts(self) -> None:
        batch = self._pending_transcripts
        future = self._executor.submit(_transcripts, list(batch.values()))
        self._transcripts.update({slug: (future, index) for index, slug in enumerate(batch)})
        self._transcript_jobs[future] = list(batch.items())
        self._pending_transcripts = {}

    def _send_files(self) -> None:
        if self._files:
            self._jobs.append(self._executor.submit(_publish, self._files))
            self._compressed.update(target for target, _, compressed in self._files if compressed)
            self._files = []

    def _send_pages(self) -> None:
        if self._written:
            job = self._executor.submit(_compress_and_read, self._written)
            self._reads.append((self._written, job))
            self._written = []
