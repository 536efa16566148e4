"""`episodes new`: the file of a new episode, from options or a dialogue in French."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from mkdocs_episodes.build.encoding import MediaError, video_height
from mkdocs_episodes.cli_common import Site, episode_files, fail
from mkdocs_episodes.cli_dialogue import Questions
from mkdocs_episodes.core import new_episode as answers
from mkdocs_episodes.core.calendar import paris_today
from mkdocs_episodes.core.hosts import HOST_NAMES
from mkdocs_episodes.core.scaffold import scaffold
from mkdocs_episodes.core.schema import SCHEMA_PATH


@click.command(
    name="new",
    help="Crée le fichier d'un nouvel épisode, sans jamais rien écraser. Dans un terminal, "
    "pose les questions une à une et redemande après une réponse refusée ; rien n'est écrit "
    "avant la dernière réponse.",
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
    existing = episode_files(site.episodes_dir, site.root)
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


def _video_height(path: Path) -> int:
    try:
        return video_height(path)
    except MediaError as error:
        raise answers.AnswerError(str(error)) from None
