"""The encoding bench: how long `episodes media` takes, and what quality it keeps.

It generates a synthetic master (never committed): 1080p25 H.264 at a high quality,
half a Mandelbrot zoom (fine detail in constant motion; at most 250 iterations a pixel,
so that making it stays cheap), half ffmpeg's test pattern with a light camera-like
grain, and French speech from espeak-ng looped over a quiet hum. Then, for each
candidate speed setting, it runs the package's own single-pass encoding
(`mkdocs_episodes.build.encoding`: the plan and the ffmpeg command of `episodes media`)
and records:

- the wall time and the CPU time (user + sys) of the ffmpeg child, from
  `getrusage(RUSAGE_CHILDREN)`; the machine is shared, so the wall time depends on the
  load, while CPU time / cores is the figure the load does not change;
- the load average before and after;
- each rendition's SSIM against the master scaled to its size (ffmpeg's `ssim`
  filter), and its size.

The first candidate ("avant") is how the command worked before: one ffmpeg run per
file, VP9 at `-cpu-used 4`, x264 `medium`.

Usage, from the repository's root::

    python scripts/bench_encoding.py [--duree 12] [--reglages 0,2] [--write]

or `make bench-encodage`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import resource
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_episodes.build.encoding import Presets, Target, encode, plan, probe

RESULTS = Path(__file__).resolve().parents[2] / "bench" / "encoding.md"

SPEECH = (
    "Bonjour et bienvenue dans cet épisode de la série des référents numérique "
    "écoresponsable. Aujourd'hui, nous parlons de la sobriété des services numériques, "
    "de la durée de vie des terminaux et de la manière de mesurer l'empreinte d'un site. "
    "Un site plus léger se charge plus vite, consomme moins d'énergie et reste utilisable "
    "sur un réseau lent ou un téléphone ancien."
)

# Quality target of the issue: every rendition's SSIM against the master at its size.
SSIM_FLOOR = 0.95
# Time target: every default output in at most this many times the master's duration.
TIME_FACTOR = 2.0
# The rule that picks the default: both targets met with a margin (half the machine left
# to others, a real master harder than this one), then the fewest bytes.
TIME_MARGIN = 0.5
SSIM_MARGIN = 0.02


@dataclass(frozen=True)
class Candidate:
    label: str
    presets: Presets
    one_run_per_file: bool = False


CANDIDATES = [
    Candidate("avant : un passage par fichier, VP9 good 4 CRF 36, x264 medium",
              Presets("good", 4, 36, "medium"), one_run_per_file=True),
    Candidate("un passage, VP9 good 5 CRF 36, x264 veryfast", Presets("good", 5, 36, "veryfast")),
    Candidate("un passage, VP9 realtime 8 CRF 36, x264 veryfast",
              Presets("realtime", 8, 36, "veryfast")),
    Candidate("un passage, VP9 realtime 8 CRF 40, x264 veryfast",
              Presets("realtime", 8, 40, "veryfast")),
    Candidate("un passage, VP9 realtime 8 CRF 44, x264 veryfast",
              Presets("realtime", 8, 44, "veryfast")),
    Candidate("un passage, VP9 realtime 6 CRF 44, x264 veryfast",
              Presets("realtime", 6, 44, "veryfast")),
    Candidate("un passage, VP9 realtime 8 CRF 48, x264 veryfast",
              Presets("realtime", 8, 48, "veryfast")),
]  # fmt: skip


@dataclass
class Measure:
    candidate: Candidate
    wall: float
    cpu: float
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    ssim: dict[str, float] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)


def make_master(folder: Path, seconds: int) -> Path:
    """The synthetic master: see the module's docstring."""
    speech = folder / "voix.wav"
    subprocess.run(["espeak-ng", "-v", "fr", "-s", "150", "-w", str(speech), SPEECH], check=True)
    half = seconds / 2
    master = folder / "master.mp4"
    video = (
        f"mandelbrot=size=1920x1080:rate=25:maxiter=250,trim=duration={half}[zoom];"
        f"testsrc2=size=1920x1080:rate=25,noise=alls=5:allf=t,trim=duration={half}[pattern];"
        "[zoom][pattern]concat=n=2:v=1:a=0,format=yuv420p[v];"
        f"amovie={speech}:loop=0,aresample=48000,atrim=duration={seconds}[voice];"
        f"sine=frequency=110:sample_rate=48000:duration={seconds},volume=0.02[hum];"
        "[voice][hum]amix=inputs=2:normalize=0,pan=stereo|c0=c0|c1=c0,asetnsamples=n=1024:p=0[a]"
    )
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-filter_complex", video, "-map", "[v]", "-map", "[a]",
         "-c:v", "libx264", "-preset", "veryfast", "-crf", "16", "-c:a", "aac", "-b:a", "192k",
         str(master)],
        check=True,
    )  # fmt: skip
    return master


