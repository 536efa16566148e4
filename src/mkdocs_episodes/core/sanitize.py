"""Publishers' Markdown is data: its HTML is cut down to an allow-list before publication.

MkDocs renders Markdown with raw HTML enabled; a transcript or show notes holding
`<script>`, an event handler or a `javascript:` link must not reach a page.
"""

from __future__ import annotations

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


# Pages of docs/ may also hold a title, images (the site's own, or data: URIs) and
# figures; never a script, a frame, an object, a form, a style or an event handler.
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
