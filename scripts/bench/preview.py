"""The publisher's preview: from saving a file to seeing the new text in the browser.

For our site and for a plain Material site of the same text (`projects`), at N=1000:
`mkdocs serve --strict` runs on a free loopback port, Chromium (Playwright) opens the
page being edited with live reload active, then, five times each, the bench saves a
change and measures the time from the file's write to the page showing the new text
(`wait_for_function` on the DOM, polled at every frame, after live reload reloaded it):

- a new title in one episode's YAML (plain Material: the same title in the first heading
  of that episode's Markdown page);
- a new sentence at the end of one doctrine page (plain Material: the same sentence at
  the end of that episode's Markdown page, its only kind of page).

The server's own log gives how long each rebuild took (« Documentation built in »); the
rest is the watcher's polling (every 0.5 s), its settling delay, and the reload.

A rebuild of ours is also profiled (cProfile, in-process, as `mkdocs serve` rebuilds:
same configuration, site folder and plugin instance), phase by phase.
"""

from __future__ import annotations

import contextlib
import os
import pstats
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_episodes.core import urls

from .browser import CHROMIUM, CHROMIUM_ARGS
from .projects import write_baseline_project, write_our_project
from .repository import doctrine_pages
from .runs import environment
from .synthetic import SyntheticEpisode

SIZE = 1000
EDITS = 5
TARGET_SECONDS = 2.0
# The first build of a 1,000-page plain Material site takes a minute or more on a
# loaded machine; each rebuild as long.
START_TIMEOUT = 15 * 60
CHANGE_TIMEOUT = 10 * 60
_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


@dataclass
class EditTimes:
    """One kind of edit on one site: seconds from the save to the new text on screen,
    and the rebuild's own duration as the server logged it."""

    shown: list[float] = field(default_factory=list)
    built: list[float] = field(default_factory=list)
    failure: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.shown) if self.shown else None

    @property
    def built_median(self) -> float | None:
        return statistics.median(self.built) if self.built else None


@dataclass
class PreviewResult:
    episode_ours: EditTimes
    episode_base: EditTimes
    doctrine_ours: EditTimes
    doctrine_base: EditTimes
    first_build: dict[str, float] = field(default_factory=dict)
    load: list[str] = field(default_factory=list)
    profile: str = ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


