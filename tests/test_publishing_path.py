"""The pull-request path: CI checks episodes, builds strictly and tests; main publishes daily."""

from __future__ import annotations

import yaml
from conftest import REPO


def load(path: str) -> dict:
    return yaml.safe_load((REPO / path).read_text(encoding="utf-8"))


def commands(job: dict) -> str:
    steps = job.get("steps") or []
    return "\n".join(str(step.get("run", "")) for step in steps) + "\n".join(job.get("script", []))


def test_github_pull_requests_check_build_and_test():
    workflow = load(".github/workflows/verification.yml")
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as True
    (job,) = workflow["jobs"].values()
    run = commands(job)
    assert "episodes check" in run
    assert "make build" in run
    assert ".ci/run" in run


def test_github_publishes_main_and_every_day():
    workflow = load(".github/workflows/publication.yml")
    triggers = workflow[True]
    assert triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]
    assert "make build" in commands(workflow["jobs"]["construction"])
    assert any(
        "deploy-pages" in step.get("uses", "") for step in workflow["jobs"]["publication"]["steps"]
    )


def test_gitlab_checks_merge_requests_and_publishes_pages():
    pipeline = load(".gitlab-ci.yml")
    verification = commands(pipeline["verification"])
    assert "episodes check" in verification and "make build" in verification
    pages = pipeline["pages"]
    assert "public" in pages["artifacts"]["paths"]
    assert "make build" in commands(pages)


def test_contributing_guide_example_is_a_valid_episode(tmp_path):
    """The example a publisher copies from CONTRIBUTING.md passes the model."""
    from mkdocs_episodes.core.model import Episode
    from mkdocs_episodes.core.yaml_source import parse_yaml

    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    Episode.model_validate(parse_yaml(example).data)
