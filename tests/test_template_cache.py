"""Compiled templates are kept between builds, never served for another text or syntax."""

from __future__ import annotations

from pathlib import Path

from jinja2 import DictLoader, Environment

from mkdocs_episodes.build.template_cache import TemplateCache


def _render(cache: Path, templates: dict[str, str], **settings: bool) -> str:
    environment = Environment(loader=DictLoader(templates), **settings)
    environment.bytecode_cache = TemplateCache(cache)
    return environment.get_template("page.html").render(shown=True)


def test_a_template_is_compiled_again_when_its_text_or_syntax_changes(tmp_path: Path):
    cache = tmp_path / "cache"
    text = {"page.html": "<p>\n  {% if shown %}\n  Bonjour\n  {% endif %}\n</p>"}
    plain = _render(cache, text)
    entries = {path: path.read_bytes() for path in cache.iterdir()}
    assert len(entries) == 1
    assert _render(cache, text) == plain
    assert {path: path.read_bytes() for path in cache.iterdir()} == entries  # reused

    # A plugin that trims the template's whitespace gets its own compilation.
    trimmed = _render(cache, text, trim_blocks=True, lstrip_blocks=True)
    assert trimmed == "<p>\n  Bonjour\n</p>" != plain
    # A new text under the same name, too.
    assert _render(cache, {"page.html": "<p>Au revoir</p>"}) == "<p>Au revoir</p>"
    assert _render(cache, text) == plain
    assert len(list(cache.iterdir())) == 1  # one entry per template name