def _load() -> tuple[float, float, float]:
    return os.getloadavg()


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_candidate(master: Path, candidate: Candidate, folder: Path) -> Measure:
    folder.mkdir(parents=True)
    info = probe(master)
    targets = plan(info, codec="vp9", full_hd=False, mp4=True, presets=candidate.presets).targets
    groups: list[list[Target]] = (
        [[target] for target in targets] if candidate.one_run_per_file else [targets]
    )
    load_before = _load()
    cpu_before = _cpu_of_children()
    started = time.perf_counter()
    for group in groups:
        encode(master, group, folder, info.duration, lambda share: None)
    wall = time.perf_counter() - started
    cpu = _cpu_of_children() - cpu_before
    measure = Measure(candidate, wall, cpu, load_before, _load())
    for target in targets:
        output = folder / target.name
        measure.sizes[target.name] = output.stat().st_size
        if target.kind == "video":
            measure.ssim[target.name] = ssim(output, master)
    return measure


def ssim(rendition: Path, master: Path) -> float:
    """SSIM (all planes) of a rendition against the master scaled to the rendition's size."""
    stream = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=width,height", "-of", "csv=p=0", str(rendition)],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    width, height = stream.split(",")[:2]
    completed = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(rendition), "-i", str(master),
         "-lavfi", f"[1:v]scale={width}:{height}:flags=bicubic,format=yuv420p[reference];"
         "[0:v]format=yuv420p[rendition];[rendition][reference]ssim", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = re.findall(r"All:([0-9.]+)", completed.stderr)
    if not found:
        raise RuntimeError(f"pas de SSIM pour {rendition.name} :\n{completed.stderr[-500:]}")
    return float(found[-1])


def _versions() -> str:
    ffmpeg = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True, check=True)
    first = ffmpeg.stdout.splitlines()[0].split(" Copyright")[0]
    libvpx = "?"
    with contextlib.suppress(FileNotFoundError):
        libvpx = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Version}", "libvpx7"],
            capture_output=True, text=True, check=False,
        ).stdout or "?"  # fmt: skip
    return f"{first}, libvpx {libvpx}"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def pick(measures: list[Measure], duration: float) -> Measure | None:
    """The rule: see TIME_MARGIN and SSIM_MARGIN."""
    cores = os.cpu_count() or 1
    passing = [
        measure
        for measure in measures
        if not measure.candidate.one_run_per_file
        and measure.cpu / cores <= TIME_FACTOR * TIME_MARGIN * duration
        and min(measure.ssim.values()) >= SSIM_FLOOR + SSIM_MARGIN
    ]
    return min(passing, key=lambda m: sum(m.sizes.values()), default=None)


