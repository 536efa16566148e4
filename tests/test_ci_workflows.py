"""CI hardening: least-privilege tokens, pinned actions, hashed lock for publication.

What is checked here is what a reviewer of .github/workflows, .gitlab-ci.yml and
requirements/publication.txt would look for; zizmor (offline) audits the GitHub
workflows the way GitHub's own advice does.
"""

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
PUBLICATION = WORKFLOWS / "publication.yml"
VERIFICATION = WORKFLOWS / "verification.yml"
GITLAB_CI = ROOT / ".gitlab-ci.yml"
LOCK = ROOT / "requirements" / "publication.txt"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

SHA = re.compile(r"[0-9a-f]{40}")
# `uses: owner/repo@<40 hex> # v1.2.3`: the tag stays readable next to the commit.
PINNED_LINE = re.compile(r"uses:\s*[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(\.\d+)*\s*$")
# `make install` alone (test extras), as opposed to `make install-locked`.
PLAIN_INSTALL = re.compile(r"\bmake\s+install(?![\w-])")


def workflow_files() -> list[Path]:
    files = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    assert files, f"aucun workflow dans {WORKFLOWS}"
    return files


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on or {}


def steps(job: dict) -> list[dict]:
    return job.get("steps") or []


def uses_of(job: dict) -> list[str]:
    found = [step["uses"] for step in steps(job) if "uses" in step]
    if "uses" in job:  # a reusable workflow called as a job
        found.append(job["uses"])
    return found


def is_checkout(step: dict) -> bool:
    return str(step.get("uses", "")).split("@")[0] == "actions/checkout"


def runs_repository_code(job: dict) -> bool:
    return any("run" in step or is_checkout(step) for step in steps(job))


def writes(permissions: object) -> set[str]:
    if permissions in ("write-all",):
        return {"*"}
    if not isinstance(permissions, dict):
        return set()
    return {scope for scope, level in permissions.items() if level == "write"}


def job_using(workflow: dict, action: str) -> tuple[str, dict]:
    matches = [
        (name, job)
        for name, job in workflow["jobs"].items()
        if any(use.split("@")[0] == action for use in uses_of(job))
    ]
    assert len(matches) == 1, f"{action} : attendu dans un seul job, trouvé dans {matches}"
    return matches[0]


def zizmor_executable() -> str:
    found = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert found, "zizmor manque : il fait partie des extras de test (make install)"
    return found


