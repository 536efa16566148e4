"""The files the series adds to MkDocs' list: generated pages, and published files
(captions, videos, posters, feeds, redirects) that the build's workers write.

A generated file may never take the place of another one: a publisher's page in
docs/, a page of the series, a feed or a redirect. A collision is a French error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from mkdocs_episodes.adapter.pages import GeneratedPage
from mkdocs_episodes.build.postbuild import compressed_at_build
from mkdocs_episodes.build.workers import Workers

# Written by MkDocs, Pagefind or the post-build: never by a publisher or the series.
RESERVED = ("404.html", "sitemap.xml", "sitemap.xml.gz", "_headers", "pagefind/pagefind.js")


class SeriesFile(File):
    """A file of the series (captions, posters, feeds, data, redirects) that the workers
    write, with its compressed copy, while MkDocs renders pages. MkDocs would copy each
    one in its own process before the first page: 2,000 files at 1,000 episodes."""

    workers: Workers | None = None

    def copy_file(self, dirty: bool = False) -> None:
        if self.workers is None:
            super().copy_file(dirty)
        elif not dirty or self.is_modified():
            source = self.abs_src_path
            self.workers.publish(
                Path(self.abs_dest_path),
                Path(source) if source else self.content_bytes,
                compressed=compressed_at_build(Path(self.dest_uri)),
            )


class SeriesFiles:
    """Adds the series' files to MkDocs' list, refusing any that would replace another."""

    def __init__(self, files: Files, config: MkDocsConfig, workers: Workers | None) -> None:
        self.files = files
        self.config = config
        self.workers = workers
        # Who writes each destination and each folder, to name both sides of a collision.
        self._owners: dict[str, str] = {}
        self._folders: dict[str, str] = {}
        docs = str(Path(config.docs_dir).resolve())
        for uri in RESERVED:
            self._take(uri, "la construction elle-même")
        # A publisher's file may replace a file of the theme (as MkDocs lets it), never
        # what the build itself writes.
        theme = []
        for file in files:
            if (file.abs_src_path or "").startswith(docs):
                self._claim_destination(file.dest_uri, f"docs/{file.src_uri}")
            else:
                theme.append(file)
        for file in theme:
            self._take(file.dest_uri, f"le thème ({file.src_uri})")
        # Generated pages' Markdown, converted once per text (GeneratedPage).
        self.converted: dict[str, Any] = {}

    def _take(self, destination: str, owner: str) -> None:
        self._owners.setdefault(destination, owner)
        parts = destination.split("/")
        for end in range(1, len(parts)):
            self._folders.setdefault("/".join(parts[:end]), owner)

    def _claim(self, uri: str, owner: str) -> None:
        """`uri` (a source, as MkDocs names files) is the series' own."""
        self._claim_destination(File(uri, "", "", self.config.use_directory_urls).dest_uri, owner)

    def _claim_destination(self, destination: str, owner: str) -> None:
        """No publisher's file, no file of the theme, no other generated one is written
        at `destination`, nor is a folder of one of them in its way."""
        parts = destination.split("/")
        taken = self._owners.get(destination) or self._folders.get(destination)
        for end in range(1, len(parts)):
            taken = taken or self._owners.get("/".join(parts[:end]))
        if taken is not None:
            raise PluginError(
                f"{owner} : l'adresse « {destination} » est déjà prise par {taken} ; "
                "renommez ou déplacez l'un des deux"
            )
        self._take(destination, owner)

    def publish(self, uri: str, content: str | bytes | Path, owner: str) -> File:
        """A file published at `uri`: `content`, or a copy of the file it names."""
        self._claim(uri, owner)
        if isinstance(content, Path):
            file = SeriesFile.generated(self.config, uri, abs_src_path=str(content))
        else:
            file = SeriesFile.generated(self.config, uri, content=content)
        file.workers = self.workers
        self.files.append(file)
        return file

    def shared(self, uri: str, source: Path, owner: str) -> File:
        """A file several episodes may publish (a poster they share): added once."""
        existing = self.files.get_file_from_path(uri)
        if existing is not None and isinstance(existing, SeriesFile):
            return existing
        return self.publish(uri, source, owner)

    def page(self, uri: str, markdown: str, listed: bool, owner: str) -> File:
        """A generated page; `listed`: MkDocs gives it a title from the navigation."""
        self._claim(uri, owner)
        inclusion = InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV
        file = File.generated(self.config, uri, content=markdown, inclusion=inclusion)
        if not listed:
            GeneratedPage(file, self.config, self.converted, owner)
        self.files.append(file)
        return file

    def reserve(self, destination: str, owner: str) -> None:
        """A destination written outside MkDocs' list (the embed pages)."""
        self._claim_destination(destination, owner)
