"""A publisher without a terminal: the pull request templates and CONTRIBUTING walk the
web editor path on GitHub and GitLab, with the schema line that gives completion."""

from __future__ import annotations

import json
import os
import re

import pytest
from conftest import REPO

from mkdocs_episodes.core.schema import SCHEMA_PATH

TEMPLATES = {
    "github": REPO / ".github" / "pull_request_template.md",
    # Default.md: GitLab fills every new merge request's description with it.
    "gitlab": REPO / ".gitlab" / "merge_request_templates" / "Default.md",
}
# What each host's web interface calls the steps and where the messages show.
WEB_STEPS = {
    "github": ["Add file › Create new file", "Add file › Upload files", "Files changed"],
    "gitlab": ["Nouveau fichier", "Téléverser un fichier", "Code Quality"],
}
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/episode.schema.json"


def checklist(text: str) -> list[str]:
    return re.findall(r"^- \[ \] (.+)$", text, re.M)


def test_the_schema_line_leads_from_an_episode_file_to_the_committed_schema():
    reference = SCHEMA_LINE.split("$schema=", 1)[1]
    assert (REPO / "episodes" / reference).resolve() == (REPO / SCHEMA_PATH).resolve()
    assert json.loads((REPO / SCHEMA_PATH).read_text(encoding="utf-8"))["properties"]
    # The line episodes new writes, and the one of every demo episode.
    assert os.path.relpath(REPO / SCHEMA_PATH, REPO / "episodes") == reference
    for episode in sorted((REPO / "episodes").glob("*.yml")):
        assert episode.read_text(encoding="utf-8").startswith(SCHEMA_LINE + "\n"), episode


@pytest.mark.parametrize("host", sorted(TEMPLATES))
def test_each_template_walks_the_web_editor_path_and_asks_for_the_schema_line(host):
    text = TEMPLATES[host].read_text(encoding="utf-8")
    for step in WEB_STEPS[host]:
        assert step in text, step
    assert SCHEMA_LINE in text
    assert "CONTRIBUTING.md" in text


def test_both_templates_keep_the_same_checklist():
    github, gitlab = (
        checklist(TEMPLATES[h].read_text(encoding="utf-8")) for h in sorted(TEMPLATES)
    )
    assert len(github) >= 10
    # Only where the messages show differs.
    assert [re.sub(r"\(.*?\)", "", item) for item in github] == [
        re.sub(r"\(.*?\)", "", item) for item in gitlab
    ]


def test_contributing_walks_the_web_editor_path_on_both_hosts():
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("### Sans terminal", 1)[1].split("\n## ", 1)[0]
    for step in [*WEB_STEPS["github"][:2], *WEB_STEPS["gitlab"][:2]]:
        assert step in section, step
    assert SCHEMA_LINE in section
    assert "Create pull request" in section and "nouvelle demande de" in section
    recommended = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in recommended["recommendations"]
