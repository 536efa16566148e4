"""The one gate every file a publisher supplies goes through before it is read.

A pull request is untrusted: a symlink may point at the build's secrets, an episode may
name `.git/config` (which holds the CI job's token), a "file" may be a device that never
ends. So a file is read only when, once every link is followed, it lies inside the
repository, under no dot-folder (`.git/`, `.github/`…) and no dot-name, and is a regular
file; its size is checked while reading, never trusted from `stat`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

_CHUNK = 1 << 16


class GateError(Exception):
    """Why a file was refused, in French, for a publisher: what follows « fichier X »."""


def _hidden(relative: Path) -> str | None:
    return next((part for part in relative.parts if part.startswith(".")), None)


# Folders resolved once per check: a thousand episodes name files in a few folders, and
# resolving each path whole took a second of a build in system calls.
_REAL_FOLDERS: dict[str, str] = {}


def forget() -> None:
    """Forget the folders resolved so far (a new check: links may have changed)."""
    _REAL_FOLDERS.clear()


def _real_folder(folder: str) -> str:
    real = _REAL_FOLDERS.get(folder)
    if real is None:
        real = _REAL_FOLDERS[folder] = os.path.realpath(folder)
    return real


def _inside(path: str, root: str) -> str | None:
    """`path` relative to `root`, or None when it lies outside."""
    if path.startswith(root + os.sep):
        return path[len(root) + 1 :]
    return None


def admit(path: Path, root: Path) -> Path:
    """The real path of `path` when it passes the gate; GateError otherwise.

    `root` is the repository. Both the path as written and its target after every link
    must stay inside it, away from dot-folders."""
    root_real = _real_folder(os.path.abspath(root))  # noqa: PTH100
    # As written, but with the folders above it resolved (the repository itself may be
    # reached through a link): a dot-folder named on the way is seen, and a link at the
    # end is still judged by where it leads.
    folder, name = os.path.split(os.path.abspath(path))  # noqa: PTH100
    written = os.path.join(_real_folder(folder), name)  # noqa: PTH118
    written_relative = _inside(written, root_real)
    if written_relative is None:
        raise GateError("mène hors du dépôt : placez le fichier dans le dépôt")
    real = os.path.realpath(written) if os.path.islink(written) else written  # noqa: PTH114
    target = _inside(real, root_real)
    if target is None:
        raise GateError(
            "est un lien qui mène hors du dépôt : placez le fichier lui-même dans le dépôt"
        )
    hidden = _hidden(Path(written_relative)) or _hidden(Path(target))
    if hidden:
        raise GateError(f"est caché ou dans un dossier caché (« {hidden} ») : refusé")
    try:
        info = os.stat(real)  # noqa: PTH116
    except FileNotFoundError:
        raise GateError("introuvable") from None
    except OSError as error:
        raise GateError(f"illisible ({error.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise GateError("est un dossier : un fichier est attendu")
    if not stat.S_ISREG(info.st_mode):
        raise GateError("n'est pas un fichier ordinaire (périphérique, tube ou socket) : refusé")
    return Path(real)


def open_regular(real: Path) -> BinaryIO:
    """A binary file object on an admitted file (`real`, as `admit` returned it), only if
    it still is a regular file. Opened without blocking: a file swapped for a FIFO after
    `admit` must not hang the build."""
    try:
        descriptor = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise GateError(f"illisible ({error.strerror})") from None
    handle = os.fdopen(descriptor, "rb")
    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
        handle.close()
        raise GateError("n'est pas un fichier ordinaire : refusé")
    return handle


def read_bytes(path: Path, root: Path, limit: int) -> bytes:
    """The content of an admitted file, at most `limit` bytes; GateError otherwise."""
    with open_regular(admit(path, root)) as handle:
        chunks: list[bytes] = []
        size = 0
        while chunk := handle.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise GateError(f"trop lourd (plus de {limit} octets)")
            chunks.append(chunk)
    return b"".join(chunks)


def read_text(path: Path, root: Path, limit: int) -> str:
    """An admitted UTF-8 text file (a BOM is allowed), not empty; GateError otherwise."""
    raw = read_bytes(path, root, limit)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GateError(
            f"mal encodé (octet {error.start} invalide) : enregistrez-le en UTF-8"
        ) from None
    if not text.strip():
        raise GateError("vide")
    return text


_UNREADABLE_NAME = (
    "a un nom illisible (ni UTF-8, ni lisible dans la langue de cette machine) : renommez-le "
    "sans caractère spécial, ou lancez la commande avec LANG=C.UTF-8"
)


def readable_name(path: Path) -> bool:
    """A name Python could decode: undecodable bytes come as lone surrogates, which
    MkDocs cannot turn into an address."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def refused_in(folder: Path, root: Path, files_too: bool = True) -> list[tuple[Path, str]]:
    """Every file under `folder` (links followed, as MkDocs walks docs/) that the gate
    refuses, with why; dot-names are skipped, as MkDocs skips them. Without `files_too`,
    only names and folder links: the files themselves are judged when something names
    them (the episodes' side files)."""
    refused: list[tuple[Path, str]] = []
    if not folder.is_dir():
        return refused
    seen: set[str] = set()
    for current, folders, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(current)
        if real in seen:  # a link back up the tree: walked once
            folders.clear()
            continue
        seen.add(real)
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files + folders:
            if not readable_name(Path(current, name)):
                refused.append((Path(current, name), _UNREADABLE_NAME))
        folders[:] = [name for name in folders if readable_name(Path(current, name))]
        for name in files if files_too else ():
            path = Path(current, name)
            if name.startswith(".") or not readable_name(path):
                continue
            try:
                admit(path, root)
            except GateError as error:
                refused.append((path, str(error)))
        for name in list(folders):
            # A folder link leading out is refused as a whole (its files would follow it).
            path = Path(current, name)
            if path.is_symlink() and not Path(os.path.realpath(path)).is_relative_to(
                root.resolve()
            ):
                refused.append((path, "est un lien qui mène hors du dépôt : refusé"))
                folders.remove(name)
    return refused
