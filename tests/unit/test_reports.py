"""Problems as the forges show them: GitHub annotations, GitLab Code Quality."""

from __future__ import annotations

import json

from mkdocs_episodes.core.problems import Problem, Severity
from mkdocs_episodes.core.reports import github_annotations, gitlab_code_quality

ERROR = Problem("episodes/02-a.yml", 7, 3, "title", "texte trop long : 200 caractères au plus")
WARNING = Problem("episodes/02-a.yml", 1, 1, "audio", "pas de son seul", Severity.WARNING)


def test_github_annotations_point_at_the_line_and_escape_what_the_runner_reads():
    odd = Problem("docs/a,b.md", 2, 1, "", "deux lignes :\n100 % vrai")
    assert github_annotations([ERROR, WARNING, odd]).splitlines() == [
        "::error file=episodes/02-a.yml,line=7,col=3,title=title::texte trop long : 200 caractères au plus",
        "::warning file=episodes/02-a.yml,line=1,col=1,title=audio::pas de son seul",
        "::error file=docs/a%2Cb.md,line=2,col=1,title=fichier::deux lignes :%0A100 %25 vrai",
    ]


def test_gitlab_report_is_code_quality_json_with_stable_distinct_fingerprints():
    twice = Problem("episodes/02-a.yml", 9, 3, "title", ERROR.message)
    report = json.loads(gitlab_code_quality([ERROR, WARNING, twice]))
    assert [entry["severity"] for entry in report] == ["major", "minor", "major"]
    assert report[0]["location"] == {"path": "episodes/02-a.yml", "lines": {"begin": 7}}
    assert report[0]["description"] == "title : texte trop long : 200 caractères au plus"
    assert len({entry["fingerprint"] for entry in report}) == 3
    # Moved to another line, the same problem keeps its fingerprint.
    moved = Problem("episodes/02-a.yml", 12, 3, "title", ERROR.message)
    again = json.loads(gitlab_code_quality([moved]))
    assert again[0]["fingerprint"] == report[0]["fingerprint"]
