"""Compiled templates kept between builds: compiling Material's templates and ours took
more than half a second of every build.

This is Jinja's own bytecode cache, with one entry per template name: another copy of
the project (the tests make many) finds the same entries instead of adding its own. An
entry serves only the text it was compiled from, with the same Jinja version,
extensions and syntax settings; when any of them changes, the template is compiled
again.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket

# Environment settings that change the code a template's text compiles to.
_COMPILE_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
)


class TemplateCache(FileSystemBytecodeCache):
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        super().__init__(str(folder))
        self._version = importlib.metadata.version("jinja2")

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha256(name.encode("utf-8")).hexdigest()[:40]

    def get_bucket(
        self, environment: Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        # The checksum Jinja compares an entry against: the text and the settings.
        compiled_from = "\0".join([source, *_settings(environment), self._version])
        return super().get_bucket(environment, name, filename, compiled_from)


def _settings(environment: Environment) -> list[str]:
    def named(value: object) -> str:
        # A function (autoescape, finalize) by its name: its repr holds an address.
        if callable(value):
            return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
        return repr(value)

    return [
        *sorted(environment.extensions),
        *(repr(getattr(environment, setting)) for setting in _COMPILE_SETTINGS),
        named(environment.autoescape),
        named(environment.finalize),
    ]
