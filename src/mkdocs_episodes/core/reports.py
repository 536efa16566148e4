"""Problems as the forges show them on a pull request's own lines: GitHub workflow
commands (annotations) and GitLab's Code Quality report. A publisher sees them where
they already look, instead of in a job's log."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from mkdocs_episodes.core.problems import Problem, Severity


def _data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's runner reads it back."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(problems: Iterable[Problem]) -> str:
    """`::error file=…,line=…,col=…,title=…::message`, one line per problem."""
    lines = []
    for problem in problems:
        level = "error" if problem.severity is Severity.ERROR else "warning"
        title = problem.field or "fichier"
        lines.append(
            f"::{level} file={_property(problem.path)},line={problem.line},"
            f"col={problem.column},title={_property(title)}::{_data(problem.message)}"
        )
    return "".join(f"{line}\n" for line in lines)


def gitlab_code_quality(problems: Iterable[Problem]) -> str:
    """A GitLab Code Quality report (JSON): one entry per problem, with a fingerprint
    that stays the same while the problem does, so that a merge request shows what it
    adds and what it fixes."""
    entries = []
    seen: dict[str, int] = {}
    for problem in problems:
        identity = "\0".join([problem.path, problem.field, problem.message])
        # The same message twice in a file (two lines): each keeps a fingerprint of its own.
        seen[identity] = seen.get(identity, 0) + 1
        identity += f"\0{seen[identity]}"
        entries.append(
            {
                "description": f"{problem.field or 'fichier'} : {problem.message}",
                "check_name": f"episodes-{problem.severity.name.lower()}",
                "fingerprint": hashlib.sha256(identity.encode("utf-8")).hexdigest(),
                "severity": "major" if problem.severity is Severity.ERROR else "minor",
                "location": {"path": problem.path, "lines": {"begin": problem.line}},
            }
        )
    return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
