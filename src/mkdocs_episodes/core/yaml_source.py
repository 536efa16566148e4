"""Safe YAML reading that keeps where every field was written.

PyYAML alone loses line numbers, silently keeps the last of two duplicate keys,
expands aliases without bound, reads `4:32` as the base-60 integer 272 and lets escapes
("\\u0007", "\\x1b", "\\ud800") put control characters in a value, which would make the
feeds ill-formed XML. Publishers need none of that: we compose the node tree ourselves
and build plain data from it, refusing what a hand-written episode file never needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mkdocs_episodes.core.text import character_message, forbidden_character, line_and_column

# Only the plain types of YAML's core schema: no Python objects, sets or binaries.
_ALLOWED_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
# What YAML's reader refuses in a file as written (its printable set).
_UNREADABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"

FieldPath = tuple[str | int, ...]
EMPTY = "le fichier ne contient aucune donnée"


@dataclass
class YamlIssue(Exception):
    """A problem in the YAML text itself, with its 1-based position."""

    line: int
    column: int
    message: str
    path: FieldPath = ()


@dataclass
class YamlDocument:
    """Plain data read from YAML, and the position of each mapping key and list item."""

    data: Any
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: FieldPath) -> tuple[int, int]:
        """The position of the deepest known part of `path` (a missing field: its parent)."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.positions:
                return self.positions[path[:end]]
        return (1, 1)


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent: Node | None, index: Any) -> Node:
        # Aliases let a few lines expand into gigabytes ("billion laughs"); an episode
        # never needs them, so they are refused outright.
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlIssue(event.start_mark.line + 1, event.start_mark.column + 1, _ALIAS)
        return super().compose_node(parent, index)  # type: ignore[no-any-return]


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document; raise YamlIssue with a French message on any problem."""
    # libyaml's parser when PyYAML has it (ten times faster on a large series); an alias
    # then shows as a node met twice, refused in _build before anything is expanded.
    loader = yaml.CSafeLoader(text) if hasattr(yaml, "CSafeLoader") else _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlIssue(1, 1, EMPTY)
        document = YamlDocument(data=None, positions={(): (1, 1)})
        document.data = _build(loader, node, (), document.positions, set())
        return document
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        # An unclosed bracket or quote is found at the end of the file: point at
        # where it was opened instead.
        problem = error.problem or ""
        if error.context_mark and ("end of stream" in problem or "expected ',' or" in problem):
            mark = error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = _french_text_mistake(text, line) or _describe_syntax_error(error)
        raise YamlIssue(line, column, message, _key_on_line(text, line)) from None
    except yaml.reader.ReaderError as error:
        # A control character written as such: point at it (libyaml counts bytes).
        found = _UNREADABLE.search(text)
        if found is None:
            raise YamlIssue(1, 1, f"YAML illisible ({error.reason})") from None
        line, column = line_and_column(text, found.start())
        raise YamlIssue(
            line, column, character_message(found.group()), _field_above(text, line)
        ) from None
    except yaml.YAMLError as error:
        raise YamlIssue(1, 1, f"YAML illisible ({error})") from None
    except ValueError:
        # PyYAML's own scanner (without libyaml) lets chr() fail on "\U00110000".
        raise YamlIssue(1, 1, f"syntaxe YAML invalide : {_BAD_ESCAPE}") from None
    finally:
        loader.dispose()


def _key_on_line(text: str, line: int) -> FieldPath:
    """The field written on `line`, to name it in a syntax error."""
    lines = text.splitlines()
    if 0 < line <= len(lines):
        match = re.match(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:", lines[line - 1])
        if match:
            return (match.group(1),)
    return ()


def _field_above(text: str, line: int) -> FieldPath:
    """The field whose value holds `line`: the key on it, or the first one above it that
    is less indented (a line of a block scalar such as `notes: |`)."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return ()
    indent = len(lines[line - 1]) - len(lines[line - 1].lstrip(" "))
    for number in range(line, 0, -1):
        written = lines[number - 1]
        if number == line or (written.strip() and len(written) - len(written.lstrip(" ")) < indent):
            found = _key_on_line(text, number)
            if found or number < line:
                return found
    return ()


_BAD_ESCAPE = "échappement « \\u… » d'un caractère qui n'existe pas : retirez-le"


_FIELD_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[A-Za-z_][\w-]*):(?P<value>.*)$")


