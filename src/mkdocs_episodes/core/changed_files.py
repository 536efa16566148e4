"""Which files a change touched, as git sees them: warnings are then shown for those
files only, so that a publisher's own warnings do not drown among the old ones.

Git is run without a shell, with fixed arguments and a time limit; a reference that
git does not know, or a folder outside git, is said in French.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

from mkdocs_episodes.core.problems import Problem

# Git answers these in milliseconds; a stuck command (a network file system, a lock)
# must not hold a check or a preview.
GIT_SECONDS = 20


class ChangesError(Exception):
    """What git could not tell, in French."""


def changed_since(reference: str, root: Path) -> set[str]:
    """The files under `root` (paths relative to it, with « / ») changed since `reference`:
    committed since the common ancestor of `reference` and HEAD, not yet committed, or
    not yet known to git."""
    if not reference or reference.startswith("-"):
        # A leading dash would be read by git as an option.
        raise ChangesError(
            f"référence git « {reference} » invalide : attendu une branche, "
            "une étiquette ou un commit, par exemple origin/main"
        )
    _git(root, "rev-parse", "--is-inside-work-tree", failure=_NOT_A_REPOSITORY)
    commit = _git(
        root,
        "rev-parse",
        "--verify",
        "--quiet",
        f"{reference}^{{commit}}",
        failure=f"référence git « {reference} » inconnue : vérifiez son nom (par exemple "
        "origin/main), et qu'elle a été récupérée (git fetch)",
    ).strip()
    base = _git(
        root,
        "merge-base",
        commit,
        "HEAD",
        failure=f"pas d'ancêtre commun entre « {reference} » et la version actuelle : "
        "l'historique récupéré est peut-être trop court (git fetch --unshallow)",
    ).strip()
    # Against the working tree: committed since the base, staged or not.
    diff = _git(
        root,
        "diff",
        "--name-only",
        "--no-renames",
        "--no-ext-diff",
        "--no-textconv",
        "--relative",
        "-z",
        base,
        "--",
        failure=_UNREADABLE,
    )
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", failure=_UNREADABLE)
    return {name for name in (diff + untracked).split("\0") if name}


def only_in(warnings: Iterable[Problem], files: set[str]) -> tuple[list[Problem], int]:
    """The warnings about `files`, and how many others were left out."""
    kept, left = [], 0
    for warning in warnings:
        if warning.path in files:
            kept.append(warning)
        else:
            left += 1
    return kept, left


_UNREADABLE = "git n'a pas pu lister les fichiers modifiés : vérifiez l'état du dépôt (git status)"
_NOT_A_REPOSITORY = (
    "ce dossier n'est pas suivi par git : l'option --depuis compare avec une version "
    "enregistrée dans git"
)


def _git(root: Path, *arguments: str, failure: str) -> str:
    # No pager, no prompt for credentials, nothing from the user's terminal.
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "LC_ALL": "C"}
    try:
        completed = subprocess.run(
            ["git", "-c", "core.quotepath=off", *arguments],
            cwd=root,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            env=env,
            timeout=GIT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise ChangesError("git est introuvable sur cette machine : installez-le") from None
    except subprocess.TimeoutExpired:
        raise ChangesError(f"git n'a pas répondu en {GIT_SECONDS} secondes") from None
    if completed.returncode != 0:
        raise ChangesError(failure)
    return completed.stdout.decode("utf-8", "surrogateescape")
