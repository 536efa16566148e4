"""`make build`: one build at a time, and site/ replaced in one step.

    python -m mkdocs_episodes.build.site_swap [--site-dir site] [mkdocs build options…]

Run from the project's folder. The build takes an exclusive lock (.cache/construction.lock):
a second build started meanwhile waits for the first to finish. MkDocs writes into a fresh
folder beside site/; on failure that folder is removed and site/ is left as it was. On
success the two folders are exchanged in one step, so that a web server serving site/
always finds a complete site, old or new, and never a mix of both nor no site at all.
site/ stays a real folder (CI uploads it, GitLab moves it to public/). The previous site
is kept in site.precedent/ until the next build, for the requests that were already
reading it. POSIX only (fcntl); MkDocs runs in a child process, never imported here.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import fcntl
import os
import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

LOCK = Path(".cache") / "construction.lock"
# Linux <fcntl.h> and <linux/fs.h>.
AT_FDCWD = -100
RENAME_EXCHANGE = 2


# Files named by their content (the site's stylesheet and script, posters): a page served
# just before a swap still asks for the ones it names, so they stay one build longer.
_FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.(?:css|js|webp|avif|png|jpg)(?:\.gz)?$")
# Which files of a site were carried over from the build before: not carried again.
CARRIED = ".reportes-de-la-construction-precedente"


def carry_over(site: Path, fresh: Path) -> int:
    """Copy into `fresh` the content-named files of `site` (assets/) that it lacks, and
    list them, so that the next build drops them; returns how many were carried."""
    old_assets = site / "assets"
    if not old_assets.is_dir():
        return 0
    listing = site / CARRIED
    already = set(listing.read_text(encoding="utf-8").splitlines()) if listing.is_file() else set()
    carried = []
    for path in old_assets.rglob("*"):
        relative = path.relative_to(site).as_posix()
        target = fresh / relative
        if (
            path.is_file()
            and _FINGERPRINTED.search(path.name)
            and relative not in already
            and not target.exists()
        ):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            carried.append(relative)
    (fresh / CARRIED).write_text("".join(f"{name}\n" for name in carried), encoding="utf-8")
    return len(carried)


def fresh_name(site: Path) -> str:
    return f"{site.name}.construction-"


def previous_folder(site: Path) -> Path:
    return site.with_name(f"{site.name}.precedent")


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created if needed), waiting for it if another
    process holds it. The kernel releases it if this process dies."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"Une autre construction du site est en cours (verrou {path}) : "
                "celle-ci attend qu'elle se termine…",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def exchange(first: Path, second: Path) -> bool:
    """Exchange two existing paths in one step (Linux renameat2, RENAME_EXCHANGE): no
    process can see either name missing or half-moved. False where the system cannot:
    another OS, a C library without renameat2 (glibc < 2.28), a kernel or a filesystem
    that does not support the flag (ENOSYS, EINVAL, EOPNOTSUPP)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    renameat2.restype = ctypes.c_int
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def swap_in(fresh: Path, site: Path) -> None:
    """Put `fresh` in place of `site`; the former site goes to site.precedent/, whose own
    former content (two builds old) is deleted."""
    previous = previous_folder(site)
    if not site.exists() and not site.is_symlink():
        # First build: a plain rename, itself atomic.
        fresh.rename(site)
        return
    if exchange(fresh, site):
        # `fresh` now holds the former site. If it cannot be kept, the caller deletes it:
        # the new site is in place all the same.
        shutil.rmtree(previous, ignore_errors=True)
        with contextlib.suppress(OSError):
            fresh.rename(previous)
        return
    # Fallback where an exchange is not available (macOS, BSD, some filesystems): two
    # renames, each atomic; between them, for a few microseconds, site/ does not exist.
    # Copying or symlinking would keep it longer from being a complete, real folder.
    shutil.rmtree(previous, ignore_errors=True)
    site.rename(previous)
    fresh.rename(site)


def remove_leftovers(site: Path) -> None:
    """Folders of builds that were killed before they could clean up (under the lock, no
    other build is running)."""
    for folder in site.parent.glob(f"{fresh_name(site)}*"):
        shutil.rmtree(folder, ignore_errors=True)


def make_fresh_folder(site: Path) -> Path:
    """A new, empty folder beside `site` (same filesystem, so that renames work), created
    with the usual permissions (the web server must read it once it is site/)."""
    while True:
        folder = site.with_name(f"{fresh_name(site)}{os.getpid()}-{secrets.token_hex(4)}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder


def build(site: Path, mkdocs_arguments: Sequence[str], lock: Path = LOCK) -> int:
    """The whole `make build`: the return code of the command."""
    site = site.absolute()
    with exclusive_lock(lock):
        remove_leftovers(site)
        fresh = make_fresh_folder(site)
        try:
            command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir"]
            completed = subprocess.run([*command, str(fresh), *mkdocs_arguments], check=False)
            if completed.returncode != 0:
                print(
                    f"La construction a échoué : {site.name}/ n'a pas été modifié.",
                    file=sys.stderr,
                )
                return completed.returncode
            try:
                carry_over(site, fresh)
                swap_in(fresh, site)
            except OSError as error:
                print(
                    f"Le site construit n'a pas pu remplacer {site.name}/ : {error}",
                    file=sys.stderr,
                )
                return 1
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
    kept = previous_folder(site)
    note = f" ; la version précédente reste dans {kept.name}/" if kept.exists() else ""
    print(f"Site construit dans {site.name}/{note}.", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mkdocs_episodes.build.site_swap",
        description=(
            "Construit le site (mkdocs build --strict) dans un dossier neuf, puis le met "
            "à la place du dossier du site en une seule opération. Une construction à la "
            "fois : une seconde attend la fin de la première. Les options inconnues sont "
            "passées à mkdocs build."
        ),
        allow_abbrev=False,
    )
    parser.add_argument(
        "-d", "--site-dir", default="site", help="dossier du site (par défaut : site)"
    )
    options, mkdocs_arguments = parser.parse_known_args(argv)
    return build(Path(options.site_dir), mkdocs_arguments)


if __name__ == "__main__":
    sys.exit(main())
