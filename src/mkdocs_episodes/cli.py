"""The `episodes` command: check, scaffold and describe episodes, in French.

A thin layer over the core and the site checks: it reads the site's mkdocs.yml the
way MkDocs does, so that `episodes check` and `mkdocs build` agree on every message.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
from pathlib import Path
from typing import Any, NoReturn

import click
from mkdocs.config.defaults import MkDocsConfig

from mkdocs_episodes.adapter.config import SiteConfigError, load_site
from mkdocs_episodes.adapter.site_checks import check_site, site_root
from mkdocs_episodes.build.budget import measure_site, table
from mkdocs_episodes.build.media import MediaError, progress_printer, video_height
from mkdocs_episodes.build.media import prepare as prepare_media
from mkdocs_episodes.build.media import summary as media_summary
from mkdocs_episodes.cli_dialogue import Questions
from mkdocs_episodes.cli_french import speak_french
from mkdocs_episodes.core import new_episode as answers
from mkdocs_episodes.core.calendar import paris_today
from mkdocs_episodes.core.loader import episode_paths
from mkdocs_episodes.core.model import HOST_NAMES
from mkdocs_episodes.core.reports import github_annotations, gitlab_code_quality
from mkdocs_episodes.core.scaffold import scaffold
from mkdocs_episodes.core.schema import SCHEMA_PATH, schema_text
from mkdocs_episodes.core.settings import Settings
from mkdocs_episodes.core.yaml_source import YamlIssue, parse_yaml


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
@click.argument("master", metavar="MASTER", type=click.Path(dir_okay=False))
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
@click.option("--aac", is_flag=True, help="Son seul en AAC (.m4a) au lieu d'Opus.")
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
    aac: bool,
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
            aac=aac,
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
    "-o",
    "--output",
    metavar="FICHIER",
    help=f"Fichier à écrire (par défaut {SCHEMA_PATH} ; - pour l'écran).",
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


@main.command(
    help="Crée le fichier d'un nouvel épisode, sans jamais rien écraser. Dans un terminal, "
    "pose les questions une à une et redemande après une réponse refusée ; rien n'est écrit "
    "avant la dernière réponse."
)
@click.option("--title", help="Titre de l'épisode.")
@click.option("--date", "date_text", help="Date de publication, AAAA-MM-JJ (défaut : aujourd'hui).")
@click.option("--summary", help="Résumé en une ou deux phrases.")
@click.option(
    "--theme", "themes", multiple=True, help="Thème (répétable), parmi ceux de mkdocs.yml."
)
@click.option(
    "--host",
    help="Hébergeur de la vidéo : dailymotion, peertube, youtube, ou fichiers pour une vidéo "
    "hébergée par le site.",
)
@click.option("--id", "video_id", help="Identifiant de la vidéo chez l'hébergeur.")
@click.option("--instance", help="Adresse de l'instance PeerTube (https://…).")
@click.option(
    "--video",
    "videos",
    multiple=True,
    metavar="FICHIER",
    help="Fichier vidéo déjà prêt, dans le dépôt (répétable, une définition par fichier). "
    "Sans fichier, « episodes media » les prépare ensuite depuis la vidéo master.",
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
    existing = _episode_files(site.episodes_dir)
    declared = dict(site.settings.themes)
    ask = Questions(fail, interactive=sys.stdin.isatty())
    # Under a locale that is not UTF-8, accented arguments arrive undecoded.
    given_themes = ", ".join(_repaired(theme) or "" for theme in themes)
    try:
        title, slug = ask(
            "Titre de l'épisode",
            "--title",
            _repaired(title),
            lambda text: answers.title(text, {found for _n, found, _p in existing}),
        )
        date = ask(
            "Date de publication (AAAA-MM-JJ)",
            "--date",
            _repaired(date_text),
            answers.publication_date,
            paris_today().isoformat(),
        )
        summary = ask(
            "Résumé en une ou deux phrases", "--summary", _repaired(summary), answers.summary
        )
        chosen = ask(
            f"Thèmes, séparés par des virgules ({', '.join(declared)})",
            "--theme",
            given_themes,
            lambda text: answers.themes(text, declared),
            next(iter(declared), None),
        )
        host = (
            answers.SELF_HOSTED
            if videos
            else ask(
                "Hébergeur de la vidéo (dailymotion, peertube, youtube, ou fichiers si le site l'héberge)",
                "--host",
                host,
                answers.host,
            )
        )
        video: dict[str, Any]
        if host == answers.SELF_HOSTED:
            video = {
                "sources": ask(
                    "Fichiers vidéo prêts, dans le dépôt, séparés par des virgules "
                    "(Entrée : aucun, « episodes media » les préparera)",
                    "--video",
                    ", ".join(videos),
                    lambda text: answers.video_files(
                        text, site.root, site.episodes_dir, _video_height
                    ),
                    "",
                )
            }
        else:
            video = {
                "host": host,
                "id": ask(
                    f"Identifiant de la vidéo sur {HOST_NAMES[host]}",
                    "--id",
                    _repaired(video_id),
                    lambda text: answers.video_id(str(host), text),
                ),
            }
            if host == "peertube":
                video["instance"] = ask(
                    "Adresse de l'instance PeerTube (https://…)",
                    "--instance",
                    _repaired(instance),
                    answers.instance,
                )
    except click.Abort:
        click.echo("", err=True)
        fail("abandon : aucun fichier n'a été écrit")
    number = max((found for found, _s, _p in existing), default=0) + 1
    yaml_path = site.episodes_dir / f"{number:02d}-{slug}.yml"
    side_dir = site.episodes_dir / slug
    data = {
        "number": number,
        "slug": slug,
        "title": title,
        "date": date,
        "summary": summary,
        "themes": chosen,
        "video": video,
        "poster": f"{slug}/poster.webp",
    }
    refused = answers.problems(data)
    if refused:
        click.echo("\n".join(refused), err=True)
        fail("épisode non créé : corrigez les valeurs ci-dessus")
    _write_episode(
        site,
        yaml_path,
        side_dir,
        scaffold(data, os.path.relpath(site.root / SCHEMA_PATH, site.episodes_dir)),
    )
    click.echo(f"Épisode {number} créé : {yaml_path.relative_to(site.root)}")
    folder = side_dir.relative_to(site.root)
    if video == {"sources": []}:
        click.echo(
            "Préparez ensuite les fichiers de l'épisode (vidéo, son seul, affiche) depuis la "
            "vidéo master, qui reste où elle est :\n"
            f"  episodes media CHEMIN/DU/MASTER.mp4 --episode {slug}"
        )
    else:
        click.echo(
            f"Déposez son affiche et ses fichiers dans {folder}/, puis lancez « episodes check »."
        )


def _write_episode(site: Site, yaml_path: Path, side_dir: Path, text: str) -> None:
    """The episode's file and folder, created only now that every answer is known."""
    if yaml_path.exists():
        fail(f"{yaml_path.relative_to(site.root)} existe déjà : rien n'a été écrit")
    # A folder the publisher already filled is kept as it is.
    created = not side_dir.exists()
    side_dir.mkdir(parents=True, exist_ok=True)
    try:
        # "x": never replace a file that appeared meanwhile.
        with yaml_path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        if created:
            side_dir.rmdir()
        fail(f"{yaml_path.relative_to(site.root)} existe déjà : rien n'a été écrit")


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


def _video_height(path: Path) -> int:
    try:
        return video_height(path)
    except MediaError as error:
        raise answers.AnswerError(str(error)) from None


# Every word the command says is French, click's own included.
speak_french(main)
