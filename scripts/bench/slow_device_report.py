"""The slow-device section of the bench's report, in French: one row per page kind, ours
beside the bare Material page of the same run, the targets and the method."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from .report import write
from .slow_device import (
    BASE_PAGES,
    CLS_TARGET,
    CPU_SLOWDOWN,
    LATENCY_MS,
    LCP_TARGET_S,
    LOADS,
    QUIET_MS,
    TBT_TARGET_MS,
    PageFigures,
    SlowDeviceResult,
    run_slow_device,
)


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value / 1000:.2f}"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _shift(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _met(page: PageFigures) -> str:
    lcp, tbt, cls = page.median("lcp_ms"), page.median("tbt_ms"), page.median("cls")
    if page.error or lcp is None or tbt is None or cls is None:
        return "non mesuré"
    missed = [
        name
        for name, ok in (
            ("LCP", lcp <= LCP_TARGET_S * 1000),
            ("TBT", tbt <= TBT_TARGET_MS),
            ("CLS", cls <= CLS_TARGET),
        )
        if not ok
    ]
    return "oui" if not missed else "non (" + ", ".join(missed) + ")"


def _baseline_for(label: str, base: list[PageFigures]) -> PageFigures | None:
    """The bare Material page beside one of ours: its home beside our home, its text
    page beside every other kind."""
    wanted = label if label in BASE_PAGES else "Page de contenu"
    return next((page for page in base if page.label == wanted), None)


def slow_device_section(result: SlowDeviceResult) -> str:
    rows = [
        "## Appareils lents : téléphone ancien sur réseau lent",
        "",
        f"Chromium, fenêtre de 390 × 844 px (densité 3, tactile), « Slow 4G » par le protocole "
        f"DevTools ({LATENCY_MS} ms de latence, 1,6 Mbit/s descendant, 750 kbit/s montant), "
        f"processeur ralenti {CPU_SLOWDOWN} fois, cache vide à chaque chargement, pages "
        f"servies compressées (gzip) comme par nginx ; médiane de {LOADS} chargements, pris "
        "page après page à tour de rôle. Mesures lues dans la chronologie de performance de "
        "la page, observée avant tout script de la page : plus grand affichage (LCP, "
        "`largest-contentful-paint`), décalage cumulé de la mise en page (CLS, entrées "
        "`layout-shift` sans saisie récente), temps de blocage total (TBT : part au-delà de "
        "50 ms de chaque tâche longue `longtask`, depuis le premier affichage jusqu'à "
        f"{QUIET_MS / 1000:.0f} s sans tâche longue). « Bloquant » : les requêtes que Chromium "
        "marque bloquantes pour l'affichage (`renderBlockingStatus`), page HTML exclue.",
        "",
        f"Cibles : LCP ≤ {LCP_TARGET_S:.1f} s, TBT ≤ {TBT_TARGET_MS} ms, "
        f"CLS ≤ {CLS_TARGET}. Charge de la machine (`/proc/loadavg`, 1, 5, 15 min) : "
        f"{result.load_average}. Durée : {result.seconds:.0f} s.",
        "",
        "| Page | LCP (s) | TBT (ms) | CLS | Requêtes | ko transférés | Bloquant | "
        "Material nu : LCP (s) | TBT (ms) | CLS | Cibles atteintes |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    for page in result.ours:
        base = _baseline_for(page.label, result.base)
        blocking = ", ".join(f"`{name}`" for name in page.blocking) or "rien"
        kb = page.median("bytes")
        rows.append(
            f"| {page.label} | {_seconds(page.median('lcp_ms'))} | {_ms(page.median('tbt_ms'))} "
            f"| {_shift(page.median('cls'))} | {_ms(page.median('requests'))} "
            f"| {'–' if kb is None else f'{kb / 1000:.1f}'} | {blocking} "
            f"| {_seconds(base.median('lcp_ms') if base else None)} "
            f"| {_ms(base.median('tbt_ms') if base else None)} "
            f"| {_shift(base.median('cls') if base else None)} | {_met(page)} |"
        )
    rows.append("")
    for page in result.base:
        blocking = ", ".join(f"`{name}`" for name in page.blocking) or "rien"
        rows.append(
            f"- Material nu, {page.label.lower()} : LCP {_seconds(page.median('lcp_ms'))} s, "
            f"TBT {_ms(page.median('tbt_ms'))} ms, CLS {_shift(page.median('cls'))}, "
            f"{_ms(page.median('requests'))} requêtes ; bloquant : {blocking}."
        )
    search = next((page for page in result.ours if page.median("results_ms") is not None), None)
    if search:
        rows.append(
            f"- Résultats de recherche (`{search.url.split('/', 3)[-1]}`) : la page lance la "
            "recherche Pagefind dès son chargement ; les résultats s'affichent en "
            f"{_seconds(search.median('results_ms'))} s (médiane, depuis la navigation), "
            "le TBT compte l'exécution de Pagefind."
        )
    rows.extend(
        f"- {page.label} : mesure impossible ({page.error})."
        for page in result.ours + result.base
        if page.error
    )
    elements = ", ".join(
        f"{page.label} : `{page.lcp_node}`" for page in result.ours if page.lcp_node
    )
    if elements:
        rows.append(f"- Élément du plus grand affichage : {elements}.")
    rows.extend(f"- {note}" for note in result.notes)
    return "\n".join(rows) + "\n"


def slow_device_part(root: Path) -> str:
    """The whole slow-device run under `root`, as the report's section (never fatal to
    the rest of the bench: a failure is reported in the section)."""
    started = time.perf_counter()
    try:
        result = run_slow_device(root)
    except Exception as error:
        return (
            "## Appareils lents : téléphone ancien sur réseau lent\n\n"
            f"Mesure impossible : {error}\n"
        )
    result.seconds = time.perf_counter() - started
    return slow_device_section(result)


def main_slow_device_only(write_results: bool) -> int:
    """`python scripts/bench.py --appareils-lents-seulement`: this part alone."""
    root = Path(tempfile.mkdtemp(prefix="bench-appareils-lents-"))
    try:
        text = slow_device_part(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("\n" + text, flush=True)
    if write_results:
        print(f"Tableau écrit dans {write(text)}", flush=True)
    return 0 if "Mesure impossible" not in text else 1
