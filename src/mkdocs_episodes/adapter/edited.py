"""Under `mkdocs serve`, the warnings of the files being edited only: a publisher working
on a new episode sees its own warnings, not the fifteen of the old episodes at every
save.

The files being edited: those git sees as changed on this branch — since it left the
default branch of the repository it was cloned from (origin/HEAD), committed or not,
or else since the last commit — and those saved since the preview started. Outside
git, every warning is shown, as `episodes check` shows them.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs_episodes.core.changed_files import ChangesError, changed_since, only_in
from mkdocs_episodes.core.problems import Problem


def edited_warnings(warnings: list[Problem], root: Path, started: float) -> list[str]:
    """The lines to print on a rebuild of the preview: the warnings of the files being
    edited, then how many others were left out."""
    edited = _changed(root)
    if edited is None:
        return [warning.format() for warning in warnings]
    edited |= {w.path for w in warnings if _saved_since(root / w.path, started)}
    shown, left_out = only_in(warnings, edited)
    lines = [warning.format() for warning in shown]
    if left_out:
        many = "s" if left_out > 1 else ""
        lines.append(
            f"{left_out} autre{many} avertissement{many}, dans des fichiers que vous n'avez pas "
            f"modifiés, non affiché{many} (« episodes check » les montre tous)."
        )
    return lines


def _changed(root: Path) -> set[str] | None:
    """Files changed on this branch: against the default branch of the repository it was
    cloned from (origin/HEAD), or else against the last commit; None outside git."""
    for reference in ("origin/HEAD", "HEAD"):
        try:
            return changed_since(reference, root)
        except ChangesError:
            continue
    return None


def _saved_since(path: Path, started: float) -> bool:
    try:
        return path.stat().st_mtime >= started
    except OSError:
        return False
