"""Timed builds: wall time, peak memory of the build and of its children, profiling.

Each build runs MkDocs' command line in a fresh process, in its own process group, the
way `make build` would, with our cache folder (posters, compiled templates) already
filled, as for any rebuild.
"""

from __future__ import annotations

import os
import pstats
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs_episodes.build.images import poster_variants

from .repository import poster_sources
from .tree_memory import TreeMemory, TreeSampler

# A single build may be slow: the bare Material site takes some ten minutes at N=5000
# on a quiet two-core machine, and twice that when the machine is shared. Reported
# rather than given up early.
BUILD_TIMEOUT = 45 * 60

# Runs mkdocs' CLI in-process and records, at exit, the peak resident memory of this very
# process in kilobytes. VmHWM rather than getrusage's ru_maxrss: Linux carries ru_maxrss
# over fork and exec, so a child would report at least the size of the process that
# started it (this benchmark).
_WRAPPER = """
import atexit, sys
def _report():
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(sys.argv[1], "w") as out:
        out.write(peak)
atexit.register(_report)
from mkdocs.__main__ import cli
cli(sys.argv[2:], prog_name="mkdocs")
"""


@dataclass
class BuildRun:
    ok: bool
    seconds: float
    memory_kb: int = 0
    children_kb: int = 0
    output: str = ""
    # Wall times of every run when the build was repeated.
    repeats: list[float] = field(default_factory=list)
    # Every process of the build summed at each instant (MkDocs, workers, Pagefind).
    tree: TreeMemory = field(default_factory=TreeMemory)


def environment(cache: Path) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "EPISODES_CACHE_DIR": str(cache)}
    for name in ("SITE_URL", "EPISODES_DRAFTS"):
        env.pop(name, None)
    return env


def _run(
    command: list[str], cwd: Path, env: dict[str, str]
) -> tuple[int | None, float, str, TreeMemory]:
    """Run a command in its own process group; kill that group on timeout.

    Returns the exit code (None on timeout), the wall time, the output and the memory
    of the whole process group.
    """
    started = time.perf_counter()
    with subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    ) as process:
        sampler = TreeSampler(process.pid)
        sampler.start()
        try:
            output, _ = process.communicate(timeout=BUILD_TIMEOUT)
            code: int | None = process.returncode
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate()
            code = None
        finally:
            sampler.done.set()
            sampler.join()
    return code, time.perf_counter() - started, output, sampler.peak


def build(project: Path, site: Path, env: dict[str, str]) -> BuildRun:
    usage_file = project.parent / f"{project.name}-memoire.txt"
    command = [sys.executable, "-c", _WRAPPER, str(usage_file), "build", "-q", "-d", str(site)]
    returncode, seconds, output, tree = _run(command, project, env)
    if returncode is None:
        return BuildRun(False, seconds, output=f"délai de {BUILD_TIMEOUT} s dépassé\n{output}")
    memory_kb = int(usage_file.read_text()) if usage_file.is_file() else 0
    return BuildRun(returncode == 0, seconds, memory_kb, tree.child_kb, output, tree=tree)


def best_builds(projects: list[Path], env: dict[str, str], repeats: list[int]) -> list[BuildRun]:
    """The fastest of `repeats[i]` builds of project i, each into a fresh folder; the
    sites of each project's last build stay, as `site`.

    Other programs on the machine slow a run down, never speed it up, and their load comes
    and goes over minutes: the projects take turns, so that each round measures them
    under the same conditions, rather than one project's runs all in a slow spell.

    No site is deleted before the bench's end: on a file system without a journal (this
    machine's ext4), Linux will not reuse a file number freed in the last minutes, and
    checks every such number before taking a free one. A build just after deleting the
    last one's 10,000 files paid one to two seconds for it, the more so the more files
    it writes: a cost of the bench, not of either site. And each build starts once what
    the previous ones wrote is on disk: the kernel would otherwise write a baseline
    site's 400 MB back while the next build runs, and charge it that time.
    """
    runs: list[list[BuildRun]] = [[] for _ in projects]
    for turn in range(1, max(repeats) + 1):
        for project, done, repeat in zip(projects, runs, repeats, strict=True):
            if turn > repeat or (done and not done[-1].ok):
                continue
            os.sync()
            done.append(build(project, project / f"site-{turn}", env))
    for project, done in zip(projects, runs, strict=True):
        if (project / f"site-{len(done)}").is_dir():
            (project / f"site-{len(done)}").rename(project / "site")
    best = []
    for done in runs:
        if not done[-1].ok:
            best.append(done[-1])
            continue
        fastest = min(done, key=lambda run: run.seconds)
        fastest.repeats = [run.seconds for run in done]
        best.append(fastest)
    return best


def profile_build(project: Path, site: Path, env: dict[str, str], out: Path) -> BuildRun:
    command = [sys.executable, "-m", "cProfile", "-o", str(out)]
    command += ["-m", "mkdocs", "build", "-q", "-d", str(site)]
    returncode, seconds, output, _ = _run(command, project, env)
    return BuildRun(returncode == 0, seconds, output=output)


def loads() -> str:
    """The machine's load averages over 1, 5 and 15 minutes, as `uptime` shows them: the
    durations are only comparable within a run on a loaded machine."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def warm_poster_cache(cache: Path) -> None:
    """Encode the posters' WebP variants once, so that no timed build pays for it: where
    the plugin keeps them, `posters/` in its cache_dir (EPISODES_CACHE_DIR, below)."""
    for source in poster_sources():
        poster_variants(source, cache / "posters")


def _short(path: str) -> str:
    """A profiled file without its installation prefix: `mkdocs/commands/build.py`."""
    for marker in ("site-packages/", "/src/", "/nous/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return re.sub(r"^.*/lib/python3\.\d+/", "", path)


def profile_report(out: Path, top: int = 25) -> str:
    stats = pstats.Stats(str(out))
    entries: Iterator[tuple[Any, Any]] = iter(stats.stats.items())  # type: ignore[attr-defined]
    rows = [
        (cumulative, own, calls, f"{_short(file)}:{line}({name})")
        for (file, line, name), (_, calls, own, cumulative, _) in entries
    ]
    total = stats.total_tt  # type: ignore[attr-defined]
    lines = [f"Durée totale profilée : {total:.1f} s", ""]
    ours = [row for row in rows if row[3].startswith("mkdocs_episodes/")]
    for title, selection, key, count in (
        ("par temps cumulé", rows, 0, top),
        ("par temps propre", rows, 1, 15),
        ("du paquet mkdocs_episodes, par temps cumulé", ours, 0, 20),
    ):
        lines += [
            f"{count} premières entrées {title} :",
            f"{'cumulé (s)':>11} {'propre (s)':>11} {'appels':>9}  fonction",
        ]
        for cumulative, own, calls, where in sorted(selection, key=lambda r: -r[key])[:count]:
            lines.append(f"{cumulative:11.2f} {own:11.2f} {calls:9d}  {where}")
        lines.append("")
    return "\n".join(lines)
