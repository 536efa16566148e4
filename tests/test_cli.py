"""The `episodes` command as publishers run it: check, new and schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
from conftest import REPO, run_episodes

from mkdocs_episodes.core.schema import SCHEMA_PATH, schema_text
from mkdocs_episodes.core.yaml_source import parse_yaml


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def as_json_data(value: object) -> object:
    """YAML dates as editors see them: strings."""
    if isinstance(value, dict):
        return {key: as_json_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json_data(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_check_passes_on_the_demo_and_lists_warnings(site_copy):
    result = run_episodes(site_copy, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "avertissement : pas de transcription" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("0 erreur, ")


def test_check_strict_fails_on_warnings_only(site_copy):
    result = run_episodes(site_copy, "check", "--strict")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_check_reports_a_missing_config_in_french(tmp_path):
    result = run_episodes(tmp_path, "check")
    assert result.returncode == 1
    assert "mkdocs.yml introuvable" in result.stderr
    assert "Traceback" not in result.stderr


def test_new_scaffolds_a_valid_episode_then_refuses_to_overwrite(site_copy):
    arguments = [
        "new",
        "--title",
        "Sobriété : l'écoconception des œuvres vidéo !",
        "--date",
        "2025-01-15",
        "--summary",
        'Un résumé avec des "guillemets".',
        "--theme",
        "video-sobre",
        "--host",
        "youtube",
        "--id",
        "aqz-KE-bpKQ",
    ]
    first = run_episodes(site_copy, *arguments)
    assert first.returncode == 0, first.stderr
    slug = "sobriete-l-ecoconception-des-oeuvres-video"
    created = site_copy / "episodes" / f"06-{slug}.yml"
    assert created.is_file()
    assert (site_copy / "episodes" / slug).is_dir()
    text = created.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/episode.schema.json\n")
    data = parse_yaml(text).data
    # After the five episodes of the series: the demo, a special, has no number.
    assert data["number"] == 6
    assert data["slug"] == slug
    assert data["title"] == "Sobriété : l'écoconception des œuvres vidéo !"
    assert data["summary"] == 'Un résumé avec des "guillemets".'
    assert data["video"] == {"host": "youtube", "id": "aqz-KE-bpKQ"}
    schema = json.loads((REPO / SCHEMA_PATH).read_text(encoding="utf-8"))
    jsonschema.validate(as_json_data(data), schema)
    # Only the poster is left to provide: check says exactly that.
    checked = run_episodes(site_copy, "check")
    assert checked.returncode == 1
    errors = [line for line in checked.stdout.splitlines() if "avertissement" not in line]
    assert any(f"episodes/06-{slug}.yml:" in line and ": poster: " in line for line in errors)

    before = snapshot(site_copy / "episodes")
    second = run_episodes(site_copy, *arguments)
    assert second.returncode == 1
    assert "déjà" in second.stderr
    assert "Traceback" not in second.stderr
    assert snapshot(site_copy / "episodes") == before


def test_new_with_a_bad_video_id_writes_nothing(site_copy):
    before = snapshot(site_copy / "episodes")
    result = run_episodes(
        site_copy,
        "new",
        "--title",
        "Un titre",
        "--summary",
        "Résumé.",
        "--theme",
        "reseau",
        "--host",
        "dailymotion",
        "--id",
        "https://www.dailymotion.com/video/x9368gg",
    )
    assert result.returncode == 1
    assert "identifiant Dailymotion" in result.stderr
    assert snapshot(site_copy / "episodes") == before


def test_new_without_a_terminal_asks_for_missing_options(site_copy):
    result = run_episodes(site_copy, "new", "--summary", "Résumé.")
    assert result.returncode == 1
    assert "l'option --title est requise" in result.stderr


def test_committed_schema_matches_the_model():
    committed = (REPO / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == schema_text(), "lancez « episodes schema » et committez le résultat"


def test_schema_validates_every_demo_episode_and_rejects_unknown_fields():
    schema = json.loads((REPO / SCHEMA_PATH).read_text(encoding="utf-8"))
    paths = sorted((REPO / "episodes").glob("*.yml"))
    assert paths
    for path in paths:
        data = as_json_data(parse_yaml(path.read_text(encoding="utf-8")).data)
        jsonschema.validate(data, schema)
    data["sumary"] = "faute de frappe"
    validator = jsonschema.Draft202012Validator(schema)
    errors = list(validator.iter_errors(data))
    assert any("sumary" in error.message for error in errors)


def test_schema_command_writes_the_file(site_copy):
    target = site_copy / "schema.json"
    result = run_episodes(site_copy, "schema", "--output", str(target))
    assert result.returncode == 0
    assert target.read_text(encoding="utf-8") == schema_text()


def test_check_speaks_to_github_and_gitlab_on_the_pull_request_lines(site_copy):
    import json

    # Warnings as warnings: they do not stop the check.
    clean = run_episodes(site_copy, "check", "--format", "github")
    assert clean.returncode == 0
    assert (
        "::warning file=episodes/01-presentation-du-reseau.yml,line=1,col=1,title=audio::"
        in clean.stdout
    )
    episode = site_copy / "episodes" / "02-les-enjeux.yml"
    episode.write_text(episode.read_text(encoding="utf-8") + "sumary: faute\n", encoding="utf-8")
    line = len(episode.read_text(encoding="utf-8").splitlines())
    github = run_episodes(site_copy, "check", "--format", "github")
    assert github.returncode == 1
    assert (
        f"::error file=episodes/02-les-enjeux.yml,line={line},col=1,title=sumary::champ inconnu"
        in github.stdout
    )
    gitlab = run_episodes(site_copy, "check", "--format", "gitlab")
    assert gitlab.returncode == 1
    report = json.loads(gitlab.stdout)
    (error,) = [entry for entry in report if entry["severity"] == "major"]
    assert error["location"] == {"path": "episodes/02-les-enjeux.yml", "lines": {"begin": line}}
    assert error["description"].startswith("sumary : champ inconnu")
    assert len({entry["fingerprint"] for entry in report}) == len(report)
    assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(error)
    # The log keeps the readable lines.
    assert f"episodes/02-les-enjeux.yml:{line}:1: sumary: champ inconnu" in gitlab.stderr


def test_check_refuses_a_master_in_the_repository_and_a_rendition_not_asked_for(site_copy):
    # A master left beside the episodes (sparse: 11 MB on the disk's books, no real bytes).
    with (site_copy / "episodes" / "demo-video-sobre" / "master.mp4").open("wb") as handle:
        handle.truncate(11_000_000)
    path = site_copy / "episodes" / "hors-serie-demo-video-sobre.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("height: 360", "height: 1080"), encoding="utf-8")
    result = run_episodes(site_copy, "check")
    assert result.returncode == 1
    assert (
        "episodes/demo-video-sobre/master.mp4:1:1: (fichier): fichier vidéo ou son de 11.0 Mo "
        "dans le dépôt (au plus 10 Mo) : placez le master hors du dépôt et publiez l'épisode par "
        "le stockage objet : « episodes media CHEMIN/DU/MASTER --episode SLUG --stockage "
        "s3://SEAU/DOSSIER --url-media https://… »"
    ) in result.stdout
    assert "video.sources[2].height: définition de 1080p au-delà de 720p" in result.stdout


def test_git_keeps_masters_and_backups_out_of_commits_but_not_the_episodes():
    import subprocess

    def ignored(path: str) -> bool:
        completed = subprocess.run(
            ["git", "-C", str(REPO), "check-ignore", "--no-index", "-q", path], check=False
        )
        return completed.returncode == 0

    for path in (
        "episodes/mon-episode/master.mp4",
        "episodes/mon-episode/Tournage.MOV",
        "episodes/.07-mon-episode.yml.20250101-101010.bak",
        "episodes/mon-episode/.sauvegardes/20250101-video-480p.webm",
        "docs/entretien.mkv",
        ".cache/episodes/sauvegardes/20250101-07-mon-episode.yml",
    ):
        assert ignored(path), path
    for path in (
        "episodes/07-mon-episode.yml",
        "episodes/mon-episode/poster.webp",
        "episodes/demo-video-sobre/video-240p.webm",
        "episodes/demo-video-sobre/audio.opus",
    ):
        assert not ignored(path), path
