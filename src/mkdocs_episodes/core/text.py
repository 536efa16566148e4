"""Publisher text judged as text, whatever file it comes from: the characters no text
may hold, and the shapes of Markdown that would keep a renderer busy for minutes.

Pure functions, shared by the YAML reader (every scalar of every publisher file), the
models (notes and transcripts) and the loader (transcripts and captions read from side
files), so that all say the same thing in the same words.
"""

from __future__ import annotations

import re

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; lone
# surrogates (YAML's "\ud800" escape); the noncharacters of the basic plane (U+FFFE,
# U+FFFF, U+FDD0 to U+FDEF). None is text; several make XML ill-formed. (The other
# planes' noncharacters are valid XML; a class holding them makes the search ten times
# slower on every text.)
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
# What XML 1.0 cannot hold (outside its Char production): C0 controls but tab, line
# feed and carriage return, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def forbidden_character(text: str) -> int | None:
    """Where the first character no publisher text may hold is, or None."""
    match = _FORBIDDEN.search(text)
    return match.start() if match else None


def without_forbidden_characters(text: str) -> str:
    """`text` without the characters no publisher text may hold (for side files the
    loader did not judge; defence in depth)."""
    return _FORBIDDEN.sub("", text) if _FORBIDDEN.search(text) else text


def character_message(character: str) -> str:
    """The French message for a forbidden character, named by its code point."""
    code = f"U+{ord(character):04X}"
    if ord(character) < 0x20 or 0x7F <= ord(character) <= 0x9F:
        return f"caractère de contrôle interdit ({code}) : retirez-le"
    return f"caractère invalide ({code}) : retirez-le"


def character_problem(text: str) -> str | None:
    """The French message for the first forbidden character of `text`, or None."""
    index = forbidden_character(text)
    return None if index is None else character_message(text[index])


def line_and_column(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of `text[index]`."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (defence in depth: the readers
    already refuse them)."""
    return _NOT_XML.sub("", text) if _NOT_XML.search(text) else text


# Markdown's shapes that cost a renderer more than linear time, measured with
# Python-Markdown 3.x (show notes, with the site's extensions) and markdown-it-py
# (transcripts). An unclosed "[" costs a scan of the rest of its paragraph: 400 of them
# in 20,000 characters take 1.9 s, 19,000 in a row 59 s, 200 KB of them hours. A "<"
# opening a tag costs a scan of the rest of the text: 1,000 of them 0.8 s, 200
# "<![CDATA[" 1.9 s. Nesting costs a recursion per level: "- " 1,000 times is a
# RecursionError. Identical headings cost the table of contents a quadratic count:
# 5,000 take 3.8 s. markdown-it spends some 30 µs on each "*" or "_" run: 66,000 take
# 2 s. Within the limits below, the worst accepted notes (20,000 characters) render in
# about 0.35 s, and the worst accepted transcript (200,000) in about 3.5 s (linear:
# 50,000 one-word list items).
MAX_BRACKET_WORK = 500_000
MAX_TAGS = 200
MAX_INDENT = 64
MAX_HEADINGS = 100
MAX_EMPHASIS_RUNS = 2_000
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# An escape is one token, so that "\[" is not a bracket and "\\[" is one.
_BRACKETS = re.compile(r"\\.|[\[\]()]", re.S)
_TAG = re.compile(r"<[A-Za-z/!?]")
_PREFIX = re.compile(r"^(?:[ \t>]|[*+-](?=[ \t])|[0-9]{1,9}[.)](?=[ \t]))+", re.M)
_HEADING = re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$|-+[ \t]*$)", re.M)
_EMPHASIS = re.compile(r"[*_]+")


def bracket_work(text: str) -> int:
    """How many characters link parsing scans: for each "[" (and each "(" right after a
    "]"), the distance to its closing bracket, or to the end of its paragraph when it
    has none. Paragraphs end at a blank line, in both renderers."""
    work = 0
    if "[" not in text:  # no link to scan (most transcripts): skip the walk
        return work
    for block in _BLANK_LINE.split(text):
        squares: list[int] = []
        rounds: list[int | None] = []
        previous, previous_end = "", -1
        for match in _BRACKETS.finditer(block):
            token, at = match.group(), match.start()
            if token == "[":
                squares.append(at)
            elif token == "]":
                if squares:
                    work += at - squares.pop()
            elif token == "(":
                # Only a link's destination is scanned for its end.
                rounds.append(at if previous == "]" and at == previous_end else None)
            elif token == ")" and rounds:
                start = rounds.pop()
                if start is not None:
                    work += at - start
            previous, previous_end = token, match.end()
        work += sum(len(block) - at for at in squares)
        work += sum(len(block) - at for at in rounds if at is not None)
    return work


def markdown_problem(text: str) -> str | None:
    """The French message for Markdown shaped to keep a renderer busy, or None."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<![" in text:
        return (
            "« <![ » (section CDATA) n'a pas sa place dans un texte publié : retirez-la, "
            "son rendu serait trop long"
        )
    tags = len(_TAG.findall(text))
    if tags > MAX_TAGS:
        return (
            f"trop de balises HTML ({tags}, {MAX_TAGS} au plus) : écrivez ce texte en "
            "Markdown, son rendu serait trop long"
        )
    for match in _PREFIX.finditer(text):
        if len(match.group().expandtabs(4)) > MAX_INDENT:
            line, _ = line_and_column(text, match.start())
            return (
                f"imbrication trop profonde ligne {line} du texte (listes, citations ou "
                f"retrait de plus de {MAX_INDENT} colonnes) : simplifiez la mise en forme"
            )
    # Fast paths first: a text holds no more headings than lines, no emphasis without
    # « * » or « _ » (a thousand transcripts are checked at every build).
    headings = len(_HEADING.findall(text)) if text.count("\n") >= MAX_HEADINGS else 0
    if headings > MAX_HEADINGS:
        return f"trop de titres ({headings}, {MAX_HEADINGS} au plus) : regroupez les sections"
    runs = len(_EMPHASIS.findall(text)) if "*" in text or "_" in text else 0
    if runs > MAX_EMPHASIS_RUNS:
        return (
            f"trop de marques d'emphase « * » ou « _ » ({runs}, {MAX_EMPHASIS_RUNS} au plus) : "
            "son rendu serait trop long"
        )
    if bracket_work(text) > MAX_BRACKET_WORK:
        return (
            "trop de crochets « [ » non fermés ou imbriqués : fermez chaque « [ » par « ] », "
            "ou écrivez « \\[ » pour un crochet seul ; son rendu serait trop long"
        )
    return None


def side_text_problem(
    text: str, max_chars: int | None = None, markdown: bool = False
) -> str | None:
    """What is wrong with a text read from a side file (a transcript, captions), in
    French with its line and column, or None: the checks the models make on the same
    text written in YAML."""
    index = forbidden_character(text)
    if index is not None:
        line, column = line_and_column(text, index)
        return f"ligne {line}, colonne {column} : {character_message(text[index])}"
    if max_chars is not None and len(text) > max_chars:
        return (
            f"texte trop long ({grouped(len(text))} caractères) : "
            f"{grouped(max_chars)} caractères au plus"
        )
    return markdown_problem(text) if markdown else None


def grouped(value: int) -> str:
    """`20 000`: thousands grouped with a no-break space, as French writes them."""
    return f"{value:,}".replace(",", "\u00a0")
