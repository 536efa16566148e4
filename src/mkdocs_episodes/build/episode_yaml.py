"""An episode's YAML rewritten by a command (`episodes media`), as its publisher wrote it:
every comment and the order of the keys kept.

ruamel.yaml keeps comments by hanging each one on the value before it: a comment that
follows a list (`video.sources`) belongs to the list's last scalar. Replacing the list
whole dropped it; values are therefore updated in place, and the comment that trailed
the old value is hung again on the new one's end.
"""

from __future__ import annotations

import time
from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.tokens import CommentToken

from mkdocs_episodes.build.encoding import MediaError

# Where ruamel keeps the comment after a scalar: in a mapping's entry, after the value;
# in a sequence's entry, first.
_MAP_COMMENT = 2
_SEQ_COMMENT = 0


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    # The indentation publishers use (and `episodes new` writes): "  - item".
    yaml.indent(mapping=2, sequence=4, offset=2)
    # Long addresses (object storage) stay on their line instead of being folded.
    yaml.width = 4096
    return yaml


def load(path: Path) -> tuple[str, CommentedMap]:
    """The file's text and its round-trip data; MediaError if it is not a mapping."""
    original = path.read_text(encoding="utf-8")
    try:
        data = _yaml().load(original)
    except YAMLError as error:
        raise MediaError(f"{path} : YAML illisible ({error}) ; corrigez-le d'abord") from None
    if not isinstance(data, CommentedMap):
        raise MediaError(f"{path} : un ensemble de champs est attendu")
    return original, data


def dump(data: CommentedMap) -> str:
    out = StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def put(parent: CommentedMap | CommentedSeq, key: Any, value: Any) -> None:
    """`parent[key] = value`, keeping the comments of what was there: those on keys and
    items that remain, and the lines of comments that followed the old value."""
    old = parent[key] if _has(parent, key) else None
    tail = _take_tail(parent, key) if old is not None else None
    if isinstance(old, CommentedMap) and old and isinstance(value, dict):
        for name, item in value.items():
            put(old, name, item)
        for name in [name for name in old if name not in value]:
            del old[name]
    elif isinstance(old, CommentedSeq) and old and isinstance(value, list) and value:
        for index, item in enumerate(value):
            if index < len(old):
                put(old, index, item)
            else:
                old.append(_commented(item))
        del old[len(value) :]
    elif isinstance(old, CommentedMap) and old and _starts_with_mapping(value):
        # One file becomes a list of them (audio: AAC, then Opus): the first keeps the
        # old one's comments.
        for name, item in value[0].items():
            put(old, name, item)
        for name in [name for name in old if name not in value[0]]:
            del old[name]
        parent[key] = CommentedSeq([old, *(_commented(item) for item in value[1:])])
    elif isinstance(old, CommentedSeq) and isinstance(value, dict) and _starts_with_mapping(old):
        put(old, 0, value)
        parent[key] = old[0]
    elif isinstance(parent, CommentedSeq) and key == len(parent):
        parent.append(_commented(value))
    else:
        # A scalar, a new key, or an empty `[]`/`{}` (flow style): replaced whole.
        parent[key] = _commented(value)
    if tail is not None:
        _hang_tail(parent, key, tail)


def _starts_with_mapping(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], dict)


def _has(parent: CommentedMap | CommentedSeq, key: Any) -> bool:
    return key in parent if isinstance(parent, CommentedMap) else key < len(parent)


def _is_collection(value: Any) -> bool:
    return isinstance(value, CommentedMap | CommentedSeq)


def _commented(value: Any) -> Any:
    """Plain dicts and lists as ruamel's own, written in block style."""
    if isinstance(value, dict):
        result = CommentedMap()
        for name, item in value.items():
            result[name] = _commented(item)
        return result
    if isinstance(value, list):
        return CommentedSeq([_commented(item) for item in value])
    return value


def _end(parent: CommentedBase, key: Any) -> tuple[CommentedBase, Any, int]:
    """Where the comment after `parent[key]` hangs: the entry of its innermost last
    scalar (the entry `key` itself for a scalar or an empty collection), and its slot."""
    node, entry = parent, key
    while _is_collection(value := node[entry]) and value:  # type: ignore[index]
        node = value
        entry = next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1  # type: ignore[call-overload, arg-type]
    return node, entry, _MAP_COMMENT if isinstance(node, CommentedMap) else _SEQ_COMMENT


def _take_tail(parent: CommentedBase, key: Any) -> str | None:
    """Remove and return the comment lines after `parent[key]`; a comment on its own line
    (`size: 2  # octets`) stays where it is."""
    container, entry, slot = _end(parent, key)
    found = container.ca.items.get(entry)
    if not found or found[slot] is None:
        return None
    token = found[slot]
    text = str(token.value)
    inline, newline, rest = text.partition("\n")
    if not rest:
        return None
    if inline.strip():
        token.value = inline + newline
    else:
        found[slot] = None
    return rest


def _hang_tail(parent: CommentedBase, key: Any, rest: str) -> None:
    """Put the comment lines `rest` back after `parent[key]`, wherever it now ends."""
    container, entry, slot = _end(parent, key)
    found = container.ca.items.setdefault(entry, [None, None, None, None])
    if found[slot] is not None:
        found[slot].value = str(found[slot].value) + rest
    else:
        found[slot] = CommentToken("\n" + rest, CommentMark(0), None)


def write(path: Path, data: CommentedMap, original: str, backups: Path) -> Path:
    """Write `data` over `path` in one step, after a copy of `original` in `backups`
    (the cache folder, git-ignored: never beside the publisher's files). A failure
    (a full disk) leaves `path` as it was."""
    backups.mkdir(parents=True, exist_ok=True)
    backup = backups / f"{time.strftime('%Y%m%d-%H%M%S')}-{path.name}"
    backup.write_text(original, encoding="utf-8")
    text = dump(data)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
    return backup
