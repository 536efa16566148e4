"""The `episodes` command: check, scaffold and describe episodes, in French.

A thin layer over the core and the site checks: it reads the site's mkdocs.yml the
way MkDocs does, so that `episodes check` and `mkdocs build` agree on every message.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mkdocs_episodes.adapter.site_checks import check_site
from mkdocs_episodes.build.budget import measure_site, table
from mkdocs_episodes.build.distant import remote_problems
from mkdocs_episodes.cli_common import Site, fail, plural
from mkdocs_episodes.cli_french import speak_french
from mkdocs_episodes.cli_media import media
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
@click.option(
    "--distant",
    "remote",
    is_flag=True,
    help="Vérifier aussi, par le réseau, les vidéos et sons du stockage objet : présence, "
    "poids, type, requêtes partielles (206) et règle CORS.",
)
@click.pass_obj
def check(config_file: str, strict: bool, output: str, since: str | None, remote: bool) -> None:
    site = Site(config_file)
    changed = None
    if since is not None:
        try:
            changed = changed_since(since, site.root)
        except ChangesError as error:
            fail(f"--depuis {since} : {error}")
    result = check_site(site.config, site.settings)
    if remote and result.series is not None:
        result.errors += remote_problems(result.series.all_episodes, site.config.site_url or "")
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


main.add_command(media)


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
