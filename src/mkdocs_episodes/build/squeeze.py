"""Indentation out of the built HTML: the theme's templates indent every line, and that
whitespace is about a tenth of each page's bytes.

Only the indentation after a line break goes (with blank lines): the line break stays,
so the text renders exactly as before. `<pre>`, `<textarea>`, `<script>` and `<style>`
keep their contents untouched.
"""

from __future__ import annotations

import re

_VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_INDENT = re.compile(r"\n\s+")


def squeeze_html(html: str) -> str:
    parts = _VERBATIM.split(html)
    # split() with two groups gives: text, verbatim element, its tag name, text, …
    return "".join(
        _INDENT.sub("\n", part) if index % 3 == 0 else part
        for index, part in enumerate(parts)
        if index % 3 != 2
    )