def zizmor_findings(target: Path) -> list[dict]:
    result = subprocess.run(
        [
            zizmor_executable(),
            "--offline",
            "--no-progress",
            "--format",
            "json",
            "--min-severity",
            "medium",
            str(target),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    try:
        findings = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"zizmor n'a pas rendu de JSON (code {result.returncode}) :\n{result.stderr}")
    assert isinstance(findings, list), findings
    return findings


def describe(finding: dict) -> str:
    location = finding["locations"][0]
    path = location["symbolic"]["key"]["Local"]["verbatim_path"]
    line = location["concrete"]["location"]["start_point"]["row"] + 1
    severity = finding["determinations"]["severity"]
    return f"{path}:{line} {finding['ident']} ({severity}) : {finding['desc']}"


# --- zizmor -------------------------------------------------------------------------


def test_zizmor_finds_nothing_of_medium_or_high_severity():
    findings = zizmor_findings(WORKFLOWS)
    assert findings == [], "zizmor signale :\n" + "\n".join(map(describe, findings))


def test_zizmor_audit_does_report_a_careless_workflow(tmp_path):
    # The check above would pass just as well if zizmor audited nothing: show it bites.
    careless = tmp_path / "careless.yml"
    # The shape publication.yml used to have: a write scope for every job, a tag.
    careless.write_text(
        "on: push\n"
        "permissions:\n"
        "  contents: read\n"
        "  id-token: write\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-24.04\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "  deploy:\n"
        "    needs: build\n"
        "    runs-on: ubuntu-24.04\n"
        "    steps:\n"
        "      - run: echo\n",
        encoding="utf-8",
    )
    idents = {finding["ident"] for finding in zizmor_findings(careless)}
    assert {"unpinned-uses", "excessive-permissions", "artipacked"} <= idents, idents


# --- every GitHub workflow ----------------------------------------------------------


@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_commit_with_its_tag_alongside(path):
    workflow = load(path)
    for name, job in workflow["jobs"].items():
        for use in uses_of(job):
            if use.startswith("./"):
                continue  # an action of this repository, pinned by the checkout itself
            ref = use.rpartition("@")[2]
            assert SHA.fullmatch(ref), f"{path.name} / {name} : {use} n'est pas épinglé (SHA)"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if re.match(r"\s*(-\s*)?uses:", line) and "uses: ./" not in line:
            assert PINNED_LINE.search(line), (
                f"{path.name}:{number} : « uses: action@<SHA> # vX.Y.Z » attendu, lu : {line.strip()}"
            )


@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_every_checkout_drops_its_credentials(path):
    workflow = load(path)
    checkouts = [
        (name, step)
        for name, job in workflow["jobs"].items()
        for step in steps(job)
        if is_checkout(step)
    ]
    for name, step in checkouts:
        assert (step.get("with") or {}).get("persist-credentials") is False, (
            f"{path.name} / {name} : le checkout garde le jeton (persist-credentials: false manque)"
        )


@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_every_job_has_its_own_permissions_and_a_timeout(path):
    workflow = load(path)
    assert workflow.get("permissions") in ({}, {"contents": "read"}), (
        f"{path.name} : permissions au niveau du workflow : {workflow.get('permissions')!r}"
    )
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"{path.name} / {name} : permissions du job non déclarées"
        assert isinstance(job.get("timeout-minutes"), int), (
            f"{path.name} / {name} : timeout-minutes manque"
        )


@pytest.mark.parametrize("path", workflow_files(), ids=lambda path: path.name)
def test_no_expression_is_expanded_inside_a_script(path):
    workflow = load(path)
    assert "pull_request_target" not in triggers(workflow)
    for name, job in workflow["jobs"].items():
        for step in steps(job):
            script = step.get("run", "")
            assert "${{" not in script, (
                f"{path.name} / {name} : expression ${{{{ }}}} dans un script (passer par env:) : {script}"
            )


def test_verification_token_can_write_nothing():
    workflow = load(VERIFICATION)
    assert writes(workflow.get("permissions")) == set()
    for name, job in workflow["jobs"].items():
        assert writes(job.get("permissions")) == set(), f"{name} : {job.get('permissions')}"


# --- publication on GitHub ----------------------------------------------------------


def test_only_the_deploy_job_may_write_and_it_runs_no_repository_code():
    workflow = load(PUBLICATION)
    assert workflow["permissions"] == {}
    deploy_name, deploy = job_using(workflow, "actions/deploy-pages")
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    # Nothing from the repository, nor from its dependencies, runs with that token.
    assert not runs_repository_code(deploy), deploy["steps"]
    for name, job in workflow["jobs"].items():
        if name != deploy_name:
            assert writes(job.get("permissions")) == set(), f"{name} : {job['permissions']}"


def test_the_build_job_can_only_read_the_repository():
    workflow = load(PUBLICATION)
    name, build = job_using(workflow, "actions/upload-pages-artifact")
    assert build["permissions"] == {"contents": "read"}, f"{name} : {build['permissions']}"
    # Each job that runs code of the repository reads it, and no more.
    for name, job in workflow["jobs"].items():
        if runs_repository_code(job):
            assert job["permissions"] == {"contents": "read"}, f"{name} : {job['permissions']}"


def test_the_build_job_installs_the_lock_not_the_test_extras():
    _, build = job_using(load(PUBLICATION), "actions/upload-pages-artifact")
    scripts = [step["run"] for step in steps(build) if "run" in step]
    assert any("make install-locked" in script for script in scripts), scripts
    for script in scripts:
        assert not PLAIN_INSTALL.search(script), script
        assert "[test]" not in script, script


def test_the_built_site_goes_to_the_deploy_job():
    workflow = load(PUBLICATION)
    build_name, _ = job_using(workflow, "actions/upload-pages-artifact")
    _, deploy = job_using(workflow, "actions/deploy-pages")
    needs = deploy["needs"]
    assert build_name in ([needs] if isinstance(needs, str) else needs)


# --- publication on GitLab ----------------------------------------------------------


def test_gitlab_pages_installs_the_lock_and_shares_no_cache():
    gitlab = load(GITLAB_CI)
    pages = gitlab["pages"]
    assert "make install-locked" in pages["script"], pages["script"]
    for line in pages["script"]:
        assert not PLAIN_INSTALL.search(line), line
        assert "[test]" not in line, line
    # The merge request pipelines fill the shared pip cache: publication does not read it.
    assert pages.get("cache") == []
    assert "timeout" in pages
    assert pages["artifacts"]["paths"] == ["public"]
    # The checks keep the full install with the test tools.
    assert "make install" in gitlab["verification"]["script"]


# --- the lock -----------------------------------------------------------------------


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match, requirement
    return normalise(match[1])


def lock_entries() -> dict[str, str]:
    """Each pinned package of the lock, by normalised name, with its whole entry."""
    text = LOCK.read_text(encoding="utf-8")
    entries: dict[str, str] = {}
    for entry in text.replace("\\\n", " ").splitlines():
        # Comments, and options (a --hash cut from its package is not one of its hashes).
        if not entry.strip() or entry.lstrip().startswith(("#", "-")):
            continue
        entries[requirement_name(entry)] = entry
    return entries


def test_the_lock_says_how_to_regenerate_it():
    head = LOCK.read_text(encoding="utf-8").splitlines()[:8]
    assert any("pip-compile" in line and "--generate-hashes" in line for line in head), head


def test_every_pinned_package_of_the_lock_carries_its_hash():
    entries = lock_entries()
    assert entries, f"{LOCK} est vide"
    for name, entry in entries.items():
        assert re.search(r"==\S+", entry), f"{name} n'est pas épinglé : {entry}"
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), f"{name} sans --hash : {entry}"