@contextlib.contextmanager
def _serving(project: Path, env: dict[str, str], log: Path) -> Iterator[str]:
    """`mkdocs serve --strict` on a free port, as `make serve` runs it, until the block
    ends; its whole process group stopped then."""
    port = _free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--strict"]
    command += ["--dev-addr", f"127.0.0.1:{port}"]
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            command,
            cwd=project,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while "Serving on" not in log.read_text(encoding="utf-8"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(log.read_text(encoding="utf-8")[-3000:])
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _built_times(log: Path) -> list[float]:
    return [float(value) for value in _BUILT.findall(log.read_text(encoding="utf-8"))]


def _measure_edits(
    browser: object,
    base: str,
    url: str,
    log: Path,
    edit: Callable[[int], str],
) -> EditTimes:
    """`edit(i)` saves the i-th change and returns the text it makes appear."""
    times = EditTimes()
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(base + url, wait_until="load")
        # The live-reload script has opened its long poll once the page has loaded.
        page.wait_for_timeout(1000)
        for index in range(1, EDITS + 1):
            builds = len(_built_times(log))
            started = time.perf_counter()
            text = edit(index)
            page.wait_for_function(
                "t => document.body && document.body.innerText.includes(t)",
                arg=text,
                polling="raf",
                timeout=CHANGE_TIMEOUT * 1000,
            )
            times.shown.append(time.perf_counter() - started)
            # The rebuild's duration, once the server has logged it.
            deadline = time.monotonic() + 30
            while len(_built_times(log)) <= builds and time.monotonic() < deadline:
                time.sleep(0.05)
            if len(found := _built_times(log)) > builds:
                times.built.append(found[-1])
            # Whatever the build still does after the page shows (nothing, for a plain
            # MkDocs build) ends before the next save.
            page.wait_for_timeout(1500)
    except Exception as error:
        times.failure = str(error).splitlines()[0][:300]
    finally:
        page.close()
    return times


def _replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise RuntimeError(f"{path} : « {old} » introuvable")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append_to(path: Path, sentence: str) -> None:
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(f"{text}\n\n{sentence}\n", encoding="utf-8")


def run_preview(
    root: Path, episodes: list[SyntheticEpisode], cache: Path, say: Callable[[str], None]
) -> PreviewResult:
    from playwright.sync_api import sync_playwright

    folder = root / "apercu"
    ours, base = folder / "nous", folder / "base"
    write_our_project(ours, episodes[:SIZE])
    write_baseline_project(base, episodes[:SIZE])
    # A publisher's files are older than the server: a file saved less than two seconds
    # before it is read is read again at the next rebuild (core/episode_memo.py).
    time.sleep(3)
    env = environment(cache)
    episode = episodes[: min(SIZE, len(episodes))][len(episodes[:SIZE]) // 2]
    doctrine = sorted(doctrine_pages())[0]
    result = PreviewResult(EditTimes(), EditTimes(), EditTimes(), EditTimes())
    result.load.append(_load())
    ours_yaml = ours / "episodes" / f"{episode.slug}.yml"
    ours_doctrine = ours / "docs" / doctrine
    base_page = base / "docs" / urls.EPISODES / f"{episode.slug}.md"
    page_url = f"{urls.EPISODES.rstrip('/')}/{episode.slug}/"
    doctrine_url = doctrine.removesuffix(".md") + "/"

    def retitle(path: Path, markup: str) -> Callable[[int], str]:
        """`markup`: what precedes the title in the file (`# ` in Markdown)."""
        current = [markup + episode.title]

        def edit(index: int) -> str:
            title = f"Titre modifié {index} {episode.title}"
            _replace_in(path, current[0], markup + title)
            current[0] = markup + title
            return title

        return edit

    def add_sentence(path: Path) -> Callable[[int], str]:
        def edit(index: int) -> str:
            sentence = f"Phrase ajoutée pendant l'aperçu, numéro {index}."
            _append_to(path, sentence)
            return sentence

        return edit

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, project in (("nous", ours), ("base", base)):
                log = folder / f"serve-{name}.log"
                say(f"[aperçu] mkdocs serve de {'notre site' if name == 'nous' else 'la base'}…")
                started = time.perf_counter()
                with _serving(project, env, log) as served:
                    result.first_build[name] = time.perf_counter() - started
                    if name == "nous":
                        result.episode_ours = _measure_edits(
                            browser,
                            served,
                            page_url,
                            log,
                            retitle(ours_yaml, ""),
                        )
                        result.doctrine_ours = _measure_edits(
                            browser, served, doctrine_url, log, add_sentence(ours_doctrine)
                        )
                    else:
                        result.episode_base = _measure_edits(
                            browser,
                            served,
                            page_url,
                            log,
                            retitle(base_page, "# "),
                        )
                        result.doctrine_base = _measure_edits(
                            browser, served, page_url, log, add_sentence(base_page)
                        )
                result.load.append(_load())
        finally:
            browser.close()
    say("[aperçu] profil d'une reconstruction de notre site…")
    result.profile = profile_rebuild(ours, env, folder)
    return result


# One rebuild as `mkdocs serve` makes it: the configuration loaded again into the same
# temporary site folder, the plugin instance kept (it defines on_startup), dirty off.
_REBUILD = """
import cProfile, sys, threading
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
site = sys.argv[3]
url = "http://127.0.0.1:8000/"
def config():
    loaded = load_config(config_file="mkdocs.yml", site_dir=site, strict=True)
    loaded.site_url = url
    return loaded
first = config()
first.plugins.on_startup(command="serve", dirty=False)
build(first, serve_url=url)
# mkdocs serve's server and file watcher run in threads of their own: rebuilds then keep
# their work in this process, as under a real server.
threading.Thread(target=threading.Event().wait, daemon=True).start()
episode = Path(sys.argv[2])
episode.write_text(episode.read_text(encoding="utf-8").replace("title: ", "title: Profil ", 1),
                   encoding="utf-8")
profiler = cProfile.Profile()
profiler.enable()
build(config(), serve_url=url)
profiler.disable()
profiler.dump_stats(sys.argv[1])
"""

# The phases of a rebuild, by the function that holds each, cumulative time.
PHASES = (
    ("Construction entière", "mkdocs/commands/build.py", "build"),
    ("Configuration (on_config)", "mkdocs/plugins.py", "on_config"),
    ("Lecture et vérification des épisodes (on_pre_build)", "mkdocs/plugins.py", "on_pre_build"),
    ("dont lecture des fichiers d'épisodes", "core/loader.py", "read_episodes"),
    ("Nettoyage du dossier du site", "mkdocs/utils/__init__.py", "clean_directory"),
    ("Fichiers de la série : pages, flux, API (on_files)", "mkdocs/plugins.py", "on_files"),
    ("dont flux et données (publications)", "core/publications.py", "publish"),
    ("Navigation (on_nav)", "mkdocs/structure/nav.py", "get_navigation"),
    ("Markdown de chaque page (_populate_page)", "mkdocs/commands/build.py", "_populate_page"),
    ("dont transcriptions (on_page_content)", "mkdocs/plugins.py", "on_page_content"),
    ("Copie des fichiers statiques", "mkdocs/structure/files.py", "copy_static_files"),
    ("Gabarits de chaque page (_build_page)", "mkdocs/commands/build.py", "_build_page"),
    ("Post-construction (on_post_build)", "mkdocs/plugins.py", "on_post_build"),
    ("dont lecture, CSP, compression, mesure", "build/session.py", "_post_build"),
    ("dont Pagefind (fin de l'index)", "build/pagefind.py", "finish"),
)


def profile_rebuild(project: Path, env: dict[str, str], folder: Path) -> str:
    out = folder / "reconstruction.prof"
    edited = sorted((project / "episodes").glob("*.yml"))[0]
    started = time.perf_counter()
    run = subprocess.run(
        # The site inside the bench's folder, deleted with it.
        [sys.executable, "-c", _REBUILD, str(out), str(edited), str(folder / "site-profil")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=CHANGE_TIMEOUT,
        check=False,
    )
    if run.returncode != 0 or not out.is_file():
        return "Profil indisponible :\n\n```\n" + (run.stdout + run.stderr)[-3000:] + "\n```"
    stats = pstats.Stats(str(out))
    found: dict[tuple[str, str], float] = {}
    entries = stats.stats.items()  # type: ignore[attr-defined]
    for (file, _line, name), (_calls, _primitive, _own, cumulative, _callers) in entries:
        for _label, suffix, function in PHASES:
            if name == function and file.endswith(suffix):
                found[(suffix, function)] = found.get((suffix, function), 0.0) + cumulative
    lines = [
        f"Profil (cProfile, qui ralentit tout) d'une reconstruction de notre site à N={SIZE} "
        f"après le changement du titre d'un épisode, dans le même processus que la "
        f"construction précédente, comme sous `mkdocs serve` "
        f"({time.perf_counter() - started:.0f} s en tout, première construction comprise) :",
        "",
        "| Étape | Durée cumulée (s, sous cProfile) |",
        "|---|---:|",
    ]
    for label, suffix, function in PHASES:
        seconds = found.get((suffix, function))
        lines.append(f"| {label} | {'–' if seconds is None else f'{seconds:.2f}'} |")
    return "\n".join(lines)


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _runs(times: EditTimes) -> str:
    return " ; ".join(f"{value:.2f}" for value in times.shown) or "–"


def preview_report(result: PreviewResult) -> str:
    """The bench/results.md section, in French."""
    rows = (
        ("Titre d'un épisode (YAML)", result.episode_ours, result.episode_base),
        ("Phrase d'une page de doctrine", result.doctrine_ours, result.doctrine_base),
    )
    lines = [
        f"## Aperçu de l'éditeur (`mkdocs serve`) à N={SIZE}",
        "",
        f"Méthode : `mkdocs serve --strict` sur un port local, pour notre site et pour le "
        f"site Material de base du même texte ; Chromium (Playwright) ouvre la page "
        f"modifiée, rechargement automatique actif ; {EDITS} fois de suite, le banc "
        "enregistre une modification et mesure le temps entre l'écriture du fichier et "
        "l'apparition du nouveau texte dans la page (`wait_for_function` sur le DOM, à "
        "chaque image). Modifications : un nouveau titre dans le YAML d'un épisode (base : "
        "le même titre dans le premier titre de la page Markdown de l'épisode) ; une phrase "
        "ajoutée à une page de doctrine (base : à la page de l'épisode, seule sorte de page "
        "de la base). « Reconstruction » : la durée que le serveur journalise "
        "(« Documentation built in ») ; le reste est la surveillance des fichiers "
        "(interrogés toutes les 0,5 s), son délai d'attente et le rechargement.",
        "",
        f"Première construction par `mkdocs serve` (jusqu'à « Serving on ») : notre site "
        f"{result.first_build.get('nous', 0):.1f} s, base "
        f"{result.first_build.get('base', 0):.1f} s. Charge de la machine (1 / 5 / 15 min) "
        f"avant, entre et après : {' ; '.join(result.load)}.",
        "",
        "| Modification | Notre site : médiane (s) | Base : médiane (s) | Rapport nous / base "
        "| Notre reconstruction : médiane (s) | Base : reconstruction (s) "
        f"| Objectif ≤ {TARGET_SECONDS:.0f} s |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for label, ours, base in rows:
        ratio = (
            f"{ours.median / base.median:.2f}" if ours.median is not None and base.median else "–"
        )
        met = (
            "–"
            if ours.median is None
            else ("atteint" if ours.median <= TARGET_SECONDS else "non atteint")
        )
        lines.append(
            f"| {label} | {_cell(ours.median)} | {_cell(base.median)} | {ratio} "
            f"| {_cell(ours.built_median)} | {_cell(base.built_median)} | {met} |"
        )
    lines += ["", "Chaque mesure (s) :", ""]
    for label, ours, base in rows:
        lines.append(f"- {label} : notre site {_runs(ours)} ; base {_runs(base)}.")
        for side, times in (("notre site", ours), ("base", base)):
            if times.failure:
                lines.append(f"  - {side} : mesure interrompue : {times.failure}")
    if result.profile:
        lines += ["", result.profile]
    return "\n".join(lines) + "\n"
