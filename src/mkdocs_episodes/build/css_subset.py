"""The rules of a stylesheet that the site's pages can use, and only those.

Material's stylesheet holds every component of the theme (search dialog, tabs, header,
footer, palettes, right-to-left layouts, code annotations…): 137 KB that a phone parses
and matches against every element before its first paint, although this site's templates
draw few of those components. A rule is kept unless one of its selectors' class, id or
attribute names (or an attribute value asked exactly) is a name no page can hold: the
caller gives every name the site's templates, scripts and contents can write.

The test is conservative: names inside `:not()`, `:is()`, `:where()` and `:has()` are not
required (they may match without them), element names are not checked, at-rules other
than `@media`, `@supports`, `@layer` and `@container` are kept whole, and a rule whose
selectors cannot be read is kept. What a page can show therefore keeps its rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# Grouping at-rules: their inner rules are trimmed like the top level's.
_GROUPING = re.compile(r"@(?:-webkit-)?(?:media|supports|layer|container|document)\b", re.I)
# Functional pseudo-classes whose arguments are alternatives or negations.
_FUNCTIONAL = re.compile(
    r":(?:not|is|where|has|matches|-webkit-any|-moz-any|host|host-context|nth-[\w-]+)\("
)
_PSEUDO = re.compile(r"::?[\w-]+")
_NAME = re.compile(r"[.#](-?[_a-zA-Z][\w-]*)")
_ATTRIBUTE = re.compile(
    r"\[\s*([\w-]+)\s*(?:(=)\s*(?:\"([^\"]*)\"|'([^']*)'|([\w-]+))|[~|^$*]=[^\]]*)?\s*[is]?\s*\]"
)
# Any name a template, script or page may write (for the caller's universe).
NAME_TOKEN = re.compile(r"[A-Za-z_][\w-]*")


@dataclass
class _Rule:
    prelude: str
    # None: a statement (`@import …;`); str: a declaration block; list: nested rules.
    body: str | list[_Rule] | None


# What the reader stops at: comments and strings (skipped whole), braces, semicolons.
_TOKEN = re.compile(r"""/\*.*?(?:\*/|$)|"(?:\\.|[^"\\])*"?|'(?:\\.|[^'\\])*'?|[{};]""", re.S)


def parse_rules(css: str) -> list[_Rule]:
    """The rules of a stylesheet, grouping at-rules with their inner rules."""
    top: list[_Rule] = []
    # Open blocks: (rules being filled, prelude, start of the block's text, grouping?).
    stack: list[tuple[list[_Rule], str, int, bool]] = []
    rules, start = top, 0
    for match in _TOKEN.finditer(css):
        token = match.group()
        if token == ";" and (not stack or stack[-1][3]):
            rules.append(_Rule(_clean(css[start : match.start()]), None))
            start = match.end()
        elif token == "{":
            prelude = _clean(css[start : match.start()])
            grouping = not stack or stack[-1][3]
            if grouping:
                inner: list[_Rule] = []
                stack.append((rules, prelude, match.end(), bool(_GROUPING.match(prelude))))
                rules = inner if _GROUPING.match(prelude) else rules
            else:
                stack.append((rules, prelude, match.end(), False))
            start = match.end()
        elif token == "}" and stack:
            parent, prelude, body_start, grouping = stack.pop()
            if grouping:
                parent.append(_Rule(prelude, rules))
                rules = parent
            elif not stack or stack[-1][3]:
                # A declaration block (or a whole @keyframes, @font-face…) ends here.
                parent.append(_Rule(prelude, css[body_start : match.start()]))
            start = match.end()
    return top


def _clean(prelude: str) -> str:
    return re.sub(r"/\*.*?\*/", "", prelude, flags=re.S).strip()


def split_selectors(prelude: str) -> list[str]:
    """A selector list cut at its top-level commas."""
    parts, depth, current = [], 0, []
    for char in prelude:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def _without_functional(selector: str) -> str:
    """The selector without the arguments of its functional pseudo-classes."""
    out, index = [], 0
    while index < len(selector):
        match = _FUNCTIONAL.search(selector, index)
        if not match:
            out.append(selector[index:])
            break
        out.append(selector[index : match.start()])
        depth, cursor = 1, match.end()
        while cursor < len(selector) and depth:
            depth += {"(": 1, ")": -1}.get(selector[cursor], 0)
            cursor += 1
        index = cursor
    return "".join(out)


def required_names(selector: str) -> set[str]:
    """Names an element (or an ancestor or sibling) must hold for the selector to match:
    classes, ids, attribute names, and values asked with `=`."""
    plain = _without_functional(selector)
    names: set[str] = set()
    for match in _ATTRIBUTE.finditer(plain):
        names.add(match.group(1))
        if match.group(2):
            value = next((g for g in match.group(3, 4, 5) if g is not None), "")
            names.update(NAME_TOKEN.findall(value))
    plain = _ATTRIBUTE.sub(" ", plain)
    plain = _PSEUDO.sub(" ", plain)
    names.update(_NAME.findall(plain))
    return names


def _may_match(selector: str, names: frozenset[str] | set[str]) -> bool:
    return required_names(selector) <= names


def _trim(rules: Iterable[_Rule], names: frozenset[str] | set[str]) -> list[str]:
    kept: list[str] = []
    for rule in rules:
        if rule.body is None:
            kept.append(rule.prelude + ";")
        elif isinstance(rule.body, list):
            inner = "".join(_trim(rule.body, names))
            if inner:
                kept.append(f"{rule.prelude}{{{inner}}}")
        elif rule.prelude.startswith("@"):
            kept.append(f"{rule.prelude}{{{rule.body}}}")
        else:
            selectors = [s for s in split_selectors(rule.prelude) if _may_match(s, names)]
            if selectors:
                kept.append(f"{','.join(selectors)}{{{rule.body}}}")
    return kept


@lru_cache(maxsize=4)
def _parsed(css: str) -> tuple[_Rule, ...]:
    """Read once per stylesheet and process (a preview rebuilds many times)."""
    return tuple(parse_rules(css))


def css_subset(css: str, names: frozenset[str] | set[str]) -> str:
    """The rules of `css` that may match a page whose names are all within `names`."""
    return "".join(_trim(_parsed(css), names))


def selector_names(css: str) -> set[str]:
    """Every name some selector of `css` requires: what the caller needs to look for."""
    found: set[str] = set()

    def walk(rules: Iterable[_Rule]) -> None:
        for rule in rules:
            if isinstance(rule.body, list):
                walk(rule.body)
            elif isinstance(rule.body, str) and not rule.prelude.startswith("@"):
                for selector in split_selectors(rule.prelude):
                    found.update(required_names(selector))

    walk(_parsed(css))
    return found