def report(measures: list[Measure], duration: float, master_size: int) -> str:
    cores = os.cpu_count() or 1
    chosen = Presets()
    picked = pick(measures, duration)
    lines = [
        "# Encodage : `episodes media` sur 2 cœurs",
        "",
        f"Mesuré le {time.strftime('%Y-%m-%d')} ({_versions()} ; {cores} cœur(s), "
        f"{_cpu_model()}). Machine partagée : la durée réelle dépend de la charge ; le temps "
        f"de calcul (utilisateur + système de ffmpeg, `getrusage(RUSAGE_CHILDREN)`) divisé "
        f"par {cores} cœurs est le chiffre que la charge ne change pas.",
        "",
        f"Master synthétique de {duration:.0f} s en 1080p25 (H.264 CRF 16, "
        f"{master_size / 1e6:.1f} Mo) : moitié zoom de Mandelbrot (détail fin en mouvement "
        "constant), moitié mire `testsrc2` avec un grain léger ; voix française (espeak-ng) "
        "en stéréo 48 kHz. Produit par le banc, jamais versé au dépôt.",
        "",
        "Sorties par défaut : WebM VP9 + Opus 480p et 720p, MP4 H.264 + AAC 720p, son seul "
        "AAC (`.m4a`, mono 64 kbit/s) et Opus (mono 48 kbit/s). SSIM : chaque vidéo contre le "
        f"master ramené à sa taille (filtre `ssim` de ffmpeg) ; cible ≥ {SSIM_FLOOR}. Temps : "
        f"cible ≤ {TIME_FACTOR:g} × la durée du master.",
        "",
        f"Règle du choix : parmi les réglages en un passage qui tiennent les deux cibles avec "
        f"une marge (calcul / cœurs ≤ {TIME_FACTOR * TIME_MARGIN:g} × la durée : la cible "
        f"tient encore si d'autres prennent la moitié de la machine ; SSIM ≥ "
        f"{SSIM_FLOOR + SSIM_MARGIN:g} : un vrai master peut être plus difficile), celui qui "
        "produit le moins d'octets.",
        "",
        "| Réglage | Réel (s) | Calcul (s) | Calcul / cœurs (s) | × durée (réel) "
        "| × durée (calcul / cœurs) | Charge avant → après | SSIM 480p | SSIM 720p WebM "
        "| SSIM 720p MP4 | Poids total (Mo) |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for measure in measures:
        per_core = measure.cpu / cores
        mark = " **(choisi par la règle)**" if measure is picked else ""
        if measure.candidate.presets == chosen and not measure.candidate.one_run_per_file:
            mark += " **(réglage par défaut)**"
        ssim_of = {name.split("video-")[1]: value for name, value in measure.ssim.items()}
        lines.append(
            f"| {measure.candidate.label}{mark} | {measure.wall:.1f} | {measure.cpu:.1f} "
            f"| {per_core:.1f} | {measure.wall / duration:.2f} | {per_core / duration:.2f} "
            f"| {measure.load_before[0]:.1f} → {measure.load_after[0]:.1f} "
            f"| {ssim_of.get('480p.webm', 0):.4f} | {ssim_of.get('720p.webm', 0):.4f} "
            f"| {ssim_of.get('720p.mp4', 0):.4f} | {sum(measure.sizes.values()) / 1e6:.2f} |"
        )
    before = next((m for m in measures if m.candidate.one_run_per_file), None)
    if picked is not None and before is not None:
        lines += [
            "",
            f"Retenu : {picked.candidate.label}. Calcul / cœurs : "
            f"{picked.cpu / cores / duration:.2f} × la durée du master (avant : "
            f"{before.cpu / cores / duration:.2f} ×), soit {picked.cpu / before.cpu:.0%} du "
            f"calcul d'avant ; SSIM au plus bas {min(picked.ssim.values()):.4f} (avant : "
            f"{min(before.ssim.values()):.4f}) ; {sum(picked.sizes.values()) / 1e6:.2f} Mo "
            f"au total (avant : {sum(before.sizes.values()) / 1e6:.2f} Mo).",
        ]
    lines += ["", "Poids par fichier (ko) :", ""]
    names = list(measures[0].sizes)
    lines.append("| Réglage | " + " | ".join(names) + " |")
    lines.append("|---|" + "---:|" * len(names))
    for measure in measures:
        lines.append(
            f"| {measure.candidate.label} | "
            + " | ".join(f"{measure.sizes[name] / 1000:.0f}" for name in names)
            + " |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Mesure la durée et la qualité de l'encodage de `episodes media`."
    )
    # 12 s by default: ffmpeg's mandelbrot source draws 1080p on one core, some 20 s of
    # computing per second of master, so a 60 s master alone takes over 10 minutes.
    parser.add_argument("--duree", type=int, default=12, help="durée du master en secondes")
    parser.add_argument(
        "--reglages",
        default="",
        help="numéros des réglages à mesurer, séparés par des virgules (tous par défaut)",
    )
    parser.add_argument("--write", action="store_true", help="écrit bench/encoding.md")
    args = parser.parse_args(argv)
    chosen = [CANDIDATES[int(n)] for n in args.reglages.split(",")] if args.reglages else CANDIDATES
    with tempfile.TemporaryDirectory(prefix="bench-encodage-") as folder:
        root = Path(folder)
        print(f"Master de {args.duree} s…", flush=True)
        master = make_master(root, args.duree)
        duration = probe(master).duration
        measures = []
        for index, candidate in enumerate(chosen):
            print(f"{candidate.label}…", flush=True)
            measure = run_candidate(master, candidate, root / f"c{index}")
            print(
                f"  réel {measure.wall:.1f} s, calcul {measure.cpu:.1f} s, "
                f"SSIM {', '.join(f'{v:.4f}' for v in measure.ssim.values())}",
                flush=True,
            )
            measures.append(measure)
        text = report(measures, duration, master.stat().st_size)
    print(text)
    if args.write:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"Écrit : {RESULTS}")
    return 0
