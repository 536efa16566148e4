"""The `episodes` command: check, scaffold and describe episodes, in French.

A thin layer over the core and the site checks: it reads the site's mkdocs.yml the
way MkDocs does, so that `episodes check` and `mkdocs build` agree on every message.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from mkdocs_episodes.adapter.site_checks import check_site
from mkdocs_episodes.build.budget import measure_site, table
from mkdocs_episodes.build.distant import remote_problems
from mkdocs_episodes.build.encoding import MediaError, video_height
from mkdocs_episodes.cli_media import media
from mkdocs_episodes.cli_site import Site, fail, plural
from mkdocs_episodes.cli_site import episode_files as _episode_files
from mkdocs_episodes.core.calendar import paris_today
from mkdocs_episodes.core.messages import field_name, translate
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.reports import github_annotations, gitlab_code_quality
from mkdocs_episodes.core.scaffold import scaffold
from mkdocs_episodes.core.schema import SCHEMA_PATH, schema_text
from mkdocs_episodes.core.slugs import slugify

VIDEO_TYPES = {".webm": "video/webm", ".mp4": "video/mp4", ".m4v": "video/mp4", ".ogv": "video/ogg"}


@click.group(help="Publier les épisodes d'une série vidéo.")
@click.option(
    "-f",
    "--config-file",
    default="mkdocs.yml",
    show_default=True,
    help="Fichier de configuration du site.",
)
@click.pass_context
def main(context: click.Context, config_file: str) -> None:
    context.obj = config_file


@main.command(help="Vérifie tous les épisodes et leurs liens, sans construire le site.")
@click.option("--strict", is_flag=True, help="Échouer aussi sur les avertissements.")
@click.option(
    "--format",
    "output",
    type=click.Choice(["texte", "github", "gitlab"]),
    default="texte",
    show_default=True,
    help="texte : une ligne par problème ; github : annotations sur les lignes de la demande "
    "de fusion ; gitlab : rapport Code Quality (JSON) sur la sortie standard.",
)
@click.option(
    "--distant",
    "remote",
    is_flag=True,
    help="Vérifier aussi, par le réseau, les vidéos et sons du stockage objet : présence, "
    "poids, type, requêtes partielles (206) et règle CORS.",
)
@click.pass_obj
def check(config_file: str, strict: bool, output: str, remote: bool) -> None:
    site = Site(config_file)
    result = check_site(site.config, site.settings)
    if remote and result.series is not None:
        result.errors += remote_problems(result.series.all_episodes, site.config.site_url or "")
    problems = sorted([*result.errors, *result.warnings])
    errors, warnings = len(result.errors), len(result.warnings)
    if problems:
        summary = f"{plural(errors, 'erreur')}, {plural(warnings, 'avertissement')}."
    else:
        count = len(result.series.all_episodes) if result.series else 0
        summary = (
            f"Tout est en ordre : {plural(count, 'épisode')} vérifié{'s' if count > 1 else ''}."
        )
    if output == "gitlab":
        # The report alone on the standard output (redirected to a file by the job); the
        # lines, for the job's log, on the error output.
        click.echo(gitlab_code_quality(problems), nl=False)
        for problem in problems:
            click.echo(problem.format(), err=True)
        click.echo(summary, err=True)
    else:
        for problem in problems:
            click.echo(problem.format())
        if output == "github":
            click.echo(github_annotations(problems), nl=False)
        click.echo(summary)
    if errors or (strict and warnings):
        sys.exit(1)


@main.command(help="Mesure chaque page construite et la compare au budget de mkdocs.yml.")
@click.argument("site_dir", default="site", type=click.Path(file_okay=False))
@click.option("--markdown", "as_markdown", is_flag=True, help="Sortie en tableau Markdown.")
@click.pass_obj
def budget(config_file: str, site_dir: str, as_markdown: bool) -> None:
    site = Site(config_file)
    folder = Path(site_dir)
    if not (folder / "index.html").is_file():
        fail(f"{site_dir} ne contient pas de site construit : lancez d'abord « make build »")
    limits = site.settings.budget
    weights = measure_site(folder)
    if as_markdown:
        click.echo(table(weights, limits))
    else:
        width = max(len(w.url) for w in weights)
        click.echo(f"{'Page':<{width}}  Requêtes  Poids (ko)  DOM  EcoIndex")
        for weight in weights:
            faults = weight.over(limits)
            click.echo(
                f"{weight.url:<{width}}  {weight.requests:>8}  {weight.kilobytes:>10.1f}  "
                f"{weight.dom:>3}  {weight.score:>5.0f} {weight.grade}"
                + (f"  DÉPASSÉ : {', '.join(faults)}" if faults else "")
            )
    over = [w for w in weights if w.over(limits)]
    click.echo(
        f"Budget : {limits.requests} requêtes, {limits.size_kb:g} ko, EcoIndex {limits.ecoindex:g} "
        f"au moins. {plural(len(weights), 'page')} mesurée{'s' if len(weights) > 1 else ''}, "
        f"{plural(len(over), 'dépassement')}."
    )
    if over:
        sys.exit(1)


main.add_command(media)


@main.command(help="Écrit le schéma JSON du format des épisodes.")
@click.option(
    "-o", "--output", help=f"Fichier à écrire (par défaut {SCHEMA_PATH} ; - pour l'écran)."
)
@click.pass_obj
def schema(config_file: str, output: str | None) -> None:
    text = schema_text()
    if output == "-":
        click.echo(text, nl=False)
        return
    target = Path(output) if output else Site(config_file).root / SCHEMA_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(target)
    click.echo(f"Schéma écrit dans {target}")


@main.command(help="Crée le fichier d'un nouvel épisode (sans jamais rien écraser).")
@click.option("--title", help="Titre de l'épisode.")
@click.option("--date", "date_text", help="Date de publication, AAAA-MM-JJ (défaut : aujourd'hui).")
@click.option("--summary", help="Résumé en une ou deux phrases.")
@click.option(
    "--theme", "themes", multiple=True, help="Thème (répétable), parmi ceux de mkdocs.yml."
)
@click.option(
    "--host",
    type=click.Choice(["dailymotion", "peertube", "youtube", "fichiers"]),
    help="Hébergeur de la vidéo, ou « fichiers » pour des fichiers hébergés par le site.",
)
@click.option("--id", "video_id", help="Identifiant de la vidéo chez l'hébergeur.")
@click.option("--instance", help="Adresse de l'instance PeerTube (https://…).")
@click.option(
    "--video",
    "videos",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Fichier vidéo hébergé par le site (répétable, une définition par fichier).",
)
@click.pass_obj
def new(
    config_file: str,
    title: str | None,
    date_text: str | None,
    summary: str | None,
    themes: tuple[str, ...],
    host: str | None,
    video_id: str | None,
    instance: str | None,
    videos: tuple[str, ...],
) -> None:
    site = Site(config_file)
    interactive = sys.stdin.isatty()
    # Under a locale that is not UTF-8, accented arguments arrive undecoded.
    title, date_text, summary, video_id, instance = (
        _repaired(v) for v in (title, date_text, summary, video_id, instance)
    )
    themes = tuple(_repaired(theme) or "" for theme in themes)

    def ask(value: str | None, option: str, prompt: str, default: str | None = None) -> str:
        if value:
            return value
        if interactive:
            return str(click.prompt(prompt, default=default))
        if default is not None:
            return default
        fail(f"l'option {option} est requise")

    title = ask(title, "--title", "Titre de l'épisode")
    date_text = ask(
        date_text, "--date", "Date de publication (AAAA-MM-JJ)", paris_today().isoformat()
    )
    try:
        date = dt.date.fromisoformat(date_text)
    except ValueError:
        fail(f"date « {date_text} » invalide : attendu AAAA-MM-JJ, par exemple 2024-07-20")
    summary = ask(summary, "--summary", "Résumé en une phrase")
    allowed = list(site.settings.themes)
    if not themes:
        themes = (
            ask(None, "--theme", f"Thème ({', '.join(allowed)})", allowed[0] if allowed else None),
        )
    host = (
        "fichiers"
        if videos
        else ask(host, "--host", "Hébergeur (dailymotion, peertube, youtube, fichiers)")
    )
    slug = slugify(title)
    existing = _existing_episodes(site.episodes_dir)
    number = max((n for n, _ in existing), default=0) + 1
    yaml_path = site.episodes_dir / f"{number:02d}-{slug}.yml"
    side_dir = site.episodes_dir / slug
    if any(s == slug for _, s in existing):
        fail(f"un épisode utilise déjà l'adresse « {slug} » : choisissez un autre titre")
    for taken in (yaml_path, side_dir):
        if taken.exists():
            fail(f"{taken.relative_to(site.root)} existe déjà : rien n'a été écrit")

    video: dict[str, Any]
    if host == "fichiers":
        if not videos:
            fail("indiquez au moins un fichier vidéo avec --video")
        video = {"sources": [_describe_video(Path(v), site) for v in videos]}
    else:
        video_id = ask(video_id, "--id", f"Identifiant de la vidéo sur {host}")
        video = {"host": host, "id": video_id}
        if host == "peertube":
            video["instance"] = ask(instance, "--instance", "Instance PeerTube (https://…)")
    data = {
        "number": number,
        "slug": slug,
        "title": title,
        "date": date,
        "summary": summary,
        "themes": list(themes),
        "video": video,
        "poster": f"{slug}/poster.webp",
    }
    try:
        Episode.model_validate(data)
    except ValidationError as error:
        for details in error.errors(include_url=False):
            loc, message = translate(details, Episode)
            click.echo(f"{field_name(loc)}: {message}", err=True)
        fail("épisode non créé : corrigez les valeurs ci-dessus")
    unknown = [theme for theme in themes if theme not in allowed]
    if unknown:
        fail(
            f"thème « {unknown[0]} » non déclaré dans mkdocs.yml (thèmes possibles : {', '.join(allowed)})"
        )

    schema_ref = os.path.relpath(site.root / SCHEMA_PATH, site.episodes_dir)
    text = scaffold(data, schema_ref)
    side_dir.mkdir(parents=True)
    try:
        # "x": never replace a file that appeared meanwhile.
        with yaml_path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        side_dir.rmdir()
        fail(f"{yaml_path.relative_to(site.root)} existe déjà : rien n'a été écrit")
    click.echo(f"Épisode {number} créé : {yaml_path.relative_to(site.root)}")
    click.echo(
        f"Déposez son affiche et ses fichiers dans {side_dir.relative_to(site.root)}/, puis lancez « episodes check »."
    )


def _repaired(value: str | None) -> str | None:
    """Text typed in a UTF-8 terminal but decoded under another locale, made whole."""
    if value is None:
        return None
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _existing_episodes(directory: Path) -> list[tuple[int, str]]:
    return [(number, slug) for number, slug, _path in _episode_files(directory)]


def _describe_video(path: Path, site: Site) -> dict[str, Any]:
    resolved = path.resolve()
    if not resolved.is_relative_to(site.root):
        fail(
            f"{path} est hors du dépôt : copiez la vidéo dans {site.episodes_dir.relative_to(site.root)}/"
        )
    kind = VIDEO_TYPES.get(resolved.suffix.lower())
    if kind is None:
        fail(f"{path} : format non reconnu (attendu {', '.join(VIDEO_TYPES)})")
    return {
        "src": os.path.relpath(resolved, site.episodes_dir),
        "type": kind,
        "height": _video_height(resolved),
        "size": resolved.stat().st_size,
    }


def _video_height(path: Path) -> int:
    try:
        return video_height(path)
    except MediaError as error:
        fail(str(error))
