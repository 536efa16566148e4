"""Reading on after a YAML mistake, so that one check shows every problem of a file.

A YAML parser stops at its first error. A publisher who fixes one line, runs the check,
and only then learns of the next problem goes round in circles. Episode files are flat
mappings of top-level fields, so a mistake can be fenced in: the top-level field whose
lines hold it is set aside (its lines blanked, so that every other position stays where
it was written) and the file is read again. What is set aside is said, so that a
publisher knows that a problem there may hide others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mkdocs_episodes.core.yaml_source import EMPTY, YamlDocument, YamlIssue, parse_yaml

# Each recovery reads the file again (at most 256 KB, with libyaml): a bound on the work
# a file full of mistakes can cause, well above what a hand-written file holds.
MAX_RECOVERIES = 12
# The line breaks YAML counts (libyaml and PyYAML alike), kept with their line.
_LINES = re.compile(r".*?(?:\r\n|[\r\n\x85\u2028\u2029]|\Z)", re.S)
# A line that starts a top-level field, or anything else written at the margin, which
# ends the previous field's lines. A list item at the margin ("- reseau") belongs to the
# field above it; so do comments and blank lines.
_MARGIN = re.compile(r"[^\s#\-]|-[^\s]")
_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:(?:\s|$)")
WHOLE_FILE = "cette erreur de syntaxe peut en masquer d'autres dans ce fichier"


@dataclass
class Recovered:
    """What could be read of a file: its data without the fields set aside (None when
    nothing could be read), the problems met, and the top-level fields set aside."""

    document: YamlDocument | None
    issues: list[YamlIssue] = field(default_factory=list)
    skipped: set[str] = field(default_factory=set)


def parse_yaml_on(text: str) -> Recovered:
    """`text` as YAML, reading on after each mistake where the structure allows."""
    lines = _LINES.findall(text)
    if lines and lines[-1] == "":
        lines.pop()
    recovered = Recovered(None)
    # Each mistake, with what a publisher is told it may hide ("" for nothing).
    found: list[tuple[YamlIssue, str]] = []
    blanked: set[int] = set()
    for _attempt in range(MAX_RECOVERIES + 1):
        try:
            recovered.document = parse_yaml("".join(lines))
            break
        except YamlIssue as issue:
            if issue.message == EMPTY and found:
                # Every field was set aside: nothing else to check in this file.
                recovered.document = YamlDocument({}, {(): (1, 1)})
                break
            block = None if issue.message == EMPTY else _block_of(lines, issue.line)
            key = _TOP_KEY.match(lines[block[0]]) if block else None
            if block is None or key is None or block[0] in blanked:
                # Not inside a field (a list at the top, a stray line), or the same
                # mistake again: what the rest of the file says cannot be told.
                if not found or found[-1][0].line != issue.line:
                    found.append((issue, ""))
                found[-1] = (found[-1][0], WHOLE_FILE)
                recovered.document = None
                break
            start, end = block
            written = [line for line in lines[start:end] if line.strip()]
            hidden = ""
            if len(written) > 1:
                # A field over several lines: what follows the mistake was not read.
                hidden = (
                    f"le champ « {key.group(1)} » n'a pas pu être lu en entier : "
                    "cette erreur peut en masquer d'autres dans ce champ"
                )
            recovered.skipped.add(key.group(1))
            found.append((issue, hidden))
            blanked.add(start)
            for number in range(start, end):
                lines[number] = _blank(lines[number])
    else:
        # Still unreadable after as many rounds as allowed: the rest is left unread.
        found[-1] = (found[-1][0], WHOLE_FILE)
        recovered.document = None
    for issue, hidden in found:
        if hidden and issue.message != EMPTY:
            issue.message += f" ; {hidden}"
        recovered.issues.append(issue)
    return recovered


def _block_of(lines: list[str], line: int) -> tuple[int, int] | None:
    """The 0-based range of the lines of the top-level field holding `line` (1-based):
    from the last line written at the margin at or above it, to the next one."""
    if not lines:
        return None
    index = min(max(line, 1), len(lines)) - 1
    # A mistake found at the very end (an unclosed quote) belongs to the last written line.
    while index > 0 and not lines[index].strip():
        index -= 1
    start = index
    while start > 0 and not _MARGIN.match(lines[start]):
        start -= 1
    end = index + 1
    while end < len(lines) and not _MARGIN.match(lines[end]):
        end += 1
    return start, end


def _blank(line: str) -> str:
    """The line emptied, its line break kept: positions below it do not move."""
    content = line.rstrip("\r\n\x85\u2028\u2029")
    return line[len(content) :]