def _french_text_mistake(text: str, line: int) -> str | None:
    """The real cause of the syntax errors French text makes most, with the line as it
    should be written; None for any other error."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    written = lines[line - 1]
    if "\t" in written[: len(written) - len(written.lstrip())]:
        fixed = written.replace("\t", "  ")
        return (
            "tabulation interdite : indentez avec des espaces, deux par niveau "
            f"(ligne corrigée : « {fixed} »)"
        )
    match = _FIELD_LINE.match(written)
    if not match:
        return None
    key, value = match.group("key"), match.group("value").strip()
    quoted = value[1:-1] if len(value) > 1 and value[0] == value[-1] == "'" else value[1:]
    if value.startswith("'") and re.search(r"[^']'[^']", quoted + " "):
        # « l'empreinte » inside '…': the apostrophe ends the text too early.
        inner = value.strip("'").replace("''", "'")
        return (
            "apostrophe dans un texte entre apostrophes : mettez le texte entre guillemets, "
            f"par exemple « {key}: {_double_quoted(inner)} »"
        )
    if re.search(r":\s", value) and not value.startswith(("'", '"', "[", "{", "|", ">")):
        return (
            "deux-points suivi d'une espace dans un texte : mettez le texte entre guillemets, "
            f"par exemple « {key}: {_double_quoted(value)} »"
        )
    return None


def _double_quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _describe_syntax_error(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").strip()
    # PyYAML's own parser and libyaml word the same faults differently.
    problem = problem.removeprefix("did not find ")
    translations = {
        "expected ',' or ']'": "liste entre crochets non fermée : ajoutez « ] »",
        "expected ',' or '}'": "accolades non fermées : ajoutez « } »",
        "mapping values are not allowed in this context": "deux-points inattendu : une valeur "
        "contenant « : » doit être entre guillemets",
        "found character that cannot start any token": "caractère inattendu (une tabulation ?) : "
        "indentez avec des espaces",
        "expected key": "indentation incohérente : alignez les champs d'un même niveau",
        "expected '-' indicator": "élément de liste mal indenté",
        "found unexpected end of stream": "guillemet non fermé",
        "mapping values are not allowed here": "deux-points inattendu : une valeur contenant "
        "« : » doit être entre guillemets",
        "could not find expected ':'": "deux-points attendu après le nom du champ",
        "found character '\\t' that cannot start any token": "tabulation interdite : "
        "indentez avec des espaces",
        "found undefined alias": "alias YAML non défini",
        "expected <block end>, but found '-'": "élément de liste mal indenté",
        "found invalid Unicode character escape code": _BAD_ESCAPE,
    }
    for english, french in translations.items():
        if problem.startswith(english):
            return f"syntaxe YAML invalide : {french}"
    return f"syntaxe YAML invalide ({problem or 'erreur de structure'}) : vérifiez l'indentation"


def _mark(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


_ALIAS = "les alias YAML (*nom) ne sont pas acceptés : recopiez la valeur"


def _build(
    loader: Any,
    node: Node,
    path: FieldPath,
    positions: dict[FieldPath, tuple[int, int]],
    seen: set[int],
) -> Any:
    if id(node) in seen:
        # The node's own mark is where its anchor was set: name the field using it.
        keyed = next(
            (path[:end] for end in range(len(path), 0, -1) if isinstance(path[end - 1], str)), ()
        )
        raise YamlIssue(*positions.get(keyed, (1, 1)), _ALIAS, path)
    seen.add(id(node))
    if isinstance(node, MappingNode):
        if node.tag != _MAP_TAG:
            raise YamlIssue(*_mark(node), f"balise YAML non autorisée : {node.tag}", path)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlIssue(
                    *_mark(key_node), "clé non autorisée : un nom de champ simple est attendu", path
                )
            key = key_node.value
            _check_characters(key_node, path)
            if key in result:
                first_line = positions[(*path, key)][0]
                raise YamlIssue(
                    *_mark(key_node),
                    f"le champ « {key} » apparaît deux fois (déjà présent ligne {first_line}) : "
                    "gardez-en un seul",
                    (*path, key),
                )
            positions[(*path, key)] = _mark(key_node)
            result[key] = _build(loader, value_node, (*path, key), positions, seen)
        return result
    if isinstance(node, SequenceNode):
        if node.tag != _SEQ_TAG:
            raise YamlIssue(*_mark(node), f"balise YAML non autorisée : {node.tag}", path)
        items = []
        for index, item in enumerate(node.value):
            positions[(*path, index)] = _mark(item)
            items.append(_build(loader, item, (*path, index), positions, seen))
        return items
    assert isinstance(node, ScalarNode)
    if node.tag not in _ALLOWED_SCALAR_TAGS:
        raise YamlIssue(*_mark(node), f"balise YAML non autorisée : {node.tag}", path)
    _check_characters(node, path)
    # YAML 1.1 reads 4:32 as a base-60 number; keep such times as written.
    if node.tag in {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"} and ":" in node.value:
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError):
        if node.tag == "tag:yaml.org,2002:timestamp":
            raise YamlIssue(
                *_mark(node),
                f"date impossible « {node.value} » : attendu une date réelle au format "
                "AAAA-MM-JJ, par exemple 2024-07-20",
                path,
            ) from None
        raise YamlIssue(*_mark(node), f"valeur illisible « {node.value} »", path) from None


def _check_characters(node: ScalarNode, path: FieldPath) -> None:
    """Refuse a value holding a character no text may hold: YAML's reader refuses them
    written as such, but its escapes ("\\u0007", "\\x9b", "\\uffff") produce them."""
    index = forbidden_character(node.value)
    if index is not None:
        raise YamlIssue(*_mark(node), character_message(node.value[index]), path)
