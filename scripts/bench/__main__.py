"""The bench's command line: `python scripts/bench.py` or, from scripts/, `python -m bench`."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .browser import browser_search
from .measures import (
    Side,
    SizeResult,
    measure_baseline,
    measure_ours,
    pagefind_cost,
    site_budget,
    unpublished,
)
from .preview import SIZE as PREVIEW_SIZE
from .preview import preview_report, run_preview
from .projects import write_baseline_project, write_our_project
from .report import report, times, write
from .repository import doctrine_pages, poster_sources
from .runs import (
    best_builds,
    environment,
    loads,
    profile_build,
    profile_report,
    warm_poster_cache,
)
from .slow_device_report import main_slow_device_only, slow_device_part
from .synthetic import SyntheticEpisode, make_episode

DEFAULT_SIZES = "10,100,1000,2000,5000"
# From this N on, a bare Material build takes minutes (19 at 5,000 episodes on the
# shared two-core machine, as it grows faster than linearly): both sites are built once
# there, so that the whole bench stays near half an hour.
LARGE_N = 2000


def large_n_repeats(n: int, repeat: int) -> list[int]:
    """Builds of our site and of the baseline at size n."""
    return [repeat, repeat] if n < LARGE_N else [1, 1]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Banc d'essai, chaque partie face à un site Material nu : construction, mémoire, "
        "poids et recherche de 10 à 5000 épisodes ; pages sur un téléphone lent ; aperçu de "
        "mkdocs serve à 1000 épisodes."
    )
    parser.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        help=f"nombres d'épisodes, séparés par des virgules ({DEFAULT_SIZES} par défaut)",
    )
    parser.add_argument(
        "--echelle-seulement",
        action="store_true",
        help="seulement la mesure à l'échelle (construction, mémoire, poids et recherche "
        "de 10 à 5000 épisodes), sans les autres parties du banc",
    )
    parser.add_argument(
        "--write", action="store_true", help="écrit le tableau dans bench/results.md"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile notre construction du plus grand N (cProfile) et affiche ses 25 premières entrées",
    )
    parser.add_argument(
        "--browser",
        action="store_true",
        help="confirme les octets de la recherche avec Playwright et Chromium",
    )
    parser.add_argument(
        "--no-doctrine",
        action="store_true",
        help="épisodes sans liens vers la doctrine (par défaut : un lien par épisode et par chapitre 3)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="constructions par site et par N, tour à tour, la plus rapide retenue (3 par "
        f"défaut ; une seule à partir de N={LARGE_N})",
    )
    parser.add_argument("--keep", action="store_true", help="garde le dossier temporaire")
    parser.add_argument(
        "--apercu",
        choices=("oui", "non", "seul"),
        default="oui",
        help="mesure aussi l'aperçu de mkdocs serve à N=1000 (oui par défaut), ou seulement lui",
    )
    parser.add_argument(
        "--appareils-lents-seulement",
        action="store_true",
        help="seulement les pages du site sur un téléphone lent (Slow 4G, processeur ralenti 6 fois)",
    )
    return parser.parse_args()


def _say(message: str) -> None:
    print(message, flush=True)


def run_size(
    n: int,
    root: Path,
    episodes: list[SyntheticEpisode],
    cache: Path,
    browser: bool,
    repeat: int = 1,
) -> SizeResult:
    folder = root / f"n{n}"
    ours_project, base_project = folder / "nous", folder / "base"
    write_our_project(ours_project, episodes[:n])
    write_baseline_project(base_project, episodes[:n])
    env = environment(cache)
    measured = episodes[n // 2].slug
    _say(f"[N={n}] constructions de notre site et du site Material de base, tour à tour…")
    ours_run, base_run = best_builds([ours_project, base_project], env, large_n_repeats(n, repeat))
    ours, base = Side(ours_run), Side(base_run)
    _say(f"[N={n}]   notre site : {times(ours.run)}{'' if ours.run.ok else ' — ÉCHEC'}")
    _say(f"[N={n}]   base : {times(base.run)}{'' if base.run.ok else ' — ÉCHEC'}")
    result = SizeResult(n, ours, base)
    if ours.run.ok:
        site = ours_project / "site"
        result.notes += unpublished(site, episodes[:n])
        measure_ours(ours, site, measured)
        result.search = pagefind_cost(site)
        result.budget = site_budget(site)
        if browser:
            try:
                result.browser = browser_search(site)
            except Exception as error:
                result.notes.append(f"mesure dans le navigateur impossible : {error}")
    else:
        result.notes.append(
            "notre construction a échoué :\n\n```\n" + ours.run.output[-3000:] + "\n```"
        )
    if base.run.ok:
        result.lunr_worker = measure_baseline(base, base_project / "site", measured)
    else:
        result.notes.append(
            "la construction de base a échoué :\n\n```\n" + base.run.output[-3000:] + "\n```"
        )
    return result


def profile(root: Path, n: int, cache: Path) -> str:
    """Our build of the largest N under cProfile, and its first entries."""
    project = root / f"n{n}" / "nous"
    _say(f"[N={n}] construction de notre site sous cProfile…")
    out = root / "profil.out"
    run = profile_build(project, root / f"n{n}" / "site-profil", environment(cache), out)
    _say(f"[N={n}]   {run.seconds:.1f} s{'' if run.ok else ' — ÉCHEC'}")
    if not out.is_file():
        return "Profil indisponible :\n" + run.output[-3000:]
    return (
        f"Profil de notre construction à N={n} ({run.seconds:.1f} s). Une fois "
        "Pagefind lancé, la construction lui cède les cœurs (nice 19) : les "
        "entrées d'après son lancement (pages de listes, post-construction) "
        "comptent aussi ce temps cédé.\n\n" + profile_report(out)
    )


def main() -> int:
    args = parse_args()
    if args.appareils_lents_seulement:
        return main_slow_device_only(args.write)
    if args.echelle_seulement:
        args.apercu = "non"
    sizes = sorted({int(value) for value in args.sizes.split(",") if value.strip()})
    repeat = max(1, args.repeat)
    started = time.perf_counter()
    load = loads()
    root = Path(tempfile.mkdtemp(prefix="bench-episodes-"))
    cache = root / "cache"
    _say(f"Dossier temporaire : {root}")
    results: dict[int, SizeResult] = {}
    profile_text = preview_text = slow_device_text = ""
    try:
        warm_poster_cache(cache)
        pages = [] if args.no_doctrine else doctrine_pages()
        posters = len(poster_sources())
        generated = time.perf_counter()
        if args.apercu == "seul":
            sizes = []
        count = max([*sizes, PREVIEW_SIZE if args.apercu != "non" else 0])
        episodes = [make_episode(number, pages, posters) for number in range(1, count + 1)]
        _say(f"{len(episodes)} épisodes générés en {time.perf_counter() - generated:.1f} s")
        for n in sizes:
            results[n] = run_size(n, root, episodes, cache, args.browser, repeat)
        if args.profile and sizes:
            profile_text = profile(root, max(sizes), cache)
        if args.apercu != "seul" and not args.echelle_seulement:
            slow_device_text = slow_device_part(root)
        if args.apercu != "non":
            preview_text = preview_report(run_preview(root, episodes, cache, _say))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    text = (
        report(results, repeat, time.perf_counter() - started, f"{load} puis {loads()}")
        + "\n"
        + slow_device_text
        if results
        else ""
    )
    text += f"\n{preview_text}" if text and preview_text else preview_text
    _say("")
    _say(text)
    if profile_text:
        _say(profile_text)
    if args.write:
        _say(f"Tableau écrit dans {write(text)}")
    failed = any(not r.ours.run.ok or not r.base.run.ok for r in results.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
