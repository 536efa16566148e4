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

_CHUNK = 1 << 16


class GateError(Exception):
    """Why a file was refused, in French, for a publisher: what follows « fichier X »."""


def _hidden(relative: Path) -> str | None:
    return next((part for part in relative.parts if part.startswith(".")), None)


def admit(path: Path, root: Path) -> Path:
    """The real path of `path` when it passes the gate; GateError otherwise.

    `root` is the repository (resolved). Both the path as written and its target after
    every link must stay inside it, away from dot-folders."""
    root = root.resolve()
    # As written, but with the folders above it resolved (the repository itself may be
    # reached through a link): a dot-folder named on the way is seen, and a link at the
    # end is still judged by where it leads.
    absolute = Path(os.path.abspath(path))  # noqa: PTH100
    absolute = Path(os.path.realpath(absolute.parent)) / absolute.name
    try:
        written = absolute.relative_to(root)
    except ValueError:
        raise GateError("mène hors du dépôt : placez le fichier dans le dépôt") from None
    real = Path(os.path.realpath(absolute))
    try:
        target = real.relative_to(root)
    except ValueError:
        raise GateError(
            "est un lien qui mène hors du dépôt : placez le fichier lui-même dans le dépôt"
        ) from None
    hidden = _hidden(written) or _hidden(target)
    if hidden:
        raise GateError(f"est caché ou dans un dossier caché (« {hidden} ») : refusé")
    try:
        info = real.stat()
    except FileNotFoundError:
        raise GateError("introuvable") from None
    except OSError as error:
        raise GateError(f"illisible ({error.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise GateError("est un dossier : un fichier est attendu")
    if not stat.S_ISREG(info.st_mode):
        raise GateError("n'est pas un fichier ordinaire (périphérique, tube ou socket) : refusé")
    return real


def read_bytes(path: Path, root: Path, limit: int) -> bytes:
    """The content of an admitted file, at most `limit` bytes; GateError otherwise."""
    real = admit(path, root)
    try:
        # Non-blocking: a file swapped for a FIFO after `admit` must not hang the build.
        descriptor = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise GateError(f"illisible ({error.strerror})") from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise GateError("n'est pas un fichier ordinaire : refusé")
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


def refused_in(folder: Path, root: Path) -> list[tuple[Path, str]]:
    """Every file under `folder` (links followed, as MkDocs walks docs/) that the gate
    refuses, with why; dot-names are skipped, as MkDocs skips them."""
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
        for name in files:
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
