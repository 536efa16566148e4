"""The `episodes` command: check, scaffold and describe episodes, in French.

A thin layer over the core and the site checks: it reads the site's mkdocs.yml the
way MkDocs does, so that `episodes check` and `mkdocs build` agree on every message.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from mkdocs_episodes.adapter.site_checks import check_site
from mkdocs_episodes.build.budget import measure_site, table
from mkdocs_episodes.build.media import MediaError, progress_printer
from mkdocs_episodes.build.media import prepare as prepare_media
from mkdocs_episodes.build.media import summary as media_summary
from mkdocs_episodes.cli_common import Site, episode_files, fail, interrupted, plural, write_error
from mkdocs_episodes.cli_french import speak_french
from mkdocs_episodes.cli_new import new
from mkdocs_episodes.core.changed_files import ChangesError, changed_since, only_in
from mkdocs_episodes.core.problems import unchecked_note
from mkdocs_episodes.core.reports import github_annotations, gitlab_code_quality
from mkdocs_episodes.core.schema import SCHEMA_PATH, schema_text


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
    "--depuis",
    "since",
    metavar="RÉF",
    help="N'afficher les avertissements que pour les fichiers modifiés depuis cette version "
    "git (branche, étiquette ou commit, par exemple origin/main) ; les erreurs de tous les "
    "fichiers restent affichées.",
)
@click.pass_obj
def check(config_file: str, strict: bool, output: str, since: str | None) -> None:
    site = Site(config_file)
    changed = None
    if since is not None:
        try:
            changed = changed_since(since, site.root)
        except ChangesError as error:
            fail(f"--depuis {since} : {error}")
    result = check_site(site.config, site.settings)
    shown, left_out = (
        only_in(result.warnings, changed) if changed is not None else (result.warnings, 0)
    )
    problems = sorted([*result.errors, *shown])
    errors, warnings = len(result.errors), len(shown)
    if problems:
        summary = f"{plural(errors, 'erreur')}, {plural(warnings, 'avertissement')}."
    else:
        count = len(result.series.all_episodes) if result.series else 0
        summary = (
            f"Tout est en ordre : {plural(count, 'épisode')} vérifié{'s' if count > 1 else ''}."
        )
    if note := unchecked_note(result.unchecked):
        summary = f"{note}\n{summary}"
    if left_out:
        many = "s" if left_out > 1 else ""
        summary += (
            f" {left_out} autre{many} avertissement{many}, dans des fichiers non modifiés "
            f"depuis {since}, non affiché{many} (episodes check sans --depuis les montre tous)."
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
        fail(write_error(error))
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


# Every word the command says is French, click's own included.
main.add_command(new)
speak_french(main)
