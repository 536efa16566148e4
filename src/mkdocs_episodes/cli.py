"""The `episodes` command: check, scaffold and describe episodes, in French.

A thin layer over the core and the site checks: it reads the site's mkdocs.yml the
way MkDocs does, so that `episodes check` and `mkdocs build` agree on every message.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import signal
import sys
from pathlib import Path
from typing import Any, NoReturn

import click
from mkdocs.config.defaults import MkDocsConfig
from pydantic import ValidationError

from mkdocs_episodes.adapter.config import SiteConfigError, load_site
from mkdocs_episodes.adapter.site_checks import check_site, site_root
from mkdocs_episodes.build.budget import measure_site, table
from mkdocs_episodes.build.encoding import MediaError, video_height
from mkdocs_episodes.build.media import prepare as prepare_media
from mkdocs_episodes.build.media import progress_printer
from mkdocs_episodes.build.media import summary as media_summary
from mkdocs_episodes.core.calendar import paris_today
from mkdocs_episodes.core.loader import episode_paths
from mkdocs_episodes.core.messages import field_name, translate
from mkdocs_episodes.core.model import Episode
from mkdocs_episodes.core.reports import github_annotations, gitlab_code_quality
from mkdocs_episodes.core.scaffold import scaffold
from mkdocs_episodes.core.schema import SCHEMA_PATH, schema_text
from mkdocs_episodes.core.settings import Settings
from mkdocs_episodes.core.slugs import slugify
from mkdocs_episodes.core.yaml_source import YamlIssue, parse_yaml

VIDEO_TYPES = {".webm": "video/webm", ".mp4": "video/mp4", ".m4v": "video/mp4", ".ogv": "video/ogg"}


def fail(message: str) -> NoReturn:
    click.echo(f"Erreur : {message}", err=True)
    sys.exit(1)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


class Site:
    """The site as mkdocs.yml declares it, with the episodes plugin's settings."""

    def __init__(self, config_file: str) -> None:
        try:
            self.config: MkDocsConfig = load_site(config_file)
        except SiteConfigError as error:
            message = str(error)
            # Each problem already names the file (and its line, for our settings).
            fail(
                message
                if message.startswith(config_file)
                else f"{config_file} invalide :\n{message}"
            )
        plugin = self.config.plugins.get("episodes")
        if plugin is None:
            fail(f"le greffon « episodes » n'est pas activé dans {config_file} (plugins:)")
        self.settings: Settings = plugin.config.settings()
        self.root = site_root(self.config)
        self.episodes_dir = self.root / self.settings.episodes_dir


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
@click.pass_obj
def check(config_file: str, strict: bool, output: str) -> None:
    site = Site(config_file)
    result = check_site(site.config, site.settings)
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


@main.command(help="Prépare les fichiers web d'un épisode à partir d'une vidéo master (ffmpeg).")
@click.argument("master", type=click.Path(dir_okay=False))
@click.option(
    "--episode", "slug", required=True, help="Slug de l'épisode (champ slug de son YAML)."
)
@click.option(
    "--codec",
    type=click.Choice(["vp9", "av1"]),
    default="vp9",
    show_default=True,
    help="Codec vidéo des fichiers WebM.",
)
@click.option(
    "--1080p", "full_hd", is_flag=True, help="Ajouter une définition 1080p (déconseillé)."
)
@click.option(
    "--mp4/--sans-mp4",
    "mp4",
    default=True,
    show_default=True,
    help="Ajouter un MP4 H.264 pour les appareils anciens.",
)
@click.option(
    "--affiche-a",
    "poster_at",
    type=float,
    help="Moment de l'affiche, en secondes (défaut : 10 % de la durée).",
)
@click.option(
    "--remplacer",
    "replace",
    is_flag=True,
    help="Refaire des fichiers existants (les anciens sont sauvegardés).",
)
@click.pass_obj
def media(
    config_file: str,
    master: str,
    slug: str,
    codec: str,
    full_hd: bool,
    mp4: bool,
    poster_at: float | None,
    replace: bool,
) -> None:
    site = Site(config_file)
    matches = [
        (path, number) for number, found, path in _episode_files(site.episodes_dir) if found == slug
    ]
    if not matches:
        fail(
            f"aucun épisode n'a le slug « {slug} » dans {site.episodes_dir.relative_to(site.root)}/"
        )
    episode_file = matches[0][0]
    side_dir = site.episodes_dir / slug
    # A stopped job (CI cancelled, `kill`) ends like Ctrl-C: ffmpeg stopped, the
    # temporary folder removed, the publisher's files as they were.
    signal.signal(signal.SIGTERM, _interrupted)
    try:
        result = prepare_media(
            Path(master),
            episode_file,
            side_dir,
            codec=codec,
            full_hd=full_hd,
            mp4=mp4,
            poster_at=poster_at,
            replace=replace,
            report=progress_printer(),
        )
    except MediaError as error:
        fail(str(error))
    except KeyboardInterrupt:
        fail("interrompu avant la fin : le fichier YAML de l'épisode n'a pas été modifié")
    except OSError as error:
        fail(_write_error(error))
    click.echo(media_summary(Path(master).stat().st_size, result.files))
    click.echo(
        f"{episode_file.relative_to(site.root)} mis à jour (copie de l'ancien : {result.backup.name if result.backup else '-'})."
    )
    if result.transcript:
        click.echo(
            f"Brouillon de transcription tiré des sous-titres : {result.transcript.relative_to(site.root)} (à relire)."
        )


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


def _interrupted(signum: int, frame: object) -> NoReturn:
    raise KeyboardInterrupt


def _write_error(error: OSError) -> str:
    where = f" ({error.filename})" if error.filename else ""
    if error.errno == errno.ENOSPC:
        return f"disque plein{where} : libérez de la place, puis relancez la commande"
    if error.errno in {errno.EACCES, errno.EPERM, errno.EROFS}:
        return f"écriture refusée{where} : vérifiez les droits du dossier"
    return f"lecture ou écriture impossible{where} : {error.strerror}"


def _episode_files(directory: Path) -> list[tuple[int, str, Path]]:
    """Number, slug and file of each episode, read leniently: a broken file still counts."""
    found = []
    for path in episode_paths(directory):
        try:
            data = parse_yaml(path.read_text(encoding="utf-8")).data
        except (YamlIssue, OSError, UnicodeDecodeError):
            continue
        if isinstance(data, dict):
            number = data.get("number")
            found.append(
                (number if isinstance(number, int) else 0, str(data.get("slug", "")), path)
            )
    return found


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