def test_the_lock_pins_every_runtime_dependency_within_its_range():
    entries = lock_entries()
    declared = [*PYPROJECT["project"]["dependencies"], *PYPROJECT["build-system"]["requires"]]
    for requirement in declared:
        name = requirement_name(requirement)
        assert name in entries, f"{requirement} manque dans {LOCK.name} : régénérez-le"
        version = re.search(r"==\s*([^\s;]+)", entries[name])[1]
        specifier = SpecifierSet(re.sub(r"^[^<>=!~]*", "", requirement.split(";")[0]))
        assert version in specifier, (
            f"{name}=={version} hors de « {requirement} » : régénérez {LOCK.name}"
        )


def test_the_lock_holds_no_test_tool():
    runtime = {requirement_name(dep) for dep in PYPROJECT["project"]["dependencies"]}
    test_only = {
        requirement_name(dep) for dep in PYPROJECT["project"]["optional-dependencies"]["test"]
    } - runtime
    assert {"pytest", "ruff", "playwright", "zizmor"} <= test_only
    assert sorted(test_only & set(lock_entries())) == []


def test_install_locked_requires_the_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^install-locked:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe, "cible install-locked absente du Makefile"
    commands = recipe[1]
    assert "--require-hashes --no-deps -r requirements/publication.txt" in commands, commands
    # The package itself is built with the locked setuptools, not a fresh unhashed one.
    assert "--no-build-isolation" in commands, commands
    assert "[test]" not in commands, commands
