"""Publishers' Markdown is data: its HTML is cut down to an allow-list before publication.

MkDocs renders Markdown with raw HTML enabled; a transcript or show notes holding
`<script>`, an event handler or a `javascript:` link must not reach a page.
"""

from __future__ import annotations

import nh3
from markupsafe import escape

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


def fill_markers(html: str, values: dict[str, str]) -> str:
    """Replace `<!-- episodes:name -->` in a page with a value the build knows (HTML)."""
    for name, value in values.items():
        html = html.replace(f"<!-- episodes:{name} -->", value)
    return html


def markdown_table_html(text: str) -> str:
    """A pipe table (as `budget.table` writes it) as escaped HTML."""
    rows = [line.strip("|").split(" | ") for line in text.splitlines()]
    header, body = rows[0], rows[2:]
    head = "".join(f'<th scope="col">{escape(cell.strip())}</th>' for cell in header)
    lines = [
        "<tr>" + "".join(f"<td>{escape(cell.strip())}</td>" for cell in row) + "</tr>"
        for row in body
    ]
    return f'<table class="ep-budget"><thead><tr>{head}</tr></thead><tbody>{"".join(lines)}</tbody></table>'
