"""One stylesheet per site, in every page's <head>: the rules of Material's that the
site's pages can use, then the series' own.

Why: on a slow phone, the first paint waits for every stylesheet in <head> and for the
matching of all their rules against the page. Material's stylesheet (137 KB, 23 KB
gzipped) draws every component of the theme; this site's templates replace its header,
footer and search and load none of its JavaScript, so most of it matches nothing. One
file instead of two also saves a request on every page.

Which names a page can hold is known before any page is rendered (MkDocs renders every
page's Markdown before the first template): the text and string literals of every
template a page can render (following `extends`, `include` and `import`, leaving out the
blocks a more specific template replaces without `super()`), the generator's own code and
script (which write HTML too), the source of each Markdown extension in use (the classes
it writes), the pages of docs/ as rendered, and the theme's language and direction.
`build/css_subset.py` keeps every rule those names may match.

A site with a colour palette (`theme.palette`) keeps Material's stylesheets as they are:
its palette rules are chosen in the browser.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from jinja2 import Environment, TemplateNotFound, nodes
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from mkdocs_episodes.adapter.theme import asset_content
from mkdocs_episodes.build.css_subset import NAME_TOKEN, css_subset, selector_names
from mkdocs_episodes.build.headers import style_hash
from mkdocs_episodes.core import urls

PACKAGE = Path(__file__).resolve().parent.parent
# Material's stylesheet, as its base.html names it.
MATERIAL_CSS = "assets/stylesheets/main.57a0d79d.min.css"
# Extensions MkDocs always adds to the site's own.
MKDOCS_EXTENSIONS = ("toc", "tables", "fenced_code")
# Templates that render pages besides those a page names in its front matter.
ENTRY_TEMPLATES = ("main.html", "404.html")


_PARSED: dict[str, nodes.Template] = {}


def _extends(tree: nodes.Template) -> str | None:
    # `extends` is a statement of the template's top level.
    for node in tree.body:
        if isinstance(node, nodes.Extends) and isinstance(node.template, nodes.Const):
            return str(node.template.value)
    return None


def _calls_super(block: nodes.Block) -> bool:
    return any(
        isinstance(call.node, nodes.Name) and call.node.name == "super"
        for call in block.find_all(nodes.Call)
    )


class _TemplateNames:
    """Names the templates a page can render may write."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.names: set[str] = set()
        self._done: set[str] = set()

    def _parse(self, name: str) -> nodes.Template | None:
        assert self.env.loader is not None
        try:
            source = self.env.loader.get_source(self.env, name)[0]
        except TemplateNotFound:
            return None
        # Parsed once per process: a preview rebuilds with the same templates.
        tree = _PARSED.get(source)
        if tree is None:
            tree = _PARSED[source] = self.env.parse(source)
        return tree

    def add(self, name: str) -> None:
        """`name` and every template it extends, includes or imports."""
        if name in self._done:
            return
        self._done.add(name)
        chain: list[nodes.Template] = []
        current: str | None = name
        while current is not None and len(chain) < 20:
            tree = self._parse(current)
            if tree is None:
                break
            chain.append(tree)
            current = _extends(tree)
        if not chain:
            return
        # Each block's definitions, the most specific first.
        blocks: dict[str, list[nodes.Block]] = {}
        for tree in chain:
            for block in tree.find_all(nodes.Block):
                blocks.setdefault(block.name, []).append(block)
        pending: list[str] = []
        self._region(chain[-1].body, pending)
        rendered: set[str] = set()
        while pending:
            block_name = pending.pop()
            if block_name in rendered:
                continue
            rendered.add(block_name)
            for block in blocks.get(block_name, []):
                self._region(block.body, pending)
                if not _calls_super(block):
                    break

    def _region(self, body: Iterable[nodes.Node], pending: list[str]) -> None:
        """Names written by these nodes; the blocks they hold are resolved by name."""
        for node in body:
            if isinstance(node, nodes.Block):
                pending.append(node.name)
                continue
            if isinstance(node, nodes.TemplateData):
                self.names.update(NAME_TOKEN.findall(node.data))
            elif isinstance(node, nodes.Const) and isinstance(node.value, str):
                self.names.update(NAME_TOKEN.findall(node.value))
            if isinstance(node, nodes.Include | nodes.Import | nodes.FromImport) and isinstance(
                node.template, nodes.Const
            ):
                self.add(str(node.template.value))
            self._region(node.iter_child_nodes(), pending)


