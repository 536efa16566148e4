"""Publishers' Markdown is data: its HTML is cut down to an allow-list before publication.

MkDocs renders Markdown with raw HTML enabled; a transcript or show notes holding
`<script>`, an event handler or a `javascript:` link must not reach a page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}


def sanitize_html(html: str) -> str:
    """Keep text structure and links (https, mailto, relative); drop everything else."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"https", "http", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


# Pages of docs/ may also hold a title, images (the site's own, by a relative or https
# address) and figures; never a script, a frame, an object, a form, a style, an event
# handler, nor a javascript: or data: address.
_PAGE_TAGS = _TAGS | {"h1", "img", "figure", "figcaption", "caption", "col", "colgroup", "small", "time", "var", "samp", "u", "wbr"}  # fmt: skip
_PAGE_ATTRIBUTES = {
    **_ATTRIBUTES,
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "time": {"datetime"},
    "details": {"open"},
    "col": {"span"},
    "colgroup": {"span"},
}


def sanitize_page_html(html: str) -> str:
    """A docs page's HTML: the allow-list of publisher text, plus images and figures.
    Comments stay: a page marks with them where the build puts values it knows."""
    return nh3.clean(
        html,
        tags=_PAGE_TAGS,
        attributes=_PAGE_ATTRIBUTES,
        generic_attribute_prefixes={"aria-"},
        url_schemes={"https", "http", "mailto"},
        link_rel=None,
        strip_comments=False,
    )


# What the sanitiser removes that a publisher should hear about: not a stray <u>, but
# anything that would run, frame, post or restyle the page.
_DANGEROUS_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button", "textarea", "select", "style", "link", "meta", "base", "svg", "math", "template", "noscript"}  # fmt: skip
_URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "xlink:href", "data", "poster", "background"}  # fmt: skip
_BAD_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data|file)\s*:", re.I)
# Code is shown, never run: fenced blocks and inline code are blanked before the search
# (lines and columns kept).
_CODE = re.compile(r"^(?P<fence>`{3,}|~{3,})[^\n]*\n.*?^(?P=fence)[ \t]*$|`+[^`\n]*`+", re.M | re.S)
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?\s*((?:javascript|vbscript|data|file)\s*:)", re.I)


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        if tag in _DANGEROUS_TAGS:
            self.found.append((line, column + 1, f"balise <{tag}> retirée à la publication"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(
                    (line, column + 1, f"attribut {name} (script) retiré à la publication")
                )
            elif name == "style":
                self.found.append((line, column + 1, "attribut style retiré à la publication"))
            elif name in _URL_ATTRIBUTES and value and _BAD_SCHEME.match(value):
                scheme = value.split(":", 1)[0].strip().lower()
                self.found.append((line, column + 1, f"adresse {scheme}: retirée à la publication"))


def unsafe_html(markdown: str) -> list[tuple[int, int, str]]:
    """Line, column and French description of each construct of a publisher's Markdown
    that the sanitiser would remove because it could run script or change the page:
    reported by the checks rather than silently dropped."""
    if "<" not in markdown and "](" not in markdown:  # plain text: nothing to find
        return []
    markdown = _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), markdown)
    finder = _Finder()
    finder.feed(markdown)
    finder.close()
    found = finder.found
    for number, line in enumerate(markdown.splitlines(), start=1):
        for match in _MARKDOWN_LINK.finditer(line):
            scheme = match.group(1).rstrip(": ").lower()
            found.append((number, match.start(1) + 1, f"lien {scheme}: retiré à la publication"))
    return sorted(found)
