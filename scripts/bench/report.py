"""The report: one table per size N, the growth from N=100 (`scale_report`), the targets
of issue 21 (« ten times more ») and those of the former issue "Scale: a series of 1000
episodes builds fast and every page stays light" that still apply, the heaviest pages;
printed, and written to bench/results.md with --write.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
from importlib.metadata import version
from typing import Any

from mkdocs_episodes.build.budget import PageWeight

from . import repository
from .browser import FIRST_QUERY
from .measures import FRAGMENTS_PER_QUERY, SizeResult
from .runs import BuildRun
from .scale_report import growth_section, growth_targets

RESULTS = repository.REPO / "bench" / "results.md"
# Targets of the issue (the page budget is the site's own, from mkdocs.yml).
BUILD_RATIO_TARGET = 0.4
LINEAR_FACTOR = 12
SIZE_RATIO_TARGET = 0.2
FIRST_SEARCH_KB = 160
LATER_SEARCH_KB = 60


def _words(words: list[str]) -> str:
    """The words of an index chunk, as Pagefind stores them (stemmed, accents removed)."""
    if not words or len(words) > 3:
        return f" : {len(words)} mots" if words else ""
    return " : " + ", ".join(f"« {word} »" for word in words)


def _kb(size: float | None) -> str:
    return "–" if size is None else f"{size / 1000:.1f}"


def _mb(size: float | None) -> str:
    return "–" if size is None else f"{size / 1_000_000:.1f}"


def _ratio(ours: float | None, base: float | None) -> str:
    if not ours or not base:
        return "–"
    return f"{ours / base:.2f}"


def _page(weight: PageWeight | None, attribute: str) -> float | None:
    return None if weight is None else float(getattr(weight, attribute))


def size_table(result: SizeResult) -> str:
    ours, base = result.ours, result.base

    def row(label: str, a: float | None, b: float | None, shown: Any = str) -> str:
        first = "–" if a is None else shown(a)
        second = "–" if b is None else shown(b)
        return f"| {label} | {first} | {second} | {_ratio(a, b)} |"

    def integer(value: float) -> str:
        return f"{value:.0f}"

    rows = [
        f"### {result.n} épisodes",
        "",
        "| Mesure | Notre site | Material de base | Rapport nous / base |",
        "|---|---:|---:|---:|",
        row(
            "Construction (s)",
            ours.run.seconds if ours.run.ok else None,
            base.run.seconds if base.run.ok else None,
            lambda v: f"{v:.1f}",
        ),
        row(
            "Mémoire maximale de la construction (Mo)",
            ours.run.memory_kb * 1024 or None,
            base.run.memory_kb * 1024 or None,
            _mb,
        ),
        row(
            "Mémoire de tous les processus au pire instant (Mo, PSS)",
            ours.run.tree.pss_kb * 1024 or None,
            base.run.tree.pss_kb * 1024 or None,
            _mb,
        ),
        row("Taille du site (Mo, .gz compris)", ours.size or None, base.size or None, _mb),
        row(
            "Taille du site sans les .gz (Mo)",
            ours.size_without_gzip or None,
            base.size or None,
            _mb,
        ),
        row("Fichiers du site", ours.files or None, base.files or None, integer),
    ]
    for name, attribute in (("Page d'épisode", "episode"), ("Liste des épisodes", "index")):
        mine, theirs = getattr(ours, attribute), getattr(base, attribute)
        rows += [
            row(f"{name} : éléments DOM", _page(mine, "dom"), _page(theirs, "dom"), integer),
            row(f"{name} : requêtes", _page(mine, "requests"), _page(theirs, "requests"), integer),
            row(f"{name} : ko transférés", _page(mine, "bytes"), _page(theirs, "bytes"), _kb),
            row(f"{name} : EcoIndex", _page(mine, "score"), _page(theirs, "score"), integer),
        ]
    search = result.search
    rows.append(
        row(
            "Octets d'une première recherche (ko)",
            search.first if search else None,
            base.search_bytes,
            _kb,
        )
    )
    rows.append(
        row("Octets d'une recherche suivante (ko)", search.later if search else None, None, _kb)
    )
    if result.browser:
        b = result.browser
        rows.append(row(f"Navigateur : 1re recherche, « {FIRST_QUERY} » (ko)", b.first, None, _kb))
        for word, size in b.later.items():
            rows.append(row(f"Navigateur : recherche suivante, « {word} » (ko)", size, None, _kb))
    if ours.run.children_kb:
        rows.append(
            row(
                "Mémoire maximale d'un processus enfant (Mo, échantillonnée : Pagefind, workers)",
                ours.run.children_kb * 1024,
                None,
                _mb,
            )
        )
    lines = "\n".join(rows)
    notes = []
    if result.budget:
        measured = result.budget
        limits = repository.budget()
        notes.append(
            f"Budget de chaque page du site ({measured.pages} pages) : EcoIndex minimal "
            f"{measured.min_score:.0f}, poids maximal {measured.max_kb:.1f} ko, "
            f"{measured.over} page(s) sous EcoIndex {limits.ecoindex:g} ou au-dessus de "
            f"{limits.size_kb:g} ko, {measured.over_requests} page(s) au-delà de "
            f"{limits.requests} requêtes."
        )
    if search:
        notes.append(
            f"Pagefind : {search.chunks} morceau(x) d'index (médiane {_kb(search.chunk_median)} "
            f"ko, le plus lourd {_kb(search.chunk_max)} ko{_words(search.heaviest_words)}), "
            f"{search.fragments} fragments ; "
            f"exécution et métadonnées {_kb(search.runtime)} ko ; estimation haute : le plus "
            f"lourd des morceaux et les {FRAGMENTS_PER_QUERY} plus lourds fragments."
        )
    if base.search_bytes is not None:
        notes.append(
            f"Base : index lunr {_kb(base.search_bytes)} ko compressé, chargé à chaque page vue "
            f"(avec son worker de {_kb(result.lunr_worker)} ko)."
        )
    notes += result.notes
    text = lines + ("\n\n" + "\n".join(f"- {note}" for note in notes) if notes else "")
    if result.budget:
        text += f"\n\nNotre site à N={result.n}, par sorte de page :\n\n{result.budget.by_kind}"
    return text


def targets(results: dict[int, SizeResult]) -> list[tuple[str, bool | None, str]]:
    """Each target of the issue: label, met (None when not measured), figures."""
    found = growth_targets(results)
    big, mid = results.get(1000), results.get(100)
    # Two time ratios, each against its own reference: the baseline, then N=100.
    for label, limit, reference, suffix in (
        (f"Construction à N=1000 ≤ {BUILD_RATIO_TARGET} × base", BUILD_RATIO_TARGET,
         big.base if big else None, ".2f"),
        (f"Linéarité : N=1000 ≤ {LINEAR_FACTOR} × N=100", LINEAR_FACTOR,
         mid.ours if mid else None, ".1f"),
    ):  # fmt: skip
        if big and reference and big.ours.run.ok and reference.run.ok:
            factor = big.ours.run.seconds / reference.run.seconds
            figures = (
                f"{big.ours.run.seconds:.1f} s contre {reference.run.seconds:.1f} s, "
                f"soit {factor:{suffix}} ×"
            )
            found.append((label, factor <= limit, figures))
        else:
            found.append((label, None, "non mesuré"))
    if big and big.ours.size and big.base.size:
        ratio = big.ours.size / big.base.size
        found.append(
            (
                f"Taille du site à N=1000 ≤ {SIZE_RATIO_TARGET} × base",
                ratio <= SIZE_RATIO_TARGET,
                f"{_mb(big.ours.size)} Mo (.gz compris) contre {_mb(big.base.size)} Mo, soit "
                f"{ratio:.2f} × ; sans les .gz : {big.ours.size_without_gzip / big.base.size:.2f} ×",
            )
        )
    else:
        found.append((f"Taille du site à N=1000 ≤ {SIZE_RATIO_TARGET} × base", None, "non mesuré"))
    limits = repository.budget()
    largest = max((r for r in results.values() if r.budget), key=lambda r: r.n, default=None)
    label = (
        f"Chaque page à N={largest.n if largest else max(results, default=0)} : EcoIndex ≥ "
        f"{limits.ecoindex:g}, ≤ {limits.size_kb:g} ko et ≤ {limits.requests} requêtes"
    )
    if largest and largest.budget:
        measured = largest.budget
        found.append(
            (
                label,
                measured.over == 0 and measured.over_requests == 0,
                f"EcoIndex minimal {measured.min_score:.0f}, poids maximal {measured.max_kb:.1f} ko, "
                f"{measured.over + measured.over_requests} page(s) hors budget sur "
                f"{measured.pages}",
            )
        )
    else:
        found.append((label, None, "non mesuré"))
    if largest and largest.budget:
        none_before = largest.budget.with_pagefind == 0
        detail = f"N={largest.n} : {largest.budget.with_pagefind} page(s) chargent Pagefind"
        if largest.browser:
            detail += (
                f" ; navigateur : {largest.browser.before_requests} requête(s) /pagefind/ "
                "avant le focus"
            )
            none_before = none_before and largest.browser.before_requests == 0
        found.append(("Recherche : rien avant le focus", none_before, detail))
    # Issue 21: the search's bytes at the largest N.
    search_result = largest or big
    if search_result and search_result.search:
        search = search_result.search
        first, later = search.first, search.later
        first_source = later_source = "estimation haute"
        if search_result.browser:
            browsed = search_result.browser
            first, later = browsed.first, browsed.later_max
            first_source = (
                f"navigateur, « {FIRST_QUERY} » (estimation haute : {_kb(search.first)} ko)"
            )
            heaviest = max(browsed.later, key=lambda word: browsed.later[word])
            later_source = (
                f"navigateur, la plus lourde de {len(browsed.later)} recherches, « {heaviest} » "
                f"(estimation haute : {_kb(search.later)} ko)"
            )
        found.append(
            (
                f"Première recherche ≤ {FIRST_SEARCH_KB} ko (N={search_result.n})",
                first <= FIRST_SEARCH_KB * 1000,
                f"{_kb(first)} ko, {first_source}",
            )
        )
        found.append(
            (
                f"Recherches suivantes ≤ {LATER_SEARCH_KB} ko (N={search_result.n})",
                later <= LATER_SEARCH_KB * 1000,
                f"{_kb(later)} ko, {later_source}",
            )
        )
    else:
        found.append((f"Première recherche ≤ {FIRST_SEARCH_KB} ko", None, "non mesuré"))
    for result in sorted(results.values(), key=lambda r: r.n):
        if result.base.search_bytes is not None:
            found.append(
                (
                    f"Base, N={result.n} : index lunr chargé à chaque page vue",
                    None,
                    f"{_kb(result.base.search_bytes)} ko compressé "
                    f"(+ worker {_kb(result.lunr_worker)} ko)",
                )
            )
    return found


def targets_table(results: dict[int, SizeResult]) -> str:
    lines = ["| Objectif | Atteint | Mesure |", "|---|---|---|"]
    for label, met, detail in targets(results):
        status = "–" if met is None else ("oui" if met else "**non**")
        lines.append(f"| {label} | {status} | {detail} |")
    return "\n".join(lines)


def worst_pages(result: SizeResult) -> str:
    if not result.budget:
        return ""
    lines = [
        f"Pages les plus lourdes de notre site à N={result.n} :",
        "",
        "| Page | Requêtes | ko | Éléments DOM | EcoIndex |",
        "|---|---:|---:|---:|---:|",
    ]
    for weight in result.budget.worst:
        lines.append(
            f"| {weight.url} | {weight.requests} | {weight.kilobytes:.1f} | {weight.dom} | "
            f"{weight.score:.0f} ({weight.grade}) |"
        )
    return "\n".join(lines)


def versions() -> str:
    packages = ("mkdocs", "mkdocs-material", "pagefind", "mkdocs-episodes")
    listed = ", ".join(f"{name} {version(name)}" for name in packages)
    return (
        f"Python {platform.python_version()}, {listed} ; {os.cpu_count()} cœur(s), "
        f"{platform.machine()}"
    )


def times(run: BuildRun) -> str:
    """The wall time of every run of a build, and the fastest."""
    runs = run.repeats or [run.seconds]
    return " ; ".join(f"{seconds:.1f} s" for seconds in runs) + (
        f" (la plus rapide : {run.seconds:.1f} s)" if len(runs) > 1 else ""
    )


def _sizes(sizes: list[int]) -> str:
    shown = [str(n) for n in sizes]
    return " et ".join([", ".join(shown[:-1]), shown[-1]]) if len(shown) > 1 else "".join(shown)


def report(results: dict[int, SizeResult], repeat: int, elapsed: float, load: str = "–") -> str:
    """The whole report, as bench/results.md holds it; `load`: the machine's load
    averages, as measured around the run."""
    sizes = sorted(results)
    lines = [
        f"# Mesures à l'échelle : {_sizes(sizes)} épisodes",
        "",
        f"Mesuré le {dt.date.today().isoformat()} ({versions()} ; charge moyenne de la "
        f"machine au départ et à la fin : {load}). Chaque site est construit jusqu'à "
        f"{repeat} fois par N (combien de fois : tableau de croissance ; une seule fois pour "
        "la base aux grands N, dont une construction prend des minutes), les deux sites "
        "tour à tour, chaque fois dans un nouveau dossier (aucun site n'est effacé avant la fin), et la construction la plus "
        "rapide de chacun est retenue : les durées varient avec la charge de la machine. "
        "Comme pour toute reconstruction, le dossier de cache de notre générateur (affiches "
        "redimensionnées, gabarits compilés) est déjà rempli : les affiches avant la "
        "première mesure, les gabarits dès la première construction.",
        "",
        *(size_table(results[n]) + "\n" for n in sizes),
        growth_section(results),
        "",
        "## Objectifs",
        "",
        targets_table(results),
        "",
    ]
    if sizes and results[sizes[-1]].budget:
        lines += [worst_pages(results[sizes[-1]]), ""]
    lines.append(f"Durée totale du banc d'essai : {elapsed:.0f} s.")
    return "\n".join(lines) + "\n"


def write(text: str) -> str:
    """Writes bench/results.md; returns its path, relative to the repository."""
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    return str(RESULTS.relative_to(repository.REPO))