def _extension_sources(config: MkDocsConfig) -> Iterator[Path]:
    """The source file of each Markdown extension in use."""
    for extension in [*MKDOCS_EXTENSIONS, *config.markdown_extensions]:
        module_name = extension if isinstance(extension, str) else type(extension).__module__
        for candidate in (module_name, f"markdown.extensions.{module_name}"):
            try:
                module = importlib.import_module(candidate.split(":", 1)[0])
            except ImportError:
                continue
            if module.__file__:
                yield Path(module.__file__)
            break


@cache
def _file_names(path: Path, size: int, mtime: float) -> frozenset[str]:
    return frozenset(NAME_TOKEN.findall(path.read_text(encoding="utf-8", errors="replace")))


def _names_in(paths: Iterable[Path]) -> set[str]:
    found: set[str] = set()
    for path in paths:
        stat = path.stat()
        found |= _file_names(path, stat.st_size, stat.st_mtime)
    return found


def _template_names(
    env: Environment, config: MkDocsConfig, entries: list[str], cache: Path
) -> set[str]:
    """Names the templates reachable from `entries` may write. Parsing every template
    takes a good part of a second: the result is kept in `cache`, under a digest of the
    theme folders' templates and of the entries."""
    digest = hashlib.sha256("\n".join(entries).encode())
    for folder in config.theme.dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
    stored = cache / f"{digest.hexdigest()[:24]}.json"
    try:
        return set(json.loads(stored.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    templates = _TemplateNames(env)
    for name in entries:
        templates.add(name)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        stored.write_text(json.dumps(sorted(templates.names)), encoding="utf-8")
    except OSError:
        pass  # the cache only saves time
    return templates.names


def page_names(
    env: Environment, config: MkDocsConfig, files: Files, generated: set[str], cache: Path
) -> set[str]:
    """Every name a page of this site can hold (a superset: see the module's docstring).
    `generated`: the pages the generator makes (their content comes from its own code)."""
    entries = [*ENTRY_TEMPLATES]
    entries += [
        f"episodes/{path.name}" for path in sorted(PACKAGE.glob("templates/episodes/*.html"))
    ]
    entries.append(f"partials/languages/{config.theme.get('language') or 'en'}.html")
    names: set[str] = set()
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        template = page.meta.get("template")
        if isinstance(template, str) and template not in entries:
            entries.append(template)
        if file.src_uri not in generated and page.content:
            names.update(NAME_TOKEN.findall(page.content))
    names |= _template_names(env, config, entries, cache)
    code = [*PACKAGE.rglob("*.py"), *PACKAGE.glob("templates/assets/episodes/*.js")]
    names |= _names_in([*code, *_extension_sources(config)])
    direction = config.theme.get("direction")
    if direction:
        names.add(str(direction))
    return names


@cache
def _subset(css: str, names: frozenset[str]) -> str:
    return css_subset(css, names)


def site_stylesheet(
    env: Environment,
    config: MkDocsConfig,
    files: Files,
    generated: set[str],
    series_css: str,
    cache: Path,
) -> str | None:
    """The site's one stylesheet: Material's rules its pages may use, then the series';
    None where Material's must stay whole."""
    if config.theme.get("palette"):
        return None
    material = files.get_file_from_path(MATERIAL_CSS)
    if material is None or not material.abs_src_path:
        return None
    css = Path(material.abs_src_path).read_text(encoding="utf-8")
    names = page_names(env, config, files, generated, cache)
    # Only the names some selector asks for matter: a smaller key for the cache.
    wanted = frozenset(names & selector_names_of(css))
    return _subset(css, wanted) + "\n" + series_css


@cache
def selector_names_of(css: str) -> frozenset[str]:
    return frozenset(selector_names(css))


def install(
    env: Environment,
    config: MkDocsConfig,
    files: Files,
    generated: set[str],
    assets: dict[str, str],
    cache: Path,
) -> str | None:
    """Every page carries the site's one stylesheet in its <head> (the theme's base.html
    writes `episodes_site_css`) instead of linking Material's and the series': nothing
    to fetch before the first paint. Returns its CSP source (`'sha256-…'`), or None where
    both stay linked. `assets`: the generator's assets' published names; `cache`: where
    the names of the templates are kept between builds."""
    series_uri = assets[urls.STYLESHEET]
    series = asset_content(urls.STYLESHEET).decode("utf-8")
    css = site_stylesheet(env, config, files, generated, series, cache)
    if css is None:
        return None
    if "</style" in css.lower():
        raise ValueError("feuille de style : « </style » ne peut pas figurer dans une page")
    replaced = files.get_file_from_path(series_uri)
    if replaced is not None:
        files.remove(replaced)
    config.extra_css[:] = [path for path in config.extra_css if path != series_uri]
    # Written as is: the CSP hashes exactly these characters.
    env.globals["episodes_site_css"] = Markup(css)
    return style_hash(css)
