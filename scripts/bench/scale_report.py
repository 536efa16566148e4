"""The report's part on growth (issue 21, « ten times more »): build time and memory of
every build process from N=100 to the largest N, beside the bare Material site of the
same run, the fitted cost per episode, and the targets at the largest N.
"""

from __future__ import annotations

from .measures import SizeResult
from .runs import BuildRun
from .scale_fit import FIT_FROM, LinearFit, linear_fit

# Targets of issue 21 at the largest N (5,000 episodes by default).
BUILD_RATIO_TARGET = 0.3
MEMORY_TARGET_MB = 1500
# The largest N builds in at most this many times what the line fitted on the smaller
# sizes predicts: beyond, the growth is faster than linear.
EXTRAPOLATION_LIMIT = 1.15


def _mb(kilobytes: int) -> str:
    return f"{kilobytes * 1024 / 1_000_000:.0f}" if kilobytes else "–"


def _seconds(run: BuildRun) -> str:
    return f"{run.seconds:.1f}" if run.ok else "échec"


def _children(run: BuildRun) -> str:
    """The peak of each kind of child process: Pagefind, MkDocs' workers (`python`)."""

    def named(name: str) -> str:
        if name.startswith("python"):
            return "un processus de travail"
        return "Pagefind" if name == "pagefind" else name

    return "".join(
        f", {named(name)} {_mb(kb)} Mo"
        for name, kb in sorted(run.tree.by_command.items(), key=lambda item: -item[1])
    )


def _fits(results: dict[int, SizeResult]) -> tuple[LinearFit | None, LinearFit | None]:
    ours = {n: r.ours.run.seconds for n, r in results.items() if r.ours.run.ok}
    base = {n: r.base.run.seconds for n, r in results.items() if r.base.run.ok}
    return linear_fit(ours), linear_fit(base)


def _fit_line(name: str, fit: LinearFit | None) -> str:
    if fit is None:
        return (
            f"- {name} : moins de deux tailles mesurées à partir de N={FIT_FROM}, pas d'ajustement."
        )
    line = (
        f"- {name} : durée ≈ {fit.fixed:.1f} s + {fit.per_item * 1000:.2f} ms × N "
        f"(moindres carrés sur N = {', '.join(str(n) for n in fit.sizes)}) ; écart maximal "
        f"à la droite {fit.worst_gap * 100:.0f} %"
    )
    if fit.extrapolation is not None:
        line += (
            f" ; N={fit.sizes[-1]} mesuré à {fit.extrapolation:.2f} × ce que prédit la droite "
            "ajustée sans lui"
        )
    return line + "."


def growth_section(results: dict[int, SizeResult]) -> str:
    """A table of every N, then the fitted lines."""
    lines = [
        "## Croissance avec le nombre d'épisodes",
        "",
        "Mémoire de tous les processus de la construction (MkDocs, ses processus de travail, "
        "Pagefind), additionnée à chaque instant (relevé de /proc toutes les 0,05 s), au pire "
        "instant : PSS, où une page de mémoire partagée entre processus n'est comptée qu'une "
        "fois (ce que la machine tient réellement), et RSS, où elle compte pour chacun (borne "
        "haute).",
        "",
        "| N | Notre construction (s) | Material de base (s) | Rapport | Constructions (nous / "
        "base) | Mémoire, tous processus, PSS (Mo) | Idem, RSS (Mo) | Processus à la fois | "
        "Base, mémoire (Mo) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sorted(results):
        ours, base = results[n].ours.run, results[n].base.run
        ratio = f"{ours.seconds / base.seconds:.2f}" if ours.ok and base.ok else "–"
        lines.append(
            f"| {n} | {_seconds(ours)} | {_seconds(base)} | {ratio} | "
            f"{len(ours.repeats) or 1} / {len(base.repeats) or 1} | {_mb(ours.tree.pss_kb)} | "
            f"{_mb(ours.tree.rss_kb)} | {ours.tree.processes or '–'} | {_mb(base.tree.pss_kb)} |"
        )
    fit_ours, fit_base = _fits(results)
    lines += ["", _fit_line("Notre site", fit_ours), _fit_line("Material de base", fit_base)]
    return "\n".join(lines)


def growth_targets(results: dict[int, SizeResult]) -> list[tuple[str, bool | None, str]]:
    """Issue 21's targets on growth: label, met (None when not measured), figures."""
    found: list[tuple[str, bool | None, str]] = []
    if not results:
        return found
    largest = max(results)
    big = results[largest]
    ours, base = big.ours.run, big.base.run
    label = f"Construction à N={largest} ≤ {BUILD_RATIO_TARGET} × base"
    if ours.ok and base.ok:
        ratio = ours.seconds / base.seconds
        found.append(
            (
                label,
                ratio <= BUILD_RATIO_TARGET,
                f"{ours.seconds:.1f} s contre {base.seconds:.1f} s, soit {ratio:.2f} ×",
            )
        )
    else:
        found.append((label, None, "non mesuré"))
    label = (
        f"Mémoire de tous les processus de la construction à N={largest} ≤ {MEMORY_TARGET_MB} Mo"
    )
    if ours.ok and ours.tree.pss_kb:
        pss = ours.tree.pss_kb * 1024 / 1_000_000
        found.append(
            (
                label,
                pss <= MEMORY_TARGET_MB,
                f"{pss:.0f} Mo (PSS, somme au pire instant ; RSS : {_mb(ours.tree.rss_kb)} Mo ; "
                f"pic de chaque processus : MkDocs {_mb(ours.memory_kb)} Mo{_children(ours)} ; "
                f"base : {_mb(base.tree.pss_kb)} Mo)",
            )
        )
    else:
        found.append((label, None, "non mesuré"))
    fit, fit_base = _fits(results)
    label = f"Croissance linéaire à partir de N={FIT_FROM} (coût par épisode ajusté)"
    if fit is not None and fit.extrapolation is not None:
        base_text = (
            f" ; base : {fit_base.per_item * 1000:.1f} ms par épisode, N={largest} à "
            f"{fit_base.extrapolation:.2f} × sa droite"
            if fit_base and fit_base.extrapolation is not None
            else ""
        )
        found.append(
            (
                label,
                fit.extrapolation <= EXTRAPOLATION_LIMIT,
                f"{fit.per_item * 1000:.2f} ms par épisode (+ {fit.fixed:.1f} s) ; N={largest} "
                f"à {fit.extrapolation:.2f} × la droite ajustée sans lui (au plus "
                f"{EXTRAPOLATION_LIMIT}){base_text}",
            )
        )
    else:
        found.append((label, None, "au moins trois tailles à partir de N=100 nécessaires"))
    return found
