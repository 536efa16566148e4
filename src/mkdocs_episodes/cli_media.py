"""`episodes media`: a master, read where it is, made into web-ready files, kept in the
repository (tiny demos) or sent to object storage (real episodes)."""

from __future__ import annotations

import signal
from pathlib import Path

import click

from mkdocs_episodes.build.encoding import MediaError
from mkdocs_episodes.build.media import prepare as prepare_media
from mkdocs_episodes.build.media import progress_printer
from mkdocs_episodes.build.media import summary as media_summary
from mkdocs_episodes.build.storage import Store
from mkdocs_episodes.cli_common import Site, episode_files, fail, interrupted, plural, write_error
from mkdocs_episodes.core.remote import RemoteUrlError, check_remote_url, parse_storage


@click.command(help="Prépare les fichiers web d'un épisode à partir d'une vidéo master (ffmpeg).")
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
@click.option(
    "--stockage",
    "storage",
    help="Stockage objet où envoyer vidéos et son, s3://SEAU/DOSSIER (défaut : media_storage "
    "de mkdocs.yml). Identifiants : AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL.",
)
@click.option(
    "--url-media",
    "media_url",
    help="Adresse publique https:// de ce dossier (défaut : media_url de mkdocs.yml).",
)
@click.option(
    "--dans-le-depot",
    "in_repository",
    is_flag=True,
    help="Garder les fichiers dans le dépôt malgré media_storage (petites démonstrations).",
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
    storage: str | None,
    media_url: str | None,
    in_repository: bool,
) -> None:
    site = Site(config_file)
    if full_hd and site.settings.max_height < 1080:
        fail(
            f"--1080p demandé, mais mkdocs.yml limite les vidéos à {site.settings.max_height}p : "
            "déclarez « max_height: 1080 » (plugins > episodes) si cette définition est voulue"
        )
    store = None if in_repository else _store(site, storage, media_url)
    matches = [
        (path, number)
        for number, found, path in episode_files(site.episodes_dir, site.root)
        if found == slug
    ]
    if not matches:
        fail(
            f"aucun épisode n'a le slug « {slug} » dans {site.episodes_dir.relative_to(site.root)}/"
        )
    episode_file = matches[0][0]
    side_dir = site.episodes_dir / slug
    # A stopped job (CI cancelled, `kill`) ends like Ctrl-C: ffmpeg stopped, the
    # temporary folder removed, the publisher's files as they were.
    signal.signal(signal.SIGTERM, interrupted)
    try:
        result = prepare_media(
            Path(master),
            episode_file,
            side_dir,
            cache_dir=site.root / site.settings.cache_dir,
            store=store,
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
        fail(
            "interrompu avant la fin : le fichier YAML de l'épisode n'a pas été modifié"
            + (" ; les fichiers déjà envoyés ne seront pas renvoyés" if store else "")
        )
    except OSError as error:
        fail(write_error(error))
    click.echo(media_summary(Path(master).stat().st_size, result.files))
    if store is not None:
        click.echo(
            f"Stockage {store.storage} : {plural(len(result.sent), 'fichier')} envoyé"
            f"{'s' if len(result.sent) > 1 else ''}, {len(result.kept)} déjà présent"
            f"{'s' if len(result.kept) > 1 else ''} ; servis depuis {store.public_url}"
        )
    click.echo(
        f"{episode_file.relative_to(site.root)} mis à jour (copie de l'ancien : {result.backup.name if result.backup else '-'})."
    )
    if result.transcript:
        click.echo(
            f"Brouillon de transcription tiré des sous-titres : {result.transcript.relative_to(site.root)} (à relire)."
        )


def _store(site: Site, storage: str | None, media_url: str | None) -> Store | None:
    """The object storage of the command line, or of mkdocs.yml; None for files kept in
    the repository."""
    storage = storage if storage is not None else site.settings.media_storage
    media_url = media_url if media_url is not None else site.settings.media_url
    if not storage and not media_url:
        return None
    if not storage or not media_url:
        missing = "--stockage (ou media_storage)" if not storage else "--url-media (ou media_url)"
        fail(
            f"{missing} manque : le stockage objet a besoin des deux, par exemple « --stockage "
            "s3://medias-serie/episodes --url-media https://medias.example.gouv.fr/episodes/ »"
        )
    try:
        parse_storage(storage)
        check_remote_url(media_url, folder=True)
    except RemoteUrlError as error:
        fail(str(error))
    return Store(storage, media_url)
